package io.cairn.transfer;

import static io.cairn.transfer.SampleCatalog.EVENTS;
import static io.cairn.transfer.SampleCatalog.MARKETING;
import static io.cairn.transfer.SampleCatalog.ORDERS;
import static io.cairn.transfer.SampleCatalog.RAW;
import static io.cairn.transfer.SampleCatalog.SALES;
import static io.cairn.transfer.SampleCatalog.TO_EURO;
import static io.cairn.transfer.SampleCatalog.content;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.AlreadyExistsException;
import io.cairn.catalog.Column;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Function;
import io.cairn.catalog.NoSuchDatabaseException;
import io.cairn.catalog.NotificationEvent;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.PartitionIndex;
import io.cairn.catalog.ResourceUri;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableVersion;
import io.cairn.catalog.ValidationException;
import io.cairn.service.CatalogService;
import io.cairn.transfer.StoreUnderTest.Backend;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Export and import against real stores: SQLite, PostgreSQL, and from one to the other. */
final class CatalogTransferIT {
  private static final int PARTITIONS = 2_500;

  @TempDir Path temporaryDirectory;

  private final List<StoreUnderTest> stores = new ArrayList<>();

  @AfterEach
  void closeStores() {
    stores.forEach(StoreUnderTest::close);
  }

  private StoreUnderTest newStore(Backend backend) {
    StoreUnderTest store = StoreUnderTest.create(backend, temporaryDirectory);
    stores.add(store);
    return store;
  }

  private StoreUnderTest populatedStore(Backend backend) {
    StoreUnderTest store = newStore(backend);
    SampleCatalog.populate(store, PARTITIONS);
    return store;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void exportThenImportIntoEmptyStoreGivesEqualCatalog(Backend backend) {
    StoreUnderTest source = populatedStore(backend);
    StoreUnderTest target = newStore(backend);
    byte[] document = source.exportAll();

    TransferSummary summary = target.importAll(document, ImportMode.FAIL_IF_EXISTS);

    assertThat(summary).isEqualTo(new TransferSummary(3, 3, PARTITIONS));
    assertThat(content(target.exportAll())).isEqualTo(content(document));
    assertSampleCatalog(target);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void importLogsWhatItCreatesWithPartitionsInBatches(Backend backend) {
    StoreUnderTest source = populatedStore(backend);
    StoreUnderTest target = newStore(backend);
    long start = target.service().currentNotificationId();

    target.importAll(source.exportAll(), ImportMode.FAIL_IF_EXISTS);

    List<NotificationEvent> events = eventsAfter(target, start);
    assertThat(events.get(0).id()).isEqualTo(start + 1);
    assertThat(runs(events))
        .containsExactly(
            "CREATE_DATABASE hive.marketing",
            "CREATE_DATABASE hive.sales",
            "CREATE_TABLE hive.sales.orders",
            "UPDATE_TABLE_COLUMN_STAT hive.sales.orders",
            "ADD_PARTITION hive.sales.orders",
            "UPDATE_PARTITION_COLUMN_STAT hive.sales.orders x100",
            "ADD_PARTITION hive.sales.orders",
            "UPDATE_PARTITION_COLUMN_STAT hive.sales.orders x100",
            "ADD_PARTITION hive.sales.orders",
            "UPDATE_PARTITION_COLUMN_STAT hive.sales.orders x50",
            "CREATE_TABLE hive.sales.orders_view",
            "CREATE_FUNCTION hive.sales",
            "CREATE_DATABASE lake.raw",
            "CREATE_TABLE lake.raw.events");
    assertThat(events).extracting(NotificationEvent::messageFormat).containsOnly("cairn-json-1");

    // Messages as the services write them: whole objects, partitions in batches of the import's.
    assertThat(message(events.get(1)).at("/database/description").asText())
        .isEqualTo("all sales data");
    assertThat(message(events.get(2)).at("/table/version").asLong()).isEqualTo(3);
    assertThat(message(events.get(3)).get("statistics")).hasSize(2);
    List<NotificationEvent> added =
        events.stream().filter(event -> event.type().equals("ADD_PARTITION")).toList();
    assertThat(added)
        .extracting(event -> message(event).get("partitions").size())
        .containsExactly(1000, 1000, 500);
    assertThat(added)
        .allSatisfy(
            event ->
                assertThat(message(event).at("/table/name/table").asText()).isEqualTo("orders"));
    Set<String> partitionValues = new HashSet<>();
    added.forEach(
        event ->
            message(event)
                .get("partitions")
                .forEach(p -> partitionValues.add(p.get("values").toString())));
    assertThat(partitionValues).hasSize(PARTITIONS);
    NotificationEvent tenthStatistics =
        events.stream()
            .filter(event -> event.type().equals("UPDATE_PARTITION_COLUMN_STAT"))
            .skip(1)
            .findFirst()
            .orElseThrow();
    assertThat(message(tenthStatistics).get("partitionValues").toString())
        .isEqualTo(
            SampleCatalog.mapper()
                .valueToTree(SampleCatalog.partition(ORDERS, 10).values())
                .toString());
    assertThat(message(tenthStatistics).at("/statistics/0/data/minimum").asLong()).isEqualTo(10);
    assertThat(message(events.get(events.size() - 3)).at("/function/className").asText())
        .isEqualTo("com.example.udf.ToEuroV2");
  }

  private static List<NotificationEvent> eventsAfter(StoreUnderTest target, long eventId) {
    return target
        .service()
        .listNotifications(eventId, CatalogService.MAX_NOTIFICATIONS_PER_READ, null);
  }

  /**
   * The events as "TYPE catalog.database[.table]", a run of one type on one object as one entry
   * with " xN" for N > 1 events.
   */
  private static List<String> runs(List<NotificationEvent> events) {
    List<String> runs = new ArrayList<>();
    String previous = null;
    int count = 0;
    for (NotificationEvent event : events) {
      String entry =
          event.type()
              + " "
              + event.catalog()
              + "."
              + event.database()
              + (event.table() == null ? "" : "." + event.table());
      if (entry.equals(previous)) {
        count++;
        continue;
      }
      if (previous != null) {
        runs.add(previous + (count > 1 ? " x" + count : ""));
      }
      previous = entry;
      count = 1;
    }
    if (previous != null) {
      runs.add(previous + (count > 1 ? " x" + count : ""));
    }
    return runs;
  }

  private static JsonNode message(NotificationEvent event) {
    try {
      return SampleCatalog.mapper().readTree(event.message());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void moveCatalogFromSqliteToPostgresql() {
    StoreUnderTest source = populatedStore(Backend.SQLITE);
    StoreUnderTest target = newStore(Backend.POSTGRESQL);
    byte[] document = source.exportAll();

    target.importAll(document, ImportMode.FAIL_IF_EXISTS);

    assertThat(content(target.exportAll())).isEqualTo(content(document));
    assertSampleCatalog(target);
  }

  /** Spot checks beyond "the second export equals the first": the store really holds it. */
  private static void assertSampleCatalog(StoreUnderTest target) {
    CatalogService service = target.service();
    Database sales = service.loadDatabase(SALES);
    assertThat(sales.version()).isEqualTo(1);
    assertThat(sales.description()).isEqualTo("all sales data");
    assertThat(sales.createTime()).isEqualTo(StoreUnderTest.CLOCK.instant());

    Table orders = service.loadTable(ORDERS);
    assertThat(orders.version()).isEqualTo(3);
    assertThat(orders.description()).isEqualTo("orders, current version");
    assertThat(orders.createTime()).isEqualTo(StoreUnderTest.CLOCK.instant());
    assertThat(
            service.listTableVersions(ORDERS, PageRequest.first(10)).items().stream()
                .map(TableVersion::versionId))
        .containsExactly(3L, 2L, 0L);
    assertThat(service.loadTableVersion(ORDERS, 2).table().description())
        .isEqualTo("orders, third version");
    assertThat(service.countPartitions(ORDERS, null)).isEqualTo(PARTITIONS);
    assertThat(service.listPartitionIndexes(ORDERS).stream().map(PartitionIndex::name).sorted())
        .containsExactly("by_day", "by_region_day");
    assertThat(service.loadColumnStatistics(ORDERS, null, null))
        .extracting(ColumnStatistics::columnName)
        .containsExactlyInAnyOrder("amount", "id");
    List<String> tenth = SampleCatalog.partition(ORDERS, 10).values();
    assertThat(service.loadColumnStatistics(ORDERS, tenth, null))
        .singleElement()
        .extracting(ColumnStatistics::data)
        .isEqualTo(new ColumnStatistics.LongData(10L, 110L, 0, 100, null, null));
    assertThat(service.loadPartition(ORDERS, tenth).parameters()).containsEntry("numRows", "10");

    assertThat(service.loadTags(StoreUnderTest.ARNS.catalog())).containsEntry("owner", "platform");
    assertThat(service.loadTags(StoreUnderTest.ARNS.database(SALES)))
        .isEqualTo(Map.of("cost-center", "42", "env", "prod"));
    assertThat(service.loadTags(StoreUnderTest.ARNS.table(ORDERS)))
        .isEqualTo(Map.of("pii", "false"));
    Function toEuro = service.loadFunction(TO_EURO);
    assertThat(toEuro.className()).isEqualTo("com.example.udf.ToEuroV2");
    assertThat(toEuro.version()).isEqualTo(1);
    assertThat(toEuro.createTime()).isEqualTo(StoreUnderTest.CLOCK.instant());
    assertThat(toEuro.resourceUris())
        .containsExactly(
            new ResourceUri(ResourceUri.Type.JAR, "s3://bucket/udfs/currency-2.jar"),
            new ResourceUri(ResourceUri.Type.FILE, "s3://bucket/udfs/rates.csv"));
    assertThat(service.loadDatabase(MARKETING)).isNotNull();
    assertThat(service.loadTable(EVENTS).storageDescriptor().columns())
        .containsExactly(new Column("payload", "struct<kind:string,at:timestamp>"));
    assertThat(service.listCatalogs())
        .extracting(c -> c.name())
        .containsExactlyInAnyOrder("hive", "lake");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void exportAndImportSelectedDatabasesOnly(Backend backend) {
    StoreUnderTest source = populatedStore(backend);

    JsonNode onlyRaw = content(source.export(Set.of("lake.raw")));
    assertThat(onlyRaw.get("databases")).hasSize(1);
    assertThat(onlyRaw.get("databases").get(0).get("name").get("database").asText())
        .isEqualTo("raw");
    assertThat(onlyRaw.get("catalogs")).hasSize(1);
    assertThat(onlyRaw.get("catalogs").get(0).get("name").asText()).isEqualTo("lake");
    assertThatThrownBy(() -> source.export(Set.of("nowhere")))
        .isInstanceOf(NoSuchDatabaseException.class)
        .hasMessageContaining("hive.nowhere");

    StoreUnderTest target = newStore(backend);
    TransferSummary summary =
        target
            .transfer()
            .importCatalog(
                new ByteArrayInputStream(source.exportAll()),
                Set.of("SALES", "hive.marketing"),
                ImportMode.FAIL_IF_EXISTS);

    assertThat(summary).isEqualTo(new TransferSummary(2, 2, PARTITIONS));
    JsonNode imported = content(target.exportAll());
    assertThat(imported.get("databases"))
        .extracting(database -> database.get("name").get("database").asText())
        .containsExactly("marketing", "sales");
    assertThat(imported.get("catalogs"))
        .as("a selective import creates the catalogs it needs, without their tags")
        .singleElement()
        .satisfies(catalog -> assertThat(catalog.has("tags")).isFalse());
    assertThat(imported)
        .isEqualTo(withoutCatalogTags(content(source.export(Set.of("sales", "marketing")))));

    assertThatThrownBy(
            () ->
                target
                    .transfer()
                    .importCatalog(
                        new ByteArrayInputStream(source.exportAll()),
                        Set.of("lake.raw", "hive.missing"),
                        ImportMode.FAIL_IF_EXISTS))
        .isInstanceOf(CatalogImportException.class)
        .hasMessageContaining("database hive.missing is not in the document");
    assertThat(target.service().listCatalogs()).extracting(c -> c.name()).containsExactly("hive");
  }

  private static JsonNode withoutCatalogTags(JsonNode document) {
    document.get("catalogs").forEach(catalog -> ((ObjectNode) catalog).remove("tags"));
    return document;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void documentTruncatedInTheMiddleOfPartitionsChangesNothing(Backend backend) {
    StoreUnderTest source = newStore(backend);
    SampleCatalog.populate(source, 10_000);
    String document = new String(source.export(Set.of("sales")), StandardCharsets.UTF_8);
    int cut = nthIndexOf(document, "\"values\"", 5_001);
    byte[] truncated = document.substring(0, cut).getBytes(StandardCharsets.UTF_8);

    StoreUnderTest target = targetWithOtherContent(backend);
    Snapshot before = Snapshot.of(target);

    assertThatThrownBy(() -> target.importAll(truncated, ImportMode.FAIL_IF_EXISTS))
        .isInstanceOf(CatalogImportException.class)
        .hasMessageStartingWith("invalid JSON: Unexpected end-of-input")
        .hasMessageContaining("/databases/0/tables/0/partitions");
    assertUnchanged(target, before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void invalidPartitionInTheMiddleChangesNothing(Backend backend) {
    StoreUnderTest source = newStore(backend);
    SampleCatalog.populate(source, 10_000);
    ObjectNode document = (ObjectNode) content(source.export(Set.of("sales")));
    ArrayNode partitions = (ArrayNode) document.at("/databases/0/tables/0/partitions");
    assertThat(partitions).hasSize(10_000);
    ((ObjectNode) partitions.get(5_000)).putArray("values").add("2024-00001");

    StoreUnderTest target = targetWithOtherContent(backend);
    Snapshot before = Snapshot.of(target);

    assertThatThrownBy(() -> target.importAll(bytes(document), ImportMode.REPLACE))
        .isInstanceOf(CatalogImportException.class)
        .hasCauseInstanceOf(ValidationException.class)
        .hasMessageContaining("has 2 partition keys but the partition has 1 values")
        .hasMessageContaining("/databases/0/tables/0/partitions/5000)")
        .hasMessageMatching("(?s).*at line \\d+, column \\d+.*");
    assertUnchanged(target, before);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void invalidNamesTypesAndUnknownFieldsChangeNothing(Backend backend) {
    StoreUnderTest source = populatedStore(backend);
    StoreUnderTest target = targetWithOtherContent(backend);
    Snapshot before = Snapshot.of(target);

    ObjectNode badTableName = (ObjectNode) content(source.exportAll());
    assertThat(badTableName.at("/databases/1/tables/0/name/table").asText()).isEqualTo("orders");
    ((ObjectNode) badTableName.at("/databases/1/tables/0/name")).put("table", "orders/2024");
    assertImportFails(target, badTableName, "table name 'orders/2024' contains the character '/'");

    ObjectNode badType = (ObjectNode) content(source.exportAll());
    ((ObjectNode) badType.at("/databases/1/tables/0/storageDescriptor/columns/0"))
        .put("type", "bigint(");
    assertImportFails(target, badType, "invalid type of column 'id'");

    ObjectNode badFunction = (ObjectNode) content(source.exportAll());
    assertThat(badFunction.at("/databases/1/functions/0/name/function").asText())
        .isEqualTo("to_euro");
    ((ObjectNode) badFunction.at("/databases/1/functions/0")).remove("className");
    assertImportFails(target, badFunction, "function hive.sales.to_euro has no class name");

    ObjectNode typo = (ObjectNode) content(source.exportAll());
    ((ObjectNode) typo.at("/databases/1/tables/0/partitions/17"))
        .put("lastAcessTime", "2024-01-01T00:00:00Z");
    assertImportFails(target, typo, "Unrecognized field \"lastAcessTime\"");

    ObjectNode badStatistics = (ObjectNode) content(source.exportAll());
    ((ObjectNode) badStatistics.at("/databases/1/tables/0/partitions/20/columnStatistics/0"))
        .put("columnName", "no_such_column");
    assertImportFails(target, badStatistics, "has no column 'no_such_column'");

    ObjectNode wrongVersion = (ObjectNode) content(source.exportAll());
    wrongVersion.put("formatVersion", 2);
    assertImportFails(target, wrongVersion, "unsupported formatVersion 2");

    assertUnchanged(target, before);
  }

  private static void assertImportFails(StoreUnderTest target, JsonNode document, String message) {
    assertThatThrownBy(() -> target.importAll(bytes(document), ImportMode.REPLACE))
        .isInstanceOf(CatalogImportException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void existingDatabaseFailsWithoutReplaceAndIsReplacedWithIt(Backend backend) {
    StoreUnderTest source = populatedStore(backend);
    byte[] document = source.export(Set.of("sales", "marketing"));
    StoreUnderTest target = targetWithOtherContent(backend);
    CatalogService service = target.service();
    service.createDatabase(
        new Database(SALES, "the old sales", null, null, null, null, null, null, null, 0));
    service.createTable(
        SampleCatalog.orders("old orders").toBuilder().name(SALES.table("old_orders")).build());
    service.tagResource(StoreUnderTest.ARNS.table(SALES.table("old_orders")), Map.of("old", "yes"));
    Snapshot before = Snapshot.of(target);

    assertThatThrownBy(() -> target.importAll(document, ImportMode.FAIL_IF_EXISTS))
        .isInstanceOf(CatalogImportException.class)
        .hasCauseInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("database hive.sales exists already");
    assertUnchanged(target, before);

    target.importAll(document, ImportMode.REPLACE);

    List<NotificationEvent> events = eventsAfter(target, before.lastEventId());
    assertThat(runs(events))
        .containsExactly(
            "CREATE_DATABASE hive.marketing",
            "DROP_DATABASE hive.sales",
            "CREATE_DATABASE hive.sales",
            "CREATE_TABLE hive.sales.orders",
            "UPDATE_TABLE_COLUMN_STAT hive.sales.orders",
            "ADD_PARTITION hive.sales.orders",
            "UPDATE_PARTITION_COLUMN_STAT hive.sales.orders x100",
            "ADD_PARTITION hive.sales.orders",
            "UPDATE_PARTITION_COLUMN_STAT hive.sales.orders x100",
            "ADD_PARTITION hive.sales.orders",
            "UPDATE_PARTITION_COLUMN_STAT hive.sales.orders x50",
            "CREATE_TABLE hive.sales.orders_view",
            "CREATE_FUNCTION hive.sales");
    JsonNode dropped = message(events.get(1));
    assertThat(dropped.at("/database/description").asText()).isEqualTo("the old sales");
    assertThat(dropped.get("cascade").asBoolean()).isTrue();
    assertThat(service.loadDatabase(SALES).description()).isEqualTo("all sales data");
    assertThat(service.listTableNames(SALES, null, PageRequest.first(10)).items())
        .containsExactly("orders", "orders_view");
    String oldOrders = StoreUnderTest.ARNS.table(SALES.table("old_orders"));
    Map<String, String> oldTags =
        target.store().read(transaction -> transaction.loadTags(oldOrders));
    assertThat(oldTags).as("replacing drops the old tables' tags").isEmpty();
    assertThat(service.countPartitions(ORDERS, null)).isEqualTo(PARTITIONS);
    assertThat(service.countPartitions(new DatabaseName("hive", "keep").table("kept"), null))
        .as("databases not in the document stay")
        .isEqualTo(1_500);
  }

  /** A target store that has content of its own, which failed imports must leave as it was. */
  private StoreUnderTest targetWithOtherContent(Backend backend) {
    StoreUnderTest target = newStore(backend);
    CatalogService service = target.service();
    service.ensureDefaultCatalog();
    DatabaseName keep = new DatabaseName("hive", "keep");
    service.createDatabase(new Database(keep, "kept", null, null, null, null, null, null, null, 0));
    TableName kept = keep.table("kept");
    service.createTable(SampleCatalog.orders("kept").toBuilder().name(kept).build());
    SampleCatalog.addPartitions(service, kept, 1_500, 0);
    service.createTable(
        SampleCatalog.orders("unused").toBuilder().name(keep.table("unused")).build());
    service.tagResource(StoreUnderTest.ARNS.database(keep), Map.of("keep", "me"));
    return target;
  }

  /** What a failed import must leave as it was: the catalog and the notification log. */
  private record Snapshot(byte[] export, long lastEventId) {
    static Snapshot of(StoreUnderTest target) {
      return new Snapshot(target.exportAll(), target.service().currentNotificationId());
    }
  }

  private static void assertUnchanged(StoreUnderTest target, Snapshot before) {
    assertThat(content(target.exportAll())).isEqualTo(content(before.export()));
    assertThat(target.service().listCatalogs()).extracting(c -> c.name()).containsExactly("hive");
    assertThat(target.service().currentNotificationId())
        .as("a failed import logs no events")
        .isEqualTo(before.lastEventId());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void rawDatabaseInSecondCatalogCannotCarryTags(Backend backend) {
    StoreUnderTest source = populatedStore(backend);
    ObjectNode document = (ObjectNode) content(source.exportAll());
    JsonNode raw = document.at("/databases/2");
    assertThat(raw.get("name").get("catalog").asText()).isEqualTo(RAW.catalog());
    ((ObjectNode) raw).putObject("tags").put("a", "b");
    StoreUnderTest target = newStore(backend);

    assertThatThrownBy(() -> target.importAll(bytes(document), ImportMode.FAIL_IF_EXISTS))
        .isInstanceOf(CatalogImportException.class)
        .hasMessageContaining("only databases and tables of the default catalog (hive) have tags")
        .hasMessageContaining("/databases/2)");
    assertThat(target.service().listCatalogs()).isEmpty();
  }

  @Test
  void exampleOfTheFormatDocumentImports() throws Exception {
    String markdown =
        Files.readString(Path.of(System.getenv("CAIRN_REPO_ROOT"), "docs", "export-format.md"));
    String example = markdown.substring(markdown.indexOf("## Example"));
    example = example.substring(example.indexOf("```json") + 7, example.indexOf("```\n", 10));
    StoreUnderTest target = newStore(Backend.SQLITE);

    TransferSummary summary =
        target.importAll(example.getBytes(StandardCharsets.UTF_8), ImportMode.FAIL_IF_EXISTS);

    assertThat(summary).isEqualTo(new TransferSummary(1, 1, 2));
    assertThat(
            target.service().listTableVersions(ORDERS, PageRequest.first(10)).items().stream()
                .map(TableVersion::versionId))
        .containsExactly(3L, 2L, 0L);
    assertThat(
            content(target.exportAll())
                .at("/databases/0/tables/0/partitions/1/parameters/numRows")
                .asText())
        .isEqualTo("800");
    assertThat(target.service().loadFunction(TO_EURO).resourceUris())
        .containsExactly(new ResourceUri(ResourceUri.Type.JAR, "s3://bucket/udfs/currency.jar"));
  }

  private static byte[] bytes(JsonNode document) {
    try {
      return SampleCatalog.mapper().writeValueAsBytes(document);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int nthIndexOf(String text, String needle, int n) {
    int index = -1;
    for (int i = 0; i < n; i++) {
      index = text.indexOf(needle, index + 1);
      assertThat(index).isNotNegative();
    }
    return index;
  }
}
