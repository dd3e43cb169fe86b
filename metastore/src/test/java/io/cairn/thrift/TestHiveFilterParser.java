package io.cairn.thrift;

import static io.cairn.catalog.filter.PartitionPredicate.Operator.EQUAL;
import static io.cairn.catalog.filter.PartitionPredicate.Operator.GREATER_THAN;
import static io.cairn.catalog.filter.PartitionPredicate.Operator.LESS_THAN_OR_EQUAL;
import static io.cairn.catalog.filter.PartitionPredicate.Operator.NOT_EQUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.PartitionPredicate;
import io.cairn.catalog.filter.PartitionPredicate.And;
import io.cairn.catalog.filter.PartitionPredicate.Between;
import io.cairn.catalog.filter.PartitionPredicate.Comparison;
import io.cairn.catalog.filter.PartitionPredicate.In;
import io.cairn.catalog.filter.PartitionPredicate.Like;
import io.cairn.catalog.filter.PartitionPredicate.Not;
import io.cairn.catalog.filter.PartitionPredicate.Operator;
import io.cairn.catalog.filter.PartitionPredicate.Or;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TestHiveFilterParser {

  private static PartitionPredicate parse(String filter) {
    return HiveFilterParser.parse(filter);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n  "})
  void blankFilterMeansAllPartitions(String filter) {
    assertThat(parse(filter)).isNull();
  }

  @Test
  void nullFilterMeansAllPartitions() {
    assertThat(parse(null)).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "ds = \"2024\" | EQUAL",
        "ds = '2024' | EQUAL",
        "ds=\"2024\" | EQUAL",
        "ds <> \"2024\" | NOT_EQUAL",
        "ds != \"2024\" | NOT_EQUAL",
        "ds < \"2024\" | LESS_THAN",
        "ds <= \"2024\" | LESS_THAN_OR_EQUAL",
        "ds > \"2024\" | GREATER_THAN",
        "ds >= \"2024\" | GREATER_THAN_OR_EQUAL",
        "ds = 2024 | EQUAL",
      })
  void parsesComparisons(String filter, Operator operator) {
    assertThat(parse(filter)).isEqualTo(new Comparison("ds", operator, "2024"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "\"2024\" = ds | EQUAL",
        "'2024' <> ds | NOT_EQUAL",
        "\"2024\" < ds | GREATER_THAN",
        "\"2024\" <= ds | GREATER_THAN_OR_EQUAL",
        "2024 > ds | LESS_THAN",
        "2024 >= ds | LESS_THAN_OR_EQUAL",
      })
  void flipsTheOperatorWhenTheLiteralIsOnTheLeft(String filter, Operator operator) {
    assertThat(parse(filter)).isEqualTo(new Comparison("ds", operator, "2024"));
  }

  @Test
  void keepsLiteralsAsWritten() {
    assertThat(parse("hr = 05")).isEqualTo(new Comparison("hr", EQUAL, "05"));
    assertThat(parse("hr > -3")).isEqualTo(new Comparison("hr", GREATER_THAN, "-3"));
    assertThat(parse("ds = \"\"")).isEqualTo(new Comparison("ds", EQUAL, ""));
    assertThat(parse("ds = \"it's\"")).isEqualTo(new Comparison("ds", EQUAL, "it's"));
    assertThat(parse("ds = 'say \"hi\"'")).isEqualTo(new Comparison("ds", EQUAL, "say \"hi\""));
  }

  @Test
  void keepsBackslashesInStringsAsHiveDoes() {
    assertThat(parse("ds = \"a\\\"b\"")).isEqualTo(new Comparison("ds", EQUAL, "a\\\"b"));
    assertThat(parse("ds = 'c:\\dir'")).isEqualTo(new Comparison("ds", EQUAL, "c:\\dir"));
  }

  @Test
  void parsesDateAndTimestampLiterals() {
    assertThat(parse("ds = 2024-01-02")).isEqualTo(new Comparison("ds", EQUAL, "2024-01-02"));
    assertThat(parse("ds = DATE '2024-01-02'"))
        .isEqualTo(new Comparison("ds", EQUAL, "2024-01-02"));
    assertThat(parse("date '2024-01-02' < ds"))
        .isEqualTo(new Comparison("ds", GREATER_THAN, "2024-01-02"));
    assertThat(parse("ts <= TIMESTAMP '2024-01-02 03:04:05'"))
        .isEqualTo(new Comparison("ts", LESS_THAN_OR_EQUAL, "2024-01-02 03:04:05"));
    assertThat(parse("ds BETWEEN 2024-01-01 AND DATE '2024-01-31'"))
        .isEqualTo(new Between("ds", "2024-01-01", "2024-01-31"));
  }

  @Test
  void dateAndTimestampAreKeysUnlessAStringFollows() {
    assertThat(parse("date = '2024-01-02'")).isEqualTo(new Comparison("date", EQUAL, "2024-01-02"));
    assertThat(parse("timestamp > 5")).isEqualTo(new Comparison("timestamp", GREATER_THAN, "5"));
    assertThat(parse("date IN ('a')")).isEqualTo(new In("date", List.of("a")));
  }

  @Test
  void parsesKeys() {
    assertThat(parse("`my key` = 'x'")).isEqualTo(new Comparison("my key", EQUAL, "x"));
    assertThat(parse("`a``b` = 'x'")).isEqualTo(new Comparison("a`b", EQUAL, "x"));
    assertThat(parse("`and` = 'x'")).isEqualTo(new Comparison("and", EQUAL, "x"));
    assertThat(parse("1st_key = 'x'")).isEqualTo(new Comparison("1st_key", EQUAL, "x"));
    assertThat(parse("_key = 'x'")).isEqualTo(new Comparison("_key", EQUAL, "x"));
  }

  @Test
  void parsesLogicalOperatorsWithAndBindingTighter() {
    Comparison a = new Comparison("a", EQUAL, "1");
    Comparison b = new Comparison("b", EQUAL, "2");
    Comparison c = new Comparison("c", EQUAL, "3");
    assertThat(parse("a = '1' and b = '2' OR c = '3'"))
        .isEqualTo(new Or(List.of(new And(List.of(a, b)), c)));
    assertThat(parse("a = '1' AND (b = '2' or c = '3')"))
        .isEqualTo(new And(List.of(a, new Or(List.of(b, c)))));
    assertThat(parse("a = '1' and b = '2' and c = '3'")).isEqualTo(new And(List.of(a, b, c)));
    assertThat(parse("((a = '1'))")).isEqualTo(a);
    assertThat(parse("(ds = \"x\" or ds = \"y\")"))
        .isEqualTo(
            new Or(List.of(new Comparison("ds", EQUAL, "x"), new Comparison("ds", EQUAL, "y"))));
  }

  @Test
  void parsesNot() {
    Comparison a = new Comparison("a", EQUAL, "1");
    assertThat(parse("NOT a = '1'")).isEqualTo(new Not(a));
    assertThat(parse("not not a = '1'")).isEqualTo(new Not(new Not(a)));
    assertThat(parse("not (a = '1' or a = '2')"))
        .isEqualTo(new Not(new Or(List.of(a, new Comparison("a", EQUAL, "2")))));
    assertThat(parse("NOT a = '1' AND b = '2'"))
        .isEqualTo(new And(List.of(new Not(a), new Comparison("b", EQUAL, "2"))));
  }

  @Test
  void parsesInBothSpellings() {
    In in = new In("hr", List.of("1", "2"));
    assertThat(parse("hr IN (1,2)")).isEqualTo(in);
    assertThat(parse("hr in ( 1 , 2 )")).isEqualTo(in);
    assertThat(parse("(hr) IN (1, 2)")).isEqualTo(in);
    assertThat(parse("hr NOT IN (1, 2)")).isEqualTo(new Not(in));
    assertThat(parse("(hr) not in (1, 2)")).isEqualTo(new Not(in));
    assertThat(parse("ds IN ('a', \"b\", 2024-01-01)"))
        .isEqualTo(new In("ds", List.of("a", "b", "2024-01-01")));
    assertThat(parse("(hr) IN (1) and (ds = 'x')"))
        .isEqualTo(new And(List.of(new In("hr", List.of("1")), new Comparison("ds", EQUAL, "x"))));
  }

  @Test
  void parsesBetween() {
    assertThat(parse("hr BETWEEN 3 AND 5")).isEqualTo(new Between("hr", "3", "5"));
    assertThat(parse("hr not between 3 and 5")).isEqualTo(new Not(new Between("hr", "3", "5")));
    assertThat(parse("ds BETWEEN 'a' AND 'b' AND hr = 1"))
        .isEqualTo(new And(List.of(new Between("ds", "a", "b"), new Comparison("hr", EQUAL, "1"))));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "2024-01.*       | 2024-01%",
        "2024-01-0.      | 2024-01-0_",
        ".*-01-.*        | %-01-%",
        "a.+             | a_%",
        "2024\\.01       | 2024.01",
        "100%            | 100\\%",
        "a_b.*           | a\\_b%",
        "a\\\\b          | a\\\\b",
        "a\\*b           | a*b",
        "plain           | plain",
        "~~              | ~~",
      })
  void translatesLikeRegularExpressionsToSqlLike(String regex, String like) {
    assertThat(parse("ds LIKE \"" + regex + "\"")).isEqualTo(new Like("ds", like));
  }

  @Test
  void likeIsCaseInsensitiveAndTakesEitherQuote() {
    assertThat(parse("ds like '2024.*'")).isEqualTo(new Like("ds", "2024%"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "ds = | Unexpected end of filter at position 5; expected a value",
        "ds = 'it''s' | Unexpected string 's' at position 10;"
            + " expected AND, OR or the end of the filter",
        "ds | Unexpected end of filter at position 3;"
            + " expected a comparison operator, LIKE, BETWEEN, IN or NOT",
        "ds = 'a' and | Unexpected end of filter at position 13;"
            + " expected a partition key or a value",
        "ds = 'a' hr = 1 | Unexpected identifier 'hr' at position 10;"
            + " expected AND, OR or the end of the filter",
        "(ds = 'a' | Unexpected end of filter at position 10; expected ')'",
        "ds = 'a') | Unexpected token ')' at position 9; expected AND, OR or the end of the filter",
        "ds == 'a' | Unexpected token '=' at position 5; expected a value",
        "ds = 'a' && hr = 1 | Unexpected character '&' at position 10",
        "ds ! 'a' | Unexpected character '!' at position 4",
        "ds = 'abc | Unterminated string starting at position 6",
        "ds = \"abc\\\" | Unterminated string starting at position 6",
        "`ds = 'a' | Unterminated quoted identifier starting at position 1",
        "`` = 'a' | Empty quoted identifier at position 1",
        "ds IN () | Unexpected token ')' at position 8; expected a value",
        "ds IN (1, ) | Unexpected token ')' at position 11; expected a value",
        "ds IN (1 2) | Unexpected number 2 at position 10; expected ',' or ')'",
        "ds IN 1 | Unexpected number 1 at position 7; expected '('",
        "ds NOT LIKE 'a' | Unexpected keyword LIKE at position 8; expected BETWEEN or IN",
        "ds BETWEEN 1 OR 2 | Unexpected keyword OR at position 14; expected AND",
        "ds BETWEEN 1 | Unexpected end of filter at position 13; expected AND",
        "ds = hr | Comparing partition key 'ds' with partition key 'hr' at position 1"
            + " is not supported; compare a key with a value",
        "'a' = 'b' | Unexpected string 'b' at position 7; expected a partition key",
        "'a' ds | Unexpected identifier 'ds' at position 5; expected a comparison operator",
        "'a%' LIKE ds | LIKE at position 6 needs the partition key on its left"
            + " and the pattern on its right",
        "ds LIKE 5 | Unexpected number 5 at position 9; expected a string pattern",
        "ds = -x | Unexpected character '-' at position 6",
        "ds = -1x | Malformed number at position 6",
        "ds = 2024-13-01 | '2024-13-01' at position 6 is not a date of the form yyyy-MM-dd",
        "ds = DATE '2024-1-1' | '2024-1-1' at position 11 is not a date of the form yyyy-MM-dd",
        "ts = TIMESTAMP '2024-01-01' | '2024-01-01' at position 16"
            + " is not a timestamp of the form yyyy-MM-dd HH:mm:ss",
        "ds = date | Comparing partition key 'ds' with partition key 'date' at position 1",
        "ds = DATE | Comparing partition key 'ds' with partition key 'DATE' at position 1",
        "ds = DATE 5 | Comparing partition key 'ds' with partition key 'DATE' at position 1",
        "and = 'a' | Unexpected keyword AND at position 1; expected a partition key or a value",
        "(struct(a, b)) IN (const struct(1, 2)) | Unexpected token '(' at position 8;"
            + " expected a comparison operator, LIKE, BETWEEN, IN or NOT",
      })
  void rejectsMalformedFiltersNamingThePosition(String filter, String message) {
    assertThatThrownBy(() -> parse(filter))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "a[0-9] | [ | 2",
        "a* | * | 2",
        "a+ | + | 2",
        "a? | ? | 2",
        "~a|b~ | ~|~ | 2",
        "^a | ^ | 1",
        "a$ | $ | 2",
        "(a) | ( | 1",
        "a{2} | { | 2",
        "\\d+ | \\d | 1",
      })
  void rejectsRegularExpressionsThatLikeCannotExpress(String regex, String construct, int offset) {
    assertThatThrownBy(() -> parse("ds LIKE '" + regex + "'"))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "The LIKE pattern '"
                + regex
                + "' at position 9 uses the regular expression construct '"
                + construct
                + "' (at character "
                + offset
                + " of the pattern); only '.*', '.+', '.' and backslash-escaped symbols are"
                + " supported");
  }

  @Test
  void boundsTheLength() {
    String longest = "ds = '" + "x".repeat(HiveFilterParser.MAX_FILTER_LENGTH - 7) + "'";
    assertThat(longest).hasSize(HiveFilterParser.MAX_FILTER_LENGTH);
    assertThat(parse(longest)).isInstanceOf(Comparison.class);
    assertThatThrownBy(() -> parse(longest + " "))
        .isInstanceOf(ValidationException.class)
        .hasMessage("The filter has 65537 characters; at most 65536 are allowed");
  }

  @Test
  void boundsTheNestingDepth() {
    String deepest = "(".repeat(100) + "a = 1" + ")".repeat(100);
    assertThat(parse(deepest)).isEqualTo(new Comparison("a", EQUAL, "1"));
    String tooDeep = "(".repeat(101) + "a = 1" + ")".repeat(101);
    assertThatThrownBy(() -> parse(tooDeep))
        .isInstanceOf(ValidationException.class)
        .hasMessage("The filter nests deeper than 100 levels at position 101");
    String tooManyNots = "NOT ".repeat(101) + "a = 1";
    assertThatThrownBy(() -> parse(tooManyNots))
        .isInstanceOf(ValidationException.class)
        .hasMessage("The filter nests deeper than 100 levels at position 401");
  }

  @Test
  void manyTermsDoNotNest() {
    String wide = String.join(" OR ", java.util.Collections.nCopies(5000, "hr <> 1"));
    assertThat(parse(wide))
        .isInstanceOfSatisfying(Or.class, or -> assertThat(or.terms()).hasSize(5000));
    assertThat(parse("hr <> 1")).isEqualTo(new Comparison("hr", NOT_EQUAL, "1"));
  }
}
