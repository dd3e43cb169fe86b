package io.cairn.store.jdbc;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Column;
import io.cairn.catalog.HiveTypes;
import io.cairn.catalog.HiveTypes.PartitionKeyKind;
import io.cairn.catalog.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Schema version 7, for both dialects, in Java beside the SQL migrations of {@link
 * Dialect#migrations()}: its data change needs the store's own parsing of partition values, which
 * SQL cannot repeat exactly. Forward-only, like them.
 *
 * <ul>
 *   <li>Date and timestamp partition keys compare as dates and timestamps from now on, on the
 *       number column of their key-value rows ({@link
 *       io.cairn.catalog.filter.PartitionFilter#comparableNumber}); rows written before have none,
 *       so every table's date and timestamp keys get theirs.
 *   <li>On PostgreSQL the two indexes of the key-value rows end with the partition id, so that a
 *       listing in the order of one key's values pages through the index without sorting ties
 *       (GetPartitions through a partition index). SQLite's indexes of this WITHOUT ROWID table end
 *       with its primary key (partition id, position) already.
 * </ul>
 */
final class TypedPartitionKeysMigration implements JavaMigration {
  private final Dialect dialect;

  TypedPartitionKeysMigration(Dialect dialect) {
    this.dialect = requireNonNull(dialect, "dialect is null");
  }

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("7");
  }

  @Override
  public String getDescription() {
    return "typed date and timestamp partition keys, key-ordered value indexes";
  }

  /** Fixed: the migration's code must not change once it has landed, as a SQL script's text. */
  @Override
  public Integer getChecksum() {
    return 7;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws Exception {
    Connection connection = context.getConnection();
    if (dialect == Dialect.POSTGRESQL) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP INDEX partition_key_values_by_string");
        statement.execute(
            "CREATE INDEX partition_key_values_by_string"
                + " ON partition_key_values (table_id, position, string_value, partition_id)");
        statement.execute("DROP INDEX partition_key_values_by_number");
        statement.execute(
            "CREATE INDEX partition_key_values_by_number"
                + " ON partition_key_values (table_id, position, number_value, partition_id)");
      }
    }
    List<long[]> typedKeys = new ArrayList<>();
    List<PartitionKeyKind> kinds = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, definition FROM tables")) {
      while (rows.next()) {
        List<Column> keys = StoreJson.read(rows.getString(2), Table.class).partitionKeys();
        for (int position = 0; position < keys.size(); position++) {
          PartitionKeyKind kind = HiveTypes.partitionKeyKind(keys.get(position).type());
          if (kind == PartitionKeyKind.DATE || kind == PartitionKeyKind.TIMESTAMP) {
            typedKeys.add(new long[] {rows.getLong(1), position});
            kinds.add(kind);
          }
        }
      }
    }
    JdbcStoreTransaction transaction = new JdbcStoreTransaction(connection, dialect);
    for (int i = 0; i < typedKeys.size(); i++) {
      transaction.refreshComparableNumbers(
          typedKeys.get(i)[0], (int) typedKeys.get(i)[1], kinds.get(i));
    }
  }
}
