package io.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.testing.CairnServerProcess;
import io.cairn.testing.TrinoServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five scenarios of issue 8 and the job scenario of issue 9: one Cairn server, and every engine
 * on it unchanged and in the protocol it speaks. Spark 3.5.9 runs in this JVM (its built-in Hive
 * 2.3 client over Thrift; Iceberg's REST, Hive and Glue catalogs), a real Trino 476 server in its
 * own JVM (the Hive connector over Thrift and over the Glue API, the Iceberg connector over REST),
 * Hive's own {@code HiveMetaStoreClient} (the one inside Spark's Hive jars) and the {@code aws} CLI
 * as metadata clients. Each scenario checks the rows the engines read, not only the catalog's
 * answers, and uses its own databases, so they run in any order.
 *
 * <p>Data lives in {@code file:} locations, which both engines reach through Hadoop's local file
 * system (Trino with {@code fs.hadoop.enabled=true}). Where a scenario must show that an engine
 * read only the partitions a filter selects, a partition outside the filter holds a file that is
 * not Parquet: a read of that partition fails, which the scenario also shows.
 */
class CrossEngineScenariosIT {
  @TempDir static Path workDirectory;

  private static CairnServerProcess cairn;
  private static TrinoServer trino;
  private static Connection trinoConnection;
  private static SparkSession spark;
  private static AwsCli aws;

  @BeforeAll
  static void start() throws Exception {
    cairn =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"),
            // Job runs are JVMs of etl-runner's runner, as a deployment configures them.
            Map.of(
                "CAIRN_JOBS_RUNNER_CLASS_PATH",
                System.getProperty("cairn.runner.class.path"),
                "CAIRN_JOBS_SPARK_MASTER",
                "local[1]"),
            CairnServerProcess.logFor(CrossEngineScenariosIT.class));
    aws = new AwsCli(cairn.httpUri(), Files.createDirectories(workDirectory.resolve("aws")));
    trino = TrinoServer.start(trinoCatalogs());
    trinoConnection = trino.connect();
    spark = sparkSession();
  }

  /** Trino's catalogs: {@code thrift} and {@code glue} (Hive connector), {@code iceberg} (REST). */
  private static Map<String, Map<String, String>> trinoCatalogs() {
    Map<String, String> thrift = new LinkedHashMap<>();
    thrift.put("connector.name", "hive");
    thrift.put("hive.metastore.uri", "thrift://127.0.0.1:" + cairn.thriftPort());
    // Cairn projects the partitions of tables with projection.* properties; Trino's own
    // projection would compute them in Trino and never ask the catalog.
    thrift.put("hive.partition-projection-enabled", "false");
    // Spark writes file: locations; Hadoop's local file system reads and lists them.
    thrift.put("fs.hadoop.enabled", "true");

    Map<String, String> glue = new LinkedHashMap<>();
    glue.put("connector.name", "hive");
    glue.put("hive.metastore", "glue");
    glue.put("hive.metastore.glue.endpoint-url", cairn.httpUri().toString());
    glue.put("hive.metastore.glue.region", "us-east-1");
    glue.put("hive.metastore.glue.aws-access-key", "cairn-test-access-key");
    glue.put("hive.metastore.glue.aws-secret-key", "cairn-test-secret-key");
    glue.put("hive.partition-projection-enabled", "false");
    glue.put("fs.hadoop.enabled", "true");

    Map<String, String> iceberg = new LinkedHashMap<>();
    iceberg.put("connector.name", "iceberg");
    iceberg.put("iceberg.catalog.type", "rest");
    iceberg.put("iceberg.rest-catalog.uri", cairn.httpUri() + "/iceberg");
    iceberg.put("fs.hadoop.enabled", "true");

    Map<String, Map<String, String>> catalogs = new LinkedHashMap<>();
    catalogs.put("thrift", thrift);
    catalogs.put("glue", glue);
    catalogs.put("iceberg", iceberg);
    return catalogs;
  }

  /**
   * Spark with its built-in Hive client on Cairn's Thrift port, and three Iceberg catalogs: {@code
   * rest} (Cairn's Iceberg REST catalog), {@code ice_hive} (Iceberg's HiveCatalog over Thrift) and
   * {@code ice_glue} (Iceberg's GlueCatalog over the Glue API).
   */
  private static SparkSession sparkSession() {
    String thriftUri = "thrift://127.0.0.1:" + cairn.thriftPort();
    String icebergWarehouse = workDirectory.resolve("iceberg-warehouse").toUri().toString();
    return SparkSession.builder()
        .appName("CrossEngineScenariosIT")
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.local.dir", workDirectory.resolve("spark-local").toString())
        .config("spark.sql.warehouse.dir", workDirectory.resolve("warehouse").toUri().toString())
        // Spark's Hive catalog: the built-in Hive 2.3 client on Cairn's Thrift port.
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.hadoop.hive.metastore.uris", thriftUri)
        .config("spark.hadoop.hive.metastore.client.socket.timeout", "60s")
        .config("spark.hadoop.hive.exec.dynamic.partition.mode", "nonstrict")
        .config(
            "spark.hadoop.hive.exec.scratchdir", workDirectory.resolve("hive-scratch").toString())
        .config(
            "spark.hadoop.hive.exec.local.scratchdir",
            workDirectory.resolve("hive-local-scratch").toString())
        .config(
            "spark.hadoop.hive.downloaded.resources.dir",
            workDirectory.resolve("hive-resources").toString())
        .config(
            "spark.sql.extensions",
            "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        // Iceberg through Cairn's REST catalog: nothing but the URI.
        .config("spark.sql.catalog.rest", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.rest.type", "rest")
        .config("spark.sql.catalog.rest.uri", cairn.httpUri() + "/iceberg")
        .config("spark.sql.catalog.rest.cache-enabled", "false")
        // Iceberg's HiveCatalog over Cairn's Thrift port.
        .config("spark.sql.catalog.ice_hive", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.ice_hive.type", "hive")
        .config("spark.sql.catalog.ice_hive.uri", thriftUri)
        .config("spark.sql.catalog.ice_hive.warehouse", icebergWarehouse)
        .config("spark.sql.catalog.ice_hive.cache-enabled", "false")
        // Iceberg's GlueCatalog over Cairn's Glue API.
        .config("spark.sql.catalog.ice_glue", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.ice_glue.type", "glue")
        .config("spark.sql.catalog.ice_glue.glue.endpoint", cairn.httpUri().toString())
        .config("spark.sql.catalog.ice_glue.client.region", "us-east-1")
        .config(
            "spark.sql.catalog.ice_glue.client.credentials-provider",
            StaticTestCredentials.class.getName())
        .config("spark.sql.catalog.ice_glue.io-impl", "org.apache.iceberg.hadoop.HadoopFileIO")
        .config("spark.sql.catalog.ice_glue.warehouse", icebergWarehouse)
        .config("spark.sql.catalog.ice_glue.cache-enabled", "false")
        .enableHiveSupport()
        .getOrCreate();
  }

  @AfterAll
  static void stop() throws SQLException {
    try {
      if (spark != null) {
        spark.stop();
      }
      if (trinoConnection != null) {
        trinoConnection.close();
      }
    } finally {
      if (trino != null) {
        trino.close();
      }
      if (cairn != null) {
        cairn.close();
      }
    }
  }

  /**
   * Scenario 1: Spark creates and fills a partitioned Parquet table over Thrift; Trino reads the
   * same rows and partitions through Thrift and through Glue and prunes on the partition key; Trino
   * inserts a new partition and Spark sees it.
   */
  @Test
  void sparkWritesPartitionedParquetTrinoReadsPrunesAndAddsAPartitionSparkSees() throws Exception {
    spark("CREATE DATABASE s1_sales");
    spark(
        "CREATE TABLE s1_sales.orders (id INT, customer STRING, amount DOUBLE)"
            + " PARTITIONED BY (day STRING) STORED AS PARQUET");
    spark(
        "INSERT INTO s1_sales.orders SELECT CAST(id AS INT), concat('c', id % 5), id * 1.5,"
            + " concat('2024-05-0', 1 + id % 3) FROM range(30)");
    List<List<String>> written = new ArrayList<>();
    for (int id = 0; id < 30; id++) {
      written.add(row(id, "c" + id % 5, id * 1.5, "2024-05-0" + (1 + id % 3)));
    }

    for (String catalog : List.of("thrift", "glue")) {
      assertThat(
              trino(
                  "SELECT id, customer, amount, day FROM %s.s1_sales.orders ORDER BY id", catalog))
          .as("rows through Trino's %s catalog", catalog)
          .isEqualTo(written);
      assertThat(trino("SELECT day FROM %s.s1_sales.\"orders$partitions\" ORDER BY day", catalog))
          .containsExactly(row("2024-05-01"), row("2024-05-02"), row("2024-05-03"));
    }
    assertThat(sparkRows("SHOW PARTITIONS s1_sales.orders"))
        .containsExactly(row("day=2024-05-01"), row("day=2024-05-02"), row("day=2024-05-03"));

    // Pruning: a partition the filter leaves out holds a file no engine can read.
    Path unreadable = corruptFileIn(tableLocation("s1_sales", "orders").resolve("day=2024-05-01"));
    List<List<String>> secondDay =
        written.stream().filter(r -> r.get(3).equals("2024-05-02")).toList();
    long partitionListings = cairn.glueRequests("GetPartitions", "ok");
    for (String catalog : List.of("thrift", "glue")) {
      assertThat(
              trino(
                  "SELECT id, customer, amount, day FROM %s.s1_sales.orders"
                      + " WHERE day = '2024-05-02' ORDER BY id",
                  catalog))
          .isEqualTo(secondDay);
      assertThatThrownBy(() -> trino("SELECT count(*) FROM %s.s1_sales.orders", catalog))
          .as("a read of every partition reaches the unreadable file")
          .hasMessageContaining(unreadable.getFileName().toString());
    }
    assertThat(cairn.glueRequests("GetPartitions", "ok")).isGreaterThan(partitionListings);
    Files.delete(unreadable);

    trino("INSERT INTO thrift.s1_sales.orders VALUES (100, 'trino', 9.5, '2024-05-04')");

    assertThat(sparkRows("SHOW PARTITIONS s1_sales.orders"))
        .containsExactly(
            row("day=2024-05-01"),
            row("day=2024-05-02"),
            row("day=2024-05-03"),
            row("day=2024-05-04"));
    assertThat(
            sparkRows(
                "SELECT id, customer, amount, day FROM s1_sales.orders WHERE day > '2024-05-03'"))
        .containsExactly(row(100, "trino", 9.5, "2024-05-04"));
    assertThat(sparkRows("SELECT count(*), sum(id) FROM s1_sales.orders"))
        .containsExactly(row(31, 435 + 100));
    assertThat(trino("SELECT count(*) FROM glue.s1_sales.orders")).containsExactly(row(31));
  }

  /**
   * Scenario 2: a crawler started with the aws CLI discovers a tree of Parquet and CSV files that
   * Spark wrote without any catalog; Spark and Trino (through Thrift and through Glue) query the
   * crawled tables with the same types and exactly the rows written.
   */
  @Test
  void crawledParquetAndCsvTablesAreQueriedBySparkAndTrino() throws Exception {
    Path lake = workDirectory.resolve("s2-lake");
    spark
        .sql(
            "SELECT CAST(id AS INT) AS id, concat('item ', id) AS name, CAST(id * 1.25 AS DOUBLE) AS amount,"
                + " concat('2024-03-0', 1 + id % 3) AS day FROM range(30)")
        .write()
        .partitionBy("day")
        .parquet(lake.resolve("orders").toString());
    // CSV without a header line: Spark 3.5's Hive reader ignores skip.header.line.count.
    spark
        .sql(
            "SELECT CAST(id AS INT) AS id, concat('city ', id) AS city,"
                + " id * 1000000000 AS visitors,"
                + " IF(id % 2 = 0, 'eu', 'us') AS region FROM range(20)")
        .write()
        .partitionBy("region")
        .csv(lake.resolve("visits").toString());

    aws.glue(
        "create-crawler",
        "--name",
        "s2_lake",
        "--role",
        "unused",
        "--database-name",
        "s2_crawled",
        "--targets",
        "{\"S3Targets\": [{\"Path\": \"" + lake.toUri() + "\"}]}");
    aws.glue("start-crawler", "--name", "s2_lake");
    JsonNode crawler = awaitCrawlerReady("s2_lake");
    assertThat(crawler.path("LastCrawl").path("Status").asText()).isEqualTo("SUCCEEDED");

    List<List<String>> orders = new ArrayList<>();
    for (int id = 0; id < 30; id++) {
      orders.add(row(id, "item " + id, id * 1.25, "2024-03-0" + (1 + id % 3)));
    }
    List<List<String>> visits = new ArrayList<>();
    for (int id = 0; id < 20; id++) {
      visits.add(row(id, "city " + id, id * 1_000_000_000L, id % 2 == 0 ? "eu" : "us"));
    }
    assertThat(sparkRows("SELECT id, name, amount, day FROM s2_crawled.orders ORDER BY id"))
        .isEqualTo(orders);
    // Without a header the crawler names the CSV's columns col0, col1, … as Glue does.
    assertThat(sparkRows("SELECT col0, col1, col2, region FROM s2_crawled.visits ORDER BY col0"))
        .isEqualTo(visits);
    assertThat(sparkRows("SHOW PARTITIONS s2_crawled.orders")).hasSize(3);
    assertThat(sparkRows("SHOW PARTITIONS s2_crawled.visits")).hasSize(2);
    List<List<String>> sparkTypes = new ArrayList<>();
    for (String table : List.of("orders", "visits")) {
      for (List<String> column : sparkRows("DESCRIBE s2_crawled." + table)) {
        if (column.get(0).startsWith("#")) {
          break; // the partition section repeats the partition columns
        }
        sparkTypes.add(row(table, column.get(0), column.get(1)));
      }
    }
    assertThat(sparkTypes)
        .containsExactly(
            row("orders", "id", "int"),
            row("orders", "name", "string"),
            row("orders", "amount", "double"),
            row("orders", "day", "string"),
            row("visits", "col0", "int"),
            row("visits", "col1", "string"),
            row("visits", "col2", "bigint"),
            row("visits", "region", "string"));

    for (String catalog : List.of("thrift", "glue")) {
      assertThat(
              trino("SELECT id, name, amount, day FROM %s.s2_crawled.orders ORDER BY id", catalog))
          .isEqualTo(orders);
      assertThat(
              trino(
                  "SELECT col0, col1, col2, region FROM %s.s2_crawled.visits ORDER BY col0",
                  catalog))
          .isEqualTo(visits);
      assertThat(
              trino(
                  "SELECT table_name, column_name, data_type FROM %s.information_schema.columns"
                      + " WHERE table_schema = 's2_crawled' ORDER BY table_name, ordinal_position",
                  catalog))
          .as("the same types in Trino's names")
          .containsExactly(
              row("orders", "id", "integer"),
              row("orders", "name", "varchar"),
              row("orders", "amount", "double"),
              row("orders", "day", "varchar"),
              row("visits", "col0", "integer"),
              row("visits", "col1", "varchar"),
              row("visits", "col2", "bigint"),
              row("visits", "region", "varchar"));
      assertThat(trino("SELECT count(*) FROM %s.s2_crawled.visits WHERE region = 'eu'", catalog))
          .containsExactly(row(10));
    }
  }

  /**
   * Scenario 3: a table with Athena's {@code projection.*} properties and no stored partitions;
   * Spark and Trino (its own projection off) both read only the partitions a date filter selects,
   * which Cairn computes.
   */
  @Test
  void projectedPartitionsAreComputedByCairnForSparkAndTrino() throws Exception {
    Path location = workDirectory.resolve("s3-lake/daily");
    spark("CREATE DATABASE s3_projected");
    spark(
        "CREATE TABLE s3_projected.daily (id INT, note STRING) PARTITIONED BY (day STRING)"
            + " STORED AS PARQUET LOCATION '"
            + location.toUri()
            + "' TBLPROPERTIES ('projection.enabled' = 'true',"
            + " 'projection.day.type' = 'date', 'projection.day.format' = 'yyyy-MM-dd',"
            + " 'projection.day.range' = '2015-01-01,2024-12-31')");
    // Four weeks of data in Hive's day=… folders; no partition is ever added to the catalog.
    spark
        .sql(
            "SELECT CAST(id AS INT) AS id, concat('row ', id) AS note,"
                + " CAST(date_add(DATE '2020-02-17', CAST(id AS INT)) AS STRING) AS day"
                + " FROM range(28)")
        .write()
        .mode("append")
        .partitionBy("day")
        .parquet(location.toString());
    Path unreadable = corruptFileIn(location.resolve("day=2020-02-25"));
    List<List<String>> week = new ArrayList<>();
    String[] days = {
      "2020-02-26",
      "2020-02-27",
      "2020-02-28",
      "2020-02-29",
      "2020-03-01",
      "2020-03-02",
      "2020-03-03"
    };
    for (int offset = 0; offset < days.length; offset++) {
      week.add(row(9 + offset, "row " + (9 + offset), days[offset]));
    }
    String weekQuery =
        "SELECT id, note, day FROM %s WHERE day BETWEEN '2020-02-26' AND '2020-03-03' ORDER BY id";
    String widerQuery = "SELECT count(*) FROM %s WHERE day BETWEEN '2020-02-25' AND '2020-03-03'";

    assertThat(sparkRows("SHOW PARTITIONS s3_projected.daily")).hasSize(3653);
    long thriftFilterCalls = cairn.thriftRequests("get_partitions_by_filter");
    assertThat(sparkRows(weekQuery.formatted("s3_projected.daily"))).isEqualTo(week);
    assertThat(cairn.thriftRequests("get_partitions_by_filter")).isGreaterThan(thriftFilterCalls);
    assertThatThrownBy(() -> sparkRows(widerQuery.formatted("s3_projected.daily")))
        .as("a filter that selects the unreadable partition reads it")
        .hasStackTraceContaining(unreadable.getFileName().toString());

    long glueListings = cairn.glueRequests("GetPartitions", "ok");
    for (String catalog : List.of("thrift", "glue")) {
      String table = catalog + ".s3_projected.daily";
      assertThat(trino(weekQuery, table)).as("Trino through %s", catalog).isEqualTo(week);
      assertThatThrownBy(() -> trino(widerQuery, table))
          .hasMessageContaining(unreadable.getFileName().toString());
    }
    assertThat(cairn.glueRequests("GetPartitions", "ok")).isGreaterThan(glueListings);
  }

  /**
   * Scenario 4: an Iceberg table written by Spark through REST is read and appended to by Trino
   * through REST, read by Spark through Iceberg's HiveCatalog and GlueCatalog, and shown by the aws
   * CLI as a Glue table of type ICEBERG; appends from Spark and Trino at the same time all land.
   */
  @Test
  void icebergTableIsSharedByRestHiveGlueAndTheAwsCli() throws Exception {
    spark("CREATE NAMESPACE rest.s4_lake");
    spark(
        "CREATE TABLE rest.s4_lake.events (id BIGINT, writer STRING, amount DOUBLE) USING iceberg"
            + " PARTITIONED BY (writer) TBLPROPERTIES ('commit.retry.num-retries' = '20',"
            + " 'commit.retry.min-wait-ms' = '10')");
    spark(
        "INSERT INTO rest.s4_lake.events VALUES (1, 'spark', 1.0), (2, 'spark', 2.0), (3, 'spark', 3.0)");

    assertThat(trino("SELECT id, writer, amount FROM iceberg.s4_lake.events ORDER BY id"))
        .containsExactly(row(1, "spark", 1.0), row(2, "spark", 2.0), row(3, "spark", 3.0));
    trino("INSERT INTO iceberg.s4_lake.events VALUES (4, 'trino', 4.0)");
    List<List<String>> all =
        List.of(
            row(1, "spark", 1.0), row(2, "spark", 2.0), row(3, "spark", 3.0), row(4, "trino", 4.0));
    for (String catalog : List.of("rest", "ice_hive", "ice_glue")) {
      assertThat(sparkRows("SELECT id, writer, amount FROM %s.s4_lake.events ORDER BY id", catalog))
          .as("Spark through %s", catalog)
          .isEqualTo(all);
    }

    JsonNode table = aws.glue("get-table", "--database-name", "s4_lake", "--name", "events");
    JsonNode parameters = table.path("Table").path("Parameters");
    assertThat(parameters.path("table_type").asText()).isEqualToIgnoringCase("ICEBERG");
    String newestMetadata =
        sparkRows(
                "SELECT file FROM rest.s4_lake.events.metadata_log_entries"
                    + " ORDER BY timestamp DESC LIMIT 1")
            .get(0)
            .get(0);
    assertThat(parameters.path("metadata_location").asText()).isEqualTo(newestMetadata);

    int appends = 5;
    // Both writers pass the gate together; their spans must overlap for the appends to race.
    CountDownLatch gate = new CountDownLatch(2);
    ExecutorService writers = Executors.newFixedThreadPool(2);
    Span sparkSpan;
    Span trinoSpan;
    try {
      Future<Span> sparkWriter =
          writers.submit(
              () -> {
                gate.countDown();
                gate.await();
                Instant start = Instant.now();
                for (int n = 0; n < appends; n++) {
                  spark("INSERT INTO rest.s4_lake.events VALUES (%d, 'spark', 0.5)", 100 + n);
                }
                return new Span(start, Instant.now());
              });
      Future<Span> trinoWriter =
          writers.submit(
              () -> {
                try (Connection own = trino.connect();
                    Statement statement = own.createStatement()) {
                  gate.countDown();
                  gate.await();
                  Instant start = Instant.now();
                  for (int n = 0; n < appends; n++) {
                    statement.execute(
                        "INSERT INTO iceberg.s4_lake.events VALUES (%d, 'trino', 0.5)"
                            .formatted(200 + n));
                  }
                  return new Span(start, Instant.now());
                }
              });
      sparkSpan = sparkWriter.get();
      trinoSpan = trinoWriter.get();
    } finally {
      writers.shutdownNow();
    }
    assertThat(sparkSpan.start()).as("Spark's appends overlap Trino's").isBefore(trinoSpan.end());
    assertThat(trinoSpan.start()).as("Trino's appends overlap Spark's").isBefore(sparkSpan.end());
    List<List<String>> expectedCounts =
        List.of(row("spark", 3 + appends), row("trino", 1 + appends));
    assertThat(
            trino(
                "SELECT writer, count(*) FROM iceberg.s4_lake.events GROUP BY writer ORDER BY writer"))
        .isEqualTo(expectedCounts);
    assertThat(
            sparkRows(
                "SELECT writer, count(*) FROM ice_hive.s4_lake.events GROUP BY writer ORDER BY writer"))
        .isEqualTo(expectedCounts);
    assertThat(trino("SELECT count(*) FROM iceberg.s4_lake.\"events$snapshots\""))
        .as("one snapshot per append")
        .containsExactly(row(2 + 2 * appends));
  }

  /**
   * Scenario 5: schema evolution. Columns added through Hive's HiveMetaStoreClient, Spark over
   * Thrift, Trino over REST and Iceberg's GlueCatalog appear, with the rows written into them, in
   * every other engine and protocol, and in the aws CLI's view of the table.
   */
  @Test
  void aColumnAddedThroughOneProtocolAppearsInEveryOther() throws Exception {
    spark("CREATE DATABASE s5_evolve");
    spark(
        "CREATE TABLE s5_evolve.people (id INT, name STRING) PARTITIONED BY (team STRING)"
            + " STORED AS PARQUET");
    spark("INSERT INTO s5_evolve.people VALUES (1, 'ann', 'red'), (2, 'bob', 'blue')");

    // Hive's own client adds a column over Thrift.
    HiveConf hiveConf = new HiveConf();
    hiveConf.setVar(HiveConf.ConfVars.METASTOREURIS, "thrift://127.0.0.1:" + cairn.thriftPort());
    HiveMetaStoreClient hive = new HiveMetaStoreClient(hiveConf);
    try {
      Table people = hive.getTable("s5_evolve", "people");
      people.getSd().addToCols(new FieldSchema("age", "int", null));
      hive.alter_table("s5_evolve", "people", people);
    } finally {
      hive.close();
    }
    assertThat(
            trino(
                "SELECT column_name, data_type FROM glue.information_schema.columns"
                    + " WHERE table_schema = 's5_evolve' AND table_name = 'people'"
                    + " ORDER BY ordinal_position"))
        .containsExactly(
            row("id", "integer"),
            row("name", "varchar"),
            row("age", "integer"),
            row("team", "varchar"));
    trino("INSERT INTO glue.s5_evolve.people VALUES (3, 'cy', 41, 'green')");

    // Spark over Thrift adds another; the table's schema is now the one Hive and Trino changed.
    spark("ALTER TABLE s5_evolve.people ADD COLUMNS (city STRING)");
    spark("INSERT INTO s5_evolve.people PARTITION (team = 'yellow') VALUES (4, 'dee', 29, 'oslo')");
    List<List<String>> people =
        List.of(
            row(1, "ann", null, null, "red"),
            row(2, "bob", null, null, "blue"),
            row(3, "cy", 41, null, "green"),
            row(4, "dee", 29, "oslo", "yellow"));
    assertThat(sparkRows("SELECT id, name, age, city, team FROM s5_evolve.people ORDER BY id"))
        .isEqualTo(people);
    for (String catalog : List.of("thrift", "glue")) {
      assertThat(
              trino(
                  "SELECT id, name, age, city, team FROM %s.s5_evolve.people ORDER BY id", catalog))
          .isEqualTo(people);
    }
    JsonNode hiveTable = aws.glue("get-table", "--database-name", "s5_evolve", "--name", "people");
    assertThat(columnNames(hiveTable.path("Table").path("StorageDescriptor").path("Columns")))
        .containsExactly("id", "name", "age", "city");
    assertThat(columnNames(hiveTable.path("Table").path("PartitionKeys"))).containsExactly("team");

    // An Iceberg table: a column added by Trino over REST, then one by Iceberg's GlueCatalog.
    spark("CREATE NAMESPACE rest.s5_ice");
    spark("CREATE TABLE rest.s5_ice.metrics (id BIGINT, value DOUBLE) USING iceberg");
    spark("INSERT INTO rest.s5_ice.metrics VALUES (1, 1.0)");
    trino("ALTER TABLE iceberg.s5_ice.metrics ADD COLUMN unit varchar");
    trino("INSERT INTO iceberg.s5_ice.metrics VALUES (2, 2.0, 'kg')");
    assertThat(sparkRows("SELECT * FROM ice_hive.s5_ice.metrics ORDER BY id"))
        .containsExactly(row(1, 1.0, null), row(2, 2.0, "kg"));
    spark("ALTER TABLE ice_glue.s5_ice.metrics ADD COLUMN source STRING");
    spark("INSERT INTO ice_glue.s5_ice.metrics VALUES (3, 3.0, 'g', 'glue')");
    assertThat(trino("SELECT * FROM iceberg.s5_ice.metrics ORDER BY id"))
        .containsExactly(
            row(1, 1.0, null, null), row(2, 2.0, "kg", null), row(3, 3.0, "g", "glue"));
    assertThat(sparkRows("SELECT * FROM rest.s5_ice.metrics ORDER BY id"))
        .containsExactly(
            row(1, 1.0, null, null), row(2, 2.0, "kg", null), row(3, 3.0, "g", "glue"));
    JsonNode icebergTable = aws.glue("get-table", "--database-name", "s5_ice", "--name", "metrics");
    assertThat(columnNames(icebergTable.path("Table").path("StorageDescriptor").path("Columns")))
        .containsExactly("id", "value", "unit", "source");
  }

  /** When a writer's first append started and its last one ended. */
  /**
   * Scenario 6 (issue 9): Glue's medical-claims cleanup as a job graph that the aws CLI defines and
   * starts; Cairn runs it as a runner JVM, which writes JSON partitioned by claim date into a
   * catalog table; Spark and Trino (through Thrift and through Glue) read the same rows.
   */
  @Test
  void aJobRunByCairnLoadsATableThatSparkAndTrinoQuery() throws Exception {
    Path input = Files.createDirectories(workDirectory.resolve("s6-input"));
    Path claims = Files.createDirectories(input.resolve("claims"));
    Files.write(
        claims.resolve("part-0.csv"),
        List.of(
            "claim_id,provider_id,claim_date,amount,procedure",
            "1,10,2024-01-03,\"\"\"$120.50\"\"\",code A1",
            "2,10,,$80,code B2",
            "3,20,2024-01-04,,code C3",
            "4,20,2024-01-04,$35.25,D4",
            "5,30,2024-01-05,$99,code E5",
            "6,10,,$10,code F6"));
    Path providers = Files.createDirectories(input.resolve("providers"));
    Files.write(
        providers.resolve("part-0.csv"),
        List.of(
            "provider_id,provider_name,state",
            "10,North Clinic,WA",
            "20,Bay Care,WA",
            "30,Sun Health,CA"));
    Path table = workDirectory.resolve("s6-health").resolve("claims");
    spark("CREATE DATABASE s6_health LOCATION '%s'", table.getParent().toUri());
    Path nodes =
        Files.writeString(
            input.resolve("nodes.json"),
            """
            {
              "claims": {"S3CsvSource": {"Name": "Claims", "Paths": ["%s"], "WithHeader": true,
                "Separator": "comma", "QuoteChar": "quote"}},
              "clean": {"Recipe": {"Name": "Clean claims", "Inputs": ["claims"], "RecipeSteps": [
                {"Action": {"Operation": "REMOVE_MISSING", "Parameters": {"sourceColumn": "amount"}}},
                {"Action": {"Operation": "CHANGE_DATA_TYPE",
                            "Parameters": {"sourceColumn": "claim_date", "columnDataType": "date"}}},
                {"Action": {"Operation": "FILL_WITH_LAST_VALID", "Parameters": {"sourceColumn": "claim_date"}}},
                {"Action": {"Operation": "REMOVE_QUOTES", "Parameters": {"sourceColumn": "amount"}}},
                {"Action": {"Operation": "REPLACE_TEXT",
                            "Parameters": {"sourceColumn": "amount", "pattern": "$"}}},
                {"Action": {"Operation": "CHANGE_DATA_TYPE",
                            "Parameters": {"sourceColumn": "amount", "columnDataType": "double"}}},
                {"Action": {"Operation": "REPLACE_PATTERN",
                            "Parameters": {"sourceColumn": "procedure", "pattern": "^code "}}}]}},
              "providers": {"S3CsvSource": {"Name": "Providers", "Paths": ["%s"], "WithHeader": true,
                "Separator": "comma", "QuoteChar": "quote"}},
              "washington": {"Filter": {"Name": "Washington only", "Inputs": ["providers"],
                "LogicalOperator": "AND", "Filters": [{"Operation": "EQ", "Negated": false, "Values": [
                  {"Type": "COLUMNEXTRACTED", "Value": ["state"]}, {"Type": "CONSTANT", "Value": ["WA"]}]}]}},
              "joined": {"Join": {"Name": "Claims of WA providers", "Inputs": ["clean", "washington"],
                "JoinType": "equijoin", "Columns": [
                  {"From": "clean", "Keys": [["provider_id"]]},
                  {"From": "washington", "Keys": [["provider_id"]]}]}},
              "tidy": {"DropFields": {"Name": "Drop the right key", "Inputs": ["joined"],
                "Paths": [["(right) provider_id"]]}},
              "out": {"S3DirectTarget": {"Name": "Claims by date", "Inputs": ["tidy"], "Path": "%s",
                "Format": "json", "PartitionKeys": [["claim_date"]],
                "SchemaChangePolicy": {"EnableUpdateCatalog": true,
                  "UpdateBehavior": "UPDATE_IN_DATABASE", "Database": "s6_health", "Table": "claims"}}}
            }
            """
                .formatted(claims.toUri(), providers.toUri(), table.toUri()));

    aws.glue(
        "create-job",
        "--name",
        "s6-claims",
        "--role",
        "unused",
        "--command",
        "Name=glueetl",
        "--code-gen-configuration-nodes",
        "file://" + nodes);
    String runId = aws.glue("start-job-run", "--job-name", "s6-claims").path("JobRunId").asText();
    JsonNode run = awaitJobRunEnded("s6-claims", runId);
    assertThat(run.path("JobRunState").asText())
        .as("run %s: %s", runId, run.path("ErrorMessage").asText())
        .isEqualTo("SUCCEEDED");

    List<List<String>> expected =
        List.of(
            row(1, 10, "2024-01-03", 120.5, "A1", "North Clinic", "WA"),
            row(2, 10, "2024-01-03", 80.0, "B2", "North Clinic", "WA"),
            row(4, 20, "2024-01-04", 35.25, "D4", "Bay Care", "WA"),
            row(6, 10, "2024-01-05", 10.0, "F6", "North Clinic", "WA"));
    String query =
        "SELECT claim_id, provider_id, claim_date, amount, procedure, provider_name, state"
            + " FROM %s ORDER BY claim_id";
    assertThat(sparkRows(query, "s6_health.claims")).isEqualTo(expected);
    for (String catalog : List.of("thrift", "glue")) {
      assertThat(trino(query, catalog + ".s6_health.claims")).as(catalog).isEqualTo(expected);
      assertThat(
              trino(
                  "SELECT claim_date FROM %s.s6_health.\"claims$partitions\" ORDER BY 1", catalog))
          .containsExactly(row("2024-01-03"), row("2024-01-04"), row("2024-01-05"));
    }
  }

  private record Span(Instant start, Instant end) {}

  private static List<String> columnNames(JsonNode columns) {
    List<String> names = new ArrayList<>();
    columns.forEach(column -> names.add(column.path("Name").asText()));
    return names;
  }

  /** Polls {@code aws glue get-crawler} until the crawler is READY after a crawl. */
  private static JsonNode awaitCrawlerReady(String name) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (true) {
      JsonNode crawler = aws.glue("get-crawler", "--name", name).path("Crawler");
      if (crawler.path("State").asText().equals("READY") && crawler.has("LastCrawl")) {
        return crawler;
      }
      assertThat(Instant.now())
          .as("crawler %s still %s", name, crawler.path("State").asText())
          .isBefore(deadline);
      Thread.sleep(500); // the CLI itself takes most of a second per call
    }
  }

  /** Polls {@code aws glue get-job-run} until the run has ended. */
  private static JsonNode awaitJobRunEnded(String job, String runId) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (true) {
      JsonNode run = aws.glue("get-job-run", "--job-name", job, "--run-id", runId).path("JobRun");
      String state = run.path("JobRunState").asText();
      if (!List.of("STARTING", "RUNNING", "STOPPING", "WAITING").contains(state)) {
        return run;
      }
      assertThat(Instant.now()).as("job run %s still %s", runId, state).isBefore(deadline);
      Thread.sleep(1000); // a Spark job run takes tens of seconds
    }
  }

  /** The local directory of a table Spark created over Thrift, from the catalog's location. */
  private static Path tableLocation(String database, String table) {
    String location =
        sparkRows("DESCRIBE FORMATTED %s.%s", database, table).stream()
            .filter(row -> row.get(0).equals("Location"))
            .findFirst()
            .orElseThrow()
            .get(1);
    return Path.of(URI.create(location));
  }

  /** Writes a file that is not Parquet (but named like one) into {@code directory}. */
  private static Path corruptFileIn(Path directory) throws IOException {
    return Files.writeString(
        directory.resolve("unreadable-0000.parquet"), "not a Parquet file, never to be read");
  }

  private static void spark(String sql, Object... arguments) {
    spark.sql(formatted(sql, arguments)).collectAsList();
  }

  /** Spark's rows of {@code sql}, each value as a string (null for SQL NULL). */
  private static List<List<String>> sparkRows(String sql, Object... arguments) {
    List<List<String>> rows = new ArrayList<>();
    for (Row result : spark.sql(formatted(sql, arguments)).collectAsList()) {
      List<String> row = new ArrayList<>();
      for (int column = 0; column < result.size(); column++) {
        row.add(result.isNullAt(column) ? null : String.valueOf(result.get(column)));
      }
      rows.add(row);
    }
    return rows;
  }

  /** Trino's rows of {@code sql}, each value as a string (null for SQL NULL). */
  private static List<List<String>> trino(String sql, Object... arguments) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement statement = trinoConnection.createStatement()) {
      if (!statement.execute(formatted(sql, arguments))) {
        return rows;
      }
      try (ResultSet result = statement.getResultSet()) {
        ResultSetMetaData metadata = result.getMetaData();
        while (result.next()) {
          List<String> row = new ArrayList<>();
          for (int column = 1; column <= metadata.getColumnCount(); column++) {
            Object value = result.getObject(column);
            row.add(value == null ? null : String.valueOf(value));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** {@code sql} with {@code arguments} in its {@code %s}s; without arguments as it is. */
  private static String formatted(String sql, Object... arguments) {
    return arguments.length == 0 ? sql : sql.formatted(arguments);
  }

  /** A row of values as strings (null stays null), the form both engines' rows are compared in. */
  private static List<String> row(Object... values) {
    List<String> row = new ArrayList<>();
    for (Object value : values) {
      row.add(value == null ? null : String.valueOf(value));
    }
    return row;
  }
}
