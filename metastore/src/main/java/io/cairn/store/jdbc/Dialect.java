package io.cairn.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What differs between the two databases the JDBC store runs on. */
enum Dialect {
  SQLITE("db/migration/sqlite"),
  POSTGRESQL("db/migration/postgresql");

  private final String migrations;

  Dialect(String migrations) {
    this.migrations = migrations;
  }

  static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "unsupported store URL '" + jdbcUrl + "': use jdbc:sqlite:<file> or jdbc:postgresql://…");
  }

  String migrations() {
    return migrations;
  }

  /**
   * Reserves {@code count} consecutive-or-not ids for rows of {@code table}, so a batch insert can
   * refer to them before the rows exist.
   */
  long[] allocateIds(Connection connection, String table, int count) throws SQLException {
    long[] ids = new long[count];
    if (count == 0) {
      return ids;
    }
    if (this == POSTGRESQL) {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT nextval('" + table + "_id_seq') FROM generate_series(1, ?)")) {
        statement.setInt(1, count);
        try (ResultSet rows = statement.executeQuery()) {
          for (int i = 0; rows.next(); i++) {
            ids[i] = rows.getLong(1);
          }
        }
      }
      return ids;
    }
    // SQLite has one writer at a time (write transactions begin IMMEDIATE), so max + 1 is ours.
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM " + table);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      long next = rows.getLong(1) + 1;
      for (int i = 0; i < count; i++) {
        ids[i] = next + i;
      }
    }
    return ids;
  }

  boolean isUniqueViolation(SQLException e) {
    return switch (this) {
      case POSTGRESQL -> "23505".equals(e.getSQLState());
        // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY
      case SQLITE ->
          e.getErrorCode() == 19
              && e.getMessage() != null
              && (e.getMessage().contains("UNIQUE") || e.getMessage().contains("PRIMARY KEY"));
    };
  }

  /** A conflict between concurrent transactions that a retry by the client may resolve. */
  boolean isConcurrencyConflict(SQLException e) {
    return switch (this) {
      case POSTGRESQL -> "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
        // SQLITE_BUSY after the busy timeout
      case SQLITE -> e.getErrorCode() == 5;
    };
  }

  /** Binds a filter or key value; SQLite's driver binds BigDecimal as text, so give it numbers. */
  void bind(PreparedStatement statement, int index, Object value) throws SQLException {
    statement.setObject(index, this == SQLITE ? PartitionFilterSql.jdbcValue(value) : value);
  }
}
