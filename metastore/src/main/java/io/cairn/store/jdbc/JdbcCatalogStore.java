package io.cairn.store.jdbc;

import io.cairn.store.CatalogStore;
import io.cairn.store.StoreTransaction;

/** The JDBC store: SQLite file (embedded default) or PostgreSQL. Work in progress. */
public final class JdbcCatalogStore implements CatalogStore {

  /**
   * Opens the store at {@code jdbcUrl} ({@code jdbc:sqlite:/path/catalog.db} or {@code
   * jdbc:postgresql://…}) and migrates its schema to the newest version.
   */
  public static JdbcCatalogStore open(String jdbcUrl, String user, String password, int maxPoolSize) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public <T> T write(Work<T> work) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public <T> T read(Work<T> work) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public boolean isReady() {
    return false;
  }

  @Override
  public PoolStatistics poolStatistics() {
    return new PoolStatistics(0, 0, 0, 0);
  }

  @Override
  public void close() {}

  StoreTransaction unused() {
    return null;
  }
}
