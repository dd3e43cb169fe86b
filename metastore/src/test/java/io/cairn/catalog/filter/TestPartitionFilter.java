package io.cairn.catalog.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.catalog.Column;
import io.cairn.catalog.HiveTypes.PartitionKeyKind;
import io.cairn.catalog.PartitionNames;
import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.BoundPredicate.ValueKind;
import io.cairn.catalog.filter.PartitionPredicate.Operator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TestPartitionFilter {
  private static final List<Column> KEYS =
      List.of(
          new Column("year", "string"),
          new Column("Month", "int"),
          new Column("day", "date"),
          new Column("price", "decimal(10,2)"),
          new Column("code", "varchar(10)"));

  private static PartitionFilter filter(String expression) {
    return PartitionFilter.bind(GlueExpressionParser.parse(expression), KEYS);
  }

  /** year, month, day, price, code. */
  private static boolean matches(String expression, String... values) {
    return filter(expression).test(Arrays.asList(values));
  }

  @Test
  void resolvesKeysCaseInsensitivelyToPositions() {
    assertThat(filter("MONTH = 7").root())
        .isEqualTo(
            new BoundPredicate.Compare(1, ValueKind.NUMBER, Operator.EQUAL, new BigDecimal("7")));
    assertThat(filter("Year = '2024'").root())
        .isEqualTo(new BoundPredicate.Compare(0, ValueKind.STRING, Operator.EQUAL, "2024"));
  }

  @Test
  void typesLiteralsByTheKeysType() {
    assertThat(filter("year = 2024").root())
        .isEqualTo(new BoundPredicate.Compare(0, ValueKind.STRING, Operator.EQUAL, "2024"));
    assertThat(filter("month = '07'").root())
        .isEqualTo(
            new BoundPredicate.Compare(1, ValueKind.NUMBER, Operator.EQUAL, new BigDecimal("07")));
    assertThat(filter("day BETWEEN '2024-01-01' AND DATE '2024-12-31'").root())
        .isEqualTo(
            new BoundPredicate.Between(
                2, ValueKind.DATE, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
    assertThat(filter("price IN (1.5, -2)").root())
        .isEqualTo(
            new BoundPredicate.InList(
                3, ValueKind.NUMBER, List.of(new BigDecimal("1.5"), new BigDecimal("-2"))));
    assertThat(filter("code LIKE 'a%'").root()).isEqualTo(new BoundPredicate.Like(4, "a%"));
    assertThat(filter("month LIKE '1%'").root()).isEqualTo(new BoundPredicate.Like(1, "1%"));
    assertThat(filter("NOT (day IS NULL OR year = '1') AND month > 1").root())
        .isEqualTo(
            new BoundPredicate.And(
                List.of(
                    new BoundPredicate.Not(
                        new BoundPredicate.Or(
                            List.of(
                                new BoundPredicate.IsNull(2),
                                new BoundPredicate.Compare(
                                    0, ValueKind.STRING, Operator.EQUAL, "1")))),
                    new BoundPredicate.Compare(
                        1, ValueKind.NUMBER, Operator.GREATER_THAN, BigDecimal.ONE))));
  }

  @Test
  void classifiesEveryNumericType() {
    for (String type :
        List.of(
            "tinyint", "smallint", "int", "integer", "bigint", "float", "double", "decimal(5,1)")) {
      PartitionFilter filter =
          PartitionFilter.bind(
              new PartitionPredicate.Comparison("k", Operator.EQUAL, "1"),
              List.of(new Column("k", type)));
      assertThat(((BoundPredicate.Compare) filter.root()).kind())
          .as(type)
          .isEqualTo(ValueKind.NUMBER);
    }
    for (String type : List.of("string", "varchar(3)", "char(3)", "boolean", "weird")) {
      PartitionFilter filter =
          PartitionFilter.bind(
              new PartitionPredicate.Comparison("k", Operator.EQUAL, "1"),
              List.of(new Column("k", type)));
      assertThat(((BoundPredicate.Compare) filter.root()).kind())
          .as(type)
          .isEqualTo(ValueKind.STRING);
    }
  }

  @Test
  void rejectsUnknownKey() {
    assertThatThrownBy(() -> filter("year = '1' AND hour = 3"))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "Unknown partition key 'hour'; the table's partition keys are: year, Month, day, price, code");
    assertThatThrownBy(() -> PartitionFilter.bind(new PartitionPredicate.IsNull("a"), List.of()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Unknown partition key 'a'; the table has no partition keys");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "month = 'seven' | 'seven' is not a number for key 'Month' of type int",
        "month IN (1, 'x') | 'x' is not a number for key 'Month' of type int",
        "price BETWEEN '1' AND '1e3' | '1e3' is not a number for key 'price' of type decimal(10,2)",
        "month = '' | '' is not a number for key 'Month' of type int",
        "month = ' 1' | ' 1' is not a number for key 'Month' of type int",
        "month = '__HIVE_DEFAULT_PARTITION__' | '__HIVE_DEFAULT_PARTITION__' is not a number for key 'Month' of type int",
        "year LIKE 'a\\' | The LIKE pattern 'a\\' for key 'year' ends with the escape character '\\'",
        "year LIKE 'a\\\\\\' | The LIKE pattern 'a\\\\\\' for key 'year' ends with the escape character '\\'",
      })
  void rejectsBadLiterals(String expression, String message) {
    assertThatThrownBy(() -> filter(expression))
        .isInstanceOf(ValidationException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsEmptyInList() {
    assertThatThrownBy(
            () -> PartitionFilter.bind(new PartitionPredicate.In("year", List.of()), KEYS))
        .isInstanceOf(ValidationException.class)
        .hasMessage("The IN list for key 'year' is empty");
  }

  @Test
  void comparesNumberKeysAsNumbers() {
    assertThat(matches("month = 7", "2024", "07", "2024-07-01", "1", "a")).isTrue();
    assertThat(matches("month = 7.0", "2024", "7", "2024-07-01", "1", "a")).isTrue();
    assertThat(matches("month > 10", "2024", "9", "2024-07-01", "1", "a")).isFalse();
    assertThat(matches("month < 10", "2024", "9", "2024-07-01", "1", "a")).isTrue();
    assertThat(matches("month > -1", "2024", "-0.5", "2024-07-01", "1", "a")).isTrue();
    assertThat(matches("price BETWEEN 1.5 AND 2", "2024", "1", "d", "1.50", "a")).isTrue();
    assertThat(matches("price IN (2, 3)", "2024", "1", "d", "2.00", "a")).isTrue();
  }

  @Test
  void comparesStringKeysAsText() {
    assertThat(matches("year > 999", "2024", "1", "d", "1", "a")).isFalse();
    assertThat(matches("year < '3'", "2024", "1", "d", "1", "a")).isTrue();
    assertThat(matches("year = 2024", "2024", "1", "d", "1", "a")).isTrue();
    assertThat(matches("year = '02024'", "2024", "1", "d", "1", "a")).isFalse();
    assertThat(matches("code = 'ABC'", "x", "1", "d", "1", "abc")).isFalse();
  }

  @Test
  void ordersTextByCodePoint() {
    // U+FF5E sorts before U+1F600 by code point (and in UTF-8) but after it in UTF-16 units.
    assertThat(matches("code < '\uD83D\uDE00'", "x", "1", "d", "1", "\uFF5E")).isTrue();
    assertThat(matches("code > 'Z'", "x", "1", "d", "1", "a")).isTrue();
    assertThat(matches("code < 'ab'", "x", "1", "d", "1", "a")).isTrue();
  }

  @Test
  void nullValuesSatisfyNoComparisonAndNoNegatedComparison() {
    for (String nullValue : Arrays.asList(null, PartitionNames.DEFAULT_PARTITION_NAME)) {
      for (String expression :
          List.of(
              "year = '1'",
              "year <> '1'",
              "year IN ('1')",
              "year BETWEEN '0' AND '9'",
              "year LIKE '%'",
              "year > ''")) {
        assertThat(matches(expression, nullValue, "1", "d", "1", "a")).as(expression).isFalse();
        assertThat(matches("NOT (" + expression + ")", nullValue, "1", "d", "1", "a"))
            .as("NOT " + expression)
            .isFalse();
      }
      assertThat(matches("year IS NULL", nullValue, "1", "d", "1", "a")).isTrue();
      assertThat(matches("year IS NOT NULL", nullValue, "1", "d", "1", "a")).isFalse();
      assertThat(matches("month IS NULL", "2024", nullValue, "d", "1", "a")).isTrue();
      assertThat(matches("month = 1 OR month <> 1", "2024", nullValue, "d", "1", "a")).isFalse();
    }
  }

  @Test
  void numberKeyValueThatIsNoNumberComparesLikeNull() {
    assertThat(matches("month = 1 OR month <> 1", "y", "abc", "d", "1", "a")).isFalse();
    assertThat(matches("NOT (month > 1)", "y", "abc", "d", "1", "a")).isFalse();
    assertThat(matches("month IS NULL", "y", "abc", "d", "1", "a")).isFalse();
    assertThat(matches("month IS NOT NULL", "y", "abc", "d", "1", "a")).isTrue();
    assertThat(matches("month LIKE 'ab%'", "y", "abc", "d", "1", "a")).isTrue();
    assertThat(matches("month = 1000", "y", "1e3", "d", "1", "a")).isFalse();
  }

  @Test
  void followsThreeValuedLogic() {
    // year is null: "year = '1'" is unknown.
    String[] values = {null, "5", "d", "1", "a"};
    assertThat(matches("year = '1' OR month = 5", values)).isTrue();
    assertThat(matches("year = '1' OR month = 6", values)).isFalse();
    assertThat(matches("NOT (year = '1' OR month = 6)", values)).isFalse();
    assertThat(matches("year = '1' AND month = 6", values)).isFalse();
    assertThat(matches("NOT (year = '1' AND month = 6)", values)).isTrue();
    assertThat(matches("NOT (year = '1' AND month = 5)", values)).isFalse();
    assertThat(matches("NOT NOT (year = '1')", values)).isFalse();
  }

  @Test
  void emptyJunctions() {
    List<String> values = List.of("2024", "1", "d", "1", "a");
    assertThat(PartitionFilter.bind(new PartitionPredicate.And(List.of()), KEYS).test(values))
        .isTrue();
    assertThat(PartitionFilter.bind(new PartitionPredicate.Or(List.of()), KEYS).test(values))
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "abc | abc | true",
        "abc | ABC | false",
        "abc | a% | true",
        "abc | %c | true",
        "abc | %b% | true",
        "abc | %% | true",
        "abc | % | true",
        "abc | a_c | true",
        "abc | a_ | false",
        "abc | ___ | true",
        "abc | ____ | false",
        "abc | _%_ | true",
        "ac | a%b%c | false",
        "aXbYc | a%b%c | true",
        "mississippi | %iss%ppi | true",
        "mississippi | %iss%ipi | false",
        "50% | 50\\% | true",
        "500 | 50\\% | false",
        "a_b | a\\_b | true",
        "axb | a\\_b | false",
        "a\\b | a\\\\b | true",
        "ab | \\a\\b | true",
        "😀x | _x | true",
        "😀x | __x | false",
        "東京 | 東_ | true",
      })
  void likeMatchesLikeSql(String value, String pattern, boolean expected) {
    PartitionFilter filter =
        PartitionFilter.bind(new PartitionPredicate.Like("code", pattern), KEYS);
    assertThat(filter.test(Arrays.asList("y", "1", "d", "1", value))).isEqualTo(expected);
  }

  @Test
  void likeOnEmptyValue() {
    assertThat(matches("code LIKE ''", "y", "1", "d", "1", "")).isTrue();
    assertThat(matches("code LIKE '%'", "y", "1", "d", "1", "")).isTrue();
    assertThat(matches("code LIKE '_'", "y", "1", "d", "1", "")).isFalse();
  }

  @Test
  void likeIsNotExponential() {
    String value = "a".repeat(5000);
    String pattern = "%a".repeat(30) + "b";
    assertThat(matches("code LIKE '" + pattern + "'", "y", "1", "d", "1", value)).isFalse();
  }

  @Test
  void rejectsWrongNumberOfValues() {
    assertThatThrownBy(() -> filter("year = '1'").test(List.of("1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 5 partition values, got 1");
  }

  @Test
  void exposesTheValuesTheStoreWrites() {
    assertThat(PartitionFilter.stringValue("abc")).isEqualTo("abc");
    assertThat(PartitionFilter.stringValue("")).isEqualTo("");
    assertThat(PartitionFilter.stringValue(null)).isNull();
    assertThat(PartitionFilter.stringValue(PartitionNames.DEFAULT_PARTITION_NAME)).isNull();
    assertThat(PartitionFilter.numberValue("12")).isEqualTo(new BigDecimal("12"));
    assertThat(PartitionFilter.numberValue("-0012.50")).isEqualTo(new BigDecimal("-12.50"));
    assertThat(PartitionFilter.numberValue("+3")).isEqualTo(new BigDecimal("3"));
    assertThat(PartitionFilter.numberValue(".5")).isEqualTo(new BigDecimal("0.5"));
    assertThat(PartitionFilter.numberValue("5.")).isEqualTo(new BigDecimal("5"));
    for (String notANumber :
        Arrays.asList(
            null,
            PartitionNames.DEFAULT_PARTITION_NAME,
            "",
            "-",
            ".",
            "1e3",
            " 1",
            "1 ",
            "0x10",
            "NaN",
            "Infinity",
            "1.2.3",
            "--1",
            "１",
            "9".repeat(1001))) {
      assertThat(PartitionFilter.numberValue(notANumber)).as(notANumber).isNull();
    }
  }

  @Test
  void rendersReadablyAndReparses() {
    List<String> expressions =
        List.of(
            "year = '2024'",
            "Month > 7",
            "price BETWEEN -1.5 AND 2.25",
            "year IN ('a', 'it''s')",
            "code LIKE 'a\\_%'",
            "day IS NULL",
            "NOT (day IS NULL)",
            "year = '1' AND (Month = 1 OR Month = 2) AND NOT (code = 'x')",
            "(year = '1' AND Month = 1) OR day = '2024-02-29'",
            "day BETWEEN '0000-01-01' AND '9999-12-31'");
    for (String expression : expressions) {
      PartitionFilter filter = filter(expression);
      assertThat(filter).hasToString(expression);
      assertThat(filter(filter.toString()).root()).isEqualTo(filter.root());
    }
    assertThat(filter("month=07 and price in (1.50)")).hasToString("Month = 7 AND price IN (1.50)");
    List<Column> oddKeys = List.of(new Column("my key", "string"));
    assertThat(PartitionFilter.bind(new PartitionPredicate.IsNull("MY KEY"), oddKeys))
        .hasToString("`my key` IS NULL");
  }

  @Test
  void comparesDateKeysAsDays() {
    assertThat(
            matches("day BETWEEN '2024-01-01' AND '2024-01-31'", "x", "1", "2024-01-15", "1", "a"))
        .isTrue();
    assertThat(matches("day > '2023-12-31'", "x", "1", "2024-01-01", "1", "a")).isTrue();
    assertThat(matches("day = DATE '2024-02-29'", "x", "1", "2024-02-29", "1", "a")).isTrue();
    assertThat(matches("day < '1000-01-01'", "x", "1", "0999-12-31", "1", "a")).isTrue();
    // Values that are not dates written yyyy-MM-dd compare like null: never selected, not even
    // by a negation, though text order would have put '2024-1-5' after '2024-01-01'.
    for (String notADate : List.of("2024-1-5", "2023-02-29", "20240101", "2024-01-01 ", "x")) {
      assertThat(matches("day > '2024-01-01'", "x", "1", notADate, "1", "a")).isFalse();
      assertThat(matches("NOT (day > '2024-01-01')", "x", "1", notADate, "1", "a")).isFalse();
      assertThat(matches("day IS NULL", "x", "1", notADate, "1", "a")).isFalse();
      assertThat(matches("day LIKE '20%'", "x", "1", notADate, "1", "a"))
          .isEqualTo(notADate.startsWith("20"));
    }
    assertThat(matches("day IS NULL", "x", "1", PartitionNames.DEFAULT_PARTITION_NAME, "1", "a"))
        .isTrue();
  }

  @Test
  void comparesTimestampKeysAsDateAndTime() {
    List<Column> keys = List.of(new Column("at", "timestamp"));
    PartitionFilter equal =
        PartitionFilter.bind(GlueExpressionParser.parse("at = '2024-03-01 10:00:00'"), keys);
    assertThat(equal.root())
        .isEqualTo(
            new BoundPredicate.Compare(
                0, ValueKind.TIMESTAMP, Operator.EQUAL, LocalDateTime.of(2024, 3, 1, 10, 0)));
    assertThat(equal.test(List.of("2024-03-01 10:00:00"))).isTrue();
    assertThat(equal.test(List.of("2024-03-01 10:00:00.000000000"))).isTrue();
    assertThat(equal.test(List.of("2024-03-01 10:00:00.000000001"))).isFalse();
    assertThat(equal.test(List.of("2024-03-01T10:00:00"))).isFalse();
    PartitionFilter later =
        PartitionFilter.bind(
            GlueExpressionParser.parse("at > TIMESTAMP '2024-03-01 09:59:59.999999999'"), keys);
    assertThat(later.test(List.of("2024-03-01 10:00:00"))).isTrue();
    assertThat(later.test(List.of("2024-03-01 09:59:59.9"))).isFalse();
    assertThat(
            PartitionFilter.bind(GlueExpressionParser.parse("at < '2024-03-01 10:00:00.5'"), keys))
        .hasToString("at < '2024-03-01 10:00:00.5'");
  }

  @Test
  void exposesTheNumbersTheStoreWritesForDatesAndTimestamps() {
    assertThat(PartitionFilter.comparableNumber(PartitionKeyKind.DATE, "1970-01-02"))
        .isEqualTo(BigDecimal.ONE);
    assertThat(PartitionFilter.comparableNumber(PartitionKeyKind.DATE, "1969-12-31"))
        .isEqualTo(BigDecimal.valueOf(-1));
    assertThat(PartitionFilter.comparableNumber(PartitionKeyKind.DATE, "2024-02-30")).isNull();
    assertThat(
            PartitionFilter.comparableNumber(PartitionKeyKind.TIMESTAMP, "1970-01-01 00:00:01.5"))
        .isEqualTo(new BigDecimal("1500000000"));
    assertThat(
            PartitionFilter.comparableNumber(
                PartitionKeyKind.TIMESTAMP, "9999-12-31 23:59:59.999999999"))
        .isEqualTo(new BigDecimal("253402300799999999999"));
    assertThat(PartitionFilter.comparableNumber(PartitionKeyKind.INTEGRAL, "07"))
        .isEqualTo(new BigDecimal("07"));
    assertThat(PartitionFilter.comparableNumber(PartitionKeyKind.STRING, "7")).isNull();
    assertThat(PartitionFilter.comparableNumber(PartitionKeyKind.DATE, null)).isNull();
    assertThat(PartitionFilter.literalNumber(LocalDate.of(1970, 1, 11))).isEqualTo(BigDecimal.TEN);
    assertThatThrownBy(() -> PartitionFilter.literalNumber("text"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static final List<Column> GLUE_KEYS =
      List.of(
          new Column("region", "string"),
          new Column("code", "char(2)"),
          new Column("name", "varchar(20)"),
          new Column("day", "date"),
          new Column("at", "timestamp"),
          new Column("hr", "int"),
          new Column("big", "bigint"),
          new Column("tiny", "tinyint"),
          new Column("small", "smallint"),
          new Column("price", "decimal(10,2)"),
          new Column("ratio", "double"),
          new Column("flag", "boolean"));

  private static PartitionFilter glue(String expression) {
    return PartitionFilter.bindGlueExpression(GlueExpressionParser.parse(expression), GLUE_KEYS);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "region = 'eu' AND code = 'de' AND name LIKE 'a%'",
        "day BETWEEN '2024-01-01' AND '2024-12-31'",
        "at > '2024-01-01 00:00:00'",
        "hr IN (1, 2, -3) AND big > 10000000000 AND tiny = 1 AND small <> 2",
        "price >= 1.25",
        "hr = '7'",
        "region IS NULL OR day IS NOT NULL",
      })
  void glueRulesAcceptWhatAwsDocuments(String expression) {
    assertThat(glue(expression).root())
        .isEqualTo(PartitionFilter.bind(GlueExpressionParser.parse(expression), GLUE_KEYS).root());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "hr LIKE '1%' | Integral data type doesn't support operation 'LIKE' (key 'hr' of type int)",
        "NOT big LIKE '1%' | Integral data type doesn't support operation 'LIKE' (key 'big' of type bigint)",
        "day LIKE '2024%' | Date data type doesn't support operation 'LIKE' (key 'day' of type date)",
        "at LIKE '2024%' | Timestamp data type doesn't support operation 'LIKE' (key 'at' of type timestamp)",
        "price LIKE '1%' | Decimal data type doesn't support operation 'LIKE' (key 'price' of type decimal(10,2))",
        "hr = 1.5 | '1.5' is not an integer for key 'hr' of type int",
        "hr IN (1, 2.0) | '2.0' is not an integer for key 'hr' of type int",
        "price > 'x' | 'x' is not a number for key 'price' of type decimal(10,2)",
        "day = '2024-1-1' | '2024-1-1' is not a date (yyyy-MM-dd) for key 'day' of type date",
        "at = '2024-01-01' | '2024-01-01' is not a timestamp (yyyy-MM-dd HH:mm:ss[.fffffffff]) for key 'at' of type timestamp",
        "ratio > 1 | Partition key 'ratio' has type double, which a GetPartitions expression cannot filter on; the supported types are string, char, varchar, date, timestamp, tinyint, smallint, int, bigint and decimal",
        "flag IS NULL | Partition key 'flag' has type boolean, which a GetPartitions expression cannot filter on; the supported types are string, char, varchar, date, timestamp, tinyint, smallint, int, bigint and decimal",
        "nope = 1 | Unknown partition key 'nope'; the table's partition keys are: region, code, name, day, at, hr, big, tiny, small, price, ratio, flag",
      })
  void glueRulesRejectWithAwsLikeMessages(String expression, String message) {
    assertThatThrownBy(() -> glue(expression))
        .isInstanceOf(ValidationException.class)
        .hasMessage(message);
  }

  @Test
  void hiveRulesStayLenient() {
    assertThat(PartitionFilter.bind(GlueExpressionParser.parse("hr LIKE '1%'"), GLUE_KEYS).root())
        .isEqualTo(new BoundPredicate.Like(5, "1%"));
    assertThat(PartitionFilter.bind(GlueExpressionParser.parse("ratio > 1.5"), GLUE_KEYS).root())
        .isEqualTo(
            new BoundPredicate.Compare(
                10, ValueKind.NUMBER, Operator.GREATER_THAN, new BigDecimal("1.5")));
    assertThat(PartitionFilter.bind(GlueExpressionParser.parse("flag = 'true'"), GLUE_KEYS).root())
        .isEqualTo(new BoundPredicate.Compare(11, ValueKind.STRING, Operator.EQUAL, "true"));
  }

  @Test
  void findsTheRangeOfAKeyAmongTopLevelAndTerms() {
    PartitionFilter filter =
        glue("hr >= 3 AND region = 'eu' AND hr < 10 AND hr > 3 AND NOT hr = 5 AND hr <= 12");
    KeyRange range = filter.keyRange(5).orElseThrow();
    assertThat(range.kind()).isEqualTo(ValueKind.NUMBER);
    assertThat(range.low()).isEqualTo(new KeyRange.Bound(new BigDecimal("3"), false));
    assertThat(range.high()).isEqualTo(new KeyRange.Bound(new BigDecimal("10"), false));
    assertThat(range.isPoint()).isFalse();
    assertThat(range.residual())
        .isEqualTo(
            new BoundPredicate.And(
                List.of(
                    new BoundPredicate.Compare(0, ValueKind.STRING, Operator.EQUAL, "eu"),
                    new BoundPredicate.Not(
                        new BoundPredicate.Compare(
                            5, ValueKind.NUMBER, Operator.EQUAL, new BigDecimal("5"))))));
    assertThat(filter.keyRange(0).orElseThrow().isPoint()).isTrue();
    assertThat(filter.keyRange(3)).isEmpty();

    KeyRange point = glue("day = '2024-01-01'").keyRange(3).orElseThrow();
    assertThat(point.isPoint()).isTrue();
    assertThat(point.residual()).isNull();
    assertThat(glue("price = 7.0 AND price = 7").keyRange(9).orElseThrow().isPoint()).isTrue();
    KeyRange squeezed = glue("price BETWEEN 1 AND 5 AND price >= 5").keyRange(9).orElseThrow();
    assertThat(squeezed.isPoint()).isTrue();
    assertThat(squeezed.residual()).isNull();
    KeyRange empty = glue("hr > 5 AND hr < 5").keyRange(5).orElseThrow();
    assertThat(empty.low()).isEqualTo(new KeyRange.Bound(new BigDecimal("5"), false));
    assertThat(empty.high()).isEqualTo(new KeyRange.Bound(new BigDecimal("5"), false));
    assertThat(empty.isPoint()).isFalse();
    assertThat(glue("hr = 1 OR hr = 2").keyRange(5)).isEmpty();
    assertThat(glue("NOT hr BETWEEN 1 AND 2").keyRange(5)).isEmpty();
    assertThat(glue("hr IN (1, 2) AND region LIKE 'e%'").keyRange(5)).isEmpty();
    assertThat(glue("hr <> 1").keyRange(5)).isEmpty();
  }

  @Test
  void boundPredicatesCheckTheirLiterals() {
    assertThatThrownBy(() -> new BoundPredicate.Compare(0, ValueKind.NUMBER, Operator.EQUAL, "1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new BoundPredicate.Compare(0, ValueKind.STRING, Operator.EQUAL, BigDecimal.ONE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BoundPredicate.InList(0, ValueKind.STRING, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BoundPredicate.IsNull(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"year = '1'", "NOT (day IS NULL)", "month BETWEEN 1 AND 2"})
  void bindingIsDeterministic(String expression) {
    assertThat(filter(expression).root()).isEqualTo(filter(expression).root());
  }
}
