package io.cairn.catalog.filter;

import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.PartitionPredicate.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the {@code Expression} of Glue's GetPartitions (and GetPartitionIndexes-style calls): a
 * SQL WHERE clause over partition keys.
 *
 * <pre>
 * expression := or
 * or         := and ( OR and )*
 * and        := not ( AND not )*
 * not        := NOT not | '(' or ')' | predicate
 * predicate  := key ( '=' | '&lt;&gt;' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=' ) value
 *             | value operator key                      -- flipped to key operator value
 *             | key [NOT] BETWEEN value AND value
 *             | key [NOT] IN '(' value ( ',' value )* ')'
 *             | key [NOT] LIKE string
 *             | key IS [NOT] NULL
 * key        := identifier | `quoted` | "quoted"     -- a doubled quote stands for itself
 * value      := 'string' | number                    -- '' in a string is one quote
 *             | DATE 'yyyy-MM-dd' | TIMESTAMP 'yyyy-MM-dd HH:mm:ss[.fffffffff]'
 * number     := [-] digits [ . digits ] | [-] . digits
 * </pre>
 *
 * <p>Keywords are case-insensitive. Double-quoted names are identifiers, as in standard SQL and in
 * JSQLParser, which Glue uses. {@code DATE} and {@code TIMESTAMP} are typed literals only in front
 * of a string, so keys may still be called {@code date} or {@code timestamp}. Literals keep the
 * text the client wrote: whether it is a number, date or timestamp is decided when the filter is
 * bound to the key's type (typed literals are checked here already). Positions in error messages
 * count characters from 1.
 *
 * <p>The expression may be at most 2048 bytes long in UTF-8 and hold no characters that Glue's
 * {@code PredicateString} excludes (control characters other than tab, line feed and carriage
 * return, U+FFFE, U+FFFF and unpaired surrogates).
 */
public final class GlueExpressionParser {
  /** Glue's documented limit for the Expression parameter, in bytes of UTF-8. */
  static final int MAX_EXPRESSION_BYTES = 2048;

  /** Bounds the parser's recursion (parentheses and NOTs) far below a stack overflow. */
  static final int MAX_NESTING_DEPTH = 100;

  private static final Set<String> KEYWORDS =
      Set.of("AND", "OR", "NOT", "BETWEEN", "IN", "LIKE", "IS", "NULL");

  private final Lexer lexer;
  private Token token;
  private int depth;

  private GlueExpressionParser(String expression) {
    this.lexer = new Lexer(expression);
    this.token = lexer.next();
  }

  /**
   * The filter tree of a Glue expression, or null when {@code expression} is null or blank, which
   * means no filter.
   *
   * @throws ValidationException naming the position and what was expected when the expression is
   *     malformed, longer than 2048 bytes in UTF-8, holds a character Glue does not allow or nests
   *     deeper than 100 levels
   */
  public static PartitionPredicate parse(String expression) {
    if (expression == null || expression.isBlank()) {
      return null;
    }
    int bytes = utf8Length(expression);
    if (bytes > MAX_EXPRESSION_BYTES) {
      throw new ValidationException(
          "The expression is "
              + bytes
              + " bytes long in UTF-8; at most "
              + MAX_EXPRESSION_BYTES
              + " bytes are allowed");
    }
    rejectDisallowedCharacters(expression);
    GlueExpressionParser parser = new GlueExpressionParser(expression);
    PartitionPredicate result = parser.parseOr();
    if (parser.token.type() != TokenType.END) {
      throw parser.unexpected("AND, OR or the end of the expression");
    }
    return result;
  }

  /**
   * The length of {@code text} in UTF-8, where an unpaired surrogate counts as the three of '?'.
   */
  private static int utf8Length(String text) {
    int bytes = 0;
    for (int index = 0; index < text.length(); index++) {
      char character = text.charAt(index);
      if (character < 0x80) {
        bytes += 1;
      } else if (character < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(character)
          && index + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(index + 1))) {
        bytes += 4;
        index++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Glue's PredicateString: no control characters but tab, LF and CR; no non-characters. */
  private static void rejectDisallowedCharacters(String expression) {
    for (int index = 0; index < expression.length(); index++) {
      char character = expression.charAt(index);
      boolean allowed;
      if (Character.isHighSurrogate(character)) {
        allowed =
            index + 1 < expression.length()
                && Character.isLowSurrogate(expression.charAt(index + 1));
        if (allowed) {
          index++;
          continue;
        }
      } else {
        allowed =
            character == '\t'
                || character == '\n'
                || character == '\r'
                || character >= 0x20 && character <= 0xD7FF
                || character >= 0xE000 && character <= 0xFFFD;
      }
      if (!allowed) {
        throw new ValidationException(
            String.format(
                "The expression holds the character U+%04X at position %d, which is not allowed",
                (int) character, index + 1));
      }
    }
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
    if (isKeyword("NOT")) {
      enterNesting();
      advance();
      PartitionPredicate term = parseNot();
      depth--;
      return new PartitionPredicate.Not(term);
    }
    if (token.type() == TokenType.LEFT_PARENTHESIS) {
      enterNesting();
      advance();
      PartitionPredicate term = parseOr();
      expect(TokenType.RIGHT_PARENTHESIS, "')'");
      depth--;
      return term;
    }
    return parsePredicate();
  }

  private void enterNesting() {
    if (++depth > MAX_NESTING_DEPTH) {
      throw new ValidationException(
          "The expression nests deeper than "
              + MAX_NESTING_DEPTH
              + " levels at position "
              + token.position());
    }
  }

  private PartitionPredicate parsePredicate() {
    Token left = token;
    if (left.type() == TokenType.STRING || left.type() == TokenType.NUMBER || isTypedLiteral()) {
      String literal = value();
      Operator operator = comparisonOperator();
      if (operator == null) {
        throw unexpected("a comparison operator");
      }
      advance();
      if (token.type() != TokenType.IDENTIFIER) {
        rejectNull();
        throw unexpected("a partition key");
      }
      String key = token.text();
      advance();
      return new PartitionPredicate.Comparison(key, flip(operator), literal);
    }
    if (left.type() != TokenType.IDENTIFIER) {
      rejectNull();
      throw unexpected("a partition key or a value");
    }
    String key = left.text();
    advance();

    Operator operator = comparisonOperator();
    if (operator != null) {
      advance();
      if (token.type() == TokenType.IDENTIFIER && !isTypedLiteral()) {
        throw new ValidationException(
            "Comparing partition key '"
                + key
                + "' with partition key '"
                + token.text()
                + "' at position "
                + left.position()
                + " is not supported; compare a key with a value");
      }
      return new PartitionPredicate.Comparison(key, operator, value());
    }
    if (acceptKeyword("IS")) {
      boolean negated = acceptKeyword("NOT");
      if (!acceptKeyword("NULL")) {
        throw unexpected(negated ? "NULL" : "NULL or NOT NULL");
      }
      PartitionPredicate isNull = new PartitionPredicate.IsNull(key);
      return negated ? new PartitionPredicate.Not(isNull) : isNull;
    }
    boolean negated = acceptKeyword("NOT");
    PartitionPredicate predicate;
    if (acceptKeyword("BETWEEN")) {
      String low = value();
      if (!acceptKeyword("AND")) {
        throw unexpected("AND");
      }
      predicate = new PartitionPredicate.Between(key, low, value());
    } else if (acceptKeyword("IN")) {
      expect(TokenType.LEFT_PARENTHESIS, "'('");
      List<String> values = new ArrayList<>();
      values.add(value());
      while (token.type() == TokenType.COMMA) {
        advance();
        values.add(value());
      }
      expect(TokenType.RIGHT_PARENTHESIS, "',' or ')'");
      predicate = new PartitionPredicate.In(key, values);
    } else if (acceptKeyword("LIKE")) {
      if (token.type() != TokenType.STRING) {
        throw unexpected("a string pattern");
      }
      predicate = new PartitionPredicate.Like(key, token.text());
      advance();
    } else {
      throw unexpected(
          negated ? "BETWEEN, IN or LIKE" : "a comparison operator, BETWEEN, IN, LIKE or IS");
    }
    return negated ? new PartitionPredicate.Not(predicate) : predicate;
  }

  /** A string, number, date or timestamp literal's text. */
  private String value() {
    if (isTypedLiteral()) {
      Token type = token;
      advance();
      String text = token.text();
      boolean date = type.text().equalsIgnoreCase("DATE");
      if (date
          ? PartitionFilter.dateValue(text) == null
          : PartitionFilter.timestampValue(text) == null) {
        throw new ValidationException(
            (date ? "DATE" : "TIMESTAMP")
                + " literal '"
                + text
                + "' at position "
                + type.position()
                + " is not "
                + (date ? "a date (yyyy-MM-dd)" : "a timestamp (yyyy-MM-dd HH:mm:ss[.fffffffff])"));
      }
      advance();
      return text;
    }
    if (token.type() != TokenType.STRING && token.type() != TokenType.NUMBER) {
      rejectNull();
      throw unexpected("a value");
    }
    String text = token.text();
    advance();
    return text;
  }

  /**
   * True at {@code DATE '…'} or {@code TIMESTAMP '…'}; a key of that name is followed by no string.
   */
  private boolean isTypedLiteral() {
    return token.type() == TokenType.IDENTIFIER
        && (token.text().equalsIgnoreCase("DATE") || token.text().equalsIgnoreCase("TIMESTAMP"))
        && lexer.peek().type() == TokenType.STRING;
  }

  /**
   * SQL's {@code = NULL} is never true, which is never what the client meant; saying so beats
   * silently selecting nothing.
   */
  private void rejectNull() {
    if (isKeyword("NULL")) {
      throw new ValidationException(
          "NULL is not a value (position " + token.position() + "); use IS NULL or IS NOT NULL");
    }
  }

  /** The comparison operator at the current token, or null when it is none. */
  private Operator comparisonOperator() {
    if (token.type() != TokenType.OPERATOR) {
      return null;
    }
    return switch (token.text()) {
      case "=" -> Operator.EQUAL;
      case "<>", "!=" -> Operator.NOT_EQUAL;
      case "<" -> Operator.LESS_THAN;
      case "<=" -> Operator.LESS_THAN_OR_EQUAL;
      case ">" -> Operator.GREATER_THAN;
      case ">=" -> Operator.GREATER_THAN_OR_EQUAL;
      default -> throw new IllegalStateException("unknown operator: " + token.text());
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

  private boolean isKeyword(String keyword) {
    return token.type() == TokenType.KEYWORD && token.text().equals(keyword);
  }

  private boolean acceptKeyword(String keyword) {
    if (isKeyword(keyword)) {
      advance();
      return true;
    }
    return false;
  }

  private void expect(TokenType type, String description) {
    if (token.type() != type) {
      throw unexpected(description);
    }
    advance();
  }

  private void advance() {
    token = lexer.next();
  }

  private ValidationException unexpected(String expected) {
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
    KEYWORD,
    STRING,
    NUMBER,
    OPERATOR,
    LEFT_PARENTHESIS,
    RIGHT_PARENTHESIS,
    COMMA,
    END
  }

  /**
   * A token: {@code text} is an identifier's name, a keyword in upper case, a string's content, a
   * number's or symbol's source text; {@code position} counts from 1.
   */
  private record Token(TokenType type, String text, int position) {
    String describe() {
      return switch (type) {
        case IDENTIFIER -> "identifier '" + text + "'";
        case KEYWORD -> "keyword " + text;
        case STRING -> "string '" + text + "'";
        case NUMBER -> "number " + text;
        case OPERATOR, LEFT_PARENTHESIS, RIGHT_PARENTHESIS, COMMA -> "token '" + text + "'";
        case END -> "end of expression";
      };
    }
  }

  private static final class Lexer {
    private final String input;
    private int index;

    Lexer(String input) {
      this.input = input;
    }

    /** The token after the current one, without moving past it. */
    Token peek() {
      int start = index;
      try {
        return next();
      } finally {
        index = start;
      }
    }

    Token next() {
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
        case '\'' -> {
          return new Token(TokenType.STRING, quoted('\'', "string"), position);
        }
        case '`', '"' -> {
          String name = quoted(character, "quoted identifier");
          if (name.isEmpty()) {
            throw new ValidationException("Empty quoted identifier at position " + position);
          }
          return new Token(TokenType.IDENTIFIER, name, position);
        }
        default -> {
          if (isDigit(character) || character == '.' || character == '-') {
            return number(position);
          }
          if (isIdentifierStart(character)) {
            while (index < input.length() && isIdentifierPart(input.charAt(index))) {
              index++;
            }
            String word = input.substring(start, index);
            String upper = word.toUpperCase(Locale.ROOT);
            return KEYWORDS.contains(upper)
                ? new Token(TokenType.KEYWORD, upper, position)
                : new Token(TokenType.IDENTIFIER, word, position);
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

    /** Text between {@code quote}s, in which a doubled quote stands for one. */
    private String quoted(char quote, String what) {
      int start = index;
      StringBuilder text = new StringBuilder();
      index++;
      while (true) {
        if (index >= input.length()) {
          throw new ValidationException(
              "Unterminated " + what + " starting at position " + (start + 1));
        }
        char character = input.charAt(index++);
        if (character == quote) {
          if (index < input.length() && input.charAt(index) == quote) {
            index++;
          } else {
            return text.toString();
          }
        }
        text.append(character);
      }
    }

    private Token number(int position) {
      int start = index;
      if (input.charAt(index) == '-') {
        index++;
      }
      int integerDigits = skipDigits();
      int fractionDigits = 0;
      if (index < input.length() && input.charAt(index) == '.') {
        index++;
        fractionDigits = skipDigits();
      }
      if (integerDigits + fractionDigits == 0) {
        index = start;
        throw unexpectedCharacter(position);
      }
      if (index < input.length()
          && (isIdentifierPart(input.charAt(index)) || input.charAt(index) == '.')) {
        throw new ValidationException("Malformed number at position " + position);
      }
      return new Token(TokenType.NUMBER, input.substring(start, index), position);
    }

    private int skipDigits() {
      int start = index;
      while (index < input.length() && isDigit(input.charAt(index))) {
        index++;
      }
      return index - start;
    }

    private ValidationException unexpectedCharacter(int position) {
      return new ValidationException(
          "Unexpected character '" + input.charAt(position - 1) + "' at position " + position);
    }

    private static boolean isDigit(char character) {
      return character >= '0' && character <= '9';
    }

    private static boolean isIdentifierStart(char character) {
      return Character.isLetter(character) || character == '_';
    }

    private static boolean isIdentifierPart(char character) {
      return Character.isLetterOrDigit(character) || character == '_';
    }
  }
}
