package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/** Catalog-qualified table name. Names are case-insensitive and kept lower-case. */
public record TableName(String catalog, String database, String table) {
  public TableName {
    catalog = requireNonNull(catalog, "catalog is null").toLowerCase(Locale.ROOT);
    database = requireNonNull(database, "database is null").toLowerCase(Locale.ROOT);
    table = requireNonNull(table, "table is null").toLowerCase(Locale.ROOT);
  }

  public DatabaseName databaseName() {
    return new DatabaseName(catalog, database);
  }

  @Override
  public String toString() {
    return catalog + "." + database + "." + table;
  }
}
