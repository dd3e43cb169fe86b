package io.cairn.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class TestPartitionProjection {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-03-15T10:30:00Z"), ZoneOffset.UTC);
  private static final String LOCATION = "s3://bucket/logs";
  private static final ColumnDomain.Comparator TEXT = String::compareTo;
  private static final ColumnDomain.Comparator NUMBER =
      (value, literal) -> Long.compare(Long.parseLong(value), Long.parseLong(literal));

  // Types

  @Test
  void enumValuesKeepTheirWhitespaceAndOrder() {
    PartitionProjection projection =
        projection(
            Map.of("projection.region.type", "enum", "projection.region.values", "us, eu,ap"),
            string("region"));

    assertThat(all(projection)).containsExactly(List.of("us"), List.of(" eu"), List.of("ap"));
    assertThat(projection.contains(List.of(" eu"))).isTrue();
    assertThat(projection.contains(List.of("eu"))).isFalse();
    assertThat(select(projection, ColumnDomain.points(List.of("ap", "xx"), TEXT)))
        .containsExactly(List.of("ap"));
  }

  @Test
  void integerRangeStepsByIntervalAndPadsDigits() {
    PartitionProjection projection =
        projection(
            Map.of(
                "projection.shard.type", "integer",
                "projection.shard.range", "0,20",
                "projection.shard.interval", "5",
                "projection.shard.digits", "3"),
            string("shard"));

    assertThat(all(projection))
        .containsExactly(
            List.of("000"), List.of("005"), List.of("010"), List.of("015"), List.of("020"));
    assertThat(projection.contains(List.of("010"))).isTrue();
    assertThat(projection.contains(List.of("10"))).isFalse();
    assertThat(projection.contains(List.of("011"))).isFalse();
    assertThat(select(projection, between("005", "015", TEXT)))
        .containsExactly(List.of("005"), List.of("010"), List.of("015"));
  }

  @Test
  void integerRangeOnANumberColumnComparesNumerically() {
    PartitionProjection projection =
        projection(
            Map.of("projection.n.type", "integer", "projection.n.range", "-5,12"),
            new PartitionColumn("n", "int"));

    assertThat(select(projection, between("-1", "2", NUMBER)))
        .containsExactly(List.of("-1"), List.of("0"), List.of("1"), List.of("2"));
    assertThat(select(projection, ColumnDomain.points(List.of("7", "99"), NUMBER)))
        .containsExactly(List.of("7"));
  }

  @Test
  void unpaddedIntegersInATextColumnAreWalkedInTextOrder() {
    PartitionProjection projection =
        projection(
            Map.of("projection.n.type", "integer", "projection.n.range", "1,12"), string("n"));

    // As text, '10' < '2' < '9': the selection is what text comparison selects, not 2..9.
    assertThat(select(projection, between("2", "9", TEXT)))
        .extracting(values -> values.get(0))
        .containsExactly("2", "3", "4", "5", "6", "7", "8", "9");
    assertThat(select(projection, between("1", "11", TEXT)))
        .extracting(values -> values.get(0))
        .containsExactly("1", "10", "11");
  }

  @Test
  void dailyDatesIncludeBothEndsAndTheLeapDay() {
    PartitionProjection projection = daily("2024-02-27,2024-03-02");

    assertThat(all(projection))
        .extracting(values -> values.get(0))
        .containsExactly("2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02");
    assertThat(projection.contains(List.of("2024-02-29"))).isTrue();
    assertThat(projection.contains(List.of("2023-02-29"))).isFalse();
  }

  @Test
  void monthlyIntervalsStayOnMonthEnds() {
    PartitionProjection projection =
        projection(
            Map.of(
                "projection.day.type", "date",
                "projection.day.format", "yyyy-MM-dd",
                "projection.day.range", "2023-12-31,2024-05-31",
                "projection.day.interval", "1",
                "projection.day.interval.unit", "MONTHS"),
            string("day"));

    assertThat(all(projection))
        .extracting(values -> values.get(0))
        .containsExactly(
            "2023-12-31", "2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31");
    assertThat(projection.contains(List.of("2024-04-30"))).isTrue();
    assertThat(projection.contains(List.of("2024-04-29"))).isFalse();
  }

  @Test
  void hourlyFormatDefaultsItsUnitToHours() {
    PartitionProjection projection =
        projection(
            Map.of(
                "projection.hour.type", "date",
                "projection.hour.format", "yyyy/MM/dd/HH",
                "projection.hour.range", "2024/01/01/22,2024/01/02/01"),
            string("hour"));

    assertThat(all(projection))
        .extracting(values -> values.get(0))
        .containsExactly("2024/01/01/22", "2024/01/01/23", "2024/01/02/00", "2024/01/02/01");
  }

  @Test
  void nowArithmeticIsReadAtTheClockInUtc() {
    PartitionProjection projection = daily("NOW-3YEARS,NOW");

    List<List<String>> days = all(projection);
    assertThat(days.get(0)).containsExactly("2021-03-15");
    assertThat(days.get(days.size() - 1)).containsExactly("2024-03-15");
    assertThat(days).hasSize(1097); // three years holding one leap day, both ends included

    PartitionProjection ahead = daily("NOW-1DAY, NOW + 2 DAYS");
    assertThat(all(ahead))
        .extracting(values -> values.get(0))
        .containsExactly("2024-03-14", "2024-03-15", "2024-03-16", "2024-03-17");
  }

  @Test
  void injectedColumnsTakeTheirValuesFromTheFilter() {
    PartitionProjection projection =
        projection(Map.of("projection.device.type", "injected"), string("device"));

    assertThat(select(projection, ColumnDomain.points(List.of("a1", "b2"), TEXT)))
        .containsExactly(List.of("a1"), List.of("b2"));
    assertThat(projection.contains(List.of("anything"))).isTrue();
    assertThatThrownBy(() -> all(projection))
        .isInstanceOf(ProjectionException.class)
        .hasMessageContaining("projection.device.type")
        .hasMessageContaining("= or IN");
    assertThatThrownBy(() -> select(projection, between("a", "b", TEXT)))
        .isInstanceOf(ProjectionException.class)
        .hasMessageContaining("= or IN");
  }

  // Pruning

  @Test
  void aRangeOnAnOrderedColumnIsFoundWithoutWalkingIt() {
    PartitionProjection projection = daily("2000-01-01,2099-12-31");
    int[] calls = {0};
    ToIntFunction<String> counting =
        value -> {
          calls[0]++;
          return value.compareTo("2024-03-10") < 0 ? -1 : value.compareTo("2024-03-16") > 0 ? 1 : 0;
        };

    List<List<String>> week = select(projection, ColumnDomain.range(counting));

    assertThat(week).hasSize(7);
    assertThat(week.get(0)).containsExactly("2024-03-10");
    assertThat(calls[0]).isLessThan(60); // two binary searches over 36,525 days
  }

  @Test
  void emptyIntersectionsAndFiltersOutsideTheRangeSelectNothing() {
    PartitionProjection projection = daily("2024-01-01,2024-12-31");

    assertThat(select(projection, between("2025-01-01", "2025-02-01", TEXT))).isEmpty();
    assertThat(select(projection, between("2023-01-01", "2023-12-31", TEXT))).isEmpty();
    ColumnDomain contradiction =
        between("2024-01-01", "2024-01-10", TEXT)
            .intersect(between("2024-02-01", "2024-02-10", TEXT));
    assertThat(select(projection, contradiction)).isEmpty();
    assertThat(select(projection, ColumnDomain.NONE)).isEmpty();
    assertThat(select(projection, between("2023-12-30", "2024-01-02", TEXT)))
        .extracting(values -> values.get(0))
        .containsExactly("2024-01-01", "2024-01-02");
  }

  @Test
  void columnsCombineAsAProductAndAnEmptyColumnEndsEarly() {
    PartitionProjection projection =
        projection(
            Map.of(
                "projection.region.type", "enum",
                "projection.region.values", "us,eu",
                "projection.day.type", "date",
                "projection.day.format", "yyyy-MM-dd",
                "projection.day.range", "2024-01-01,2024-01-02",
                "projection.device.type", "injected"),
            string("region"),
            string("day"),
            string("device"));

    List<ColumnDomain> domains =
        List.of(ColumnDomain.ALL, ColumnDomain.ALL, ColumnDomain.points(List.of("d1"), TEXT));
    assertThat(projection.partitions(domains, 100))
        .containsExactly(
            List.of("us", "2024-01-01", "d1"),
            List.of("us", "2024-01-02", "d1"),
            List.of("eu", "2024-01-01", "d1"),
            List.of("eu", "2024-01-02", "d1"));
    // No device given, but the day excludes everything: nothing, rather than an error.
    assertThat(
            projection.partitions(
                List.of(
                    ColumnDomain.ALL, between("2030-01-01", "2030-01-02", TEXT), ColumnDomain.ALL),
                100))
        .isEmpty();
  }

  @Test
  void moreThanTheLimitIsAClearError() {
    PartitionProjection projection = daily("2000-01-01,2024-12-31");

    assertThatThrownBy(() -> projection.partitions(List.of(ColumnDomain.ALL), 1000))
        .isInstanceOf(ProjectionException.class)
        .hasMessageContaining("more than 1,000 partitions");
    assertThat(projection.partitions(List.of(between("2024-01-01", "2024-12-31", TEXT)), 1000))
        .hasSize(366);
  }

  // Locations

  @Test
  void locationsFollowTheTemplateOrHiveDirectories() {
    PartitionProjection templated =
        projection(
            Map.of(
                "projection.region.type", "enum",
                "projection.region.values", "us",
                "projection.day.type", "date",
                "projection.day.format", "yyyy-MM-dd HH:mm",
                "projection.day.range", "2024-01-01 00:00,2024-01-01 00:00",
                "storage.location.template", "s3://bucket/${day}/data/${region}/"),
            string("region"),
            string("day"));
    assertThat(templated.location(List.of("us", "2024-01-01 00:00")))
        .isEqualTo("s3://bucket/2024-01-01 00:00/data/us/");

    Map<String, String> rules = new HashMap<>();
    rules.put("projection.region.type", "enum");
    rules.put("projection.region.values", "us");
    rules.put("projection.day.type", "date");
    rules.put("projection.day.format", "yyyy-MM-dd HH:mm");
    rules.put("projection.day.range", "2024-01-01 00:00,2024-01-01 00:00");
    PartitionProjection hive = projection(rules, string("region"), string("day"));
    assertThat(hive.location(List.of("us", "2024-01-01 00:00")))
        .isEqualTo(LOCATION + "/region=us/day=2024-01-01 00%3A00");
  }

  // Validation: every rule names the property it rejects.

  @Test
  void rejectsInvalidRulesNamingTheProperty() {
    assertInvalid(Map.of("projection.enabled", "yes"), "projection.enabled");
    assertInvalid(Map.of(), "projection.day.type");
    assertInvalid(Map.of("projection.day.type", "calendar"), "projection.day.type");
    assertInvalid(
        Map.of("projection.day.type", "enum", "projection.other.type", "enum"),
        "projection.other.type");
    assertInvalid(
        Map.of("projection.day.type", "injected", "projection.day.colour", "red"),
        "projection.day.colour");
    assertInvalid(Map.of("projection.day.type", "enum"), "projection.day.values");
    assertInvalid(
        Map.of("projection.day.type", "enum", "projection.day.values", "a,,b"),
        "projection.day.values");
    assertInvalid(Map.of("projection.day.type", "integer"), "projection.day.range");
    assertInvalid(
        Map.of("projection.day.type", "integer", "projection.day.range", "1"),
        "projection.day.range");
    assertInvalid(
        Map.of("projection.day.type", "integer", "projection.day.range", "a,5"),
        "projection.day.range");
    assertInvalid(
        Map.of("projection.day.type", "integer", "projection.day.range", "9,5"),
        "projection.day.range");
    assertInvalid(
        Map.of(
            "projection.day.type", "integer",
            "projection.day.range", "1,5",
            "projection.day.interval", "0"),
        "projection.day.interval");
    assertInvalid(
        Map.of(
            "projection.day.type", "integer",
            "projection.day.range", "1,5",
            "projection.day.digits", "-2"),
        "projection.day.digits");
    assertInvalid(
        Map.of("projection.day.type", "date", "projection.day.range", "2024-01-01,NOW"),
        "projection.day.format");
    assertInvalid(
        Map.of(
            "projection.day.type", "date",
            "projection.day.format", "yyyy-MM-dd",
            "projection.day.range", "2024-01-01"),
        "projection.day.range");
    assertInvalid(
        Map.of(
            "projection.day.type", "date",
            "projection.day.format", "yyyy-MM-dd",
            "projection.day.range", "2024/01/01,NOW"),
        "projection.day.range");
    assertInvalid(
        Map.of(
            "projection.day.type", "date",
            "projection.day.format", "yyyy-MM-dd",
            "projection.day.range", "NOW-3FORTNIGHTS,NOW"),
        "projection.day.range");
    assertInvalid(
        Map.of(
            "projection.day.type", "date",
            "projection.day.format", "yyyy-MM-dd",
            "projection.day.range", "2024-02-01,2024-01-01"),
        "projection.day.range");
    assertInvalid(
        Map.of(
            "projection.day.type", "date",
            "projection.day.format", "yyyy-MM-dd",
            "projection.day.range", "2024-01-01,NOW",
            "projection.day.interval.unit", "FORTNIGHTS"),
        "projection.day.interval.unit");
    assertInvalid(
        Map.of(
            "projection.day.type", "date",
            "projection.day.format", "yyyy-MM-dd{",
            "projection.day.range", "2024-01-01,NOW"),
        "projection.day.format");
    assertInvalid(
        Map.of(
            "projection.day.type", "injected",
            "storage.location.template", "s3://bucket/${region}/"),
        "storage.location.template");
    assertInvalid(
        Map.of("projection.day.type", "injected", "storage.location.template", "s3://bucket/"),
        "storage.location.template");
  }

  @Test
  void projectionOffOrAbsentIsNoProjection() {
    assertThat(
            PartitionProjection.of(
                Map.of("projection.enabled", "false"), List.of(string("d")), LOCATION, CLOCK))
        .isEmpty();
    assertThat(PartitionProjection.of(Map.of(), List.of(string("d")), LOCATION, CLOCK)).isEmpty();
    assertThat(PartitionProjection.isEnabled(Map.of("projection.enabled", " TRUE "))).isTrue();
  }

  @Test
  void aTypeTheColumnCannotHoldIsRejected() {
    assertThatThrownBy(
            () ->
                PartitionProjection.validate(
                    Map.of(
                        "projection.enabled", "true",
                        "projection.n.type", "date",
                        "projection.n.format", "yyyy",
                        "projection.n.range", "2000,2001"),
                    List.of(new PartitionColumn("n", "int")),
                    LOCATION))
        .isInstanceOf(ProjectionException.class)
        .hasMessageContaining("projection.n.type");
    assertThatThrownBy(
            () ->
                PartitionProjection.validate(
                    Map.of(
                        "projection.enabled", "true",
                        "projection.n.type", "enum",
                        "projection.n.values", "1,two"),
                    List.of(new PartitionColumn("n", "bigint")),
                    LOCATION))
        .isInstanceOf(ProjectionException.class)
        .hasMessageContaining("projection.n.values");
  }

  // Helpers

  private static void assertInvalid(Map<String, String> rules, String property) {
    Map<String, String> parameters = new HashMap<>(rules);
    parameters.putIfAbsent("projection.enabled", "true");
    assertThatThrownBy(
            () -> PartitionProjection.validate(parameters, List.of(string("day")), LOCATION))
        .as("rules %s", rules)
        .isInstanceOf(ProjectionException.class)
        .hasMessageContaining(property);
  }

  private static PartitionProjection daily(String range) {
    return projection(
        Map.of(
            "projection.day.type", "date",
            "projection.day.format", "yyyy-MM-dd",
            "projection.day.range", range),
        string("day"));
  }

  private static PartitionColumn string(String name) {
    return new PartitionColumn(name, "string");
  }

  private static PartitionProjection projection(
      Map<String, String> rules, PartitionColumn... columns) {
    Map<String, String> parameters = new HashMap<>(rules);
    parameters.put("projection.enabled", "true");
    return PartitionProjection.of(parameters, List.of(columns), LOCATION, CLOCK).orElseThrow();
  }

  private static List<List<String>> all(PartitionProjection projection) {
    List<ColumnDomain> domains = new ArrayList<>();
    projection.columns().forEach(column -> domains.add(ColumnDomain.ALL));
    return projection.partitions(domains, PartitionProjection.DEFAULT_LIMIT);
  }

  private static List<List<String>> select(PartitionProjection projection, ColumnDomain domain) {
    return projection.partitions(List.of(domain), PartitionProjection.DEFAULT_LIMIT);
  }

  private static ColumnDomain between(String low, String high, ColumnDomain.Comparator compare) {
    return ColumnDomain.range(
        value -> compare.compare(value, low) < 0 ? -1 : compare.compare(value, high) > 0 ? 1 : 0);
  }
}
