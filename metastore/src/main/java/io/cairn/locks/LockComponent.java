package io.cairn.locks;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.ValidationException;
import java.util.Locale;

/**
 * One object a lock covers: a database ({@code table} and {@code partition} null), a table ({@code
 * partition} null) or a partition, named {@code k1=v1/k2=v2}. The object need not exist: Hive locks
 * tables it is about to create. Table names are lower-case; partition names are kept as given.
 */
public record LockComponent(LockType type, DatabaseName database, String table, String partition) {
  public LockComponent {
    requireNonNull(type, "type is null");
    requireNonNull(database, "database is null");
    if (database.database().isEmpty()) {
      throw new ValidationException("a lock component needs a database name");
    }
    if (table != null) {
      if (table.isEmpty()) {
        throw new ValidationException("a table lock component needs a table name");
      }
      table = table.toLowerCase(Locale.ROOT);
    }
    if (partition != null) {
      if (table == null) {
        throw new ValidationException("a partition lock component needs a table name");
      }
      if (partition.isEmpty()) {
        throw new ValidationException("a partition lock component needs a partition name");
      }
    }
  }

  public static LockComponent database(LockType type, DatabaseName database) {
    return new LockComponent(type, database, null, null);
  }

  public static LockComponent table(LockType type, DatabaseName database, String table) {
    return new LockComponent(type, database, requireNonNull(table, "table is null"), null);
  }

  public static LockComponent partition(
      LockType type, DatabaseName database, String table, String partition) {
    return new LockComponent(
        type,
        database,
        requireNonNull(table, "table is null"),
        requireNonNull(partition, "partition is null"));
  }

  /**
   * Whether the two objects overlap: the same object, or one encloses the other (a database its
   * tables and partitions, a table its partitions).
   */
  public boolean overlaps(LockComponent other) {
    if (!database.equals(other.database)) {
      return false;
    }
    if (table == null || other.table == null) {
      return true;
    }
    if (!table.equals(other.table)) {
      return false;
    }
    return partition == null || other.partition == null || partition.equals(other.partition);
  }

  /** Whether a lock on this component and one on {@code other} may not be held together. */
  public boolean conflictsWith(LockComponent other) {
    return overlaps(other) && type.conflictsWith(other.type);
  }
}
