package io.cairn.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.catalog.Column;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.LimitExceededException;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PartitionIndex;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.ValidationException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestCatalogValidator {
  private static final DatabaseName SALES = new DatabaseName("hive", "sales");
  private static final TableName ORDERS = SALES.table("orders");
  private static final Instant CREATED = Instant.parse("2020-01-02T03:04:05.678Z");
  private static final Instant UPDATED = Instant.parse("2021-01-02T03:04:05.678Z");

  private static Database database(String name, long version) {
    return new Database(
        new DatabaseName("hive", name),
        "sales data",
        "s3://bucket/sales",
        null,
        Map.of("team", "finance"),
        "alice",
        null,
        CREATED,
        null,
        version);
  }

  private static Table.Builder orders() {
    return Table.builder()
        .name(ORDERS)
        .storageDescriptor(
            StorageDescriptor.builder()
                .columns(
                    List.of(new Column("ID", "BIGINT"), new Column("amount", "DECIMAL(10, 2)")))
                .build())
        .partitionKeys(List.of(new Column("Day", "string"), new Column("region", "string")))
        .createTime(CREATED)
        .updateTime(UPDATED)
        .version(7);
  }

  private static Partition partition(List<String> values, long version) {
    return new Partition(
        new TableName("hive", "elsewhere", "ignored"),
        values,
        StorageDescriptor.builder().columns(List.of(new Column("ID", "INT"))).build(),
        Map.of("numRows", "10"),
        CREATED,
        null,
        UPDATED,
        version);
  }

  private static ColumnStatistics statistics(String column, String type, Instant analyzedTime) {
    return new ColumnStatistics(
        column, type, analyzedTime, new ColumnStatistics.LongData(1L, 9L, 0, 9, null, null));
  }

  // Databases

  @Test
  void databaseKeepsItsTimeAndVersion() {
    Database database = database("Sales", 3);
    assertThat(CatalogValidator.database(database)).isEqualTo(database);
    assertThat(CatalogValidator.database(database).name().database()).isEqualTo("sales");
  }

  @Test
  void invalidDatabases() {
    assertThatThrownBy(() -> CatalogValidator.database(database("a:b", 0)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("database name 'a:b' contains the character ':' at position 1");
    assertThatThrownBy(() -> CatalogValidator.database(database(" ", 0)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("database name must not be empty");
    assertThatThrownBy(() -> CatalogValidator.database(database("sales", -1)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("database version must not be negative");
    Database longDescription =
        new Database(SALES, "x".repeat(2049), null, null, null, null, null, null, null, 0);
    assertThatThrownBy(() -> CatalogValidator.database(longDescription))
        .isInstanceOf(ValidationException.class)
        .hasMessage("database description is longer than 2048 characters");
  }

  @Test
  void onlyNestedDatabasesHaveDotsAndEachLevelIsAName() {
    assertThatThrownBy(() -> CatalogValidator.database(database("sales.eu", 0)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("database name 'sales.eu' contains the character '.' at position 5");
    Database europe = database("sales.eu", 0);
    assertThat(CatalogValidator.nestedDatabase(europe)).isEqualTo(europe);
    assertThat(CatalogValidator.nestedDatabase(database("sales", 0)).name()).isEqualTo(SALES);
    assertThatThrownBy(() -> CatalogValidator.nestedDatabase(database("sales..eu", 0)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("database level name must not be empty");
    assertThatThrownBy(() -> CatalogValidator.nestedDatabase(database("sales.e:u", 0)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("database level name 'e:u' contains the character ':' at position 1");
    assertThatThrownBy(() -> CatalogValidator.nestedDatabase(database("a.b".repeat(86), 0)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("longer than 255");
    TableName nested = new TableName("hive", "sales.eu", "orders");
    assertThat(CatalogValidator.table(orders().name(nested).build()).name()).isEqualTo(nested);
    assertThatThrownBy(
            () ->
                CatalogValidator.table(
                    orders().name(new TableName("hive", "sales.eu", "a.b")).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'.'");
  }

  // Tables

  @Test
  void tableIsNormalizedAndKeepsItsTimesAndVersion() {
    Table table = CatalogValidator.table(orders().build());
    assertThat(table.storageDescriptor().columns())
        .containsExactly(new Column("id", "bigint"), new Column("amount", "decimal(10,2)"));
    assertThat(table.partitionKeys()).extracting(Column::name).containsExactly("day", "region");
    assertThat(table.createTime()).isEqualTo(CREATED);
    assertThat(table.updateTime()).isEqualTo(UPDATED);
    assertThat(table.version()).isEqualTo(7);
    assertThat(CatalogValidator.table(table)).as("normalizing is idempotent").isEqualTo(table);
  }

  @Test
  void invalidTables() {
    assertThatThrownBy(() -> CatalogValidator.table(orders().name(SALES.table("a/b")).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("table name 'a/b' contains the character '/' at position 1");
    assertThatThrownBy(
            () ->
                CatalogValidator.table(
                    orders()
                        .storageDescriptor(
                            StorageDescriptor.builder()
                                .columns(List.of(new Column("day", "string")))
                                .build())
                        .build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("duplicate column name 'day'");
    assertThatThrownBy(
            () ->
                CatalogValidator.table(
                    orders().partitionKeys(List.of(new Column("day", "map<int"))).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("invalid type of partition key 'day': ");
    assertThatThrownBy(() -> CatalogValidator.table(orders().retention(-1).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("table retention must not be negative");
    assertThatThrownBy(() -> CatalogValidator.table(orders().version(-1).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("table version must not be negative");
    assertThatThrownBy(
            () -> CatalogValidator.table(orders().parameters(Map.of("", "empty key")).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("table parameter key must be 1 to 255 characters: ''");
  }

  // Partitions

  @Test
  void partitionBelongsToTheTableAndKeepsItsTimesAndVersion() {
    Table table = CatalogValidator.table(orders().build());
    Partition partition =
        CatalogValidator.partition(table, partition(List.of("2024-01-01", "eu"), 4));
    assertThat(partition.table()).isEqualTo(ORDERS);
    assertThat(partition.storageDescriptor().columns()).containsExactly(new Column("id", "int"));
    assertThat(partition.createTime()).isEqualTo(CREATED);
    assertThat(partition.lastAnalyzedTime()).isEqualTo(UPDATED);
    assertThat(partition.version()).isEqualTo(4);
  }

  @Test
  void invalidPartitions() {
    Table table = CatalogValidator.table(orders().build());
    assertThatThrownBy(() -> CatalogValidator.partition(table, partition(List.of("2024"), 0)))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "table hive.sales.orders has 2 partition keys but the partition has 1 values: [2024]");
    assertThatThrownBy(
            () -> CatalogValidator.partition(table, partition(List.of("x".repeat(1025), "eu"), 0)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("partition value is longer than 1024 characters");
    assertThatThrownBy(() -> CatalogValidator.partition(table, partition(List.of("a", "b"), -1)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("partition version must not be negative");
    Table unpartitioned = table.toBuilder().partitionKeys(List.of()).build();
    assertThatThrownBy(() -> CatalogValidator.partition(unpartitioned, partition(List.of(), 0)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("table hive.sales.orders is not partitioned");
  }

  // Column statistics

  @Test
  void statisticsAreNormalizedAndKeepTheirAnalyzedTime() {
    Table table = CatalogValidator.table(orders().build());
    assertThat(
            CatalogValidator.tableColumnStatistics(
                table,
                List.of(statistics("ID", "BIGINT", CREATED), statistics("day", "string", null))))
        .containsExactly(statistics("id", "bigint", CREATED), statistics("day", "string", null));
    assertThat(
            CatalogValidator.partitionColumnStatistics(
                table, List.of(statistics("amount", "decimal(10, 2)", null))))
        .containsExactly(statistics("amount", "decimal(10,2)", null));
  }

  @Test
  void statisticsOfUnknownColumns() {
    Table table = CatalogValidator.table(orders().build());
    assertThatThrownBy(
            () ->
                CatalogValidator.tableColumnStatistics(
                    table, List.of(statistics("nope", "bigint", null))))
        .isInstanceOf(ValidationException.class)
        .hasMessage("table hive.sales.orders has no column 'nope'");
    assertThatThrownBy(
            () ->
                CatalogValidator.partitionColumnStatistics(
                    table, List.of(statistics("Day", "string", null))))
        .as("a partition's key values are in its name, not in statistics")
        .isInstanceOf(ValidationException.class)
        .hasMessage("table hive.sales.orders has no column 'Day'");
  }

  // Partition indexes

  @Test
  void partitionIndexIsLowerCasedAndKeepsItsStatus() {
    Table table = CatalogValidator.table(orders().build());
    PartitionIndex index =
        CatalogValidator.partitionIndex(
            table,
            List.of(),
            new PartitionIndex("By_Day", List.of("REGION", "Day"), PartitionIndex.Status.CREATING));
    assertThat(index)
        .isEqualTo(
            new PartitionIndex("by_day", List.of("region", "day"), PartitionIndex.Status.CREATING));
  }

  @Test
  void invalidPartitionIndexes() {
    Table table = CatalogValidator.table(orders().build());
    PartitionIndex.Status active = PartitionIndex.Status.ACTIVE;
    assertThatThrownBy(
            () ->
                CatalogValidator.partitionIndex(
                    table, List.of(), new PartitionIndex("i", List.of(), active)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("a partition index needs at least one key");
    assertThatThrownBy(
            () ->
                CatalogValidator.partitionIndex(
                    table, List.of(), new PartitionIndex("i", List.of("id"), active)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("'id' is not a partition key of table hive.sales.orders [day, region]");
    assertThatThrownBy(
            () ->
                CatalogValidator.partitionIndex(
                    table, List.of(), new PartitionIndex("i", List.of("day", "DAY"), active)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("a partition index names a key twice: [day, DAY]");
    List<PartitionIndex> three =
        List.of(
            new PartitionIndex("a", List.of("day"), active),
            new PartitionIndex("b", List.of("region"), active),
            new PartitionIndex("c", List.of("day", "region"), active));
    assertThatThrownBy(
            () ->
                CatalogValidator.partitionIndex(
                    table, three, new PartitionIndex("d", List.of("day"), active)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage("table hive.sales.orders has 3 partition indexes already");
  }

  // Tags

  @Test
  void atMostFiftyTagsOfLimitedLength() {
    Map<String, String> tags = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      tags.put("key" + i, "value");
    }
    CatalogValidator.tags(tags);
    tags.put("one-more", "value");
    assertThatThrownBy(() -> CatalogValidator.tags(tags))
        .isInstanceOf(ValidationException.class)
        .hasMessage("a resource has at most 50 tags");
    assertThatThrownBy(() -> CatalogValidator.tags(Map.of("k".repeat(129), "v")))
        .isInstanceOf(ValidationException.class)
        .hasMessage("tag key must be 1 to 128 characters");
    assertThatThrownBy(() -> CatalogValidator.tags(Map.of("k", "v".repeat(257))))
        .isInstanceOf(ValidationException.class)
        .hasMessage("tag 'k' value must be at most 256 characters");
  }
}
