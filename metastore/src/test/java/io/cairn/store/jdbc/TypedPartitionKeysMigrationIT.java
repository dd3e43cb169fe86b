package io.cairn.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.catalog.Column;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.filter.GlueExpressionParser;
import io.cairn.service.CatalogService;
import io.cairn.service.ResourceArns;
import io.cairn.store.CatalogStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema version 7 on a store written before it: date and timestamp keys get the numbers they
 * compare by, and PostgreSQL's key-value indexes end with the partition id. The state before
 * version 7 is made from a current store by taking back what version 7 adds.
 */
class TypedPartitionKeysMigrationIT {
  private static final TableName EVENTS = new DatabaseName("hive", "sales").table("events");

  @TempDir Path directory;

  @Test
  void sqlite() throws SQLException {
    String url = "jdbc:sqlite:" + directory.resolve("catalog.db");
    fill(url, null);
    try (Connection connection = DriverManager.getConnection(url)) {
      undoVersion7(connection);
    }
    assertMigrated(url, null);
  }

  @Test
  void postgresql() throws SQLException {
    try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
      fill(database.jdbcUrl(), database.user());
      try (Connection connection =
              DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
          Statement statement = connection.createStatement()) {
        undoVersion7(connection);
        statement.execute("DROP INDEX partition_key_values_by_string");
        statement.execute("DROP INDEX partition_key_values_by_number");
        statement.execute(
            "CREATE INDEX partition_key_values_by_string"
                + " ON partition_key_values (table_id, position, string_value)");
        statement.execute(
            "CREATE INDEX partition_key_values_by_number"
                + " ON partition_key_values (table_id, position, number_value)");
        assertThat(indexDefinitions(connection)).noneMatch(index -> index.contains("partition_id"));
      }
      assertMigrated(database.jdbcUrl(), database.user());
      try (Connection connection =
          DriverManager.getConnection(database.jdbcUrl(), database.user(), "")) {
        assertThat(indexDefinitions(connection))
            .containsExactlyInAnyOrder(
                "CREATE INDEX partition_key_values_by_string ON public.partition_key_values USING"
                    + " btree (table_id, \"position\", string_value, partition_id)",
                "CREATE INDEX partition_key_values_by_number ON public.partition_key_values USING"
                    + " btree (table_id, \"position\", number_value, partition_id)");
      }
    }
  }

  private static CatalogService service(CatalogStore store) {
    CatalogService service =
        new CatalogService(
            store, "hive", new ResourceArns("us-east-1", "123456789012"), Clock.systemUTC());
    service.ensureDefaultCatalog();
    return service;
  }

  private static void fill(String url, String user) {
    try (CatalogStore store = JdbcCatalogStore.open(url, user, "", 2)) {
      CatalogService service = service(store);
      service.createDatabase(
          new Database(
              EVENTS.databaseName(), null, null, null, Map.of(), null, null, null, null, 0));
      service.createTable(
          Table.builder()
              .name(EVENTS)
              .storageDescriptor(
                  StorageDescriptor.builder().columns(List.of(new Column("id", "bigint"))).build())
              .partitionKeys(
                  List.of(
                      new Column("hr", "int"),
                      new Column("day", "date"),
                      new Column("at", "timestamp")))
              .build());
      List<Partition> partitions = new ArrayList<>();
      for (String day : List.of("2024-02-28", "2024-02-29", "2024-03-01", "2024-3-2")) {
        for (String at : List.of("2024-03-01 10:00:00", "2024-03-01 10:00:00.5", "later")) {
          partitions.add(
              new Partition(EVENTS, List.of("7", day, at), null, Map.of(), null, null, null, 0));
        }
      }
      service.addPartitions(EVENTS, partitions);
    }
  }

  /**
   * What a store written before version 7 holds: no numbers for date and timestamp keys, and none
   * of the later versions (version 8's Iceberg REST tables, version 9's crawler tables, version
   * 10's job tables, version 11's job bookmarks, version 12's workflow tables, version 13's ML
   * transforms).
   */
  private static void undoVersion7(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "UPDATE partition_key_values SET number_value = NULL WHERE position IN (1, 2)");
      statement.execute("DROP TABLE workflow_run_actions");
      statement.execute("DROP TABLE workflow_runs");
      statement.execute("DROP TABLE workflows");
      statement.execute("DROP TABLE iceberg_idempotency_keys");
      statement.execute("DROP TABLE iceberg_metrics_reports");
      statement.execute("DROP TABLE crawls");
      statement.execute("DROP TABLE crawlers");
      statement.execute("DROP TABLE classifiers");
      statement.execute("DROP TABLE job_bookmarks");
      statement.execute("DROP TABLE triggers");
      statement.execute("DROP TABLE job_runs");
      statement.execute("DROP TABLE jobs");
      statement.execute("DROP TABLE ml_task_runs");
      statement.execute("DROP TABLE ml_transform_artifacts");
      statement.execute("DROP TABLE ml_transforms");
      assertThat(
              statement.executeUpdate(
                  "DELETE FROM flyway_schema_history WHERE version IN ('7', '8', '9', '10', '11', '12', '13')"))
          .isEqualTo(7);
    }
  }

  private static void assertMigrated(String url, String user) {
    try (CatalogStore store = JdbcCatalogStore.open(url, user, "", 2)) {
      CatalogService service = service(store);
      assertThat(names(service, "day > '2024-02-28' AND at >= '2024-03-01 10:00:00.1'"))
          .containsExactly(
              "hr=7/day=2024-02-29/at=2024-03-01 10%3A00%3A00.5",
              "hr=7/day=2024-03-01/at=2024-03-01 10%3A00%3A00.5");
      assertThat(names(service, "hr = 7 AND day = '2024-02-29'")).hasSize(3);
      assertThat(service.countPartitions(EVENTS, null)).isEqualTo(12);
    }
  }

  private static List<String> names(CatalogService service, String expression) {
    return service
        .listPartitionNames(EVENTS, GlueExpressionParser.parse(expression), PageRequest.first(100))
        .items();
  }

  private static List<String> indexDefinitions(Connection connection) throws SQLException {
    List<String> definitions = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'partition_key_values'"
                    + " AND indexname LIKE 'partition_key_values_by_%'")) {
      while (rows.next()) {
        definitions.add(rows.getString(1));
      }
    }
    return definitions;
  }
}
