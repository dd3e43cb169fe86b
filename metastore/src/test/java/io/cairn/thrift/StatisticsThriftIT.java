package io.cairn.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.AggrStats;
import org.apache.hadoop.hive.metastore.api.BooleanColumnStatsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.Date;
import org.apache.hadoop.hive.metastore.api.DateColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Decimal;
import org.apache.hadoop.hive.metastore.api.DecimalColumnStatsData;
import org.apache.hadoop.hive.metastore.api.DoubleColumnStatsData;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.InvalidInputException;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.PartitionsStatsRequest;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.SetPartitionsStatsRequest;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.StringColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.TableStatsRequest;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Column statistics through Hive 4's generated Thrift client against a running Cairn on SQLite:
 * each test has its own table, with one column of each kind of statistics and partitioned by {@code
 * ds string}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatisticsThriftIT {
  private static final String DATABASE = "stats_db";
  private static final List<String> DAYS = List.of("2024-01-01", "2024-01-02", "2024-01-03");

  @TempDir static Path dataDirectory;

  private ThriftTestServer server;
  private TSocket socket;
  private ThriftHiveMetastore.Client client;

  @BeforeAll
  void start() throws Exception {
    server = ThriftTestServer.start(dataDirectory);
    try (TSocket setup = server.open()) {
      ThriftTestServer.client(setup)
          .create_database(new Database(DATABASE, "", "s3://warehouse/" + DATABASE, Map.of()));
    }
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @BeforeEach
  void connect() throws Exception {
    socket = server.open();
    client = ThriftTestServer.client(socket);
  }

  @AfterEach
  void disconnect() {
    socket.close();
  }

  @Test
  void tableStatisticsOfEveryKindRoundTrip() throws Exception {
    createTable("round_trip");
    List<ColumnStatisticsObj> sent = partitionStatistics(0);
    LongColumnStatsData id = sent.get(0).getStatsData().getLongStats();
    id.setBitVectors(new byte[] {'H', 'L', 1, 2, 3});
    id.setHistogram(new byte[] {'K', 'L', 9});
    sent.add(stringStatistics("ds", 10, 10.0, 0, 3));

    assertThat(client.update_table_column_statistics(tableStatistics("round_trip", sent))).isTrue();

    for (ColumnStatisticsObj column : sent) {
      ColumnStatistics loaded =
          client.get_table_column_statistics(DATABASE, "round_trip", column.getColName());
      assertThat(loaded.getStatsObj()).containsExactly(column);
      assertThat(loaded.getStatsDesc().isIsTblLevel()).isTrue();
      assertThat(loaded.getStatsDesc().getTableName()).isEqualTo("round_trip");
      assertThat(loaded.getStatsDesc().getLastAnalyzed()).isPositive();
    }
    assertThat(
            client
                .get_table_column_statistics("@hive#" + DATABASE, "ROUND_TRIP", "ID")
                .getStatsObj())
        .containsExactly(sent.get(0));

    List<ColumnStatisticsObj> subset =
        client
            .get_table_statistics_req(
                new TableStatsRequest(DATABASE, "round_trip", List.of("NAME", "flag", "no_such")))
            .getTableStats();
    assertThat(subset)
        .containsExactlyInAnyOrder(statistics(sent, "name"), statistics(sent, "flag"));
  }

  @Test
  void partitionStatisticsRoundTripAndAreReadManyAtOnce() throws Exception {
    createTable("partitioned");
    client.add_partition(partition("partitioned", "2024-01-04"));
    for (int index = 0; index < DAYS.size(); index++) {
      assertThat(
              client.update_partition_column_statistics(
                  partitionStatistics("partitioned", DAYS.get(index), partitionStatistics(index))))
          .isTrue();
    }

    ColumnStatistics loaded =
        client.get_partition_column_statistics(DATABASE, "partitioned", "ds=2024-01-02", "price");
    assertThat(loaded.getStatsObj()).containsExactly(statistics(partitionStatistics(1), "price"));
    assertThat(loaded.getStatsDesc().isIsTblLevel()).isFalse();
    assertThat(loaded.getStatsDesc().getPartName()).isEqualTo("ds=2024-01-02");

    Map<String, List<ColumnStatisticsObj>> statistics =
        client
            .get_partitions_statistics_req(
                new PartitionsStatsRequest(
                    DATABASE,
                    "partitioned",
                    List.of("id", "day"),
                    List.of("ds=2024-01-01", "ds=2024-01-03", "ds=2024-01-04", "ds=2024-12-31")))
            .getPartStats();
    assertThat(statistics).containsOnlyKeys("ds=2024-01-01", "ds=2024-01-03");
    assertThat(statistics.get("ds=2024-01-03"))
        .containsExactlyInAnyOrder(
            statistics(partitionStatistics(2), "id"), statistics(partitionStatistics(2), "day"));

    // The table's own statistics are separate from its partitions'.
    assertThat(
            client
                .get_table_statistics_req(
                    new TableStatsRequest(DATABASE, "partitioned", List.of("id")))
                .getTableStats())
        .isEmpty();
  }

  @Test
  void aggregateStatisticsCombineThePartitions() throws Exception {
    createTable("aggregated");
    client.add_partition(partition("aggregated", "2024-01-04"));
    for (int index = 0; index < DAYS.size(); index++) {
      client.update_partition_column_statistics(
          partitionStatistics("aggregated", DAYS.get(index), partitionStatistics(index)));
    }
    List<String> columns = List.of("id", "price", "amount", "name", "day", "flag");
    List<String> partitionNames =
        List.of("ds=2024-01-01", "ds=2024-01-02", "ds=2024-01-03", "ds=2024-01-04");

    AggrStats aggregate =
        client.get_aggr_stats_for(
            new PartitionsStatsRequest(DATABASE, "aggregated", columns, partitionNames));

    assertThat(aggregate.getPartsFound()).isEqualTo(3);
    assertThat(aggregate.getColStats())
        .extracting(ColumnStatisticsObj::getColName)
        .isEqualTo(columns);
    List<ColumnStatisticsObj> combined = aggregate.getColStats();
    LongColumnStatsData id = statistics(combined, "id").getStatsData().getLongStats();
    assertThat(id.getLowValue()).isEqualTo(-5);
    assertThat(id.getHighValue()).isEqualTo(30);
    assertThat(id.getNumNulls()).isEqualTo(3);
    assertThat(id.getNumDVs()).isEqualTo(12);
    DoubleColumnStatsData price = statistics(combined, "price").getStatsData().getDoubleStats();
    assertThat(price.getLowValue()).isEqualTo(0.25);
    assertThat(price.getHighValue()).isEqualTo(19.75);
    assertThat(price.getNumNulls()).isEqualTo(2);
    assertThat(price.getNumDVs()).isEqualTo(7);
    DecimalColumnStatsData amount = statistics(combined, "amount").getStatsData().getDecimalStats();
    assertThat(amount.getLowValue()).isEqualTo(decimal("-2.50"));
    assertThat(amount.getHighValue()).isEqualTo(decimal("100.00"));
    assertThat(amount.getNumNulls()).isEqualTo(3);
    assertThat(amount.getNumDVs()).isEqualTo(5);
    StringColumnStatsData name = statistics(combined, "name").getStatsData().getStringStats();
    assertThat(name.getMaxColLen()).isEqualTo(12);
    assertThat(name.getAvgColLen()).isEqualTo(6.0);
    assertThat(name.getNumNulls()).isEqualTo(3);
    assertThat(name.getNumDVs()).isEqualTo(9);
    DateColumnStatsData day = statistics(combined, "day").getStatsData().getDateStats();
    assertThat(day.getLowValue()).isEqualTo(date("2023-12-25"));
    assertThat(day.getHighValue()).isEqualTo(date("2024-02-02"));
    assertThat(day.getNumDVs()).isEqualTo(31);
    BooleanColumnStatsData flag = statistics(combined, "flag").getStatsData().getBooleanStats();
    assertThat(flag.getNumTrues()).isEqualTo(18);
    assertThat(flag.getNumFalses()).isEqualTo(6);
    assertThat(flag.getNumNulls()).isEqualTo(1);

    // A partition that lacks one of the requested columns is not counted as found.
    client.delete_partition_column_statistics(
        DATABASE, "aggregated", "ds=2024-01-03", "name", "hive");
    AggrStats withoutName =
        client.get_aggr_stats_for(
            new PartitionsStatsRequest(DATABASE, "aggregated", columns, partitionNames));
    assertThat(withoutName.getPartsFound()).isEqualTo(2);
    assertThat(statistics(withoutName.getColStats(), "name").getStatsData().getStringStats())
        .extracting(StringColumnStatsData::getMaxColLen, StringColumnStatsData::getNumNulls)
        .containsExactly(12L, 2L);
    assertThat(
            client
                .get_aggr_stats_for(
                    new PartitionsStatsRequest(DATABASE, "aggregated", List.of(), partitionNames))
                .getColStats())
        .isEmpty();
  }

  @Test
  void setAggregateStatisticsAppliesEachAndMergesOnRequest() throws Exception {
    createTable("merged");
    SetPartitionsStatsRequest request =
        new SetPartitionsStatsRequest(
            List.of(
                tableStatistics("merged", List.of(longStatistics("id", 1, 10, 1, 10))),
                partitionStatistics(
                    "merged", "2024-01-01", List.of(longStatistics("id", 5, 6, 0, 2)))));
    assertThat(client.set_aggr_stats_for(request)).isTrue();
    assertThat(client.get_table_column_statistics(DATABASE, "merged", "id").getStatsObj())
        .containsExactly(longStatistics("id", 1, 10, 1, 10));
    assertThat(
            client
                .get_partition_column_statistics(DATABASE, "merged", "ds=2024-01-01", "id")
                .getStatsObj())
        .containsExactly(longStatistics("id", 5, 6, 0, 2));

    SetPartitionsStatsRequest merge =
        new SetPartitionsStatsRequest(
            List.of(
                tableStatistics(
                    "merged",
                    List.of(
                        longStatistics("id", -3, 4, 2, 7),
                        stringStatistics("name", 4, 2.5, 1, 3)))));
    merge.setNeedMerge(true);
    assertThat(client.set_aggr_stats_for(merge)).isTrue();
    List<ColumnStatisticsObj> merged =
        client
            .get_table_statistics_req(
                new TableStatsRequest(DATABASE, "merged", List.of("id", "name")))
            .getTableStats();
    assertThat(merged)
        .containsExactlyInAnyOrder(
            longStatistics("id", -3, 10, 3, 10), stringStatistics("name", 4, 2.5, 1, 3));

    // One transaction: a partition that is not there undoes the table's statistics too.
    SetPartitionsStatsRequest halfValid =
        new SetPartitionsStatsRequest(
            List.of(
                tableStatistics("merged", List.of(longStatistics("id", 0, 99, 0, 99))),
                partitionStatistics(
                    "merged", "2099-01-01", List.of(longStatistics("id", 5, 6, 0, 2)))));
    assertThatThrownBy(() -> client.set_aggr_stats_for(halfValid)).isInstanceOf(TException.class);
    assertThat(client.get_table_column_statistics(DATABASE, "merged", "id").getStatsObj())
        .containsExactly(longStatistics("id", -3, 10, 3, 10));
  }

  @Test
  void requestVariantsTakeOneSetOfStatisticsAndDoNotMerge() throws Exception {
    createTable("requests");
    assertThat(
            client
                .update_table_column_statistics_req(
                    new SetPartitionsStatsRequest(
                        List.of(
                            tableStatistics(
                                "requests", List.of(longStatistics("id", 1, 2, 0, 2))))))
                .isResult())
        .isTrue();
    assertThat(
            client
                .update_partition_column_statistics_req(
                    new SetPartitionsStatsRequest(
                        List.of(
                            partitionStatistics(
                                "requests",
                                "2024-01-02",
                                List.of(longStatistics("id", 3, 4, 0, 2))))))
                .isResult())
        .isTrue();
    assertThat(
            client
                .get_partition_column_statistics(DATABASE, "requests", "ds=2024-01-02", "id")
                .getStatsObj())
        .containsExactly(longStatistics("id", 3, 4, 0, 2));

    SetPartitionsStatsRequest merging =
        new SetPartitionsStatsRequest(
            List.of(tableStatistics("requests", List.of(longStatistics("id", 1, 2, 0, 2)))));
    merging.setNeedMerge(true);
    assertThatThrownBy(() -> client.update_table_column_statistics_req(merging))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Merge is not supported");
    ColumnStatistics one = tableStatistics("requests", List.of(longStatistics("id", 1, 2, 0, 2)));
    assertThatThrownBy(
            () ->
                client.update_table_column_statistics_req(
                    new SetPartitionsStatsRequest(List.of(one, one))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("got 2");
  }

  @Test
  void deleteOneColumnOrAll() throws Exception {
    createTable("deleted");
    client.update_table_column_statistics(tableStatistics("deleted", partitionStatistics(0)));
    client.update_partition_column_statistics(
        partitionStatistics("deleted", "2024-01-01", partitionStatistics(0)));

    assertThat(client.delete_table_column_statistics(DATABASE, "deleted", "ID", "hive")).isTrue();
    assertThatThrownBy(() -> client.get_table_column_statistics(DATABASE, "deleted", "id"))
        .isInstanceOf(NoSuchObjectException.class)
        .hasMessageContaining("no statistics for column 'id'");
    assertThatThrownBy(
            () -> client.delete_table_column_statistics(DATABASE, "deleted", "id", "hive"))
        .isInstanceOf(NoSuchObjectException.class);
    assertThat(client.get_table_column_statistics(DATABASE, "deleted", "name").getStatsObj())
        .hasSize(1);

    assertThat(client.delete_table_column_statistics(DATABASE, "deleted", null, "hive")).isTrue();
    assertThat(
            client
                .get_table_statistics_req(
                    new TableStatsRequest(DATABASE, "deleted", List.of("name", "flag")))
                .getTableStats())
        .isEmpty();

    assertThat(
            client.delete_partition_column_statistics(
                DATABASE, "deleted", "ds=2024-01-01", "flag", "hive"))
        .isTrue();
    assertThatThrownBy(
            () ->
                client.get_partition_column_statistics(
                    DATABASE, "deleted", "ds=2024-01-01", "flag"))
        .isInstanceOf(NoSuchObjectException.class);
    assertThat(
            client.delete_partition_column_statistics(
                DATABASE, "deleted", "ds=2024-01-01", null, "hive"))
        .isTrue();
    assertThat(
            client
                .get_partitions_statistics_req(
                    new PartitionsStatsRequest(
                        DATABASE, "deleted", List.of("id", "name"), List.of("ds=2024-01-01")))
                .getPartStats())
        .isEmpty();
  }

  @Test
  void errorsAreTheDeclaredThriftExceptions() throws Exception {
    createTable("errors");
    assertThatThrownBy(
            () ->
                client.update_table_column_statistics(
                    tableStatistics("errors", List.of(longStatistics("no_such", 1, 2, 0, 2)))))
        .isInstanceOf(InvalidObjectException.class)
        .hasMessageContaining("no column 'no_such'");
    // A partition's statistics are of its data columns, not of its keys.
    assertThatThrownBy(
            () ->
                client.update_partition_column_statistics(
                    partitionStatistics(
                        "errors", "2024-01-01", List.of(longStatistics("ds", 1, 2, 0, 2)))))
        .isInstanceOf(InvalidObjectException.class);
    assertThatThrownBy(
            () ->
                client.update_table_column_statistics(
                    tableStatistics("no_such_table", List.of(longStatistics("id", 1, 2, 0, 2)))))
        .isInstanceOf(NoSuchObjectException.class);
    assertThatThrownBy(
            () ->
                client.update_partition_column_statistics(
                    partitionStatistics(
                        "errors", "2030-01-01", List.of(longStatistics("id", 1, 2, 0, 2)))))
        .isInstanceOf(NoSuchObjectException.class);
    assertThatThrownBy(() -> client.get_table_column_statistics(DATABASE, "no_such_table", "id"))
        .isInstanceOf(NoSuchObjectException.class);
    assertThatThrownBy(
            () ->
                client.get_table_statistics_req(
                    new TableStatsRequest(DATABASE, "no_such_table", List.of("id"))))
        .isInstanceOf(NoSuchObjectException.class);
    assertThatThrownBy(
            () ->
                client.get_aggr_stats_for(
                    new PartitionsStatsRequest(
                        "no_such_db", "errors", List.of("id"), List.of("ds=2024-01-01"))))
        .isInstanceOf(NoSuchObjectException.class);
    assertThatThrownBy(
            () ->
                client.get_partitions_statistics_req(
                    new PartitionsStatsRequest(
                        DATABASE, "errors", List.of("id"), List.of("hour=1"))))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("does not match the partition keys");
    assertThatThrownBy(
            () -> client.delete_table_column_statistics(DATABASE, "no_such_table", "id", "hive"))
        .isInstanceOf(NoSuchObjectException.class);
  }

  // Fixtures

  /** A table with one column per kind of statistics, and the partitions of {@link #DAYS}. */
  private void createTable(String name) throws Exception {
    StorageDescriptor descriptor =
        new StorageDescriptor(
            List.of(
                new FieldSchema("id", "bigint", null),
                new FieldSchema("price", "double", null),
                new FieldSchema("amount", "decimal(10,2)", null),
                new FieldSchema("name", "string", null),
                new FieldSchema("day", "date", null),
                new FieldSchema("flag", "boolean", null)),
            "s3://warehouse/" + DATABASE + "/" + name,
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            false,
            -1,
            new SerDeInfo(
                null, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", Map.of()),
            List.of(),
            List.of(),
            Map.of());
    Table table = new Table();
    table.setDbName(DATABASE);
    table.setTableName(name);
    table.setOwner("alice");
    table.setSd(descriptor);
    table.setPartitionKeys(List.of(new FieldSchema("ds", "string", null)));
    table.setTableType("EXTERNAL_TABLE");
    table.setParameters(Map.of("EXTERNAL", "TRUE"));
    client.create_table(table);
    for (String day : DAYS) {
      client.add_partition(partition(name, day));
    }
  }

  private Partition partition(String table, String day) throws Exception {
    Table loaded = client.get_table_req(new GetTableRequest(DATABASE, table)).getTable();
    Partition partition = new Partition();
    partition.setDbName(DATABASE);
    partition.setTableName(table);
    partition.setValues(List.of(day));
    StorageDescriptor descriptor = loaded.getSd().deepCopy();
    descriptor.setLocation(loaded.getSd().getLocation() + "/ds=" + day);
    partition.setSd(descriptor);
    partition.setParameters(Map.of());
    return partition;
  }

  /** Statistics of every data column of the partition at {@code index} of {@link #DAYS}. */
  private static List<ColumnStatisticsObj> partitionStatistics(int index) {
    long[] idLow = {1, -5, 3};
    long[] idHigh = {10, 7, 30};
    long[] idNulls = {1, 2, 0};
    long[] idDistinct = {10, 12, 8};
    double[] priceLow = {1.5, 0.25, 2.0};
    double[] priceHigh = {9.5, 19.75, 3.0};
    String[] amountLow = {"1.00", "-2.50", "0.10"};
    String[] amountHigh = {"100.00", "50.00", "75.25"};
    long[] nameLength = {5, 12, 8};
    double[] nameAverage = {3.5, 6.0, 4.25};
    long[] nameDistinct = {4, 9, 2};
    String[] dayLow = {"2024-01-01", "2023-12-25", "2024-01-02"};
    String[] dayHigh = {"2024-01-31", "2024-01-15", "2024-02-02"};

    DoubleColumnStatsData price = new DoubleColumnStatsData(index == 0 ? 0 : 1, 5 + index);
    price.setLowValue(priceLow[index]);
    price.setHighValue(priceHigh[index]);
    DecimalColumnStatsData amount = new DecimalColumnStatsData(index == 2 ? 3 : 0, 3 + index);
    amount.setLowValue(decimal(amountLow[index]));
    amount.setHighValue(decimal(amountHigh[index]));
    DateColumnStatsData day = new DateColumnStatsData(0, new long[] {31, 20, 30}[index]);
    day.setLowValue(date(dayLow[index]));
    day.setHighValue(date(dayHigh[index]));
    List<ColumnStatisticsObj> statistics = new ArrayList<>();
    statistics.add(
        longStatistics("id", idLow[index], idHigh[index], idNulls[index], idDistinct[index]));
    statistics.add(
        new ColumnStatisticsObj("price", "double", ColumnStatisticsData.doubleStats(price)));
    statistics.add(
        new ColumnStatisticsObj(
            "amount", "decimal(10,2)", ColumnStatisticsData.decimalStats(amount)));
    statistics.add(
        stringStatistics("name", nameLength[index], nameAverage[index], 1, nameDistinct[index]));
    statistics.add(new ColumnStatisticsObj("day", "date", ColumnStatisticsData.dateStats(day)));
    statistics.add(
        new ColumnStatisticsObj(
            "flag",
            "boolean",
            ColumnStatisticsData.booleanStats(
                new BooleanColumnStatsData(5 + index, 1 + index, index == 1 ? 1 : 0))));
    return statistics;
  }

  private static ColumnStatisticsObj longStatistics(
      String column, long low, long high, long nulls, long distinct) {
    LongColumnStatsData data = new LongColumnStatsData(nulls, distinct);
    data.setLowValue(low);
    data.setHighValue(high);
    return new ColumnStatisticsObj(column, "bigint", ColumnStatisticsData.longStats(data));
  }

  private static ColumnStatisticsObj stringStatistics(
      String column, long maximumLength, double averageLength, long nulls, long distinct) {
    return new ColumnStatisticsObj(
        column,
        "string",
        ColumnStatisticsData.stringStats(
            new StringColumnStatsData(maximumLength, averageLength, nulls, distinct)));
  }

  private static ColumnStatistics tableStatistics(
      String table, List<ColumnStatisticsObj> statistics) {
    return new ColumnStatistics(
        new ColumnStatisticsDesc(true, DATABASE, table), new ArrayList<>(statistics));
  }

  private static ColumnStatistics partitionStatistics(
      String table, String day, List<ColumnStatisticsObj> statistics) {
    ColumnStatisticsDesc description = new ColumnStatisticsDesc(false, DATABASE, table);
    description.setPartName("ds=" + day);
    return new ColumnStatistics(description, new ArrayList<>(statistics));
  }

  private static ColumnStatisticsObj statistics(
      List<ColumnStatisticsObj> statistics, String column) {
    return statistics.stream()
        .filter(candidate -> candidate.getColName().equals(column))
        .findFirst()
        .orElseThrow();
  }

  private static Decimal decimal(String value) {
    BigDecimal decimal = new BigDecimal(value);
    Decimal result = new Decimal();
    result.setScale((short) decimal.scale());
    result.setUnscaled(decimal.unscaledValue().toByteArray());
    return result;
  }

  private static Date date(String value) {
    return new Date(LocalDate.parse(value).toEpochDay());
  }
}
