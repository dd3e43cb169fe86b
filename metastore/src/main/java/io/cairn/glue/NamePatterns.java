package io.cairn.glue;

/**
 * Glue's name filters (GetTables' Expression, GetUserDefinedFunctions' Pattern) are regular
 * expressions; Cairn's store matches Hive's name patterns in SQL. The forms clients send translate
 * exactly: {@code .*} and {@code *} match any run of characters, {@code .} one character, {@code |}
 * separates alternatives, and letters, digits and {@code _ -} match themselves. Anything else of
 * the regular expression language is refused with a message rather than matched differently.
 */
final class NamePatterns {
  private NamePatterns() {}

  /** The Hive pattern for {@code expression}, or null (all names) when it is null or empty. */
  static String fromRegularExpression(GlueRequest request, String field, String expression) {
    if (expression == null || expression.isEmpty()) {
      return null;
    }
    String pattern = expression.replace(".*", "*");
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (!(Character.isLetterOrDigit(c)
          || c == '_'
          || c == '-'
          || c == '*'
          || c == '.'
          || c == '|'
          || c == ' ')) {
        throw request.invalid(
            field,
            expression,
            "Cairn matches names with '*' or '.*' (any characters), '.' (one character) and '|'"
                + " (alternatives) only; '"
                + c
                + "' is not supported");
      }
    }
    return pattern;
  }
}
