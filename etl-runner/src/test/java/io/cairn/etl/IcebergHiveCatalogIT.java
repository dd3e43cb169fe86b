package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.CairnServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iceberg 1.11's HiveCatalog, through Spark's {@code SparkCatalog} with {@code type=hive}, against
 * {@code cairn server} in a separate JVM: a table's life from create through several commits to
 * drop, and two writers committing to one table at once, both with Iceberg's Hive lock (the
 * default) and without it ({@code engine.hive.lock-enabled=false}, where Cairn's compare-and-swap
 * on {@code metadata_location} in {@code alter_table_with_environment_context} keeps commits
 * apart).
 */
class IcebergHiveCatalogIT {

  @TempDir static Path workDirectory;

  private static CairnServerProcess server;
  private static ThriftCallRecorder recorder;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"), CairnServerProcess.logFor(IcebergHiveCatalogIT.class));
    recorder = ThriftCallRecorder.start(server.thriftPort());
    spark =
        HiveSparkSessions.builder("IcebergHiveCatalogIT", workDirectory, recorder.port())
            .config(
                "spark.sql.extensions",
                "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
            .config("spark.sql.catalog.ice", "org.apache.iceberg.spark.SparkCatalog")
            .config("spark.sql.catalog.ice.type", "hive")
            .config("spark.sql.catalog.ice.uri", "thrift://127.0.0.1:" + recorder.port())
            .config(
                "spark.sql.catalog.ice.warehouse",
                workDirectory.resolve("iceberg-warehouse").toUri().toString())
            // Every read loads the table from the catalog, so it sees the other writer's commits.
            .config("spark.sql.catalog.ice.cache-enabled", "false")
            // A writer waiting for the other's lock polls check_lock; keep the waits short.
            .config("spark.hadoop.iceberg.hive.lock-check-max-wait-ms", "200")
            .getOrCreate();
    spark.sql("CREATE NAMESPACE ice.lake");
  }

  @AfterAll
  static void stop() {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      if (recorder != null) {
        recorder.close();
      }
      if (server != null) {
        server.close();
      }
    }
    assertThat(recorder.unsupportedMethods())
        .as("Thrift methods Iceberg needed that Cairn does not serve")
        .isEmpty();
  }

  @Test
  void tableTakesCommitsAndIsDropped() {
    sql("CREATE TABLE ice.lake.events (id BIGINT, name STRING, ds STRING) USING iceberg");
    sql("INSERT INTO ice.lake.events VALUES (1, 'a', '2024-01-01'), (2, 'b', '2024-01-02')");
    sql("INSERT INTO ice.lake.events VALUES (3, 'c', '2024-01-02')");
    sql("DELETE FROM ice.lake.events WHERE id = 1");

    assertThat(rows("SELECT id, name, ds FROM ice.lake.events"))
        .containsExactly("[2,b,2024-01-02]", "[3,c,2024-01-02]");
    assertThat(rows("SELECT operation FROM ice.lake.events.snapshots"))
        .containsExactly("[append]", "[append]", "[delete]");
    assertThat(rows("SHOW TABLES IN ice.lake")).contains("[lake,events,false]");

    sql("DROP TABLE ice.lake.events PURGE");

    assertThat(rows("SHOW TABLES IN ice.lake")).doesNotContain("[lake,events,false]");
  }

  @Test
  void concurrentWritersBothLandWithHiveLocks() throws Exception {
    sql(
        "CREATE TABLE ice.lake.locked (writer INT, commit_number INT) USING iceberg "
            + "TBLPROPERTIES ('commit.retry.num-retries' = '20', 'commit.retry.min-wait-ms' = '10')");
    long locksBefore = server.thriftRequests("lock");

    ConcurrentWriters.appendConcurrently("ice.lake.locked", IcebergHiveCatalogIT::sql);

    assertThat(rows("SELECT count(*) FROM ice.lake.locked"))
        .containsExactly("[" + 2 * ConcurrentWriters.COMMITS_PER_WRITER + "]");
    assertThat(rows("SELECT count(*) FROM ice.lake.locked.snapshots"))
        .containsExactly("[" + 2 * ConcurrentWriters.COMMITS_PER_WRITER + "]");
    assertThat(server.thriftRequests("lock"))
        .as("every commit takes Iceberg's Hive lock")
        .isGreaterThanOrEqualTo(locksBefore + 2 * ConcurrentWriters.COMMITS_PER_WRITER);
    sql("DROP TABLE ice.lake.locked PURGE");
  }

  @Test
  void concurrentWritersBothLandWithoutHiveLocks() throws Exception {
    sql(
        "CREATE TABLE ice.lake.lock_free (writer INT, commit_number INT) USING iceberg "
            + "TBLPROPERTIES ('engine.hive.lock-enabled' = 'false', "
            + "'commit.retry.num-retries' = '20', 'commit.retry.min-wait-ms' = '10')");
    long locksBefore = server.thriftRequests("lock");

    ConcurrentWriters.appendConcurrently("ice.lake.lock_free", IcebergHiveCatalogIT::sql);

    assertThat(rows("SELECT count(*) FROM ice.lake.lock_free"))
        .containsExactly("[" + 2 * ConcurrentWriters.COMMITS_PER_WRITER + "]");
    assertThat(rows("SELECT count(*) FROM ice.lake.lock_free.snapshots"))
        .containsExactly("[" + 2 * ConcurrentWriters.COMMITS_PER_WRITER + "]");
    assertThat(server.thriftRequests("lock")).as("no commit takes a lock").isEqualTo(locksBefore);
    sql("DROP TABLE ice.lake.lock_free PURGE");
  }

  private static void sql(String statement) {
    spark.sql(statement).collectAsList();
  }

  /** The rows of {@code query}, each as {@link Row#toString()}, in string order. */
  private static List<String> rows(String query) {
    return spark.sql(query).collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
