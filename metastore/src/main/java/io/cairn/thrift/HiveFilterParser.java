package io.cairn.thrift;

import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.PartitionPredicate;
import io.cairn.catalog.filter.PartitionPredicate.Operator;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the filter of Hive's {@code get_partitions_by_filter} and {@code
 * get_num_partitions_by_filter} (Hive 4.0's metastore {@code Filter.g}), plus a prefix NOT.
 *
 * <pre>
 * filter     := or
 * or         := and ( OR and )*
 * and        := not ( AND not )*
 * not        := NOT not
 *             | '(' key ')' [NOT] IN list                -- Hive's own spelling of IN
 *             | '(' or ')'
 *             | condition
 * condition  := key operator value
 *             | value operator key                       -- flipped to key operator value
 *             | key LIKE string
 *             | key [NOT] BETWEEN value AND value
 *             | key [NOT] IN list
 * operator   := '=' | '&lt;&gt;' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;='
 * list       := '(' value ( ',' value )* ')'
 * value      := "string" | 'string' | [-] digits | yyyy-MM-dd
 *             | DATE string | TIMESTAMP string
 * key        := identifier | `quoted`                    -- `` in a quoted key is one `
 * </pre>
 *
 * <p>Keywords are case-insensitive; {@code date} and {@code timestamp} are keywords only before a
 * string, so keys of those names need no quoting. As in Hive, a backslash in a string keeps the
 * next character from ending it and both stay in the value: Hive does not unescape strings, and
 * Spark, which quotes values with whichever quote they do not contain, relies on that for values
 * with backslashes. Hive's LIKE takes a Java regular expression matched against the whole value;
 * the forms that have a SQL LIKE equivalent are translated ({@code .*}, {@code .+}, {@code .},
 * backslash-escaped characters), any other construct is rejected. Positions in error messages count
 * characters from 1.
 */
final class HiveFilterParser {
  static final int MAX_FILTER_LENGTH = 64 * 1024;

  /** Bounds the parser's recursion (parentheses and NOTs) far below a stack overflow. */
  static final int MAX_NESTING_DEPTH = 100;

  private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN", "LIKE");

  private static final DateTimeFormatter TIMESTAMP_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  private final List<Token> tokens;
  private int index;
  private int depth;

  private HiveFilterParser(String filter) {
    this.tokens = new Lexer(filter).tokens();
  }

  /**
   * The filter tree of a Hive partition filter, or null when {@code filter} is null or blank, which
   * means every partition.
   *
   * @throws ValidationException naming the position and what was expected when the filter is
   *     malformed, longer than 64 KiB or nested deeper than 100 levels, or its LIKE pattern uses a
   *     regular expression construct that SQL LIKE cannot express
   */
  static PartitionPredicate parse(String filter) {
    if (filter == null || filter.isBlank()) {
      return null;
    }
    if (filter.length() > MAX_FILTER_LENGTH) {
      throw new ValidationException(
          "The filter has "
              + filter.length()
              + " characters; at most "
              + MAX_FILTER_LENGTH
              + " are allowed");
    }
    HiveFilterParser parser = new HiveFilterParser(filter);
    PartitionPredicate result = parser.parseOr();
    if (parser.token().type() != TokenType.END) {
      throw parser.unexpected("AND, OR or the end of the filter");
    }
    return result;
  }

  private PartitionPredicate parseOr() {
    List<PartitionPredicate> terms = new ArrayList<>();
    terms.add(parseAnd());
    while (acceptKeyword("OR")) {
      terms.add(parseAnd());
    }
    return terms.size() == 1 ? terms.get(0) : new PartitionPredicate.Or(terms);
  }

  private PartitionPredicate parseAnd() {
    List<PartitionPredicate> terms = new ArrayList<>();
    terms.add(parseNot());
    while (acceptKeyword("AND")) {
      terms.add(parseNot());
    }
    return terms.size() == 1 ? terms.get(0) : new PartitionPredicate.And(terms);
  }

  private PartitionPredicate parseNot() {
    if (isKeyword(token(), "NOT")) {
      enterNesting();
      index++;
      PartitionPredicate term = parseNot();
      depth--;
      return new PartitionPredicate.Not(term);
    }
    if (token().type() == TokenType.LEFT_PARENTHESIS) {
      if (isParenthesizedInKey()) {
        index++;
        String key = token().text();
        index += 2;
        return parseIn(key);
      }
      enterNesting();
      index++;
      PartitionPredicate term = parseOr();
      expect(TokenType.RIGHT_PARENTHESIS, "')'");
      depth--;
      return term;
    }
    return parseCondition();
  }

  /** At {@code ( key ) IN} or {@code ( key ) NOT IN}, the form Hive's grammar has for IN. */
  private boolean isParenthesizedInKey() {
    if (!isKey(1) || peek(2).type() != TokenType.RIGHT_PARENTHESIS) {
      return false;
    }
    Token next = peek(3);
    return isKeyword(next, "IN") || (isKeyword(next, "NOT") && isKeyword(peek(4), "IN"));
  }

  private void enterNesting() {
    if (++depth > MAX_NESTING_DEPTH) {
      throw new ValidationException(
          "The filter nests deeper than "
              + MAX_NESTING_DEPTH
              + " levels at position "
              + token().position());
    }
  }

  private PartitionPredicate parseCondition() {
    Token first = token();
    if (!isKey(0)) {
      String literal = literal("a partition key or a value");
      Operator operator = comparisonOperator();
      if (operator == null) {
        if (isKeyword(token(), "LIKE")) {
          throw new ValidationException(
              "LIKE at position "
                  + token().position()
                  + " needs the partition key on its left and the pattern on its right");
        }
        throw unexpected("a comparison operator");
      }
      index++;
      if (!isKey(0)) {
        throw unexpected("a partition key");
      }
      String key = token().text();
      index++;
      return new PartitionPredicate.Comparison(key, flip(operator), literal);
    }
    String key = first.text();
    index++;
    Operator operator = comparisonOperator();
    if (operator != null) {
      index++;
      if (isKey(0)) {
        throw new ValidationException(
            "Comparing partition key '"
                + key
                + "' with partition key '"
                + token().text()
                + "' at position "
                + first.position()
                + " is not supported; compare a key with a value");
      }
      return new PartitionPredicate.Comparison(key, operator, literal("a value"));
    }
    if (acceptKeyword("LIKE")) {
      Token pattern = token();
      if (pattern.type() != TokenType.STRING) {
        throw unexpected("a string pattern");
      }
      index++;
      return new PartitionPredicate.Like(key, likePattern(pattern));
    }
    if (isKeyword(token(), "IN") || (isKeyword(token(), "NOT") && isKeyword(peek(1), "IN"))) {
      return parseIn(key);
    }
    boolean negated = acceptKeyword("NOT");
    if (!acceptKeyword("BETWEEN")) {
      throw unexpected(
          negated ? "BETWEEN or IN" : "a comparison operator, LIKE, BETWEEN, IN or NOT");
    }
    String low = literal("a value");
    if (!acceptKeyword("AND")) {
      throw unexpected("AND");
    }
    PartitionPredicate between = new PartitionPredicate.Between(key, low, literal("a value"));
    return negated ? new PartitionPredicate.Not(between) : between;
  }

  /** {@code [NOT] IN list}, after the key. */
  private PartitionPredicate parseIn(String key) {
    boolean negated = acceptKeyword("NOT");
    if (!acceptKeyword("IN")) {
      throw unexpected("IN");
    }
    expect(TokenType.LEFT_PARENTHESIS, "'('");
    List<String> values = new ArrayList<>();
    values.add(literal("a value"));
    while (token().type() == TokenType.COMMA) {
      index++;
      values.add(literal("a value"));
    }
    expect(TokenType.RIGHT_PARENTHESIS, "',' or ')'");
    PartitionPredicate in = new PartitionPredicate.In(key, values);
    return negated ? new PartitionPredicate.Not(in) : in;
  }

  /** A literal's value as text: a string's content, a number's or date's source text. */
  private String literal(String expected) {
    Token literal = token();
    switch (literal.type()) {
      case STRING, NUMBER -> {
        index++;
        return literal.text();
      }
      case DATE -> {
        index++;
        return checkedDate(literal.text(), literal.position());
      }
      case IDENTIFIER -> {
        Token value = peek(1);
        if (value.type() == TokenType.STRING) {
          String type = literal.text().toUpperCase(Locale.ROOT);
          if (type.equals("DATE")) {
            index += 2;
            return checkedDate(value.text(), value.position());
          }
          if (type.equals("TIMESTAMP")) {
            index += 2;
            return checkedTimestamp(value.text(), value.position());
          }
        }
        throw unexpected(expected);
      }
      default -> throw unexpected(expected);
    }
  }

  private static String checkedDate(String text, int position) {
    try {
      LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
      if (text.length() == 10) {
        return text;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new ValidationException(
        "'" + text + "' at position " + position + " is not a date of the form yyyy-MM-dd");
  }

  private static String checkedTimestamp(String text, int position) {
    try {
      LocalDateTime.parse(text, TIMESTAMP_FORMAT);
      return text;
    } catch (DateTimeParseException e) {
      throw new ValidationException(
          "'"
              + text
              + "' at position "
              + position
              + " is not a timestamp of the form yyyy-MM-dd HH:mm:ss");
    }
  }

  /**
   * Hive's LIKE pattern, a Java regular expression that must match the whole value, as a SQL LIKE
   * pattern with backslash as its escape character.
   */
  private static String likePattern(Token pattern) {
    String regex = pattern.text();
    StringBuilder like = new StringBuilder();
    for (int offset = 0; offset < regex.length(); offset++) {
      char character = regex.charAt(offset);
      char next = offset + 1 < regex.length() ? regex.charAt(offset + 1) : 0;
      switch (character) {
        case '.' -> {
          if (next == '*') {
            like.append('%');
            offset++;
          } else if (next == '+') {
            like.append("_%");
            offset++;
          } else {
            like.append('_');
          }
        }
        case '\\' -> {
          if (next == 0 || Character.isLetterOrDigit(next)) {
            throw unsupportedLike(pattern, offset, next == 0 ? "\\" : "\\" + next);
          }
          appendLiteral(next, like);
          offset++;
        }
        case '[', ']', '(', ')', '{', '}', '*', '+', '?', '|', '^', '$' ->
            throw unsupportedLike(pattern, offset, String.valueOf(character));
        default -> appendLiteral(character, like);
      }
    }
    return like.toString();
  }

  private static void appendLiteral(char character, StringBuilder like) {
    if (character == '%' || character == '_' || character == '\\') {
      like.append('\\');
    }
    like.append(character);
  }

  private static ValidationException unsupportedLike(Token pattern, int offset, String construct) {
    return new ValidationException(
        "The LIKE pattern '"
            + pattern.text()
            + "' at position "
            + pattern.position()
            + " uses the regular expression construct '"
            + construct
            + "' (at character "
            + (offset + 1)
            + " of the pattern); only '.*', '.+', '.' and backslash-escaped symbols are supported");
  }

  /** The comparison operator at the current token, or null when it is none. */
  private Operator comparisonOperator() {
    if (token().type() != TokenType.OPERATOR) {
      return null;
    }
    return switch (token().text()) {
      case "=" -> Operator.EQUAL;
      case "<>", "!=" -> Operator.NOT_EQUAL;
      case "<" -> Operator.LESS_THAN;
      case "<=" -> Operator.LESS_THAN_OR_EQUAL;
      case ">" -> Operator.GREATER_THAN;
      case ">=" -> Operator.GREATER_THAN_OR_EQUAL;
      default -> throw new IllegalStateException("unknown operator: " + token().text());
    };
  }

  /** The operator that keeps the meaning when its operands swap sides. */
  private static Operator flip(Operator operator) {
    return switch (operator) {
      case EQUAL, NOT_EQUAL -> operator;
      case LESS_THAN -> Operator.GREATER_THAN;
      case LESS_THAN_OR_EQUAL -> Operator.GREATER_THAN_OR_EQUAL;
      case GREATER_THAN -> Operator.LESS_THAN;
      case GREATER_THAN_OR_EQUAL -> Operator.LESS_THAN_OR_EQUAL;
    };
  }

  /** The token {@code ahead} places on is a partition key, not the type of a date literal. */
  private boolean isKey(int ahead) {
    Token candidate = peek(ahead);
    if (candidate.type() == TokenType.QUOTED_IDENTIFIER) {
      return true;
    }
    if (candidate.type() != TokenType.IDENTIFIER) {
      return false;
    }
    String upper = candidate.text().toUpperCase(Locale.ROOT);
    boolean typedLiteral =
        (upper.equals("DATE") || upper.equals("TIMESTAMP"))
            && peek(ahead + 1).type() == TokenType.STRING;
    return !typedLiteral;
  }

  private Token token() {
    return tokens.get(index);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  private static boolean isKeyword(Token token, String keyword) {
    return token.type() == TokenType.KEYWORD && token.text().equals(keyword);
  }

  private boolean acceptKeyword(String keyword) {
    if (isKeyword(token(), keyword)) {
      index++;
      return true;
    }
    return false;
  }

  private void expect(TokenType type, String description) {
    if (token().type() != type) {
      throw unexpected(description);
    }
    index++;
  }

  private ValidationException unexpected(String expected) {
    Token token = token();
    return new ValidationException(
        "Unexpected "
            + token.describe()
            + " at position "
            + token.position()
            + "; expected "
            + expected);
  }

  private enum TokenType {
    IDENTIFIER,
    QUOTED_IDENTIFIER,
    KEYWORD,
    STRING,
    NUMBER,
    DATE,
    OPERATOR,
    LEFT_PARENTHESIS,
    RIGHT_PARENTHESIS,
    COMMA,
    END
  }

  /**
   * A token: {@code text} is an identifier's name, a keyword in upper case, a string's content, a
   * number's, date's or symbol's source text; {@code position} counts from 1.
   */
  private record Token(TokenType type, String text, int position) {
    String describe() {
      return switch (type) {
        case IDENTIFIER, QUOTED_IDENTIFIER -> "identifier '" + text + "'";
        case KEYWORD -> "keyword " + text;
        case STRING -> "string '" + text + "'";
        case NUMBER -> "number " + text;
        case DATE -> "date " + text;
        case OPERATOR, LEFT_PARENTHESIS, RIGHT_PARENTHESIS, COMMA -> "token '" + text + "'";
        case END -> "end of filter";
      };
    }
  }

  /** Splits the whole filter into tokens at once, so the parser can look ahead. */
  private static final class Lexer {
    private final String input;
    private int index;

    Lexer(String input) {
      this.input = input;
    }

    List<Token> tokens() {
      List<Token> tokens = new ArrayList<>();
      Token token;
      do {
        token = next();
        tokens.add(token);
      } while (token.type() != TokenType.END);
      return tokens;
    }

    private Token next() {
      while (index < input.length() && Character.isWhitespace(input.charAt(index))) {
        index++;
      }
      int start = index;
      int position = start + 1;
      if (index >= input.length()) {
        return new Token(TokenType.END, "", position);
      }
      char character = input.charAt(index);
      switch (character) {
        case '(' -> {
          index++;
          return new Token(TokenType.LEFT_PARENTHESIS, "(", position);
        }
        case ')' -> {
          index++;
          return new Token(TokenType.RIGHT_PARENTHESIS, ")", position);
        }
        case ',' -> {
          index++;
          return new Token(TokenType.COMMA, ",", position);
        }
        case '=' -> {
          index++;
          return new Token(TokenType.OPERATOR, "=", position);
        }
        case '<', '>', '!' -> {
          return operator(position);
        }
        case '\'', '"' -> {
          return new Token(TokenType.STRING, string(character), position);
        }
        case '`' -> {
          return new Token(TokenType.QUOTED_IDENTIFIER, quotedIdentifier(), position);
        }
        case '-' -> {
          index++;
          if (index < input.length() && isDigit(input.charAt(index))) {
            return word(start, position);
          }
          throw unexpectedCharacter(position);
        }
        default -> {
          if (isWordPart(character)) {
            return word(start, position);
          }
          throw unexpectedCharacter(position);
        }
      }
    }

    private Token operator(int position) {
      String twoCharacters = input.substring(index, Math.min(index + 2, input.length()));
      for (String symbol : List.of("<=", ">=", "<>", "!=")) {
        if (twoCharacters.equals(symbol)) {
          index += 2;
          return new Token(TokenType.OPERATOR, symbol, position);
        }
      }
      char character = input.charAt(index);
      if (character == '!') {
        throw unexpectedCharacter(position);
      }
      index++;
      return new Token(TokenType.OPERATOR, String.valueOf(character), position);
    }

    /**
     * A run of letters, digits and underscores from {@code start} (after a minus sign if there is
     * one): a number when it is all digits, a date when the digits go on as {@code yyyy-MM-dd},
     * else a keyword or an identifier (which, as in Hive, may start with a digit).
     */
    private Token word(int start, int position) {
      int wordStart = index;
      while (index < input.length() && isWordPart(input.charAt(index))) {
        index++;
      }
      String word = input.substring(wordStart, index);
      boolean negative = wordStart > start;
      if (word.chars().allMatch(Lexer::isDigit)) {
        if (!negative && word.length() == 4 && isDateRest()) {
          index += 6;
          return new Token(TokenType.DATE, input.substring(start, index), position);
        }
        return new Token(TokenType.NUMBER, input.substring(start, index), position);
      }
      if (negative) {
        throw new ValidationException("Malformed number at position " + position);
      }
      String upper = word.toUpperCase(Locale.ROOT);
      return KEYWORDS.contains(upper)
          ? new Token(TokenType.KEYWORD, upper, position)
          : new Token(TokenType.IDENTIFIER, word, position);
    }

    /** At {@code -MM-dd} not followed by another letter, digit or underscore. */
    private boolean isDateRest() {
      if (index + 6 > input.length()) {
        return false;
      }
      String rest = input.substring(index, index + 6);
      boolean shape =
          rest.charAt(0) == '-'
              && isDigit(rest.charAt(1))
              && isDigit(rest.charAt(2))
              && rest.charAt(3) == '-'
              && isDigit(rest.charAt(4))
              && isDigit(rest.charAt(5));
      return shape && (index + 6 == input.length() || !isWordPart(input.charAt(index + 6)));
    }

    /** The text between {@code quote}s; a backslash escapes the next character and stays. */
    private String string(char quote) {
      int start = index;
      index++;
      while (index < input.length()) {
        char character = input.charAt(index);
        if (character == quote) {
          index++;
          return input.substring(start + 1, index - 1);
        }
        index += character == '\\' ? 2 : 1;
      }
      throw new ValidationException("Unterminated string starting at position " + (start + 1));
    }

    /** Backtick-quoted, with a doubled backtick standing for one. */
    private String quotedIdentifier() {
      int start = index;
      StringBuilder name = new StringBuilder();
      index++;
      while (true) {
        if (index >= input.length()) {
          throw new ValidationException(
              "Unterminated quoted identifier starting at position " + (start + 1));
        }
        char character = input.charAt(index++);
        if (character == '`') {
          if (index < input.length() && input.charAt(index) == '`') {
            index++;
          } else {
            break;
          }
        }
        name.append(character);
      }
      if (name.isEmpty()) {
        throw new ValidationException("Empty quoted identifier at position " + (start + 1));
      }
      return name.toString();
    }

    private ValidationException unexpectedCharacter(int position) {
      return new ValidationException(
          "Unexpected character '" + input.charAt(position - 1) + "' at position " + position);
    }

    private static boolean isDigit(int character) {
      return character >= '0' && character <= '9';
    }

    private static boolean isWordPart(char character) {
      return Character.isLetterOrDigit(character) || character == '_';
    }
  }
}
