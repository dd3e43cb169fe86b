package io.cairn.projection;

/** Hive's escaping of partition column names and values in directory names. */
final class HivePaths {
  private HivePaths() {}

  /** {@code text} with each character Hive escapes in a path written as {@code %XX}. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (needsEscape(c)) {
        escaped.append('%').append(String.format("%02X", (int) c));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static boolean needsEscape(char c) {
    return c < ' ' || c == 0x7F || "\"#%'*/:=?\\{[]^".indexOf(c) >= 0;
  }
}
