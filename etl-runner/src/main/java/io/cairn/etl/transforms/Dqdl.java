package io.cairn.etl.transforms;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A parser for the common rules of Glue's Data Quality Definition Language (DQDL): a ruleset {@code
 * Rules = [ rule, rule ]} of rule types with quoted column names and an expression, combined with
 * {@code and} / {@code or} where each combined rule is in parentheses. Rule type names and keywords
 * are case-sensitive, as in DQDL.
 */
final class Dqdl {
  static final Set<String> RULE_TYPES =
      Set.of(
          "RowCount",
          "Completeness",
          "IsComplete",
          "IsUnique",
          "Uniqueness",
          "ColumnValues",
          "ColumnLength",
          "IsPrimaryKey",
          "Mean",
          "Sum",
          "ColumnExists",
          "DistinctValuesCount");

  /** One rule of a ruleset; {@code text} is the rule as written, what Glue's results name it by. */
  sealed interface Rule permits SimpleRule, CompositeRule {
    String text();
  }

  /**
   * A rule of one type. {@code expression} is null for rules without one (IsComplete, IsUnique,
   * IsPrimaryKey, ColumnExists); {@code threshold} is ColumnValues' optional {@code with threshold}
   * expression over the fraction of rows that pass, null when absent.
   */
  record SimpleRule(
      String text, String type, List<String> columns, Expression expression, Expression threshold)
      implements Rule {
    SimpleRule {
      requireNonNull(text, "text is null");
      requireNonNull(type, "type is null");
      columns = List.copyOf(columns);
    }
  }

  /** Rules joined by one operator; a mix of {@code and} and {@code or} is nested in parentheses. */
  record CompositeRule(String text, boolean and, List<Rule> rules) implements Rule {
    CompositeRule {
      requireNonNull(text, "text is null");
      rules = List.copyOf(rules);
    }
  }

  enum Operator {
    EQUAL("="),
    NOT_EQUAL("!="),
    GREATER(">"),
    GREATER_OR_EQUAL(">="),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    BETWEEN("between"),
    IN("in"),
    MATCHES("matches");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    String symbol() {
      return symbol;
    }
  }

  /**
   * An expression a value is tested against. {@code values} are {@link Double}s or {@link String}s:
   * one for a comparison or {@code matches}, two for {@code between} (exclusive bounds, as DQDL
   * defines it), any number for {@code in}. {@code negated} is DQDL's {@code not} prefix.
   */
  record Expression(Operator operator, boolean negated, List<Object> values) {
    Expression {
      requireNonNull(operator, "operator is null");
      values = List.copyOf(values);
    }

    /** Whether a metric passes; a null metric (nothing to measure) never passes. */
    boolean test(Double metric) {
      if (metric == null || metric.isNaN()) {
        return false;
      }
      return negated != testPositive(metric);
    }

    private boolean testPositive(double metric) {
      return switch (operator) {
        case EQUAL -> metric == number(0);
        case NOT_EQUAL -> metric != number(0);
        case GREATER -> metric > number(0);
        case GREATER_OR_EQUAL -> metric >= number(0);
        case LESS -> metric < number(0);
        case LESS_OR_EQUAL -> metric <= number(0);
        case BETWEEN -> metric > number(0) && metric < number(1);
        case IN -> values.stream().anyMatch(value -> ((Double) value) == metric);
        case MATCHES -> throw new IllegalStateException("matches is not numeric");
      };
    }

    private double number(int index) {
      return (Double) values.get(index);
    }
  }

  static final class ParseException extends Exception {
    ParseException(String message) {
      super(message);
    }
  }

  private Dqdl() {}

  /** The rules of a ruleset, in order; a ruleset without rules is an error, as in Glue. */
  static List<Rule> parse(String ruleset) throws ParseException {
    return new Parser(ruleset).ruleset();
  }

  private enum Kind {
    WORD,
    STRING,
    NUMBER,
    SYMBOL,
    END
  }

  private record Token(Kind kind, String text, int start, int end) {
    boolean is(String symbolOrWord) {
      return (kind == Kind.SYMBOL || kind == Kind.WORD) && text.equals(symbolOrWord);
    }

    String describe() {
      return kind == Kind.END ? "the end" : "'" + text + "' at " + (start + 1);
    }
  }

  private static final class Parser {
    private final String source;
    private final List<Token> tokens;
    private int next;

    Parser(String source) throws ParseException {
      this.source = source;
      this.tokens = tokenize(source);
    }

    List<Rule> ruleset() throws ParseException {
      expect("Rules", "a ruleset starts with 'Rules = ['");
      expect("=", "a ruleset starts with 'Rules = ['");
      expect("[", "a ruleset starts with 'Rules = ['");
      if (peek().is("]")) {
        throw new ParseException("the ruleset has no rules");
      }
      List<Rule> rules = new ArrayList<>();
      while (true) {
        rules.add(rule());
        Token separator = take();
        if (separator.is("]")) {
          break;
        }
        if (!separator.is(",")) {
          throw new ParseException(
              "expected ',' or ']' after a rule, found " + separator.describe());
        }
      }
      Token end = take();
      if (end.kind() != Kind.END) {
        throw new ParseException("unexpected " + end.describe() + " after the ruleset");
      }
      return List.copyOf(rules);
    }

    private Rule rule() throws ParseException {
      if (!peek().is("(")) {
        return simpleRule();
      }
      int start = peek().start();
      List<Rule> parts = new ArrayList<>();
      parts.add(parenthesized());
      String operator = null;
      while (peek().is("and") || peek().is("or")) {
        String found = take().text();
        if (operator != null && !operator.equals(found)) {
          throw new ParseException(
              "'and' and 'or' are mixed at one level; put one side in parentheses");
        }
        operator = found;
        if (!peek().is("(")) {
          throw new ParseException(
              "each rule combined with '"
                  + found
                  + "' must be in parentheses, found "
                  + peek().describe());
        }
        parts.add(parenthesized());
      }
      if (operator == null) {
        return parts.get(0);
      }
      return new CompositeRule(
          source.substring(start, tokens.get(next - 1).end()), operator.equals("and"), parts);
    }

    private Rule parenthesized() throws ParseException {
      expect("(", "expected '('");
      Rule inner = rule();
      expect(")", "expected ')' after a rule");
      return inner;
    }

    private SimpleRule simpleRule() throws ParseException {
      Token type = take();
      if (type.kind() != Kind.WORD || !RULE_TYPES.contains(type.text())) {
        throw new ParseException(
            "expected a rule type ("
                + String.join(", ", RULE_TYPES.stream().sorted().toList())
                + "), found "
                + type.describe());
      }
      List<String> columns = new ArrayList<>();
      Expression expression = null;
      Expression threshold = null;
      switch (type.text()) {
        case "RowCount" -> expression = expression(type.text(), true);
        case "IsComplete", "IsUnique", "ColumnExists" -> columns.add(column(type.text()));
        case "IsPrimaryKey" -> {
          columns.add(column(type.text()));
          while (peek().kind() == Kind.STRING) {
            columns.add(column(type.text()));
          }
        }
        case "ColumnValues" -> {
          columns.add(column(type.text()));
          expression = expression(type.text(), false);
          if (peek().is("with")) {
            take();
            expect("threshold", "expected 'threshold' after 'with'");
            threshold = expression("with threshold", true);
          }
        }
        default -> {
          columns.add(column(type.text()));
          expression = expression(type.text(), true);
        }
      }
      return new SimpleRule(
          source.substring(type.start(), tokens.get(next - 1).end()),
          type.text(),
          columns,
          expression,
          threshold);
    }

    private String column(String ruleType) throws ParseException {
      Token column = take();
      if (column.kind() != Kind.STRING || column.text().isEmpty()) {
        throw new ParseException(
            ruleType + " needs a column name in double quotes, found " + column.describe());
      }
      return column.text();
    }

    private Expression expression(String ruleType, boolean numeric) throws ParseException {
      boolean negated = false;
      if (peek().is("not")) {
        take();
        negated = true;
      }
      Token operator = take();
      List<Object> values = new ArrayList<>();
      Operator parsed;
      if (operator.is("between")) {
        parsed = Operator.BETWEEN;
        values.add(value(ruleType, numeric));
        expect("and", "expected 'and' in 'between … and …'");
        values.add(value(ruleType, numeric));
      } else if (operator.is("in")) {
        parsed = Operator.IN;
        expect("[", "expected '[' after 'in'");
        values.add(value(ruleType, numeric));
        while (peek().is(",")) {
          take();
          values.add(value(ruleType, numeric));
        }
        expect("]", "expected ',' or ']' in a list of values");
      } else if (operator.is("matches") && !numeric) {
        parsed = Operator.MATCHES;
        Token pattern = take();
        if (pattern.kind() != Kind.STRING) {
          throw new ParseException("matches needs a quoted pattern, found " + pattern.describe());
        }
        try {
          java.util.regex.Pattern.compile(pattern.text());
        } catch (java.util.regex.PatternSyntaxException e) {
          throw new ParseException("'" + pattern.text() + "' is not a regular expression");
        }
        values.add(pattern.text());
      } else {
        parsed = comparison(operator);
        if (parsed == null) {
          throw new ParseException(
              ruleType
                  + " needs an expression such as '> 0.9', 'between 1 and 10'"
                  + (numeric ? " or 'in [1, 2]'" : ", 'in [\"a\", \"b\"]' or 'matches \"[a-z]+\"'")
                  + ", found "
                  + operator.describe());
        }
        values.add(value(ruleType, numeric));
      }
      return new Expression(parsed, negated, values);
    }

    private static Operator comparison(Token token) {
      if (token.kind() != Kind.SYMBOL) {
        return null;
      }
      for (Operator operator : Operator.values()) {
        if (operator.ordinal() <= Operator.LESS_OR_EQUAL.ordinal()
            && operator.symbol().equals(token.text())) {
          return operator;
        }
      }
      return null;
    }

    private Object value(String ruleType, boolean numeric) throws ParseException {
      Token value = take();
      if (value.kind() == Kind.NUMBER) {
        return Double.valueOf(value.text());
      }
      if (value.kind() == Kind.STRING && !numeric) {
        return value.text();
      }
      throw new ParseException(
          ruleType
              + " compares with "
              + (numeric ? "a number" : "a number or a quoted value")
              + ", found "
              + value.describe());
    }

    private void expect(String text, String message) throws ParseException {
      Token token = take();
      if (!token.is(text)) {
        throw new ParseException(message + ", found " + token.describe());
      }
    }

    private Token peek() {
      return tokens.get(next);
    }

    private Token take() {
      Token token = tokens.get(next);
      if (token.kind() != Kind.END) {
        next++;
      }
      return token;
    }
  }

  private static List<Token> tokenize(String source) throws ParseException {
    List<Token> tokens = new ArrayList<>();
    int at = 0;
    while (at < source.length()) {
      char c = source.charAt(at);
      int start = at;
      if (Character.isWhitespace(c)) {
        at++;
      } else if (c == '"') {
        StringBuilder text = new StringBuilder();
        at++;
        while (true) {
          if (at >= source.length()) {
            throw new ParseException(
                "a quoted value starting at " + (start + 1) + " is not closed");
          }
          char inside = source.charAt(at);
          if (inside == '"') {
            at++;
            break;
          }
          // A backslash keeps the next character: \" in a name, \\ in a pattern stays \\ for Java.
          if (inside == '\\' && at + 1 < source.length()) {
            char escaped = source.charAt(at + 1);
            text.append(escaped == '"' ? "\"" : "\\" + escaped);
            at += 2;
            continue;
          }
          text.append(inside);
          at++;
        }
        tokens.add(new Token(Kind.STRING, text.toString(), start, at));
      } else if (Character.isDigit(c)
          || (c == '-' && at + 1 < source.length() && Character.isDigit(source.charAt(at + 1)))) {
        at++;
        while (at < source.length()
            && (Character.isDigit(source.charAt(at)) || source.charAt(at) == '.')) {
          at++;
        }
        String number = source.substring(start, at);
        try {
          Double.parseDouble(number);
        } catch (NumberFormatException e) {
          throw new ParseException("'" + number + "' at " + (start + 1) + " is not a number");
        }
        tokens.add(new Token(Kind.NUMBER, number, start, at));
      } else if (Character.isLetter(c)) {
        while (at < source.length() && Character.isLetterOrDigit(source.charAt(at))) {
          at++;
        }
        tokens.add(new Token(Kind.WORD, source.substring(start, at), start, at));
      } else if ((c == '!' || c == '>' || c == '<')
          && at + 1 < source.length()
          && source.charAt(at + 1) == '=') {
        at += 2;
        tokens.add(new Token(Kind.SYMBOL, source.substring(start, at), start, at));
      } else if ("[](),=<>".indexOf(c) >= 0) {
        at++;
        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), start, at));
      } else {
        throw new ParseException("unexpected '" + c + "' at " + (start + 1));
      }
    }
    tokens.add(new Token(Kind.END, "", source.length(), source.length()));
    return tokens;
  }
}
