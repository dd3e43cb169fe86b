package io.cairn.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.cairn.catalog.ByteString;
import io.cairn.catalog.Catalog;
import io.cairn.catalog.Column;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PartitionIndex;
import io.cairn.catalog.PrincipalType;
import io.cairn.catalog.SchemaReference;
import io.cairn.catalog.SerDeInfo;
import io.cairn.catalog.SkewedInfo;
import io.cairn.catalog.SortOrder;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableType;
import io.cairn.catalog.TableVersion;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

final class TestCatalogJson {
  private static final Instant CREATED = Instant.parse("2024-05-01T12:00:00.123Z");
  private static final TableName ORDERS = new TableName("hive", "sales", "orders");

  private static final Map<Class<?>, String> KINDS =
      Map.of(
          ColumnStatistics.BooleanData.class, "boolean",
          ColumnStatistics.LongData.class, "long",
          ColumnStatistics.DoubleData.class, "double",
          ColumnStatistics.DecimalData.class, "decimal",
          ColumnStatistics.DateData.class, "date",
          ColumnStatistics.TimestampData.class, "timestamp",
          ColumnStatistics.StringData.class, "string",
          ColumnStatistics.BinaryData.class, "binary");

  private final ObjectMapper mapper = CatalogJson.newObjectMapper();

  static Table fullTable() {
    StorageDescriptor descriptor =
        StorageDescriptor.builder()
            .columns(
                List.of(
                    new Column("id", "bigint", "order id", Map.of("pii", "false")),
                    new Column("amount", "decimal(10,2)"),
                    new Column("note", "string", "", Map.of())))
            .location("s3://bucket/sales/orders")
            .additionalLocations(List.of("s3://bucket/sales/orders-archive"))
            .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
            .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
            .compressed(true)
            .numberOfBuckets(8)
            .serdeInfo(
                new SerDeInfo(
                    "parquet",
                    "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                    Map.of("serialization.format", "1"),
                    "the serde",
                    "com.example.Serializer",
                    "com.example.Deserializer",
                    "HIVE"))
            .bucketColumns(List.of("id"))
            .sortColumns(List.of(new SortOrder("id", 1), new SortOrder("amount", 0)))
            .parameters(Map.of("classification", "parquet"))
            .skewedInfo(
                new SkewedInfo(
                    List.of("note"),
                    List.of(List.of("a"), List.of("b")),
                    List.of(new SkewedInfo.ValueLocation(List.of("a"), "s3://bucket/skew/a"))))
            .storedAsSubDirectories(true)
            .schemaReference(
                new SchemaReference(
                    "registry", "orders", "arn:aws:glue:us-east-1:1:schema/r/orders", "v-1", 3L))
            .build();
    return Table.builder()
        .name(ORDERS)
        .description("all orders")
        .owner("alice")
        .ownerType(PrincipalType.USER)
        .createTime(CREATED)
        .updateTime(CREATED.plusSeconds(60))
        .lastAccessTime(CREATED.plusSeconds(120))
        .lastAnalyzedTime(CREATED.plusSeconds(180))
        .retention(30)
        .storageDescriptor(descriptor)
        .partitionKeys(List.of(new Column("day", "date"), new Column("region", "string")))
        .viewOriginalText("SELECT 1")
        .viewExpandedText("SELECT 1 AS one")
        .tableType(TableType.EXTERNAL_TABLE)
        .parameters(Map.of("EXTERNAL", "TRUE", "parquet.compression", "SNAPPY"))
        .targetTable(new TableName("other", "db", "orders_link"))
        .createdBy("spark")
        .rewriteEnabled(true)
        .version(7)
        .build();
  }

  static Stream<ColumnStatistics.Data> statisticsData() {
    ByteString bits = ByteString.copyOf(new byte[] {1, 2, 3, (byte) 0xff});
    ByteString histogram = ByteString.copyOf(new byte[] {9, 8});
    return Stream.of(
        new ColumnStatistics.BooleanData(10, 20, 3, bits),
        new ColumnStatistics.LongData(-5L, 500L, 1, 42, bits, histogram),
        new ColumnStatistics.LongData(null, null, 0, 0, null, null),
        new ColumnStatistics.DoubleData(-0.5, 1e300, 2, 17, bits, histogram),
        new ColumnStatistics.DoubleData(Double.NaN, Double.POSITIVE_INFINITY, 0, 1, null, null),
        new ColumnStatistics.DecimalData(
            new BigDecimal("-12345678901234567890.123456789"),
            new BigDecimal("1E+3"),
            4,
            5,
            bits,
            null),
        new ColumnStatistics.DecimalData(
            new BigDecimal("1.50"), new BigDecimal("0.000"), 0, 2, null, null),
        new ColumnStatistics.DateData(
            LocalDate.parse("1970-01-01"), LocalDate.parse("2024-12-31"), 0, 365, null, histogram),
        new ColumnStatistics.TimestampData(0L, 1_700_000_000L, 6, 7, bits, histogram),
        new ColumnStatistics.StringData(255, 12.5, 8, 9, bits),
        new ColumnStatistics.BinaryData(1024, 99.25, 10, ByteString.copyOf(new byte[0])));
  }

  @ParameterizedTest
  @MethodSource("statisticsData")
  void columnStatisticsRoundTripWithKind(ColumnStatistics.Data data) throws Exception {
    ColumnStatistics statistics = new ColumnStatistics("amount", "decimal(10,2)", CREATED, data);
    assertRoundTrip(statistics, ColumnStatistics.class);
    JsonNode json = mapper.valueToTree(statistics);
    assertThat(json.get("data").get("kind").asText()).isEqualTo(KINDS.get(data.getClass()));
  }

  @Test
  void fullyPopulatedTableRoundTrips() throws Exception {
    Table table = fullTable();
    assertRoundTrip(table, Table.class);
    JsonNode json = mapper.valueToTree(table);
    assertThat(json.get("createTime").asText()).isEqualTo("2024-05-01T12:00:00.123Z");
    assertThat(json.get("name").toString())
        .isEqualTo("{\"catalog\":\"hive\",\"database\":\"sales\",\"table\":\"orders\"}");
    assertThat(json.has("partitioned")).as("derived isPartitioned() is not a field").isFalse();
    assertThat(json.get("storageDescriptor").get("columns").get(2).get("comment").asText())
        .as("an empty string is kept")
        .isEmpty();
    assertThat(json.get("storageDescriptor").get("columns").get(1).has("parameters"))
        .as("an empty map is left out")
        .isFalse();
    assertThat(json.get("storageDescriptor").get("serdeInfo").get("serializationLibrary").asText())
        .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
  }

  @Test
  void minimalTableLeavesOutNullsAndEmptyContainers() throws Exception {
    Table table = Table.builder().name(ORDERS).build();
    assertRoundTrip(table, Table.class);
    assertThat(mapper.writeValueAsString(table))
        .isEqualTo(
            "{\"name\":{\"catalog\":\"hive\",\"database\":\"sales\",\"table\":\"orders\"},"
                + "\"retention\":0,\"rewriteEnabled\":false,\"version\":0}");
  }

  @Test
  void emptyStorageDescriptorRoundTrips() throws Exception {
    assertRoundTrip(StorageDescriptor.builder().build(), StorageDescriptor.class);
    assertRoundTrip(new SkewedInfo(List.of(), List.of(List.of()), List.of()), SkewedInfo.class);
  }

  @Test
  void catalogDatabaseAndNamesRoundTrip() throws Exception {
    assertRoundTrip(
        new Catalog("hive", "Default catalog", "s3://warehouse", CREATED), Catalog.class);
    assertRoundTrip(new Catalog("bare", null, null, CREATED), Catalog.class);
    assertRoundTrip(
        new Database(
            new DatabaseName("hive", "sales"),
            "sales data",
            "s3://bucket/sales",
            "s3://bucket/managed/sales",
            Map.of("owner-team", "finance"),
            "bob",
            PrincipalType.ROLE,
            CREATED,
            new DatabaseName("other", "sales_link"),
            4),
        Database.class);
    assertRoundTrip(
        new Database(
            new DatabaseName("hive", "empty"), null, null, null, null, null, null, null, null, 0),
        Database.class);
    assertRoundTrip(new DatabaseName("hive", "sales"), DatabaseName.class);
    assertRoundTrip(ORDERS, TableName.class);
    assertThat(mapper.writeValueAsString(new DatabaseName("Hive", "Sales")))
        .isEqualTo("{\"catalog\":\"hive\",\"database\":\"sales\"}");
  }

  @Test
  void partitionRoundTrips() throws Exception {
    Partition partition =
        new Partition(
            ORDERS,
            List.of("2024-05-01", "eu"),
            fullTable().storageDescriptor().toBuilder()
                .location("s3://bucket/day=2024-05-01")
                .build(),
            Map.of("numRows", "100"),
            CREATED,
            CREATED.plusSeconds(1),
            CREATED.plusSeconds(2),
            3);
    assertRoundTrip(partition, Partition.class);
    assertRoundTrip(
        new Partition(
            ORDERS, List.of("", "__HIVE_DEFAULT_PARTITION__"), null, null, null, null, null, 0),
        Partition.class);
  }

  @Test
  void otherTypesRoundTrip() throws Exception {
    assertRoundTrip(
        new PartitionIndex("by_day", List.of("day", "region"), PartitionIndex.Status.ACTIVE),
        PartitionIndex.class);
    assertRoundTrip(
        new TableVersion(6, fullTable().toBuilder().version(6).build()), TableVersion.class);
    assertRoundTrip(new Column("c", "array<struct<a:int,b:string>>"), Column.class);
    assertRoundTrip(new SortOrder("c", 0), SortOrder.class);
    assertRoundTrip(new SchemaReference(null, null, "arn", null, null), SchemaReference.class);
    assertRoundTrip(SerDeInfo.of("lib", Map.of("k", "v")), SerDeInfo.class);
    assertRoundTrip(new PageRequest("token", 100), PageRequest.class);
    assertRoundTrip(ByteString.copyOf(new byte[] {0, 1, 2, 127, -128}), ByteString.class);
    assertThat(mapper.writeValueAsString(ByteString.copyOf(new byte[] {1, 2, 3})))
        .isEqualTo("\"AQID\"");
    assertThat(mapper.writeValueAsString(PrincipalType.GROUP)).isEqualTo("\"GROUP\"");

    Page<Catalog> page = new Page<>(List.of(new Catalog("hive", null, null, CREATED)), "next");
    String json = mapper.writeValueAsString(page);
    assertThat(mapper.readValue(json, new TypeReference<Page<Catalog>>() {})).isEqualTo(page);
  }

  @Test
  void missingContainersReadAsEmpty() throws Exception {
    PartitionIndex index =
        mapper.readValue("{\"name\":\"i\",\"status\":\"FAILED\"}", PartitionIndex.class);
    assertThat(index.keys()).isEmpty();
    Partition partition =
        mapper.readValue(
            "{\"table\":{\"catalog\":\"c\",\"database\":\"d\",\"table\":\"t\"},\"parameters\":null}",
            Partition.class);
    assertThat(partition.values()).isEmpty();
    assertThat(partition.parameters()).isEmpty();
  }

  @Test
  void unknownFieldsAreErrors() {
    assertThatThrownBy(
            () ->
                mapper.readValue(
                    "{\"name\":\"hive\",\"createTime\":\"2024-05-01T12:00:00Z\",\"descripton\":\"x\"}",
                    Catalog.class))
        .isInstanceOf(UnrecognizedPropertyException.class)
        .hasMessageContaining("descripton");
    assertThatThrownBy(
            () ->
                mapper.readValue(
                    "{\"columnName\":\"c\",\"columnType\":\"int\",\"data\":"
                        + "{\"kind\":\"long\",\"numberOfNulls\":1,\"maximun\":3}}",
                    ColumnStatistics.class))
        .isInstanceOf(UnrecognizedPropertyException.class)
        .hasMessageContaining("maximun");
  }

  @Test
  void malformedValuesAreErrors() {
    assertThatThrownBy(
            () ->
                mapper.readValue(
                    "{\"columnName\":\"c\",\"columnType\":\"int\",\"data\":{\"kind\":\"integer\"}}",
                    ColumnStatistics.class))
        .isInstanceOf(InvalidTypeIdException.class)
        .hasMessageContaining("integer");
    assertThatThrownBy(
            () ->
                mapper.readValue(
                    "{\"columnName\":\"c\",\"columnType\":\"int\",\"data\":{\"numberOfNulls\":1}}",
                    ColumnStatistics.class))
        .isInstanceOf(InvalidTypeIdException.class)
        .hasMessageContaining("kind");
    assertThatThrownBy(
            () ->
                mapper.readValue(
                    "{\"name\":\"i\",\"keys\":[],\"status\":\"DONE\"}", PartitionIndex.class))
        .isInstanceOf(InvalidFormatException.class);
    assertThatThrownBy(
            () -> mapper.readValue("{\"column\":\"c\",\"order\":\"1\"}", SortOrder.class))
        .as("numbers written as strings are a typo, not coerced")
        .isInstanceOf(MismatchedInputException.class);
    assertThatThrownBy(() -> mapper.readValue("\"not base64!\"", ByteString.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("base64");
    assertThatThrownBy(
            () -> mapper.readValue("{\"column\":\"c\",\"order\":1,\"order\":0}", SortOrder.class))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("Duplicate field 'order'");
    assertThatThrownBy(() -> mapper.readValue("{\"column\":\"c\",\"order\":1} {}", SortOrder.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageContaining("Trailing token");
    assertThatThrownBy(
            () ->
                mapper.readValue("{\"name\":\"hive\",\"createTime\":\"yesterday\"}", Catalog.class))
        .isInstanceOf(InvalidFormatException.class);
  }

  @Test
  void constructorChecksBecomeErrors() {
    assertThatThrownBy(() -> mapper.readValue("{\"description\":\"x\"}", Catalog.class))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("name is null");
  }

  private <T> void assertRoundTrip(T value, Class<T> type) throws JsonProcessingException {
    String json = mapper.writeValueAsString(value);
    assertThat(mapper.readValue(json, type)).as(json).isEqualTo(value);
    assertThat(mapper.writeValueAsString(mapper.readValue(json, type))).isEqualTo(json);
    // The export reads documents as trees first; a tree must not lose precision or scale.
    assertThat(mapper.treeToValue(mapper.readTree(json), type)).as(json).isEqualTo(value);
    assertThat(mapper.treeToValue(mapper.valueToTree(value), type)).as(json).isEqualTo(value);
  }
}
