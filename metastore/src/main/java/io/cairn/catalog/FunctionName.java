package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Catalog-qualified name of a user-defined function. Names are case-insensitive, kept lower-case.
 */
public record FunctionName(String catalog, String database, String function) {
  public FunctionName {
    catalog = requireNonNull(catalog, "catalog is null").toLowerCase(Locale.ROOT);
    database = requireNonNull(database, "database is null").toLowerCase(Locale.ROOT);
    function = requireNonNull(function, "function is null").toLowerCase(Locale.ROOT);
  }

  public FunctionName(DatabaseName database, String function) {
    this(requireNonNull(database, "database is null").catalog(), database.database(), function);
  }

  public DatabaseName databaseName() {
    return new DatabaseName(catalog, database);
  }

  @Override
  public String toString() {
    return catalog + "." + database + "." + function;
  }
}
