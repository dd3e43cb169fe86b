package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/** Catalog-qualified database name. Names are case-insensitive and kept lower-case. */
public record DatabaseName(String catalog, String database) {
  public DatabaseName {
    catalog = requireNonNull(catalog, "catalog is null").toLowerCase(Locale.ROOT);
    database = requireNonNull(database, "database is null").toLowerCase(Locale.ROOT);
  }

  public TableName table(String table) {
    return new TableName(catalog, database, table);
  }

  @Override
  public String toString() {
    return catalog + "." + database;
  }
}
