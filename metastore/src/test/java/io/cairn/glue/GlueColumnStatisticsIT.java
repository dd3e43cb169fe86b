package io.cairn.glue;

import static io.cairn.glue.GlueApiIT.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.ColumnError;
import software.amazon.awssdk.services.glue.model.ColumnStatistics;
import software.amazon.awssdk.services.glue.model.ColumnStatisticsData;
import software.amazon.awssdk.services.glue.model.ColumnStatisticsError;
import software.amazon.awssdk.services.glue.model.ColumnStatisticsType;
import software.amazon.awssdk.services.glue.model.DecimalNumber;
import software.amazon.awssdk.services.glue.model.GetColumnStatisticsForTableResponse;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.UpdateColumnStatisticsForPartitionResponse;
import software.amazon.awssdk.services.glue.model.UpdateColumnStatisticsForTableResponse;

/**
 * Glue's column statistics of tables and partitions through the AWS SDK for Java v2's GlueClient:
 * every ColumnStatisticsData kind stored and read back unchanged, per-entry Errors on update, AWS's
 * Errors for columns without statistics on get, deletes, limits and errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked") // the SDK's varargs of builder consumers
class GlueColumnStatisticsIT {
  private static final Instant ANALYZED = Instant.parse("2024-03-01T12:30:45.123Z");
  private static final List<String> ALL_COLUMNS =
      List.of("flag", "day", "price", "ratio", "id", "ts", "name", "payload");

  @TempDir static Path dataDirectory;

  private GlueTestServer server;
  private GlueClient glue;

  @BeforeAll
  void start() {
    server = GlueTestServer.start(dataDirectory);
    glue = server.client();
    glue.createDatabase(r -> r.databaseInput(d -> d.name("stats")));
  }

  @AfterAll
  void stop() {
    glue.close();
    server.close();
  }

  @Test
  void everyKindOfStatisticsIsStoredAndReadBackUnchanged() {
    createTable("kinds");
    List<ColumnStatistics> sent = everyKind();
    UpdateColumnStatisticsForTableResponse update =
        glue.updateColumnStatisticsForTable(
            r -> r.databaseName("stats").tableName("kinds").columnStatisticsList(sent));
    assertThat(update.errors()).isEmpty();

    List<String> asked = new ArrayList<>(ALL_COLUMNS);
    asked.add("ghost");
    GetColumnStatisticsForTableResponse read =
        glue.getColumnStatisticsForTable(
            r -> r.databaseName("stats").tableName("kinds").columnNames(asked));
    assertThat(read.columnStatisticsList()).isEqualTo(sent);
    assertThat(read.errors())
        .extracting(ColumnError::columnName, e -> e.error().errorCode())
        .containsExactly(tuple("ghost", "EntityNotFoundException"));

    // Names are case-insensitive; each column once, in the order asked.
    assertThat(
            glue.getColumnStatisticsForTable(
                    r ->
                        r.databaseName("stats")
                            .tableName("kinds")
                            .columnNames("NAME", "id", "name"))
                .columnStatisticsList())
        .extracting(ColumnStatistics::columnName)
        .containsExactly("name", "id");
  }

  @Test
  void infiniteDoublesTravelAsAwsSendsThem() {
    createTable("doubles");
    ColumnStatistics infinite =
        statistics(
            "ratio",
            "double",
            ColumnStatisticsData.builder()
                .type(ColumnStatisticsType.DOUBLE)
                .doubleColumnStatisticsData(
                    d ->
                        d.minimumValue(Double.NEGATIVE_INFINITY)
                            .maximumValue(Double.POSITIVE_INFINITY)
                            .numberOfNulls(0L)
                            .numberOfDistinctValues(2L))
                .build());
    assertThat(
            glue.updateColumnStatisticsForTable(
                    r ->
                        r.databaseName("stats").tableName("doubles").columnStatisticsList(infinite))
                .errors())
        .isEmpty();
    assertThat(tableStatistics("doubles", "ratio").columnStatisticsList())
        .containsExactly(infinite);
  }

  @Test
  void anUpdateReportsEachEntryThatFailsAndStoresTheOthers() {
    createTable("updates");
    ColumnStatistics id = longStatistics("id", 1, 99);
    ColumnStatistics ghost = longStatistics("ghost", 1, 2);
    ColumnStatistics noData =
        ColumnStatistics.builder()
            .columnName("ratio")
            .columnType("double")
            .analyzedTime(ANALYZED)
            .statisticsData(d -> d.type(ColumnStatisticsType.LONG))
            .build();
    ColumnStatistics badType =
        longStatistics("name", 1, 2).toBuilder().columnType("strin g").build();
    ColumnStatistics twice = longStatistics("id", 5, 6);
    UpdateColumnStatisticsForTableResponse response =
        glue.updateColumnStatisticsForTable(
            r ->
                r.databaseName("stats")
                    .tableName("updates")
                    .columnStatisticsList(id, ghost, noData, badType, twice));
    assertThat(response.errors())
        .extracting(ColumnStatisticsError::columnStatistics)
        .containsExactlyInAnyOrder(ghost, noData, badType, twice);
    assertThat(response.errors())
        .extracting(e -> e.error().errorCode())
        .containsOnly("InvalidInputException");
    assertThat(
            response.errors().stream()
                .filter(e -> e.columnStatistics().equals(ghost))
                .findFirst()
                .orElseThrow()
                .error()
                .errorMessage())
        .contains("ghost");
    assertThat(tableStatistics("updates", "id", "ratio", "name", "ghost").columnStatisticsList())
        .containsExactly(id);

    // A member out of range or missing fails the whole call: nothing is stored.
    ColumnStatistics negative =
        longStatistics("flag", 0, 1).toBuilder()
            .statisticsData(
                d ->
                    d.type(ColumnStatisticsType.LONG)
                        .longColumnStatisticsData(
                            l -> l.numberOfNulls(-1L).numberOfDistinctValues(1L)))
            .build();
    GlueException outOfRange =
        error(
            () ->
                glue.updateColumnStatisticsForTable(
                    r ->
                        r.databaseName("stats")
                            .tableName("updates")
                            .columnStatisticsList(longStatistics("id", 7, 8), negative)),
            "InvalidInputException");
    assertThat(outOfRange.awsErrorDetails().errorMessage())
        .contains(
            "columnStatisticsList.2.member.statisticsData.longColumnStatisticsData.numberOfNulls");
    error(
        () ->
            glue.updateColumnStatisticsForTable(
                r ->
                    r.databaseName("stats")
                        .tableName("updates")
                        .columnStatisticsList(
                            longStatistics("id", 7, 8).toBuilder().analyzedTime(null).build())),
        "InvalidInputException");
    List<ColumnStatistics> tooMany =
        IntStream.range(0, 26).mapToObj(i -> longStatistics("id", i, i + 1)).toList();
    error(
        () ->
            glue.updateColumnStatisticsForTable(
                r -> r.databaseName("stats").tableName("updates").columnStatisticsList(tooMany)),
        "InvalidInputException");
    assertThat(tableStatistics("updates", "id").columnStatisticsList()).containsExactly(id);
    error(
        () ->
            glue.updateColumnStatisticsForTable(r -> r.databaseName("stats").tableName("updates")),
        "InvalidInputException");
    error(
        () ->
            glue.updateColumnStatisticsForTable(
                r -> r.databaseName("stats").tableName("nowhere").columnStatisticsList(id)),
        "EntityNotFoundException");
  }

  @Test
  void aGetNamesEachColumnWithoutStatisticsInErrors() {
    createTable("gets");
    glue.updateColumnStatisticsForTable(
        r ->
            r.databaseName("stats")
                .tableName("gets")
                .columnStatisticsList(longStatistics("id", 1, 99)));
    GetColumnStatisticsForTableResponse response =
        tableStatistics("gets", "id", "payload", "ds", "nothing");
    assertThat(response.columnStatisticsList())
        .extracting(ColumnStatistics::columnName)
        .containsExactly("id");
    assertThat(response.errors())
        .extracting(ColumnError::columnName, e -> e.error().errorCode())
        .containsExactly(
            tuple("payload", "EntityNotFoundException"),
            tuple("ds", "EntityNotFoundException"),
            tuple("nothing", "EntityNotFoundException"));

    List<String> tooMany = IntStream.range(0, 101).mapToObj(i -> "c" + i).toList();
    error(
        () ->
            glue.getColumnStatisticsForTable(
                r -> r.databaseName("stats").tableName("gets").columnNames(tooMany)),
        "InvalidInputException");
    error(
        () -> glue.getColumnStatisticsForTable(r -> r.databaseName("stats").tableName("gets")),
        "InvalidInputException");
    error(
        () ->
            glue.getColumnStatisticsForTable(
                r -> r.databaseName("stats").tableName("nowhere").columnNames("id")),
        "EntityNotFoundException");
  }

  @Test
  void aDeleteRemovesOneColumnsStatisticsAndAMissingOneIsNoError() {
    createTable("deletes");
    glue.updateColumnStatisticsForTable(
        r ->
            r.databaseName("stats")
                .tableName("deletes")
                .columnStatisticsList(longStatistics("id", 1, 5), stringStatistics("name")));
    glue.deleteColumnStatisticsForTable(
        r -> r.databaseName("stats").tableName("deletes").columnName("ID"));
    GetColumnStatisticsForTableResponse after = tableStatistics("deletes", "id", "name");
    assertThat(after.columnStatisticsList())
        .extracting(ColumnStatistics::columnName)
        .containsExactly("name");
    assertThat(after.errors()).extracting(ColumnError::columnName).containsExactly("id");
    // Deleting what is not there succeeds, as on AWS.
    glue.deleteColumnStatisticsForTable(
        r -> r.databaseName("stats").tableName("deletes").columnName("id"));
    error(
        () ->
            glue.deleteColumnStatisticsForTable(
                r -> r.databaseName("stats").tableName("nowhere").columnName("id")),
        "EntityNotFoundException");
    error(
        () ->
            glue.deleteColumnStatisticsForTable(r -> r.databaseName("stats").tableName("deletes")),
        "InvalidInputException");
  }

  @Test
  void partitionsHaveTheirOwnStatistics() {
    createTable("partitioned");
    UpdateColumnStatisticsForPartitionResponse update =
        glue.updateColumnStatisticsForPartition(
            r ->
                r.databaseName("stats")
                    .tableName("partitioned")
                    .partitionValues("2024-01-01")
                    .columnStatisticsList(
                        longStatistics("id", 10, 20),
                        stringStatistics("ds"),
                        stringStatistics("name")));
    // A partition key has no statistics of its own partitions.
    assertThat(update.errors())
        .extracting(e -> e.columnStatistics().columnName(), e -> e.error().errorCode())
        .containsExactly(tuple("ds", "InvalidInputException"));
    var read =
        glue.getColumnStatisticsForPartition(
            r ->
                r.databaseName("stats")
                    .tableName("partitioned")
                    .partitionValues("2024-01-01")
                    .columnNames("id", "name", "flag"));
    assertThat(read.columnStatisticsList())
        .containsExactly(longStatistics("id", 10, 20), stringStatistics("name"));
    assertThat(read.errors()).extracting(ColumnError::columnName).containsExactly("flag");

    glue.deleteColumnStatisticsForPartition(
        r ->
            r.databaseName("stats")
                .tableName("partitioned")
                .partitionValues("2024-01-01")
                .columnName("name"));
    assertThat(
            glue.getColumnStatisticsForPartition(
                    r ->
                        r.databaseName("stats")
                            .tableName("partitioned")
                            .partitionValues("2024-01-01")
                            .columnNames("id", "name"))
                .columnStatisticsList())
        .extracting(ColumnStatistics::columnName)
        .containsExactly("id");
    glue.deleteColumnStatisticsForPartition(
        r ->
            r.databaseName("stats")
                .tableName("partitioned")
                .partitionValues("2024-01-01")
                .columnName("name"));

    error(
        () ->
            glue.getColumnStatisticsForPartition(
                r ->
                    r.databaseName("stats")
                        .tableName("partitioned")
                        .partitionValues("1999-01-01")
                        .columnNames("id")),
        "EntityNotFoundException");
    error(
        () ->
            glue.updateColumnStatisticsForPartition(
                r ->
                    r.databaseName("stats")
                        .tableName("partitioned")
                        .partitionValues("1999-01-01")
                        .columnStatisticsList(longStatistics("id", 1, 2))),
        "EntityNotFoundException");
    error(
        () ->
            glue.deleteColumnStatisticsForPartition(
                r ->
                    r.databaseName("stats")
                        .tableName("partitioned")
                        .partitionValues("1999-01-01")
                        .columnName("id")),
        "EntityNotFoundException");
    error(
        () ->
            glue.getColumnStatisticsForPartition(
                r -> r.databaseName("stats").tableName("partitioned").columnNames("id")),
        "InvalidInputException");
  }

  // Statistics

  /** One column of each kind Glue has; the timestamp column's as LONG seconds. */
  static List<ColumnStatistics> everyKind() {
    return List.of(
        statistics(
            "flag",
            "boolean",
            ColumnStatisticsData.builder()
                .type(ColumnStatisticsType.BOOLEAN)
                .booleanColumnStatisticsData(
                    b -> b.numberOfTrues(7L).numberOfFalses(3L).numberOfNulls(1L))
                .build()),
        statistics(
            "day",
            "date",
            ColumnStatisticsData.builder()
                .type(ColumnStatisticsType.DATE)
                .dateColumnStatisticsData(
                    d ->
                        d.minimumValue(Instant.parse("2020-02-29T00:00:00Z"))
                            .maximumValue(Instant.parse("2024-12-31T00:00:00Z"))
                            .numberOfNulls(0L)
                            .numberOfDistinctValues(400L))
                .build()),
        statistics(
            "price",
            "decimal(10,2)",
            ColumnStatisticsData.builder()
                .type(ColumnStatisticsType.DECIMAL)
                .decimalColumnStatisticsData(
                    d ->
                        d.minimumValue(decimal(-12_345, 2))
                            .maximumValue(decimal(9_999_999, 2))
                            .numberOfNulls(4L)
                            .numberOfDistinctValues(1000L))
                .build()),
        statistics(
            "ratio",
            "double",
            ColumnStatisticsData.builder()
                .type(ColumnStatisticsType.DOUBLE)
                .doubleColumnStatisticsData(
                    d ->
                        d.minimumValue(-0.25)
                            .maximumValue(1.5e10)
                            .numberOfNulls(2L)
                            .numberOfDistinctValues(77L))
                .build()),
        longStatistics("id", -5, 1_000_000_000_000L),
        statistics(
            "ts",
            "timestamp",
            ColumnStatisticsData.builder()
                .type(ColumnStatisticsType.LONG)
                .longColumnStatisticsData(
                    l ->
                        l.minimumValue(1_600_000_000L)
                            .maximumValue(1_700_000_000L)
                            .numberOfNulls(0L)
                            .numberOfDistinctValues(12L))
                .build()),
        stringStatistics("name"),
        statistics(
            "payload",
            "binary",
            ColumnStatisticsData.builder()
                .type(ColumnStatisticsType.BINARY)
                .binaryColumnStatisticsData(
                    b -> b.maximumLength(4096L).averageLength(512.5).numberOfNulls(9L))
                .build()));
  }

  static ColumnStatistics longStatistics(String column, long minimum, long maximum) {
    return statistics(
        column,
        "bigint",
        ColumnStatisticsData.builder()
            .type(ColumnStatisticsType.LONG)
            .longColumnStatisticsData(
                l ->
                    l.minimumValue(minimum)
                        .maximumValue(maximum)
                        .numberOfNulls(3L)
                        .numberOfDistinctValues(42L))
            .build());
  }

  static ColumnStatistics stringStatistics(String column) {
    return statistics(
        column,
        "string",
        ColumnStatisticsData.builder()
            .type(ColumnStatisticsType.STRING)
            .stringColumnStatisticsData(
                s ->
                    s.maximumLength(80L)
                        .averageLength(12.25)
                        .numberOfNulls(5L)
                        .numberOfDistinctValues(300L))
            .build());
  }

  private static ColumnStatistics statistics(
      String column, String type, ColumnStatisticsData data) {
    return ColumnStatistics.builder()
        .columnName(column)
        .columnType(type)
        .analyzedTime(ANALYZED)
        .statisticsData(data)
        .build();
  }

  static DecimalNumber decimal(long unscaled, int scale) {
    return DecimalNumber.builder()
        .unscaledValue(SdkBytes.fromByteArray(BigInteger.valueOf(unscaled).toByteArray()))
        .scale(scale)
        .build();
  }

  private GetColumnStatisticsForTableResponse tableStatistics(String table, String... columns) {
    return glue.getColumnStatisticsForTable(
        r -> r.databaseName("stats").tableName(table).columnNames(columns));
  }

  /** A table with a column of every type and one partition, {@code ds=2024-01-01}. */
  private void createTable(String name) {
    glue.createTable(
        r ->
            r.databaseName("stats")
                .tableInput(
                    t ->
                        t.name(name)
                            .partitionKeys(Column.builder().name("ds").type("string").build())
                            .storageDescriptor(
                                s ->
                                    s.columns(
                                        column("flag", "boolean"),
                                        column("day", "date"),
                                        column("price", "decimal(10,2)"),
                                        column("ratio", "double"),
                                        column("id", "bigint"),
                                        column("ts", "timestamp"),
                                        column("name", "string"),
                                        column("payload", "binary")))));
    glue.createPartition(
        r -> r.databaseName("stats").tableName(name).partitionInput(p -> p.values("2024-01-01")));
  }

  private static Column column(String name, String type) {
    return Column.builder().name(name).type(type).build();
  }
}
