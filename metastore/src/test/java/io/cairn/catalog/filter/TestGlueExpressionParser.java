package io.cairn.catalog.filter;

import static io.cairn.catalog.filter.PartitionPredicate.Operator.EQUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.PartitionPredicate.And;
import io.cairn.catalog.filter.PartitionPredicate.Between;
import io.cairn.catalog.filter.PartitionPredicate.Comparison;
import io.cairn.catalog.filter.PartitionPredicate.In;
import io.cairn.catalog.filter.PartitionPredicate.IsNull;
import io.cairn.catalog.filter.PartitionPredicate.Like;
import io.cairn.catalog.filter.PartitionPredicate.Not;
import io.cairn.catalog.filter.PartitionPredicate.Operator;
import io.cairn.catalog.filter.PartitionPredicate.Or;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TestGlueExpressionParser {

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n  "})
  void blankExpressionMeansNoFilter(String expression) {
    assertThat(GlueExpressionParser.parse(expression)).isNull();
  }

  @Test
  void nullExpressionMeansNoFilter() {
    assertThat(GlueExpressionParser.parse(null)).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "year = '2024' | EQUAL",
        "year <> '2024' | NOT_EQUAL",
        "year != '2024' | NOT_EQUAL",
        "year < '2024' | LESS_THAN",
        "year <= '2024' | LESS_THAN_OR_EQUAL",
        "year > '2024' | GREATER_THAN",
        "year >= '2024' | GREATER_THAN_OR_EQUAL",
        "year='2024' | EQUAL",
        "year>='2024' | GREATER_THAN_OR_EQUAL",
      })
  void parsesComparisons(String expression, Operator operator) {
    assertThat(GlueExpressionParser.parse(expression))
        .isEqualTo(new Comparison("year", operator, "2024"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "'2024' = year | EQUAL",
        "'2024' <> year | NOT_EQUAL",
        "'2024' != year | NOT_EQUAL",
        "'2024' < year | GREATER_THAN",
        "'2024' <= year | GREATER_THAN_OR_EQUAL",
        "'2024' > year | LESS_THAN",
        "'2024' >= year | LESS_THAN_OR_EQUAL",
        "2024 >= year | LESS_THAN_OR_EQUAL",
      })
  void flipsLiteralOnTheLeft(String expression, Operator operator) {
    assertThat(GlueExpressionParser.parse(expression))
        .isEqualTo(new Comparison("year", operator, "2024"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "month = 7 | 7",
        "month = -7 | -7",
        "month = 7.25 | 7.25",
        "month = -0.5 | -0.5",
        "month = .5 | .5",
        "month = -.5 | -.5",
        "month = 007 | 007",
        "month=-1 | -1",
        "month = '7' | 7",
      })
  void keepsLiteralTextAsWritten(String expression, String literal) {
    assertThat(GlueExpressionParser.parse(expression))
        .isEqualTo(new Comparison("month", EQUAL, literal));
  }

  @Test
  void parsesStringLiterals() {
    assertThat(GlueExpressionParser.parse("name = 'it''s'"))
        .isEqualTo(new Comparison("name", EQUAL, "it's"));
    assertThat(GlueExpressionParser.parse("name = ''"))
        .isEqualTo(new Comparison("name", EQUAL, ""));
    assertThat(GlueExpressionParser.parse("name = 'a \"b\" \\ c'"))
        .isEqualTo(new Comparison("name", EQUAL, "a \"b\" \\ c"));
    assertThat(GlueExpressionParser.parse("name = 'Zürich 東京'"))
        .isEqualTo(new Comparison("name", EQUAL, "Zürich 東京"));
  }

  @Test
  void parsesQuotedIdentifiers() {
    assertThat(GlueExpressionParser.parse("`my key` = 'x'"))
        .isEqualTo(new Comparison("my key", EQUAL, "x"));
    assertThat(GlueExpressionParser.parse("`a``b` = 'x'"))
        .isEqualTo(new Comparison("a`b", EQUAL, "x"));
    assertThat(GlueExpressionParser.parse("\"year\" = 'x'"))
        .isEqualTo(new Comparison("year", EQUAL, "x"));
    assertThat(GlueExpressionParser.parse("\"a\"\"b\" = 'x'"))
        .isEqualTo(new Comparison("a\"b", EQUAL, "x"));
    assertThat(GlueExpressionParser.parse("`in` = 'x'"))
        .isEqualTo(new Comparison("in", EQUAL, "x"));
    assertThat(GlueExpressionParser.parse("_key_2 = 'x'"))
        .isEqualTo(new Comparison("_key_2", EQUAL, "x"));
  }

  @Test
  void keepsIdentifierCase() {
    assertThat(GlueExpressionParser.parse("YeAr = '1'"))
        .isEqualTo(new Comparison("YeAr", EQUAL, "1"));
  }

  @Test
  void parsesBetween() {
    assertThat(GlueExpressionParser.parse("month BETWEEN 1 AND 3"))
        .isEqualTo(new Between("month", "1", "3"));
    assertThat(GlueExpressionParser.parse("day not between '2024-01-01' and '2024-02-01'"))
        .isEqualTo(new Not(new Between("day", "2024-01-01", "2024-02-01")));
  }

  @Test
  void betweenBindsItsOwnAnd() {
    assertThat(GlueExpressionParser.parse("month BETWEEN 1 AND 3 AND year = '2024'"))
        .isEqualTo(
            new And(
                List.of(new Between("month", "1", "3"), new Comparison("year", EQUAL, "2024"))));
  }

  @Test
  void parsesIn() {
    assertThat(GlueExpressionParser.parse("month IN (1, 2, -3)"))
        .isEqualTo(new In("month", List.of("1", "2", "-3")));
    assertThat(GlueExpressionParser.parse("year in ('2024')"))
        .isEqualTo(new In("year", List.of("2024")));
    assertThat(GlueExpressionParser.parse("year NOT IN ('2024','2023')"))
        .isEqualTo(new Not(new In("year", List.of("2024", "2023"))));
  }

  @Test
  void parsesLike() {
    assertThat(GlueExpressionParser.parse("day LIKE '2024-%'"))
        .isEqualTo(new Like("day", "2024-%"));
    assertThat(GlueExpressionParser.parse("day NOT LIKE '_\\%'"))
        .isEqualTo(new Not(new Like("day", "_\\%")));
  }

  @Test
  void parsesIsNull() {
    assertThat(GlueExpressionParser.parse("day IS NULL")).isEqualTo(new IsNull("day"));
    assertThat(GlueExpressionParser.parse("day is not null")).isEqualTo(new Not(new IsNull("day")));
  }

  @Test
  void notBindsTighterThanAndThanOr() {
    Comparison a = new Comparison("a", EQUAL, "1");
    Comparison b = new Comparison("b", EQUAL, "2");
    Comparison c = new Comparison("c", EQUAL, "3");
    assertThat(GlueExpressionParser.parse("a = 1 OR b = 2 AND c = 3"))
        .isEqualTo(new Or(List.of(a, new And(List.of(b, c)))));
    assertThat(GlueExpressionParser.parse("a = 1 AND b = 2 OR c = 3"))
        .isEqualTo(new Or(List.of(new And(List.of(a, b)), c)));
    assertThat(GlueExpressionParser.parse("NOT a = 1 AND b = 2"))
        .isEqualTo(new And(List.of(new Not(a), b)));
    assertThat(GlueExpressionParser.parse("NOT (a = 1 AND b = 2)"))
        .isEqualTo(new Not(new And(List.of(a, b))));
    assertThat(GlueExpressionParser.parse("(a = 1 OR b = 2) AND c = 3"))
        .isEqualTo(new And(List.of(new Or(List.of(a, b)), c)));
    assertThat(GlueExpressionParser.parse("a = 1 AND b = 2 AND c = 3"))
        .isEqualTo(new And(List.of(a, b, c)));
    assertThat(GlueExpressionParser.parse("a = 1 or b = 2 or c = 3"))
        .isEqualTo(new Or(List.of(a, b, c)));
    assertThat(GlueExpressionParser.parse("NOT NOT a = 1")).isEqualTo(new Not(new Not(a)));
    assertThat(GlueExpressionParser.parse("((a = 1))")).isEqualTo(a);
  }

  @Test
  void toleratesWhitespaceEverywhere() {
    assertThat(GlueExpressionParser.parse(" \t( year\n=\r'1' )  and(month   in(1 ,2)) "))
        .isEqualTo(
            new And(
                List.of(new Comparison("year", EQUAL, "1"), new In("month", List.of("1", "2")))));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "year = | Unexpected end of expression at position 7; expected a value",
        "(year = '1' AND month = ) | Unexpected token ')' at position 25; expected a value",
        "year | Unexpected end of expression at position 5; expected a comparison operator, BETWEEN, IN, LIKE or IS",
        "year year | Unexpected identifier 'year' at position 6; expected a comparison operator, BETWEEN, IN, LIKE or IS",
        "= '1' | Unexpected token '=' at position 1; expected a partition key or a value",
        "year = '1' AND | Unexpected end of expression at position 15; expected a partition key or a value",
        "year = '1' month = 2 | Unexpected identifier 'month' at position 12; expected AND, OR or the end of the expression",
        "(year = '1' | Unexpected end of expression at position 12; expected ')'",
        "year = '1') | Unexpected token ')' at position 11; expected AND, OR or the end of the expression",
        "year = 'abc | Unterminated string starting at position 8",
        "`year = 'abc' | Unterminated quoted identifier starting at position 1",
        "\"year = 'abc' | Unterminated quoted identifier starting at position 1",
        "`` = 'a' | Empty quoted identifier at position 1",
        "year = '1' # | Unexpected character '#' at position 12",
        "year = 12abc | Malformed number at position 8",
        "year = 1.2.3 | Malformed number at position 8",
        "year = - 1 | Unexpected character '-' at position 8",
        "year == '1' | Unexpected token '=' at position 7; expected a value",
        "year = month | Comparing partition key 'year' with partition key 'month' at position 1 is not supported; compare a key with a value",
        "'1' = '2' | Unexpected string '2' at position 7; expected a partition key",
        "1 = 2 | Unexpected number 2 at position 5; expected a partition key",
        "'1' | Unexpected end of expression at position 4; expected a comparison operator",
        "'1' IN ('1') | Unexpected keyword IN at position 5; expected a comparison operator",
        "year = NULL | NULL is not a value (position 8); use IS NULL or IS NOT NULL",
        "NULL = year | NULL is not a value (position 1); use IS NULL or IS NOT NULL",
        "year IN ('1', NULL) | NULL is not a value (position 15); use IS NULL or IS NOT NULL",
        "year IN () | Unexpected token ')' at position 10; expected a value",
        "year IN ('1',) | Unexpected token ')' at position 14; expected a value",
        "year IN '1' | Unexpected string '1' at position 9; expected '('",
        "year IN ('1' '2') | Unexpected string '2' at position 14; expected ',' or ')'",
        "month BETWEEN 1 | Unexpected end of expression at position 16; expected AND",
        "month BETWEEN 1 OR 2 | Unexpected keyword OR at position 17; expected AND",
        "year LIKE 5 | Unexpected number 5 at position 11; expected a string pattern",
        "year NOT = '1' | Unexpected token '=' at position 10; expected BETWEEN, IN or LIKE",
        "year IS '1' | Unexpected string '1' at position 9; expected NULL or NOT NULL",
        "year IS NOT '1' | Unexpected string '1' at position 13; expected NULL",
        "AND = '1' | Unexpected keyword AND at position 1; expected a partition key or a value",
        "in = '1' | Unexpected keyword IN at position 1; expected a partition key or a value",
        "NOT | Unexpected end of expression at position 4; expected a partition key or a value",
        "() | Unexpected token ')' at position 2; expected a partition key or a value",
      })
  void reportsWhereAndWhatWasExpected(String expression, String message) {
    assertThatThrownBy(() -> GlueExpressionParser.parse(expression))
        .isInstanceOf(ValidationException.class)
        .hasMessage(message);
  }

  @Test
  void boundsExpressionLengthInBytesOfUtf8() {
    String longest = "year = '" + "x".repeat(2048 - 9) + "'";
    assertThat(longest).hasSize(2048);
    assertThat(GlueExpressionParser.parse(longest)).isInstanceOf(Comparison.class);
    assertThatThrownBy(() -> GlueExpressionParser.parse(longest + " "))
        .isInstanceOf(ValidationException.class)
        .hasMessage("The expression is 2049 bytes long in UTF-8; at most 2048 bytes are allowed");
    // 'é' is two bytes, '€' three, an emoji (two UTF-16 units) four.
    String twoByteCharacters = "year = '" + "é".repeat(1019) + "'";
    assertThat(twoByteCharacters).hasSize(1028);
    assertThat(GlueExpressionParser.parse(twoByteCharacters)).isInstanceOf(Comparison.class);
    assertThatThrownBy(() -> GlueExpressionParser.parse(twoByteCharacters + "  "))
        .isInstanceOf(ValidationException.class)
        .hasMessage("The expression is 2049 bytes long in UTF-8; at most 2048 bytes are allowed");
    String euros = "year = '" + "€".repeat(680) + "'";
    assertThatThrownBy(() -> GlueExpressionParser.parse(euros))
        .hasMessage("The expression is 2049 bytes long in UTF-8; at most 2048 bytes are allowed");
    String emoji = "year = '" + "\uD83D\uDE00".repeat(509) + "abc'";
    assertThat(emoji).hasSize(1030);
    assertThat(GlueExpressionParser.parse(emoji)).isInstanceOf(Comparison.class);
    assertThatThrownBy(() -> GlueExpressionParser.parse(emoji + " "))
        .hasMessage("The expression is 2049 bytes long in UTF-8; at most 2048 bytes are allowed");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | The expression holds the character U+0000 at position 9, which is not allowed",
        "7 | The expression holds the character U+0007 at position 9, which is not allowed",
        "65535 | The expression holds the character U+FFFF at position 9, which is not allowed",
        "55357 | The expression holds the character U+D83D at position 9, which is not allowed",
        "56832 | The expression holds the character U+DE00 at position 9, which is not allowed",
      })
  void rejectsCharactersGlueDoesNotAllow(int character, String message) {
    String expression = "year = '" + (char) character + "'";
    assertThatThrownBy(() -> GlueExpressionParser.parse(expression))
        .isInstanceOf(ValidationException.class)
        .hasMessage(message);
  }

  @Test
  void allowsTabsAndLineBreaks() {
    assertThat(GlueExpressionParser.parse("year\t=\r\n'a\tb'"))
        .isEqualTo(new Comparison("year", EQUAL, "a\tb"));
  }

  @Test
  void parsesTypedDateAndTimestampLiterals() {
    assertThat(GlueExpressionParser.parse("day >= DATE '2024-01-31'"))
        .isEqualTo(new Comparison("day", Operator.GREATER_THAN_OR_EQUAL, "2024-01-31"));
    assertThat(GlueExpressionParser.parse("date '2024-01-31' < day"))
        .isEqualTo(new Comparison("day", Operator.GREATER_THAN, "2024-01-31"));
    assertThat(
            GlueExpressionParser.parse(
                "at BETWEEN timestamp '2024-01-31 00:00:00' AND TIMESTAMP '2024-01-31 23:59:59.999'"))
        .isEqualTo(new Between("at", "2024-01-31 00:00:00", "2024-01-31 23:59:59.999"));
    assertThat(GlueExpressionParser.parse("day IN (DATE '2024-01-01', '2024-01-02')"))
        .isEqualTo(new In("day", List.of("2024-01-01", "2024-01-02")));
  }

  @Test
  void keysMayBeCalledDateOrTimestamp() {
    assertThat(GlueExpressionParser.parse("date = DATE '2024-01-31'"))
        .isEqualTo(new Comparison("date", EQUAL, "2024-01-31"));
    assertThat(GlueExpressionParser.parse("timestamp IS NULL")).isEqualTo(new IsNull("timestamp"));
    assertThat(GlueExpressionParser.parse("date LIKE '2024%' AND timestamp > '1'"))
        .isEqualTo(
            new And(
                List.of(
                    new Like("date", "2024%"),
                    new Comparison("timestamp", Operator.GREATER_THAN, "1"))));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "day = DATE '2024-02-30' | DATE literal '2024-02-30' at position 7 is not a date (yyyy-MM-dd)",
        "day = DATE '2024-1-5' | DATE literal '2024-1-5' at position 7 is not a date (yyyy-MM-dd)",
        "day = DATE '' | DATE literal '' at position 7 is not a date (yyyy-MM-dd)",
        "at = TIMESTAMP '2024-01-01' | TIMESTAMP literal '2024-01-01' at position 6 is not a timestamp (yyyy-MM-dd HH:mm:ss[.fffffffff])",
        "at = TIMESTAMP '2024-01-01T10:00:00' | TIMESTAMP literal '2024-01-01T10:00:00' at position 6 is not a timestamp (yyyy-MM-dd HH:mm:ss[.fffffffff])",
        "at = TIMESTAMP '2024-01-01 24:00:00' | TIMESTAMP literal '2024-01-01 24:00:00' at position 6 is not a timestamp (yyyy-MM-dd HH:mm:ss[.fffffffff])",
        "at = TIMESTAMP '2024-01-01 10:00:00.1234567890' | TIMESTAMP literal '2024-01-01 10:00:00.1234567890' at position 6 is not a timestamp (yyyy-MM-dd HH:mm:ss[.fffffffff])",
        "day = DATE 5 | Comparing partition key 'day' with partition key 'DATE' at position 1 is not supported; compare a key with a value",
      })
  void rejectsMalformedTypedLiterals(String expression, String message) {
    assertThatThrownBy(() -> GlueExpressionParser.parse(expression))
        .isInstanceOf(ValidationException.class)
        .hasMessage(message);
  }

  @Test
  void boundsNesting() {
    String allowed = "(".repeat(100) + "a = 1" + ")".repeat(100);
    assertThat(GlueExpressionParser.parse(allowed)).isEqualTo(new Comparison("a", EQUAL, "1"));
    String tooDeep = "(".repeat(101) + "a = 1" + ")".repeat(101);
    assertThatThrownBy(() -> GlueExpressionParser.parse(tooDeep))
        .isInstanceOf(ValidationException.class)
        .hasMessage("The expression nests deeper than 100 levels at position 101");
    String tooManyNots = "NOT ".repeat(101) + "a = 1";
    assertThatThrownBy(() -> GlueExpressionParser.parse(tooManyNots))
        .isInstanceOf(ValidationException.class)
        .hasMessage("The expression nests deeper than 100 levels at position 401");
    String mixed = "NOT (".repeat(60) + "a = 1" + ")".repeat(60);
    assertThatThrownBy(() -> GlueExpressionParser.parse(mixed))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("The expression nests deeper than 100 levels");
  }

  @Test
  void parsesRealisticExpression() {
    assertThat(
            GlueExpressionParser.parse(
                "year = '2024' and month between 1 and 6 and (day like '%-01' or day is null)"
                    + " and not region in ('eu', 'us')"))
        .isEqualTo(
            new And(
                List.of(
                    new Comparison("year", EQUAL, "2024"),
                    new Between("month", "1", "6"),
                    new Or(List.of(new Like("day", "%-01"), new IsNull("day"))),
                    new Not(new In("region", List.of("eu", "us"))))));
  }
}
