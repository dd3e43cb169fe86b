package io.cairn.thrift;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.TableName;

/**
 * Names as Hive clients send them: a database may be catalog-qualified as {@code @catalog#db} (Hive
 * 3+ clients), and a missing or empty catalog is the default one.
 */
final class HiveNames {
  private final String defaultCatalog;

  HiveNames(String defaultCatalog) {
    this.defaultCatalog = requireNonNull(defaultCatalog, "defaultCatalog is null");
  }

  String catalog(String catalog) {
    return catalog == null || catalog.isEmpty() ? defaultCatalog : catalog;
  }

  /** The database of {@code name}, in the catalog the name gives or else in {@code catalog}. */
  DatabaseName database(String catalog, String name) {
    if (name == null) {
      throw new MissingArgumentException("The database name must not be null");
    }
    int separator = name.indexOf('#');
    if (name.startsWith("@") && separator > 0) {
      return new DatabaseName(catalog(name.substring(1, separator)), name.substring(separator + 1));
    }
    return new DatabaseName(catalog(catalog), name);
  }

  DatabaseName database(String name) {
    return database(null, name);
  }

  TableName table(String catalog, String database, String table) {
    if (table == null) {
      throw new MissingArgumentException("The table name must not be null");
    }
    return database(catalog, database).table(table);
  }
}
