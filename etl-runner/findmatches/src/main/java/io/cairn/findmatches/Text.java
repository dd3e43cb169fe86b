package io.cairn.findmatches;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Normalizing, tokenizing and parsing record values. */
final class Text {
  private Text() {}

  static String asString(Object value) {
    return value == null ? null : value.toString();
  }

  /**
   * Lower case, accents removed, anything but letters and digits as one space; null for a missing
   * or blank value.
   */
  static String normalize(String value) {
    if (value == null) {
      return null;
    }
    String decomposed = Normalizer.normalize(value, Normalizer.Form.NFD);
    StringBuilder builder = new StringBuilder(decomposed.length());
    boolean space = false;
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      if (Character.isLetterOrDigit(c)) {
        if (space && builder.length() > 0) {
          builder.append(' ');
        }
        space = false;
        builder.append(Character.toLowerCase(c));
      } else {
        space = true;
      }
    }
    return builder.length() == 0 ? null : builder.toString().toLowerCase(Locale.ROOT);
  }

  /** The words of a normalized value (one-character words carry no evidence). */
  static List<String> words(String normalized) {
    List<String> words = new ArrayList<>();
    if (normalized == null) {
      return words;
    }
    for (String word : normalized.split(" ")) {
      if (word.length() >= 2) {
        words.add(word);
      }
    }
    return words;
  }

  /** Distinct padded character bigrams, each as one int, sorted. */
  static int[] bigrams(String normalized) {
    if (normalized == null) {
      return new int[0];
    }
    String padded = "^" + normalized + "$";
    int[] grams = new int[padded.length() - 1];
    for (int i = 0; i < grams.length; i++) {
      grams[i] = (padded.charAt(i) << 16) | padded.charAt(i + 1);
    }
    Arrays.sort(grams);
    int distinct = 0;
    for (int i = 0; i < grams.length; i++) {
      if (i == 0 || grams[i] != grams[i - 1]) {
        grams[distinct++] = grams[i];
      }
    }
    return Arrays.copyOf(grams, distinct);
  }

  static double parseNumber(String normalized) {
    if (normalized == null) {
      return Double.NaN;
    }
    String compact = normalized.replace(" ", ".");
    if (compact.isEmpty() || compact.length() > 24) {
      return Double.NaN;
    }
    for (int i = 0; i < compact.length(); i++) {
      char c = compact.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '.') {
        return Double.NaN;
      }
    }
    try {
      return Double.parseDouble(compact);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * A date as days since the epoch, from {@code yyyyMMdd} or {@code yyyy-MM-dd} (with any
   * separators, and a time after it), or {@link Integer#MIN_VALUE} when the value is no date.
   */
  static int parseEpochDay(String normalized) {
    if (normalized == null) {
      return Integer.MIN_VALUE;
    }
    String[] parts = normalized.split(" ");
    String digits;
    if (parts[0].length() == 8) {
      digits = parts[0];
    } else if (parts.length >= 3
        && parts[0].length() == 4
        && parts[1].length() <= 2
        && parts[2].length() <= 2) {
      digits = parts[0] + pad(parts[1]) + pad(parts[2]);
    } else {
      return Integer.MIN_VALUE;
    }
    for (int i = 0; i < 8; i++) {
      if (!Character.isDigit(digits.charAt(i))) {
        return Integer.MIN_VALUE;
      }
    }
    int year = Integer.parseInt(digits.substring(0, 4));
    if (year < 1800 || year > 2200) {
      return Integer.MIN_VALUE;
    }
    try {
      return (int)
          LocalDate.of(
                  year,
                  Integer.parseInt(digits.substring(4, 6)),
                  Integer.parseInt(digits.substring(6, 8)))
              .toEpochDay();
    } catch (DateTimeException e) {
      return Integer.MIN_VALUE;
    }
  }

  private static String pad(String part) {
    return part.length() == 1 ? "0" + part : part;
  }
}
