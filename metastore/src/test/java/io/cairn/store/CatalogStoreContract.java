package io.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.catalog.AlreadyExistsException;
import io.cairn.catalog.ByteString;
import io.cairn.catalog.Column;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.CrawlRun;
import io.cairn.catalog.CrawlerDefinition;
import io.cairn.catalog.CrawlerStatus;
import io.cairn.catalog.CustomClassifier;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.FindMatchesMetrics;
import io.cairn.catalog.Function;
import io.cairn.catalog.FunctionName;
import io.cairn.catalog.FunctionType;
import io.cairn.catalog.IdempotencyRecord;
import io.cairn.catalog.InvalidOperationException;
import io.cairn.catalog.JobBookmarkEntry;
import io.cairn.catalog.JobDefinition;
import io.cairn.catalog.JobRun;
import io.cairn.catalog.LimitExceededException;
import io.cairn.catalog.MlTaskRun;
import io.cairn.catalog.MlTransform;
import io.cairn.catalog.MlTransformArtifact;
import io.cairn.catalog.MlTransformState;
import io.cairn.catalog.NoSuchDatabaseException;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.NoSuchFunctionException;
import io.cairn.catalog.NoSuchPartitionException;
import io.cairn.catalog.NoSuchTableException;
import io.cairn.catalog.NotificationEvent;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PartitionIndex;
import io.cairn.catalog.PrincipalType;
import io.cairn.catalog.ResourceUri;
import io.cairn.catalog.SchemaReference;
import io.cairn.catalog.SerDeInfo;
import io.cairn.catalog.SkewedInfo;
import io.cairn.catalog.SortOrder;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableConstraint;
import io.cairn.catalog.TableConstraint.Kind;
import io.cairn.catalog.TableMetricsReport;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableSearch;
import io.cairn.catalog.TableType;
import io.cairn.catalog.TableVersion;
import io.cairn.catalog.Trigger;
import io.cairn.catalog.ValidationException;
import io.cairn.catalog.Workflow;
import io.cairn.catalog.WorkflowRun;
import io.cairn.catalog.WorkflowRunAction;
import io.cairn.catalog.filter.PartitionPredicate;
import io.cairn.catalog.filter.PartitionPredicate.And;
import io.cairn.catalog.filter.PartitionPredicate.Comparison;
import io.cairn.catalog.filter.PartitionPredicate.Operator;
import io.cairn.classifiers.ClassifierDefinition;
import io.cairn.crawlers.CrawlTarget;
import io.cairn.crawlers.DeleteBehavior;
import io.cairn.crawlers.RecrawlBehavior;
import io.cairn.crawlers.UpdateBehavior;
import io.cairn.json.CatalogJson;
import io.cairn.locks.Client;
import io.cairn.locks.Lock;
import io.cairn.locks.LockComponent;
import io.cairn.locks.LockType;
import io.cairn.locks.NoSuchLockException;
import io.cairn.locks.NoSuchTransactionException;
import io.cairn.locks.Transaction;
import io.cairn.locks.TransactionAbortedException;
import io.cairn.locks.TransactionOpenException;
import io.cairn.security.ObjectType;
import io.cairn.security.PrincipalPrivileges;
import io.cairn.security.PrivilegeFilter;
import io.cairn.security.PrivilegeGrant;
import io.cairn.security.RoleGrant;
import io.cairn.security.SecurableObject;
import io.cairn.service.CatalogService;
import io.cairn.service.ConstraintService;
import io.cairn.service.LockService;
import io.cairn.service.PrivilegeService;
import io.cairn.service.ResourceArns;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract: every {@link CatalogStore} backend runs these tests unchanged, driven through
 * the {@link CatalogService} the way every protocol drives it, plus direct SPI calls where the
 * store's own guarantees (atomicity, compare-and-swap) are the point.
 */
public abstract class CatalogStoreContract {
  protected static final String CATALOG = "hive";
  protected static final DatabaseName SALES = new DatabaseName(CATALOG, "sales");
  protected static final TableName ORDERS = SALES.table("orders");

  protected CatalogStore store;
  protected CatalogService service;

  /** A new, empty, migrated store for one test. */
  protected abstract CatalogStore newStore();

  /** Opens a second store over the same database, as a second server replica would. */
  protected abstract CatalogStore openSameStoreAgain();

  @BeforeEach
  void setUp() {
    store = newStore();
    service = serviceOf(store);
    service.ensureDefaultCatalog();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  protected static CatalogService serviceOf(CatalogStore store) {
    return new CatalogService(
        store, CATALOG, new ResourceArns("us-east-1", "123456789012"), Clock.systemUTC());
  }

  protected static Database database(DatabaseName name) {
    return new Database(
        name,
        "a database",
        "file:///warehouse/" + name.database(),
        null,
        Map.of("owner-team", "data"),
        "alice",
        PrincipalType.USER,
        null,
        null,
        0);
  }

  protected static Table partitionedTable(TableName name) {
    return Table.builder()
        .name(name)
        .tableType(TableType.EXTERNAL_TABLE)
        .owner("alice")
        .storageDescriptor(
            StorageDescriptor.builder()
                .columns(List.of(new Column("id", "bigint"), new Column("amount", "decimal(10,2)")))
                .location("file:///warehouse/sales/orders")
                .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                .serdeInfo(
                    SerDeInfo.of(
                        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                        Map.of("serialization.format", "1")))
                .build())
        .partitionKeys(List.of(new Column("year", "string"), new Column("month", "string")))
        .parameters(Map.of("classification", "parquet"))
        .build();
  }

  protected static Partition partition(TableName table, String... values) {
    return new Partition(
        table,
        List.of(values),
        StorageDescriptor.builder()
            .columns(List.of(new Column("id", "bigint"), new Column("amount", "decimal(10,2)")))
            .location("file:///warehouse/" + String.join("/", values))
            .build(),
        Map.of("numRows", "10"),
        null,
        null,
        null,
        0);
  }

  private void createSalesOrders() {
    service.createDatabase(database(SALES));
    service.createTable(partitionedTable(ORDERS));
  }

  // Databases

  @Test
  void databaseRoundTripAndCaseInsensitiveNames() {
    Database created = service.createDatabase(database(new DatabaseName(CATALOG, "Sales")));
    assertThat(created.name()).isEqualTo(SALES);
    Database loaded = service.loadDatabase(new DatabaseName("HIVE", "SALES"));
    assertThat(loaded).isEqualTo(created);
    assertThat(loaded.parameters()).containsEntry("owner-team", "data");
    assertThat(loaded.version()).isZero();
    assertThat(loaded.createTime()).isNotNull();
  }

  @Test
  void duplicateAndMissingDatabases() {
    service.createDatabase(database(SALES));
    assertThatThrownBy(() -> service.createDatabase(database(SALES)))
        .isInstanceOf(AlreadyExistsException.class);
    DatabaseName missing = new DatabaseName(CATALOG, "missing");
    assertThatThrownBy(() -> service.loadDatabase(missing))
        .isInstanceOf(NoSuchDatabaseException.class)
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> service.dropDatabase(missing, true))
        .isInstanceOf(NoSuchDatabaseException.class);
  }

  @Test
  void invalidDatabaseNameChangesNothing() {
    assertThatThrownBy(() -> service.createDatabase(database(new DatabaseName(CATALOG, "a/b"))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'/'");
    assertThatThrownBy(
            () -> service.createDatabase(database(new DatabaseName(CATALOG, "x".repeat(256)))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("255");
    assertThat(service.listDatabases(CATALOG, null, PageRequest.first(10)).items()).isEmpty();
  }

  @Test
  void databasesArePagedInNameOrderAndFilteredByPattern() {
    for (int i = 0; i < 25; i++) {
      service.createDatabase(database(new DatabaseName(CATALOG, String.format("db_%02d", 24 - i))));
    }
    List<String> names = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Page<Database> page = service.listDatabases(CATALOG, null, new PageRequest(token, 10));
      page.items().forEach(database -> names.add(database.name().database()));
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(names).hasSize(25).isSorted().doesNotHaveDuplicates();
    assertThat(service.listDatabases(CATALOG, "DB_1*|db_20", PageRequest.first(100)).items())
        .extracting(database -> database.name().database())
        .containsExactly(
            "db_10", "db_11", "db_12", "db_13", "db_14", "db_15", "db_16", "db_17", "db_18",
            "db_19", "db_20");
    assertThatThrownBy(() -> service.listDatabases(CATALOG, null, new PageRequest("garbage!", 10)))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void databaseUpdatesAreCompareAndSwap() {
    Database created = service.createDatabase(database(SALES));
    Database changed =
        new Database(
            SALES,
            "new description",
            created.location(),
            null,
            Map.of(),
            "bob",
            PrincipalType.ROLE,
            null,
            null,
            0);
    Database updated = service.updateDatabase(SALES, changed, 0L);
    assertThat(updated.version()).isEqualTo(1);
    assertThat(service.loadDatabase(SALES).description()).isEqualTo("new description");
    assertThat(service.loadDatabase(SALES).createTime()).isEqualTo(created.createTime());
    assertThatThrownBy(() -> service.updateDatabase(SALES, changed, 0L))
        .isInstanceOf(CommitFailedException.class);
    // A writer that read version 0 loses against the committed version 1, also below the service.
    assertThatThrownBy(
            () ->
                store.write(
                    tx -> {
                      tx.updateDatabase(changed.withVersion(1));
                      return null;
                    }))
        .isInstanceOf(CommitFailedException.class);
  }

  @Test
  void dropDatabaseNeedsCascadeWhenNotEmpty() {
    createSalesOrders();
    service.addPartitions(ORDERS, List.of(partition(ORDERS, "2024", "01")));
    assertThatThrownBy(() -> service.dropDatabase(SALES, false))
        .isInstanceOf(InvalidOperationException.class);
    service.dropDatabase(SALES, true);
    assertThatThrownBy(() -> service.loadTable(ORDERS)).isInstanceOf(NoSuchDatabaseException.class);
    service.createDatabase(database(SALES));
    service.createTable(partitionedTable(ORDERS));
    assertThat(service.countPartitions(ORDERS, null)).isZero();
  }

  @Test
  void nestedDatabasesNeedTheirParentAndKeepItFromBeingDropped() {
    DatabaseName europe = new DatabaseName(CATALOG, "Sales.EU");
    DatabaseName france = new DatabaseName(CATALOG, "sales.eu.fr");
    assertThatThrownBy(() -> service.createNestedDatabase(database(europe)))
        .isInstanceOf(NoSuchDatabaseException.class)
        .hasMessageContaining("sales");
    assertThatThrownBy(() -> service.createDatabase(database(europe)))
        .as("Hive and Glue clients cannot create a database with a dot")
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'.'");
    service.createNestedDatabase(database(SALES));
    // A namesake with a longer first level is no nested database of sales.
    service.createDatabase(database(new DatabaseName(CATALOG, "salesforce")));
    assertThat(service.createNestedDatabase(database(europe)).name().database())
        .isEqualTo("sales.eu");
    service.createNestedDatabase(database(france));
    assertThatThrownBy(() -> service.createNestedDatabase(database(europe)))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(
            () -> service.createNestedDatabase(database(new DatabaseName(CATALOG, "sales..eu"))))
        .isInstanceOf(ValidationException.class);
    service.createTable(partitionedTable(france.table("orders")));
    service.updateDatabase(europe, database(europe), 0L);

    assertThatThrownBy(() -> service.dropDatabase(SALES, true))
        .isInstanceOf(InvalidOperationException.class)
        .hasMessageContaining("nested");
    assertThatThrownBy(() -> service.dropDatabase(europe, false))
        .isInstanceOf(InvalidOperationException.class);
    service.dropDatabase(france, true);
    service.dropDatabase(europe, false);
    service.dropDatabase(new DatabaseName(CATALOG, "salesforce"), false);
    service.dropDatabase(SALES, false);
    assertThat(service.listDatabases(CATALOG, null, PageRequest.first(10)).items()).isEmpty();
  }

  // Tables

  @Test
  void fullyPopulatedTableRoundTrips() {
    service.createDatabase(database(SALES));
    Instant lastAccess = Instant.parse("2024-01-02T03:04:05.678Z");
    Table table =
        Table.builder()
            .name(SALES.table("Everything"))
            .description("every field")
            .owner("alice")
            .ownerType(PrincipalType.USER)
            .lastAccessTime(lastAccess)
            .lastAnalyzedTime(lastAccess)
            .retention(7)
            .storageDescriptor(
                StorageDescriptor.builder()
                    .columns(
                        List.of(
                            new Column("id", "BIGINT", "the id", Map.of("pii", "false")),
                            new Column("tags", "array<struct<k:string,v:varchar(10)>>"),
                            new Column("price", "decimal(12,3)")))
                    .location("s3://bucket/everything")
                    .additionalLocations(List.of("s3://bucket/more"))
                    .inputFormat("in")
                    .outputFormat("out")
                    .compressed(true)
                    .numberOfBuckets(4)
                    .serdeInfo(
                        new SerDeInfo(
                            "serde", "lib", Map.of("a", "b"), "description", "ser", "de", "HIVE"))
                    .bucketColumns(List.of("id"))
                    .sortColumns(List.of(new SortOrder("id", 1)))
                    .parameters(Map.of("p", "q"))
                    .skewedInfo(
                        new SkewedInfo(
                            List.of("id"),
                            List.of(List.of("1"), List.of("2")),
                            List.of(new SkewedInfo.ValueLocation(List.of("1"), "s3://skew/1"))))
                    .storedAsSubDirectories(true)
                    .schemaReference(new SchemaReference("registry", "schema", null, "v1", 3L))
                    .build())
            .partitionKeys(List.of(new Column("ds", "date")))
            .viewOriginalText(null)
            .viewExpandedText(null)
            .tableType(TableType.MANAGED_TABLE)
            .parameters(Map.of("transient_lastDdlTime", "1"))
            .targetTable(new TableName(CATALOG, "other", "target"))
            .createdBy("arn:aws:iam::123456789012:user/alice")
            .rewriteEnabled(true)
            .build();
    Table created = service.createTable(table);
    Table loaded = service.loadTable(new TableName(CATALOG, "SALES", "EVERYTHING"));
    assertThat(loaded).isEqualTo(created);
    assertThat(loaded.name().table()).isEqualTo("everything");
    assertThat(loaded.storageDescriptor().columns().get(0).type()).isEqualTo("bigint");
    assertThat(loaded.storageDescriptor().skewedInfo().valueLocations()).hasSize(1);
    assertThat(loaded.version()).isZero();
  }

  @Test
  void invalidColumnTypeIsAClearErrorAndChangesNothing() {
    service.createDatabase(database(SALES));
    Table bad =
        partitionedTable(ORDERS).toBuilder()
            .storageDescriptor(
                StorageDescriptor.builder()
                    .columns(List.of(new Column("broken", "map<array<int>,int>")))
                    .build())
            .build();
    assertThatThrownBy(() -> service.createTable(bad))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("broken");
    assertThatThrownBy(() -> service.loadTable(ORDERS)).isInstanceOf(NoSuchTableException.class);
  }

  @Test
  void tableUpdatesArchiveVersions() {
    createSalesOrders();
    Table original = service.loadTable(ORDERS);
    Table second =
        service.updateTable(ORDERS, original.toBuilder().description("second").build(), 0L);
    Table third =
        service.updateTable(ORDERS, second.toBuilder().description("third").build(), null);
    assertThat(third.version()).isEqualTo(2);
    assertThat(service.loadTable(ORDERS).description()).isEqualTo("third");

    Page<TableVersion> versions = service.listTableVersions(ORDERS, PageRequest.first(2));
    assertThat(versions.items()).extracting(TableVersion::versionId).containsExactly(2L, 1L);
    Page<TableVersion> rest =
        service.listTableVersions(ORDERS, new PageRequest(versions.nextToken(), 2));
    assertThat(rest.items()).extracting(TableVersion::versionId).containsExactly(0L);
    assertThat(rest.nextToken()).isNull();
    assertThat(service.loadTableVersion(ORDERS, 1).table().description()).isEqualTo("second");

    assertThatThrownBy(() -> service.deleteTableVersion(ORDERS, 2))
        .isInstanceOf(InvalidOperationException.class);
    service.deleteTableVersion(ORDERS, 0);
    assertThatThrownBy(() -> service.loadTableVersion(ORDERS, 0))
        .isInstanceOf(NoSuchEntityException.class);
    assertThatThrownBy(
            () ->
                service.updateTable(ORDERS, original.toBuilder().description("stale").build(), 1L))
        .isInstanceOf(CommitFailedException.class);
  }

  @Test
  void archivedVersionsAreRestoredAsTheyWere() {
    service.createDatabase(database(SALES));
    Instant created = Instant.parse("2020-01-02T03:04:05.678Z");
    Table five =
        partitionedTable(ORDERS).toBuilder()
            .description("five")
            .createTime(created)
            .updateTime(created)
            .version(5)
            .build();
    Table two = five.toBuilder().description("two").version(2).build();
    store.write(
        transaction -> {
          transaction.createTable(five);
          transaction.createTableVersion(ORDERS, new TableVersion(2, two));
          // A failed statement aborts a PostgreSQL transaction; this one must not.
          assertThatThrownBy(
                  () ->
                      transaction.createTableVersion(
                          ORDERS, new TableVersion(2, five.toBuilder().version(2).build())))
              .isInstanceOf(AlreadyExistsException.class)
              .hasMessage("table hive.sales.orders already has version 2");
          transaction.createTableVersion(
              ORDERS, new TableVersion(4, five.toBuilder().description("four").version(4).build()));
          return null;
        });

    assertThat(service.listTableVersions(ORDERS, PageRequest.first(10)).items())
        .extracting(TableVersion::versionId)
        .containsExactly(5L, 4L, 2L);
    assertThat(service.loadTableVersion(ORDERS, 2).table()).isEqualTo(two);
    assertThat(service.loadTable(ORDERS)).isEqualTo(five);
    assertThatThrownBy(
            () ->
                store.write(
                    transaction -> {
                      transaction.createTableVersion(ORDERS, new TableVersion(5, five));
                      return null;
                    }))
        .isInstanceOf(InvalidOperationException.class)
        .hasMessage("version 5 of table hive.sales.orders is not older than its current version 5");
    assertThatThrownBy(
            () ->
                store.write(
                    transaction -> {
                      transaction.createTableVersion(
                          SALES.table("missing"), new TableVersion(0, two));
                      return null;
                    }))
        .isInstanceOf(NoSuchTableException.class);

    service.updateTable(ORDERS, five.toBuilder().description("six").build(), 5L);
    assertThat(service.listTableVersions(ORDERS, PageRequest.first(10)).items())
        .extracting(TableVersion::versionId)
        .containsExactly(6L, 5L, 4L, 2L);
  }

  @Test
  void renameTableKeepsPartitionsStatisticsAndTags() {
    createSalesOrders();
    service.addPartitions(ORDERS, List.of(partition(ORDERS, "2024", "01")));
    service.putColumnStatistics(ORDERS, null, List.of(longStatistics("id")));
    String arn = service.arns().table(ORDERS);
    service.tagResource(arn, Map.of("team", "sales"));

    TableName renamed = SALES.table("orders_v2");
    service.updateTable(ORDERS, service.loadTable(ORDERS).toBuilder().name(renamed).build(), null);

    assertThatThrownBy(() -> service.loadTable(ORDERS)).isInstanceOf(NoSuchTableException.class);
    assertThat(service.listPartitionNames(renamed, null, PageRequest.first(10)).items())
        .containsExactly("year=2024/month=01");
    assertThat(service.loadColumnStatistics(renamed, null, null)).hasSize(1);
    assertThat(service.loadTags(service.arns().table(renamed))).containsEntry("team", "sales");
    assertThatThrownBy(() -> service.loadTags(arn)).isInstanceOf(NoSuchTableException.class);
  }

  @Test
  void tablesArePagedAndDropped() {
    service.createDatabase(database(SALES));
    for (int i = 0; i < 7; i++) {
      service.createTable(partitionedTable(SALES.table("t" + i)));
    }
    Page<String> first = service.listTableNames(SALES, null, PageRequest.first(5));
    assertThat(first.items()).containsExactly("t0", "t1", "t2", "t3", "t4");
    Page<Table> second = service.listTables(SALES, null, new PageRequest(first.nextToken(), 5));
    assertThat(second.items())
        .extracting(table -> table.name().table())
        .containsExactly("t5", "t6");
    assertThat(second.nextToken()).isNull();
    service.dropTable(SALES.table("t3"));
    assertThat(service.listTableNames(SALES, "t*", PageRequest.first(10)).items()).hasSize(6);
    assertThatThrownBy(() -> service.dropTable(SALES.table("t3")))
        .isInstanceOf(NoSuchTableException.class);
  }

  // Partitions

  @Test
  void partitionsAreAddedWholeAndListedInNameOrderAcrossPages() {
    createSalesOrders();
    List<Partition> partitions = new ArrayList<>();
    for (int year = 2000; year < 2025; year++) {
      for (int month = 12; month >= 1; month--) {
        partitions.add(partition(ORDERS, Integer.toString(year), String.format("%02d", month)));
      }
    }
    service.addPartitions(ORDERS, partitions);
    assertThat(service.countPartitions(ORDERS, null)).isEqualTo(300);

    List<String> names = new ArrayList<>();
    String token = null;
    do {
      Page<Partition> page = service.listPartitions(ORDERS, null, new PageRequest(token, 128));
      page.items().forEach(p -> names.add(String.join("/", p.values())));
      token = page.nextToken();
    } while (token != null);
    assertThat(names).hasSize(300).isSorted().doesNotHaveDuplicates();

    Partition loaded = service.loadPartition(ORDERS, List.of("2024", "03"));
    assertThat(loaded.storageDescriptor().columns())
        .extracting(Column::name)
        .containsExactly("id", "amount");
    assertThat(loaded.storageDescriptor().location()).isEqualTo("file:///warehouse/2024/03");
    assertThat(loaded.parameters()).containsEntry("numRows", "10");
  }

  @Test
  void addPartitionsIsAllOrNothing() {
    createSalesOrders();
    service.addPartitions(ORDERS, List.of(partition(ORDERS, "2024", "05")));
    List<Partition> batch = new ArrayList<>();
    for (int month = 1; month <= 12; month++) {
      batch.add(partition(ORDERS, "2024", String.format("%02d", month)));
    }
    assertThatThrownBy(() -> service.addPartitions(ORDERS, batch))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("year=2024/month=05");
    assertThat(service.countPartitions(ORDERS, null)).isEqualTo(1);

    List<Partition> invalid = new ArrayList<>(batch.subList(5, 12));
    invalid.add(partition(ORDERS, "2025"));
    assertThatThrownBy(() -> service.addPartitions(ORDERS, invalid))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("2 partition keys");
    assertThat(service.countPartitions(ORDERS, null)).isEqualTo(1);
  }

  @Test
  void filtersRunInTheDatabase() {
    createSalesOrders();
    List<Partition> partitions = new ArrayList<>();
    for (int year = 2020; year <= 2024; year++) {
      for (int month = 1; month <= 12; month++) {
        partitions.add(partition(ORDERS, Integer.toString(year), String.format("%02d", month)));
      }
    }
    service.addPartitions(ORDERS, partitions);
    PartitionPredicate march2024 =
        new And(
            List.of(
                new Comparison("year", Operator.EQUAL, "2024"),
                new Comparison("MONTH", Operator.EQUAL, "03")));
    assertThat(service.listPartitionNames(ORDERS, march2024, PageRequest.first(10)).items())
        .containsExactly("year=2024/month=03");
    PartitionPredicate lateYears = new Comparison("year", Operator.GREATER_THAN_OR_EQUAL, "2023");
    assertThat(service.countPartitions(ORDERS, lateYears)).isEqualTo(24);
    Page<Partition> firstPage = service.listPartitions(ORDERS, lateYears, PageRequest.first(20));
    assertThat(firstPage.items()).hasSize(20);
    assertThat(
            service
                .listPartitions(ORDERS, lateYears, new PageRequest(firstPage.nextToken(), 20))
                .items())
        .hasSize(4);
    assertThatThrownBy(
            () ->
                service.listPartitions(
                    ORDERS, new Comparison("day", Operator.EQUAL, "1"), PageRequest.first(10)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("day");
  }

  @Test
  void integralKeysCompareNumerically() {
    service.createDatabase(database(SALES));
    TableName events = SALES.table("events");
    service.createTable(
        partitionedTable(events).toBuilder()
            .partitionKeys(List.of(new Column("hr", "int")))
            .build());
    List<Partition> partitions = new ArrayList<>();
    for (int hour = 0; hour < 24; hour++) {
      partitions.add(partition(events, Integer.toString(hour)));
    }
    service.addPartitions(events, partitions);
    assertThat(service.countPartitions(events, new Comparison("hr", Operator.GREATER_THAN, "9")))
        .isEqualTo(14);
    assertThatThrownBy(
            () -> service.countPartitions(events, new Comparison("hr", Operator.EQUAL, "ten")))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void partitionUpdatesAreCompareAndSwapAndMayRename() {
    createSalesOrders();
    service.addPartitions(ORDERS, List.of(partition(ORDERS, "2024", "01")));
    Partition current = service.loadPartition(ORDERS, List.of("2024", "01"));
    Partition changed =
        new Partition(
            ORDERS,
            List.of("2024", "01"),
            current.storageDescriptor(),
            Map.of("numRows", "99"),
            null,
            null,
            null,
            0);
    assertThat(service.updatePartition(ORDERS, List.of("2024", "01"), changed, 0L).version())
        .isEqualTo(1);
    assertThatThrownBy(() -> service.updatePartition(ORDERS, List.of("2024", "01"), changed, 0L))
        .isInstanceOf(CommitFailedException.class);

    Partition renamed =
        new Partition(
            ORDERS,
            List.of("2024", "02"),
            current.storageDescriptor(),
            Map.of(),
            null,
            null,
            null,
            0);
    service.updatePartition(ORDERS, List.of("2024", "01"), renamed, null);
    assertThatThrownBy(() -> service.loadPartition(ORDERS, List.of("2024", "01")))
        .isInstanceOf(NoSuchPartitionException.class);
    assertThat(
            service
                .listPartitionNames(
                    ORDERS, new Comparison("month", Operator.EQUAL, "02"), PageRequest.first(5))
                .items())
        .containsExactly("year=2024/month=02");
  }

  @Test
  void partitionsAreLoadedAndUpdatedInBatches() {
    createSalesOrders();
    service.addPartitions(
        ORDERS, List.of(partition(ORDERS, "2024", "01"), partition(ORDERS, "2024", "02")));
    assertThat(
            service.loadPartitions(
                ORDERS,
                List.of(
                    List.of("2024", "02"),
                    List.of("2024", "09"),
                    List.of("2024"),
                    List.of("2024", "01"),
                    List.of("2024", "02"))))
        .extracting(Partition::values)
        .containsExactly(List.of("2024", "02"), List.of("2024", "01"));

    List<Partition> changed =
        service
            .loadPartitions(ORDERS, List.of(List.of("2024", "01"), List.of("2024", "02")))
            .stream()
            .map(
                partition ->
                    new Partition(
                        ORDERS,
                        partition.values(),
                        partition.storageDescriptor(),
                        Map.of("numRows", "7"),
                        null,
                        null,
                        null,
                        0))
            .toList();
    assertThat(service.updatePartitions(ORDERS, changed))
        .extracting(Partition::version)
        .containsExactly(1L, 1L);
    // The same definitions again carry version 0 into the store's compare-and-swap: a lost race.
    assertThatThrownBy(
            () ->
                store.write(
                    transaction -> {
                      transaction.updatePartitions(ORDERS, changed);
                      return null;
                    }))
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("month=01");
    assertThat(service.loadPartition(ORDERS, List.of("2024", "02")).version()).isEqualTo(1);
    assertThatThrownBy(
            () ->
                service.updatePartitions(
                    ORDERS, List.of(changed.get(0), partition(ORDERS, "2024", "09"))))
        .isInstanceOf(NoSuchPartitionException.class)
        .hasMessageContaining("month=09");
    assertThat(service.loadPartition(ORDERS, List.of("2024", "01")).version()).isEqualTo(1);
  }

  @Test
  void dropPartitionsIsAllOrNothing() {
    createSalesOrders();
    service.addPartitions(
        ORDERS, List.of(partition(ORDERS, "2024", "01"), partition(ORDERS, "2024", "02")));
    assertThatThrownBy(
            () ->
                service.dropPartitions(
                    ORDERS, List.of(List.of("2024", "01"), List.of("2024", "09"))))
        .isInstanceOf(NoSuchPartitionException.class)
        .hasMessageContaining("month=09");
    assertThat(service.countPartitions(ORDERS, null)).isEqualTo(2);
    service.dropPartitions(ORDERS, List.of(List.of("2024", "01"), List.of("2024", "02")));
    assertThat(service.countPartitions(ORDERS, null)).isZero();
  }

  @Test
  void partitionValuesWithPathCharactersRoundTrip() {
    createSalesOrders();
    service.addPartitions(ORDERS, List.of(partition(ORDERS, "a/b=c", "50% off")));
    assertThat(service.listPartitionNames(ORDERS, null, PageRequest.first(5)).items())
        .containsExactly("year=a%2Fb%3Dc/month=50%25 off");
    assertThat(service.loadPartition(ORDERS, List.of("a/b=c", "50% off")).values())
        .containsExactly("a/b=c", "50% off");
  }

  // Statistics, indexes, tags

  private static ColumnStatistics longStatistics(String column) {
    return new ColumnStatistics(
        column,
        "bigint",
        Instant.parse("2024-05-06T07:08:09Z"),
        new ColumnStatistics.LongData(
            1L, 100L, 2, 98, ByteString.copyOf(new byte[] {1, 2, 3}), null));
  }

  @Test
  void columnStatisticsOfTablesAndPartitions() {
    createSalesOrders();
    service.addPartitions(ORDERS, List.of(partition(ORDERS, "2024", "01")));
    ColumnStatistics amount =
        new ColumnStatistics(
            "amount",
            "decimal(10,2)",
            null,
            new ColumnStatistics.DecimalData(
                new BigDecimal("0.01"), new BigDecimal("99.99"), 0, 50, null, null));
    ColumnStatistics year =
        new ColumnStatistics(
            "year", "string", null, new ColumnStatistics.StringData(4, 4.0, 0, 1, null));
    service.putColumnStatistics(ORDERS, null, List.of(longStatistics("id"), amount, year));
    assertThat(service.loadColumnStatistics(ORDERS, null, List.of("ID", "amount")))
        .extracting(ColumnStatistics::columnName)
        .containsExactly("amount", "id");
    assertThat(service.loadColumnStatistics(ORDERS, null, List.of("id")).get(0))
        .isEqualTo(longStatistics("id"));

    ColumnStatistics date =
        new ColumnStatistics(
            "id",
            "bigint",
            null,
            new ColumnStatistics.DateData(
                LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31), 0, 31, null, null));
    service.putColumnStatistics(ORDERS, List.of("2024", "01"), List.of(date));
    assertThat(service.loadColumnStatistics(ORDERS, List.of("2024", "01"), null))
        .singleElement()
        .extracting(ColumnStatistics::data)
        .isEqualTo(date.data());

    assertThatThrownBy(
            () -> service.putColumnStatistics(ORDERS, null, List.of(longStatistics("nope"))))
        .isInstanceOf(ValidationException.class);
    service.deleteColumnStatistics(ORDERS, null, "id");
    assertThat(service.loadColumnStatistics(ORDERS, null, null)).hasSize(2);
    assertThatThrownBy(() -> service.deleteColumnStatistics(ORDERS, null, "id"))
        .isInstanceOf(NoSuchEntityException.class);
    service.dropPartitions(ORDERS, List.of(List.of("2024", "01")));
    service.addPartitions(ORDERS, List.of(partition(ORDERS, "2024", "01")));
    assertThat(service.loadColumnStatistics(ORDERS, List.of("2024", "01"), null)).isEmpty();
  }

  @Test
  void statisticsOfManyPartitionsAreLoadedTogether() {
    createSalesOrders();
    List<Partition> partitions = new ArrayList<>();
    for (int day = 0; day < 2_500; day++) {
      partitions.add(partition(ORDERS, "2024", String.format("%04d", day)));
    }
    service.addPartitions(ORDERS, partitions);
    List<ColumnStatistics> amountAndId =
        List.of(
            new ColumnStatistics(
                "amount",
                "decimal(10,2)",
                null,
                new ColumnStatistics.LongData(0L, 1L, 0, 2, null, null)),
            longStatistics("id"));
    store.write(
        transaction -> {
          for (int day = 0; day < 2_500; day += 500) {
            transaction.putColumnStatistics(
                ORDERS, List.of("2024", String.format("%04d", day)), amountAndId);
          }
          return null;
        });
    List<List<String>> values = new ArrayList<>();
    partitions.forEach(partition -> values.add(partition.values()));
    values.add(List.of("2024", "9999"));
    values.add(List.of("2024"));

    Map<List<String>, List<ColumnStatistics>> statistics =
        store.read(transaction -> transaction.loadPartitionColumnStatistics(ORDERS, values));

    assertThat(statistics)
        .containsOnlyKeys(
            List.of("2024", "0000"),
            List.of("2024", "0500"),
            List.of("2024", "1000"),
            List.of("2024", "1500"),
            List.of("2024", "2000"));
    assertThat(statistics.get(List.of("2024", "1500"))).isEqualTo(amountAndId);
    Map<List<String>, List<ColumnStatistics>> none =
        store.read(transaction -> transaction.loadPartitionColumnStatistics(ORDERS, List.of()));
    assertThat(none).isEmpty();
  }

  @Test
  void atMostThreePartitionIndexes() {
    createSalesOrders();
    service.createPartitionIndex(ORDERS, "by_year", List.of("year"));
    service.createPartitionIndex(ORDERS, "by_month", List.of("month"));
    assertThatThrownBy(() -> service.createPartitionIndex(ORDERS, "by_year", List.of("month")))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> service.createPartitionIndex(ORDERS, "bad", List.of("id")))
        .isInstanceOf(ValidationException.class);
    service.createPartitionIndex(ORDERS, "both", List.of("year", "month"));
    assertThatThrownBy(() -> service.createPartitionIndex(ORDERS, "fourth", List.of("year")))
        .isInstanceOf(LimitExceededException.class);
    assertThat(service.listPartitionIndexes(ORDERS))
        .extracting(PartitionIndex::name)
        .containsExactly("both", "by_month", "by_year");
    service.dropPartitionIndex(ORDERS, "by_month");
    assertThat(service.listPartitionIndexes(ORDERS)).hasSize(2);
  }

  @Test
  void tagsOnDatabasesAndTablesGoAwayWithThem() {
    createSalesOrders();
    String databaseArn = service.arns().database(SALES);
    String tableArn = service.arns().table(ORDERS);
    service.tagResource(databaseArn, Map.of("env", "prod", "team", "sales"));
    service.tagResource(tableArn.replace("/sales/orders", "/Sales/ORDERS"), Map.of("pii", "yes"));
    service.untagResource(databaseArn, List.of("team"));
    assertThat(service.loadTags(databaseArn)).containsExactly(Map.entry("env", "prod"));
    assertThat(service.loadTags(tableArn)).containsExactly(Map.entry("pii", "yes"));
    assertThatThrownBy(
            () ->
                service.tagResource(
                    "arn:aws:glue:us-east-1:123456789012:table/x", Map.of("a", "b")))
        .isInstanceOf(ValidationException.class);
    service.dropDatabase(SALES, true);
    service.createDatabase(database(SALES));
    service.createTable(partitionedTable(ORDERS));
    assertThat(service.loadTags(databaseArn)).isEmpty();
    assertThat(service.loadTags(tableArn)).isEmpty();
  }

  // User-defined functions

  protected static Function function(FunctionName name, String className) {
    return new Function(
        name,
        className,
        "alice",
        PrincipalType.USER,
        null,
        FunctionType.JAVA,
        List.of(
            new ResourceUri(ResourceUri.Type.JAR, "s3://bucket/udfs.jar"),
            new ResourceUri(ResourceUri.Type.FILE, "s3://bucket/lookup.csv")),
        0);
  }

  @Test
  void functionRoundTripAndCaseInsensitiveNames() {
    service.createDatabase(database(SALES));
    Function created =
        service.createFunction(
            function(new FunctionName(CATALOG, "Sales", "To_Euro"), "com.example.ToEuro"));
    assertThat(created.name()).isEqualTo(new FunctionName(SALES, "to_euro"));
    Function loaded = service.loadFunction(new FunctionName("HIVE", "SALES", "TO_EURO"));
    assertThat(loaded).isEqualTo(created);
    assertThat(loaded.className()).isEqualTo("com.example.ToEuro");
    assertThat(loaded.resourceUris())
        .containsExactly(
            new ResourceUri(ResourceUri.Type.JAR, "s3://bucket/udfs.jar"),
            new ResourceUri(ResourceUri.Type.FILE, "s3://bucket/lookup.csv"));
    assertThat(loaded.createTime()).isNotNull();
    assertThat(loaded.version()).isZero();
  }

  @Test
  void duplicateMissingAndInvalidFunctions() {
    FunctionName toEuro = new FunctionName(SALES, "to_euro");
    assertThatThrownBy(() -> service.createFunction(function(toEuro, "com.example.ToEuro")))
        .isInstanceOf(NoSuchDatabaseException.class);
    service.createDatabase(database(SALES));
    service.createFunction(function(toEuro, "com.example.ToEuro"));
    assertThatThrownBy(() -> service.createFunction(function(toEuro, "com.example.Other")))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(
            () ->
                store.write(
                    tx -> {
                      tx.createFunction(function(toEuro, "com.example.Other"));
                      return null;
                    }))
        .isInstanceOf(AlreadyExistsException.class);
    FunctionName missing = new FunctionName(SALES, "missing");
    assertThatThrownBy(() -> service.loadFunction(missing))
        .isInstanceOf(NoSuchFunctionException.class)
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> service.dropFunction(missing))
        .isInstanceOf(NoSuchFunctionException.class);
    assertThatThrownBy(
            () -> service.updateFunction(missing, function(missing, "com.example.X"), null))
        .isInstanceOf(NoSuchFunctionException.class);
    assertThatThrownBy(() -> service.loadFunction(new FunctionName(CATALOG, "nowhere", "to_euro")))
        .isInstanceOf(NoSuchDatabaseException.class);

    assertThatThrownBy(() -> service.createFunction(function(missing, null)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("class name");
    assertThatThrownBy(
            () -> service.createFunction(function(missing, "com.example." + "x".repeat(250))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("255");
    assertThatThrownBy(
            () ->
                service.createFunction(
                    function(new FunctionName(SALES, "a.b"), "com.example.ToEuro")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'.'");
    assertThat(service.listFunctions(SALES, null, PageRequest.first(10)).items())
        .extracting(function -> function.name().function())
        .containsExactly("to_euro");
  }

  @Test
  void functionsArePagedInNameOrderAndFilteredByPattern() {
    service.createDatabase(database(SALES));
    DatabaseName other = new DatabaseName(CATALOG, "other");
    service.createDatabase(database(other));
    service.createFunction(function(new FunctionName(other, "f_other"), "com.example.F"));
    for (int i = 0; i < 7; i++) {
      service.createFunction(
          function(new FunctionName(SALES, String.format("f_%02d", 6 - i)), "com.example.F" + i));
    }
    List<String> names = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Page<Function> page = service.listFunctions(SALES, null, new PageRequest(token, 3));
      page.items().forEach(function -> names.add(function.name().function()));
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(names).containsExactly("f_00", "f_01", "f_02", "f_03", "f_04", "f_05", "f_06");
    assertThat(service.listFunctions(SALES, "F_0[1]*|f_05|f_0_", PageRequest.first(10)).items())
        .extracting(function -> function.name().function())
        .containsExactly("f_05");
    assertThat(service.listFunctions(SALES, "f_0*|x*", PageRequest.first(10)).items()).hasSize(7);
    assertThatThrownBy(
            () ->
                service.listFunctions(
                    new DatabaseName(CATALOG, "nowhere"), null, PageRequest.first(1)))
        .isInstanceOf(NoSuchDatabaseException.class);
  }

  @Test
  void functionUpdatesAreCompareAndSwapAndMayRename() {
    service.createDatabase(database(SALES));
    FunctionName toEuro = new FunctionName(SALES, "to_euro");
    Function created = service.createFunction(function(toEuro, "com.example.ToEuro"));
    Function changed =
        new Function(
            toEuro, "com.example.ToEuroV2", "bob", PrincipalType.ROLE, null, null, List.of(), 0);
    Function updated = service.updateFunction(toEuro, changed, 0L);
    assertThat(updated.version()).isEqualTo(1);
    Function loaded = service.loadFunction(toEuro);
    assertThat(loaded).isEqualTo(updated);
    assertThat(loaded.className()).isEqualTo("com.example.ToEuroV2");
    assertThat(loaded.resourceUris()).isEmpty();
    assertThat(loaded.createTime()).isEqualTo(created.createTime());
    assertThatThrownBy(() -> service.updateFunction(toEuro, changed, 0L))
        .isInstanceOf(CommitFailedException.class);
    // A writer that read version 0 loses against the committed version 1, also below the service.
    assertThatThrownBy(
            () ->
                store.write(
                    tx -> {
                      tx.updateFunction(toEuro, changed.withVersion(1));
                      return null;
                    }))
        .isInstanceOf(CommitFailedException.class);

    FunctionName renamed = new FunctionName(SALES, "To_Eur");
    service.updateFunction(toEuro, loaded.withName(renamed), 1L);
    assertThatThrownBy(() -> service.loadFunction(toEuro))
        .isInstanceOf(NoSuchFunctionException.class);
    assertThat(service.loadFunction(renamed).version()).isEqualTo(2);
    assertThat(service.loadFunction(renamed).className()).isEqualTo("com.example.ToEuroV2");

    service.createFunction(function(toEuro, "com.example.ToEuro"));
    assertThatThrownBy(
            () ->
                service.updateFunction(
                    renamed, service.loadFunction(renamed).withName(toEuro), null))
        .isInstanceOf(AlreadyExistsException.class);
    DatabaseName other = new DatabaseName(CATALOG, "other");
    service.createDatabase(database(other));
    assertThatThrownBy(
            () ->
                service.updateFunction(
                    renamed,
                    service.loadFunction(renamed).withName(new FunctionName(other, "to_eur")),
                    null))
        .isInstanceOf(ValidationException.class);
    assertThat(service.listFunctions(SALES, null, PageRequest.first(10)).items())
        .extracting(function -> function.name().function())
        .containsExactly("to_eur", "to_euro");
  }

  @Test
  void functionsAreDroppedAlsoWithTheirDatabase() {
    service.createDatabase(database(SALES));
    FunctionName toEuro = new FunctionName(SALES, "to_euro");
    FunctionName toDollar = new FunctionName(SALES, "to_dollar");
    service.createFunction(function(toEuro, "com.example.ToEuro"));
    service.createFunction(function(toDollar, "com.example.ToDollar"));
    service.dropFunction(toEuro);
    assertThatThrownBy(() -> service.loadFunction(toEuro))
        .isInstanceOf(NoSuchFunctionException.class);
    assertThatThrownBy(() -> service.dropFunction(toEuro))
        .isInstanceOf(NoSuchFunctionException.class);

    assertThatThrownBy(() -> service.dropDatabase(SALES, false))
        .isInstanceOf(InvalidOperationException.class);
    service.dropDatabase(SALES, true);
    service.createDatabase(database(SALES));
    assertThat(service.listFunctions(SALES, null, PageRequest.first(10)).items()).isEmpty();
    assertThatThrownBy(() -> service.loadFunction(toDollar))
        .isInstanceOf(NoSuchFunctionException.class);
    service.createFunction(function(toDollar, "com.example.ToDollar"));
  }

  // Concurrency

  @Test
  void concurrentUpdatesOfOneTableNeverBothWin() throws Exception {
    createSalesOrders();
    try (CatalogStore replica = openSameStoreAgain()) {
      CatalogService other = serviceOf(replica);
      int rounds = 20;
      ExecutorService executor = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < rounds; round++) {
          Table current = service.loadTable(ORDERS);
          CyclicBarrier barrier = new CyclicBarrier(2);
          List<Callable<Boolean>> writers = new ArrayList<>();
          for (CatalogService writer : List.of(service, other)) {
            writers.add(
                () -> {
                  barrier.await();
                  try {
                    writer.updateTable(
                        ORDERS,
                        current.toBuilder().description(Thread.currentThread().getName()).build(),
                        current.version());
                    return true;
                  } catch (CommitFailedException e) {
                    return false;
                  }
                });
          }
          int wins = 0;
          for (Future<Boolean> outcome : executor.invokeAll(writers)) {
            wins += outcome.get() ? 1 : 0;
          }
          assertThat(wins).as("round %d", round).isEqualTo(1);
          assertThat(service.loadTable(ORDERS).version()).isEqualTo(current.version() + 1);
        }
      } finally {
        executor.shutdownNow();
      }
      assertThat(service.listTableVersions(ORDERS, PageRequest.first(100)).items())
          .hasSize(rounds + 1);
    }
  }

  // Notification log

  private List<NotificationEvent> eventsAfter(long eventId) {
    return service.listNotifications(eventId, 1000, null);
  }

  private static JsonNode message(NotificationEvent event) throws Exception {
    assertThat(event.messageFormat()).isEqualTo("cairn-json-1");
    return CatalogJson.newObjectMapper().readTree(event.message());
  }

  @Test
  void everyChangeAppendsItsEventInOrder() throws Exception {
    assertThat(service.currentNotificationId()).isZero();
    createSalesOrders();
    service.addPartitions(
        ORDERS, List.of(partition(ORDERS, "2024", "01"), partition(ORDERS, "2024", "02")));
    Partition january = service.loadPartition(ORDERS, List.of("2024", "01"));
    service.updatePartition(
        ORDERS, january.values(), partition(ORDERS, "2024", "01"), january.version());
    service.putColumnStatistics(ORDERS, null, List.of(longStatistics("id")));
    service.putColumnStatistics(ORDERS, List.of("2024", "01"), List.of(longStatistics("id")));
    service.deleteColumnStatistics(ORDERS, List.of("2024", "01"), "ID");
    service.deleteColumnStatistics(ORDERS, null, null);
    service.dropPartitions(ORDERS, List.of(List.of("2024", "02")));
    TableName renamed = SALES.table("orders_v2");
    service.updateTable(ORDERS, partitionedTable(renamed), null);
    FunctionName toEuro = new FunctionName(SALES, "to_euro");
    service.createFunction(function(toEuro, "com.example.ToEuro"));
    service.updateFunction(toEuro, function(toEuro, "com.example.ToEuroV2"), null);
    service.dropFunction(toEuro);
    service.updateDatabase(SALES, database(SALES), null);
    service.dropTable(renamed);
    service.dropDatabase(SALES, false);

    List<NotificationEvent> events = eventsAfter(0);
    assertThat(events)
        .extracting(NotificationEvent::type)
        .containsExactly(
            "CREATE_DATABASE",
            "CREATE_TABLE",
            "ADD_PARTITION",
            "ALTER_PARTITION",
            "UPDATE_TABLE_COLUMN_STAT",
            "UPDATE_PARTITION_COLUMN_STAT",
            "DELETE_PARTITION_COLUMN_STAT",
            "DELETE_TABLE_COLUMN_STAT",
            "DROP_PARTITION",
            "ALTER_TABLE",
            "CREATE_FUNCTION",
            "DROP_FUNCTION",
            "CREATE_FUNCTION",
            "DROP_FUNCTION",
            "ALTER_DATABASE",
            "DROP_TABLE",
            "DROP_DATABASE");
    assertThat(events).extracting(NotificationEvent::id).containsExactly(idsFrom(1, 17));
    assertThat(service.currentNotificationId()).isEqualTo(17);
    assertThat(events).allSatisfy(event -> assertThat(event.catalog()).isEqualTo(CATALOG));
    assertThat(events).allSatisfy(event -> assertThat(event.database()).isEqualTo("sales"));
    assertThat(events).extracting(NotificationEvent::time).doesNotContainNull();
    assertThat(events)
        .extracting(NotificationEvent::table)
        .containsExactly(
            null,
            "orders",
            "orders",
            "orders",
            "orders",
            "orders",
            "orders",
            "orders",
            "orders",
            "orders",
            null,
            null,
            null,
            null,
            null,
            "orders_v2",
            null);

    JsonNode created = message(events.get(1));
    assertThat(created.at("/table/name/table").asText()).isEqualTo("orders");
    JsonNode added = message(events.get(2));
    assertThat(added.get("partitions")).hasSize(2);
    assertThat(added.at("/partitions/1/values").toString()).isEqualTo("[\"2024\",\"02\"]");
    JsonNode altered = message(events.get(3));
    assertThat(altered.at("/before/version").asLong()).isZero();
    assertThat(altered.at("/after/version").asLong()).isEqualTo(1);
    JsonNode statistics = message(events.get(5));
    assertThat(statistics.get("partitionValues").toString()).isEqualTo("[\"2024\",\"01\"]");
    assertThat(statistics.at("/statistics/0/columnName").asText()).isEqualTo("id");
    assertThat(message(events.get(6)).get("columnName").asText()).isEqualTo("id");
    assertThat(message(events.get(7)).has("columnName")).isFalse();
    assertThat(message(events.get(8)).get("partitionValues").toString())
        .isEqualTo("[[\"2024\",\"02\"]]");
    JsonNode rename = message(events.get(9));
    assertThat(rename.at("/before/name/table").asText()).isEqualTo("orders");
    assertThat(rename.at("/after/name/table").asText()).isEqualTo("orders_v2");
    assertThat(message(events.get(13)).at("/function/className").asText())
        .isEqualTo("com.example.ToEuroV2");
    assertThat(message(events.get(16)).at("/database/description").asText())
        .isEqualTo("a database");
  }

  @Test
  void aFailedChangeLeavesNoEventAndNoGap() {
    createSalesOrders();
    service.addPartitions(ORDERS, List.of(partition(ORDERS, "2024", "01")));
    long before = service.currentNotificationId();

    assertThatThrownBy(
            () ->
                service.addPartitions(
                    ORDERS,
                    List.of(partition(ORDERS, "2024", "02"), partition(ORDERS, "2024", "01"))))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> service.createTable(partitionedTable(ORDERS)))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> service.updateTable(ORDERS, partitionedTable(ORDERS), 7L))
        .isInstanceOf(CommitFailedException.class);
    // A transaction that fails after appending its event takes the event and its id back with it.
    assertThatThrownBy(
            () ->
                store.write(
                    transaction -> {
                      transaction.appendNotifications(
                          List.of(
                              new NotificationEvent(
                                  0,
                                  Instant.now(),
                                  "CREATE_TABLE",
                                  CATALOG,
                                  "sales",
                                  "ghost",
                                  "{}",
                                  "cairn-json-1")));
                      throw new IllegalStateException("fails after its event");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(service.currentNotificationId()).isEqualTo(before);
    assertThat(eventsAfter(before)).isEmpty();

    service.dropPartitions(ORDERS, List.of(List.of("2024", "01")));
    assertThat(eventsAfter(before))
        .extracting(NotificationEvent::id, NotificationEvent::type)
        .containsExactly(tuple(before + 1, "DROP_PARTITION"));
  }

  @Test
  void eventsAreListedAfterAnIdWithAMaximumAndTypesAndCounted() {
    createSalesOrders();
    DatabaseName marketing = new DatabaseName(CATALOG, "marketing");
    service.createDatabase(database(marketing));
    for (int month = 1; month <= 4; month++) {
      service.addPartitions(
          ORDERS, List.of(partition(ORDERS, "2024", String.format("%02d", month))));
    }
    service.createTable(partitionedTable(marketing.table("campaigns")));
    // 1 CREATE_DATABASE sales, 2 CREATE_TABLE orders, 3 CREATE_DATABASE marketing,
    // 4-7 ADD_PARTITION, 8 CREATE_TABLE campaigns

    assertThat(service.listNotifications(2, 3, null))
        .extracting(NotificationEvent::id)
        .containsExactly(3L, 4L, 5L);
    assertThat(service.listNotifications(0, 100, Set.of("CREATE_TABLE", "CREATE_DATABASE")))
        .extracting(NotificationEvent::id)
        .containsExactly(1L, 2L, 3L, 8L);
    assertThat(service.listNotifications(3, 1, Set.of("CREATE_TABLE")))
        .extracting(NotificationEvent::id)
        .containsExactly(8L);
    assertThat(service.listNotifications(0, 100, Set.of())).isEmpty();
    assertThat(service.listNotifications(8, 100, null)).isEmpty();
    assertThat(service.listNotifications(0, 0, null)).isEmpty();

    assertThat(service.countNotifications(0, Long.MAX_VALUE, CATALOG, null)).isEqualTo(8);
    assertThat(service.countNotifications(0, Long.MAX_VALUE, "HIVE", "Sales")).isEqualTo(6);
    assertThat(service.countNotifications(2, 6, CATALOG, "sales")).isEqualTo(3);
    assertThat(service.countNotifications(2, 6, CATALOG, "marketing")).isEqualTo(1);
    assertThat(service.countNotifications(0, Long.MAX_VALUE, "other", null)).isZero();
  }

  /**
   * Concurrent writers, also through two replicas, never make a reader that follows the log from
   * its last id skip an event: an id becomes visible only after every lower one.
   */
  @Test
  void aReaderFollowingTheLogSeesEveryEventOnceInOrder() throws Exception {
    createSalesOrders();
    TableName customers = SALES.table("customers");
    service.createTable(partitionedTable(customers));
    long start = service.currentNotificationId();
    int updatesPerWriter = 50;
    try (CatalogStore replica = openSameStoreAgain()) {
      CatalogService other = serviceOf(replica);
      ExecutorService executor = Executors.newFixedThreadPool(3);
      try {
        CyclicBarrier barrier = new CyclicBarrier(3);
        AtomicBoolean writing = new AtomicBoolean(true);
        Future<List<Long>> reader =
            executor.submit(
                () -> {
                  List<Long> seen = new ArrayList<>();
                  long last = start;
                  barrier.await();
                  boolean more = true;
                  while (more) {
                    // Read once more after the writers finished, to collect the last events.
                    more = writing.get();
                    List<NotificationEvent> events = service.listNotifications(last, 7, null);
                    while (!events.isEmpty()) {
                      for (NotificationEvent event : events) {
                        seen.add(event.id());
                      }
                      last = events.get(events.size() - 1).id();
                      events = service.listNotifications(last, 7, null);
                    }
                  }
                  return seen;
                });
        List<Future<?>> writers = new ArrayList<>();
        for (Map.Entry<CatalogService, TableName> writer :
            Map.of(service, ORDERS, other, customers).entrySet()) {
          writers.add(
              executor.submit(
                  () -> {
                    barrier.await();
                    for (int i = 0; i < updatesPerWriter; i++) {
                      TableName name = writer.getValue();
                      writer
                          .getKey()
                          .updateTable(
                              name,
                              partitionedTable(name).toBuilder().description("update " + i).build(),
                              null);
                    }
                    return null;
                  }));
        }
        for (Future<?> writer : writers) {
          writer.get();
        }
        writing.set(false);
        assertThat(reader.get()).containsExactly(idsFrom(start + 1, start + 2L * updatesPerWriter));
      } finally {
        executor.shutdownNow();
      }
    }
  }

  private static Long[] idsFrom(long first, long last) {
    Long[] ids = new Long[(int) (last - first + 1)];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = first + i;
    }
    return ids;
  }

  // Locks and transactions

  private static final Client CLIENT = new Client("alice", "host-1", "agent-1");

  private static LockService locksOf(CatalogStore store) {
    return new LockService(store, Clock.systemUTC(), LockService.DEFAULT_TIMEOUT);
  }

  private static LockComponent exclusive(TableName table) {
    return LockComponent.table(LockType.EXCLUSIVE, table.databaseName(), table.table());
  }

  private static Lock lock(LockService locks, LockComponent... components) {
    return locks.lock(List.of(components), 0, CLIENT);
  }

  private static List<Long> lockIds(List<Lock> locks) {
    return locks.stream().map(Lock::id).toList();
  }

  @Test
  void aConflictingLockWaitsAndIsAcquiredInTurnOnceReleased() {
    LockService locks = locksOf(store);
    try (CatalogStore replica = openSameStoreAgain()) {
      LockService other = locksOf(replica);
      Lock first = lock(locks, exclusive(ORDERS));
      assertThat(first.state()).isEqualTo(Lock.State.ACQUIRED);
      Lock second = lock(other, exclusive(ORDERS));
      assertThat(second.state()).isEqualTo(Lock.State.WAITING);
      Lock third = lock(locks, exclusive(ORDERS));
      assertThat(third.state()).isEqualTo(Lock.State.WAITING);
      assertThat(other.checkLock(second.id(), 0).state()).isEqualTo(Lock.State.WAITING);

      locks.unlock(first.id());
      // First come, first served: the later waiter does not overtake the earlier one.
      assertThat(locks.checkLock(third.id(), 0).state()).isEqualTo(Lock.State.WAITING);
      assertThat(other.checkLock(second.id(), 0).state()).isEqualTo(Lock.State.ACQUIRED);
      assertThat(lockIds(locks.listLocks(null, null, null, 0)))
          .containsExactly(second.id(), third.id());

      other.unlock(second.id());
      assertThat(locks.checkLock(third.id(), 0).state()).isEqualTo(Lock.State.ACQUIRED);
      locks.unlock(third.id());
      assertThat(locks.listLocks(null, null, null, 0)).isEmpty();
      assertThatThrownBy(() -> locks.unlock(third.id())).isInstanceOf(NoSuchLockException.class);
      assertThatThrownBy(() -> locks.checkLock(third.id(), 0))
          .isInstanceOf(NoSuchLockException.class);
    }
  }

  @Test
  void sharedLocksCoexistAndKeepExclusiveOnesWaiting() {
    LockService locks = locksOf(store);
    DatabaseName database = ORDERS.databaseName();
    List<Lock> shared =
        List.of(
            lock(locks, LockComponent.table(LockType.SHARED_READ, database, "orders")),
            lock(locks, LockComponent.table(LockType.SHARED_READ, database, "orders")),
            lock(locks, LockComponent.table(LockType.SHARED_WRITE, database, "orders")),
            lock(locks, LockComponent.table(LockType.SHARED_WRITE, database, "orders")),
            lock(locks, LockComponent.database(LockType.SHARED_READ, database)));
    assertThat(shared).extracting(Lock::state).containsOnly(Lock.State.ACQUIRED);
    assertThat(lock(locks, exclusive(ORDERS)).state()).isEqualTo(Lock.State.WAITING);

    // Hive 4's EXCL_WRITE excludes writers but not readers.
    TableName customers = SALES.table("customers");
    Lock exclusiveWrite =
        lock(locks, LockComponent.table(LockType.EXCLUSIVE_WRITE, database, "customers"));
    assertThat(exclusiveWrite.state()).isEqualTo(Lock.State.ACQUIRED);
    assertThat(
            lock(locks, LockComponent.table(LockType.SHARED_READ, database, customers.table()))
                .state())
        .isEqualTo(Lock.State.ACQUIRED);
    assertThat(
            lock(locks, LockComponent.table(LockType.SHARED_WRITE, database, customers.table()))
                .state())
        .isEqualTo(Lock.State.WAITING);
  }

  @Test
  void exclusiveLocksCoverEnclosingAndEnclosedObjects() {
    LockService locks = locksOf(store);
    DatabaseName database = ORDERS.databaseName();
    Lock table = lock(locks, exclusive(ORDERS));
    assertThat(table.state()).isEqualTo(Lock.State.ACQUIRED);
    assertThat(
            lock(locks, LockComponent.partition(LockType.SHARED_READ, database, "orders", "ds=1"))
                .state())
        .as("a partition of the locked table")
        .isEqualTo(Lock.State.WAITING);
    assertThat(lock(locks, LockComponent.database(LockType.EXCLUSIVE, database)).state())
        .as("the table's database")
        .isEqualTo(Lock.State.WAITING);
    assertThat(lock(locks, exclusive(SALES.table("customers"))).state())
        .as("another table of the database, behind the waiting database lock")
        .isEqualTo(Lock.State.WAITING);
    DatabaseName marketing = new DatabaseName(CATALOG, "marketing");
    assertThat(lock(locks, exclusive(marketing.table("orders"))).state())
        .as("a table of the same name in another database")
        .isEqualTo(Lock.State.ACQUIRED);
    locks.unlock(table.id());
    assertThat(lockIds(locks.listLocks(database, null, null, 0))).hasSize(3);

    // Partitions: distinct ones coexist, a table lock waits for any of them.
    TableName events = marketing.table("events");
    Lock day1 =
        lock(locks, LockComponent.partition(LockType.EXCLUSIVE, marketing, "events", "ds=1"));
    Lock day2 =
        lock(locks, LockComponent.partition(LockType.EXCLUSIVE, marketing, "events", "ds=2"));
    assertThat(List.of(day1.state(), day2.state())).containsOnly(Lock.State.ACQUIRED);
    Lock wholeTable =
        lock(locks, LockComponent.table(LockType.SHARED_READ, marketing, events.table()));
    assertThat(wholeTable.state()).isEqualTo(Lock.State.WAITING);
    assertThat(locks.listLocks(marketing, "events", "ds=2", 0))
        .singleElement()
        .satisfies(
            lock -> {
              assertThat(lock.id()).isEqualTo(day2.id());
              assertThat(lock.client()).isEqualTo(CLIENT);
              assertThat(lock.acquiredAt()).isNotNull();
            });
    locks.unlock(day1.id());
    locks.unlock(day2.id());
    assertThat(locks.checkLock(wholeTable.id(), 0).state()).isEqualTo(Lock.State.ACQUIRED);
  }

  @Test
  void aLockRequestIsAcquiredWholeOrNotAtAll() {
    LockService locks = locksOf(store);
    TableName customers = SALES.table("customers");
    Lock customersLock = lock(locks, exclusive(customers));
    Lock both = lock(locks, exclusive(ORDERS), exclusive(customers));
    assertThat(both.state()).isEqualTo(Lock.State.WAITING);
    assertThat(lock(locks, exclusive(ORDERS)).state())
        .as("orders is not held by the waiting request, but it waits first")
        .isEqualTo(Lock.State.WAITING);
    locks.unlock(customersLock.id());
    assertThat(locks.checkLock(both.id(), 0).state()).isEqualTo(Lock.State.ACQUIRED);
    assertThatThrownBy(() -> locks.lock(List.of(), 0, CLIENT))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void abandonedLocksAndTransactionsExpireAfterTheTimeout() {
    AdjustableClock clock = new AdjustableClock(Instant.parse("2025-01-01T00:00:00Z"));
    LockService locks = new LockService(store, clock, Duration.ofSeconds(10));
    Lock abandoned = lock(locks, exclusive(ORDERS));
    Lock waiting = lock(locks, exclusive(ORDERS));
    assertThat(waiting.state()).isEqualTo(Lock.State.WAITING);

    clock.advance(Duration.ofSeconds(6));
    locks.heartbeat(abandoned.id(), 0);
    assertThat(locks.checkLock(waiting.id(), 0).state()).isEqualTo(Lock.State.WAITING);
    clock.advance(Duration.ofSeconds(6));
    assertThat(locks.checkLock(waiting.id(), 0).state())
        .as("the holder heartbeated 6 s ago")
        .isEqualTo(Lock.State.WAITING);
    clock.advance(Duration.ofSeconds(5));
    assertThat(locks.checkLock(waiting.id(), 0).state())
        .as("the holder has not heartbeated for 11 s")
        .isEqualTo(Lock.State.ACQUIRED);
    assertThatThrownBy(() -> locks.checkLock(abandoned.id(), 0))
        .isInstanceOf(NoSuchLockException.class);
    assertThatThrownBy(() -> locks.heartbeat(abandoned.id(), 0))
        .isInstanceOf(NoSuchLockException.class);
    assertThat(lockIds(locks.listLocks(null, null, null, 0))).containsExactly(waiting.id());

    clock.advance(Duration.ofSeconds(11));
    assertThat(locks.listLocks(null, null, null, 0)).isEmpty();

    // A transaction that stops heartbeating is aborted with its locks.
    long transactionId = locks.openTransactions(1, CLIENT).get(0);
    Lock transactionLock = locks.lock(List.of(exclusive(ORDERS)), transactionId, CLIENT);
    assertThat(transactionLock.state()).isEqualTo(Lock.State.ACQUIRED);
    clock.advance(Duration.ofSeconds(8));
    locks.heartbeat(0, transactionId);
    clock.advance(Duration.ofSeconds(8));
    assertThat(lock(locks, exclusive(ORDERS)).state()).isEqualTo(Lock.State.WAITING);
    clock.advance(Duration.ofSeconds(3));
    assertThat(locks.listOpenTransactions().open()).isEmpty();
    assertThatThrownBy(() -> locks.commitTransaction(transactionId))
        .isInstanceOf(TransactionAbortedException.class);
    assertThat(locks.listLocks(null, null, null, transactionId)).isEmpty();
  }

  @Test
  void theEndOfATransactionReleasesItsLocks() {
    LockService locks = locksOf(store);
    List<Long> ids = locks.openTransactions(2, CLIENT);
    long first = ids.get(0);
    long second = ids.get(1);
    assertThat(second).isGreaterThan(first);
    LockService.OpenTransactions open = locks.listOpenTransactions();
    assertThat(open.highWaterMark()).isEqualTo(second);
    assertThat(open.open()).extracting(Transaction::id).containsExactly(first, second);
    assertThat(open.open())
        .allSatisfy(
            transaction -> {
              assertThat(transaction.state()).isEqualTo(Transaction.State.OPEN);
              assertThat(transaction.client()).isEqualTo(CLIENT);
            });

    Lock firstLock = locks.lock(List.of(exclusive(ORDERS)), first, CLIENT);
    Lock firstAgain = locks.lock(List.of(exclusive(ORDERS)), first, CLIENT);
    assertThat(List.of(firstLock.state(), firstAgain.state()))
        .as("locks of one transaction do not conflict with each other")
        .containsOnly(Lock.State.ACQUIRED);
    Lock secondLock = locks.lock(List.of(exclusive(ORDERS)), second, CLIENT);
    assertThat(secondLock.state()).isEqualTo(Lock.State.WAITING);
    assertThatThrownBy(() -> locks.unlock(firstLock.id()))
        .isInstanceOf(TransactionOpenException.class);
    assertThat(lockIds(locks.listLocks(null, null, null, first)))
        .containsExactly(firstLock.id(), firstAgain.id());

    locks.commitTransaction(first);
    assertThat(locks.checkLock(secondLock.id(), second).state()).isEqualTo(Lock.State.ACQUIRED);
    locks.commitTransaction(first);
    assertThatThrownBy(() -> locks.abortTransaction(first))
        .isInstanceOf(NoSuchTransactionException.class);
    assertThatThrownBy(() -> locks.lock(List.of(exclusive(ORDERS)), first, CLIENT))
        .isInstanceOf(NoSuchTransactionException.class);

    locks.abortTransactions(List.of(second));
    assertThat(locks.listLocks(null, null, null, 0)).isEmpty();
    locks.abortTransaction(second);
    assertThatThrownBy(() -> locks.commitTransaction(second))
        .isInstanceOf(TransactionAbortedException.class);
    assertThatThrownBy(() -> locks.heartbeat(0, second))
        .isInstanceOf(TransactionAbortedException.class);
    assertThatThrownBy(() -> locks.lock(List.of(exclusive(ORDERS)), second, CLIENT))
        .isInstanceOf(TransactionAbortedException.class);
    assertThatThrownBy(() -> locks.commitTransaction(second + 100))
        .isInstanceOf(NoSuchTransactionException.class);

    // abort_txns is all or nothing.
    long third = locks.openTransactions(1, CLIENT).get(0);
    assertThatThrownBy(() -> locks.abortTransactions(List.of(third, first)))
        .isInstanceOf(NoSuchTransactionException.class);
    assertThat(locks.listOpenTransactions().open())
        .extracting(Transaction::id)
        .containsExactly(third);
    assertThatThrownBy(() -> locks.openTransactions(0, CLIENT))
        .isInstanceOf(ValidationException.class);
  }

  /**
   * Many clients on two replicas take turns on one exclusive lock: never do two hold it at once,
   * and every one gets it in the end.
   */
  @Test
  void replicasRacingForOneExclusiveLockNeverBothHoldIt() throws Exception {
    int threadsPerReplica = 2;
    int cycles = 30;
    try (CatalogStore replica = openSameStoreAgain()) {
      List<LockService> replicas = List.of(locksOf(store), locksOf(replica));
      AtomicInteger holders = new AtomicInteger();
      AtomicInteger mostHolders = new AtomicInteger();
      AtomicInteger acquisitions = new AtomicInteger();
      ExecutorService executor = Executors.newFixedThreadPool(2 * threadsPerReplica);
      try {
        CyclicBarrier barrier = new CyclicBarrier(2 * threadsPerReplica);
        List<Future<?>> clients = new ArrayList<>();
        for (LockService locks : replicas) {
          for (int thread = 0; thread < threadsPerReplica; thread++) {
            clients.add(
                executor.submit(
                    () -> {
                      barrier.await();
                      for (int cycle = 0; cycle < cycles; cycle++) {
                        Lock lock = lock(locks, exclusive(ORDERS));
                        while (lock.state() == Lock.State.WAITING) {
                          // Hive's clients poll check_lock too; a short pause between polls.
                          Thread.sleep(1);
                          lock = locks.checkLock(lock.id(), 0);
                        }
                        int now = holders.incrementAndGet();
                        mostHolders.accumulateAndGet(now, Math::max);
                        acquisitions.incrementAndGet();
                        // Hold the lock a moment, so that a second holder would be seen.
                        Thread.sleep(1);
                        holders.decrementAndGet();
                        locks.unlock(lock.id());
                      }
                      return null;
                    }));
          }
        }
        for (Future<?> client : clients) {
          client.get(3, TimeUnit.MINUTES);
        }
      } finally {
        executor.shutdownNow();
      }
      assertThat(mostHolders.get()).isEqualTo(1);
      assertThat(acquisitions.get()).isEqualTo(2 * threadsPerReplica * cycles);
      assertThat(replicas.get(1).listLocks(null, null, null, 0)).isEmpty();
    }
  }

  // Roles and privileges

  private static PrivilegeService privilegesOf(CatalogStore store) {
    return new PrivilegeService(store, Clock.systemUTC());
  }

  private static PrivilegeGrant grant(
      SecurableObject object, String principal, PrincipalType type, String privilege) {
    return new PrivilegeGrant(
        object,
        principal,
        type,
        privilege,
        Instant.EPOCH,
        "alice",
        PrincipalType.USER,
        false,
        null);
  }

  private static PrivilegeGrant grantWithOption(
      SecurableObject object, String principal, PrincipalType type, String privilege) {
    return new PrivilegeGrant(
        object, principal, type, privilege, Instant.EPOCH, "alice", PrincipalType.USER, true, null);
  }

  private static List<String> privilegeNames(List<PrivilegeGrant> grants) {
    return grants.stream().map(PrivilegeGrant::privilege).toList();
  }

  private static PrivilegeFilter allOf(String principal, PrincipalType type) {
    return new PrivilegeFilter(principal, type, null, null, null);
  }

  @Test
  void builtInRolesExistAndCannotBeCreatedOrDropped() {
    PrivilegeService privileges = privilegesOf(store);
    assertThat(privileges.listRoleNames()).containsExactly("admin", "public");
    assertThatThrownBy(() -> privileges.createRole("admin", "bob"))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("Role admin already exists.");
    assertThatThrownBy(() -> privileges.createRole("public", "bob"))
        .isInstanceOf(InvalidOperationException.class)
        .hasMessageContaining("implicitly exists");
    assertThatThrownBy(() -> privileges.dropRole("admin"))
        .isInstanceOf(InvalidOperationException.class);
    assertThatThrownBy(() -> privileges.dropRole("public"))
        .isInstanceOf(InvalidOperationException.class);
    assertThatThrownBy(
            () -> privileges.grantRole("public", "bob", PrincipalType.USER, null, null, false))
        .isInstanceOf(InvalidOperationException.class);
    assertThat(privileges.listPrivileges(allOf("admin", PrincipalType.ROLE)))
        .singleElement()
        .satisfies(
            grant -> {
              assertThat(grant.object()).isEqualTo(SecurableObject.global());
              assertThat(grant.privilege()).isEqualTo("All");
              assertThat(grant.grantOption()).isTrue();
              assertThat(grant.authorizer()).isEqualTo("SQL");
            });
  }

  @Test
  void rolesAndMembershipsAreKeptAndSharedByReplicas() {
    PrivilegeService privileges = privilegesOf(store);
    privileges.createRole("analysts", "alice");
    privileges.createRole("readers", "alice");
    assertThatThrownBy(() -> privileges.createRole("analysts", "bob"))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("Role analysts already exists.");
    privileges.grantRole("analysts", "bob", PrincipalType.USER, "alice", PrincipalType.USER, true);
    privileges.grantRole(
        "analysts", "eng", PrincipalType.GROUP, "alice", PrincipalType.USER, false);
    privileges.grantRole(
        "readers", "analysts", PrincipalType.ROLE, "admin", PrincipalType.ROLE, false);
    assertThatThrownBy(
            () -> privileges.grantRole("analysts", "bob", PrincipalType.USER, "carol", null, false))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("Principal bob already has the role analysts");
    assertThatThrownBy(
            () -> privileges.grantRole("nobody", "bob", PrincipalType.USER, null, null, false))
        .isInstanceOf(NoSuchEntityException.class);
    assertThatThrownBy(
            () -> privileges.grantRole("analysts", "ghosts", PrincipalType.ROLE, null, null, false))
        .isInstanceOf(NoSuchEntityException.class);

    try (CatalogStore replica = openSameStoreAgain()) {
      PrivilegeService other = privilegesOf(replica);
      assertThat(other.listRoleNames()).containsExactly("admin", "analysts", "public", "readers");
      assertThat(other.listRoleGrantsOf("bob", PrincipalType.USER))
          .extracting(RoleGrant::role, RoleGrant::grantOption, RoleGrant::grantor)
          .containsExactly(tuple("analysts", true, "alice"), tuple("public", false, null));
      assertThat(other.listRolesOf("bob", PrincipalType.USER))
          .extracting(io.cairn.security.Role::name, io.cairn.security.Role::ownerName)
          .containsExactly(tuple("analysts", "alice"), tuple("public", "public"));
      assertThat(other.listRolesOf("eng", PrincipalType.GROUP))
          .extracting(io.cairn.security.Role::name)
          .containsExactly("analysts");
      assertThat(other.listRolesOf("analysts", PrincipalType.ROLE))
          .extracting(io.cairn.security.Role::name)
          .containsExactly("readers");
      assertThat(other.listRoleMembers("analysts"))
          .extracting(RoleGrant::principalName, RoleGrant::principalType)
          .containsExactlyInAnyOrder(
              tuple("bob", PrincipalType.USER), tuple("eng", PrincipalType.GROUP));
      assertThat(other.listRoleMembers("nobody")).isEmpty();
    }

    privileges.revokeRoleGrantOption("analysts", "bob", PrincipalType.USER);
    assertThat(privileges.listRoleGrantsOf("bob", PrincipalType.USER).get(0).grantOption())
        .isFalse();
    assertThatThrownBy(
            () -> privileges.revokeRoleGrantOption("analysts", "bob", PrincipalType.USER))
        .isInstanceOf(InvalidOperationException.class)
        .hasMessage("User bob does not have grant option with role analysts");
    privileges.revokeRole("analysts", "bob", PrincipalType.USER);
    assertThat(privileges.listRoleGrantsOf("bob", PrincipalType.USER))
        .extracting(RoleGrant::role)
        .containsExactly("public");
    assertThatThrownBy(() -> privileges.revokeRole("analysts", "bob", PrincipalType.USER))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessage("Principal bob does not have the role analysts");
    assertThatThrownBy(() -> privileges.revokeRole("public", "bob", PrincipalType.USER))
        .isInstanceOf(InvalidOperationException.class);
  }

  @Test
  void roleCyclesAreRefused() {
    PrivilegeService privileges = privilegesOf(store);
    privileges.createRole("a", null);
    privileges.createRole("b", null);
    privileges.createRole("c", null);
    privileges.grantRole("b", "a", PrincipalType.ROLE, null, null, false);
    privileges.grantRole("c", "b", PrincipalType.ROLE, null, null, false);
    assertThatThrownBy(() -> privileges.grantRole("a", "c", PrincipalType.ROLE, null, null, false))
        .isInstanceOf(InvalidOperationException.class)
        .hasMessageContaining("no cycles allowed");
    assertThatThrownBy(() -> privileges.grantRole("a", "a", PrincipalType.ROLE, null, null, false))
        .isInstanceOf(InvalidOperationException.class);
    assertThat(privileges.listRoleMembers("a")).isEmpty();
  }

  @Test
  void droppingARoleDropsItsMembershipsAndGrants() {
    createSalesOrders();
    PrivilegeService privileges = privilegesOf(store);
    privileges.createRole("analysts", null);
    privileges.createRole("readers", null);
    privileges.grantRole("analysts", "bob", PrincipalType.USER, null, null, false);
    privileges.grantRole("readers", "analysts", PrincipalType.ROLE, null, null, false);
    privileges.grantPrivileges(
        List.of(grant(SecurableObject.table(ORDERS), "analysts", PrincipalType.ROLE, "SELECT")));

    privileges.dropRole("analysts");

    assertThat(privileges.listRoleNames()).doesNotContain("analysts");
    assertThat(privileges.listRoleMembers("readers")).isEmpty();
    assertThat(privileges.listRoleGrantsOf("bob", PrincipalType.USER))
        .extracting(RoleGrant::role)
        .containsExactly("public");
    assertThat(privileges.listPrivileges(allOf("analysts", PrincipalType.ROLE))).isEmpty();
    assertThatThrownBy(() -> privileges.dropRole("analysts"))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessage("Role analysts does not exist");
    // A new role of the same name starts without the old one's grants.
    privileges.createRole("analysts", null);
    assertThat(privileges.listRoleMembers("analysts")).isEmpty();
  }

  @Test
  void privilegesAreGrantedListedAndRevokedWholeOrNotAtAll() {
    createSalesOrders();
    PrivilegeService privileges = privilegesOf(store);
    SecurableObject orders = SecurableObject.table(ORDERS);
    privileges.grantPrivileges(
        List.of(grantWithOption(orders, "bob", PrincipalType.USER, "SELECT,INSERT")));
    assertThat(privileges.listPrivileges(PrivilegeFilter.of("bob", PrincipalType.USER, orders)))
        .extracting(
            PrivilegeGrant::privilege,
            PrivilegeGrant::grantor,
            PrivilegeGrant::grantorType,
            PrivilegeGrant::grantOption)
        .containsExactly(
            tuple("SELECT", "alice", PrincipalType.USER, true),
            tuple("INSERT", "alice", PrincipalType.USER, true));
    assertThat(privileges.listPrivileges(PrivilegeFilter.of("bob", PrincipalType.USER, orders)))
        .allSatisfy(grant -> assertThat(grant.createTime()).isAfter(Instant.EPOCH));

    // A duplicate fails the whole bag: the new UPDATE is not kept either.
    assertThatThrownBy(
            () ->
                privileges.grantPrivileges(
                    List.of(
                        grant(orders, "bob", PrincipalType.USER, "UPDATE"),
                        grant(orders, "bob", PrincipalType.USER, "SELECT"))))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("SELECT is already granted on table hive.sales.orders");
    // The same privilege from another grantor is another grant (as in Hive).
    privileges.grantPrivileges(
        List.of(
            new PrivilegeGrant(
                orders,
                "bob",
                PrincipalType.USER,
                "SELECT",
                Instant.EPOCH,
                "carol",
                PrincipalType.USER,
                false,
                null)));
    assertThat(privilegeNames(privileges.listPrivileges(PrivilegeFilter.on(orders))))
        .containsExactly("SELECT", "INSERT", "SELECT");

    assertThatThrownBy(
            () ->
                privileges.grantPrivileges(
                    List.of(
                        grant(
                            SecurableObject.table(SALES.table("missing")),
                            "bob",
                            PrincipalType.USER,
                            "SELECT"))))
        .isInstanceOf(NoSuchTableException.class);
    assertThatThrownBy(
            () ->
                privileges.grantPrivileges(
                    List.of(
                        grant(
                            SecurableObject.database(new DatabaseName(CATALOG, "missing")),
                            "bob",
                            PrincipalType.USER,
                            "SELECT"))))
        .isInstanceOf(NoSuchDatabaseException.class);
    assertThatThrownBy(
            () ->
                privileges.grantPrivileges(
                    List.of(grant(orders, "ghosts", PrincipalType.ROLE, "SELECT"))))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessage("Role ghosts does not exist");
    assertThatThrownBy(
            () ->
                privileges.grantPrivileges(
                    List.of(grant(orders, "bob", PrincipalType.USER, "SELECT,,"))))
        .isInstanceOf(ValidationException.class);

    // Revoking removes the privilege whoever granted it; what was never granted fails it all.
    assertThatThrownBy(
            () ->
                privileges.revokePrivileges(
                    List.of(
                        grant(orders, "bob", PrincipalType.USER, "select"),
                        grant(orders, "bob", PrincipalType.USER, "DELETE"))))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessageContaining("No grant (DELETE) found");
    assertThat(privileges.listPrivileges(PrivilegeFilter.on(orders))).hasSize(3);
    privileges.revokePrivileges(List.of(grant(orders, "bob", PrincipalType.USER, "select")));
    assertThat(privilegeNames(privileges.listPrivileges(PrivilegeFilter.on(orders))))
        .containsExactly("INSERT");
    assertThatThrownBy(
            () ->
                privileges.revokePrivileges(
                    List.of(grant(orders, "bob", PrincipalType.USER, "SELECT"))))
        .isInstanceOf(NoSuchEntityException.class);

    privileges.revokeGrantOptions(List.of(grant(orders, "bob", PrincipalType.USER, "INSERT")));
    assertThat(privileges.listPrivileges(PrivilegeFilter.on(orders)))
        .singleElement()
        .satisfies(grant -> assertThat(grant.grantOption()).isFalse());
    assertThatThrownBy(
            () ->
                privileges.revokeGrantOptions(
                    List.of(grant(orders, "bob", PrincipalType.USER, "INSERT"))))
        .isInstanceOf(InvalidOperationException.class)
        .hasMessage("User bob does not have grant option with privilege INSERT");
  }

  @Test
  void privilegesOnEveryKindOfObjectAreListedByPrincipalTypeAndObject() {
    createSalesOrders();
    service.addPartitions(ORDERS, List.of(partition(ORDERS, "2024", "01")));
    PrivilegeService privileges = privilegesOf(store);
    privileges.createRole("analysts", null);
    SecurableObject global = SecurableObject.global();
    SecurableObject sales = SecurableObject.database(SALES);
    SecurableObject orders = SecurableObject.table(ORDERS);
    SecurableObject january = SecurableObject.partition(ORDERS, List.of("2024", "01"));
    SecurableObject amount = SecurableObject.column(ORDERS, null, "Amount");
    SecurableObject januaryAmount = SecurableObject.column(ORDERS, List.of("2024", "01"), "amount");
    privileges.grantPrivileges(
        List.of(
            grant(global, "bob", PrincipalType.USER, "CREATE"),
            grant(sales, "bob", PrincipalType.USER, "SELECT"),
            grant(orders, "eng", PrincipalType.GROUP, "SELECT"),
            grant(january, "bob", PrincipalType.USER, "SELECT"),
            grant(amount, "analysts", PrincipalType.ROLE, "SELECT"),
            grant(januaryAmount, "bob", PrincipalType.USER, "SELECT")));

    try (CatalogStore replica = openSameStoreAgain()) {
      PrivilegeService other = privilegesOf(replica);
      assertThat(other.listPrivileges(allOf("bob", PrincipalType.USER)))
          .extracting(PrivilegeGrant::object)
          .containsExactly(global, sales, january, januaryAmount);
      assertThat(
              other.listPrivileges(
                  new PrivilegeFilter("bob", PrincipalType.USER, ObjectType.COLUMN, null, null)))
          .extracting(PrivilegeGrant::object)
          .containsExactly(januaryAmount);
      assertThat(other.listPrivileges(PrivilegeFilter.on(orders)))
          .extracting(PrivilegeGrant::principalName, PrivilegeGrant::principalType)
          .containsExactly(tuple("eng", PrincipalType.GROUP));
      assertThat(other.listPrivileges(PrivilegeFilter.on(amount)))
          .extracting(PrivilegeGrant::principalName)
          .containsExactly("analysts");
      assertThat(
              other.listPrivileges(
                  PrivilegeFilter.on(
                      SecurableObject.column(ORDERS, null, PrivilegeFilter.ANY_COLUMN))))
          .extracting(PrivilegeGrant::object)
          .containsExactly(amount);
      assertThat(other.listPrivileges(PrivilegeFilter.on(january)))
          .extracting(PrivilegeGrant::object)
          .containsExactly(january);
      assertThat(other.listPrivileges(new PrivilegeFilter(null, null, null, null, null)))
          .hasSize(7); // with admin's built-in global grant
      assertThat(
              other.listPrivileges(
                  PrivilegeFilter.on(SecurableObject.table(SALES.table("missing")))))
          .isEmpty();
    }
  }

  @Test
  void droppingAnObjectDropsItsGrantsAndRenamingKeepsThem() {
    createSalesOrders();
    service.addPartitions(
        ORDERS, List.of(partition(ORDERS, "2024", "01"), partition(ORDERS, "2024", "02")));
    PrivilegeService privileges = privilegesOf(store);
    SecurableObject january = SecurableObject.partition(ORDERS, List.of("2024", "01"));
    privileges.grantPrivileges(
        List.of(
            grant(SecurableObject.database(SALES), "bob", PrincipalType.USER, "SELECT"),
            grant(SecurableObject.table(ORDERS), "bob", PrincipalType.USER, "SELECT"),
            grant(january, "bob", PrincipalType.USER, "SELECT"),
            grant(SecurableObject.column(ORDERS, null, "id"), "bob", PrincipalType.USER, "SELECT"),
            grant(SecurableObject.global(), "bob", PrincipalType.USER, "SELECT")));

    service.dropPartitions(ORDERS, List.of(List.of("2024", "01")));
    assertThat(privileges.listPrivileges(allOf("bob", PrincipalType.USER)))
        .extracting(grant -> grant.object().type())
        .containsExactly(
            ObjectType.DATABASE, ObjectType.TABLE, ObjectType.COLUMN, ObjectType.GLOBAL);
    // A partition of the same name made again starts without grants.
    service.addPartitions(ORDERS, List.of(partition(ORDERS, "2024", "01")));
    assertThat(privileges.listPrivileges(PrivilegeFilter.on(january))).isEmpty();

    TableName renamed = SALES.table("orders_v2");
    service.updateTable(ORDERS, service.loadTable(ORDERS).toBuilder().name(renamed).build(), null);
    assertThat(privileges.listPrivileges(PrivilegeFilter.on(SecurableObject.table(renamed))))
        .extracting(PrivilegeGrant::privilege)
        .containsExactly("SELECT");
    assertThat(
            privileges.listPrivileges(
                PrivilegeFilter.on(SecurableObject.column(renamed, null, "id"))))
        .hasSize(1);

    service.dropTable(renamed);
    assertThat(privileges.listPrivileges(allOf("bob", PrincipalType.USER)))
        .extracting(grant -> grant.object().type())
        .containsExactly(ObjectType.DATABASE, ObjectType.GLOBAL);
    service.dropDatabase(SALES, true);
    assertThat(privileges.listPrivileges(allOf("bob", PrincipalType.USER)))
        .extracting(grant -> grant.object().type())
        .containsExactly(ObjectType.GLOBAL);
  }

  @Test
  void privilegeSetHasTheUsersGroupsAndRolesPrivilegesOnTheObject() {
    createSalesOrders();
    PrivilegeService privileges = privilegesOf(store);
    privileges.createRole("analysts", null);
    privileges.createRole("readers", null);
    privileges.createRole("writers", null);
    privileges.grantRole("analysts", "bob", PrincipalType.USER, null, null, false);
    privileges.grantRole("readers", "analysts", PrincipalType.ROLE, null, null, false);
    privileges.grantRole("writers", "eng", PrincipalType.GROUP, null, null, false);
    SecurableObject orders = SecurableObject.table(ORDERS);
    privileges.grantPrivileges(
        List.of(
            grant(orders, "bob", PrincipalType.USER, "SELECT"),
            grant(orders, "eng", PrincipalType.GROUP, "UPDATE"),
            grant(orders, "readers", PrincipalType.ROLE, "INSERT"),
            grant(orders, "writers", PrincipalType.ROLE, "DELETE"),
            grant(orders, "public", PrincipalType.ROLE, "ALTER"),
            grant(orders, "carol", PrincipalType.USER, "DROP"),
            grant(SecurableObject.database(SALES), "bob", PrincipalType.USER, "CREATE")));

    PrincipalPrivileges set = privileges.loadPrivilegeSet(orders, "bob", List.of("eng", "ops"));
    assertThat(set.users()).containsOnlyKeys("bob");
    assertThat(privilegeNames(set.users().get("bob"))).containsExactly("SELECT");
    assertThat(set.groups()).containsOnlyKeys("eng", "ops");
    assertThat(privilegeNames(set.groups().get("eng"))).containsExactly("UPDATE");
    assertThat(set.groups().get("ops")).isEmpty();
    assertThat(set.roles()).containsOnlyKeys("public", "analysts", "readers", "writers");
    assertThat(privilegeNames(set.roles().get("readers"))).containsExactly("INSERT");
    assertThat(privilegeNames(set.roles().get("writers"))).containsExactly("DELETE");
    assertThat(privilegeNames(set.roles().get("public"))).containsExactly("ALTER");
    assertThat(set.roles().get("analysts")).isEmpty();

    PrincipalPrivileges nobody = privileges.loadPrivilegeSet(orders, null, List.of());
    assertThat(nobody.users()).isEmpty();
    assertThat(nobody.groups()).isEmpty();
    assertThat(nobody.roles()).isEmpty();
  }

  @Test
  void refreshMakesTheGrantsOfAnAuthorizerExactlyTheGivenOnes() {
    createSalesOrders();
    PrivilegeService privileges = privilegesOf(store);
    SecurableObject orders = SecurableObject.table(ORDERS);
    privileges.grantPrivileges(
        List.of(
            grant(orders, "bob", PrincipalType.USER, "SELECT").withAuthorizer("ranger"),
            grant(orders, "carol", PrincipalType.USER, "SELECT").withAuthorizer("ranger"),
            grant(orders, "dave", PrincipalType.USER, "SELECT").withAuthorizer("SQL")));
    Instant bobsTime =
        privileges
            .listPrivileges(PrivilegeFilter.of("bob", PrincipalType.USER, orders))
            .get(0)
            .createTime();

    privileges.refreshPrivileges(
        orders,
        "ranger",
        List.of(
            grant(orders, "bob", PrincipalType.USER, "SELECT"),
            grant(orders, "erin", PrincipalType.USER, "INSERT")));

    assertThat(privileges.listPrivileges(PrivilegeFilter.on(orders)))
        .extracting(
            PrivilegeGrant::principalName, PrivilegeGrant::privilege, PrivilegeGrant::authorizer)
        .containsExactlyInAnyOrder(
            tuple("bob", "SELECT", "ranger"),
            tuple("dave", "SELECT", "SQL"),
            tuple("erin", "INSERT", "ranger"));
    assertThat(
            privileges
                .listPrivileges(PrivilegeFilter.of("bob", PrincipalType.USER, orders))
                .get(0)
                .createTime())
        .isEqualTo(bobsTime);

    SecurableObject columns = SecurableObject.column(ORDERS, null, PrivilegeFilter.ANY_COLUMN);
    privileges.refreshPrivileges(
        columns,
        "ranger",
        List.of(
            grant(
                SecurableObject.column(ORDERS, null, "id"), "bob", PrincipalType.USER, "SELECT")));
    assertThat(privileges.listPrivileges(PrivilegeFilter.on(columns)))
        .extracting(grant -> grant.object().column())
        .containsExactly("id");

    // A grant on another object refuses the refresh and changes nothing.
    assertThatThrownBy(
            () ->
                privileges.refreshPrivileges(
                    orders,
                    "ranger",
                    List.of(
                        grant(
                            SecurableObject.database(SALES), "bob", PrincipalType.USER, "SELECT"))))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(
            () -> privileges.refreshPrivileges(SecurableObject.global(), "ranger", List.of()))
        .isInstanceOf(ValidationException.class);
    assertThat(privileges.listPrivileges(PrivilegeFilter.on(orders))).hasSize(3);
  }

  // Table constraints

  private static final TableName CUSTOMERS = SALES.table("customers");

  private ConstraintService constraintsOf(CatalogStore store) {
    return new ConstraintService(store, service, Clock.systemUTC());
  }

  private static TableConstraint key(Kind kind, String name, TableName table, String... columns) {
    return TableConstraint.of(kind, name, table, List.of(columns), null, true, false, true);
  }

  private static TableConstraint foreignKey(
      String name, TableName table, String column, TableName referenced, String referencedColumn) {
    return new TableConstraint(
        Kind.FOREIGN_KEY,
        name,
        table,
        List.of(column),
        referenced,
        List.of(referencedColumn),
        null,
        1,
        2,
        null,
        false,
        false,
        true);
  }

  private static List<String> constraintNames(List<TableConstraint> constraints) {
    return constraints.stream().map(TableConstraint::name).toList();
  }

  @Test
  void tableCreatedWithConstraintsKeepsThemInKeyOrderWithGeneratedNames() {
    service.createDatabase(database(SALES));
    ConstraintService constraints = constraintsOf(store);
    List<TableConstraint> created =
        constraints.createTable(
            partitionedTable(ORDERS),
            List.of(
                key(Kind.PRIMARY_KEY, "Orders_PK", ORDERS, "Amount", "id"),
                key(Kind.NOT_NULL, null, ORDERS, "year"),
                TableConstraint.of(
                    Kind.DEFAULT,
                    "amount_default",
                    ORDERS,
                    List.of("amount"),
                    "0",
                    true,
                    false,
                    false),
                TableConstraint.of(
                    Kind.CHECK, "positive", ORDERS, List.of(), "amount > 0", false, false, false)));

    assertThat(service.loadTable(ORDERS).name()).isEqualTo(ORDERS);
    String generated = created.get(1).name();
    assertThat(generated).matches("nn_\\d+_\\d+_0");
    List<TableConstraint> stored = constraints.listConstraints(ORDERS);
    assertThat(constraintNames(stored))
        .containsExactly("amount_default", generated, "orders_pk", "positive");
    assertThat(stored).containsExactlyInAnyOrderElementsOf(created);
    TableConstraint primaryKey = constraints.listConstraints(ORDERS, Kind.PRIMARY_KEY).get(0);
    assertThat(primaryKey.columns()).containsExactly("amount", "id");
    assertThat(primaryKey.enable()).isTrue();
    assertThat(primaryKey.validate()).isFalse();
    assertThat(primaryKey.rely()).isTrue();
    TableConstraint check = constraints.listConstraints(ORDERS, Kind.CHECK).get(0);
    assertThat(check.columns()).isEmpty();
    assertThat(check.expression()).isEqualTo("amount > 0");
    assertThat(constraints.listConstraints(ORDERS, Kind.DEFAULT).get(0).expression())
        .isEqualTo("0");
    assertThat(constraints.listConstraints(SALES.table("nosuch"))).isEmpty();
  }

  @Test
  void refusedConstraintLeavesNeitherTableNorConstraints() {
    service.createDatabase(database(SALES));
    ConstraintService constraints = constraintsOf(store);
    assertThatThrownBy(
            () ->
                constraints.createTable(
                    partitionedTable(ORDERS),
                    List.of(
                        key(Kind.PRIMARY_KEY, "pk", ORDERS, "id"),
                        key(Kind.UNIQUE, "uk", ORDERS, "nope"))))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Parent column not found: nope");
    assertThatThrownBy(() -> service.loadTable(ORDERS)).isInstanceOf(NoSuchTableException.class);

    service.createTable(partitionedTable(ORDERS));
    assertThatThrownBy(
            () ->
                constraints.addConstraints(
                    List.of(
                        key(Kind.UNIQUE, "twice", ORDERS, "id"),
                        key(Kind.NOT_NULL, "twice", ORDERS, "amount"))))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Constraint name already exists: sales.orders.twice");
    assertThat(constraints.listConstraints(ORDERS)).isEmpty();

    constraints.addConstraints(List.of(key(Kind.PRIMARY_KEY, "pk", ORDERS, "id")));
    assertThatThrownBy(
            () -> constraints.addConstraints(List.of(key(Kind.UNIQUE, "PK", ORDERS, "amount"))))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Constraint name already exists: sales.orders.pk");
    assertThatThrownBy(
            () ->
                constraints.addConstraints(List.of(key(Kind.PRIMARY_KEY, "pk2", ORDERS, "amount"))))
        .isInstanceOf(InvalidOperationException.class)
        .hasMessage("Primary key already exists for: hive.sales.orders");
    assertThatThrownBy(
            () ->
                constraints.addConstraints(
                    List.of(key(Kind.NOT_NULL, "nn", SALES.table("nosuch"), "id"))))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Parent table not found: nosuch");
    assertThat(constraintNames(constraints.listConstraints(ORDERS))).containsExactly("pk");
  }

  @Test
  void foreignKeyMustReferenceAPrimaryOrUniqueKeyOfItsParent() {
    service.createDatabase(database(SALES));
    service.createTable(partitionedTable(ORDERS));
    service.createTable(partitionedTable(CUSTOMERS));
    ConstraintService constraints = constraintsOf(store);
    TableConstraint orderCustomer = foreignKey("order_customer", ORDERS, "id", CUSTOMERS, "id");

    assertThatThrownBy(() -> constraints.addConstraints(List.of(orderCustomer)))
        .isInstanceOf(InvalidOperationException.class)
        .hasMessageContaining("there are no primary keys or unique keys for referenced table");
    constraints.addConstraints(List.of(key(Kind.UNIQUE, "customer_id", CUSTOMERS, "id")));
    assertThatThrownBy(
            () ->
                constraints.addConstraints(
                    List.of(foreignKey("by_amount", ORDERS, "amount", CUSTOMERS, "amount"))))
        .isInstanceOf(InvalidOperationException.class)
        .hasMessage(
            "Foreign key references amount:decimal(10,2); but no corresponding primary key or"
                + " unique key exists. Possible keys: [id:bigint;]");
    assertThatThrownBy(
            () ->
                constraints.addConstraints(
                    List.of(foreignKey("fk", ORDERS, "nope", CUSTOMERS, "id"))))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Child column not found: nope");
    assertThat(constraints.listForeignKeys(CUSTOMERS, null)).isEmpty();

    constraints.addConstraints(List.of(orderCustomer));
    TableConstraint stored = constraints.listForeignKeys(CUSTOMERS, ORDERS).get(0);
    assertThat(stored.referencedConstraint()).isEqualTo("customer_id");
    assertThat(stored.referencedColumns()).containsExactly("id");
    assertThat(stored.updateRule()).isEqualTo(1);
    assertThat(stored.deleteRule()).isEqualTo(2);
    assertThat(constraints.listForeignKeys(CUSTOMERS, null)).containsExactly(stored);
    assertThat(constraints.listForeignKeys(null, ORDERS)).containsExactly(stored);
    assertThat(constraints.listForeignKeys(ORDERS, CUSTOMERS)).isEmpty();
    assertThat(constraints.listConstraints(ORDERS)).containsExactly(stored);
  }

  @Test
  void droppedByNameOrWithEitherTableAndKeptThroughARename() {
    service.createDatabase(database(SALES));
    service.createTable(partitionedTable(CUSTOMERS));
    ConstraintService constraints = constraintsOf(store);
    constraints.addConstraints(List.of(key(Kind.PRIMARY_KEY, "customer_pk", CUSTOMERS, "id")));
    constraints.createTable(
        partitionedTable(ORDERS),
        List.of(
            key(Kind.NOT_NULL, "amount_nn", ORDERS, "amount"),
            foreignKey("order_customer", ORDERS, "id", CUSTOMERS, "id")));

    assertThatThrownBy(() -> constraints.dropConstraint(ORDERS, "nosuch"))
        .isInstanceOf(NoSuchEntityException.class)
        .hasMessage("The constraint: nosuch does not exist for the associated table: sales.orders");
    constraints.dropConstraint(ORDERS, "AMOUNT_NN");
    assertThat(constraintNames(constraints.listConstraints(ORDERS)))
        .containsExactly("order_customer");

    TableName renamed = SALES.table("purchases");
    service.updateTable(ORDERS, partitionedTable(renamed), null);
    assertThat(constraints.listConstraints(ORDERS)).isEmpty();
    TableConstraint moved = constraints.listForeignKeys(CUSTOMERS, null).get(0);
    assertThat(moved.table()).isEqualTo(renamed);
    assertThat(constraintNames(constraints.listConstraints(renamed)))
        .containsExactly("order_customer");

    service.dropTable(CUSTOMERS);
    assertThat(constraints.listConstraints(renamed)).isEmpty();
    constraints.addConstraints(List.of(key(Kind.UNIQUE, "purchase_id", renamed, "id")));
    service.dropTable(renamed);
    service.createTable(partitionedTable(renamed));
    assertThat(constraints.listConstraints(renamed)).isEmpty();
  }

  /** A clock that tests move forward by hand. */
  private static final class AdjustableClock extends Clock {
    private volatile Instant now;

    AdjustableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  // Glue: tags and indexes created with their resource, updates without archiving, table search

  @Test
  void aDatabaseIsCreatedWithItsTagsOrNotAtAll() {
    service.createDatabase(database(SALES), Map.of("team", "data"));
    assertThat(service.loadTags(service.arns().database(SALES))).containsEntry("team", "data");
    DatabaseName other = new DatabaseName(CATALOG, "other");
    assertThatThrownBy(() -> service.createDatabase(database(other), Map.of("", "empty key")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> service.loadDatabase(other))
        .isInstanceOf(NoSuchDatabaseException.class);
  }

  @Test
  void aTableIsCreatedWithItsPartitionIndexesOrNotAtAll() {
    service.createDatabase(database(SALES));
    service.createTable(
        partitionedTable(ORDERS),
        List.of(
            new PartitionIndex("by_year", List.of("YEAR"), PartitionIndex.Status.CREATING),
            new PartitionIndex("both", List.of("year", "month"), PartitionIndex.Status.CREATING)));
    assertThat(service.listPartitionIndexes(ORDERS))
        .extracting(PartitionIndex::name, PartitionIndex::keys, PartitionIndex::status)
        .containsExactly(
            tuple("both", List.of("year", "month"), PartitionIndex.Status.ACTIVE),
            tuple("by_year", List.of("year"), PartitionIndex.Status.ACTIVE));

    TableName refused = SALES.table("refused");
    assertThatThrownBy(
            () ->
                service.createTable(
                    partitionedTable(refused),
                    List.of(
                        new PartitionIndex("by_id", List.of("id"), PartitionIndex.Status.ACTIVE))))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> service.loadTable(refused)).isInstanceOf(NoSuchTableException.class);
    List<PartitionIndex> four = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "d")) {
      four.add(new PartitionIndex(name, List.of("year"), PartitionIndex.Status.ACTIVE));
    }
    assertThatThrownBy(() -> service.createTable(partitionedTable(refused), four))
        .isInstanceOf(LimitExceededException.class);
    assertThatThrownBy(() -> service.loadTable(refused)).isInstanceOf(NoSuchTableException.class);
  }

  @Test
  void anUpdateWithoutArchiveKeepsNoReplacedVersion() {
    createSalesOrders();
    Table original = service.loadTable(ORDERS);
    service.updateTable(ORDERS, original.toBuilder().description("one").build(), 0L);
    Table two =
        service.updateTableWithoutArchive(
            ORDERS, original.toBuilder().description("two").build(), 1L);
    assertThat(two.version()).isEqualTo(2);
    assertThat(service.listTableVersions(ORDERS, PageRequest.first(10)).items())
        .extracting(TableVersion::versionId)
        .containsExactly(2L, 0L);
    assertThat(service.loadTableVersion(ORDERS, 2).table().description()).isEqualTo("two");
    assertThatThrownBy(
            () ->
                service.updateTableWithoutArchive(
                    ORDERS, original.toBuilder().description("stale").build(), 1L))
        .isInstanceOf(CommitFailedException.class);
    assertThat(service.loadTable(ORDERS).description()).isEqualTo("two");
    assertThat(service.listTableVersions(ORDERS, PageRequest.first(10)).items())
        .extracting(TableVersion::versionId)
        .containsExactly(2L, 0L);
  }

  @Test
  void tablesAreSearchedInTheDatabase() {
    AdjustableClock clock = new AdjustableClock(Instant.parse("2024-01-01T00:00:00Z"));
    CatalogService timed =
        new CatalogService(store, CATALOG, new ResourceArns("us-east-1", "123456789012"), clock);
    DatabaseName marketing = new DatabaseName(CATALOG, "marketing");
    timed.createDatabase(database(SALES));
    timed.createDatabase(database(marketing));
    timed.createTable(
        partitionedTable(SALES.table("customer-link")).toBuilder()
            .description("Links customers to 100% of their accounts")
            .build());
    clock.advance(Duration.ofDays(1));
    timed.createTable(
        partitionedTable(marketing.table("xxlinkyy")).toBuilder()
            .owner("bob")
            .parameters(Map.of("classification", "json", "campaign_marker", "spring"))
            .build());
    clock.advance(Duration.ofDays(1));
    Table payments = partitionedTable(marketing.table("payments"));
    timed.createTable(
        payments.toBuilder()
            .storageDescriptor(
                payments.storageDescriptor().toBuilder()
                    .columns(List.of(new Column("quokka_total", "double", "Money in", Map.of())))
                    .build())
            .build());

    assertThat(search(text("QUOKKA"))).containsExactly("marketing.payments");
    assertThat(search(text("money IN"))).containsExactly("marketing.payments");
    assertThat(search(text("campaign_marker"))).containsExactly("marketing.xxlinkyy");
    assertThat(search(text("spring"))).containsExactly("marketing.xxlinkyy");
    assertThat(search(text("100%"))).containsExactly("sales.customer-link");
    assertThat(search(text("1_0"))).isEmpty();
    assertThat(search(text("month"))).hasSize(3);
    assertThat(
            search(
                new TableSearch(
                    "payments",
                    TableSearch.TextMatch.WHOLE_VALUE,
                    List.of(),
                    null,
                    TableSearch.SortDirection.ASCENDING)))
        .containsExactly("marketing.payments");
    assertThat(
            search(
                new TableSearch(
                    "pay",
                    TableSearch.TextMatch.WHOLE_VALUE,
                    List.of(),
                    null,
                    TableSearch.SortDirection.ASCENDING)))
        .isEmpty();
    assertThat(search(where(new TableSearch.TextCondition(TableSearch.Field.NAME, "LINK"))))
        .containsExactly("sales.customer-link");
    assertThat(
            search(where(new TableSearch.TextCondition(TableSearch.Field.DESCRIPTION, "accounts"))))
        .containsExactly("sales.customer-link");
    assertThat(search(where(new TableSearch.TextCondition(TableSearch.Field.OWNER, "BOB"))))
        .containsExactly("marketing.xxlinkyy");
    assertThat(
            search(
                where(
                    new TableSearch.TextCondition(TableSearch.Field.DATABASE_NAME, "marketing"),
                    new TableSearch.TextCondition(TableSearch.Field.TABLE_TYPE, "EXTERNAL_TABLE"))))
        .containsExactly("marketing.payments", "marketing.xxlinkyy");
    assertThat(search(where(new TableSearch.ParameterCondition("classification", "json"))))
        .containsExactly("marketing.xxlinkyy");
    assertThat(search(where(new TableSearch.ParameterCondition("classification", "JSON"))))
        .isEmpty();
    Instant secondDay = Instant.parse("2024-01-02T00:00:00Z");
    assertThat(
            search(
                where(
                    new TableSearch.TimeCondition(
                        TableSearch.Field.CREATE_TIME,
                        TableSearch.Comparison.GREATER_THAN_OR_EQUALS,
                        secondDay))))
        .containsExactly("marketing.payments", "marketing.xxlinkyy");
    assertThat(
            search(
                where(
                    new TableSearch.TimeCondition(
                        TableSearch.Field.CREATE_TIME, TableSearch.Comparison.EQUALS, secondDay))))
        .containsExactly("marketing.xxlinkyy");
    assertThat(
            search(
                where(
                    new TableSearch.TimeCondition(
                        TableSearch.Field.UPDATE_TIME,
                        TableSearch.Comparison.LESS_THAN,
                        secondDay))))
        .containsExactly("sales.customer-link");

    TableSearch newestFirst =
        new TableSearch(
            null,
            TableSearch.TextMatch.CONTAINED,
            List.of(),
            TableSearch.Field.CREATE_TIME,
            TableSearch.SortDirection.DESCENDING);
    assertThat(search(newestFirst))
        .containsExactly("marketing.payments", "marketing.xxlinkyy", "sales.customer-link");
    TableSearch byName =
        new TableSearch(
            null,
            TableSearch.TextMatch.CONTAINED,
            List.of(),
            TableSearch.Field.NAME,
            TableSearch.SortDirection.ASCENDING);
    List<String> paged = new ArrayList<>();
    Page<Table> page = service.searchTables(CATALOG, byName, PageRequest.first(2));
    page.items().forEach(table -> paged.add(table.name().table()));
    assertThat(page.nextToken()).isNotNull();
    page = service.searchTables(CATALOG, byName, new PageRequest(page.nextToken(), 2));
    page.items().forEach(table -> paged.add(table.name().table()));
    assertThat(page.nextToken()).isNull();
    assertThat(paged).containsExactly("customer-link", "payments", "xxlinkyy");
    assertThatThrownBy(
            () -> service.searchTables(CATALOG, byName, new PageRequest("not-a-token", 2)))
        .isInstanceOf(ValidationException.class);
  }

  private List<String> search(TableSearch search) {
    return service.searchTables(CATALOG, search, PageRequest.first(100)).items().stream()
        .map(table -> table.name().database() + "." + table.name().table())
        .toList();
  }

  private static TableSearch text(String text) {
    return new TableSearch(
        text,
        TableSearch.TextMatch.CONTAINED,
        List.of(),
        null,
        TableSearch.SortDirection.ASCENDING);
  }

  private static TableSearch where(TableSearch.Condition... conditions) {
    return new TableSearch(
        null,
        TableSearch.TextMatch.CONTAINED,
        List.of(conditions),
        null,
        TableSearch.SortDirection.ASCENDING);
  }

  // Iceberg REST: commits of several tables, idempotency keys, metrics reports

  @Test
  void commitTablesSwapsEveryTableOrNone() {
    service.createDatabase(database(SALES));
    TableName returns = SALES.table("returns");
    Table orders = service.createTable(partitionedTable(ORDERS));
    Table returned = service.createTable(partitionedTable(returns));

    Table staleReturns =
        returned.toBuilder().parameters(Map.of("metadata_location", "stale")).build();
    service.updateTable(returns, returned.toBuilder().description("changed").build(), 0L);
    assertThatThrownBy(
            () ->
                service.commitTables(
                    List.of(
                        new CatalogService.TableCommit(
                            ORDERS,
                            orders.toBuilder().parameters(Map.of("metadata_location", "a")).build(),
                            0),
                        new CatalogService.TableCommit(returns, staleReturns, 0))))
        .isInstanceOf(io.cairn.catalog.CommitFailedException.class);
    assertThat(service.loadTable(ORDERS).version()).isZero();
    assertThat(service.loadTable(ORDERS).parameters()).doesNotContainKey("metadata_location");

    List<Table> committed =
        service.commitTables(
            List.of(
                new CatalogService.TableCommit(
                    ORDERS,
                    orders.toBuilder().parameters(Map.of("metadata_location", "a")).build(),
                    0),
                new CatalogService.TableCommit(
                    returns,
                    returned.toBuilder().parameters(Map.of("metadata_location", "b")).build(),
                    1)));
    assertThat(committed).extracting(Table::version).containsExactly(1L, 2L);
    assertThat(service.loadTable(ORDERS).parameters()).containsEntry("metadata_location", "a");
    assertThat(service.loadTable(returns).parameters()).containsEntry("metadata_location", "b");
  }

  @Test
  void idempotencyRecordsKeepTheFirstResponseUntilDeleted() {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    IdempotencyRecord first =
        new IdempotencyRecord("key-1", "POST /iceberg/v1/namespaces", 200, "{\"a\":1}", created);
    assertThat(service.createIdempotencyRecord(first)).isTrue();
    assertThat(
            service.createIdempotencyRecord(
                new IdempotencyRecord("key-1", "POST /other", 409, "", created.plusSeconds(5))))
        .isFalse();
    assertThat(service.loadIdempotencyRecord("key-1")).contains(first);
    assertThat(service.loadIdempotencyRecord("key-2")).isEmpty();

    assertThat(service.deleteIdempotencyRecordsBefore(created)).isZero();
    assertThat(service.deleteIdempotencyRecordsBefore(created.plusMillis(1))).isEqualTo(1);
    assertThat(service.loadIdempotencyRecord("key-1")).isEmpty();
  }

  @Test
  void aPendingIdempotencyKeyIsCompletedOnceOrReleased() {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    String request = "POST /iceberg/v1/namespaces";
    assertThat(
            service.createIdempotencyRecord(
                new IdempotencyRecord("k", request, IdempotencyRecord.PENDING, "", created)))
        .isTrue();

    assertThat(service.completeIdempotencyRecord("k", 200, "{\"done\":true}")).isTrue();
    assertThat(service.completeIdempotencyRecord("k", 409, "{}")).isFalse();
    assertThat(service.deletePendingIdempotencyRecord("k")).isFalse();
    assertThat(service.loadIdempotencyRecord("k"))
        .contains(new IdempotencyRecord("k", request, 200, "{\"done\":true}", created));

    assertThat(
            service.createIdempotencyRecord(
                new IdempotencyRecord("failed", request, IdempotencyRecord.PENDING, "", created)))
        .isTrue();
    assertThat(service.deletePendingIdempotencyRecord("failed")).isTrue();
    assertThat(service.loadIdempotencyRecord("failed")).isEmpty();
    assertThat(service.completeIdempotencyRecord("failed", 200, "")).isFalse();
  }

  @Test
  void metricsReportsAreKeptPerTableInOrder() {
    service.createDatabase(database(SALES));
    service.createTable(partitionedTable(ORDERS));
    service.recordMetricsReport(ORDERS, "scan-report", "{\"n\":1}");
    service.recordMetricsReport(ORDERS, "commit-report", "{\"n\":2}");

    List<TableMetricsReport> reports = service.listMetricsReports(ORDERS, 10);
    assertThat(reports)
        .extracting(TableMetricsReport::reportType)
        .containsExactly("scan-report", "commit-report");
    assertThat(reports)
        .extracting(TableMetricsReport::report)
        .containsExactly("{\"n\":1}", "{\"n\":2}");
    assertThat(service.listMetricsReports(ORDERS, 1)).hasSize(1);
    assertThatThrownBy(
            () -> service.recordMetricsReport(SALES.table("missing"), "scan-report", "{}"))
        .isInstanceOf(NoSuchTableException.class);
  }

  // Custom classifiers, crawlers and crawls

  @Test
  void classifiersOfEveryKindAreStoredListedUpdatedByVersionAndDropped() {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    List<CustomClassifier> classifiers =
        List.of(
            new CustomClassifier(
                new ClassifierDefinition.Csv(
                    "a-csv",
                    ";",
                    "'",
                    ClassifierDefinition.CsvHeader.PRESENT,
                    List.of("id", "name"),
                    true,
                    false,
                    true,
                    List.of("INT", "STRING"),
                    "OpenCSVSerDe"),
                created,
                created,
                1),
            new CustomClassifier(
                new ClassifierDefinition.Grok(
                    "b-grok", "logs", "%{WORD:verb} %{NUMBER:code}", "MINE [a-z]+"),
                created,
                created,
                1),
            new CustomClassifier(
                new ClassifierDefinition.Json("c-json", "$[*]"), created, created, 1),
            new CustomClassifier(
                new ClassifierDefinition.Xml("d-xml", "books", "book"), created, created, 1));
    store.write(
        transaction -> {
          classifiers.forEach(transaction::createClassifier);
          return null;
        });
    assertThatThrownBy(
            () ->
                store.write(
                    transaction -> {
                      transaction.createClassifier(classifiers.get(0));
                      return null;
                    }))
        .isInstanceOf(AlreadyExistsException.class);

    Page<CustomClassifier> first =
        store.read((StoreTransaction t) -> t.listClassifiers(PageRequest.first(3)));
    assertThat(first.items()).containsExactlyElementsOf(classifiers.subList(0, 3));
    Page<CustomClassifier> rest =
        store.read(
            (StoreTransaction t) -> t.listClassifiers(new PageRequest(first.nextToken(), 3)));
    assertThat(rest.items()).containsExactly(classifiers.get(3));
    assertThat(rest.nextToken()).isNull();

    CustomClassifier updated =
        new CustomClassifier(
            new ClassifierDefinition.Json("c-json", "$.records[*]"),
            created,
            created.plusSeconds(60),
            2);
    store.write(
        transaction -> {
          transaction.updateClassifier(updated);
          return null;
        });
    assertThat(store.read((StoreTransaction t) -> t.loadClassifier("c-json"))).contains(updated);
    assertThatThrownBy(
            () ->
                store.write(
                    transaction -> {
                      transaction.updateClassifier(updated);
                      return null;
                    }))
        .isInstanceOf(CommitFailedException.class);

    store.write(
        transaction -> {
          transaction.dropClassifier("c-json");
          return null;
        });
    assertThat(store.read((StoreTransaction t) -> t.loadClassifier("c-json"))).isEmpty();
    assertThatThrownBy(
            () ->
                store.write(
                    transaction -> {
                      transaction.dropClassifier("c-json");
                      return null;
                    }))
        .isInstanceOf(NoSuchEntityException.class);
  }

  protected static CrawlerDefinition crawlerDefinition(String name, long version) {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    return new CrawlerDefinition(
        name,
        "arn:aws:iam::123456789012:role/crawler",
        "sales",
        "crawls the lake",
        List.of(new CrawlTarget("s3://lake/sales/", List.of("**.tmp"), 10)),
        "cron(0 12 * * ? *)",
        List.of("a-csv"),
        "raw_",
        UpdateBehavior.UPDATE_IN_DATABASE,
        DeleteBehavior.DEPRECATE_IN_DATABASE,
        RecrawlBehavior.CRAWL_EVERYTHING,
        "{\"Version\":1.0}",
        created,
        created.plusSeconds(version),
        version);
  }

  @Test
  void crawlerDefinitionsAndRunStatesChangeByCompareAndSwap() {
    Instant due = Instant.parse("2026-01-01T12:00:00Z");
    CrawlerDefinition crawler = crawlerDefinition("lake", 1);
    store.write(
        transaction -> {
          transaction.createCrawler(
              crawler,
              new CrawlerStatus(
                  "lake",
                  CrawlerStatus.State.READY,
                  null,
                  CrawlerStatus.ScheduleState.SCHEDULED,
                  due));
          return null;
        });
    assertThat(store.read((StoreTransaction t) -> t.loadCrawler("lake"))).contains(crawler);
    assertThat(store.read((StoreTransaction t) -> t.listCrawlers(PageRequest.first(10))).items())
        .containsExactly(crawler);
    assertThatThrownBy(
            () ->
                store.write(
                    transaction -> {
                      transaction.createCrawler(
                          crawler,
                          new CrawlerStatus(
                              "lake",
                              CrawlerStatus.State.READY,
                              null,
                              CrawlerStatus.ScheduleState.NOT_SCHEDULED,
                              null));
                      return null;
                    }))
        .isInstanceOf(AlreadyExistsException.class);

    assertThat(store.write((StoreTransaction t) -> t.updateCrawler(crawlerDefinition("lake", 2))))
        .isTrue();
    assertThat(store.write((StoreTransaction t) -> t.updateCrawler(crawlerDefinition("lake", 2))))
        .isFalse();
    assertThat(store.read((StoreTransaction t) -> t.loadCrawler("lake")).orElseThrow().version())
        .isEqualTo(2);

    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.changeCrawlerState(
                        "lake", CrawlerStatus.State.READY, CrawlerStatus.State.RUNNING, "crawl-1")))
        .isTrue();
    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.changeCrawlerState(
                        "lake", CrawlerStatus.State.READY, CrawlerStatus.State.RUNNING, "crawl-2")))
        .isFalse();
    assertThat(store.read((StoreTransaction t) -> t.loadCrawlerStatus("lake")))
        .contains(
            new CrawlerStatus(
                "lake",
                CrawlerStatus.State.RUNNING,
                "crawl-1",
                CrawlerStatus.ScheduleState.SCHEDULED,
                due));
    // A running crawler keeps its definition and cannot be dropped.
    assertThat(store.write((StoreTransaction t) -> t.updateCrawler(crawlerDefinition("lake", 3))))
        .isFalse();
    assertThat(store.write((StoreTransaction t) -> t.dropCrawler("lake"))).isFalse();

    assertThat(store.read((StoreTransaction t) -> t.listDueCrawlers(due.minusMillis(1)))).isEmpty();
    assertThat(store.read((StoreTransaction t) -> t.listDueCrawlers(due)))
        .extracting(CrawlerStatus::name)
        .containsExactly("lake");
    assertThat(
            store.write(
                (StoreTransaction t) -> t.claimScheduledRun("lake", due, due.plusSeconds(86400))))
        .isTrue();
    assertThat(
            store.write(
                (StoreTransaction t) -> t.claimScheduledRun("lake", due, due.plusSeconds(86400))))
        .isFalse();
    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.changeScheduleState(
                        "lake",
                        CrawlerStatus.ScheduleState.SCHEDULED,
                        CrawlerStatus.ScheduleState.NOT_SCHEDULED,
                        null)))
        .isTrue();
    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.changeScheduleState(
                        "lake",
                        CrawlerStatus.ScheduleState.SCHEDULED,
                        CrawlerStatus.ScheduleState.NOT_SCHEDULED,
                        null)))
        .isFalse();
    assertThat(store.read((StoreTransaction t) -> t.listDueCrawlers(due.plusSeconds(10 * 86400))))
        .isEmpty();

    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.changeCrawlerState(
                        "lake", CrawlerStatus.State.RUNNING, CrawlerStatus.State.READY, null)))
        .isTrue();
    assertThat(store.write((StoreTransaction t) -> t.dropCrawler("lake"))).isTrue();
    assertThat(store.read((StoreTransaction t) -> t.loadCrawler("lake"))).isEmpty();
    assertThatThrownBy(() -> store.write((StoreTransaction t) -> t.dropCrawler("lake")))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void crawlsAreRecordedNewestFirstAndEndOnce() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    CrawlRun first = CrawlRun.started("crawl-1", "lake", start);
    CrawlRun second = CrawlRun.started("crawl-2", "lake", start.plusSeconds(600));
    store.write(
        transaction -> {
          transaction.createCrawl(first);
          transaction.createCrawl(second);
          transaction.createCrawl(CrawlRun.started("crawl-3", "other", start));
          return null;
        });
    CrawlRun completed =
        new CrawlRun(
            "crawl-1",
            "lake",
            CrawlRun.State.COMPLETED,
            start,
            start.plusSeconds(42),
            start.plusSeconds(42),
            2,
            1,
            0,
            7,
            0,
            1,
            null);
    assertThat(store.write((StoreTransaction t) -> t.updateRunningCrawl(completed))).isTrue();
    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.updateRunningCrawl(
                        first.ended(CrawlRun.State.FAILED, start.plusSeconds(50), "late"))))
        .isFalse();
    assertThat(store.read((StoreTransaction t) -> t.loadCrawl("crawl-1"))).contains(completed);
    assertThat(store.read((StoreTransaction t) -> t.listCrawls("lake", 10)))
        .containsExactly(second, completed);
    assertThat(store.read((StoreTransaction t) -> t.listCrawls("lake", 1))).containsExactly(second);

    assertThat(
            store.read((StoreTransaction t) -> t.listCrawlsHeartbeatBefore(start.plusSeconds(600))))
        .extracting(CrawlRun::crawlId)
        .containsExactly("crawl-3");
    assertThat(
            store.read((StoreTransaction t) -> t.listCrawlsHeartbeatBefore(start.plusSeconds(601))))
        .extracting(CrawlRun::crawlId)
        .containsExactly("crawl-2", "crawl-3");
  }

  @Test
  void aScheduledRunIsClaimedByOneReplica() throws Exception {
    Instant due = Instant.parse("2026-01-01T12:00:00Z");
    store.write(
        transaction -> {
          transaction.createCrawler(
              crawlerDefinition("lake", 1),
              new CrawlerStatus(
                  "lake",
                  CrawlerStatus.State.READY,
                  null,
                  CrawlerStatus.ScheduleState.SCHEDULED,
                  due));
          return null;
        });
    try (CatalogStore replica = openSameStoreAgain()) {
      CyclicBarrier barrier = new CyclicBarrier(2);
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        List<Future<Boolean>> claims = new ArrayList<>();
        for (CatalogStore each : List.of(store, replica)) {
          claims.add(
              threads.submit(
                  () -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    boolean claimed =
                        each.write(
                            (StoreTransaction t) ->
                                t.claimScheduledRun("lake", due, due.plusSeconds(60)));
                    boolean started =
                        claimed
                            && each.write(
                                (StoreTransaction t) ->
                                    t.changeCrawlerState(
                                        "lake",
                                        CrawlerStatus.State.READY,
                                        CrawlerStatus.State.RUNNING,
                                        "crawl"));
                    return claimed && started;
                  }));
        }
        int winners = 0;
        for (Future<Boolean> claim : claims) {
          winners += claim.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(winners).isEqualTo(1);
      } finally {
        threads.shutdownNow();
      }
    }
    assertThat(
            store
                .read((StoreTransaction t) -> t.loadCrawlerStatus("lake"))
                .orElseThrow()
                .nextRunTime())
        .isEqualTo(due.plusSeconds(60));
  }

  // Jobs, job runs and triggers

  protected static JobDefinition jobDefinition(String name, long version) {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    return new JobDefinition(
        name,
        "loads the orders",
        "arn:aws:iam::123456789012:role/etl",
        "glueetl",
        "s3://scripts/orders.py",
        Map.of("--day", "2026-01-01"),
        2,
        30,
        3,
        "{\"node-1\":{\"S3JsonSource\":{\"Name\":\"orders\"}}}",
        "4.0",
        "G.1X",
        version == 1 ? 10 : null,
        created,
        created.plusSeconds(version),
        version);
  }

  private static JobRun jobRun(String runId, String jobName, Instant start) {
    return new JobRun(
        runId,
        jobName,
        0,
        null,
        null,
        JobRun.State.STARTING,
        Map.of("--day", "2026-01-02"),
        30,
        start,
        start,
        start,
        null,
        null);
  }

  @Test
  void jobsAreStoredUpdatedByVersionAndDroppedWithTheirRunsOnlyWhenNoneIsActive() {
    JobDefinition job = jobDefinition("orders", 1);
    store.write(
        transaction -> {
          transaction.createJob(job);
          transaction.createJob(jobDefinition("a-first", 1));
          return null;
        });
    assertThat(store.read((StoreTransaction t) -> t.loadJob("orders"))).contains(job);
    Page<JobDefinition> first =
        store.read((StoreTransaction t) -> t.listJobs(PageRequest.first(1)));
    assertThat(first.items()).extracting(JobDefinition::name).containsExactly("a-first");
    assertThat(
            store
                .read((StoreTransaction t) -> t.listJobs(new PageRequest(first.nextToken(), 1)))
                .items())
        .containsExactly(job);
    assertThatThrownBy(
            () ->
                store.write(
                    transaction -> {
                      transaction.createJob(job);
                      return null;
                    }))
        .isInstanceOf(AlreadyExistsException.class);

    JobDefinition updated = jobDefinition("orders", 2);
    assertThat(store.write((StoreTransaction t) -> t.updateJob(updated))).isTrue();
    assertThat(store.write((StoreTransaction t) -> t.updateJob(updated))).isFalse();
    assertThat(store.read((StoreTransaction t) -> t.loadJob("orders"))).contains(updated);
    assertThatThrownBy(
            () -> store.write((StoreTransaction t) -> t.updateJob(jobDefinition("nothing", 2))))
        .isInstanceOf(NoSuchEntityException.class);

    Instant start = Instant.parse("2026-01-02T00:00:00Z");
    JobRun run = jobRun("run-1", "orders", start);
    assertThat(store.write((StoreTransaction t) -> t.createJobRun(run, 1))).isTrue();
    assertThat(store.write((StoreTransaction t) -> t.dropJob("orders"))).isFalse();
    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.changeJobRun(
                        run.ended(JobRun.State.SUCCEEDED, start.plusSeconds(5), null),
                        JobRun.State.STARTING)))
        .isTrue();
    assertThat(store.write((StoreTransaction t) -> t.dropJob("orders"))).isTrue();
    assertThat(store.read((StoreTransaction t) -> t.loadJob("orders"))).isEmpty();
    assertThat(store.read((StoreTransaction t) -> t.loadJobRun("run-1"))).isEmpty();
    assertThatThrownBy(() -> store.write((StoreTransaction t) -> t.dropJob("orders")))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void jobRunsRespectMaxConcurrentRunsAndChangeStateByCompareAndSwap() {
    store.write(
        transaction -> {
          transaction.createJob(jobDefinition("orders", 1));
          return null;
        });
    Instant start = Instant.parse("2026-01-02T00:00:00Z");
    JobRun first = jobRun("run-1", "orders", start);
    JobRun second = jobRun("run-2", "orders", start.plusSeconds(60));
    assertThat(store.write((StoreTransaction t) -> t.createJobRun(first, 2))).isTrue();
    assertThat(store.write((StoreTransaction t) -> t.createJobRun(second, 2))).isTrue();
    assertThat(
            store.write(
                (StoreTransaction t) -> t.createJobRun(jobRun("run-3", "orders", start), 2)))
        .isFalse();
    assertThat(store.read((StoreTransaction t) -> t.loadJobRun("run-3"))).isEmpty();
    assertThatThrownBy(
            () ->
                store.write(
                    (StoreTransaction t) -> t.createJobRun(jobRun("run-4", "missing", start), 2)))
        .isInstanceOf(NoSuchEntityException.class);

    JobRun running = first.changed(JobRun.State.RUNNING, start.plusSeconds(1));
    assertThat(store.write((StoreTransaction t) -> t.changeJobRun(running, JobRun.State.STARTING)))
        .isTrue();
    assertThat(store.write((StoreTransaction t) -> t.changeJobRun(running, JobRun.State.STARTING)))
        .isFalse();
    JobRun failed = running.ended(JobRun.State.FAILED, start.plusSeconds(9), "exit code 1");
    assertThat(store.write((StoreTransaction t) -> t.changeJobRun(failed, JobRun.State.RUNNING)))
        .isTrue();
    assertThat(store.read((StoreTransaction t) -> t.loadJobRun("run-1"))).contains(failed);
    // The ended run freed its place.
    assertThat(
            store.write(
                (StoreTransaction t) -> t.createJobRun(jobRun("run-3", "orders", start), 2)))
        .isTrue();

    assertThat(store.read((StoreTransaction t) -> t.listJobRuns("orders", 10)))
        .extracting(JobRun::runId)
        .containsExactly("run-2", "run-3", "run-1");
    assertThat(store.read((StoreTransaction t) -> t.listJobRuns("orders", 1)))
        .containsExactly(second);
    assertThat(
            store.read((StoreTransaction t) -> t.listJobRunsHeartbeatBefore(start.plusSeconds(30))))
        .extracting(JobRun::runId)
        .containsExactly("run-3");
  }

  @Test
  void jobBookmarksAreCommittedVersionByVersionKeptPerRunAndDroppedWithTheirJob() {
    store.write(
        transaction -> {
          transaction.createJob(jobDefinition("orders", 1));
          transaction.createJob(jobDefinition("other", 1));
          return null;
        });
    assertThat(store.read((StoreTransaction t) -> t.loadJobBookmark("orders"))).isEmpty();
    JobBookmarkEntry first =
        new JobBookmarkEntry("orders", 1, 1, 0, null, "run-1", "{\"node-1\":{\"files\":{}}}");
    assertThat(store.write((StoreTransaction t) -> t.commitJobBookmark(first))).isTrue();
    // A second writer on top of the same version loses and changes nothing.
    JobBookmarkEntry rival = new JobBookmarkEntry("orders", 1, 1, 0, null, "run-x", "{}");
    assertThat(store.write((StoreTransaction t) -> t.commitJobBookmark(rival))).isFalse();
    JobBookmarkEntry skipping = new JobBookmarkEntry("orders", 3, 2, 0, null, "run-x", "{}");
    assertThat(store.write((StoreTransaction t) -> t.commitJobBookmark(skipping))).isFalse();
    JobBookmarkEntry second =
        new JobBookmarkEntry("orders", 2, 2, 1, "run-0", "run-2", "{\"node-1\":{\"n\":2}}");
    assertThat(store.write((StoreTransaction t) -> t.commitJobBookmark(second))).isTrue();
    JobBookmarkEntry reset = new JobBookmarkEntry("orders", 3, 0, 0, null, null, "{}");
    assertThat(store.write((StoreTransaction t) -> t.commitJobBookmark(reset))).isTrue();

    assertThat(store.read((StoreTransaction t) -> t.loadJobBookmark("orders"))).contains(reset);
    assertThat(store.read((StoreTransaction t) -> t.loadJobBookmarkOfRun("orders", "run-2")))
        .contains(second);
    assertThat(store.read((StoreTransaction t) -> t.loadJobBookmarkOfRun("orders", "run-x")))
        .isEmpty();
    assertThat(store.read((StoreTransaction t) -> t.loadJobBookmarkOfRun("other", "run-1")))
        .isEmpty();
    // A rewind to run-1 is a new version with that run's state; it is then the newest of run-1.
    JobBookmarkEntry rewound =
        new JobBookmarkEntry("orders", 4, 1, 0, null, "run-1", first.jobBookmark());
    assertThat(store.write((StoreTransaction t) -> t.commitJobBookmark(rewound))).isTrue();
    assertThat(store.read((StoreTransaction t) -> t.loadJobBookmarkOfRun("orders", "run-1")))
        .contains(rewound);
    assertThatThrownBy(
            () ->
                store.write(
                    (StoreTransaction t) ->
                        t.commitJobBookmark(
                            new JobBookmarkEntry("missing", 1, 1, 0, null, "run-1", "{}"))))
        .isInstanceOf(NoSuchEntityException.class);

    assertThat(store.write((StoreTransaction t) -> t.dropJob("orders"))).isTrue();
    store.write(
        transaction -> {
          transaction.createJob(jobDefinition("orders", 1));
          return null;
        });
    assertThat(store.read((StoreTransaction t) -> t.loadJobBookmark("orders"))).isEmpty();
  }

  @Test
  void triggersChangeStateAndClaimScheduledRunsByCompareAndSwap() {
    Instant due = Instant.parse("2026-01-01T12:00:00Z");
    Trigger scheduled =
        new Trigger(
            "nightly",
            Trigger.Type.SCHEDULED,
            "every day",
            null,
            "cron(0 12 * * ? *)",
            null,
            List.of(new Trigger.Action("orders", null, Map.of("--day", "today"))),
            1);
    Trigger conditional =
        new Trigger(
            "after-crawl",
            Trigger.Type.CONDITIONAL,
            null,
            null,
            null,
            new Trigger.Predicate(
                Trigger.Logical.AND,
                List.of(
                    new Trigger.Condition(null, "lake", "SUCCEEDED"),
                    new Trigger.Condition("orders", null, "SUCCEEDED"))),
            List.of(new Trigger.Action(null, "lake", Map.of())),
            1);
    store.write(
        transaction -> {
          transaction.createTrigger(
              scheduled, new Trigger.Status("nightly", Trigger.State.ACTIVATED, due));
          transaction.createTrigger(
              conditional, new Trigger.Status("after-crawl", Trigger.State.CREATED, null));
          return null;
        });
    assertThat(store.read((StoreTransaction t) -> t.loadTrigger("nightly"))).contains(scheduled);
    assertThat(store.read((StoreTransaction t) -> t.listTriggers(PageRequest.first(10))).items())
        .containsExactly(conditional, scheduled);
    assertThatThrownBy(
            () ->
                store.write(
                    transaction -> {
                      transaction.createTrigger(
                          scheduled, new Trigger.Status("nightly", Trigger.State.CREATED, null));
                      return null;
                    }))
        .isInstanceOf(AlreadyExistsException.class);

    assertThat(
            store.read((StoreTransaction t) -> t.listActivatedTriggers(Trigger.Type.CONDITIONAL)))
        .isEmpty();
    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.changeTriggerState(
                        "after-crawl", Trigger.State.CREATED, Trigger.State.ACTIVATED, null)))
        .isTrue();
    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.changeTriggerState(
                        "after-crawl", Trigger.State.CREATED, Trigger.State.ACTIVATED, null)))
        .isFalse();
    assertThat(
            store.read((StoreTransaction t) -> t.listActivatedTriggers(Trigger.Type.CONDITIONAL)))
        .containsExactly(conditional);

    assertThat(store.read((StoreTransaction t) -> t.listDueTriggers(due.minusMillis(1)))).isEmpty();
    assertThat(store.read((StoreTransaction t) -> t.listDueTriggers(due)))
        .containsExactly(new Trigger.Status("nightly", Trigger.State.ACTIVATED, due));
    assertThat(
            store.write(
                (StoreTransaction t) -> t.claimTriggerRun("nightly", due, due.plusSeconds(86400))))
        .isTrue();
    assertThat(
            store.write(
                (StoreTransaction t) -> t.claimTriggerRun("nightly", due, due.plusSeconds(86400))))
        .isFalse();

    Trigger updated =
        new Trigger(
            "nightly",
            Trigger.Type.SCHEDULED,
            "twice a day",
            null,
            "cron(0 0/12 * * ? *)",
            null,
            scheduled.actions(),
            2);
    assertThat(store.write((StoreTransaction t) -> t.updateTrigger(updated))).isTrue();
    assertThat(store.write((StoreTransaction t) -> t.updateTrigger(updated))).isFalse();
    assertThat(store.read((StoreTransaction t) -> t.loadTrigger("nightly"))).contains(updated);

    store.write(
        transaction -> {
          transaction.dropTrigger("nightly");
          return null;
        });
    assertThat(store.read((StoreTransaction t) -> t.loadTriggerStatus("nightly"))).isEmpty();
    assertThatThrownBy(
            () ->
                store.write(
                    transaction -> {
                      transaction.dropTrigger("nightly");
                      return null;
                    }))
        .isInstanceOf(NoSuchEntityException.class);
  }

  // ML transforms

  private static MlTransform mlTransform(String id, String name, long version) {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    return new MlTransform(
        id,
        name,
        "matches " + name,
        List.of(new MlTransform.InputTable("sales", "customers")),
        "id",
        0.9,
        0.5,
        version > 1,
        "arn:aws:iam::000000000000:role/glue",
        "4.0",
        null,
        "G.1X",
        2,
        60,
        1,
        Map.of("team", "data"),
        version > 1,
        null,
        created,
        created.plusSeconds(version),
        version);
  }

  private static MlTaskRun mlTaskRun(String id, String transformId, Instant start) {
    return new MlTaskRun(
        id,
        transformId,
        MlTaskRun.TaskType.IMPORT_LABELS,
        MlTaskRun.State.STARTING,
        Map.of("inputPath", "file:/labels.csv", "replaceAllLabels", "true"),
        60,
        start,
        start,
        start,
        null,
        null);
  }

  @Test
  void mlTransformsAreStoredUpdatedByVersionAndDroppedWithEverythingOnlyWhenNoRunIsActive() {
    MlTransform transform = mlTransform("tfm-1", "customers", 1);
    store.write(
        transaction -> {
          transaction.createMlTransform(transform);
          transaction.createMlTransform(mlTransform("tfm-2", "a-first", 1));
          return null;
        });
    assertThat(store.read((StoreTransaction t) -> t.loadMlTransform("tfm-1"))).contains(transform);
    assertThat(store.read((StoreTransaction t) -> t.listMlTransforms()))
        .extracting(MlTransform::name)
        .containsExactly("a-first", "customers");
    assertThat(store.read((StoreTransaction t) -> t.loadMlTransformState("tfm-1")))
        .isEqualTo(MlTransformState.empty("tfm-1"));
    assertThatThrownBy(
            () ->
                store.write(
                    transaction -> {
                      transaction.createMlTransform(mlTransform("tfm-3", "customers", 1));
                      return null;
                    }))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(
            () ->
                store.write(
                    transaction -> {
                      transaction.createMlTransform(mlTransform("tfm-1", "other", 1));
                      return null;
                    }))
        .isInstanceOf(AlreadyExistsException.class);

    MlTransform updated = mlTransform("tfm-1", "customers-renamed", 2);
    assertThat(store.write((StoreTransaction t) -> t.updateMlTransform(updated))).isTrue();
    assertThat(store.write((StoreTransaction t) -> t.updateMlTransform(updated))).isFalse();
    assertThat(store.read((StoreTransaction t) -> t.loadMlTransform("tfm-1"))).contains(updated);
    assertThatThrownBy(
            () ->
                store.write(
                    (StoreTransaction t) ->
                        t.updateMlTransform(mlTransform("tfm-1", "a-first", 3))))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(
            () ->
                store.write(
                    (StoreTransaction t) -> t.updateMlTransform(mlTransform("tfm-9", "nine", 2))))
        .isInstanceOf(NoSuchEntityException.class);

    Instant start = Instant.parse("2026-01-02T00:00:00Z");
    MlTaskRun run = mlTaskRun("tsk-1", "tfm-1", start);
    assertThat(store.write((StoreTransaction t) -> t.createMlTaskRun(run))).isTrue();
    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.commitMlTransformState(
                        new MlTransformState("tfm-1", 1, 3, null, List.of()),
                        List.of(
                            new MlTransformArtifact(
                                MlTransformArtifact.Kind.LABELS,
                                null,
                                ByteString.copyOf(new byte[] {1, 2, 3}))))))
        .isTrue();
    assertThat(store.write((StoreTransaction t) -> t.dropMlTransform("tfm-1"))).isFalse();
    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.changeMlTaskRun(
                        run.ended(MlTaskRun.State.SUCCEEDED, start.plusSeconds(5), null),
                        MlTaskRun.State.STARTING)))
        .isTrue();
    assertThat(store.write((StoreTransaction t) -> t.dropMlTransform("tfm-1"))).isTrue();
    assertThat(store.read((StoreTransaction t) -> t.loadMlTransform("tfm-1"))).isEmpty();
    assertThat(store.read((StoreTransaction t) -> t.loadMlTaskRun("tsk-1"))).isEmpty();
    assertThatThrownBy(() -> store.write((StoreTransaction t) -> t.dropMlTransform("tfm-1")))
        .isInstanceOf(NoSuchEntityException.class);
    // A new transform of the same id starts without the old one's labels.
    store.write(
        transaction -> {
          transaction.createMlTransform(transform);
          return null;
        });
    assertThat(
            store.read(
                (StoreTransaction t) ->
                    t.loadMlTransformArtifact("tfm-1", MlTransformArtifact.Kind.LABELS)))
        .isEmpty();
  }

  @Test
  void mlTransformStateAndArtifactsAreCommittedTogetherByCompareAndSwap() {
    store.write(
        transaction -> {
          transaction.createMlTransform(mlTransform("tfm-1", "customers", 1));
          return null;
        });
    byte[] bytes = new byte[70_000];
    new java.util.Random(7).nextBytes(bytes);
    MlTransformArtifact labels =
        new MlTransformArtifact(MlTransformArtifact.Kind.LABELS, "key-1", ByteString.copyOf(bytes));
    MlTransformArtifact model =
        new MlTransformArtifact(
            MlTransformArtifact.Kind.MODEL, null, ByteString.copyOf(new byte[] {80, 75, 0}));
    FindMatchesMetrics metrics =
        new FindMatchesMetrics(
            0.9,
            0.8,
            0.7,
            0.75,
            8L,
            2L,
            30L,
            3L,
            List.of(new FindMatchesMetrics.ColumnImportance("name", 0.6)));
    MlTransformState first =
        new MlTransformState(
            "tfm-1",
            1,
            12,
            metrics,
            List.of(new Column("id", "int"), new Column("name", "string")));
    assertThat(
            store.write(
                (StoreTransaction t) -> t.commitMlTransformState(first, List.of(labels, model))))
        .isTrue();
    // A second writer on top of the same version loses and changes nothing.
    MlTransformState rival = new MlTransformState("tfm-1", 1, 99, null, List.of());
    MlTransformArtifact rivalLabels =
        new MlTransformArtifact(
            MlTransformArtifact.Kind.LABELS, null, ByteString.copyOf(new byte[] {9}));
    assertThat(
            store.write(
                (StoreTransaction t) -> t.commitMlTransformState(rival, List.of(rivalLabels))))
        .isFalse();
    assertThat(store.read((StoreTransaction t) -> t.loadMlTransformState("tfm-1")))
        .isEqualTo(first);
    assertThat(
            store.read(
                (StoreTransaction t) ->
                    t.loadMlTransformArtifact("tfm-1", MlTransformArtifact.Kind.LABELS)))
        .contains(labels);
    assertThat(
            store.read(
                (StoreTransaction t) ->
                    t.loadMlTransformArtifact("tfm-1", MlTransformArtifact.Kind.MODEL)))
        .contains(model);

    // Replacing the labels keeps the model.
    MlTransformState second = new MlTransformState("tfm-1", 2, 1, metrics, first.schema());
    assertThat(
            store.write(
                (StoreTransaction t) -> t.commitMlTransformState(second, List.of(rivalLabels))))
        .isTrue();
    assertThat(
            store.read(
                (StoreTransaction t) ->
                    t.loadMlTransformArtifact("tfm-1", MlTransformArtifact.Kind.LABELS)))
        .contains(rivalLabels);
    assertThat(
            store.read(
                (StoreTransaction t) ->
                    t.loadMlTransformArtifact("tfm-1", MlTransformArtifact.Kind.MODEL)))
        .contains(model);
    assertThatThrownBy(
            () ->
                store.write(
                    (StoreTransaction t) ->
                        t.commitMlTransformState(MlTransformState.empty("tfm-9"), List.of())))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void mlTaskRunsAreOneAtATimePerTransformAndChangeStateByCompareAndSwap() {
    store.write(
        transaction -> {
          transaction.createMlTransform(mlTransform("tfm-1", "customers", 1));
          transaction.createMlTransform(mlTransform("tfm-2", "orders", 1));
          return null;
        });
    Instant start = Instant.parse("2026-01-02T00:00:00Z");
    MlTaskRun first = mlTaskRun("tsk-1", "tfm-1", start);
    assertThat(store.write((StoreTransaction t) -> t.createMlTaskRun(first))).isTrue();
    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.createMlTaskRun(mlTaskRun("tsk-2", "tfm-1", start.plusSeconds(1)))))
        .isFalse();
    assertThat(store.read((StoreTransaction t) -> t.loadMlTaskRun("tsk-2"))).isEmpty();
    // Another transform's run is independent.
    assertThat(
            store.write(
                (StoreTransaction t) -> t.createMlTaskRun(mlTaskRun("tsk-3", "tfm-2", start))))
        .isTrue();
    assertThatThrownBy(
            () ->
                store.write(
                    (StoreTransaction t) -> t.createMlTaskRun(mlTaskRun("tsk-4", "tfm-9", start))))
        .isInstanceOf(NoSuchEntityException.class);

    MlTaskRun running = first.changed(MlTaskRun.State.RUNNING, start.plusSeconds(1));
    assertThat(
            store.write(
                (StoreTransaction t) -> t.changeMlTaskRun(running, MlTaskRun.State.STARTING)))
        .isTrue();
    assertThat(
            store.write(
                (StoreTransaction t) -> t.changeMlTaskRun(running, MlTaskRun.State.STARTING)))
        .isFalse();
    MlTaskRun failed = running.ended(MlTaskRun.State.FAILED, start.plusSeconds(9), "no labels");
    assertThat(
            store.write((StoreTransaction t) -> t.changeMlTaskRun(failed, MlTaskRun.State.RUNNING)))
        .isTrue();
    assertThat(store.read((StoreTransaction t) -> t.loadMlTaskRun("tsk-1"))).contains(failed);
    MlTaskRun second = mlTaskRun("tsk-2", "tfm-1", start.plusSeconds(60));
    assertThat(store.write((StoreTransaction t) -> t.createMlTaskRun(second))).isTrue();

    assertThat(store.read((StoreTransaction t) -> t.listMlTaskRuns("tfm-1")))
        .containsExactly(second, failed);
    assertThat(
            store.read(
                (StoreTransaction t) -> t.listMlTaskRunsHeartbeatBefore(start.plusSeconds(30))))
        .extracting(MlTaskRun::taskRunId)
        .containsExactly("tsk-3");
  }

  // Workflows

  private static Workflow workflow(String name, long version) {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    return new Workflow(
        name,
        "version " + version,
        Map.of("day", "2026-01-01"),
        version == 1 ? null : 2,
        created,
        created.plusSeconds(version),
        version);
  }

  private static WorkflowRun workflowRun(String runId, String workflowName, Instant start) {
    return new WorkflowRun(
        runId,
        workflowName,
        WorkflowRun.State.RUNNING,
        Map.of("day", "2026-01-01"),
        1,
        start,
        null,
        null);
  }

  private static Trigger workflowTrigger(String name, String workflowName) {
    return new Trigger(
        name,
        Trigger.Type.ON_DEMAND,
        null,
        workflowName,
        null,
        null,
        List.of(new Trigger.Action(null, "lake", Map.of())),
        1);
  }

  private static List<WorkflowRunAction> fired(String runId, String triggerName, Instant time) {
    return List.of(
        new WorkflowRunAction(runId, triggerName, 0, "orders", null, null, null, time),
        new WorkflowRunAction(runId, triggerName, 1, null, "lake", null, null, time));
  }

  @Test
  void workflowsAreStoredUpdatedByVersionAndDroppedWithTheirTriggersAndRuns() {
    Workflow nightly = workflow("nightly", 1);
    store.write(
        transaction -> {
          transaction.createWorkflow(nightly);
          transaction.createWorkflow(workflow("a-first", 1));
          transaction.createTrigger(
              workflowTrigger("start-nightly", "nightly"),
              new Trigger.Status("start-nightly", Trigger.State.CREATED, null));
          transaction.createTrigger(
              workflowTrigger("start-other", "a-first"),
              new Trigger.Status("start-other", Trigger.State.CREATED, null));
          return null;
        });
    assertThat(store.read((StoreTransaction t) -> t.loadWorkflow("nightly"))).contains(nightly);
    Page<Workflow> first =
        store.read((StoreTransaction t) -> t.listWorkflows(PageRequest.first(1)));
    assertThat(first.items()).extracting(Workflow::name).containsExactly("a-first");
    assertThat(
            store
                .read(
                    (StoreTransaction t) -> t.listWorkflows(new PageRequest(first.nextToken(), 1)))
                .items())
        .containsExactly(nightly);
    assertThat(store.read((StoreTransaction t) -> t.listWorkflowTriggers("nightly")))
        .containsExactly(workflowTrigger("start-nightly", "nightly"));
    assertThatThrownBy(
            () ->
                store.write(
                    transaction -> {
                      transaction.createWorkflow(nightly);
                      return null;
                    }))
        .isInstanceOf(AlreadyExistsException.class);

    Workflow updated = workflow("nightly", 2);
    assertThat(store.write((StoreTransaction t) -> t.updateWorkflow(updated))).isTrue();
    assertThat(store.write((StoreTransaction t) -> t.updateWorkflow(updated))).isFalse();
    assertThat(store.read((StoreTransaction t) -> t.loadWorkflow("nightly"))).contains(updated);
    assertThatThrownBy(
            () -> store.write((StoreTransaction t) -> t.updateWorkflow(workflow("nothing", 2))))
        .isInstanceOf(NoSuchEntityException.class);

    Instant start = Instant.parse("2026-01-02T00:00:00Z");
    WorkflowRun run = workflowRun("wr_1", "nightly", start);
    assertThat(store.write((StoreTransaction t) -> t.createWorkflowRun(run, 1))).isTrue();
    assertThat(
            store.write(
                (StoreTransaction t) -> t.claimWorkflowRunTrigger(fired("wr_1", "start", start))))
        .isTrue();
    // An active run keeps its workflow.
    assertThat(store.write((StoreTransaction t) -> t.dropWorkflow("nightly"))).isFalse();
    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.changeWorkflowRun(
                        run.changed(WorkflowRun.State.COMPLETED, start.plusSeconds(5), null),
                        WorkflowRun.State.RUNNING)))
        .isTrue();
    assertThat(store.write((StoreTransaction t) -> t.dropWorkflow("nightly"))).isTrue();
    assertThat(store.read((StoreTransaction t) -> t.loadWorkflow("nightly"))).isEmpty();
    assertThat(store.read((StoreTransaction t) -> t.loadWorkflowRun("wr_1"))).isEmpty();
    assertThat(store.read((StoreTransaction t) -> t.listWorkflowRunActions("wr_1"))).isEmpty();
    assertThat(store.read((StoreTransaction t) -> t.loadTrigger("start-nightly"))).isEmpty();
    assertThat(store.read((StoreTransaction t) -> t.loadTrigger("start-other"))).isPresent();
    assertThatThrownBy(() -> store.write((StoreTransaction t) -> t.dropWorkflow("nightly")))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void workflowRunsRespectMaxConcurrentRunsAndChangeStateAndPropertiesByCompareAndSwap() {
    store.write(
        transaction -> {
          transaction.createWorkflow(workflow("nightly", 1));
          return null;
        });
    Instant start = Instant.parse("2026-01-02T00:00:00Z");
    WorkflowRun first = workflowRun("wr_1", "nightly", start);
    WorkflowRun second = workflowRun("wr_2", "nightly", start.plusSeconds(60));
    assertThat(store.write((StoreTransaction t) -> t.createWorkflowRun(first, 2))).isTrue();
    assertThat(store.write((StoreTransaction t) -> t.createWorkflowRun(second, 2))).isTrue();
    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.createWorkflowRun(workflowRun("wr_3", "nightly", start), 2)))
        .isFalse();
    assertThat(store.read((StoreTransaction t) -> t.loadWorkflowRun("wr_3"))).isEmpty();
    assertThatThrownBy(
            () ->
                store.write(
                    (StoreTransaction t) ->
                        t.createWorkflowRun(workflowRun("wr_4", "missing", start), 2)))
        .isInstanceOf(NoSuchEntityException.class);

    WorkflowRun stopping = first.changed(WorkflowRun.State.STOPPING, start.plusSeconds(1), null);
    assertThat(
            store.write(
                (StoreTransaction t) -> t.changeWorkflowRun(stopping, WorkflowRun.State.RUNNING)))
        .isTrue();
    assertThat(
            store.write(
                (StoreTransaction t) -> t.changeWorkflowRun(stopping, WorkflowRun.State.RUNNING)))
        .isFalse();
    WorkflowRun stopped = stopping.changed(WorkflowRun.State.STOPPED, start.plusSeconds(9), null);
    assertThat(
            store.write(
                (StoreTransaction t) -> t.changeWorkflowRun(stopped, WorkflowRun.State.STOPPING)))
        .isTrue();
    assertThat(store.read((StoreTransaction t) -> t.loadWorkflowRun("wr_1"))).contains(stopped);
    assertThat(store.read((StoreTransaction t) -> t.listActiveWorkflowRuns()))
        .containsExactly(second);
    // The ended run freed its place.
    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.createWorkflowRun(workflowRun("wr_3", "nightly", start), 2)))
        .isTrue();
    assertThat(store.read((StoreTransaction t) -> t.listWorkflowRuns("nightly", 10)))
        .extracting(WorkflowRun::runId)
        .containsExactly("wr_2", "wr_3", "wr_1");
    assertThat(store.read((StoreTransaction t) -> t.listWorkflowRuns("nightly", 1)))
        .containsExactly(second);

    Map<String, String> changed = Map.of("day", "2026-01-03", "rows", "10");
    assertThat(
            store.write((StoreTransaction t) -> t.changeWorkflowRunProperties("wr_2", changed, 1)))
        .isTrue();
    // A writer that read version 1 lost the race and changes nothing.
    assertThat(
            store.write((StoreTransaction t) -> t.changeWorkflowRunProperties("wr_2", Map.of(), 1)))
        .isFalse();
    WorkflowRun reread =
        store.read((StoreTransaction t) -> t.loadWorkflowRun("wr_2")).orElseThrow();
    assertThat(reread.properties()).isEqualTo(changed);
    assertThat(reread.propertiesVersion()).isEqualTo(2);
    assertThat(reread.state()).isEqualTo(WorkflowRun.State.RUNNING);
  }

  @Test
  void aTriggerFiresOnceInAWorkflowRunAndOnlyWhileItRuns() throws Exception {
    store.write(
        transaction -> {
          transaction.createWorkflow(workflow("nightly", 1));
          return null;
        });
    Instant start = Instant.parse("2026-01-02T00:00:00Z");
    store.write(
        (StoreTransaction t) -> t.createWorkflowRun(workflowRun("wr_1", "nightly", start), 5));
    store.write(
        (StoreTransaction t) -> t.createWorkflowRun(workflowRun("wr_2", "nightly", start), 5));
    try (CatalogStore replica = openSameStoreAgain()) {
      CyclicBarrier barrier = new CyclicBarrier(2);
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        List<Future<Boolean>> claims = new ArrayList<>();
        for (CatalogStore each : List.of(store, replica)) {
          claims.add(
              threads.submit(
                  () -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return each.write(
                        (StoreTransaction t) ->
                            t.claimWorkflowRunTrigger(fired("wr_1", "after", start)));
                  }));
        }
        int winners = 0;
        for (Future<Boolean> claim : claims) {
          winners += claim.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(winners).isEqualTo(1);
      } finally {
        threads.shutdownNow();
      }
    }
    // The same trigger fires in another run; another trigger in the same run.
    assertThat(
            store.write(
                (StoreTransaction t) -> t.claimWorkflowRunTrigger(fired("wr_2", "after", start))))
        .isTrue();
    assertThat(
            store.write(
                (StoreTransaction t) ->
                    t.claimWorkflowRunTrigger(fired("wr_1", "later", start.plusSeconds(1)))))
        .isTrue();
    List<WorkflowRunAction> actions =
        store.read((StoreTransaction t) -> t.listWorkflowRunActions("wr_1"));
    assertThat(actions)
        .containsExactlyElementsOf(
            List.of(
                fired("wr_1", "after", start).get(0),
                fired("wr_1", "after", start).get(1),
                fired("wr_1", "later", start.plusSeconds(1)).get(0),
                fired("wr_1", "later", start.plusSeconds(1)).get(1)));

    WorkflowRunAction started = actions.get(0).started("jr_1", null);
    WorkflowRunAction refused = actions.get(1).started(null, "crawler lake is running");
    store.write(
        transaction -> {
          transaction.recordWorkflowRunAction(started);
          transaction.recordWorkflowRunAction(refused);
          return null;
        });
    assertThat(store.read((StoreTransaction t) -> t.listWorkflowRunActions("wr_1")).subList(0, 2))
        .containsExactly(started, refused);
    assertThat(store.read((StoreTransaction t) -> t.findWorkflowRunOfAction("jr_1")))
        .contains("wr_1");
    assertThat(store.read((StoreTransaction t) -> t.findWorkflowRunOfAction("jr_2"))).isEmpty();

    // A run that is no longer RUNNING fires nothing.
    WorkflowRun run = store.read((StoreTransaction t) -> t.loadWorkflowRun("wr_2")).orElseThrow();
    store.write(
        (StoreTransaction t) ->
            t.changeWorkflowRun(
                run.changed(WorkflowRun.State.STOPPING, start, null), WorkflowRun.State.RUNNING));
    assertThat(
            store.write(
                (StoreTransaction t) -> t.claimWorkflowRunTrigger(fired("wr_2", "later", start))))
        .isFalse();
    assertThat(
            store.write(
                (StoreTransaction t) -> t.claimWorkflowRunTrigger(fired("wr_9", "later", start))))
        .isFalse();
    assertThat(store.read((StoreTransaction t) -> t.listWorkflowRunActions("wr_2"))).hasSize(2);
  }
}
