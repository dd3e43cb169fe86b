package io.cairn.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.GetTableVersionsResponse;
import software.amazon.awssdk.services.glue.model.GetTablesResponse;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.PrincipalType;
import software.amazon.awssdk.services.glue.model.ResourceType;
import software.amazon.awssdk.services.glue.model.SearchTablesResponse;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.glue.model.UserDefinedFunction;

/**
 * Every Glue operation Cairn serves, through the AWS SDK for Java v2's GlueClient against a running
 * Cairn on SQLite, with AWS's error for each kind of bad request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked") // the SDK's varargs of builder consumers
class GlueApiIT {
  private static final String ACCOUNT = "000000000000";
  private static final String ARN_PREFIX = "arn:aws:glue:us-east-1:" + ACCOUNT + ":";

  @TempDir static Path dataDirectory;
  @TempDir static Path warehouse;

  private GlueTestServer server;
  private GlueClient glue;

  @BeforeAll
  void start() {
    server = GlueTestServer.start(dataDirectory);
    glue = server.client();
  }

  @AfterAll
  void stop() {
    glue.close();
    server.close();
  }

  // Databases

  @Test
  void databasesAreCreatedReadListedUpdatedAndDeleted() {
    glue.createDatabase(
        r ->
            r.databaseInput(
                    d ->
                        d.name("Sales")
                            .description("sales data")
                            .locationUri("file:///lake/sales")
                            .parameters(Map.of("owner-team", "data")))
                .tags(Map.of("cost-center", "42")));
    Database sales = glue.getDatabase(r -> r.name("SALES")).database();
    assertThat(sales.name()).isEqualTo("sales");
    assertThat(sales.description()).isEqualTo("sales data");
    assertThat(sales.locationUri()).isEqualTo("file:///lake/sales");
    assertThat(sales.parameters()).containsExactly(Map.entry("owner-team", "data"));
    assertThat(sales.catalogId()).isEqualTo(ACCOUNT);
    assertThat(sales.createTime()).isBefore(Instant.now().plusSeconds(1));
    assertThat(glue.getTags(r -> r.resourceArn(ARN_PREFIX + "database/sales")).tags())
        .containsExactly(Map.entry("cost-center", "42"));

    error(
        () -> glue.createDatabase(r -> r.databaseInput(d -> d.name("sales"))),
        "AlreadyExistsException");
    error(() -> glue.getDatabase(r -> r.name("nowhere")), "EntityNotFoundException");
    error(
        () -> glue.createDatabase(r -> r.databaseInput(d -> d.name("x".repeat(256)))),
        "InvalidInputException");
    error(
        () -> glue.getDatabase(r -> r.name("sales").catalogId("123456789012")),
        "EntityNotFoundException");
    GlueException noName = error(() -> glue.getDatabase(r -> {}), "InvalidInputException");
    assertThat(noName.awsErrorDetails().errorMessage())
        .isEqualTo(
            "1 validation error detected: Value null at 'name' failed to satisfy constraint:"
                + " Member must not be null");
    // Tags are checked before anything is created.
    Map<String, String> tooManyTags = new HashMap<>();
    for (int i = 0; i < 51; i++) {
      tooManyTags.put("k" + i, "v");
    }
    error(
        () -> glue.createDatabase(r -> r.databaseInput(d -> d.name("tagged")).tags(tooManyTags)),
        "InvalidInputException");
    error(() -> glue.getDatabase(r -> r.name("tagged")), "EntityNotFoundException");

    glue.updateDatabase(
        r ->
            r.name("sales")
                .databaseInput(
                    d -> d.name("sales").description("all sales").locationUri("file:///lake/s2")));
    Database updated = glue.getDatabase(r -> r.name("sales")).database();
    assertThat(updated.description()).isEqualTo("all sales");
    assertThat(updated.locationUri()).isEqualTo("file:///lake/s2");
    assertThat(updated.parameters()).isEmpty();
    assertThat(updated.createTime()).isEqualTo(sales.createTime());
    error(
        () -> glue.updateDatabase(r -> r.name("nowhere").databaseInput(d -> d.name("nowhere"))),
        "EntityNotFoundException");

    glue.createDatabase(r -> r.databaseInput(d -> d.name("sales_archive")));
    List<String> names = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      var page = glue.getDatabases(r -> r.maxResults(1).nextToken(next));
      assertThat(page.databaseList()).hasSizeLessThanOrEqualTo(1);
      page.databaseList().forEach(database -> names.add(database.name()));
      token = page.nextToken();
    } while (token != null);
    assertThat(names).contains("default", "sales", "sales_archive").isSorted();
    error(() -> glue.getDatabases(r -> r.maxResults(101)), "InvalidInputException");
    error(() -> glue.getDatabases(r -> r.nextToken("garbage!")), "InvalidInputException");

    glue.createTable(r -> r.databaseName("sales_archive").tableInput(table("old_orders")));
    glue.deleteDatabase(r -> r.name("sales_archive"));
    error(() -> glue.getDatabase(r -> r.name("sales_archive")), "EntityNotFoundException");
    error(
        () -> glue.getTable(r -> r.databaseName("sales_archive").name("old_orders")),
        "EntityNotFoundException");
    error(() -> glue.deleteDatabase(r -> r.name("sales_archive")), "EntityNotFoundException");
  }

  // Tables

  @Test
  void tablesAreCreatedReadListedAndDeleted() {
    glue.createDatabase(r -> r.databaseInput(d -> d.name("shop")));
    glue.createTable(
        r ->
            r.databaseName("shop")
                .tableInput(table("Orders"))
                .partitionIndexes(i -> i.indexName("by_year").keys("year")));
    Table orders = glue.getTable(r -> r.databaseName("shop").name("orders")).table();
    assertThat(orders.name()).isEqualTo("orders");
    assertThat(orders.databaseName()).isEqualTo("shop");
    assertThat(orders.catalogId()).isEqualTo(ACCOUNT);
    assertThat(orders.versionId()).isEqualTo("0");
    assertThat(orders.tableType()).isEqualTo("EXTERNAL_TABLE");
    assertThat(orders.owner()).isEqualTo("alice");
    assertThat(orders.parameters()).containsEntry("classification", "parquet");
    assertThat(orders.partitionKeys())
        .extracting(Column::name, Column::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("year", "string"),
            org.assertj.core.groups.Tuple.tuple("month", "string"));
    StorageDescriptor descriptor = orders.storageDescriptor();
    assertThat(descriptor.columns())
        .extracting(Column::name, Column::type, Column::comment)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("id", "bigint", "order id"),
            org.assertj.core.groups.Tuple.tuple("amount", "decimal(10,2)", null));
    assertThat(descriptor.columns().get(0).parameters()).containsEntry("pii", "false");
    assertThat(descriptor.location()).isEqualTo("file:///lake/shop/orders");
    assertThat(descriptor.serdeInfo().serializationLibrary())
        .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
    assertThat(descriptor.serdeInfo().parameters()).containsEntry("serialization.format", "1");
    assertThat(descriptor.numberOfBuckets()).isEqualTo(0);
    assertThat(descriptor.sortColumns())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.column()).isEqualTo("id");
              assertThat(o.sortOrder()).isEqualTo(1);
            });
    assertThat(descriptor.skewedInfo().skewedColumnNames()).containsExactly("id");
    assertThat(descriptor.skewedInfo().skewedColumnValues()).containsExactly("1$7");
    assertThat(descriptor.skewedInfo().skewedColumnValueLocationMaps())
        .containsExactly(Map.entry("1$7", "file:///lake/shop/orders/id=7"));
    assertThat(orders.createTime()).isNotNull();
    assertThat(orders.updateTime()).isNotNull();
    assertThat(orders.retention()).isEqualTo(0);

    error(
        () -> glue.createTable(r -> r.databaseName("shop").tableInput(table("orders"))),
        "AlreadyExistsException");
    error(
        () -> glue.createTable(r -> r.databaseName("nowhere").tableInput(table("orders"))),
        "EntityNotFoundException");
    error(
        () -> glue.getTable(r -> r.databaseName("shop").name("nothing")),
        "EntityNotFoundException");
    error(
        () ->
            glue.createTable(
                r ->
                    r.databaseName("shop")
                        .tableInput(
                            table("bad_type").toBuilder()
                                .storageDescriptor(
                                    s -> s.columns(c -> c.name("x").type("nonsense<")))
                                .build())),
        "InvalidInputException");
    // A refused partition index leaves no table behind.
    error(
        () ->
            glue.createTable(
                r ->
                    r.databaseName("shop")
                        .tableInput(table("indexed"))
                        .partitionIndexes(i -> i.indexName("by_day").keys("day"))),
        "InvalidInputException");
    error(
        () -> glue.getTable(r -> r.databaseName("shop").name("indexed")),
        "EntityNotFoundException");

    for (String name : List.of("returns", "refunds", "customers")) {
      glue.createTable(r -> r.databaseName("shop").tableInput(table(name)));
    }
    List<String> names = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      GetTablesResponse page =
          glue.getTables(r -> r.databaseName("shop").maxResults(2).nextToken(next));
      page.tableList().forEach(table -> names.add(table.name()));
      token = page.nextToken();
    } while (token != null);
    assertThat(names).containsExactly("customers", "orders", "refunds", "returns");
    assertThat(glue.getTables(r -> r.databaseName("shop").expression("re.*")).tableList())
        .extracting(Table::name)
        .containsExactly("refunds", "returns");
    assertThat(
            glue.getTables(r -> r.databaseName("shop").expression("orders|customers")).tableList())
        .extracting(Table::name)
        .containsExactly("customers", "orders");
    Table projected =
        glue.getTables(
                r -> r.databaseName("shop").expression("orders").attributesToGetWithStrings("NAME"))
            .tableList()
            .get(0);
    assertThat(projected.name()).isEqualTo("orders");
    assertThat(projected.storageDescriptor()).isNull();
    error(
        () -> glue.getTables(r -> r.databaseName("shop").expression("(orders)+")),
        "InvalidInputException");
    error(() -> glue.getTables(r -> r.databaseName("nowhere")), "EntityNotFoundException");

    glue.deleteTable(r -> r.databaseName("shop").name("customers"));
    error(
        () -> glue.deleteTable(r -> r.databaseName("shop").name("customers")),
        "EntityNotFoundException");
    var batch =
        glue.batchDeleteTable(r -> r.databaseName("shop").tablesToDelete("refunds", "missing"));
    assertThat(batch.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.tableName()).isEqualTo("missing");
              assertThat(e.errorDetail().errorCode()).isEqualTo("EntityNotFoundException");
            });
    assertThat(glue.getTables(r -> r.databaseName("shop")).tableList())
        .extracting(Table::name)
        .containsExactly("orders", "returns");
  }

  @Test
  void updatesAreVersionedAndAStaleVersionIdChangesNothing() {
    glue.createDatabase(r -> r.databaseInput(d -> d.name("versions")));
    glue.createTable(r -> r.databaseName("versions").tableInput(table("events")));

    glue.updateTable(
        r ->
            r.databaseName("versions")
                .versionId("0")
                .tableInput(table("events").toBuilder().description("first update").build()));
    Table first = glue.getTable(r -> r.databaseName("versions").name("events")).table();
    assertThat(first.versionId()).isEqualTo("1");
    assertThat(first.description()).isEqualTo("first update");

    GlueException stale =
        error(
            () ->
                glue.updateTable(
                    r ->
                        r.databaseName("versions")
                            .versionId("0")
                            .tableInput(table("events").toBuilder().description("lost").build())),
            "ConcurrentModificationException");
    assertThat(stale.awsErrorDetails().errorMessage()).contains("version 1");
    Table unchanged = glue.getTable(r -> r.databaseName("versions").name("events")).table();
    assertThat(unchanged.versionId()).isEqualTo("1");
    assertThat(unchanged.description()).isEqualTo("first update");

    glue.updateTable(
        r ->
            r.databaseName("versions")
                .tableInput(table("events").toBuilder().description("second update").build()));
    GetTableVersionsResponse versions =
        glue.getTableVersions(r -> r.databaseName("versions").tableName("events"));
    assertThat(versions.tableVersions())
        .extracting(v -> v.versionId())
        .containsExactly("2", "1", "0");
    assertThat(versions.tableVersions().get(1).table().description()).isEqualTo("first update");
    assertThat(versions.tableVersions().get(1).table().versionId()).isEqualTo("1");

    // SkipArchive: the replaced version 2 is not kept; the number still rises.
    glue.updateTable(
        r ->
            r.databaseName("versions")
                .skipArchive(true)
                .versionId("2")
                .tableInput(table("events").toBuilder().description("third update").build()));
    assertThat(
            glue.getTableVersions(r -> r.databaseName("versions").tableName("events"))
                .tableVersions())
        .extracting(v -> v.versionId())
        .containsExactly("3", "1", "0");

    assertThat(
            glue.getTableVersion(r -> r.databaseName("versions").tableName("events").versionId("1"))
                .tableVersion()
                .table()
                .description())
        .isEqualTo("first update");
    assertThat(
            glue.getTableVersion(r -> r.databaseName("versions").tableName("events"))
                .tableVersion()
                .versionId())
        .isEqualTo("3");
    error(
        () ->
            glue.getTableVersion(
                r -> r.databaseName("versions").tableName("events").versionId("2")),
        "EntityNotFoundException");
    error(
        () ->
            glue.getTableVersion(
                r -> r.databaseName("versions").tableName("events").versionId("x")),
        "EntityNotFoundException");

    var page1 =
        glue.getTableVersions(r -> r.databaseName("versions").tableName("events").maxResults(2));
    assertThat(page1.tableVersions()).hasSize(2);
    var page2 =
        glue.getTableVersions(
            r -> r.databaseName("versions").tableName("events").nextToken(page1.nextToken()));
    assertThat(page2.tableVersions()).extracting(v -> v.versionId()).containsExactly("0");

    glue.deleteTableVersion(r -> r.databaseName("versions").tableName("events").versionId("0"));
    error(
        () ->
            glue.deleteTableVersion(
                r -> r.databaseName("versions").tableName("events").versionId("0")),
        "EntityNotFoundException");
    error(
        () ->
            glue.deleteTableVersion(
                r -> r.databaseName("versions").tableName("events").versionId("3")),
        "InvalidInputException");
    var batch =
        glue.batchDeleteTableVersion(
            r -> r.databaseName("versions").tableName("events").versionIds("1", "7"));
    assertThat(batch.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.versionId()).isEqualTo("7");
              assertThat(e.errorDetail().errorCode()).isEqualTo("EntityNotFoundException");
            });
    assertThat(
            glue.getTableVersions(r -> r.databaseName("versions").tableName("events"))
                .tableVersions())
        .extracting(v -> v.versionId())
        .containsExactly("3");
    error(
        () -> glue.updateTable(r -> r.databaseName("versions").tableInput(table("nothing"))),
        "EntityNotFoundException");
  }

  @Test
  void searchTablesByTextFiltersAndSort() {
    glue.createDatabase(r -> r.databaseInput(d -> d.name("search_a")));
    glue.createDatabase(r -> r.databaseInput(d -> d.name("search_b")));
    glue.createTable(
        r ->
            r.databaseName("search_a")
                .tableInput(
                    table("customer-link").toBuilder()
                        .description("links customers to accounts")
                        .parameters(Map.of("classification", "csv"))
                        .build()));
    glue.createTable(
        r ->
            r.databaseName("search_b")
                .tableInput(
                    table("xxlinkyy").toBuilder()
                        .parameters(Map.of("classification", "json", "zebra_marker", "yes"))
                        .build()));
    glue.createTable(
        r ->
            r.databaseName("search_b")
                .tableInput(
                    table("payments").toBuilder()
                        .storageDescriptor(
                            s ->
                                s.columns(
                                    c -> c.name("quokka_amount").type("double").comment("money")))
                        .build()));

    assertThat(names(glue.searchTables(r -> r.searchText("zebra_marker"))))
        .containsExactly("search_b.xxlinkyy");
    assertThat(names(glue.searchTables(r -> r.searchText("QUOKKA"))))
        .containsExactly("search_b.payments");
    assertThat(names(glue.searchTables(r -> r.searchText("accounts"))))
        .containsExactly("search_a.customer-link");
    assertThat(names(glue.searchTables(r -> r.searchText("\"payments\""))))
        .containsExactly("search_b.payments");
    assertThat(names(glue.searchTables(r -> r.searchText("\"pay\"")))).isEmpty();
    assertThat(names(glue.searchTables(r -> r.filters(f -> f.key("Name").value("link")))))
        .containsExactly("search_a.customer-link");
    assertThat(names(glue.searchTables(r -> r.filters(f -> f.key("classification").value("json")))))
        .containsExactly("search_b.xxlinkyy");
    assertThat(
            names(
                glue.searchTables(
                    r ->
                        r.filters(
                                f -> f.key("DatabaseName").value("search_b"),
                                f -> f.key("UpdateTime").value("0").comparator("GREATER_THAN"))
                            .sortCriteria(s -> s.fieldName("Name").sort("DESC")))))
        .containsExactly("search_b.xxlinkyy", "search_b.payments");
    assertThat(
            names(
                glue.searchTables(
                    r ->
                        r.filters(
                            f ->
                                f.key("CreateTime")
                                    .value(
                                        Long.toString(
                                            Instant.now().plusSeconds(3600).getEpochSecond()))
                                    .comparator("GREATER_THAN")))))
        .isEmpty();

    List<String> paged = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      SearchTablesResponse page =
          glue.searchTables(
              r ->
                  r.filters(f -> f.key("TableType").value("EXTERNAL_TABLE"))
                      .maxResults(1)
                      .nextToken(next));
      paged.addAll(names(page));
      token = page.nextToken();
    } while (token != null);
    assertThat(paged)
        .contains("search_a.customer-link", "search_b.payments", "search_b.xxlinkyy")
        .doesNotHaveDuplicates();
    error(
        () ->
            glue.searchTables(
                r -> r.filters(f -> f.key("Name").value("x").comparator("LESS_THAN"))),
        "InvalidInputException");
    error(
        () -> glue.searchTables(r -> r.sortCriteria(s -> s.fieldName("Colour"))),
        "InvalidInputException");
    error(() -> glue.searchTables(r -> r.maxResults(1001)), "InvalidInputException");
  }

  // User-defined functions

  @Test
  void functionsAreCreatedReadListedUpdatedAndDeleted() {
    glue.createDatabase(r -> r.databaseInput(d -> d.name("udf_a")));
    glue.createDatabase(r -> r.databaseInput(d -> d.name("udf_b")));
    glue.createUserDefinedFunction(
        r ->
            r.databaseName("udf_a")
                .functionInput(
                    f ->
                        f.functionName("To_Euro")
                            .className("com.example.ToEuro")
                            .ownerName("alice")
                            .ownerType(PrincipalType.USER)
                            .resourceUris(
                                u -> u.resourceType(ResourceType.JAR).uri("s3://b/udf.jar"))));
    glue.createUserDefinedFunction(
        r ->
            r.databaseName("udf_a")
                .functionInput(f -> f.functionName("to_yen").className("com.example.ToYen")));
    glue.createUserDefinedFunction(
        r ->
            r.databaseName("udf_b")
                .functionInput(f -> f.functionName("to_dollar").className("com.example.ToDollar")));

    UserDefinedFunction euro =
        glue.getUserDefinedFunction(r -> r.databaseName("udf_a").functionName("to_euro"))
            .userDefinedFunction();
    assertThat(euro.functionName()).isEqualTo("to_euro");
    assertThat(euro.databaseName()).isEqualTo("udf_a");
    assertThat(euro.className()).isEqualTo("com.example.ToEuro");
    assertThat(euro.ownerName()).isEqualTo("alice");
    assertThat(euro.ownerType()).isEqualTo(PrincipalType.USER);
    assertThat(euro.resourceUris())
        .singleElement()
        .satisfies(u -> assertThat(u.uri()).isEqualTo("s3://b/udf.jar"));
    assertThat(euro.catalogId()).isEqualTo(ACCOUNT);
    assertThat(euro.createTime()).isNotNull();

    error(
        () ->
            glue.createUserDefinedFunction(
                r ->
                    r.databaseName("udf_a")
                        .functionInput(f -> f.functionName("to_euro").className("x.Y"))),
        "AlreadyExistsException");
    error(
        () ->
            glue.createUserDefinedFunction(
                r -> r.databaseName("udf_a").functionInput(f -> f.functionName("no_class"))),
        "InvalidInputException");
    error(
        () -> glue.getUserDefinedFunction(r -> r.databaseName("udf_a").functionName("nothing")),
        "EntityNotFoundException");

    assertThat(
            glue.getUserDefinedFunctions(r -> r.databaseName("udf_a").pattern("*"))
                .userDefinedFunctions())
        .extracting(UserDefinedFunction::functionName)
        .containsExactly("to_euro", "to_yen");
    assertThat(
            glue.getUserDefinedFunctions(r -> r.databaseName("udf_a").pattern("to_e.*"))
                .userDefinedFunctions())
        .extracting(UserDefinedFunction::functionName)
        .containsExactly("to_euro");
    // Without a database: every database, page by page.
    List<String> all = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      var page =
          glue.getUserDefinedFunctions(r -> r.pattern("to_.*").maxResults(1).nextToken(next));
      page.userDefinedFunctions().forEach(f -> all.add(f.databaseName() + "." + f.functionName()));
      token = page.nextToken();
    } while (token != null);
    assertThat(all).containsExactly("udf_a.to_euro", "udf_a.to_yen", "udf_b.to_dollar");

    glue.updateUserDefinedFunction(
        r ->
            r.databaseName("udf_a")
                .functionName("to_euro")
                .functionInput(f -> f.functionName("to_euro").className("com.example.ToEuro2")));
    assertThat(
            glue.getUserDefinedFunction(r -> r.databaseName("udf_a").functionName("to_euro"))
                .userDefinedFunction()
                .className())
        .isEqualTo("com.example.ToEuro2");
    error(
        () ->
            glue.updateUserDefinedFunction(
                r ->
                    r.databaseName("udf_a")
                        .functionName("nothing")
                        .functionInput(f -> f.functionName("nothing").className("x.Y"))),
        "EntityNotFoundException");

    glue.deleteUserDefinedFunction(r -> r.databaseName("udf_a").functionName("to_euro"));
    error(
        () -> glue.deleteUserDefinedFunction(r -> r.databaseName("udf_a").functionName("to_euro")),
        "EntityNotFoundException");
  }

  // Tags

  @Test
  void tagsOnDatabasesAndTables() {
    glue.createDatabase(r -> r.databaseInput(d -> d.name("tagged_db")));
    glue.createTable(r -> r.databaseName("tagged_db").tableInput(table("tagged_table")));
    String table = ARN_PREFIX + "table/tagged_db/tagged_table";

    glue.tagResource(r -> r.resourceArn(table).tagsToAdd(Map.of("env", "prod", "team", "data")));
    glue.tagResource(r -> r.resourceArn(table).tagsToAdd(Map.of("env", "dev")));
    assertThat(glue.getTags(r -> r.resourceArn(table)).tags())
        .containsExactlyInAnyOrderEntriesOf(Map.of("env", "dev", "team", "data"));
    glue.untagResource(r -> r.resourceArn(table).tagsToRemove("team"));
    assertThat(glue.getTags(r -> r.resourceArn(table)).tags())
        .containsExactly(Map.entry("env", "dev"));

    error(
        () -> glue.tagResource(r -> r.resourceArn(table).tagsToAdd(Map.of("k".repeat(129), "v"))),
        "InvalidInputException");
    error(
        () -> glue.tagResource(r -> r.resourceArn(table).tagsToAdd(Map.of("k", "v".repeat(257)))),
        "InvalidInputException");
    Map<String, String> fifty = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      fifty.put("key" + i, "v");
    }
    // 50 more would make 51 with "env".
    error(
        () -> glue.tagResource(r -> r.resourceArn(table).tagsToAdd(fifty)),
        "InvalidInputException");
    assertThat(glue.getTags(r -> r.resourceArn(table)).tags())
        .containsExactly(Map.entry("env", "dev"));
    error(
        () -> glue.getTags(r -> r.resourceArn(ARN_PREFIX + "table/tagged_db/nothing")),
        "EntityNotFoundException");
    error(() -> glue.getTags(r -> r.resourceArn("not an arn")), "InvalidInputException");

    glue.deleteTable(r -> r.databaseName("tagged_db").name("tagged_table"));
    glue.createTable(r -> r.databaseName("tagged_db").tableInput(table("tagged_table")));
    assertThat(glue.getTags(r -> r.resourceArn(table)).tags()).isEmpty();
  }

  // Start-up calls and the wire itself

  @Test
  void callsClientsMakeOnStartAnswerSensibly() {
    var status = glue.getCatalogImportStatus(r -> {}).importStatus();
    assertThat(status.importCompleted()).isTrue();
    assertThat(status.importTime()).isNotNull();
    var settings = glue.getDataCatalogEncryptionSettings(r -> {}).dataCatalogEncryptionSettings();
    assertThat(settings.encryptionAtRest().catalogEncryptionModeAsString()).isEqualTo("DISABLED");
    assertThat(settings.connectionPasswordEncryption().returnConnectionPasswordEncrypted())
        .isFalse();
    assertThat(glue.getResourcePolicies(r -> {}).getResourcePoliciesResponseList()).isEmpty();
    error(() -> glue.getResourcePolicy(r -> {}), "EntityNotFoundException");
  }

  @Test
  void wireErrorsAreAwsErrors() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> unknown = post(http, "AWSGlue.CreateDevEndpoint", "{}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.headers().firstValue("x-amzn-ErrorType"))
        .hasValue("UnknownOperationException");
    assertThat(unknown.body()).contains("\"__type\":\"UnknownOperationException\"");

    HttpResponse<String> noTarget = post(http, null, "{}");
    assertThat(noTarget.headers().firstValue("x-amzn-ErrorType"))
        .hasValue("UnknownOperationException");

    HttpResponse<String> malformed = post(http, "AWSGlue.GetDatabases", "{\"MaxResults\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.headers().firstValue("x-amzn-ErrorType"))
        .hasValue("SerializationException");

    HttpResponse<String> wrongType = post(http, "AWSGlue.GetDatabase", "{\"Name\":5}");
    assertThat(wrongType.headers().firstValue("x-amzn-ErrorType"))
        .hasValue("SerializationException");

    HttpResponse<String> missing = post(http, "AWSGlue.GetDatabase", "{}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body())
        .isEqualTo(
            "{\"__type\":\"InvalidInputException\",\"Message\":\"1 validation error detected:"
                + " Value null at 'name' failed to satisfy constraint: Member must not be null\"}");

    HttpResponse<String> ok = post(http, "AWSGlue.GetDatabase", "{\"Name\":\"default\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
    assertThat(ok.body()).contains("\"Name\":\"default\"");

    // The HTTP server bounds every body (server.max-request-body) before the API sees it.
    HttpResponse<String> huge =
        post(
            http,
            "AWSGlue.CreateDatabase",
            "{\"DatabaseInput\":{\"Name\":\"huge\",\"Description\":\""
                + "x".repeat(11 << 20)
                + "\"}}");
    assertThat(huge.statusCode()).isEqualTo(413);
    error(() -> glue.getDatabase(r -> r.name("huge")), "EntityNotFoundException");
  }

  // Iceberg

  @Test
  void createTableWritesTheFirstIcebergMetadataFile() throws Exception {
    glue.createDatabase(r -> r.databaseInput(d -> d.name("lake")));
    String location = warehouse.resolve("lake/clicks").toUri().toString();
    glue.createTable(
        r ->
            r.databaseName("lake")
                .tableInput(t -> t.name("clicks").tableType("EXTERNAL_TABLE"))
                .openTableFormatInput(
                    o ->
                        o.icebergInput(
                            i ->
                                i.metadataOperation("CREATE")
                                    .version("2")
                                    .createIcebergTableInput(
                                        c ->
                                            c.location(location)
                                                .schema(
                                                    s ->
                                                        s.schemaId(0)
                                                            .type("struct")
                                                            .fields(
                                                                f ->
                                                                    f.id(1)
                                                                        .name("id")
                                                                        .type(
                                                                            Document.fromString(
                                                                                "long"))
                                                                        .required(true),
                                                                f ->
                                                                    f.id(2)
                                                                        .name("ts")
                                                                        .type(
                                                                            Document.fromString(
                                                                                "timestamptz"))
                                                                        .required(false)
                                                                        .doc("when")))
                                                .partitionSpec(
                                                    p ->
                                                        p.specId(0)
                                                            .fields(
                                                                f ->
                                                                    f.sourceId(2)
                                                                        .transform("day")
                                                                        .name("ts_day")))
                                                .properties(
                                                    Map.of("write.format.default", "parquet"))))));
    Table clicks = glue.getTable(r -> r.databaseName("lake").name("clicks")).table();
    assertThat(clicks.parameters()).containsEntry("table_type", "ICEBERG");
    String metadataLocation = clicks.parameters().get("metadata_location");
    assertThat(metadataLocation)
        .startsWith(location + "/metadata/00000-")
        .endsWith(".metadata.json");
    assertThat(clicks.storageDescriptor().location()).isEqualTo(location);
    assertThat(clicks.storageDescriptor().columns())
        .extracting(Column::name, Column::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("id", "bigint"),
            org.assertj.core.groups.Tuple.tuple("ts", "timestamp"));

    Path metadataFile = Path.of(URI.create(metadataLocation));
    assertThat(metadataFile).exists();
    TableMetadata metadata =
        TableMetadataParser.read(org.apache.iceberg.Files.localInput(metadataFile.toFile()));
    assertThat(metadata.formatVersion()).isEqualTo(2);
    assertThat(metadata.location()).isEqualTo(location);
    assertThat(metadata.schema().columns()).extracting(f -> f.name()).containsExactly("id", "ts");
    assertThat(metadata.schema().findField("id").isRequired()).isTrue();
    assertThat(metadata.spec().fields())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.name()).isEqualTo("ts_day");
              assertThat(f.transform().toString()).isEqualTo("day");
            });
    assertThat(metadata.properties()).containsEntry("write.format.default", "parquet");

    // A second create of the same name fails and leaves no second metadata file.
    error(
        () ->
            glue.createTable(
                r ->
                    r.databaseName("lake")
                        .tableInput(t -> t.name("clicks"))
                        .openTableFormatInput(
                            o ->
                                o.icebergInput(
                                    i ->
                                        i.metadataOperation("CREATE")
                                            .createIcebergTableInput(
                                                c ->
                                                    c.location(location)
                                                        .schema(
                                                            s ->
                                                                s.fields(
                                                                    f ->
                                                                        f.id(1)
                                                                            .name("id")
                                                                            .type(
                                                                                Document.fromString(
                                                                                    "long"))
                                                                            .required(true))))))),
        "AlreadyExistsException");
    try (var files = Files.list(metadataFile.getParent())) {
      assertThat(files).hasSize(1);
    }
    // Only the local file system can be written.
    error(
        () ->
            glue.createTable(
                r ->
                    r.databaseName("lake")
                        .tableInput(
                            t ->
                                t.name("remote")
                                    .storageDescriptor(
                                        s ->
                                            s.location("s3://bucket/remote")
                                                .columns(c -> c.name("id").type("bigint"))))
                        .openTableFormatInput(
                            o -> o.icebergInput(i -> i.metadataOperation("CREATE")))),
        "InvalidInputException");
    error(
        () -> glue.getTable(r -> r.databaseName("lake").name("remote")), "EntityNotFoundException");

    // Without CreateIcebergTableInput the schema is TableInput's columns and partition keys.
    String plainLocation = warehouse.resolve("lake/plain").toString();
    glue.createTable(
        r ->
            r.databaseName("lake")
                .tableInput(
                    t ->
                        t.name("plain")
                            .partitionKeys(c -> c.name("day").type("date"))
                            .storageDescriptor(
                                s ->
                                    s.location(plainLocation)
                                        .columns(
                                            c -> c.name("id").type("bigint"),
                                            c -> c.name("tags").type("array<string>"))))
                .openTableFormatInput(o -> o.icebergInput(i -> i.metadataOperation("CREATE"))));
    Table plain = glue.getTable(r -> r.databaseName("lake").name("plain")).table();
    TableMetadata plainMetadata =
        TableMetadataParser.read(
            org.apache.iceberg.Files.localInput(plain.parameters().get("metadata_location")));
    assertThat(plainMetadata.schema().columns())
        .extracting(f -> f.name())
        .containsExactly("id", "tags", "day");
    assertThat(plainMetadata.spec().fields()).extracting(f -> f.name()).containsExactly("day");
  }

  // Helpers

  private HttpResponse<String> post(HttpClient http, String target, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri().resolve("/"))
            .header("Content-Type", "application/x-amz-json-1.1")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (target != null) {
      request.header("X-Amz-Target", target);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> names(SearchTablesResponse response) {
    return response.tableList().stream().map(t -> t.databaseName() + "." + t.name()).toList();
  }

  /** A partitioned Parquet table as Athena or a crawler would create it. */
  static TableInput table(String name) {
    return TableInput.builder()
        .name(name)
        .owner("alice")
        .tableType("EXTERNAL_TABLE")
        .parameters(Map.of("classification", "parquet"))
        .partitionKeys(
            Column.builder().name("year").type("string").build(),
            Column.builder().name("month").type("string").build())
        .storageDescriptor(
            StorageDescriptor.builder()
                .columns(
                    Column.builder()
                        .name("id")
                        .type("bigint")
                        .comment("order id")
                        .parameters(Map.of("pii", "false"))
                        .build(),
                    Column.builder().name("amount").type("decimal(10,2)").build())
                .location("file:///lake/shop/" + name.toLowerCase(java.util.Locale.ROOT))
                .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                .serdeInfo(
                    SerDeInfo.builder()
                        .serializationLibrary(
                            "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
                        .parameters(Map.of("serialization.format", "1"))
                        .build())
                .sortColumns(o -> o.column("id").sortOrder(1))
                .skewedInfo(
                    s ->
                        s.skewedColumnNames("id")
                            .skewedColumnValues("1$7")
                            .skewedColumnValueLocationMaps(
                                Map.of("1$7", "file:///lake/shop/orders/id=7")))
                .build())
        .build();
  }

  /** The call fails with AWS's error {@code type}, HTTP 400, as the SDK reports it. */
  static GlueException error(ThrowingCallable call, String type) {
    GlueException error = catchThrowableOfType(GlueException.class, call);
    assertThat(error).as("the call fails with " + type).isNotNull();
    assertThat(error.awsErrorDetails().errorCode()).isEqualTo(type);
    assertThat(error.statusCode()).isEqualTo(400);
    return error;
  }
}
