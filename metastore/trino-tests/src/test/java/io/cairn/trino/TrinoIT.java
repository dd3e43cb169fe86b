package io.cairn.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.testing.CairnServerProcess;
import io.cairn.testing.TrinoServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trino 476, unchanged, using Cairn as its metastore in the five ways Trino offers: the Hive and
 * Iceberg connectors each through the Glue API ({@code hive.metastore.glue.endpoint-url}) and
 * through the Hive Metastore Thrift API, and the Iceberg connector through Cairn's Iceberg REST
 * catalog ({@code iceberg.catalog.type=rest}). Tables are written by Trino as Parquet under {@code
 * local://} locations (Trino's local file system lists only {@code local://} locations correctly).
 */
class TrinoIT {
  @TempDir static Path directory;

  private static CairnServerProcess cairn;
  private static TrinoServer trino;
  private static Connection connection;
  private static Path warehouse;

  @BeforeAll
  static void start() throws Exception {
    cairn =
        CairnServerProcess.start(
            directory.resolve("cairn"), CairnServerProcess.logFor(TrinoIT.class));
    warehouse = directory.resolve("warehouse");
    Map<String, String> glue =
        Map.of(
            "hive.metastore.glue.endpoint-url", cairn.httpUri().toString(),
            "hive.metastore.glue.region", "us-east-1",
            "hive.metastore.glue.aws-access-key", "cairn",
            "hive.metastore.glue.aws-secret-key", "cairn");
    Map<String, String> thrift =
        Map.of("hive.metastore.uri", "thrift://127.0.0.1:" + cairn.thriftPort());
    Map<String, Map<String, String>> catalogs = new LinkedHashMap<>();
    catalogs.put("glue", catalog("hive", glue, Map.of("hive.metastore", "glue")));
    catalogs.put("glue_iceberg", catalog("iceberg", glue, Map.of("iceberg.catalog.type", "glue")));
    catalogs.put("thrift", catalog("hive", thrift, Map.of()));
    catalogs.put(
        "thrift_iceberg",
        catalog("iceberg", thrift, Map.of("iceberg.catalog.type", "hive_metastore")));
    catalogs.put(
        "rest_iceberg",
        catalog(
            "iceberg",
            Map.of(),
            Map.of(
                "iceberg.catalog.type",
                "rest",
                "iceberg.rest-catalog.uri",
                cairn.httpUri() + "/iceberg")));
    trino = TrinoServer.start(catalogs);
    connection = trino.connect();
  }

  private static Map<String, String> catalog(
      String connector, Map<String, String> metastore, Map<String, String> extra) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("connector.name", connector);
    properties.putAll(metastore);
    properties.putAll(extra);
    properties.put("fs.native-local.enabled", "true");
    properties.put("local.location", "/");
    return properties;
  }

  @AfterAll
  static void stop() throws SQLException {
    if (connection != null) {
      connection.close();
    }
    if (trino != null) {
      trino.close();
    }
    if (cairn != null) {
      cairn.close();
    }
  }

  @Test
  void hiveConnectorKeepsPartitionedTablesInCairnThroughGlue() throws Exception {
    createSchema("glue", "glue_sales");
    execute(
        "CREATE TABLE glue.glue_sales.orders (id bigint, amount double, region varchar, day date)"
            + " WITH (format = 'PARQUET', partitioned_by = ARRAY['region', 'day'])");
    execute(
        "INSERT INTO glue.glue_sales.orders VALUES"
            + " (1, 10.5, 'eu', DATE '2024-01-01'), (2, 20.0, 'us', DATE '2024-01-02'),"
            + " (3, 5.0, 'eu', DATE '2024-01-02')");

    assertThat(
            query("SELECT region, CAST(day AS varchar) FROM glue.glue_sales.\"orders$partitions\""))
        .containsExactlyInAnyOrder(
            List.of("eu", "2024-01-01"), List.of("eu", "2024-01-02"), List.of("us", "2024-01-02"));
    long partitionListings = cairn.glueRequests("GetPartitions", "ok");
    assertThat(
            query(
                "SELECT id FROM glue.glue_sales.orders"
                    + " WHERE region = 'eu' AND day > DATE '2024-01-01'"))
        .containsExactly(List.of("3"));
    assertThat(cairn.glueRequests("GetPartitions", "ok")).isGreaterThan(partitionListings);

    // Statistics go to Cairn as Glue column statistics, per partition, and come back.
    execute("ANALYZE glue.glue_sales.orders");
    Map<String, List<String>> statistics = statisticsByColumn("glue.glue_sales.orders");
    assertThat(statistics.get("region").get(2)).isEqualTo("2.0"); // distinct values
    assertThat(statistics.get("amount").get(5)).isEqualTo("5.0"); // low
    assertThat(statistics.get("amount").get(6)).isEqualTo("20.0"); // high
    assertThat(statistics.get(null).get(4)).isEqualTo("3.0"); // row count
    assertThat(cairn.glueRequests("UpdateColumnStatisticsForPartition", "ok")).isPositive();

    // Schema change: UpdateTable; a new partition gets the new column.
    execute("ALTER TABLE glue.glue_sales.orders ADD COLUMN note varchar");
    execute("INSERT INTO glue.glue_sales.orders VALUES (4, 1.0, 'late', 'eu', DATE '2024-01-03')");
    assertThat(query("SELECT id, note FROM glue.glue_sales.orders WHERE id = 4"))
        .containsExactly(List.of("4", "late"));

    // A delete of whole partitions drops them from the catalog.
    execute("DELETE FROM glue.glue_sales.orders WHERE region = 'us'");
    assertThat(query("SELECT region FROM glue.glue_sales.\"orders$partitions\""))
        .containsOnly(List.of("eu"))
        .hasSize(3);
    assertThat(query("SELECT id FROM glue.glue_sales.orders ORDER BY id"))
        .containsExactly(List.of("1"), List.of("3"), List.of("4"));

    execute("DROP TABLE glue.glue_sales.orders");
    execute("DROP SCHEMA glue.glue_sales");
    assertThat(query("SHOW SCHEMAS FROM thrift")).doesNotContain(List.of("glue_sales"));
  }

  @Test
  void aHiveTableIsTheSameTableThroughGlueAndThroughThrift() throws Exception {
    createSchema("glue", "shared");
    execute(
        "CREATE TABLE glue.shared.by_glue (id bigint, name varchar, tags array(varchar), ds varchar)"
            + " WITH (format = 'PARQUET', partitioned_by = ARRAY['ds'])");
    execute(
        "INSERT INTO glue.shared.by_glue VALUES"
            + " (1, 'a', ARRAY['x'], '2024-01-01'), (2, 'b', ARRAY[], '2024-01-02')");
    execute(
        "CREATE TABLE thrift.shared.by_thrift (id bigint, name varchar, tags array(varchar), ds varchar)"
            + " WITH (format = 'PARQUET', partitioned_by = ARRAY['ds'])");
    execute(
        "INSERT INTO thrift.shared.by_thrift VALUES"
            + " (1, 'a', ARRAY['x'], '2024-01-01'), (2, 'b', ARRAY[], '2024-01-02')");

    for (String table : List.of("by_glue", "by_thrift")) {
      String columns =
          "SELECT column_name, data_type FROM %s.information_schema.columns"
              + " WHERE table_schema = 'shared' AND table_name = '"
              + table
              + "' ORDER BY ordinal_position";
      assertThat(query(columns.formatted("thrift"))).isEqualTo(query(columns.formatted("glue")));
      String rows =
          "SELECT id, name, cardinality(tags), ds FROM %s.shared." + table + " ORDER BY id";
      assertThat(query(rows.formatted("glue")))
          .isEqualTo(query(rows.formatted("thrift")))
          .containsExactly(
              List.of("1", "a", "1", "2024-01-01"), List.of("2", "b", "0", "2024-01-02"));
      String partitions = "SELECT ds FROM %s.shared.\"" + table + "$partitions\" ORDER BY ds";
      assertThat(query(partitions.formatted("glue")))
          .isEqualTo(query(partitions.formatted("thrift")))
          .hasSize(2);
      String comment = "COMMENT ON TABLE %s.shared." + table + " IS 'set through %s'";
      execute(comment.formatted("glue", "glue"));
      String read =
          "SELECT comment FROM system.metadata.table_comments"
              + " WHERE catalog_name = '%s' AND schema_name = 'shared' AND table_name = '"
              + table
              + "'";
      assertThat(query(read.formatted("thrift"))).containsExactly(List.of("set through glue"));
    }
  }

  @Test
  void icebergConnectorCommitsThroughGlueAndReadsThroughThrift() throws Exception {
    createSchema("glue_iceberg", "lake");
    execute(
        "CREATE TABLE glue_iceberg.lake.events (id bigint, kind varchar, at timestamp(6))"
            + " WITH (partitioning = ARRAY['kind'])");
    execute(
        "INSERT INTO glue_iceberg.lake.events VALUES"
            + " (1, 'a', TIMESTAMP '2024-01-01 00:00:00'), (2, 'b', TIMESTAMP '2024-01-02 00:00:00')");
    String firstSnapshot =
        query(
                "SELECT snapshot_id FROM glue_iceberg.lake.\"events$snapshots\""
                    + " ORDER BY committed_at DESC LIMIT 1")
            .get(0)
            .get(0);
    execute(
        "INSERT INTO glue_iceberg.lake.events VALUES (3, 'a', TIMESTAMP '2024-01-03 00:00:00')");
    execute("UPDATE glue_iceberg.lake.events SET kind = 'c' WHERE id = 2");
    execute("DELETE FROM glue_iceberg.lake.events WHERE id = 1");
    assertThat(query("SELECT id, kind FROM glue_iceberg.lake.events ORDER BY id"))
        .containsExactly(List.of("2", "c"), List.of("3", "a"));
    assertThat(
            query(
                "SELECT id FROM glue_iceberg.lake.events FOR VERSION AS OF "
                    + firstSnapshot
                    + " ORDER BY id"))
        .containsExactly(List.of("1"), List.of("2"));
    assertThat(cairn.glueRequests("UpdateTable", "ok")).isGreaterThanOrEqualTo(4);

    execute("ALTER TABLE glue_iceberg.lake.events ADD COLUMN source varchar");
    execute("ALTER TABLE glue_iceberg.lake.events RENAME TO glue_iceberg.lake.history");
    assertThatThrownBy(() -> query("SELECT * FROM glue_iceberg.lake.events"))
        .hasMessageContaining("does not exist");

    // The same table through the Thrift endpoint: Iceberg's own pointer, same snapshot.
    assertThat(query("SELECT id, kind, source FROM thrift_iceberg.lake.history ORDER BY id"))
        .containsExactly(List.of("2", "c", "null"), List.of("3", "a", "null"));
    execute(
        "INSERT INTO thrift_iceberg.lake.history VALUES (4, 'd', TIMESTAMP '2024-01-04 00:00:00', 'thrift')");
    assertThat(query("SELECT id, source FROM glue_iceberg.lake.history WHERE id = 4"))
        .containsExactly(List.of("4", "thrift"));

    execute("DROP TABLE glue_iceberg.lake.history");
    assertThat(query("SHOW TABLES FROM thrift_iceberg.lake")).isEmpty();
  }

  @Test
  void icebergConnectorUsesCairnAsARestCatalog() throws Exception {
    // Iceberg reads files by the paths its metadata names, so file:// locations work here.
    execute(
        "CREATE SCHEMA rest_iceberg.rest_lake WITH (location = '%s')"
            .formatted(warehouse.resolve("rest_lake").toUri()));
    execute(
        "CREATE TABLE rest_iceberg.rest_lake.orders (id bigint, region varchar, amount double)"
            + " WITH (partitioning = ARRAY['region'])");
    execute(
        "INSERT INTO rest_iceberg.rest_lake.orders VALUES (1, 'eu', 10.0), (2, 'us', 20.0),"
            + " (3, 'eu', 30.0)");
    String firstSnapshot =
        query(
                "SELECT snapshot_id FROM rest_iceberg.rest_lake.\"orders$snapshots\""
                    + " ORDER BY committed_at DESC LIMIT 1")
            .get(0)
            .get(0);
    execute("UPDATE rest_iceberg.rest_lake.orders SET amount = amount + 1 WHERE region = 'eu'");
    execute("DELETE FROM rest_iceberg.rest_lake.orders WHERE id = 2");
    execute(
        "MERGE INTO rest_iceberg.rest_lake.orders t USING (VALUES (3, 'eu', 99.0), (4, 'ap', 4.0))"
            + " AS s (id, region, amount) ON t.id = s.id"
            + " WHEN MATCHED THEN UPDATE SET amount = s.amount"
            + " WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.region, s.amount)");
    execute("ALTER TABLE rest_iceberg.rest_lake.orders ADD COLUMN note varchar");
    List<List<String>> expected =
        List.of(
            List.of("1", "eu", "11.0", "null"),
            List.of("3", "eu", "99.0", "null"),
            List.of("4", "ap", "4.0", "null"));
    assertThat(query("SELECT * FROM rest_iceberg.rest_lake.orders ORDER BY id"))
        .isEqualTo(expected);
    assertThat(
            query(
                "SELECT id FROM rest_iceberg.rest_lake.orders FOR VERSION AS OF "
                    + firstSnapshot
                    + " ORDER BY id"))
        .containsExactly(List.of("1"), List.of("2"), List.of("3"));

    // The same table, same snapshot, through Cairn's Glue API and Thrift endpoint.
    assertThat(query("SELECT * FROM glue_iceberg.rest_lake.orders ORDER BY id"))
        .isEqualTo(expected);
    assertThat(query("SELECT * FROM thrift_iceberg.rest_lake.orders ORDER BY id"))
        .isEqualTo(expected);
    execute("INSERT INTO thrift_iceberg.rest_lake.orders VALUES (5, 'eu', 5.0, 'thrift')");
    execute("INSERT INTO glue_iceberg.rest_lake.orders VALUES (6, 'eu', 6.0, 'glue')");
    assertThat(
            query(
                "SELECT id, note FROM rest_iceberg.rest_lake.orders WHERE note IS NOT NULL"
                    + " ORDER BY id"))
        .containsExactly(List.of("5", "thrift"), List.of("6", "glue"));

    execute("ALTER TABLE rest_iceberg.rest_lake.orders RENAME TO rest_iceberg.rest_lake.sales");
    assertThat(query("SHOW TABLES FROM thrift_iceberg.rest_lake"))
        .containsExactly(List.of("sales"));
    execute("DROP TABLE rest_iceberg.rest_lake.sales");
    execute("DROP SCHEMA rest_iceberg.rest_lake");
    assertThat(query("SHOW SCHEMAS FROM glue_iceberg")).doesNotContain(List.of("rest_lake"));
  }

  @Test
  void concurrentIcebergCommitsThroughGlueAllLand() throws Exception {
    createSchema("glue_iceberg", "contended");
    execute("CREATE TABLE glue_iceberg.contended.counts (writer integer, n integer)");
    int writers = 4;
    int rounds = 3;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int writer = 0; writer < writers; writer++) {
        int id = writer;
        results.add(
            pool.submit(
                () -> {
                  try (Connection own = trino.connect();
                      Statement statement = own.createStatement()) {
                    for (int n = 0; n < rounds; n++) {
                      statement.execute(
                          "INSERT INTO glue_iceberg.contended.counts VALUES (%d, %d)"
                              .formatted(id, n));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> result : results) {
        result.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            query(
                "SELECT count(*), count(DISTINCT (writer, n)) FROM glue_iceberg.contended.counts"))
        .containsExactly(List.of("12", "12"));
    assertThat(query("SELECT count(*) FROM glue_iceberg.contended.\"counts$snapshots\""))
        .containsExactly(List.of(Integer.toString(writers * rounds + 1)));
  }

  private static void createSchema(String catalog, String schema) throws SQLException {
    Path location = warehouse.resolve(schema);
    execute(
        "CREATE SCHEMA %s.%s WITH (location = 'local://%s')".formatted(catalog, schema, location));
  }

  /** SHOW STATS rows by column name (null for the table's row); each row's values as strings. */
  private static Map<String, List<String>> statisticsByColumn(String table) throws SQLException {
    Map<String, List<String>> byColumn = new LinkedHashMap<>();
    for (List<String> row : query("SHOW STATS FOR " + table)) {
      byColumn.put(row.get(0).equals("null") ? null : row.get(0), row);
    }
    return byColumn;
  }

  private static void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The rows of {@code sql}, each value as a string ("null" for SQL NULL). */
  private static List<List<String>> query(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      ResultSetMetaData metadata = result.getMetaData();
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int column = 1; column <= metadata.getColumnCount(); column++) {
          row.add(String.valueOf(result.getString(column)));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
