package io.cairn.store;

/**
 * The store SPI: where the catalog keeps its rows. Implementations make each unit of work atomic:
 * everything a {@link Work} does commits together or not at all, also across a crash.
 *
 * <p>The service layer owns transactions; it never holds a {@link StoreTransaction} outside the
 * work it passed in.
 */
public interface CatalogStore extends AutoCloseable {

  /**
   * Runs {@code work} in one read-write transaction and commits it, or rolls it back if it throws.
   */
  <T> T write(Work<T> work);

  /** Runs {@code work} in a read-only transaction that sees one consistent snapshot. */
  <T> T read(Work<T> work);

  /** True once the schema is migrated and the store can serve requests. */
  boolean isReady();

  /** Figures about the store's connection pool, for metrics. */
  PoolStatistics poolStatistics();

  @Override
  void close();

  /** A unit of work against the store. */
  @FunctionalInterface
  interface Work<T> {
    T run(StoreTransaction transaction);
  }

  /** Connection pool figures. */
  record PoolStatistics(int active, int idle, int total, int waiting) {}
}
