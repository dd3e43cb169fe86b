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
 * Iceberg 1.11's RESTCatalog, through Spark's {@code SparkCatalog} with {@code type=rest} and
 * {@code uri=<cairn>/iceberg}, against {@code cairn server} in a separate JVM: a table written with
 * Spark's whole Iceberg SQL (MERGE INTO, UPDATE and DELETE as merge-on-read, time travel, schema
 * and partition evolution) is then read through Iceberg's HiveCatalog over Cairn's Thrift port and
 * its GlueCatalog over Cairn's Glue API, and all three catalogs show the same table: the same rows,
 * schema, partitioning and snapshots, because they are one table in Cairn.
 */
class SparkIcebergRestCatalogIT {
  private static final String TABLE = "lake.orders";

  @TempDir static Path workDirectory;

  private static CairnServerProcess server;
  private static ThriftCallRecorder recorder;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"),
            CairnServerProcess.logFor(SparkIcebergRestCatalogIT.class));
    recorder = ThriftCallRecorder.start(server.thriftPort());
    String warehouse = workDirectory.resolve("iceberg-warehouse").toUri().toString();
    spark =
        SparkSession.builder()
            .appName("SparkIcebergRestCatalogIT")
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
            // The writer: Iceberg's REST catalog client, configured with nothing but Cairn's URI.
            .config("spark.sql.catalog.rest", "org.apache.iceberg.spark.SparkCatalog")
            .config("spark.sql.catalog.rest.type", "rest")
            .config("spark.sql.catalog.rest.uri", server.httpUri() + "/iceberg")
            // The readers: Iceberg's HiveCatalog over Thrift and GlueCatalog over the Glue API.
            .config("spark.sql.catalog.hive", "org.apache.iceberg.spark.SparkCatalog")
            .config("spark.sql.catalog.hive.type", "hive")
            .config("spark.sql.catalog.hive.uri", "thrift://127.0.0.1:" + recorder.port())
            .config("spark.sql.catalog.hive.warehouse", warehouse)
            .config("spark.sql.catalog.glue", "org.apache.iceberg.spark.SparkCatalog")
            .config("spark.sql.catalog.glue.type", "glue")
            .config("spark.sql.catalog.glue.glue.endpoint", server.httpUri().toString())
            .config("spark.sql.catalog.glue.client.region", "us-east-1")
            .config(
                "spark.sql.catalog.glue.client.credentials-provider",
                StaticTestCredentials.class.getName())
            .config("spark.sql.catalog.glue.io-impl", "org.apache.iceberg.hadoop.HadoopFileIO")
            .config("spark.sql.catalog.glue.warehouse", warehouse)
            // Every read loads the table from its catalog, so each sees the newest commit.
            .config("spark.sql.catalog.rest.cache-enabled", "false")
            .config("spark.sql.catalog.hive.cache-enabled", "false")
            .config("spark.sql.catalog.glue.cache-enabled", "false")
            .getOrCreate();
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
        .as("Thrift methods Iceberg's HiveCatalog needed that Cairn does not serve")
        .isEmpty();
  }

  @Test
  void tableWrittenThroughRestReadsTheSameThroughHiveAndGlue() {
    sql("CREATE NAMESPACE rest.lake");
    sql(
        "CREATE TABLE rest."
            + TABLE
            + " (id BIGINT, customer STRING, amount INT, status STRING, ts TIMESTAMP)"
            + " USING iceberg PARTITIONED BY (days(ts)) TBLPROPERTIES ("
            + "'write.delete.mode' = 'merge-on-read', 'write.update.mode' = 'merge-on-read',"
            + " 'write.merge.mode' = 'merge-on-read')");
    sql(
        "INSERT INTO rest."
            + TABLE
            + " VALUES (1, 'alice', 10, 'new', TIMESTAMP '2024-01-01 10:00:00'),"
            + " (2, 'bob', 20, 'new', TIMESTAMP '2024-01-01 11:00:00'),"
            + " (3, 'carol', 30, 'new', TIMESTAMP '2024-01-02 09:00:00')");
    long firstSnapshot = currentSnapshot();
    long firstCommitMillis =
        spark
            .sql(
                "SELECT committed_at FROM rest."
                    + TABLE
                    + ".snapshots WHERE snapshot_id = "
                    + firstSnapshot)
            .first()
            .getTimestamp(0)
            .getTime();

    sql(
        "CREATE OR REPLACE TEMPORARY VIEW changes AS SELECT * FROM VALUES"
            + " (2L, 'bob', 25, 'changed', TIMESTAMP '2024-01-01 11:00:00'),"
            + " (4L, 'dave', 40, 'new', TIMESTAMP '2024-01-03 08:00:00')"
            + " AS changes(id, customer, amount, status, ts)");
    sql(
        "MERGE INTO rest."
            + TABLE
            + " t USING changes c ON t.id = c.id"
            + " WHEN MATCHED THEN UPDATE SET t.amount = c.amount, t.status = c.status"
            + " WHEN NOT MATCHED THEN INSERT *");
    sql("UPDATE rest." + TABLE + " SET amount = amount + 1, status = 'paid' WHERE id = 1");
    sql("DELETE FROM rest." + TABLE + " WHERE id = 3");

    assertThat(rows("SELECT id, customer, amount, status FROM rest." + TABLE))
        .containsExactly("[1,alice,11,paid]", "[2,bob,25,changed]", "[4,dave,40,new]");
    assertThat(rows("SELECT operation FROM rest." + TABLE + ".snapshots"))
        .as("one snapshot per statement; row-level changes as delete files (merge-on-read)")
        .containsExactly("[append]", "[delete]", "[overwrite]", "[overwrite]");
    assertThat(rows("SELECT DISTINCT content FROM rest." + TABLE + ".files"))
        .as("data files and position delete files")
        .containsExactly("[0]", "[1]");

    String firstVersion = "[1,alice,10]\n[2,bob,20]\n[3,carol,30]";
    assertThat(
            lines(
                "SELECT id, customer, amount FROM rest."
                    + TABLE
                    + " VERSION AS OF "
                    + firstSnapshot))
        .isEqualTo(firstVersion);
    assertThat(
            lines(
                "SELECT id, customer, amount FROM rest."
                    + TABLE
                    + " TIMESTAMP AS OF timestamp_millis("
                    + firstCommitMillis
                    + ")"))
        .isEqualTo(firstVersion);

    sql("ALTER TABLE rest." + TABLE + " ADD COLUMN note STRING");
    sql("ALTER TABLE rest." + TABLE + " RENAME COLUMN customer TO customer_name");
    sql("ALTER TABLE rest." + TABLE + " ALTER COLUMN amount TYPE BIGINT");
    sql("ALTER TABLE rest." + TABLE + " DROP COLUMN status");
    sql(
        "INSERT INTO rest."
            + TABLE
            + " VALUES (5, 'erin', 5000000000, TIMESTAMP '2024-01-03 12:00:00', 'big')");

    assertThat(rows("SELECT * FROM rest." + TABLE))
        .containsExactly(
            "[1,alice,11,2024-01-01 10:00:00.0,null]",
            "[2,bob,25,2024-01-01 11:00:00.0,null]",
            "[4,dave,40,2024-01-03 08:00:00.0,null]",
            "[5,erin,5000000000,2024-01-03 12:00:00.0,big]");
    assertThat(spark.table("rest." + TABLE).schema().simpleString())
        .isEqualTo("struct<id:bigint,customer_name:string,amount:bigint,ts:timestamp,note:string>");
    assertThat(
            lines(
                "SELECT id, customer, amount FROM rest."
                    + TABLE
                    + " VERSION AS OF "
                    + firstSnapshot))
        .as("an old snapshot reads with the schema it was written with")
        .isEqualTo(firstVersion);

    sql("ALTER TABLE rest." + TABLE + " ADD PARTITION FIELD bucket(4, id) AS id_bucket");
    sql(
        "INSERT INTO rest."
            + TABLE
            + " VALUES (6, 'frank', 60, TIMESTAMP '2024-01-04 12:00:00', null)");
    sql("ALTER TABLE rest." + TABLE + " DROP PARTITION FIELD days(ts)");
    sql(
        "INSERT INTO rest."
            + TABLE
            + " VALUES (7, 'grace', 70, TIMESTAMP '2024-01-05 12:00:00', null)");

    assertThat(rows("SELECT id FROM rest." + TABLE))
        .containsExactly("[1]", "[2]", "[4]", "[5]", "[6]", "[7]");
    assertThat(rows("SELECT DISTINCT spec_id FROM rest." + TABLE + ".files"))
        .as("data files of the first spec, of days and bucket, and of bucket alone")
        .containsExactly("[0]", "[1]", "[2]");
    assertThat(rows("SELECT id FROM rest." + TABLE + " WHERE id = 7 AND ts > '2024-01-05'"))
        .containsExactly("[7]");

    for (String catalog : List.of("hive", "glue")) {
      assertSameTable("rest", catalog, firstSnapshot);
    }
    assertThat(rows("SHOW TABLES IN hive.lake")).contains("[lake,orders,false]");
    assertThat(rows("SHOW TABLES IN glue.lake")).contains("[lake,orders,false]");
  }

  /** {@code reader} shows the table as {@code writer} does, including its history. */
  private static void assertSameTable(String writer, String reader, long firstSnapshot) {
    String written = writer + "." + TABLE;
    String read = reader + "." + TABLE;
    assertThat(lines("SELECT * FROM " + read))
        .as("rows through %s", reader)
        .isEqualTo(lines("SELECT * FROM " + written));
    assertThat(spark.table(read).schema())
        .as("schema through %s", reader)
        .isEqualTo(spark.table(written).schema());
    assertThat(lines("DESCRIBE TABLE " + read))
        .as("columns and partitioning through %s", reader)
        .isEqualTo(lines("DESCRIBE TABLE " + written));
    assertThat(lines("SHOW TBLPROPERTIES " + read))
        .as("table properties through %s", reader)
        .isEqualTo(lines("SHOW TBLPROPERTIES " + written));
    assertThat(lines("SELECT snapshot_id, parent_id, operation FROM " + read + ".snapshots"))
        .as("snapshots through %s", reader)
        .isEqualTo(
            lines("SELECT snapshot_id, parent_id, operation FROM " + written + ".snapshots"));
    assertThat(lines("SELECT spec_id, file_path FROM " + read + ".files"))
        .as("data and delete files through %s", reader)
        .isEqualTo(lines("SELECT spec_id, file_path FROM " + written + ".files"));
    assertThat(lines("SELECT * FROM " + read + " VERSION AS OF " + firstSnapshot))
        .as("time travel through %s", reader)
        .isEqualTo(lines("SELECT * FROM " + written + " VERSION AS OF " + firstSnapshot));
  }

  private static long currentSnapshot() {
    return spark
        .sql(
            "SELECT snapshot_id FROM rest."
                + TABLE
                + ".snapshots ORDER BY committed_at DESC LIMIT 1")
        .first()
        .getLong(0);
  }

  private static void sql(String statement) {
    spark.sql(statement).collectAsList();
  }

  /** The rows of {@code query}, each as {@link Row#toString()}, in string order. */
  private static List<String> rows(String query) {
    return spark.sql(query).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  /** The rows of {@code query} in string order, one a line: one value to compare. */
  private static String lines(String query) {
    return String.join("\n", rows(query));
  }
}
