package io.cairn.server.browse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.catalog.Column;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PrincipalType;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableType;
import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import io.cairn.service.CatalogService;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browse API of a real server (HTTP on a free loopback port, SQLite store in a temporary data
 * directory), read through {@link HttpClient}. Data is written through the catalog service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class BrowseApiIT {
  private static final String CATALOG = "hive";
  private static final int PAGED_DATABASES = 24;

  @TempDir static Path dataDirectory;

  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private CairnServer server;
  private CatalogService service;

  @BeforeAll
  void startServer() {
    ServerConfig config =
        ServerConfig.resolve(
            Map.of(),
            Map.of(),
            Map.of(
                ServerConfig.HTTP_PORT,
                "0",
                ServerConfig.THRIFT_PORT,
                "0",
                ServerConfig.DATA_DIR,
                dataDirectory.toString()));
    server = CairnServer.start(config);
    service = server.catalogService();

    service.createDatabase(database("sales", "Sales data"));
    for (int i = 0; i < PAGED_DATABASES; i++) {
      service.createDatabase(database("db_%02d".formatted(i), null));
    }

    TableName orders = new TableName(CATALOG, "sales", "orders");
    Table table =
        Table.builder()
            .name(orders)
            .description("Orders")
            .owner("alice")
            .ownerType(PrincipalType.USER)
            .tableType(TableType.EXTERNAL_TABLE)
            .storageDescriptor(descriptor("s3://bucket/orders"))
            .partitionKeys(List.of(new Column("year", "string"), new Column("month", "string")))
            .parameters(Map.of("classification", "parquet"))
            .build();
    service.createTable(table);
    service.updateTable(orders, table.toBuilder().description("Orders, v1").build(), 0L);
    service.updateTable(orders, table.toBuilder().description("Orders, v2").build(), 1L);

    List<Partition> partitions = new ArrayList<>();
    for (String year : List.of("2023", "2024")) {
      for (String month : List.of("01", "02", "03")) {
        partitions.add(
            new Partition(
                orders,
                List.of(year, month),
                descriptor("s3://bucket/orders/year=" + year + "/month=" + month),
                Map.of(),
                null,
                null,
                null,
                0));
      }
    }
    service.addPartitions(orders, partitions);

    service.createTable(
        Table.builder()
            .name(new TableName(CATALOG, "sales", "customers"))
            .tableType(TableType.EXTERNAL_TABLE)
            .storageDescriptor(descriptor("s3://bucket/customers"))
            .build());

    service.tagResource(
        service.arns().database(new DatabaseName(CATALOG, "sales")), Map.of("team", "finance"));
    service.tagResource(service.arns().table(orders), Map.of("pii", "false", "owner", "alice"));
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void health() throws Exception {
    HttpResponse<String> response = get("/health");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"ready\"}");
  }

  @Test
  void dataLivesInTheDataDirectory() {
    assertThat(Files.exists(dataDirectory.resolve("catalog.db"))).isTrue();
    assertThat(server.dataLocation()).isEqualTo(dataDirectory.toAbsolutePath() + " (SQLite)");
  }

  @Test
  void getDatabase() throws Exception {
    JsonNode database = getJson("/api/v1/databases/SALES", 200);
    assertThat(database.get("name").get("catalog").asText()).isEqualTo(CATALOG);
    assertThat(database.get("name").get("database").asText()).isEqualTo("sales");
    assertThat(database.get("description").asText()).isEqualTo("Sales data");
    assertThat(database.get("location").asText()).isEqualTo("s3://bucket/sales");
    assertThat(database.get("ownerName").asText()).isEqualTo("alice");
    assertThat(database.get("version").asLong()).isEqualTo(0);
    assertThat(database.has("createTime")).isTrue();
  }

  @Test
  void unknownDatabaseIsJson404() throws Exception {
    JsonNode error = getJson("/api/v1/databases/missing", 404).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(404);
    assertThat(error.get("type").asText()).isEqualTo("NoSuchDatabaseException");
    assertThat(error.get("message").asText()).contains("missing");

    JsonNode tablesOfMissing = getJson("/api/v1/databases/missing/tables", 404).get("error");
    assertThat(tablesOfMissing.get("type").asText()).isEqualTo("NoSuchDatabaseException");
  }

  @Test
  void unknownTableIsJson404() throws Exception {
    JsonNode error = getJson("/api/v1/databases/sales/tables/missing", 404).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(404);
    assertThat(error.get("type").asText()).isEqualTo("NoSuchTableException");
    assertThat(error.get("message").asText()).contains("missing");
  }

  @Test
  void unknownPathAndWrongMethod() throws Exception {
    JsonNode error = getJson("/api/v1/databases/sales/views", 404).get("error");
    assertThat(error.get("type").asText()).isEqualTo("NotFound");

    HttpResponse<String> post =
        client.send(
            HttpRequest.newBuilder(uri("/api/v1/databases"))
                .POST(BodyPublishers.ofString("{}"))
                .build(),
            BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    assertThat(mapper.readTree(post.body()).get("error").get("code").asInt()).isEqualTo(405);
  }

  @Test
  void listTables() throws Exception {
    JsonNode page = getJson("/api/v1/databases/sales/tables", 200);
    assertThat(names(page.get("tables"), "table")).containsExactly("customers", "orders");
    assertThat(page.has("nextPageToken")).isFalse();
    JsonNode orders = page.get("tables").get(1);
    assertThat(orders.get("partitionKeys").get(0).get("name").asText()).isEqualTo("year");
    assertThat(orders.get("storageDescriptor").get("location").asText())
        .isEqualTo("s3://bucket/orders");
  }

  @Test
  void getTableEmbedsItsVersions() throws Exception {
    JsonNode table = getJson("/api/v1/databases/sales/tables/orders", 200);
    assertThat(table.get("name").get("table").asText()).isEqualTo("orders");
    assertThat(table.get("description").asText()).isEqualTo("Orders, v2");
    assertThat(table.get("tableType").asText()).isEqualTo("EXTERNAL_TABLE");
    assertThat(table.get("parameters").get("classification").asText()).isEqualTo("parquet");
    assertThat(table.get("storageDescriptor").get("columns").get(0).get("type").asText())
        .isEqualTo("bigint");
    assertThat(table.get("version").asLong()).isEqualTo(2);
    List<Long> versionIds = new ArrayList<>();
    table.get("versions").forEach(version -> versionIds.add(version.get("versionId").asLong()));
    assertThat(versionIds).containsExactly(2L, 1L, 0L);
    assertThat(table.get("versions").get(0).has("updateTime")).isTrue();
    assertThat(table.has("versionsNextPageToken")).isFalse();
  }

  @Test
  void pageTableVersions() throws Exception {
    String base = "/api/v1/databases/sales/tables/orders/versions?pageSize=2";
    JsonNode first = getJson(base, 200);
    assertThat(first.get("versions")).hasSize(2);
    assertThat(first.get("versions").get(0).get("versionId").asLong()).isEqualTo(2);
    JsonNode second =
        getJson(base + "&pageToken=" + encode(first.get("nextPageToken").asText()), 200);
    assertThat(second.get("versions")).hasSize(1);
    assertThat(second.get("versions").get(0).get("versionId").asLong()).isEqualTo(0);
    assertThat(second.has("nextPageToken")).isFalse();
  }

  @Test
  void pageDatabasesAcrossThreePages() throws Exception {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < PAGED_DATABASES; i++) {
      expected.add("db_%02d".formatted(i));
    }
    // The server creates Hive's database "default" at its first start.
    expected.add("default");
    expected.add("sales");
    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String token = null;
    do {
      JsonNode page =
          getJson(
              "/api/v1/databases?pageSize=10"
                  + (token == null ? "" : "&pageToken=" + encode(token)),
              200);
      List<String> names = names(page.get("databases"), "database");
      pageSizes.add(names.size());
      seen.addAll(names);
      token = page.has("nextPageToken") ? page.get("nextPageToken").asText() : null;
    } while (token != null && pageSizes.size() < 10);

    assertThat(pageSizes).containsExactly(10, 10, 6);
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void defaultPageSizeAndBadPageSize() throws Exception {
    assertThat(getJson("/api/v1/databases", 200).get("databases")).hasSize(PAGED_DATABASES + 2);

    JsonNode tooLarge = getJson("/api/v1/databases?pageSize=1001", 400).get("error");
    assertThat(tooLarge.get("type").asText()).isEqualTo("ValidationException");
    assertThat(tooLarge.get("message").asText()).contains("pageSize");
    getJson("/api/v1/databases?pageSize=0", 400);
    getJson("/api/v1/databases?pageSize=ten", 400);
    getJson("/api/v1/databases?pageSize=1000", 200);
  }

  @Test
  void unknownQueryParameterIs400() throws Exception {
    JsonNode error = getJson("/api/v1/databases?page_size=10", 400).get("error");
    assertThat(error.get("message").asText()).contains("page_size").contains("pageSize");
  }

  @Test
  void otherCatalog() throws Exception {
    assertThat(getJson("/api/v1/databases?catalog=other", 200).get("databases")).isEmpty();
    getJson("/api/v1/databases/sales?catalog=other", 404);
    assertThat(
            getJson("/api/v1/databases/sales?catalog=hive", 200)
                .get("name")
                .get("database")
                .asText())
        .isEqualTo("sales");
  }

  @Test
  void listAllPartitions() throws Exception {
    JsonNode page = getJson("/api/v1/databases/sales/tables/orders/partitions", 200);
    assertThat(page.get("partitions")).hasSize(6);
    JsonNode first = page.get("partitions").get(0);
    assertThat(first.get("name").asText()).isEqualTo("year=2023/month=01");
    assertThat(first.get("values").get(0).asText()).isEqualTo("2023");
    assertThat(first.get("storageDescriptor").get("location").asText())
        .isEqualTo("s3://bucket/orders/year=2023/month=01");
  }

  @Test
  void filterPartitionsWithGlueExpression() throws Exception {
    JsonNode page =
        getJson(
            "/api/v1/databases/sales/tables/orders/partitions?filter="
                + encode("year = '2024' AND month = '03'"),
            200);
    assertThat(page.get("partitions")).hasSize(1);
    JsonNode partition = page.get("partitions").get(0);
    assertThat(partition.get("values").get(0).asText()).isEqualTo("2024");
    assertThat(partition.get("values").get(1).asText()).isEqualTo("03");
    assertThat(partition.get("name").asText()).isEqualTo("year=2024/month=03");
  }

  @Test
  void pagePartitionsWithFilter() throws Exception {
    String base =
        "/api/v1/databases/sales/tables/orders/partitions?pageSize=2&filter="
            + encode("year = '2024'");
    JsonNode first = getJson(base, 200);
    assertThat(partitionNames(first)).containsExactly("year=2024/month=01", "year=2024/month=02");
    JsonNode second =
        getJson(base + "&pageToken=" + encode(first.get("nextPageToken").asText()), 200);
    assertThat(partitionNames(second)).containsExactly("year=2024/month=03");
    assertThat(second.has("nextPageToken")).isFalse();
  }

  @Test
  void badFilterIs400WithTheParseError() throws Exception {
    JsonNode error =
        getJson(
                "/api/v1/databases/sales/tables/orders/partitions?filter="
                    + encode("year = = '2024'"),
                400)
            .get("error");
    assertThat(error.get("code").asInt()).isEqualTo(400);
    assertThat(error.get("type").asText()).isEqualTo("ValidationException");
    assertThat(error.get("message").asText()).isNotBlank();

    JsonNode unknownKey =
        getJson(
                "/api/v1/databases/sales/tables/orders/partitions?filter=" + encode("day = '01'"),
                400)
            .get("error");
    assertThat(unknownKey.get("message").asText()).contains("day");
  }

  @Test
  void tags() throws Exception {
    JsonNode databaseTags = getJson("/api/v1/databases/sales/tags", 200);
    assertThat(databaseTags.get("resourceArn").asText())
        .isEqualTo("arn:aws:glue:us-east-1:000000000000:database/sales");
    assertThat(databaseTags.get("tags").get("team").asText()).isEqualTo("finance");

    JsonNode tableTags = getJson("/api/v1/databases/sales/tables/orders/tags", 200);
    assertThat(tableTags.get("resourceArn").asText())
        .isEqualTo("arn:aws:glue:us-east-1:000000000000:table/sales/orders");
    assertThat(
            mapper.convertValue(tableTags.get("tags"), new TypeReference<Map<String, String>>() {}))
        .isEqualTo(Map.of("pii", "false", "owner", "alice"));

    assertThat(getJson("/api/v1/databases/sales/tables/customers/tags", 200).get("tags")).isEmpty();
    getJson("/api/v1/databases/sales/tables/missing/tags", 404);
    getJson("/api/v1/databases/missing/tags", 404);
  }

  @Test
  void openApiDocumentIsServed() throws Exception {
    HttpResponse<String> response = get("/api/v1/openapi.yaml");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/yaml");
    assertThat(response.body())
        .startsWith("openapi: 3.")
        .contains("  /databases:\n")
        .contains("  /databases/{database}:\n")
        .contains("  /databases/{database}/tags:\n")
        .contains("  /databases/{database}/tables:\n")
        .contains("  /databases/{database}/tables/{table}:\n")
        .contains("  /databases/{database}/tables/{table}/versions:\n")
        .contains("  /databases/{database}/tables/{table}/partitions:\n")
        .contains("  /databases/{database}/tables/{table}/tags:\n");
  }

  @Test
  void metricsCountBrowseOperations() throws Exception {
    getJson("/api/v1/databases/sales/tables/orders", 200);
    getJson("/api/v1/databases/sales/tables/missing", 404);

    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .containsPattern(
            "cairn_requests_total\\{operation=\"GetTable\",outcome=\"ok\",protocol=\"browse\"}"
                + " [1-9]")
        .containsPattern(
            "cairn_requests_total\\{operation=\"GetTable\",outcome=\"NoSuchTableException\","
                + "protocol=\"browse\"} [1-9]")
        .contains(
            "cairn_request_duration_seconds_bucket{operation=\"GetTable\",protocol=\"browse\"")
        .contains("cairn_store_pool_connections{state=\"total\"}")
        .contains("jvm_threads_current");
  }

  private static Database database(String name, String description) {
    return new Database(
        new DatabaseName(CATALOG, name),
        description,
        "s3://bucket/" + name,
        null,
        Map.of(),
        "alice",
        PrincipalType.USER,
        null,
        null,
        0);
  }

  private static StorageDescriptor descriptor(String location) {
    return StorageDescriptor.builder()
        .columns(List.of(new Column("id", "bigint"), new Column("amount", "decimal(10,2)")))
        .location(location)
        .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
        .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
        .build();
  }

  private static List<String> names(JsonNode items, String field) {
    List<String> names = new ArrayList<>();
    items.forEach(item -> names.add(item.get("name").get(field).asText()));
    return names;
  }

  private static List<String> partitionNames(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.get("partitions").forEach(partition -> names.add(partition.get("name").asText()));
    return names;
  }

  private URI uri(String path) {
    return server.httpUri().resolve(path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).build(), BodyHandlers.ofString());
  }

  private JsonNode getJson(String path, int expectedStatus) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(expectedStatus);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return mapper.readTree(response.body());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
