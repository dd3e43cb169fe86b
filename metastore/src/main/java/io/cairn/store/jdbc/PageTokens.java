package io.cairn.store.jdbc;

import io.cairn.catalog.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Keyset page tokens: the sort key of the last row of the previous page, so that the next page is a
 * range scan ({@code WHERE key > ?}) however deep the listing goes. Opaque to clients.
 */
final class PageTokens {
  private static final String PREFIX = "k1:";

  private PageTokens() {}

  static String encode(String lastKey) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + lastKey).getBytes(StandardCharsets.UTF_8));
  }

  /** The key after which the page starts, or null for the first page. */
  static String decode(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ValidationException("invalid page token");
    }
    if (!decoded.startsWith(PREFIX)) {
      throw new ValidationException("invalid page token");
    }
    return decoded.substring(PREFIX.length());
  }
}
