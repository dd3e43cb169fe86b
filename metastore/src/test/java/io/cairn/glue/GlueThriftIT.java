package io.cairn.glue;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.BinaryColumnStatsData;
import org.apache.hadoop.hive.metastore.api.BooleanColumnStatsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.Date;
import org.apache.hadoop.hive.metastore.api.DateColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Decimal;
import org.apache.hadoop.hive.metastore.api.DecimalColumnStatsData;
import org.apache.hadoop.hive.metastore.api.DoubleColumnStatsData;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.PartitionsStatsRequest;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.StringColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.TableStatsRequest;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.hadoop.hive.metastore.api.Timestamp;
import org.apache.hadoop.hive.metastore.api.TimestampColumnStatsData;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BinaryColumnStatisticsData;
import software.amazon.awssdk.services.glue.model.BooleanColumnStatisticsData;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.ColumnStatisticsType;
import software.amazon.awssdk.services.glue.model.DateColumnStatisticsData;
import software.amazon.awssdk.services.glue.model.DecimalNumber;
import software.amazon.awssdk.services.glue.model.DoubleColumnStatisticsData;
import software.amazon.awssdk.services.glue.model.GetColumnStatisticsForTableResponse;
import software.amazon.awssdk.services.glue.model.LongColumnStatisticsData;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.StringColumnStatisticsData;

/**
 * One catalog behind both protocols: a table created through the Glue API (AWS SDK) is the table
 * Hive's Thrift client reads, with the same columns and parameters, and the reverse; and the browse
 * API shows it too. Likewise partitions (values, columns, location, parameters) and column
 * statistics of tables and partitions, every kind, written through either protocol.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlueThriftIT {
  @TempDir static Path dataDirectory;

  private GlueTestServer server;
  private GlueClient glue;
  private TSocket socket;
  private ThriftHiveMetastore.Client thrift;

  @BeforeAll
  void start() throws Exception {
    server = GlueTestServer.start(dataDirectory);
    glue = server.client();
    socket = new TSocket("127.0.0.1", server.thriftPort());
    socket.open();
    thrift = new ThriftHiveMetastore.Client(new TBinaryProtocol(socket));
    glue.createDatabase(r -> r.databaseInput(d -> d.name("shared").locationUri("file:///lake")));
  }

  @AfterAll
  void stop() {
    socket.close();
    glue.close();
    server.close();
  }

  @Test
  void aTableCreatedThroughGlueIsTheTableThriftReads() throws Exception {
    glue.createTable(r -> r.databaseName("shared").tableInput(GlueApiIT.table("from_glue")));
    software.amazon.awssdk.services.glue.model.Table viaGlue =
        glue.getTable(r -> r.databaseName("shared").name("from_glue")).table();
    Table viaThrift = thrift.get_table_req(new GetTableRequest("shared", "from_glue")).getTable();

    assertSame(viaGlue, viaThrift);
    assertThat(viaThrift.getOwner()).isEqualTo("alice");
    assertThat(viaThrift.getSd().getSerdeInfo().getSerializationLib())
        .isEqualTo(viaGlue.storageDescriptor().serdeInfo().serializationLibrary());

    // An update through Thrift is the next Glue version, with Thrift's change.
    Table altered = viaThrift.deepCopy();
    altered.getParameters().put("altered_by", "hive");
    altered.getSd().addToCols(new FieldSchema("note", "string", "added by hive"));
    thrift.alter_table("shared", "from_glue", altered);
    software.amazon.awssdk.services.glue.model.Table afterAlter =
        glue.getTable(r -> r.databaseName("shared").name("from_glue")).table();
    assertThat(afterAlter.versionId()).isEqualTo("1");
    assertSame(
        afterAlter, thrift.get_table_req(new GetTableRequest("shared", "from_glue")).getTable());
    assertThat(afterAlter.parameters()).containsEntry("altered_by", "hive");
    assertThat(afterAlter.storageDescriptor().columns())
        .extracting(Column::name)
        .containsExactly("id", "amount", "note");

    HttpResponse<String> browse =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        server.uri().resolve("/api/v1/databases/shared/tables/from_glue"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(browse.statusCode()).isEqualTo(200);
    assertThat(browse.body()).contains("\"altered_by\"").contains("\"note\"");
  }

  @Test
  void aTableCreatedThroughThriftIsTheTableGlueReads() throws Exception {
    Table table = new Table();
    table.setDbName("shared");
    table.setTableName("from_hive");
    table.setOwner("bob");
    table.setTableType("EXTERNAL_TABLE");
    table.setParameters(new HashMap<>(Map.of("EXTERNAL", "TRUE", "classification", "orc")));
    table.setPartitionKeys(new ArrayList<>(List.of(new FieldSchema("ds", "string", "day"))));
    StorageDescriptor descriptor = new StorageDescriptor();
    descriptor.setCols(
        new ArrayList<>(
            List.of(
                new FieldSchema("user_id", "bigint", "the user"),
                new FieldSchema("tags", "array<string>", null),
                new FieldSchema("attrs", "map<string,int>", null))));
    descriptor.setLocation("file:///lake/from_hive");
    descriptor.setInputFormat("org.apache.hadoop.hive.ql.io.orc.OrcInputFormat");
    descriptor.setOutputFormat("org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat");
    descriptor.setSerdeInfo(
        new SerDeInfo(null, "org.apache.hadoop.hive.ql.io.orc.OrcSerde", Map.of("k", "v")));
    descriptor.setParameters(Map.of());
    table.setSd(descriptor);
    thrift.create_table(table);

    software.amazon.awssdk.services.glue.model.Table viaGlue =
        glue.getTable(r -> r.databaseName("shared").name("from_hive")).table();
    Table viaThrift = thrift.get_table_req(new GetTableRequest("shared", "from_hive")).getTable();
    assertSame(viaGlue, viaThrift);
    assertThat(viaGlue.versionId()).isEqualTo("0");
    assertThat(viaGlue.owner()).isEqualTo("bob");
    assertThat(viaGlue.storageDescriptor().inputFormat())
        .isEqualTo("org.apache.hadoop.hive.ql.io.orc.OrcInputFormat");
    assertThat(viaGlue.storageDescriptor().serdeInfo().parameters()).containsEntry("k", "v");

    // A Glue update with the VersionId Thrift's create gave is seen by Thrift.
    glue.updateTable(
        r ->
            r.databaseName("shared")
                .versionId("0")
                .tableInput(
                    t ->
                        t.name("from_hive")
                            .owner("bob")
                            .tableType("EXTERNAL_TABLE")
                            .parameters(Map.of("EXTERNAL", "TRUE", "classification", "parquet"))
                            .partitionKeys(viaGlue.partitionKeys())
                            .storageDescriptor(viaGlue.storageDescriptor())));
    Table afterUpdate = thrift.get_table_req(new GetTableRequest("shared", "from_hive")).getTable();
    assertThat(afterUpdate.getParameters()).containsEntry("classification", "parquet");
    assertSame(glue.getTable(r -> r.databaseName("shared").name("from_hive")).table(), afterUpdate);
  }

  @Test
  void partitionsAndStatisticsWrittenThroughGlueAreWhatThriftReads() throws Exception {
    glue.createTable(r -> r.databaseName("shared").tableInput(GlueApiIT.table("glue_parts")));
    software.amazon.awssdk.services.glue.model.StorageDescriptor tableDescriptor =
        GlueApiIT.table("glue_parts").storageDescriptor();
    glue.batchCreatePartition(
        r ->
            r.databaseName("shared")
                .tableName("glue_parts")
                .partitionInputList(
                    glueInput("2024", "01", tableDescriptor),
                    glueInput("2024", "02", tableDescriptor)));
    glue.updateColumnStatisticsForTable(
        r ->
            r.databaseName("shared")
                .tableName("glue_parts")
                .columnStatisticsList(
                    GlueColumnStatisticsIT.longStatistics("id", -3, 300),
                    software.amazon.awssdk.services.glue.model.ColumnStatistics.builder()
                        .columnName("amount")
                        .columnType("decimal(10,2)")
                        .analyzedTime(java.time.Instant.parse("2024-05-01T00:00:00Z"))
                        .statisticsData(
                            d ->
                                d.type(ColumnStatisticsType.DECIMAL)
                                    .decimalColumnStatisticsData(
                                        v ->
                                            v.minimumValue(GlueColumnStatisticsIT.decimal(-150, 2))
                                                .maximumValue(
                                                    GlueColumnStatisticsIT.decimal(99_999, 2))
                                                .numberOfNulls(1L)
                                                .numberOfDistinctValues(50L)))
                        .build()));
    glue.updateColumnStatisticsForPartition(
        r ->
            r.databaseName("shared")
                .tableName("glue_parts")
                .partitionValues("2024", "01")
                .columnStatisticsList(GlueColumnStatisticsIT.longStatistics("id", 1, 30)));

    List<Partition> viaThrift = thrift.get_partitions("shared", "glue_parts", (short) -1);
    List<software.amazon.awssdk.services.glue.model.Partition> viaGlue =
        glue.getPartitions(r -> r.databaseName("shared").tableName("glue_parts")).partitions();
    assertSamePartitions(viaGlue, viaThrift);
    assertThat(viaThrift)
        .extracting(Partition::getValues)
        .containsExactlyInAnyOrder(List.of("2024", "01"), List.of("2024", "02"));
    assertThat(thrift.get_partition("shared", "glue_parts", List.of("2024", "02")).getParameters())
        .containsEntry("written_by", "glue");

    assertSameStatistics(
        glue.getColumnStatisticsForTable(
                r -> r.databaseName("shared").tableName("glue_parts").columnNames("id", "amount"))
            .columnStatisticsList(),
        thrift
            .get_table_statistics_req(
                new TableStatsRequest("shared", "glue_parts", List.of("id", "amount")))
            .getTableStats());
    Map<String, List<ColumnStatisticsObj>> partitionStatistics =
        thrift
            .get_partitions_statistics_req(
                new PartitionsStatsRequest(
                    "shared", "glue_parts", List.of("id"), List.of("year=2024/month=01")))
            .getPartStats();
    assertThat(partitionStatistics).containsOnlyKeys("year=2024/month=01");
    assertSameStatistics(
        glue.getColumnStatisticsForPartition(
                r ->
                    r.databaseName("shared")
                        .tableName("glue_parts")
                        .partitionValues("2024", "01")
                        .columnNames("id"))
            .columnStatisticsList(),
        partitionStatistics.get("year=2024/month=01"));
    assertThat(
            partitionStatistics
                .get("year=2024/month=01")
                .get(0)
                .getStatsData()
                .getLongStats()
                .getHighValue())
        .isEqualTo(30);

    // A rename and a delete through Glue are what Thrift sees.
    glue.updatePartition(
        r ->
            r.databaseName("shared")
                .tableName("glue_parts")
                .partitionValueList("2024", "02")
                .partitionInput(glueInput("2024", "03", tableDescriptor)));
    glue.deletePartition(
        r -> r.databaseName("shared").tableName("glue_parts").partitionValues("2024", "01"));
    assertThat(thrift.get_partition_names("shared", "glue_parts", (short) -1))
        .containsExactly("year=2024/month=03");
  }

  @Test
  void partitionsAndStatisticsWrittenThroughThriftAreWhatGlueReads() throws Exception {
    Table table = new Table();
    table.setDbName("shared");
    table.setTableName("hive_parts");
    table.setTableType("EXTERNAL_TABLE");
    table.setParameters(new HashMap<>(Map.of("EXTERNAL", "TRUE")));
    table.setPartitionKeys(new ArrayList<>(List.of(new FieldSchema("ds", "string", null))));
    StorageDescriptor descriptor = new StorageDescriptor();
    descriptor.setCols(
        new ArrayList<>(
            List.of(
                new FieldSchema("flag", "boolean", null),
                new FieldSchema("day", "date", null),
                new FieldSchema("amount", "decimal(10,2)", null),
                new FieldSchema("price", "double", null),
                new FieldSchema("id", "bigint", "the id"),
                new FieldSchema("ts", "timestamp", null),
                new FieldSchema("name", "string", null),
                new FieldSchema("payload", "binary", null))));
    descriptor.setLocation("file:///lake/hive_parts");
    descriptor.setSerdeInfo(
        new SerDeInfo(null, "org.apache.hadoop.hive.ql.io.orc.OrcSerde", Map.of()));
    descriptor.setParameters(Map.of());
    table.setSd(descriptor);
    thrift.create_table(table);
    List<Partition> partitions = new ArrayList<>();
    for (String day : List.of("2024-01-01", "2024-01-02")) {
      Partition partition = new Partition();
      partition.setDbName("shared");
      partition.setTableName("hive_parts");
      partition.setValues(List.of(day));
      StorageDescriptor partitionDescriptor = descriptor.deepCopy();
      partitionDescriptor.setLocation("file:///lake/hive_parts/ds=" + day);
      partition.setSd(partitionDescriptor);
      partition.setParameters(new HashMap<>(Map.of("written_by", "hive", "day", day)));
      partitions.add(partition);
    }
    thrift.add_partitions(partitions);

    List<ColumnStatisticsObj> tableStatistics = everyThriftKind();
    thrift.update_table_column_statistics(
        new ColumnStatistics(
            new ColumnStatisticsDesc(true, "shared", "hive_parts"), tableStatistics));
    ColumnStatisticsDesc partitionDescription =
        new ColumnStatisticsDesc(false, "shared", "hive_parts");
    partitionDescription.setPartName("ds=2024-01-02");
    LongColumnStatsData partitionIds = new LongColumnStatsData(0, 5);
    partitionIds.setLowValue(10);
    partitionIds.setHighValue(15);
    List<ColumnStatisticsObj> partitionStatistics =
        List.of(
            new ColumnStatisticsObj("id", "bigint", ColumnStatisticsData.longStats(partitionIds)));
    thrift.update_partition_column_statistics(
        new ColumnStatistics(partitionDescription, new ArrayList<>(partitionStatistics)));

    assertSamePartitions(
        glue.getPartitions(r -> r.databaseName("shared").tableName("hive_parts")).partitions(),
        thrift.get_partitions("shared", "hive_parts", (short) -1));
    software.amazon.awssdk.services.glue.model.Partition second =
        glue.getPartition(
                r -> r.databaseName("shared").tableName("hive_parts").partitionValues("2024-01-02"))
            .partition();
    assertThat(second.parameters()).containsEntry("written_by", "hive");
    assertThat(second.storageDescriptor().location())
        .isEqualTo("file:///lake/hive_parts/ds=2024-01-02");

    List<String> columns = tableStatistics.stream().map(ColumnStatisticsObj::getColName).toList();
    GetColumnStatisticsForTableResponse viaGlue =
        glue.getColumnStatisticsForTable(
            r -> r.databaseName("shared").tableName("hive_parts").columnNames(columns));
    assertThat(viaGlue.errors()).isEmpty();
    assertSameStatistics(viaGlue.columnStatisticsList(), tableStatistics);
    // Glue has no kind for timestamps: they are LONG seconds since the epoch, as Hive keeps them.
    assertThat(
            viaGlue.columnStatisticsList().stream()
                .filter(c -> c.columnName().equals("ts"))
                .findFirst()
                .orElseThrow()
                .statisticsData()
                .type())
        .isEqualTo(ColumnStatisticsType.LONG);
    assertSameStatistics(
        glue.getColumnStatisticsForPartition(
                r ->
                    r.databaseName("shared")
                        .tableName("hive_parts")
                        .partitionValues("2024-01-02")
                        .columnNames("id"))
            .columnStatisticsList(),
        partitionStatistics);

    // Thrift's changes are Glue's partitions.
    Partition altered = thrift.get_partition("shared", "hive_parts", List.of("2024-01-01"));
    altered.getParameters().put("altered_by", "hive");
    thrift.alter_partition("shared", "hive_parts", altered);
    thrift.drop_partition("shared", "hive_parts", List.of("2024-01-02"), false);
    List<software.amazon.awssdk.services.glue.model.Partition> after =
        glue.getPartitions(r -> r.databaseName("shared").tableName("hive_parts")).partitions();
    assertThat(after).hasSize(1);
    assertThat(after.get(0).parameters()).containsEntry("altered_by", "hive");
    assertSamePartitions(after, thrift.get_partitions("shared", "hive_parts", (short) -1));
  }

  private static PartitionInput glueInput(
      String year,
      String month,
      software.amazon.awssdk.services.glue.model.StorageDescriptor tableDescriptor) {
    return PartitionInput.builder()
        .values(year, month)
        .parameters(Map.of("written_by", "glue", "month", month))
        .storageDescriptor(
            tableDescriptor.toBuilder()
                .location("file:///lake/glue_parts/year=" + year + "/month=" + month)
                .build())
        .build();
  }

  /** Statistics of one column of every kind Hive has, timestamps included. */
  private static List<ColumnStatisticsObj> everyThriftKind() {
    List<ColumnStatisticsObj> statistics = new ArrayList<>();
    statistics.add(
        new ColumnStatisticsObj(
            "flag",
            "boolean",
            ColumnStatisticsData.booleanStats(new BooleanColumnStatsData(4, 5, 1))));
    DateColumnStatsData day = new DateColumnStatsData(2, 40);
    day.setLowValue(new Date(LocalDate.parse("2023-01-01").toEpochDay()));
    day.setHighValue(new Date(LocalDate.parse("2024-02-29").toEpochDay()));
    statistics.add(new ColumnStatisticsObj("day", "date", ColumnStatisticsData.dateStats(day)));
    DecimalColumnStatsData amount = new DecimalColumnStatsData(0, 17);
    amount.setLowValue(
        new Decimal(
            (short) 2,
            java.nio.ByteBuffer.wrap(new BigDecimal("-7.25").unscaledValue().toByteArray())));
    amount.setHighValue(
        new Decimal(
            (short) 2,
            java.nio.ByteBuffer.wrap(new BigDecimal("1234.50").unscaledValue().toByteArray())));
    statistics.add(
        new ColumnStatisticsObj(
            "amount", "decimal(10,2)", ColumnStatisticsData.decimalStats(amount)));
    DoubleColumnStatsData price = new DoubleColumnStatsData(3, 60);
    price.setLowValue(-1.5);
    price.setHighValue(2.75e6);
    statistics.add(
        new ColumnStatisticsObj("price", "double", ColumnStatisticsData.doubleStats(price)));
    LongColumnStatsData id = new LongColumnStatsData(0, 1000);
    id.setLowValue(1);
    id.setHighValue(1000);
    statistics.add(new ColumnStatisticsObj("id", "bigint", ColumnStatisticsData.longStats(id)));
    TimestampColumnStatsData ts = new TimestampColumnStatsData(1, 99);
    ts.setLowValue(new Timestamp(1_600_000_000L));
    ts.setHighValue(new Timestamp(1_700_000_000L));
    statistics.add(
        new ColumnStatisticsObj("ts", "timestamp", ColumnStatisticsData.timestampStats(ts)));
    statistics.add(
        new ColumnStatisticsObj(
            "name",
            "string",
            ColumnStatisticsData.stringStats(new StringColumnStatsData(40, 7.5, 6, 200))));
    statistics.add(
        new ColumnStatisticsObj(
            "payload",
            "binary",
            ColumnStatisticsData.binaryStats(new BinaryColumnStatsData(512, 100.25, 8))));
    return statistics;
  }

  /** The same partitions, with the same values, columns, location and parameters. */
  private static void assertSamePartitions(
      List<software.amazon.awssdk.services.glue.model.Partition> viaGlue,
      List<Partition> viaThrift) {
    assertThat(viaGlue).hasSameSizeAs(viaThrift);
    Map<List<String>, Partition> thriftByValues = new HashMap<>();
    viaThrift.forEach(partition -> thriftByValues.put(partition.getValues(), partition));
    for (software.amazon.awssdk.services.glue.model.Partition partition : viaGlue) {
      Partition other = thriftByValues.get(partition.values());
      assertThat(other).as("partition " + partition.values() + " through Thrift").isNotNull();
      assertThat(columns(partition.storageDescriptor().columns()))
          .isEqualTo(thriftColumns(other.getSd().getCols()));
      assertThat(partition.storageDescriptor().location()).isEqualTo(other.getSd().getLocation());
      assertThat(partition.storageDescriptor().serdeInfo().serializationLibrary())
          .isEqualTo(other.getSd().getSerdeInfo().getSerializationLib());
      assertThat(partition.parameters()).isEqualTo(other.getParameters());
      assertThat(partition.creationTime().getEpochSecond()).isEqualTo(other.getCreateTime());
    }
  }

  /** The same statistics, kind by kind, column by column. */
  private static void assertSameStatistics(
      List<software.amazon.awssdk.services.glue.model.ColumnStatistics> viaGlue,
      List<ColumnStatisticsObj> viaThrift) {
    assertThat(viaGlue).hasSameSizeAs(viaThrift);
    for (ColumnStatisticsObj expected : viaThrift) {
      software.amazon.awssdk.services.glue.model.ColumnStatistics actual =
          viaGlue.stream()
              .filter(c -> c.columnName().equals(expected.getColName()))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("no Glue statistics of " + expected.getColName()));
      assertThat(actual.columnType()).isEqualTo(expected.getColType());
      ColumnStatisticsData data = expected.getStatsData();
      var glueData = actual.statisticsData();
      switch (data.getSetField()) {
        case BOOLEAN_STATS -> {
          BooleanColumnStatsData bool = data.getBooleanStats();
          assertThat(glueData.booleanColumnStatisticsData())
              .isEqualTo(
                  BooleanColumnStatisticsData.builder()
                      .numberOfTrues(bool.getNumTrues())
                      .numberOfFalses(bool.getNumFalses())
                      .numberOfNulls(bool.getNumNulls())
                      .build());
        }
        case DATE_STATS -> {
          DateColumnStatsData date = data.getDateStats();
          assertThat(glueData.dateColumnStatisticsData())
              .isEqualTo(
                  DateColumnStatisticsData.builder()
                      .minimumValue(
                          java.time.Instant.ofEpochSecond(
                              date.getLowValue().getDaysSinceEpoch() * 86_400))
                      .maximumValue(
                          java.time.Instant.ofEpochSecond(
                              date.getHighValue().getDaysSinceEpoch() * 86_400))
                      .numberOfNulls(date.getNumNulls())
                      .numberOfDistinctValues(date.getNumDVs())
                      .build());
        }
        case DECIMAL_STATS -> {
          DecimalColumnStatsData decimal = data.getDecimalStats();
          var glueDecimal = glueData.decimalColumnStatisticsData();
          assertThat(decimalOf(glueDecimal.minimumValue()))
              .isEqualTo(decimalOf(decimal.getLowValue()));
          assertThat(decimalOf(glueDecimal.maximumValue()))
              .isEqualTo(decimalOf(decimal.getHighValue()));
          assertThat(glueDecimal.numberOfNulls()).isEqualTo(decimal.getNumNulls());
          assertThat(glueDecimal.numberOfDistinctValues()).isEqualTo(decimal.getNumDVs());
        }
        case DOUBLE_STATS -> {
          DoubleColumnStatsData doubles = data.getDoubleStats();
          assertThat(glueData.doubleColumnStatisticsData())
              .isEqualTo(
                  DoubleColumnStatisticsData.builder()
                      .minimumValue(doubles.getLowValue())
                      .maximumValue(doubles.getHighValue())
                      .numberOfNulls(doubles.getNumNulls())
                      .numberOfDistinctValues(doubles.getNumDVs())
                      .build());
        }
        case LONG_STATS -> {
          LongColumnStatsData longs = data.getLongStats();
          assertThat(glueData.longColumnStatisticsData())
              .isEqualTo(
                  LongColumnStatisticsData.builder()
                      .minimumValue(longs.getLowValue())
                      .maximumValue(longs.getHighValue())
                      .numberOfNulls(longs.getNumNulls())
                      .numberOfDistinctValues(longs.getNumDVs())
                      .build());
        }
        case TIMESTAMP_STATS -> {
          TimestampColumnStatsData timestamps = data.getTimestampStats();
          assertThat(glueData.longColumnStatisticsData())
              .isEqualTo(
                  LongColumnStatisticsData.builder()
                      .minimumValue(timestamps.getLowValue().getSecondsSinceEpoch())
                      .maximumValue(timestamps.getHighValue().getSecondsSinceEpoch())
                      .numberOfNulls(timestamps.getNumNulls())
                      .numberOfDistinctValues(timestamps.getNumDVs())
                      .build());
        }
        case STRING_STATS -> {
          StringColumnStatsData strings = data.getStringStats();
          assertThat(glueData.stringColumnStatisticsData())
              .isEqualTo(
                  StringColumnStatisticsData.builder()
                      .maximumLength(strings.getMaxColLen())
                      .averageLength(strings.getAvgColLen())
                      .numberOfNulls(strings.getNumNulls())
                      .numberOfDistinctValues(strings.getNumDVs())
                      .build());
        }
        case BINARY_STATS -> {
          BinaryColumnStatsData binary = data.getBinaryStats();
          assertThat(glueData.binaryColumnStatisticsData())
              .isEqualTo(
                  BinaryColumnStatisticsData.builder()
                      .maximumLength(binary.getMaxColLen())
                      .averageLength(binary.getAvgColLen())
                      .numberOfNulls(binary.getNumNulls())
                      .build());
        }
        default -> throw new AssertionError("unexpected kind " + data.getSetField());
      }
    }
  }

  private static BigDecimal decimalOf(DecimalNumber number) {
    return new BigDecimal(new BigInteger(number.unscaledValue().asByteArray()), number.scale());
  }

  private static BigDecimal decimalOf(Decimal decimal) {
    return new BigDecimal(new BigInteger(decimal.getUnscaled()), decimal.getScale());
  }

  /** Columns, partition keys and parameters are the same through both protocols. */
  private static void assertSame(
      software.amazon.awssdk.services.glue.model.Table viaGlue, Table viaThrift) {
    assertThat(columns(viaGlue.storageDescriptor().columns()))
        .isEqualTo(thriftColumns(viaThrift.getSd().getCols()));
    assertThat(columns(viaGlue.partitionKeys()))
        .isEqualTo(thriftColumns(viaThrift.getPartitionKeys()));
    assertThat(viaGlue.parameters()).isEqualTo(viaThrift.getParameters());
    assertThat(viaGlue.storageDescriptor().location()).isEqualTo(viaThrift.getSd().getLocation());
    assertThat(viaGlue.tableType()).isEqualTo(viaThrift.getTableType());
  }

  private static List<List<String>> columns(List<Column> columns) {
    return columns.stream()
        .map(c -> java.util.Arrays.asList(c.name(), c.type(), c.comment()))
        .toList();
  }

  private static List<List<String>> thriftColumns(List<FieldSchema> columns) {
    return columns.stream()
        .map(c -> java.util.Arrays.asList(c.getName(), c.getType(), c.getComment()))
        .toList();
  }
}
