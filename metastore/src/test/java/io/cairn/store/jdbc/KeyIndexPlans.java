package io.cairn.store.jdbc;

import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.Segment;
import io.cairn.catalog.TableName;
import io.cairn.catalog.filter.GlueExpressionParser;
import io.cairn.catalog.filter.KeyRange;
import io.cairn.catalog.filter.PartitionFilter;
import io.cairn.store.CatalogStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The query plans of listings through a partition key's index ({@link
 * JdbcStoreTransaction#partitionsByKeyQuery}), as the database reports them for the statement and
 * parameters the store runs.
 */
final class KeyIndexPlans {
  private KeyIndexPlans() {}

  /**
   * The plan of the page after {@code token} (null for the first) of the partitions that {@code
   * expression}, bound with Glue's rules, selects through the index of key {@code keyIndex}.
   */
  static String plan(
      CatalogStore store,
      TableName table,
      String expression,
      int keyIndex,
      Segment segment,
      String token) {
    return store.read(
        transaction -> {
          JdbcStoreTransaction jdbc = (JdbcStoreTransaction) transaction;
          KeyRange range = range(store, table, expression, keyIndex);
          long tableId = tableId(jdbc.connection(), table);
          JdbcStoreTransaction.SqlQuery query =
              jdbc.partitionsByKeyQuery(tableId, range, segment, token, 100);
          Connection connection = jdbc.connection();
          Dialect dialect = isSqlite(connection) ? Dialect.SQLITE : Dialect.POSTGRESQL;
          String explain = dialect == Dialect.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
          return jdbc.withIndexOrderedPlans(
              () -> {
                try (PreparedStatement statement =
                    connection.prepareStatement(explain + query.sql())) {
                  for (int i = 0; i < query.parameters().size(); i++) {
                    dialect.bind(statement, i + 1, query.parameters().get(i));
                  }
                  List<String> lines = new ArrayList<>();
                  try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                      lines.add(rows.getString(dialect == Dialect.SQLITE ? 4 : 1));
                    }
                  }
                  return String.join("\n", lines);
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
        });
  }

  /** The token after the first page of {@code size} of the same listing. */
  static String firstPageToken(
      CatalogStore store, TableName table, String expression, int keyIndex, int size) {
    KeyRange range = range(store, table, expression, keyIndex);
    Page<Partition> page =
        store.read(
            transaction ->
                transaction.listPartitionsByKey(table, range, null, PageRequest.first(size)));
    return page.nextToken();
  }

  private static KeyRange range(
      CatalogStore store, TableName table, String expression, int keyIndex) {
    return store.read(
        transaction ->
            PartitionFilter.bindGlueExpression(
                    GlueExpressionParser.parse(expression),
                    transaction.loadTable(table).orElseThrow().partitionKeys())
                .keyRange(keyIndex)
                .orElseThrow());
  }

  private static long tableId(Connection connection, TableName table) {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT id FROM tables WHERE name = ?")) {
      statement.setString(1, table.table());
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isSqlite(Connection connection) {
    try {
      return connection.getMetaData().getURL().startsWith("jdbc:sqlite:");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
