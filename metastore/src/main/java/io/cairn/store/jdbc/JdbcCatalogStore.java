package io.cairn.store.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.cairn.catalog.CatalogException;
import io.cairn.catalog.CommitFailedException;
import io.cairn.store.CatalogStore;
import io.cairn.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC store: a SQLite file (the embedded default) or PostgreSQL (production, shared by many
 * server replicas). The schema is migrated forward on open.
 *
 * <p>SQLite allows one writer at a time, so writes go through a pool of one connection whose
 * transactions begin IMMEDIATE (taking the write lock up front instead of failing on upgrade), and
 * reads through a separate pool that sees WAL snapshots. PostgreSQL uses one pool; writes run at
 * READ COMMITTED and rely on compare-and-swap updates, reads run REPEATABLE READ so that a
 * multi-statement read (an export, a paged listing) sees one snapshot.
 */
public final class JdbcCatalogStore implements CatalogStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcCatalogStore.class);

  private final Dialect dialect;
  private final HikariDataSource writePool;
  private final HikariDataSource readPool;
  private static final long STATISTICS_MINIMUM_GROWTH = 10_000;

  private final AtomicLong partitionsAdded = new AtomicLong();
  private final AtomicLong partitionsAtLastAnalyze = new AtomicLong();
  private volatile boolean ready;

  private JdbcCatalogStore(Dialect dialect, HikariDataSource writePool, HikariDataSource readPool) {
    this.dialect = requireNonNull(dialect, "dialect is null");
    this.writePool = requireNonNull(writePool, "writePool is null");
    this.readPool = requireNonNull(readPool, "readPool is null");
  }

  /**
   * Opens the store at {@code jdbcUrl} ({@code jdbc:sqlite:/path/catalog.db} or {@code
   * jdbc:postgresql://…}) and migrates its schema to the newest version.
   */
  public static JdbcCatalogStore open(
      String jdbcUrl, String user, String password, int maxPoolSize) {
    Dialect dialect = Dialect.of(jdbcUrl);
    String poolName = "cairn-" + UUID.randomUUID().toString().substring(0, 8);
    HikariDataSource writePool;
    HikariDataSource readPool;
    if (dialect == Dialect.SQLITE) {
      writePool = new HikariDataSource(sqliteConfig(jdbcUrl, poolName + "-write", 1));
      readPool =
          new HikariDataSource(sqliteConfig(jdbcUrl, poolName + "-read", Math.max(1, maxPoolSize)));
    } else {
      HikariConfig config = new HikariConfig();
      config.setPoolName(poolName);
      config.setJdbcUrl(jdbcUrl);
      config.setUsername(user);
      config.setPassword(password);
      config.setMaximumPoolSize(Math.max(2, maxPoolSize));
      config.setAutoCommit(false);
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
      config.addDataSourceProperty("ApplicationName", "cairn");
      // Catalog queries are short; JIT compilation of their plans costs more than it saves
      // (over 100 ms on a filtered partition listing of a large table). Set as a startup option
      // of the session, not as init SQL: without auto-commit, init SQL leaves every new pooled
      // connection idle in an open transaction, which the first read-only transaction then
      // fails on. An options parameter in the JDBC URL takes precedence.
      config.addDataSourceProperty("options", "-c jit=off");
      writePool = new HikariDataSource(config);
      readPool = writePool;
    }
    JdbcCatalogStore store = new JdbcCatalogStore(dialect, writePool, readPool);
    try {
      store.migrate();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /**
   * SQLite connections stay in auto-commit mode and {@link #run} issues BEGIN and COMMIT itself:
   * the driver's own transaction handling begins the next transaction as soon as one commits, so an
   * idle pooled connection would hold SQLite's write lock and lock out other processes.
   */
  private static HikariConfig sqliteConfig(String jdbcUrl, String poolName, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(size);
    config.setAutoCommit(true);
    config.addDataSourceProperty("journal_mode", "WAL");
    // FULL: a committed transaction survives power loss too, not only a killed process.
    config.addDataSourceProperty("synchronous", "FULL");
    config.addDataSourceProperty("foreign_keys", "true");
    config.addDataSourceProperty("busy_timeout", "30000");
    config.addDataSourceProperty("cache_size", "-65536");
    // Glue's LIKE is case-sensitive; SQLite's is not unless told.
    config.setConnectionInitSql("PRAGMA case_sensitive_like = ON");
    return config;
  }

  private void migrate() {
    Flyway.configure()
        .dataSource(writePool)
        .locations("classpath:" + dialect.migrations())
        .javaMigrations(new TypedPartitionKeysMigration(dialect))
        .load()
        .migrate();
    if (dialect == Dialect.SQLITE) {
      // Refresh the planner's statistics where they are stale; cheap when they are not.
      runStatement("PRAGMA optimize=0x10002");
    }
    ready = true;
    log.info(
        "Store ready: {} ({})", dialect.name().toLowerCase(Locale.ROOT), writePool.getJdbcUrl());
  }

  private void runStatement(String sql) {
    try (Connection connection = writePool.getConnection()) {
      try (var statement = connection.createStatement()) {
        statement.execute(sql);
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    } catch (SQLException e) {
      throw new StoreException("could not run " + sql, e);
    }
  }

  @Override
  public <T> T write(Work<T> work) {
    return run(writePool, work, false);
  }

  @Override
  public <T> T read(Work<T> work) {
    return run(readPool, work, true);
  }

  private <T> T run(HikariDataSource pool, Work<T> work, boolean readOnly) {
    try (Connection connection = pool.getConnection()) {
      Transaction transaction =
          dialect == Dialect.SQLITE
              ? new SqliteTransaction(connection, readOnly)
              : new PostgresTransaction(connection, readOnly);
      try {
        JdbcStoreTransaction storeTransaction = new JdbcStoreTransaction(connection, dialect);
        T result = work.run(storeTransaction);
        transaction.commit();
        refreshStatisticsAfterGrowth(connection, storeTransaction.partitionsAdded());
        return result;
      } catch (RuntimeException | Error e) {
        transaction.rollback();
        throw translate(e);
      } catch (SQLException e) {
        transaction.rollback();
        throw translate(new StoreException("commit failed", e));
      }
    } catch (SQLException e) {
      throw translate(new StoreException("could not begin a transaction", e));
    }
  }

  /**
   * Bulk loads change the shape of the partition tables faster than the databases' own statistics
   * follow (SQLite has no automatic ANALYZE; PostgreSQL's autovacuum lags), and a stale plan turns
   * an indexed filter into a scan of every partition. Re-analyze whenever this process has doubled
   * the partitions it added since the last time: O(log n) analyses for n partitions.
   */
  private void refreshStatisticsAfterGrowth(Connection connection, long added) {
    if (added == 0) {
      return;
    }
    long total = partitionsAdded.addAndGet(added);
    long last = partitionsAtLastAnalyze.get();
    if (total - last < Math.max(STATISTICS_MINIMUM_GROWTH, last)
        || !partitionsAtLastAnalyze.compareAndSet(last, total)) {
      return;
    }
    // A full analysis: sampled statistics (analysis_limit) misjudge the key-value index badly
    // enough that SQLite scans every partition for a selective filter.
    String sql = dialect == Dialect.SQLITE ? "ANALYZE" : "ANALYZE partitions, partition_key_values";
    long start = System.nanoTime();
    try (var statement = connection.createStatement()) {
      statement.execute(sql);
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      log.debug("Refreshed planner statistics in {} ms", (System.nanoTime() - start) / 1_000_000);
    } catch (SQLException e) {
      log.warn("Could not refresh planner statistics; filters may run slower", e);
    }
  }

  private interface Transaction {
    void commit() throws SQLException;

    void rollback();
  }

  /** Explicit BEGIN IMMEDIATE for writes: take the write lock up front, wait for it if busy. */
  private static final class SqliteTransaction implements Transaction {
    private final Connection connection;

    SqliteTransaction(Connection connection, boolean readOnly) throws SQLException {
      this.connection = connection;
      execute(readOnly ? "BEGIN" : "BEGIN IMMEDIATE");
    }

    @Override
    public void commit() throws SQLException {
      execute("COMMIT");
    }

    @Override
    public void rollback() {
      try {
        execute("ROLLBACK");
      } catch (SQLException e) {
        log.warn("rollback failed", e);
      }
    }

    private void execute(String sql) throws SQLException {
      try (var statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }
  }

  private static final class PostgresTransaction implements Transaction {
    private final Connection connection;

    PostgresTransaction(Connection connection, boolean readOnly) throws SQLException {
      this.connection = connection;
      connection.setReadOnly(readOnly);
      connection.setTransactionIsolation(
          readOnly
              ? Connection.TRANSACTION_REPEATABLE_READ
              : Connection.TRANSACTION_READ_COMMITTED);
    }

    @Override
    public void commit() throws SQLException {
      connection.commit();
    }

    @Override
    public void rollback() {
      try {
        connection.rollback();
      } catch (SQLException e) {
        log.warn("rollback failed; the connection is discarded", e);
      }
    }
  }

  private RuntimeException translate(Throwable e) {
    if (e instanceof Error error) {
      throw error;
    }
    if (e instanceof StoreException storeException
        && storeException.getCause() instanceof SQLException sqlException
        && dialect.isConcurrencyConflict(sqlException)) {
      return new CommitFailedException(
          "a concurrent transaction conflicted with this one; nothing was written, retry: "
              + sqlException.getMessage());
    }
    if (e instanceof CatalogException || e instanceof RuntimeException) {
      return (RuntimeException) e;
    }
    return new StoreException("store failure", e);
  }

  @Override
  public boolean isReady() {
    return ready && !writePool.isClosed();
  }

  @Override
  public PoolStatistics poolStatistics() {
    HikariPoolMXBean write = writePool.getHikariPoolMXBean();
    if (write == null) {
      return new PoolStatistics(0, 0, 0, 0);
    }
    if (readPool == writePool) {
      return new PoolStatistics(
          write.getActiveConnections(),
          write.getIdleConnections(),
          write.getTotalConnections(),
          write.getThreadsAwaitingConnection());
    }
    HikariPoolMXBean read = readPool.getHikariPoolMXBean();
    return new PoolStatistics(
        write.getActiveConnections() + read.getActiveConnections(),
        write.getIdleConnections() + read.getIdleConnections(),
        write.getTotalConnections() + read.getTotalConnections(),
        write.getThreadsAwaitingConnection() + read.getThreadsAwaitingConnection());
  }

  @Override
  public void close() {
    ready = false;
    if (readPool != writePool) {
      readPool.close();
    }
    writePool.close();
  }
}
