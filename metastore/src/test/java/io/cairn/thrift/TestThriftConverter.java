package io.cairn.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.catalog.ByteString;
import io.cairn.catalog.Column;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.ColumnStatistics.BinaryData;
import io.cairn.catalog.ColumnStatistics.BooleanData;
import io.cairn.catalog.ColumnStatistics.DateData;
import io.cairn.catalog.ColumnStatistics.DecimalData;
import io.cairn.catalog.ColumnStatistics.DoubleData;
import io.cairn.catalog.ColumnStatistics.LongData;
import io.cairn.catalog.ColumnStatistics.StringData;
import io.cairn.catalog.ColumnStatistics.TimestampData;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Function;
import io.cairn.catalog.FunctionName;
import io.cairn.catalog.FunctionType;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PrincipalType;
import io.cairn.catalog.ResourceUri;
import io.cairn.catalog.SerDeInfo;
import io.cairn.catalog.SkewedInfo;
import io.cairn.catalog.SkewedInfo.ValueLocation;
import io.cairn.catalog.SortOrder;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableType;
import io.cairn.catalog.ValidationException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.DatabaseType;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.SerdeType;
import org.apache.thrift.TBase;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.junit.jupiter.api.Test;

class TestThriftConverter {
  private static final TableName TABLE_NAME = new TableName("hive", "sales", "orders");
  private static final Instant CREATED = Instant.ofEpochSecond(1_700_000_000);
  private static final Instant ACCESSED = Instant.ofEpochSecond(1_700_000_500);
  private static final ByteString BIT_VECTOR = ByteString.copyOf(new byte[] {'H', 'L', 'L', 1});
  private static final ByteString HISTOGRAM = ByteString.copyOf(new byte[] {'K', 'L', 'L', 2});

  private static StorageDescriptor fullStorageDescriptor() {
    return StorageDescriptor.builder()
        .columns(
            List.of(
                new Column("id", "bigint", "order id", Map.of()),
                new Column("amount", "decimal(10,2)"),
                new Column("country", "string", null, Map.of())))
        .location("s3://bucket/sales/orders")
        .inputFormat("org.apache.hadoop.hive.ql.io.orc.OrcInputFormat")
        .outputFormat("org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat")
        .compressed(true)
        .numberOfBuckets(8)
        .serdeInfo(
            new SerDeInfo(
                "orc-serde",
                "org.apache.hadoop.hive.ql.io.orc.OrcSerde",
                Map.of("serialization.format", "1"),
                "the serde",
                "org.example.Serializer",
                "org.example.Deserializer",
                "SCHEMA_REGISTRY"))
        .bucketColumns(List.of("id"))
        .sortColumns(List.of(new SortOrder("id", 1), new SortOrder("amount", 0)))
        .parameters(Map.of("orc.compress", "ZLIB"))
        .skewedInfo(
            new SkewedInfo(
                List.of("country"),
                List.of(List.of("US"), List.of("DE")),
                List.of(
                    new ValueLocation(List.of("US"), "s3://bucket/sales/orders/country=US"),
                    new ValueLocation(List.of("DE"), "s3://bucket/sales/orders/country=DE"))))
        .storedAsSubDirectories(true)
        .build();
  }

  private static Table fullTable() {
    return Table.builder()
        .name(TABLE_NAME)
        .description("orders")
        .owner("alice")
        .ownerType(PrincipalType.ROLE)
        .createTime(CREATED)
        .lastAccessTime(ACCESSED)
        .retention(30)
        .storageDescriptor(fullStorageDescriptor())
        .partitionKeys(List.of(new Column("day", "date", "order day", Map.of())))
        .parameters(Map.of("comment", "orders", "transient_lastDdlTime", "1700000000"))
        .viewOriginalText("select 1")
        .viewExpandedText("select 1 from dual")
        .tableType(TableType.MATERIALIZED_VIEW)
        .rewriteEnabled(true)
        .build();
  }

  @Test
  void roundTripsFullTable() {
    Table table = fullTable();

    org.apache.hadoop.hive.metastore.api.Table thrift = ThriftConverter.toThrift(table);

    assertThat(thrift.getCatName()).isEqualTo("hive");
    assertThat(thrift.getDbName()).isEqualTo("sales");
    assertThat(thrift.getTableName()).isEqualTo("orders");
    assertThat(thrift.getCreateTime()).isEqualTo(1_700_000_000);
    assertThat(thrift.getOwnerType())
        .isEqualTo(org.apache.hadoop.hive.metastore.api.PrincipalType.ROLE);
    assertThat(thrift.getSd().getSerdeInfo().getSerdeType()).isEqualTo(SerdeType.SCHEMA_REGISTRY);
    assertThat(thrift.getSd().getSkewedInfo().getSkewedColValueLocationMaps())
        .containsEntry(List.of("US"), "s3://bucket/sales/orders/country=US")
        .hasSize(2);
    assertThat(thrift.getSd().getSortCols())
        .containsExactly(
            new org.apache.hadoop.hive.metastore.api.Order("id", 1),
            new org.apache.hadoop.hive.metastore.api.Order("amount", 0));
    assertThat(thrift.isTemporary()).isFalse();
    assertThat(ThriftConverter.fromThrift("hive", thrift)).isEqualTo(table);
  }

  @Test
  void roundTripsTableOverTheWire() throws TException {
    // One skewed location: the map Thrift reads back has no order.
    Table table =
        fullTable().toBuilder()
            .storageDescriptor(
                fullStorageDescriptor().toBuilder()
                    .skewedInfo(
                        new SkewedInfo(
                            List.of("country"),
                            List.of(List.of("US")),
                            List.of(new ValueLocation(List.of("US"), "s3://bucket/us"))))
                    .build())
            .build();

    org.apache.hadoop.hive.metastore.api.Table wire =
        overTheWire(
            ThriftConverter.toThrift(table), new org.apache.hadoop.hive.metastore.api.Table());

    assertThat(ThriftConverter.fromThrift("hive", wire)).isEqualTo(table);
  }

  private static <T extends TBase<?, ?>> T overTheWire(T value, T empty) throws TException {
    new TDeserializer().deserialize(empty, new TSerializer().serialize(value));
    return empty;
  }

  @Test
  void roundTripsMinimalTable() {
    Table table = Table.builder().name(TABLE_NAME).tableType(TableType.EXTERNAL_TABLE).build();

    org.apache.hadoop.hive.metastore.api.Table thrift = ThriftConverter.toThrift(table);

    assertThat(thrift.getSd()).isNull();
    assertThat(thrift.getCreateTime()).isZero();
    assertThat(thrift.getLastAccessTime()).isZero();
    assertThat(thrift.getOwnerType()).isNull();
    assertThat(thrift.getPartitionKeys()).isEmpty();
    assertThat(thrift.getParameters()).isEmpty();
    assertThat(ThriftConverter.fromThrift("hive", thrift)).isEqualTo(table);
  }

  @Test
  void dropsFieldsHiveDoesNotHave() {
    Table table =
        fullTable().toBuilder()
            .updateTime(ACCESSED)
            .lastAnalyzedTime(ACCESSED)
            .createdBy("glue")
            .targetTable(new TableName("hive", "other", "orders"))
            .storageDescriptor(
                fullStorageDescriptor().toBuilder()
                    .additionalLocations(List.of("s3://elsewhere"))
                    .columns(List.of(new Column("id", "bigint", null, Map.of("glue", "only"))))
                    .build())
            .version(7)
            .build();

    Table converted = ThriftConverter.fromThrift("hive", ThriftConverter.toThrift(table));

    assertThat(converted)
        .isEqualTo(
            fullTable().toBuilder()
                .storageDescriptor(
                    fullStorageDescriptor().toBuilder()
                        .columns(List.of(new Column("id", "bigint")))
                        .build())
                .build());
  }

  @Test
  void keepsTheDescriptionAsHivesCommentParameter() {
    Table described = fullTable().toBuilder().description("orders, one row each").build();

    org.apache.hadoop.hive.metastore.api.Table thrift = ThriftConverter.toThrift(described);

    assertThat(thrift.getParameters()).containsEntry("comment", "orders, one row each");
    thrift.getParameters().put("comment", "changed by Hive");
    Table changed = ThriftConverter.fromThrift("hive", thrift);
    assertThat(changed.description()).isEqualTo("changed by Hive");
    assertThat(changed.parameters()).containsEntry("comment", "changed by Hive");
    thrift.getParameters().remove("comment");
    assertThat(ThriftConverter.fromThrift("hive", thrift).description()).isNull();
  }

  @Test
  void sendsAnEmptySerdeForATableWithoutOne() {
    StorageDescriptor withoutSerde = fullStorageDescriptor().toBuilder().serdeInfo(null).build();

    org.apache.hadoop.hive.metastore.api.StorageDescriptor thrift =
        ThriftConverter.toThrift(withoutSerde);

    assertThat(thrift.getSerdeInfo()).isNotNull();
    assertThat(thrift.getSerdeInfo().getSerializationLib()).isNull();
    assertThat(thrift.getSerdeInfo().getParameters()).isEmpty();
    assertThat(ThriftConverter.fromThrift(thrift)).isEqualTo(withoutSerde);
  }

  @Test
  void readsHiveTableSentByClient() {
    org.apache.hadoop.hive.metastore.api.Table thrift =
        new org.apache.hadoop.hive.metastore.api.Table();
    thrift.setDbName("Sales");
    thrift.setTableName("Orders");
    thrift.setCreateTime(0);
    thrift.setLastAccessTime(1_700_000_500);
    org.apache.hadoop.hive.metastore.api.StorageDescriptor descriptor =
        new org.apache.hadoop.hive.metastore.api.StorageDescriptor();
    descriptor.setCols(
        List.of(new org.apache.hadoop.hive.metastore.api.FieldSchema("id", "int", null)));
    descriptor.setSkewedInfo(new org.apache.hadoop.hive.metastore.api.SkewedInfo());
    thrift.setSd(descriptor);

    Table table = ThriftConverter.fromThrift("hive", thrift);

    assertThat(table.name()).isEqualTo(new TableName("hive", "sales", "orders"));
    assertThat(table.createTime()).isNull();
    assertThat(table.lastAccessTime()).isEqualTo(ACCESSED);
    assertThat(table.version()).isZero();
    assertThat(table.storageDescriptor().columns()).containsExactly(new Column("id", "int"));
    assertThat(table.storageDescriptor().numberOfBuckets()).isEqualTo(-1);
    assertThat(table.storageDescriptor().skewedInfo()).isNull();
    assertThat(table.storageDescriptor().serdeInfo()).isNull();
  }

  @Test
  void sendsEmptySkewedInfoWhenNoneIsKnown() {
    org.apache.hadoop.hive.metastore.api.StorageDescriptor thrift =
        ThriftConverter.toThrift(StorageDescriptor.builder().build());

    assertThat(thrift.getSkewedInfo().getSkewedColNames()).isEmpty();
    assertThat(thrift.getSkewedInfo().getSkewedColValues()).isEmpty();
    assertThat(thrift.getSkewedInfo().getSkewedColValueLocationMaps()).isEmpty();
    assertThat(thrift.getNumBuckets()).isEqualTo(-1);
    assertThat(ThriftConverter.fromThrift(thrift)).isEqualTo(StorageDescriptor.builder().build());
  }

  @Test
  void rejectsTemporaryTable() {
    org.apache.hadoop.hive.metastore.api.Table thrift = ThriftConverter.toThrift(fullTable());
    thrift.setTemporary(true);

    assertThatThrownBy(() -> ThriftConverter.fromThrift("hive", thrift))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Temporary tables are not supported");
  }

  @Test
  void rejectsTableWithoutName() {
    org.apache.hadoop.hive.metastore.api.Table thrift =
        new org.apache.hadoop.hive.metastore.api.Table();
    thrift.setDbName("sales");

    assertThatThrownBy(() -> ThriftConverter.fromThrift("hive", thrift))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Table name is missing");
  }

  @Test
  void rejectsUnknownSerdeType() {
    StorageDescriptor descriptor =
        StorageDescriptor.builder()
            .serdeInfo(new SerDeInfo(null, null, null, null, null, null, "AVRO_REGISTRY"))
            .build();

    assertThatThrownBy(() -> ThriftConverter.toThrift(descriptor))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Unknown serde type: AVRO_REGISTRY");
  }

  @Test
  void usesCatalogOfRequest() {
    org.apache.hadoop.hive.metastore.api.Table thrift = ThriftConverter.toThrift(fullTable());
    thrift.setCatName("spark");

    assertThat(ThriftConverter.fromThrift("Default", thrift).name())
        .isEqualTo(new TableName("default", "sales", "orders"));
  }

  @Test
  void roundTripsDatabase() {
    Database database =
        new Database(
            new DatabaseName("hive", "sales"),
            "sales data",
            "s3://bucket/sales",
            "s3://bucket/managed/sales",
            Map.of("owner.team", "finance"),
            "bob",
            PrincipalType.GROUP,
            CREATED,
            null,
            0);

    org.apache.hadoop.hive.metastore.api.Database thrift = ThriftConverter.toThrift(database);

    assertThat(thrift.getName()).isEqualTo("sales");
    assertThat(thrift.getCatalogName()).isEqualTo("hive");
    assertThat(thrift.getLocationUri()).isEqualTo("s3://bucket/sales");
    assertThat(thrift.getManagedLocationUri()).isEqualTo("s3://bucket/managed/sales");
    assertThat(thrift.getCreateTime()).isEqualTo(1_700_000_000);
    assertThat(thrift.getType()).isEqualTo(DatabaseType.NATIVE);
    assertThat(ThriftConverter.fromThrift("hive", thrift)).isEqualTo(database);
  }

  @Test
  void readsDatabaseSentByHiveTwoClient() {
    org.apache.hadoop.hive.metastore.api.Database thrift =
        new org.apache.hadoop.hive.metastore.api.Database();
    thrift.setName("Sales");
    thrift.setLocationUri("s3://bucket/sales");

    Database database = ThriftConverter.fromThrift("hive", thrift);

    assertThat(database)
        .isEqualTo(
            new Database(
                new DatabaseName("hive", "sales"),
                null,
                "s3://bucket/sales",
                null,
                Map.of(),
                null,
                null,
                null,
                null,
                0));
    assertThat(ThriftConverter.toThrift(database).getCreateTime()).isZero();
  }

  @Test
  void rejectsRemoteDatabase() {
    org.apache.hadoop.hive.metastore.api.Database thrift =
        new org.apache.hadoop.hive.metastore.api.Database();
    thrift.setName("remote");
    thrift.setType(DatabaseType.REMOTE);

    assertThatThrownBy(() -> ThriftConverter.fromThrift("hive", thrift))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Remote databases are not supported");
  }

  @Test
  void roundTripsPartition() {
    Partition partition =
        new Partition(
            TABLE_NAME,
            List.of("2024-07-01"),
            fullStorageDescriptor(),
            Map.of("numRows", "10"),
            CREATED,
            ACCESSED,
            null,
            0);

    org.apache.hadoop.hive.metastore.api.Partition thrift = ThriftConverter.toThrift(partition);

    assertThat(thrift.getCatName()).isEqualTo("hive");
    assertThat(thrift.getDbName()).isEqualTo("sales");
    assertThat(thrift.getTableName()).isEqualTo("orders");
    assertThat(thrift.getValues()).containsExactly("2024-07-01");
    assertThat(ThriftConverter.fromThrift(TABLE_NAME, thrift)).isEqualTo(partition);
  }

  @Test
  void roundTripsPartitionWithoutTimesOrStorage() {
    Partition partition =
        new Partition(TABLE_NAME, List.of("2024-07-01"), null, Map.of(), null, null, null, 0);

    org.apache.hadoop.hive.metastore.api.Partition thrift = ThriftConverter.toThrift(partition);

    assertThat(thrift.getCreateTime()).isZero();
    assertThat(thrift.getLastAccessTime()).isZero();
    assertThat(thrift.getSd()).isNull();
    assertThat(ThriftConverter.fromThrift(TABLE_NAME, thrift)).isEqualTo(partition);
  }

  @Test
  void rejectsPartitionOfAnotherTable() {
    org.apache.hadoop.hive.metastore.api.Partition thrift =
        new org.apache.hadoop.hive.metastore.api.Partition();
    thrift.setDbName("Sales");
    thrift.setTableName("ORDERS");
    thrift.setValues(List.of("x"));
    assertThat(ThriftConverter.fromThrift(TABLE_NAME, thrift).values()).containsExactly("x");

    thrift.setTableName("returns");
    assertThatThrownBy(() -> ThriftConverter.fromThrift(TABLE_NAME, thrift))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Partition of Sales.returns does not belong to table hive.sales.orders");
  }

  @Test
  void roundTripsPrincipalTypes() {
    for (PrincipalType type : PrincipalType.values()) {
      assertThat(ThriftConverter.fromThrift(ThriftConverter.toThrift(type))).isEqualTo(type);
    }
    assertThat(ThriftConverter.toThrift((PrincipalType) null)).isNull();
    assertThat(
            ThriftConverter.fromThrift((org.apache.hadoop.hive.metastore.api.PrincipalType) null))
        .isNull();
  }

  private static List<ColumnStatistics> everyStatisticsKind(Instant analyzed) {
    return List.of(
        new ColumnStatistics("flag", "boolean", analyzed, new BooleanData(3, 4, 1, BIT_VECTOR)),
        new ColumnStatistics("flag_plain", "boolean", analyzed, new BooleanData(3, 4, 1, null)),
        new ColumnStatistics(
            "id", "bigint", analyzed, new LongData(-5L, 1_000L, 0, 900, BIT_VECTOR, HISTOGRAM)),
        new ColumnStatistics(
            "id_unknown", "bigint", analyzed, new LongData(null, null, 2, 0, null, null)),
        new ColumnStatistics(
            "ratio", "double", analyzed, new DoubleData(-0.5, 2.25, 1, 40, BIT_VECTOR, HISTOGRAM)),
        new ColumnStatistics(
            "ratio_unknown", "double", analyzed, new DoubleData(null, null, 1, 40, null, null)),
        new ColumnStatistics(
            "amount",
            "decimal(10,2)",
            analyzed,
            new DecimalData(
                new BigDecimal("-12345.67"),
                new BigDecimal("98765432.10"),
                5,
                77,
                BIT_VECTOR,
                HISTOGRAM)),
        new ColumnStatistics(
            "huge",
            "decimal(38,0)",
            analyzed,
            new DecimalData(
                new BigDecimal("-99999999999999999999999999999999999999"),
                BigDecimal.ZERO,
                0,
                2,
                null,
                null)),
        new ColumnStatistics(
            "amount_unknown",
            "decimal(10,2)",
            analyzed,
            new DecimalData(null, null, 5, 77, null, null)),
        new ColumnStatistics(
            "day",
            "date",
            analyzed,
            new DateData(
                LocalDate.of(1969, 12, 31),
                LocalDate.of(2024, 7, 1),
                0,
                365,
                BIT_VECTOR,
                HISTOGRAM)),
        new ColumnStatistics(
            "day_unknown", "date", analyzed, new DateData(null, null, 0, 365, null, null)),
        new ColumnStatistics(
            "at",
            "timestamp",
            analyzed,
            new TimestampData(-86_400L, 1_700_000_000L, 3, 1_000, BIT_VECTOR, HISTOGRAM)),
        new ColumnStatistics(
            "at_unknown", "timestamp", analyzed, new TimestampData(null, null, 3, 1, null, null)),
        new ColumnStatistics(
            "country", "string", analyzed, new StringData(2, 1.75, 0, 190, BIT_VECTOR)),
        new ColumnStatistics("blob", "binary", analyzed, new BinaryData(1024, 99.5, 7, null)));
  }

  @Test
  void roundTripsEveryStatisticsKind() {
    List<ColumnStatistics> statistics = everyStatisticsKind(ACCESSED);
    ColumnStatisticsDesc description = new ColumnStatisticsDesc(true, "sales", "orders");

    org.apache.hadoop.hive.metastore.api.ColumnStatistics thrift =
        ThriftConverter.toThrift(description, statistics);

    assertThat(thrift.getStatsDesc().getLastAnalyzed()).isEqualTo(1_700_000_500L);
    assertThat(description.isSetLastAnalyzed()).isFalse();
    assertThat(thrift.getStatsObj()).hasSize(statistics.size());
    assertThat(ThriftConverter.fromThrift(thrift)).isEqualTo(statistics);
  }

  @Test
  void roundTripsEveryStatisticsKindOverTheWire() throws TException {
    List<ColumnStatistics> statistics = everyStatisticsKind(ACCESSED);

    org.apache.hadoop.hive.metastore.api.ColumnStatistics wire =
        overTheWire(
            ThriftConverter.toThrift(new ColumnStatisticsDesc(true, "sales", "orders"), statistics),
            new org.apache.hadoop.hive.metastore.api.ColumnStatistics());

    assertThat(ThriftConverter.fromThrift(wire)).isEqualTo(statistics);
  }

  @Test
  void writesUnknownBoundsAsUnsetFields() {
    List<ColumnStatistics> statistics = everyStatisticsKind(null);

    ColumnStatisticsObj longObject = ThriftConverter.toThrift(statistics.get(3));
    assertThat(longObject.getStatsData().getLongStats().isSetLowValue()).isFalse();
    assertThat(longObject.getStatsData().getLongStats().isSetHighValue()).isFalse();
    assertThat(longObject.getStatsData().getLongStats().isSetBitVectors()).isFalse();
    ColumnStatisticsObj decimalObject = ThriftConverter.toThrift(statistics.get(6));
    assertThat(decimalObject.getStatsData().getDecimalStats().getLowValue().getScale())
        .isEqualTo((short) 2);
    assertThat(decimalObject.getStatsData().getDecimalStats().getLowValue().getUnscaled())
        .isEqualTo(new BigDecimal("-12345.67").unscaledValue().toByteArray());
    ColumnStatisticsObj dateObject = ThriftConverter.toThrift(statistics.get(9));
    assertThat(dateObject.getStatsData().getDateStats().getLowValue().getDaysSinceEpoch())
        .isEqualTo(-1);
    ColumnStatisticsObj timestampObject = ThriftConverter.toThrift(statistics.get(11));
    assertThat(
            timestampObject
                .getStatsData()
                .getTimestampStats()
                .getHighValue()
                .getSecondsSinceEpoch())
        .isEqualTo(1_700_000_000L);

    org.apache.hadoop.hive.metastore.api.ColumnStatistics thrift =
        ThriftConverter.toThrift(new ColumnStatisticsDesc(true, "sales", "orders"), statistics);
    assertThat(thrift.getStatsDesc().isSetLastAnalyzed()).isFalse();
    assertThat(ThriftConverter.fromThrift(thrift)).isEqualTo(statistics);
  }

  @Test
  void keepsLastAnalyzedOfDescription() {
    ColumnStatisticsDesc description = new ColumnStatisticsDesc(false, "sales", "orders");
    description.setPartName("day=2024-07-01");
    description.setLastAnalyzed(1_700_000_000L);

    org.apache.hadoop.hive.metastore.api.ColumnStatistics thrift =
        ThriftConverter.toThrift(description, everyStatisticsKind(ACCESSED));

    assertThat(thrift.getStatsDesc()).isEqualTo(description);
    assertThat(ThriftConverter.fromThrift(thrift))
        .allSatisfy(statistics -> assertThat(statistics.analyzedTime()).isEqualTo(CREATED));
  }

  @Test
  void rejectsStatisticsWithoutData() {
    org.apache.hadoop.hive.metastore.api.ColumnStatistics thrift =
        new org.apache.hadoop.hive.metastore.api.ColumnStatistics();
    thrift.setStatsDesc(new ColumnStatisticsDesc(true, "sales", "orders"));
    thrift.setStatsObj(
        List.of(new ColumnStatisticsObj("id", "bigint", new ColumnStatisticsData())));

    assertThatThrownBy(() -> ThriftConverter.fromThrift(thrift))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Statistics of column id have no data");
  }

  @Test
  void readsStatisticsSentByClient() {
    LongColumnStatsData data = new LongColumnStatsData(1, 10);
    data.setHighValue(42);
    org.apache.hadoop.hive.metastore.api.ColumnStatistics thrift =
        new org.apache.hadoop.hive.metastore.api.ColumnStatistics();
    thrift.setStatsDesc(new ColumnStatisticsDesc(true, "sales", "orders"));
    thrift.setStatsObj(
        List.of(new ColumnStatisticsObj("id", "bigint", ColumnStatisticsData.longStats(data))));

    assertThat(ThriftConverter.fromThrift(thrift))
        .containsExactly(
            new ColumnStatistics("id", "bigint", null, new LongData(null, 42L, 1, 10, null, null)));
  }

  @Test
  void roundTripsFunction() {
    Function function =
        new Function(
            new FunctionName("hive", "sales", "to_euro"),
            "com.example.ToEuro",
            "alice",
            PrincipalType.ROLE,
            Instant.parse("2024-01-02T03:04:05Z"),
            FunctionType.JAVA,
            List.of(
                new ResourceUri(ResourceUri.Type.JAR, "s3://bucket/udfs.jar"),
                new ResourceUri(ResourceUri.Type.FILE, "s3://bucket/rates.csv"),
                new ResourceUri(ResourceUri.Type.ARCHIVE, "s3://bucket/deps.zip")),
            0);
    org.apache.hadoop.hive.metastore.api.Function thrift = ThriftConverter.toThrift(function);
    assertThat(thrift.getDbName()).isEqualTo("sales");
    assertThat(thrift.getFunctionName()).isEqualTo("to_euro");
    assertThat(ThriftConverter.fromThrift("hive", thrift)).isEqualTo(function);
  }

  @Test
  void functionWithoutNameOrResourceTypeIsInvalid() {
    org.apache.hadoop.hive.metastore.api.Function thrift =
        new org.apache.hadoop.hive.metastore.api.Function();
    thrift.setDbName("sales");
    thrift.setClassName("com.example.ToEuro");
    assertThatThrownBy(() -> ThriftConverter.fromThrift("hive", thrift))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Function name is missing");
    thrift.setFunctionName("to_euro");
    thrift.setResourceUris(
        List.of(new org.apache.hadoop.hive.metastore.api.ResourceUri(null, "s3://x")));
    assertThatThrownBy(() -> ThriftConverter.fromThrift("hive", thrift))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Resource type is missing");
  }
}
