package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.CairnServerProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * Spark 3.5's SQL over its built-in Hive 2.3 metastore client, unchanged, against {@code cairn
 * server} in a separate JVM: partitioned Parquet tables in Hive's format ({@code STORED AS
 * PARQUET}) and Spark's ({@code USING parquet}), partition pruning on the server, partition DDL,
 * {@code MSCK REPAIR TABLE}, statistics, table properties and a cascading drop; data read back
 * equals data written.
 *
 * <p>The client reaches the server through a {@link ThriftCallRecorder}, because Spark's Hive
 * client hides some failed calls: the class fails if any statement here needed a method Cairn does
 * not serve.
 *
 * <p>Partitioned tables are filled both ways: by {@code INSERT} (dynamic and static partitions,
 * which make Spark list partitions by partial specification and alter them) and by writing files
 * and running {@code MSCK REPAIR TABLE} or {@code ALTER TABLE … ADD PARTITION}.
 */
class SparkHiveMetastoreIT {
  private static final List<String> SOURCE_ROWS =
      List.of(
          "[1,a,2024-01-01,eu]",
          "[2,b,2024-01-02,eu]",
          "[3,c,2024-01-02,us]",
          "[4,d,2024-01-03,us]",
          "[5,e,2024-01-02,eu]");
  private static final List<String> SOURCE_PARTITIONS =
      List.of(
          "[ds=2024-01-01/region=eu]",
          "[ds=2024-01-02/region=eu]",
          "[ds=2024-01-02/region=us]",
          "[ds=2024-01-03/region=us]");

  @TempDir static Path workDirectory;

  private static CairnServerProcess server;
  private static ThriftCallRecorder recorder;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"), CairnServerProcess.logFor(SparkHiveMetastoreIT.class));
    recorder = ThriftCallRecorder.start(server.thriftPort());
    spark =
        HiveSparkSessions.builder("SparkHiveMetastoreIT", workDirectory, recorder.port())
            .getOrCreate();
    spark.sql(
        "CREATE TEMPORARY VIEW source AS SELECT * FROM VALUES "
            + "(1, 'a', '2024-01-01', 'eu'), (2, 'b', '2024-01-02', 'eu'), "
            + "(3, 'c', '2024-01-02', 'us'), (4, 'd', '2024-01-03', 'us'), "
            + "(5, 'e', '2024-01-02', 'eu') AS t(id, name, ds, region)");
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
        .as("Thrift methods Spark needed that Cairn does not serve")
        .isEmpty();
  }

  @Test
  void hiveFormatTableIsRepairedReadAndPrunedOnTheServer() {
    sql("CREATE DATABASE serde_db");
    sql(
        "CREATE TABLE serde_db.events (id INT, name STRING) "
            + "PARTITIONED BY (ds STRING, region STRING) STORED AS PARQUET");
    writePartitionedFiles(tableLocation("serde_db", "events"));

    sql("MSCK REPAIR TABLE serde_db.events");

    assertThat(rows("SHOW PARTITIONS serde_db.events"))
        .containsExactlyElementsOf(SOURCE_PARTITIONS);
    assertThat(rows("SHOW PARTITIONS serde_db.events PARTITION (ds = '2024-01-02')"))
        .containsExactly("[ds=2024-01-02/region=eu]", "[ds=2024-01-02/region=us]");
    assertThat(rows("SELECT id, name, ds, region FROM serde_db.events"))
        .containsExactlyElementsOf(SOURCE_ROWS);
    assertPrunedOnServer(
        "SELECT id, name, ds, region FROM serde_db.events WHERE ds = '2024-01-02'",
        List.of("[2,b,2024-01-02,eu]", "[3,c,2024-01-02,us]", "[5,e,2024-01-02,eu]"),
        "ds=2024-01-02/region=eu",
        "ds=2024-01-02/region=us");
  }

  @Test
  void dataSourceTableIsRecoveredReadAndPrunedOnTheServer() {
    sql("CREATE DATABASE datasource_db");
    Path location = workDirectory.resolve("external/datasource_events");
    sql(
        "CREATE TABLE datasource_db.events (id INT, name STRING, ds STRING, region STRING) "
            + "USING parquet PARTITIONED BY (ds, region) LOCATION '"
            + location.toUri()
            + "'");
    writePartitionedFiles(location);

    sql("ALTER TABLE datasource_db.events RECOVER PARTITIONS");

    assertThat(rows("SHOW PARTITIONS datasource_db.events"))
        .containsExactlyElementsOf(SOURCE_PARTITIONS);
    assertThat(rows("SELECT id, name, ds, region FROM datasource_db.events"))
        .containsExactlyElementsOf(SOURCE_ROWS);
    assertPrunedOnServer(
        "SELECT id, name, ds, region FROM datasource_db.events WHERE region = 'us'",
        List.of("[3,c,2024-01-02,us]", "[4,d,2024-01-03,us]"),
        "ds=2024-01-02/region=us",
        "ds=2024-01-03/region=us");
  }

  @Test
  void partitionsAreAddedAndRepaired() {
    sql("CREATE DATABASE ddl_db");
    sql(
        "CREATE TABLE ddl_db.events (id INT, name STRING) "
            + "PARTITIONED BY (ds STRING, region STRING) STORED AS PARQUET");
    Path elsewhere = workDirectory.resolve("external/ddl_elsewhere");
    writeFiles("SELECT 7 AS id, 'x' AS name", elsewhere);
    writeFiles(
        "SELECT 8 AS id, 'y' AS name",
        tableLocation("ddl_db", "events").resolve("ds=2024-02-02/region=us"));

    sql(
        "ALTER TABLE ddl_db.events ADD PARTITION (ds = '2024-02-01', region = 'eu') "
            + "LOCATION '"
            + elsewhere.toUri()
            + "' PARTITION (ds = '2024-02-02', region = 'us')");
    sql("ALTER TABLE ddl_db.events ADD IF NOT EXISTS PARTITION (ds = '2024-02-01', region = 'eu')");

    assertThat(rows("SHOW PARTITIONS ddl_db.events"))
        .containsExactly("[ds=2024-02-01/region=eu]", "[ds=2024-02-02/region=us]");
    assertThat(rows("SELECT id, name, ds, region FROM ddl_db.events"))
        .containsExactly("[7,x,2024-02-01,eu]", "[8,y,2024-02-02,us]");

    // Files written beside the catalog, as another tool would, become a partition on repair.
    writeFiles(
        "SELECT 9 AS id, 'z' AS name",
        tableLocation("ddl_db", "events").resolve("ds=2024-03-01/region=us"));
    sql("MSCK REPAIR TABLE ddl_db.events");

    assertThat(rows("SHOW PARTITIONS ddl_db.events"))
        .containsExactly(
            "[ds=2024-02-01/region=eu]", "[ds=2024-02-02/region=us]", "[ds=2024-03-01/region=us]");
    assertThat(rows("SELECT id, name, ds, region FROM ddl_db.events"))
        .containsExactly("[7,x,2024-02-01,eu]", "[8,y,2024-02-02,us]", "[9,z,2024-03-01,us]");
  }

  @Test
  void insertsWriteDynamicAndStaticPartitions() {
    sql("SET hive.exec.dynamic.partition.mode=nonstrict");
    sql("CREATE DATABASE insert_db");
    sql(
        "CREATE TABLE insert_db.events (id INT, name STRING) "
            + "PARTITIONED BY (ds STRING, region STRING) STORED AS PARQUET");

    sql(
        "INSERT INTO insert_db.events PARTITION (ds, region) "
            + "SELECT id, name, ds, region FROM source");

    assertThat(rows("SHOW PARTITIONS insert_db.events"))
        .containsExactlyElementsOf(SOURCE_PARTITIONS);
    assertThat(rows("SELECT id, name, ds, region FROM insert_db.events"))
        .containsExactlyElementsOf(SOURCE_ROWS);
    assertPrunedOnServer(
        "SELECT id, name, ds, region FROM insert_db.events WHERE ds = '2024-01-02'",
        List.of("[2,b,2024-01-02,eu]", "[3,c,2024-01-02,us]", "[5,e,2024-01-02,eu]"),
        "ds=2024-01-02/region=eu",
        "ds=2024-01-02/region=us");

    sql(
        "INSERT OVERWRITE TABLE insert_db.events PARTITION (ds = '2024-01-01', region = 'eu') "
            + "SELECT 10, 'z'");
    assertThat(rows("SELECT id, name FROM insert_db.events WHERE ds = '2024-01-01'"))
        .containsExactly("[10,z]");

    sql("ANALYZE TABLE insert_db.events PARTITION (ds, region) COMPUTE STATISTICS");
    sql("ALTER TABLE insert_db.events DROP PARTITION (ds = '2024-01-03', region = 'us')");
    assertThat(rows("SHOW PARTITIONS insert_db.events")).hasSize(3);

    sql(
        "CREATE TABLE insert_db.by_day (id INT, name STRING, ds STRING) USING parquet "
            + "PARTITIONED BY (ds)");
    sql("INSERT INTO insert_db.by_day SELECT id, name, ds FROM source");
    assertThat(rows("SHOW PARTITIONS insert_db.by_day"))
        .containsExactly("[ds=2024-01-01]", "[ds=2024-01-02]", "[ds=2024-01-03]");
    assertThat(rows("SELECT count(*) FROM insert_db.by_day WHERE ds = '2024-01-02'"))
        .containsExactly("[3]");
  }

  @Test
  void statisticsAndPropertiesAreKept() {
    sql("CREATE DATABASE stats_db");
    sql("CREATE TABLE stats_db.events (id INT, name STRING, ds STRING) STORED AS PARQUET");
    sql("INSERT INTO stats_db.events SELECT id, name, ds FROM source");

    sql("ANALYZE TABLE stats_db.events COMPUTE STATISTICS");
    sql("ANALYZE TABLE stats_db.events COMPUTE STATISTICS FOR COLUMNS id, name");
    sql("ALTER TABLE stats_db.events SET TBLPROPERTIES ('team' = 'data', 'tier' = 'gold')");
    sql("ALTER TABLE stats_db.events UNSET TBLPROPERTIES ('tier')");

    assertThat(rows("DESCRIBE TABLE EXTENDED stats_db.events"))
        .anySatisfy(row -> assertThat(row).startsWith("[Statistics,").contains("5 rows"));
    assertThat(rows("DESCRIBE TABLE EXTENDED stats_db.events id"))
        .contains("[min,1]", "[max,5]", "[num_nulls,0]", "[distinct_count,5]");
    assertThat(rows("DESCRIBE TABLE EXTENDED stats_db.events name"))
        .contains("[num_nulls,0]", "[distinct_count,5]", "[max_col_len,1]");
    assertThat(rows("SHOW TBLPROPERTIES stats_db.events"))
        .contains("[team,data]")
        .noneSatisfy(row -> assertThat(row).startsWith("[tier,"));
    assertThat(rows("SELECT id, name, ds FROM stats_db.events"))
        .containsExactly(
            "[1,a,2024-01-01]",
            "[2,b,2024-01-02]",
            "[3,c,2024-01-02]",
            "[4,d,2024-01-03]",
            "[5,e,2024-01-02]");
  }

  @Test
  void databaseIsDroppedWithItsTables() {
    sql("CREATE DATABASE dropped_db");
    sql("CREATE TABLE dropped_db.plain (id INT) USING parquet");
    sql("INSERT INTO dropped_db.plain SELECT id FROM source");
    sql(
        "CREATE TABLE dropped_db.events (id INT, name STRING) "
            + "PARTITIONED BY (ds STRING, region STRING) STORED AS PARQUET");
    writePartitionedFiles(tableLocation("dropped_db", "events"));
    sql("MSCK REPAIR TABLE dropped_db.events");
    assertThat(rows("SHOW TABLES IN dropped_db"))
        .contains("[dropped_db,events,false]", "[dropped_db,plain,false]");
    assertThat(rows("SELECT id FROM dropped_db.plain"))
        .containsExactly("[1]", "[2]", "[3]", "[4]", "[5]");

    sql("DROP DATABASE dropped_db CASCADE");

    assertThat(rows("SHOW DATABASES")).doesNotContain("[dropped_db]");
    assertThat(spark.catalog().databaseExists("dropped_db")).isFalse();
  }

  /**
   * Runs {@code query}, whose predicate is on partition columns only, and checks its rows, that the
   * server answered a {@code get_partitions_by_filter} for it, and that Spark read files of {@code
   * expectedPartitions} alone: the partitions the server returned.
   */
  private static void assertPrunedOnServer(
      String query, List<String> expectedRows, String... expectedPartitions) {
    long filterCallsBefore = server.thriftRequests("get_partitions_by_filter");
    Dataset<Row> result = spark.sql(query);

    assertThat(sorted(result.collectAsList())).containsExactlyElementsOf(expectedRows);
    assertThat(server.thriftRequests("get_partitions_by_filter")).isGreaterThan(filterCallsBefore);
    List<String> scannedPartitions =
        scannedFiles(result.queryExecution().optimizedPlan()).stream()
            .map(file -> file.replaceAll("^.*/(ds=[^/]+/region=[^/]+)/[^/]+$", "$1"))
            .distinct()
            .sorted()
            .toList();
    assertThat(scannedPartitions).containsExactly(expectedPartitions);
  }

  /** The files of the file relations in {@code plan}, as left after partition pruning. */
  private static List<String> scannedFiles(LogicalPlan plan) {
    List<String> files = new ArrayList<>();
    for (LogicalPlan leaf : JavaConverters.seqAsJavaListConverter(plan.collectLeaves()).asJava()) {
      if (leaf instanceof LogicalRelation relation
          && relation.relation() instanceof HadoopFsRelation fileRelation) {
        files.addAll(List.of(fileRelation.location().inputFiles()));
      }
    }
    return files;
  }

  /** Writes the source rows as Parquet under {@code location}, one directory per partition. */
  private static void writePartitionedFiles(Path location) {
    spark
        .sql("SELECT id, name, ds, region FROM source")
        .write()
        .mode("append")
        .partitionBy("ds", "region")
        .parquet(location.toString());
  }

  private static void writeFiles(String query, Path location) {
    spark.sql(query).write().mode("append").parquet(location.toString());
  }

  /** The table's location as Spark resolves it (from {@code get_table}). */
  private static Path tableLocation(String database, String table) {
    Row location =
        spark
            .sql("DESCRIBE FORMATTED " + database + "." + table)
            .where("col_name = 'Location'")
            .first();
    return Path.of(URI.create(location.getString(1)));
  }

  private static void sql(String statement) {
    spark.sql(statement).collectAsList();
  }

  /** The rows of {@code query}, each as {@link Row#toString()}, in string order. */
  private static List<String> rows(String query) {
    return sorted(spark.sql(query).collectAsList());
  }

  private static List<String> sorted(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }
}
