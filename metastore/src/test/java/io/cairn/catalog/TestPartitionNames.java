package io.cairn.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestPartitionNames {
  private static final List<Column> KEYS =
      List.of(new Column("Year", "string"), new Column("month", "int"));

  @Test
  void buildsNameWithLowerCaseKeys() {
    assertThat(PartitionNames.name(KEYS, List.of("2024", "7"))).isEqualTo("year=2024/month=7");
  }

  @Test
  void escapesHivePathCharacters() {
    assertThat(PartitionNames.name(KEYS, List.of("a/b", "c=d")))
        .isEqualTo("year=a%2Fb/month=c%3Dd");
    assertThat(PartitionNames.name(KEYS, List.of("100%", "x:y")))
        .isEqualTo("year=100%25/month=x%3Ay");
    assertThat(PartitionNames.name(KEYS, List.of("\"#'*?\\", "{[]^")))
        .isEqualTo("year=%22%23%27%2A%3F%5C/month=%7B%5B%5D%5E");
    assertThat(PartitionNames.name(KEYS, List.of("\u0000\u0001\u001f\u007f", "\t\n")))
        .isEqualTo("year=%00%01%1F%7F/month=%09%0A");
  }

  @Test
  void leavesOtherCharactersAlone() {
    assertThat(PartitionNames.name(KEYS, List.of("a b+c,d;e&f@g!h$i(j)k~l-m.n", "}|<>`")))
        .isEqualTo("year=a b+c,d;e&f@g!h$i(j)k~l-m.n/month=}|<>`");
    assertThat(PartitionNames.name(KEYS, List.of("Zürich", "東京😀")))
        .isEqualTo("year=Zürich/month=東京😀");
  }

  @Test
  void escapesKeyNames() {
    List<Column> keys = List.of(new Column("a=b", "string"));
    assertThat(PartitionNames.name(keys, List.of("1"))).isEqualTo("a%3Db=1");
    assertThat(PartitionNames.values(keys, "a%3Db=1")).containsExactly("1");
  }

  @Test
  void nullAndEmptyValuesBecomeTheDefaultPartition() {
    assertThat(PartitionNames.name(KEYS, Arrays.asList(null, "")))
        .isEqualTo("year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__");
    assertThat(PartitionNames.values(KEYS, "year=__HIVE_DEFAULT_PARTITION__/month=1"))
        .containsExactly(PartitionNames.DEFAULT_PARTITION_NAME, "1");
  }

  @Test
  void rejectsWrongNumberOfValues() {
    assertThatThrownBy(() -> PartitionNames.name(KEYS, List.of("2024")))
        .isInstanceOf(ValidationException.class)
        .hasMessage("expected 2 partition values for the partition keys (year, month), got 1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024",
        "a/b",
        "a=b",
        "%",
        "%25",
        "%zz",
        "100%",
        "with space",
        "  ",
        "'quoted'",
        "C:\\path\\file",
        "Zürich",
        "東京😀",
        "\u0001control\u007f",
        "__HIVE_DEFAULT_PARTITION__",
        "=/=/",
        "{[^]}",
      })
  void roundTrips(String value) {
    String name = PartitionNames.name(KEYS, List.of(value, "x" + value));
    assertThat(name).doesNotContain("//").matches("year=[^/=]+/month=[^/=]+");
    assertThat(PartitionNames.values(KEYS, name)).containsExactly(value, "x" + value);
    assertThat(PartitionNames.spec(name))
        .containsExactly(Map.entry("year", value), Map.entry("month", "x" + value));
  }

  @Test
  void unescapesLikeHive() {
    // Hive decodes every %XX, also ones it would not have escaped, and keeps a % that starts no
    // escape as it is.
    assertThat(PartitionNames.values(KEYS, "year=a%20b/month=%4a%zz%2"))
        .containsExactly("a b", "J%zz%2");
  }

  @Test
  void specKeepsOrderAndLowerCasesKeys() {
    Map<String, String> spec = PartitionNames.spec("C=3/a=1/B=2");
    assertThat(spec).containsExactly(Map.entry("c", "3"), Map.entry("a", "1"), Map.entry("b", "2"));
    assertThatThrownBy(() -> spec.put("d", "4")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void valuesMatchKeysCaseInsensitively() {
    assertThat(PartitionNames.values(KEYS, "YEAR=2024/Month=7")).containsExactly("2024", "7");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "year=2024",
        "month=7/year=2024",
        "year=2024/day=7",
        "year=2024/month=7/day=1",
      })
  void rejectsNamesNotMatchingTheKeys(String name) {
    assertThatThrownBy(() -> PartitionNames.values(KEYS, name))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "partition name '" + name + "' does not match the partition keys (year, month)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "year",
        "year=",
        "=2024",
        "year=2024/",
        "/year=2024",
        "year=2024//month=7",
        "year=2024=2025",
        "year=1/year=2",
        "year=1/YEAR=2",
      })
  void rejectsMalformedNames(String name) {
    assertThatThrownBy(() -> PartitionNames.spec(name))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("malformed partition name '" + name + "'");
    assertThatThrownBy(() -> PartitionNames.values(KEYS, name))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("malformed partition name '" + name + "'");
  }

  @Test
  void malformedNameMessageSaysWhy() {
    assertThatThrownBy(() -> PartitionNames.spec("year=1/month"))
        .hasMessage("malformed partition name 'year=1/month': 'month' is not key=value");
    assertThatThrownBy(() -> PartitionNames.spec("year=1/year=2"))
        .hasMessage("malformed partition name 'year=1/year=2': key 'year' appears twice");
  }
}
