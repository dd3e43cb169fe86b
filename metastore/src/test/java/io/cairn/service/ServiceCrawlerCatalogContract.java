package io.cairn.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.catalog.CatalogException;
import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.NoSuchDatabaseException;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableType;
import io.cairn.classifiers.Column;
import io.cairn.crawlers.CrawlChanges;
import io.cairn.crawlers.CrawledPartition;
import io.cairn.crawlers.CrawledTable;
import io.cairn.store.CatalogStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The crawler's port over the catalog service; every store backend runs it. */
abstract class ServiceCrawlerCatalogContract {
  private static final String CATALOG = "hive";
  private static final TableName EVENTS = new TableName(CATALOG, "lake", "events");
  private static final Map<String, String> CSV_PARAMETERS =
      Map.of("classification", "csv", "delimiter", ",", "UPDATED_BY_CRAWLER", "nightly");

  private CatalogStore store;
  private CatalogService service;

  @BeforeEach
  void setUp() {
    store = newStore();
    service =
        new CatalogService(
            store, CATALOG, new ResourceArns("us-east-1", "123456789012"), Clock.systemUTC());
    service.ensureDefaultCatalog();
  }

  /** A new, empty, migrated store for one test. */
  protected abstract CatalogStore newStore();

  /** Runs after each test closed its store. */
  protected void storeClosed() {}

  @AfterEach
  void tearDown() {
    store.close();
    storeClosed();
  }

  @Test
  void aCrawlCreatesItsDatabaseTablesAndPartitionsAndReadsThemBack() {
    ServiceCrawlerCatalog port = new ServiceCrawlerCatalog(service);
    assertThat(port.listTables("lake")).isEmpty();

    port.apply("lake", create(events(List.of(new Column("id", "int"))), partition("2024-01-01")));

    Table stored = service.loadTable(EVENTS);
    assertThat(stored.tableType()).isEqualTo(TableType.EXTERNAL_TABLE);
    assertThat(stored.parameters())
        .containsEntry("EXTERNAL", "TRUE")
        .containsAllEntriesOf(CSV_PARAMETERS);
    assertThat(stored.storageDescriptor().location()).isEqualTo("file:/data/events");
    assertThat(stored.storageDescriptor().serdeInfo().serializationLibrary())
        .isEqualTo("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe");
    assertThat(stored.partitionKeys())
        .extracting(io.cairn.catalog.Column::name)
        .containsExactly("day");

    ServiceCrawlerCatalog nextCrawl = new ServiceCrawlerCatalog(service);
    assertThat(nextCrawl.listTables("lake"))
        .containsExactly(events(List.of(new Column("id", "int"))));
    assertThat(nextCrawl.listPartitions("lake", "events")).containsExactly(partition("2024-01-01"));
  }

  @Test
  void aFailingChangeLeavesTheCatalogAsItWas() {
    ServiceCrawlerCatalog port = new ServiceCrawlerCatalog(service);
    CrawledPartition badPartition =
        new CrawledPartition(
            List.of("2024-01-01", "extra value"),
            "file:/data/events/day=2024-01-01",
            List.of(),
            "",
            "",
            "",
            Map.of(),
            Map.of());

    assertThatThrownBy(
            () ->
                port.apply("lake", create(events(List.of(new Column("id", "int"))), badPartition)))
        .isInstanceOf(CatalogException.class);

    // Not even the database that the crawl would have created.
    assertThatThrownBy(() -> service.loadDatabase(new DatabaseName(CATALOG, "lake")))
        .isInstanceOf(NoSuchDatabaseException.class);
  }

  @Test
  void aTableChangedDuringTheCrawlFailsTheWholeApply() {
    new ServiceCrawlerCatalog(service)
        .apply("lake", create(events(List.of(new Column("id", "int"))), partition("2024-01-01")));
    ServiceCrawlerCatalog crawl = new ServiceCrawlerCatalog(service);
    crawl.listTables("lake");
    Table current = service.loadTable(EVENTS);
    service.updateTable(
        EVENTS, current.toBuilder().description("changed by someone else").build(), null);

    CrawlChanges changes =
        new CrawlChanges(
            List.of(),
            List.of(events(List.of(new Column("id", "int"), new Column("name", "string")))),
            List.of(),
            Map.of("events", List.of(partition("2024-01-02"))),
            Map.of(),
            Map.of());
    assertThatThrownBy(() -> crawl.apply("lake", changes))
        .isInstanceOf(CommitFailedException.class);

    assertThat(service.loadTable(EVENTS).storageDescriptor().columns()).hasSize(1);
    assertThat(service.loadTable(EVENTS).description()).isEqualTo("changed by someone else");
    assertThat(service.listPartitions(EVENTS, null, new PageRequest(null, 10)).items()).hasSize(1);
  }

  @Test
  void updatesAndDropsApplyTogether() {
    new ServiceCrawlerCatalog(service)
        .apply(
            "lake",
            create(
                events(List.of(new Column("id", "int"))),
                partition("2024-01-01"),
                partition("2024-01-02")));
    ServiceCrawlerCatalog crawl = new ServiceCrawlerCatalog(service);
    crawl.listTables("lake");

    crawl.apply(
        "lake",
        new CrawlChanges(
            List.of(),
            List.of(events(List.of(new Column("id", "bigint")))),
            List.of(),
            Map.of("events", List.of(partition("2024-01-03"))),
            Map.of(),
            Map.of("events", List.of(List.of("2024-01-01")))));

    assertThat(service.loadTable(EVENTS).storageDescriptor().columns())
        .extracting(io.cairn.catalog.Column::type)
        .containsExactly("bigint");
    assertThat(service.listPartitions(EVENTS, null, new PageRequest(null, 10)).items())
        .extracting(partition -> partition.values().get(0))
        .containsExactly("2024-01-02", "2024-01-03");

    ServiceCrawlerCatalog last = new ServiceCrawlerCatalog(service);
    last.listTables("lake");
    last.apply(
        "lake",
        new CrawlChanges(List.of(), List.of(), List.of("events"), Map.of(), Map.of(), Map.of()));
    assertThat(
            service
                .listTableNames(new DatabaseName(CATALOG, "lake"), null, new PageRequest(null, 10))
                .items())
        .isEmpty();
  }

  private static CrawlChanges create(CrawledTable table, CrawledPartition... partitions) {
    return new CrawlChanges(
        List.of(table),
        List.of(),
        List.of(),
        Map.of(table.name(), List.of(partitions)),
        Map.of(),
        Map.of());
  }

  private static CrawledTable events(List<Column> columns) {
    return new CrawledTable(
        "events",
        "file:/data/events",
        columns,
        List.of(new Column("day", "string")),
        "org.apache.hadoop.mapred.TextInputFormat",
        "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
        Map.of("field.delim", ","),
        CSV_PARAMETERS);
  }

  private static CrawledPartition partition(String day) {
    return new CrawledPartition(
        List.of(day),
        "file:/data/events/day=" + day,
        List.of(new Column("id", "int")),
        "org.apache.hadoop.mapred.TextInputFormat",
        "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
        Map.of("field.delim", ","),
        CSV_PARAMETERS);
  }
}
