package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.testing.CairnServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iceberg 1.11's GlueCatalog, through Spark's {@code SparkCatalog} with {@code type=glue} and the
 * AWS SDK v2 from Iceberg's AWS bundle, against {@code cairn server}'s Glue API in a separate JVM
 * ({@code glue.endpoint}). Table data and metadata live in a local warehouse through Hadoop's file
 * system ({@code HadoopFileIO}), so no S3 is involved. Covers a table's life from create through
 * commits and a rename to drop, and two writers committing to one table at once: Iceberg's
 * GlueCatalog sends each commit as an UpdateTable with the VersionId it read, and Cairn's
 * compare-and-swap on it makes the loser retry, so both writers' rows land. (Against a Glue
 * endpoint that ignores VersionId, such as moto 5.2, that test loses a writer's commit: Iceberg
 * checks the metadata location only before its UpdateTable, and the last update wins.)
 */
class SparkIcebergGlueCatalogIT {
  private static final String REGION = "us-east-1";

  @TempDir static Path workDirectory;

  private static CairnServerProcess server;
  private static SparkSession spark;
  private static Path warehouse;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();

  @BeforeAll
  static void start() throws IOException {
    server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"),
            CairnServerProcess.logFor(SparkIcebergGlueCatalogIT.class));
    warehouse = workDirectory.resolve("iceberg-warehouse");
    spark =
        SparkSession.builder()
            .appName("SparkIcebergGlueCatalogIT")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.local.dir", workDirectory.resolve("spark-local").toString())
            .config(
                "spark.sql.warehouse.dir",
                workDirectory.resolve("spark-warehouse").toUri().toString())
            .config(
                "spark.sql.extensions",
                "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
            .config("spark.sql.catalog.glue", "org.apache.iceberg.spark.SparkCatalog")
            .config("spark.sql.catalog.glue.type", "glue")
            .config("spark.sql.catalog.glue.glue.endpoint", server.httpUri().toString())
            .config("spark.sql.catalog.glue.client.region", REGION)
            // The SDK signs with these keys (Cairn without configured keys accepts any signature);
            // set here so that no AWS configuration of the machine is read.
            .config(
                "spark.sql.catalog.glue.client.credentials-provider",
                StaticTestCredentials.class.getName())
            .config("spark.sql.catalog.glue.io-impl", "org.apache.iceberg.hadoop.HadoopFileIO")
            .config("spark.sql.catalog.glue.warehouse", warehouse.toUri().toString())
            // Every read loads the table from the catalog, so it sees the other writer's commits.
            .config("spark.sql.catalog.glue.cache-enabled", "false")
            .getOrCreate();
    spark.sql("CREATE NAMESPACE glue.lake");
  }

  @AfterAll
  static void stop() {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void tableTakesCommitsIsRenamedAndDropped() throws Exception {
    sql(
        "CREATE TABLE glue.lake.events (id BIGINT, name STRING, ds STRING) USING iceberg "
            + "PARTITIONED BY (ds)");
    sql("INSERT INTO glue.lake.events VALUES (1, 'a', '2024-01-01'), (2, 'b', '2024-01-02')");
    sql("INSERT INTO glue.lake.events VALUES (3, 'c', '2024-01-02')");
    sql("DELETE FROM glue.lake.events WHERE id = 1");

    assertThat(rows("SELECT id, name, ds FROM glue.lake.events"))
        .containsExactly("[2,b,2024-01-02]", "[3,c,2024-01-02]");
    assertThat(rows("SELECT operation FROM glue.lake.events.snapshots"))
        .containsExactly("[append]", "[append]", "[delete]");
    assertThat(rows("SHOW TABLES IN glue.lake")).contains("[lake,events,false]");

    // What Iceberg committed through the Glue API is Cairn's table: an Iceberg table whose
    // metadata_location is the newest metadata file Iceberg wrote.
    JsonNode table = browse("/api/v1/databases/lake/tables/events");
    String metadataLocation = table.path("parameters").path("metadata_location").asText();
    assertThat(table.path("parameters").path("table_type").asText()).isEqualTo("ICEBERG");
    assertThat(metadataLocation).endsWith(".metadata.json");
    assertThat(Path.of(URI.create(metadataLocation))).isRegularFile();
    assertThat(rows("SELECT file FROM glue.lake.events.metadata_log_entries"))
        .contains("[" + metadataLocation + "]");

    sql("ALTER TABLE glue.lake.events RENAME TO lake.renamed_events");

    assertThat(rows("SHOW TABLES IN glue.lake"))
        .contains("[lake,renamed_events,false]")
        .doesNotContain("[lake,events,false]");
    assertThat(rows("SELECT id, name, ds FROM glue.lake.renamed_events"))
        .containsExactly("[2,b,2024-01-02]", "[3,c,2024-01-02]");
    assertThatThrownBy(() -> sql("SELECT * FROM glue.lake.events"))
        .hasMessageContaining("cannot be found");
    sql("INSERT INTO glue.lake.renamed_events VALUES (4, 'd', '2024-01-03')");
    assertThat(rows("SELECT id FROM glue.lake.renamed_events"))
        .containsExactly("[2]", "[3]", "[4]");

    Path tableDirectory = Path.of(URI.create(metadataLocation)).getParent().getParent();
    assertThat(dataFiles(tableDirectory)).isNotEmpty();

    sql("DROP TABLE glue.lake.renamed_events PURGE");

    assertThat(rows("SHOW TABLES IN glue.lake")).doesNotContain("[lake,renamed_events,false]");
    assertThat(dataFiles(tableDirectory)).as("PURGE deletes the table's data files").isEmpty();
    assertThat(browseStatus("/api/v1/databases/lake/tables/renamed_events")).isEqualTo(404);
  }

  @Test
  void concurrentWritersBothLandThroughVersionIdLocking() throws Exception {
    sql(
        "CREATE TABLE glue.lake.shared (writer INT, commit_number INT) USING iceberg "
            + "TBLPROPERTIES ('commit.retry.num-retries' = '20', 'commit.retry.min-wait-ms' = '10')");
    long updatesBefore = server.glueRequests("UpdateTable", "ok");

    ConcurrentWriters.appendConcurrently("glue.lake.shared", SparkIcebergGlueCatalogIT::sql);

    List<String> expected = new ArrayList<>();
    for (int writer = 1; writer <= 2; writer++) {
      for (int commit = 1; commit <= ConcurrentWriters.COMMITS_PER_WRITER; commit++) {
        expected.add("[" + writer + "," + commit + "]");
      }
    }
    assertThat(rows("SELECT writer, commit_number FROM glue.lake.shared"))
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(rows("SELECT count(*) FROM glue.lake.shared.snapshots"))
        .containsExactly("[" + 2 * ConcurrentWriters.COMMITS_PER_WRITER + "]");
    // A commit that lost the race was refused (by Iceberg's own check of the metadata location,
    // or by Cairn's VersionId check when both writers got past it) and retried: exactly one
    // successful UpdateTable per commit, no lost one.
    assertThat(server.glueRequests("UpdateTable", "ok") - updatesBefore)
        .isEqualTo(2 * ConcurrentWriters.COMMITS_PER_WRITER);
    sql("DROP TABLE glue.lake.shared PURGE");
  }

  @Test
  void namespaceIsADatabaseAndDropsWhenEmpty() throws Exception {
    sql("CREATE NAMESPACE glue.scratch");
    assertThat(browseStatus("/api/v1/databases/scratch")).isEqualTo(200);
    assertThat(rows("SHOW NAMESPACES IN glue")).contains("[scratch]");
    sql("CREATE TABLE glue.scratch.t (id INT) USING iceberg");

    assertThatThrownBy(() -> sql("DROP NAMESPACE glue.scratch")).hasMessageContaining("scratch");

    sql("DROP TABLE glue.scratch.t PURGE");
    sql("DROP NAMESPACE glue.scratch");
    assertThat(rows("SHOW NAMESPACES IN glue")).doesNotContain("[scratch]");
    assertThat(browseStatus("/api/v1/databases/scratch")).isEqualTo(404);
  }

  private JsonNode browse(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return mapper.readTree(response.body());
  }

  private int browseStatus(String path) throws IOException, InterruptedException {
    return get(path).statusCode();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(server.httpUri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<Path> dataFiles(Path tableDirectory) throws IOException {
    Path data = tableDirectory.resolve("data");
    if (!Files.exists(data)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(file -> file.toString().endsWith(".parquet")).toList();
    }
  }

  private static void sql(String statement) {
    spark.sql(statement).collectAsList();
  }

  /** The rows of {@code query}, each as {@link Row#toString()}, in string order. */
  private static List<String> rows(String query) {
    return spark.sql(query).collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
