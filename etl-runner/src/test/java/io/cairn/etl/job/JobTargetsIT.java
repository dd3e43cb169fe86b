package io.cairn.etl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.etl.PostgresTestDatabase;
import io.cairn.etl.io.JdbcSource;
import io.cairn.etl.io.SourceBookmark;
import io.cairn.testing.CairnServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON jobs run by {@link JobExecutor} in a session built by {@link CairnSparkSessions} against
 * {@code cairn server} in a separate JVM: CSV files through a test transform into catalog tables
 * with each of Glue's catalog-update options, Parquet files with partition folders and compression,
 * Iceberg tables through Cairn's REST catalog with append, overwrite and merge, and a PostgreSQL
 * table as a source, also with job bookmarks on its keys. What a job wrote is checked through the
 * catalog, as another engine would see it.
 */
class JobTargetsIT {
  @TempDir static Path workDirectory;

  private static CairnServerProcess server;
  private static SparkSession spark;
  private static NodeTypes types;

  @BeforeAll
  static void start() throws IOException {
    server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"), CairnServerProcess.logFor(JobTargetsIT.class));
    spark = JobTestSessions.start("JobTargetsIT", workDirectory, server, true);
    types = NodeTypes.load(JobTargetsIT.class.getClassLoader());
    spark.sql("CREATE DATABASE lake LOCATION '" + workDirectory.resolve("lake").toUri() + "'");
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
  void updateInDatabaseCreatesTheTableThenAddsColumnsAndPartitions() throws IOException {
    Path first = csv("events-1", "id,name,day", "1,ann,1", "2,bob,1", "3,cy,2");
    run(catalogJob(first, "events", "UPDATE_IN_DATABASE", "'ignored'"));

    assertThat(rows("SHOW PARTITIONS lake.events")).containsExactly("[day=1]", "[day=2]");
    assertThat(rows("SELECT id, name, day FROM lake.events"))
        .containsExactly("[1,ann,1]", "[2,bob,1]", "[3,cy,2]");
    assertThat(spark.table("lake.events").schema().simpleString())
        .isEqualTo("struct<id:int,name:string,day:int>");
    assertThat(rows("SHOW TBLPROPERTIES lake.events ('classification')"))
        .containsExactly("[classification,parquet]");

    Path second = csv("events-2", "id,name,day", "4,dee,3", "5,eve,2");
    run(catalogJob(second, "events", "UPDATE_IN_DATABASE", "id * 10"));

    assertThat(spark.table("lake.events").schema().simpleString())
        .as("the new column is added before the partition column")
        .isEqualTo("struct<id:int,name:string,score:int,day:int>");
    assertThat(rows("SHOW PARTITIONS lake.events"))
        .containsExactly("[day=1]", "[day=2]", "[day=3]");
    assertThat(rows("SELECT id, name, score, day FROM lake.events"))
        .containsExactly(
            "[1,ann,null,1]", "[2,bob,null,1]", "[3,cy,null,2]", "[4,dee,40,3]", "[5,eve,50,2]");
  }

  @Test
  void logKeepsTheSchemaAndAddsPartitions() throws IOException {
    run(
        catalogJob(
            csv("logged-1", "id,name,day", "1,ann,1"),
            "logged",
            "UPDATE_IN_DATABASE",
            "'ignored'"));
    run(catalogJob(csv("logged-2", "id,name,day", "2,bob,2"), "logged", "LOG", "id * 10"));

    assertThat(spark.table("lake.logged").schema().simpleString())
        .as("the data's new column score is not added")
        .isEqualTo("struct<id:int,name:string,day:int>");
    assertThat(rows("SHOW PARTITIONS lake.logged")).containsExactly("[day=1]", "[day=2]");
    assertThat(rows("SELECT id, name, day FROM lake.logged"))
        .containsExactly("[1,ann,1]", "[2,bob,2]");
  }

  @Test
  void withoutCatalogUpdatesOnlyFilesChange() throws IOException {
    run(catalogJob(csv("quiet-1", "id,name,day", "1,ann,1"), "quiet", "UPDATE_IN_DATABASE", "0"));
    run(
        """
        {"in": {"S3CsvSource": {"Name": "csv", "Paths": ["%s"], "WithHeader": true}},
         "out": {"CatalogTarget": {"Name": "table", "Inputs": ["in"], "Database": "lake",
                                   "Table": "quiet"}}}
        """
            .formatted(csv("quiet-2", "id,name,day,extra", "2,bob,1,x", "3,cy,9,y")));

    assertThat(rows("SHOW PARTITIONS lake.quiet")).containsExactly("[day=1]");
    assertThat(spark.table("lake.quiet").schema().fieldNames())
        .containsExactly("id", "name", "score", "day");
    assertThat(rows("SELECT id, name, day FROM lake.quiet"))
        .as("rows in a known partition are read; day=9 is not in the catalog")
        .containsExactly("[1,ann,1]", "[2,bob,1]");
    assertThat(workDirectory.resolve("lake/quiet/day=9")).isDirectory();
  }

  @Test
  void badWritesChangeNothing() throws IOException {
    run(catalogJob(csv("strict-1", "id,name,day", "1,ann,1"), "strict", "UPDATE_IN_DATABASE", "0"));
    Path text = csv("strict-2", "id,name,day", "x,bob,2");

    assertThatThrownBy(() -> run(catalogJob(text, "strict", "UPDATE_IN_DATABASE", "0")))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("column id is STRING in the data but INT in table `lake`.`strict`");
    assertThatThrownBy(() -> run(catalogJob(text, "absent", "LOG", "0")))
        .hasMessageContaining(
            "table lake.absent does not exist; a target creates it only with UpdateBehavior"
                + " UPDATE_IN_DATABASE");
    assertThat(rows("SHOW PARTITIONS lake.strict")).containsExactly("[day=1]");
    assertThat(workDirectory.resolve("lake/strict/day=2")).doesNotExist();
    assertThat(spark.catalog().tableExists("lake", "absent")).isFalse();
  }

  @Test
  void parquetFilesWithPartitionFoldersAndCompression() throws IOException {
    Path input = csv("sales", "id,region,amount", "1,eu,10", "2,us,20", "3,eu,30");
    Path gzip = workDirectory.resolve("out-gzip");
    Path snappy = workDirectory.resolve("out-snappy");
    Path plain = workDirectory.resolve("out-json");
    run(
        """
        {"in": {"S3CsvSource": {"Name": "csv", "Paths": ["%s"], "WithHeader": true}},
         "gzip": {"S3GlueParquetTarget": {"Name": "g", "Inputs": ["in"], "Path": "%s",
                  "Compression": "gzip", "PartitionKeys": [["region"]]}},
         "snappy": {"S3DirectTarget": {"Name": "s", "Inputs": ["in"], "Path": "%s",
                    "Format": "parquet", "PartitionKeys": [["region"]]}},
         "json": {"S3DirectTarget": {"Name": "j", "Inputs": ["in"], "Path": "%s",
                  "Format": "json", "Compression": "none"}}}
        """
            .formatted(input, gzip, snappy, plain));

    assertThat(dataFiles(gzip.resolve("region=eu"))).allMatch(name -> name.endsWith(".gz.parquet"));
    assertThat(dataFiles(snappy.resolve("region=us")))
        .isNotEmpty()
        .allMatch(name -> name.endsWith(".snappy.parquet"));
    assertThat(dataFiles(plain)).isNotEmpty().allMatch(name -> name.endsWith(".json"));
    assertThat(
            spark.read().parquet(gzip.toString()).collectAsList().stream()
                .map(Row::toString)
                .sorted())
        .containsExactly("[1,10,eu]", "[2,20,us]", "[3,30,eu]");

    run(
        """
        {"in": {"S3ParquetSource": {"Name": "p", "Paths": ["%s"]}},
         "out": {"S3DirectTarget": {"Name": "t", "Inputs": ["in"], "Path": "%s", "Format": "orc",
                 "Compression": "zlib", "PartitionKeys": [["region"]],
                 "SchemaChangePolicy": {"EnableUpdateCatalog": true,
                                        "UpdateBehavior": "UPDATE_IN_DATABASE",
                                        "Database": "lake", "Table": "sales_orc"}}}}
        """
            .formatted(snappy, workDirectory.resolve("sales-orc")));
    assertThat(rows("SELECT id, amount, region FROM lake.sales_orc"))
        .containsExactly("[1,10,eu]", "[2,20,us]", "[3,30,eu]");
    assertThat(rows("SHOW PARTITIONS lake.sales_orc"))
        .containsExactly("[region=eu]", "[region=us]");
  }

  @Test
  void icebergTablesAppendOverwriteAndMerge() throws IOException {
    spark.sql("CREATE NAMESPACE iceberg.shop");
    String job =
        """
        {"in": {"S3CsvSource": {"Name": "csv", "Paths": ["%s"], "WithHeader": true}},
         "out": {"S3IcebergCatalogTarget": {"Name": "orders", "Inputs": ["in"], "Database": "shop",
                 "Table": "orders", "PartitionKeys": [["status"]],
                 "AdditionalOptions": {"writeMode": "%s", "mergeKeys": "id"}}}}
        """;
    run(job.formatted(csv("orders-1", "id,amount,status", "1,10,new", "2,20,new"), "append"));
    run(job.formatted(csv("orders-2", "id,amount,status", "3,30,paid"), "append"));
    assertThat(rows("SELECT * FROM iceberg.shop.orders"))
        .containsExactly("[1,10,new]", "[2,20,new]", "[3,30,paid]");
    assertThat(rows("SELECT partition.status FROM iceberg.shop.orders.partitions"))
        .containsExactly("[new]", "[paid]");

    run(job.formatted(csv("orders-3", "id,amount,status", "2,25,paid", "4,40,new"), "merge"));
    assertThat(rows("SELECT * FROM iceberg.shop.orders"))
        .containsExactly("[1,10,new]", "[2,25,paid]", "[3,30,paid]", "[4,40,new]");

    run(job.formatted(csv("orders-4", "id,amount,status", "9,90,new"), "overwrite"));
    assertThat(rows("SELECT * FROM iceberg.shop.orders")).containsExactly("[9,90,new]");
    assertThat(rows("SELECT operation FROM iceberg.shop.orders.snapshots ORDER BY committed_at"))
        .as("append, append, merge (copy-on-write), overwrite: one snapshot each")
        .hasSize(4);

    run(
        """
        {"in": {"CatalogIcebergSource": {"Name": "orders", "Database": "shop", "Table": "orders"}},
         "out": {"S3DirectTarget": {"Name": "copy", "Inputs": ["in"], "Path": "%s",
                 "Format": "json"}}}
        """
            .formatted(workDirectory.resolve("orders-copy")));
    assertThat(spark.read().json(workDirectory.resolve("orders-copy").toString()).count())
        .isEqualTo(1);
  }

  @Test
  void jdbcSourceReadsAPostgresTable() throws Exception {
    try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
      try (Connection connection =
              DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE customers (id INT PRIMARY KEY, name TEXT, country TEXT)");
        statement.execute(
            "INSERT INTO customers VALUES (1, 'ann', 'de'), (2, 'bob', 'fr'), (3, 'cy', 'de')");
      }
      run(
          """
          {"db": {"JdbcSource": {"Name": "customers", "Url": "%s", "User": "%s",
                  "Query": "SELECT id, name, country FROM customers WHERE country = 'de'"}},
           "out": {"S3CatalogTarget": {"Name": "t", "Inputs": ["db"], "Database": "lake",
                   "Table": "customers", "PartitionKeys": [["country"]],
                   "SchemaChangePolicy": {"EnableUpdateCatalog": true}}}}
          """
              .formatted(database.jdbcUrl(), database.user()));
    }
    assertThat(rows("SELECT id, name, country FROM lake.customers"))
        .containsExactly("[1,ann,de]", "[3,cy,de]");
  }

  @Test
  void jdbcBookmarksReadOnlyRowsBeyondTheLastRunsKeys() throws Exception {
    try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
      sql(database, "CREATE TABLE shop.orders (id SERIAL PRIMARY KEY, item TEXT)", true);
      sql(database, "INSERT INTO shop.orders (item) VALUES ('a'), ('b'), ('c')", false);
      // No JobBookmarkKeys: the primary key, read from the database's metadata.
      String job =
          """
          {"db": {"JdbcSource": {"Name": "orders", "Url": "%s", "User": "%s",
                  "Table": "shop.orders"}},
           "check": {"DynamicTransform": {"Name": "Check", "TransformName": "gs_derived",
             "Inputs": ["db"], "Parameters": [{"Name": "colName", "Value": ["checked"]},
               {"Name": "expr", "Value": ["if(item != 'bad', id, raise_error('a bad item'))"]}]}},
           "out": {"S3DirectTarget": {"Name": "t", "Inputs": ["check"], "Path": "%%s",
                   "Format": "csv", "WriteHeader": false}}}
          """
              .formatted(database.jdbcUrl(), database.user());
      Path bookmark = workDirectory.resolve("orders-bookmark.json");

      assertThat(runWithBookmark(job, bookmark)).containsExactly("1,a,1", "2,b,2", "3,c,3");
      assertThat(Files.readString(bookmark))
          .isEqualTo("{\"db\":{\"keys\":[\"id\"],\"sortOrder\":\"asc\",\"last\":[\"3\"]}}");

      sql(database, "INSERT INTO shop.orders (item) VALUES ('d'), ('e')", false);
      assertThat(runWithBookmark(job, bookmark)).containsExactly("4,d,4", "5,e,5");
      assertThat(runWithBookmark(job, bookmark)).as("nothing new").isEmpty();

      sql(database, "INSERT INTO shop.orders (item) VALUES ('f'), ('bad')", false);
      Dataset<Row> pushed =
          new JdbcSource()
              .read(
                  new RunContext(spark, Map.of(), Instant.now()),
                  new ObjectMapper()
                      .readTree(
                          """
                          {"Url": "%s", "User": "%s", "Table": "shop.orders"}
                          """
                              .formatted(database.jdbcUrl(), database.user())),
                  new SourceBookmark(
                      new ObjectMapper().readTree(Files.readString(bookmark)).get("db"),
                      null,
                      state -> {}));
      assertThat(pushed.queryExecution().executedPlan().toString())
          .as("the bookmark's bounds are in the database's WHERE clause")
          .contains("PushedFilters: [")
          .contains("GreaterThan(id,5)")
          .contains("LessThanOrEqual(id,7)");
      assertThatThrownBy(() -> runWithBookmark(job, bookmark))
          .isInstanceOf(JobFailedException.class)
          .hasStackTraceContaining("a bad item");
      sql(database, "UPDATE shop.orders SET item = 'g' WHERE item = 'bad'", false);
      assertThat(runWithBookmark(job, bookmark))
          .as("the failed run recorded nothing, so its rows are read again")
          .containsExactly("6,f,6", "7,g,7");

      Files.delete(bookmark);
      assertThat(runWithBookmark(job, bookmark)).as("reset: everything").hasSize(7);
    }
  }

  @Test
  void jdbcBookmarkKeysCompoundAndDescending() throws Exception {
    try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
      sql(database, "CREATE TABLE events (day DATE, seq INT, countdown INT)", true);
      sql(
          database,
          "INSERT INTO events VALUES ('2024-01-01', 1, 9), ('2024-01-01', 2, 8),"
              + " ('2024-01-02', 1, 7), ('2024-01-01', 3, NULL)",
          false);
      String job =
          """
          {"db": {"JdbcSource": {"Name": "events", "Url": "%s", "User": "%s",
                  "Query": "SELECT day, seq, countdown FROM events",
                  "JobBookmarkKeys": %s, "JobBookmarkKeysSortOrder": "%s"}},
           "out": {"S3DirectTarget": {"Name": "t", "Inputs": ["db"], "Path": "%%s",
                   "Format": "csv", "WriteHeader": false}}}
          """;
      String compound =
          job.formatted(database.jdbcUrl(), database.user(), "[\"day\", \"seq\"]", "ASC");
      String descending =
          job.formatted(database.jdbcUrl(), database.user(), "[\"countdown\"]", "desc");
      Path compoundBookmark = workDirectory.resolve("events-compound.json");
      Path descendingBookmark = workDirectory.resolve("events-descending.json");

      assertThat(runWithBookmark(compound, compoundBookmark)).hasSize(4);
      assertThat(runWithBookmark(descending, descendingBookmark))
          .as("a row whose key is null is never read, nor is it where the bookmark ends")
          .hasSize(3);

      sql(
          database,
          "INSERT INTO events VALUES ('2024-01-02', 2, 6), ('2024-01-03', 0, 5), ('2023-12-31', 9, 10)",
          false);
      assertThat(runWithBookmark(compound, compoundBookmark))
          .as("after (2024-01-02, 1); the row dated before the bookmark is never read")
          .containsExactly("2024-01-02,2,6", "2024-01-03,0,5");
      assertThat(runWithBookmark(descending, descendingBookmark))
          .as("below the last minimum countdown 7")
          .containsExactly("2024-01-02,2,6", "2024-01-03,0,5");

      assertThatThrownBy(
              () ->
                  runWithBookmark(
                      job.formatted(database.jdbcUrl(), database.user(), "[\"seq\"]", "ASC"),
                      compoundBookmark))
          .hasStackTraceContaining(
              "the job bookmark was recorded for keys [day, seq] asc, the source now has [seq]"
                  + " asc; reset the job bookmark after changing the keys");
      String withoutKeys =
          """
          {"db": {"JdbcSource": {"Name": "events", "Url": "%s", "User": "%s", "Table": "events"}},
           "out": {"S3DirectTarget": {"Name": "t", "Inputs": ["db"], "Path": "%%s",
                   "Format": "json"}}}
          """
              .formatted(database.jdbcUrl(), database.user());
      assertThatThrownBy(() -> runWithBookmark(withoutKeys, workDirectory.resolve("none.json")))
          .hasStackTraceContaining(
              "table events has no primary key: job bookmarks need JobBookmarkKeys");
    }
  }

  private static void sql(PostgresTestDatabase database, String statement, boolean withSchema)
      throws Exception {
    try (Connection connection =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
        Statement sql = connection.createStatement()) {
      if (withSchema) {
        sql.execute("CREATE SCHEMA IF NOT EXISTS shop");
      }
      sql.execute(statement);
    }
  }

  /**
   * Runs a job (its target's Path left as %s) with the job bookmark kept in {@code bookmarkFile} as
   * the server keeps it: the run starts from the file's state (none when it is missing) and the
   * state after the run replaces it only when the job succeeded.
   *
   * @return the lines the run's CSV target wrote, sorted
   */
  private static List<String> runWithBookmark(String job, Path bookmarkFile) throws IOException {
    Path directory = Files.createTempDirectory(workDirectory, "bookmarked-run");
    Path input = directory.resolve("bookmark.json");
    String state = Files.exists(bookmarkFile) ? Files.readString(bookmarkFile) : "{}";
    Files.writeString(input, "{\"option\": \"job-bookmark-enable\", \"state\": " + state + "}");
    JobBookmarks bookmarks = JobBookmarks.read(input);
    Path output = directory.resolve("out");
    JobGraph graph = JobGraph.parse(job.formatted(output), types);
    new JobExecutor(types, System.err::println)
        .run(graph, new RunContext(spark, Map.of(), Instant.now()), bookmarks);
    bookmarks.write(bookmarkFile);
    List<String> lines = new java.util.ArrayList<>();
    try (Stream<Path> files = Files.list(output)) {
      for (Path file :
          files.filter(file -> file.getFileName().toString().startsWith("part-")).toList()) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines.stream().sorted().toList();
  }

  private static String catalogJob(Path input, String table, String behavior, String score) {
    return """
        {"in": {"S3CsvSource": {"Name": "csv", "Paths": ["%s"], "WithHeader": true,
                                "Separator": "comma", "QuoteChar": "quote"}},
         "score": {"DynamicTransform": {"Name": "score", "TransformName": "TestWithColumn",
                   "Inputs": ["in"], "Column": "score", "Expression": "%s"}},
         "out": {"S3CatalogTarget": {"Name": "table", "Inputs": ["%s"], "Database": "lake",
                 "Table": "%s", "PartitionKeys": [["day"]],
                 "SchemaChangePolicy": {"EnableUpdateCatalog": true, "UpdateBehavior": "%s"}}}}
        """
        .formatted(input, score, score.equals("'ignored'") ? "in" : "score", table, behavior);
  }

  static void run(String job) {
    JobGraph graph = JobGraph.parse(job, types);
    new JobExecutor(types, System.err::println)
        .run(graph, new RunContext(spark, Map.of(), Instant.now()));
  }

  private static Path csv(String name, String... lines) throws IOException {
    Path directory = Files.createDirectories(workDirectory.resolve("input").resolve(name));
    Files.write(directory.resolve("part-0.csv"), List.of(lines));
    return directory;
  }

  private static List<String> dataFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(file -> file.startsWith("part-"))
          .toList();
    }
  }

  static List<String> rows(String query) {
    return spark.sql(query).collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
