package io.cairn.security;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.TableName;
import java.util.List;
import java.util.Locale;

/**
 * The object a privilege is granted on: the whole catalog server ({@link ObjectType#GLOBAL}), a
 * database, a table, a partition, or a column of a table or of a partition. Fields an object type
 * does not use are null; {@code partitionValues} is null except for partitions and partition
 * columns. Column names are case-insensitive and kept lower-case, as table names are.
 */
public record SecurableObject(
    ObjectType type,
    DatabaseName database,
    String table,
    List<String> partitionValues,
    String column) {
  public SecurableObject {
    requireNonNull(type, "type is null");
    partitionValues = partitionValues == null ? null : List.copyOf(partitionValues);
    table = table == null ? null : table.toLowerCase(Locale.ROOT);
    column = column == null ? null : column.toLowerCase(Locale.ROOT);
    boolean wellFormed =
        switch (type) {
          case GLOBAL ->
              database == null && table == null && partitionValues == null && column == null;
          case DATABASE ->
              database != null && table == null && partitionValues == null && column == null;
          case TABLE ->
              database != null && table != null && partitionValues == null && column == null;
          case PARTITION ->
              database != null && table != null && partitionValues != null && column == null;
          case COLUMN -> database != null && table != null && column != null;
        };
    if (!wellFormed) {
      throw new IllegalArgumentException("malformed " + type + " object");
    }
  }

  public static SecurableObject global() {
    return new SecurableObject(ObjectType.GLOBAL, null, null, null, null);
  }

  public static SecurableObject database(DatabaseName database) {
    return new SecurableObject(ObjectType.DATABASE, database, null, null, null);
  }

  public static SecurableObject table(TableName table) {
    return new SecurableObject(ObjectType.TABLE, table.databaseName(), table.table(), null, null);
  }

  public static SecurableObject partition(TableName table, List<String> values) {
    return new SecurableObject(
        ObjectType.PARTITION,
        table.databaseName(),
        table.table(),
        requireNonNull(values, "values is null"),
        null);
  }

  /**
   * A column of the table, or of one of its partitions when {@code partitionValues} is not null.
   */
  public static SecurableObject column(
      TableName table, List<String> partitionValues, String column) {
    return new SecurableObject(
        ObjectType.COLUMN,
        table.databaseName(),
        table.table(),
        partitionValues,
        requireNonNull(column, "column is null"));
  }

  /** The table of a table, partition or column object, null otherwise. */
  public TableName tableName() {
    return table == null ? null : database.table(table);
  }

  @Override
  public String toString() {
    return switch (type) {
      case GLOBAL -> "global";
      case DATABASE -> "database " + database;
      case TABLE -> "table " + tableName();
      case PARTITION -> "partition " + partitionValues + " of " + tableName();
      case COLUMN ->
          "column "
              + column
              + " of "
              + (partitionValues == null ? "" : "partition " + partitionValues + " of ")
              + tableName();
    };
  }
}
