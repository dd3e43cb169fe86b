package io.cairn.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.ByteString;
import io.cairn.catalog.Catalog;
import io.cairn.catalog.Column;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Function;
import io.cairn.catalog.FunctionName;
import io.cairn.catalog.FunctionType;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PrincipalType;
import io.cairn.catalog.ResourceUri;
import io.cairn.catalog.SerDeInfo;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableType;
import io.cairn.json.CatalogJson;
import io.cairn.service.CatalogService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A catalog with every kind of thing an export carries, built through the catalog service. */
final class SampleCatalog {
  static final DatabaseName SALES = new DatabaseName("hive", "sales");
  static final DatabaseName MARKETING = new DatabaseName("hive", "marketing");
  static final DatabaseName RAW = new DatabaseName("lake", "raw");
  static final TableName ORDERS = SALES.table("orders");
  static final TableName ORDERS_VIEW = SALES.table("orders_view");
  static final TableName EVENTS = RAW.table("events");
  static final FunctionName TO_EURO = new FunctionName(SALES, "to_euro");

  private static final ObjectMapper MAPPER = CatalogJson.newObjectMapper();

  private SampleCatalog() {}

  /**
   * Two catalogs, three databases; {@code sales.orders} is partitioned by (day, region) with {@code
   * partitions} partitions, four versions of which one is deleted, statistics on the table and on
   * every tenth partition, two partition indexes and tags; {@code sales} has a function, updated
   * once.
   */
  static void populate(StoreUnderTest target, int partitions) {
    CatalogService service = target.service();
    service.ensureDefaultCatalog();
    target
        .store()
        .write(
            transaction -> {
              transaction.createCatalog(
                  new Catalog(
                      "lake", "the data lake", "s3://lake", Instant.parse("2023-01-01T00:00:00Z")));
              return null;
            });
    service.tagResource(StoreUnderTest.ARNS.catalog(), Map.of("owner", "platform"));

    service.createDatabase(
        new Database(
            SALES,
            "sales data",
            "s3://bucket/sales",
            null,
            Map.of("team", "finance", "classification", "internal"),
            "alice",
            PrincipalType.USER,
            null,
            null,
            0));
    service.updateDatabase(
        SALES,
        new Database(
            SALES,
            "all sales data",
            "s3://bucket/sales",
            null,
            Map.of("team", "finance"),
            "alice",
            PrincipalType.USER,
            null,
            null,
            0),
        0L);
    service.tagResource(
        StoreUnderTest.ARNS.database(SALES), Map.of("cost-center", "42", "env", "prod"));
    Function toEuro =
        new Function(
            TO_EURO,
            "com.example.udf.ToEuro",
            "alice",
            PrincipalType.USER,
            null,
            FunctionType.JAVA,
            List.of(new ResourceUri(ResourceUri.Type.JAR, "s3://bucket/udfs/currency.jar")),
            0);
    service.createFunction(toEuro);
    service.updateFunction(
        TO_EURO,
        new Function(
            TO_EURO,
            "com.example.udf.ToEuroV2",
            "alice",
            PrincipalType.USER,
            null,
            FunctionType.JAVA,
            List.of(
                new ResourceUri(ResourceUri.Type.JAR, "s3://bucket/udfs/currency-2.jar"),
                new ResourceUri(ResourceUri.Type.FILE, "s3://bucket/udfs/rates.csv")),
            0),
        0L);
    service.createDatabase(
        new Database(MARKETING, null, null, null, null, null, null, null, null, 0));
    service.createDatabase(
        new Database(RAW, "raw events", "s3://lake/raw", null, null, null, null, null, null, 0));

    Table orders = orders("orders, first version");
    service.createTable(orders);
    service.updateTable(ORDERS, orders("orders, second version"), 0L);
    service.updateTable(ORDERS, orders("orders, third version"), 1L);
    service.updateTable(ORDERS, orders("orders, current version"), 2L);
    service.deleteTableVersion(ORDERS, 1);
    service.tagResource(StoreUnderTest.ARNS.table(ORDERS), Map.of("pii", "false"));
    service.createPartitionIndex(ORDERS, "by_day", List.of("day"));
    service.createPartitionIndex(ORDERS, "by_region_day", List.of("region", "day"));
    service.putColumnStatistics(
        ORDERS,
        null,
        List.of(
            new ColumnStatistics(
                "amount",
                "decimal(10,2)",
                Instant.parse("2024-06-01T00:00:00Z"),
                new ColumnStatistics.DecimalData(
                    new BigDecimal("0.50"),
                    new BigDecimal("99999.99"),
                    3,
                    1000,
                    ByteString.copyOf(new byte[] {1, 2, 3}),
                    null)),
            new ColumnStatistics(
                "id",
                "bigint",
                Instant.parse("2024-06-01T00:00:00Z"),
                new ColumnStatistics.LongData(1L, 1_000_000L, 0, 1_000_000, null, null))));
    addPartitions(service, ORDERS, partitions, 0);

    service.createTable(
        Table.builder()
            .name(ORDERS_VIEW)
            .tableType(TableType.VIRTUAL_VIEW)
            .viewOriginalText("SELECT * FROM orders")
            .viewExpandedText("SELECT `orders`.`id` FROM `sales`.`orders`")
            .storageDescriptor(
                StorageDescriptor.builder().columns(List.of(new Column("id", "bigint"))).build())
            .build());
    service.createTable(
        Table.builder()
            .name(EVENTS)
            .owner("etl")
            .ownerType(PrincipalType.ROLE)
            .tableType(TableType.EXTERNAL_TABLE)
            .parameters(Map.of("EXTERNAL", "TRUE"))
            .storageDescriptor(
                StorageDescriptor.builder()
                    .columns(List.of(new Column("payload", "struct<kind:string,at:timestamp>")))
                    .location("s3://lake/raw/events")
                    .build())
            .build());
  }

  static Table orders(String description) {
    return Table.builder()
        .name(ORDERS)
        .description(description)
        .owner("alice")
        .tableType(TableType.EXTERNAL_TABLE)
        .parameters(Map.of("EXTERNAL", "TRUE", "classification", "parquet"))
        .partitionKeys(List.of(new Column("day", "string"), new Column("region", "string")))
        .storageDescriptor(
            StorageDescriptor.builder()
                .columns(
                    List.of(
                        new Column("id", "bigint", "order id", Map.of()),
                        new Column("amount", "decimal(10,2)")))
                .location("s3://bucket/sales/orders")
                .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                .serdeInfo(
                    SerDeInfo.of(
                        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                        Map.of("serialization.format", "1")))
                .build())
        .build();
  }

  /** Adds {@code count} partitions to a table keyed (day, region), numbered from {@code first}. */
  static void addPartitions(CatalogService service, TableName table, int count, int first) {
    List<Partition> batch = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      batch.add(partition(table, i));
      if (batch.size() == 1000) {
        service.addPartitions(table, batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      service.addPartitions(table, batch);
    }
    for (int i = first; i < first + count; i += 10) {
      service.putColumnStatistics(
          table,
          partition(table, i).values(),
          List.of(
              new ColumnStatistics(
                  "id",
                  "bigint",
                  null,
                  new ColumnStatistics.LongData((long) i, (long) i + 100, 0, 100, null, null))));
    }
  }

  static Partition partition(TableName table, int number) {
    List<String> values =
        List.of(String.format("2024-%05d", number / 2), number % 2 == 0 ? "eu" : "us");
    return new Partition(
        table,
        values,
        StorageDescriptor.builder()
            .location(
                "s3://bucket/"
                    + table.table()
                    + "/day="
                    + values.get(0)
                    + "/region="
                    + values.get(1))
            .build(),
        Map.of("numRows", Integer.toString(number)),
        null,
        null,
        null,
        0);
  }

  /** The document without {@code exportedAt}, which differs between any two exports. */
  static JsonNode content(byte[] document) {
    try {
      ObjectNode tree = (ObjectNode) MAPPER.readTree(document);
      tree.remove("exportedAt");
      return tree;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }
}
