package io.cairn.store.jdbc;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.BoundPredicate.ValueKind;
import io.cairn.catalog.filter.KeyRange;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Page tokens of listings in the order of one partition key's value: the key's position, the value
 * and the partition id of the last row of the previous page, so that the next page is a range scan
 * of the key's index that starts right after it. Opaque to clients; a token of another listing (a
 * name-ordered one, or one ordered by another key) is refused rather than misread.
 */
final class KeyPageTokens {
  private static final String PREFIX = "x1:";

  private KeyPageTokens() {}

  /** Where a page ends: the key's value (a String or a BigDecimal) and the partition id. */
  record Position(Object keyValue, long partitionId) {
    Position {
      requireNonNull(keyValue, "keyValue is null");
    }
  }

  /**
   * The token after the row with {@code keyValue} (as the database returned it) and {@code
   * partitionId}.
   */
  static String encode(KeyRange range, Object keyValue, long partitionId) {
    String value;
    if (isText(range)) {
      value = (String) keyValue;
    } else if (keyValue instanceof BigDecimal number) {
      value = number.toString();
    } else if (keyValue instanceof Double number) {
      // SQLite's REAL; this text converts back to the same double.
      value = BigDecimal.valueOf(number).toString();
    } else {
      value = new BigDecimal(keyValue.toString()).toString();
    }
    String token =
        PREFIX
            + range.keyIndex()
            + ":"
            + (isText(range) ? "s" : "n")
            + ":"
            + partitionId
            + ":"
            + value;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  /** Where the previous page ended, or null for the first page. */
  static Position decode(String token, KeyRange range) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!decoded.startsWith(PREFIX)) {
      throw invalid();
    }
    String[] parts = decoded.substring(PREFIX.length()).split(":", 4);
    if (parts.length != 4
        || !parts[0].equals(Integer.toString(range.keyIndex()))
        || !parts[1].equals(isText(range) ? "s" : "n")) {
      throw invalid();
    }
    long partitionId;
    Object value;
    try {
      partitionId = Long.parseLong(parts[2]);
      value = isText(range) ? parts[3] : new BigDecimal(parts[3]);
    } catch (NumberFormatException e) {
      throw invalid();
    }
    return new Position(value, partitionId);
  }

  private static boolean isText(KeyRange range) {
    return range.kind() == ValueKind.STRING;
  }

  private static ValidationException invalid() {
    return new ValidationException(
        "invalid page token: it does not belong to this listing; start again without it");
  }
}
