package io.cairn.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.catalog.TableName;
import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.View;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.InvalidInputException;

/**
 * The Iceberg REST catalog through Iceberg's own {@link RESTCatalog} (and plain HTTP where the
 * client cannot say it) for what the REST Compatibility Kit does not call: multi-table
 * transactions, idempotency keys across restarts, ETags, pages, views, renames across namespaces,
 * nested namespaces, OAuth2, bad input, metrics reports, and one table seen through REST, Thrift
 * and Glue.
 */
class IcebergRestIT {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "data", Types.StringType.get()));

  @TempDir Path dataDirectory;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = IcebergRestApi.newObjectMapper();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private CairnServer server;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void start(Map<String, String> configuration) {
    Map<String, String> overrides = new HashMap<>(configuration);
    overrides.put(ServerConfig.HTTP_PORT, "0");
    overrides.put(ServerConfig.THRIFT_PORT, "0");
    overrides.put(ServerConfig.DATA_DIR, dataDirectory.toString());
    server = CairnServer.start(ServerConfig.resolve(Map.of(), Map.of(), overrides));
  }

  private String uri() {
    return server.httpUri() + IcebergRestApi.PATH;
  }

  private RESTCatalog restCatalog(Map<String, String> properties) {
    Map<String, String> all = new HashMap<>(properties);
    all.put("uri", uri());
    RESTCatalog catalog = new RESTCatalog();
    catalog.initialize("cairn", all);
    closeables.add(catalog);
    return catalog;
  }

  private RESTCatalog restCatalog() {
    return restCatalog(Map.of());
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(uri() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode error(HttpResponse<String> response) throws Exception {
    return mapper.readTree(response.body()).get("error");
  }

  @Test
  void tableCreatedThroughRestIsIcebergsTableThroughThriftAndGlueAndTheReverse() throws Exception {
    start(Map.of());
    RESTCatalog rest = restCatalog();
    rest.createNamespace(Namespace.of("lake"));
    Table table = rest.createTable(TableIdentifier.of("lake", "events"), SCHEMA);
    String firstLocation = metadataLocation(table);
    table.updateSchema().addColumn("kind", Types.StringType.get()).commit();
    table.refresh();

    try (TSocket socket = new TSocket("127.0.0.1", server.thriftPort())) {
      socket.open();
      org.apache.hadoop.hive.metastore.api.Table hive =
          new ThriftHiveMetastore.Client(new TBinaryProtocol(socket))
              .get_table_req(new GetTableRequest("lake", "events"))
              .getTable();
      assertThat(hive.getTableType()).isEqualTo("EXTERNAL_TABLE");
      assertThat(hive.getParameters())
          .containsEntry("table_type", "ICEBERG")
          .containsEntry("metadata_location", metadataLocation(table))
          .containsEntry("previous_metadata_location", firstLocation);
      assertThat(hive.getSd().getCols())
          .extracting(column -> column.getName() + " " + column.getType())
          .containsExactly("id bigint", "data string", "kind string");
    }

    try (GlueCatalogUnderTest glue = glueCatalog()) {
      Table throughGlue = glue.catalog().loadTable(TableIdentifier.of("lake", "events"));
      assertThat(throughGlue.schema().asStruct()).isEqualTo(table.schema().asStruct());
      // Glue's commit swaps the same pointer: REST sees it.
      throughGlue.updateProperties().set("written-by", "glue").commit();
      assertThat(rest.loadTable(TableIdentifier.of("lake", "events")).properties())
          .containsEntry("written-by", "glue");

      glue.catalog()
          .createTable(
              TableIdentifier.of("lake", "from_glue"),
              SCHEMA,
              PartitionSpec.unpartitioned(),
              dataDirectory.resolve("glue-table").toUri().toString(),
              Map.of());
    }
    Table fromGlue = rest.loadTable(TableIdentifier.of("lake", "from_glue"));
    fromGlue.updateProperties().set("written-by", "rest").commit();
    try (GlueCatalogUnderTest glue = glueCatalog()) {
      assertThat(glue.catalog().loadTable(TableIdentifier.of("lake", "from_glue")).properties())
          .containsEntry("written-by", "rest");
    }
  }

  private record GlueCatalogUnderTest(Catalog catalog) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      ((AutoCloseable) catalog).close();
    }
  }

  private GlueCatalogUnderTest glueCatalog() {
    return new GlueCatalogUnderTest(
        CatalogUtil.loadCatalog(
            "org.apache.iceberg.aws.glue.GlueCatalog",
            "cairn",
            Map.of(
                "glue.endpoint", server.httpUri().toString(),
                "client.region", "us-east-1",
                "client.credentials-provider",
                    "software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider",
                "http-client.type", "urlconnection",
                "io-impl", "io.cairn.iceberg.LocalFileIO",
                "warehouse", dataDirectory.resolve("glue-warehouse").toUri().toString()),
            null));
  }

  private static String metadataLocation(Table table) {
    return ((org.apache.iceberg.HasTableOperations) table)
        .operations()
        .current()
        .metadataFileLocation();
  }

  @Test
  void transactionCommitsEveryTableOrNone() throws Exception {
    start(Map.of());
    RESTCatalog rest = restCatalog();
    rest.createNamespace(Namespace.of("a"));
    rest.createNamespace(Namespace.of("b"));
    TableIdentifier first = TableIdentifier.of("a", "first");
    TableIdentifier second = TableIdentifier.of("b", "second");
    Table firstTable = rest.createTable(first, SCHEMA);
    Table secondTable = rest.createTable(second, SCHEMA);

    HttpResponse<String> failed =
        send(
            "POST",
            "/v1/transactions/commit",
            transaction(
                change(first, firstTable.uuid().toString(), "writer", "one"),
                change(second, UUID.randomUUID().toString(), "writer", "one")));
    assertThat(failed.statusCode()).isEqualTo(409);
    assertThat(error(failed).get("type").asText()).isEqualTo("CommitFailedException");
    assertThat(rest.loadTable(first).properties()).doesNotContainKey("writer");
    assertThat(metadataLocation(rest.loadTable(first))).isEqualTo(metadataLocation(firstTable));

    HttpResponse<String> committed =
        send(
            "POST",
            "/v1/transactions/commit",
            transaction(
                change(first, firstTable.uuid().toString(), "writer", "two"),
                change(second, secondTable.uuid().toString(), "writer", "two")));
    assertThat(committed.statusCode()).isEqualTo(204);
    assertThat(rest.loadTable(first).properties()).containsEntry("writer", "two");
    assertThat(rest.loadTable(second).properties()).containsEntry("writer", "two");

    // Concurrent transactions over both tables: each lands whole, so the tables always agree.
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String value = "writer-" + i;
        results.add(
            executor.submit(
                () ->
                    send(
                            "POST",
                            "/v1/transactions/commit",
                            transaction(
                                change(first, firstTable.uuid().toString(), "writer", value),
                                change(second, secondTable.uuid().toString(), "writer", value)))
                        .statusCode()));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isIn(204, 409);
      }
    } finally {
      executor.shutdownNow();
    }
    assertThat(rest.loadTable(first).properties().get("writer"))
        .isEqualTo(rest.loadTable(second).properties().get("writer"))
        .startsWith("writer-");
  }

  private UpdateTableRequest change(
      TableIdentifier table, String uuid, String property, String value) {
    return UpdateTableRequest.create(
        table,
        List.of(new UpdateRequirement.AssertTableUUID(uuid)),
        List.of(new MetadataUpdate.SetProperties(Map.of(property, value))));
  }

  private String transaction(UpdateTableRequest... changes) throws Exception {
    return mapper.writeValueAsString(new CommitTransactionRequest(List.of(changes)));
  }

  @Test
  void concurrentRequestsWithOneIdempotencyKeyRunTheOperationOnce() throws Exception {
    start(Map.of());
    String key = UUID.randomUUID().toString();
    String body = "{\"namespace\": [\"raced\"], \"properties\": {}}";
    int requests = 8;
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    try {
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        sent.add(pool.submit(() -> send("POST", "/v1/namespaces", body, "Idempotency-Key", key)));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse<String>> response : sent) {
        statuses.add(response.get().statusCode());
      }
      // One runs; each other either replays its 200 or is told to retry while it runs (503);
      // none runs it again, which would answer 409 AlreadyExists.
      assertThat(statuses).as("statuses").doesNotContain(409).containsOnly(200, 503).contains(200);
    } finally {
      pool.shutdownNow();
    }
    HttpResponse<String> retried = send("POST", "/v1/namespaces", body, "Idempotency-Key", key);
    assertThat(retried.statusCode()).isEqualTo(200);
  }

  @Test
  void idempotencyKeyReplaysTheFirstResponseAlsoAfterARestart() throws Exception {
    start(Map.of());
    String key = "01939b6a-7f2c-7b3e-9a4d-3c2b1a0f9e8d";
    String body = "{\"namespace\":[\"once\"],\"properties\":{\"owner\":\"alice\"}}";
    HttpResponse<String> first = send("POST", "/v1/namespaces", body, "Idempotency-Key", key);
    assertThat(first.statusCode()).isEqualTo(200);

    HttpResponse<String> replayed = send("POST", "/v1/namespaces", body, "Idempotency-Key", key);
    assertThat(replayed.statusCode()).isEqualTo(200);
    assertThat(replayed.body()).isEqualTo(first.body());

    HttpResponse<String> otherKey =
        send(
            "POST",
            "/v1/namespaces",
            body,
            "Idempotency-Key",
            "01939b6a-7f2c-7b3e-9a4d-3c2b1a0f9e8e");
    assertThat(otherKey.statusCode()).isEqualTo(409);

    server.close();
    start(Map.of());
    HttpResponse<String> afterRestart =
        send("POST", "/v1/namespaces", body, "Idempotency-Key", key);
    assertThat(afterRestart.statusCode()).isEqualTo(200);
    assertThat(afterRestart.body()).isEqualTo(first.body());

    HttpResponse<String> reusedElsewhere =
        send("DELETE", "/v1/namespaces/once", null, "Idempotency-Key", key);
    assertThat(reusedElsewhere.statusCode()).isEqualTo(422);
    assertThat(send("GET", "/v1/namespaces/once", null).statusCode()).isEqualTo(200);

    assertThat(send("POST", "/v1/namespaces", body, "Idempotency-Key", "not-a-uuid").statusCode())
        .isEqualTo(400);
    JsonNode config = mapper.readTree(send("GET", "/v1/config", null).body());
    assertThat(config.get("idempotency-key-lifetime").asText()).isEqualTo("PT30M");
    assertThat(config.get("endpoints").toString())
        .contains("POST /v1/{prefix}/transactions/commit");
  }

  @Test
  void loadAnswersNotModifiedForTheCurrentEtag() throws Exception {
    start(Map.of());
    RESTCatalog rest = restCatalog();
    rest.createNamespace(Namespace.of("cache"));
    Table table = rest.createTable(TableIdentifier.of("cache", "t"), SCHEMA);

    HttpResponse<String> loaded = send("GET", "/v1/namespaces/cache/tables/t", null);
    String etag = loaded.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> notModified =
        send("GET", "/v1/namespaces/cache/tables/t", null, "If-None-Match", etag);
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();

    table.updateProperties().set("k", "v").commit();
    HttpResponse<String> changed =
        send("GET", "/v1/namespaces/cache/tables/t", null, "If-None-Match", etag);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
  }

  @Test
  void namespacesAndTablesArePaged() throws Exception {
    start(Map.of());
    RESTCatalog rest = restCatalog(Map.of("rest-page-size", "2"));
    for (int i = 0; i < 5; i++) {
      rest.createNamespace(Namespace.of("page" + i));
      rest.createTable(TableIdentifier.of("page0", "t" + i), SCHEMA);
    }
    HttpResponse<String> firstPage = send("GET", "/v1/namespaces?pageToken=&pageSize=2", null);
    JsonNode page = mapper.readTree(firstPage.body());
    assertThat(page.get("namespaces")).hasSize(2);
    assertThat(page.get("next-page-token").isNull()).isFalse();
    HttpResponse<String> unpaged = send("GET", "/v1/namespaces", null);
    assertThat(mapper.readTree(unpaged.body()).get("namespaces")).hasSize(6); // with default

    assertThat(rest.listNamespaces())
        .contains(
            Namespace.of("page0"),
            Namespace.of("page1"),
            Namespace.of("page2"),
            Namespace.of("page3"),
            Namespace.of("page4"));
    assertThat(rest.listTables(Namespace.of("page0"))).hasSize(5);
  }

  @Test
  void viewsAndRenamesAcrossNamespaces() throws Exception {
    start(Map.of());
    RESTCatalog rest = restCatalog();
    rest.createNamespace(Namespace.of("src"));
    rest.createNamespace(Namespace.of("dst"));
    rest.createTable(TableIdentifier.of("src", "t"), SCHEMA);
    rest.renameTable(TableIdentifier.of("src", "t"), TableIdentifier.of("dst", "moved"));
    assertThat(rest.tableExists(TableIdentifier.of("src", "t"))).isFalse();
    assertThat(rest.loadTable(TableIdentifier.of("dst", "moved")).schema().asStruct())
        .isEqualTo(SCHEMA.asStruct());

    View view =
        rest.buildView(TableIdentifier.of("src", "v"))
            .withSchema(SCHEMA)
            .withDefaultNamespace(Namespace.of("dst"))
            .withQuery("spark", "SELECT * FROM moved")
            .create();
    rest.buildView(TableIdentifier.of("src", "v"))
        .withSchema(SCHEMA)
        .withDefaultNamespace(Namespace.of("dst"))
        .withQuery("spark", "SELECT id, data FROM moved")
        .replace();
    assertThat(rest.listViews(Namespace.of("src"))).containsExactly(TableIdentifier.of("src", "v"));
    assertThat(rest.listTables(Namespace.of("src"))).isEmpty();
    try (TSocket socket = new TSocket("127.0.0.1", server.thriftPort())) {
      socket.open();
      org.apache.hadoop.hive.metastore.api.Table hive =
          new ThriftHiveMetastore.Client(new TBinaryProtocol(socket))
              .get_table_req(new GetTableRequest("src", "v"))
              .getTable();
      assertThat(hive.getTableType()).isEqualTo("VIRTUAL_VIEW");
      assertThat(hive.getParameters()).containsEntry("table_type", "ICEBERG-VIEW");
      assertThat(hive.getViewOriginalText()).isEqualTo("SELECT id, data FROM moved");
    }
    rest.renameView(TableIdentifier.of("src", "v"), TableIdentifier.of("dst", "v2"));
    assertThat(rest.loadView(TableIdentifier.of("dst", "v2")).currentVersion().versionId())
        .isEqualTo(view.currentVersion().versionId() + 1);
    assertThat(rest.dropView(TableIdentifier.of("dst", "v2"))).isTrue();
    assertThat(rest.viewExists(TableIdentifier.of("dst", "v2"))).isFalse();
  }

  @Test
  void oauthTokensAreIssuedAndRequestsWithoutOneAreRefused() throws Exception {
    start(
        Map.of(
            ServerConfig.ICEBERG_OAUTH_CLIENT_ID, "spark",
            ServerConfig.ICEBERG_OAUTH_CLIENT_SECRET, "s3cret",
            ServerConfig.ICEBERG_BEARER_TOKENS, "static-token"));
    HttpResponse<String> anonymous = send("GET", "/v1/namespaces", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(error(anonymous).get("type").asText()).isEqualTo("NotAuthorizedException");
    assertThat(send("GET", "/v1/namespaces", null, "Authorization", "Bearer forged").statusCode())
        .isEqualTo(401);
    assertThat(
            send("GET", "/v1/namespaces", null, "Authorization", "Bearer static-token")
                .statusCode())
        .isEqualTo(200);

    RESTCatalog rest = restCatalog(Map.of("credential", "spark:s3cret", "scope", "catalog"));
    rest.createNamespace(Namespace.of("secured"));
    assertThat(rest.namespaceExists(Namespace.of("secured"))).isTrue();

    HttpResponse<String> wrongSecret =
        send(
            "POST",
            "/v1/oauth/tokens",
            "grant_type=client_credentials&client_id=spark&client_secret=wrong",
            "Content-Type",
            "application/x-www-form-urlencoded");
    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(mapper.readTree(wrongSecret.body()).get("error").asText())
        .isEqualTo("invalid_client");
    assertThatThrownBy(() -> restCatalog(Map.of("credential", "spark:wrong")))
        .isInstanceOf(NotAuthorizedException.class);
  }

  @Test
  void badInputIsRefusedAndChangesNothing() throws Exception {
    start(Map.of());
    HttpResponse<String> notJson = send("POST", "/v1/namespaces", "{\"namespace\": [\"x\"");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(error(notJson).get("type").asText()).isEqualTo("BadRequestException");
    assertThat(error(notJson).get("code").asInt()).isEqualTo(400);
    assertThat(send("HEAD", "/v1/namespaces/x", null).statusCode()).isEqualTo(404);

    HttpResponse<String> dotted = send("POST", "/v1/namespaces", "{\"namespace\": [\"a.b\"]}");
    assertThat(dotted.statusCode()).isEqualTo(400);
    assertThat(error(dotted).get("type").asText()).isEqualTo("BadRequestException");
    HttpResponse<String> orphan = send("POST", "/v1/namespaces", "{\"namespace\": [\"a\", \"b\"]}");
    assertThat(orphan.statusCode()).isEqualTo(404);
    assertThat(error(orphan).get("type").asText()).isEqualTo("NoSuchNamespaceException");

    HttpResponse<String> missing = send("GET", "/v1/namespaces/nowhere/tables/t", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(error(missing).get("type").asText()).isEqualTo("NoSuchTableException");
    HttpResponse<String> noNamespace = send("GET", "/v1/namespaces/nowhere", null);
    assertThat(error(noNamespace).get("type").asText()).isEqualTo("NoSuchNamespaceException");
  }

  @Test
  void nestedNamespacesHoldTablesAndViewsAndAreDatabasesNamedByTheirLevels() throws Exception {
    start(Map.of());
    RESTCatalog rest = restCatalog();
    Namespace sales = Namespace.of("sales");
    Namespace europe = Namespace.of("sales", "eu");
    Namespace france = Namespace.of("sales", "eu", "fr");
    assertThatThrownBy(() -> rest.createNamespace(europe))
        .isInstanceOf(NoSuchNamespaceException.class)
        .hasMessageContaining("sales");
    rest.createNamespace(sales);
    // Iceberg 1.11 client: properties go through containsKey(null), which Map.of refuses.
    rest.createNamespace(europe, new HashMap<>(Map.of("owner", "eu-team")));
    rest.createNamespace(france);
    rest.createNamespace(Namespace.of("sales", "us"));
    rest.createNamespace(Namespace.of("salesforce"));
    assertThatThrownBy(() -> rest.createNamespace(europe))
        .isInstanceOf(AlreadyExistsException.class);

    assertThat(rest.listNamespaces())
        .contains(sales, Namespace.of("salesforce"))
        .doesNotContain(europe, france);
    assertThat(rest.listNamespaces(sales))
        .containsExactlyInAnyOrder(europe, Namespace.of("sales", "us"));
    assertThat(rest.listNamespaces(europe)).containsExactly(france);
    assertThat(rest.listNamespaces(france)).isEmpty();
    assertThat(rest.namespaceExists(france)).isTrue();
    assertThat(rest.namespaceExists(Namespace.of("sales", "asia"))).isFalse();
    assertThat(rest.loadNamespaceMetadata(europe))
        .containsEntry("owner", "eu-team")
        .containsKey("location");
    rest.setProperties(europe, new HashMap<>(Map.of("region", "emea")));
    rest.removeProperties(europe, new java.util.HashSet<>(List.of("owner")));
    assertThat(rest.loadNamespaceMetadata(europe))
        .containsEntry("region", "emea")
        .doesNotContainKey("owner");

    TableIdentifier orders = TableIdentifier.of(france, "orders");
    Table table = rest.createTable(orders, SCHEMA);
    table.updateProperties().set("written-by", "rest").commit();
    assertThat(rest.listTables(france)).containsExactly(orders);
    assertThat(rest.listTables(europe)).isEmpty();
    assertThat(rest.loadTable(orders).properties()).containsEntry("written-by", "rest");
    rest.buildView(TableIdentifier.of(europe, "recent"))
        .withSchema(SCHEMA)
        .withDefaultNamespace(france)
        .withQuery("spark", "SELECT * FROM orders")
        .create();
    assertThat(rest.listViews(europe)).containsExactly(TableIdentifier.of(europe, "recent"));

    assertThatThrownBy(() -> rest.dropNamespace(sales))
        .isInstanceOf(NamespaceNotEmptyException.class);
    assertThatThrownBy(() -> rest.dropNamespace(france))
        .isInstanceOf(NamespaceNotEmptyException.class);

    // Through Hive's Thrift client and the AWS SDK's Glue client the namespace is the database
    // sales.eu.fr, but neither can create a database whose name has a dot.
    try (TSocket socket = new TSocket("127.0.0.1", server.thriftPort())) {
      socket.open();
      ThriftHiveMetastore.Client hive = new ThriftHiveMetastore.Client(new TBinaryProtocol(socket));
      assertThat(hive.get_all_databases()).contains("sales", "sales.eu", "sales.eu.fr");
      assertThat(hive.get_table_req(new GetTableRequest("sales.eu.fr", "orders")).getTable())
          .satisfies(
              hiveTable ->
                  assertThat(hiveTable.getParameters()).containsEntry("table_type", "ICEBERG"));
      assertThatThrownBy(
              () ->
                  hive.create_database(
                      new org.apache.hadoop.hive.metastore.api.Database(
                          "hive.made", "", "", Map.of())))
          .isInstanceOf(org.apache.hadoop.hive.metastore.api.InvalidObjectException.class)
          .hasMessageContaining("'.'");
    }
    try (GlueClient glue = glueClient()) {
      assertThat(glue.getDatabase(r -> r.name("sales.eu.fr")).database().name())
          .isEqualTo("sales.eu.fr");
      assertThat(glue.getTable(r -> r.databaseName("sales.eu.fr").name("orders")).table().name())
          .isEqualTo("orders");
      assertThatThrownBy(() -> glue.createDatabase(r -> r.databaseInput(d -> d.name("glue.made"))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("'.'");
    }
    assertThat(rest.namespaceExists(Namespace.of("hive", "made"))).isFalse();

    // Renames across levels.
    TableIdentifier moved = TableIdentifier.of(sales, "orders");
    rest.renameTable(orders, moved);
    assertThat(rest.listTables(france)).isEmpty();
    assertThat(rest.loadTable(moved).properties()).containsEntry("written-by", "rest");
    TableIdentifier back = TableIdentifier.of(Namespace.of("sales", "us"), "orders");
    rest.renameTable(moved, back);
    assertThat(rest.tableExists(back)).isTrue();
    rest.renameView(TableIdentifier.of(europe, "recent"), TableIdentifier.of(france, "recent"));
    assertThat(rest.listViews(france)).containsExactly(TableIdentifier.of(france, "recent"));

    assertThat(rest.dropView(TableIdentifier.of(france, "recent"))).isTrue();
    assertThat(rest.dropNamespace(france)).isTrue();
    assertThat(rest.listNamespaces(europe)).isEmpty();
    assertThat(rest.dropNamespace(europe)).isTrue();
    assertThat(rest.dropTable(back)).isTrue();
    assertThat(rest.dropNamespace(Namespace.of("sales", "us"))).isTrue();
    assertThat(rest.dropNamespace(sales)).isTrue();
    assertThat(rest.listNamespaces()).contains(Namespace.of("salesforce")).doesNotContain(sales);
  }

  private GlueClient glueClient() {
    return GlueClient.builder()
        .endpointOverride(server.httpUri())
        .region(Region.US_EAST_1)
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .httpClientBuilder(Apache5HttpClient.builder())
        .build();
  }

  @Test
  void metricsReportsAreKeptAndPurgeDeletesTheFiles() throws Exception {
    start(Map.of());
    RESTCatalog rest = restCatalog();
    rest.createNamespace(Namespace.of("m"));
    Table table = rest.createTable(TableIdentifier.of("m", "t"), SCHEMA);
    DataFile file =
        DataFiles.builder(PartitionSpec.unpartitioned())
            .withPath(table.location() + "/data/file.parquet")
            .withFileSizeInBytes(10)
            .withRecordCount(1)
            .build();
    table.newAppend().appendFile(file).commit();
    try (CloseableIterable<?> tasks = table.newScan().planFiles()) {
      assertThat(tasks).hasSize(1);
    }
    TableName name = new TableName("hive", "m", "t");
    assertThat(server.catalogService().listMetricsReports(name, 10))
        .extracting(report -> report.reportType())
        .contains("commit-report", "scan-report");

    Path metadata = Path.of(URI.create(table.location() + "/metadata"));
    try (Stream<Path> files = Files.list(metadata)) {
      assertThat(files.filter(path -> path.toString().endsWith(".avro")).count()).isPositive();
    }
    assertThat(rest.dropTable(TableIdentifier.of("m", "t"), true)).isTrue();
    try (Stream<Path> files = Files.list(metadata)) {
      assertThat(
              files.filter(
                  path ->
                      path.toString().endsWith(".avro")
                          || path.toString().endsWith(".metadata.json")))
          .isEmpty();
    }
  }
}
