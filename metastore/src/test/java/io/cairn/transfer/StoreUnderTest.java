package io.cairn.transfer;

import static java.util.Objects.requireNonNull;

import io.cairn.server.ServerConfig;
import io.cairn.service.CatalogService;
import io.cairn.service.ResourceArns;
import io.cairn.store.CatalogStore;
import io.cairn.store.jdbc.JdbcCatalogStore;
import io.cairn.store.jdbc.PostgresTestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;

/**
 * A real, empty, migrated store for a test: a SQLite file in a temporary directory or a throw-away
 * PostgreSQL database (skipped when unreachable, failed when CI=true), with a catalog service and a
 * transfer over it.
 */
final class StoreUnderTest implements AutoCloseable {
  static final String DEFAULT_CATALOG = "hive";

  /** The ARNs of a server with the default configuration, as {@code cairn export/import} use. */
  static final ResourceArns ARNS =
      new ResourceArns(ServerConfig.defaults().region(), ServerConfig.defaults().accountId());

  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

  /** The two store backends. */
  enum Backend {
    SQLITE,
    POSTGRESQL
  }

  private final Backend backend;
  private final String jdbcUrl;
  private final String user;
  private final Path dataDirectory;
  private final PostgresTestDatabase postgres;
  private CatalogStore store;
  private CatalogService service;

  private StoreUnderTest(
      Backend backend,
      String jdbcUrl,
      String user,
      Path dataDirectory,
      PostgresTestDatabase postgres) {
    this.backend = requireNonNull(backend, "backend is null");
    this.jdbcUrl = requireNonNull(jdbcUrl, "jdbcUrl is null");
    this.user = user;
    this.dataDirectory = dataDirectory;
    this.postgres = postgres;
    reopen();
  }

  /** A new empty store; for SQLite a new directory under {@code temporaryDirectory}. */
  static StoreUnderTest create(Backend backend, Path temporaryDirectory) {
    if (backend == Backend.SQLITE) {
      Path directory = temporaryDirectory.resolve("store-" + UUID.randomUUID());
      directory.toFile().mkdirs();
      return new StoreUnderTest(
          backend, "jdbc:sqlite:" + directory.resolve("catalog.db"), null, directory, null);
    }
    PostgresTestDatabase database = PostgresTestDatabase.create();
    return new StoreUnderTest(backend, database.jdbcUrl(), database.user(), null, database);
  }

  Backend backend() {
    return backend;
  }

  String jdbcUrl() {
    return jdbcUrl;
  }

  /** The SQLite data directory (holding catalog.db), null for PostgreSQL. */
  Path dataDirectory() {
    return dataDirectory;
  }

  /** The command-line options that point {@code cairn export/import} at this store. */
  String[] storeOptions() {
    return backend == Backend.SQLITE
        ? new String[] {"--data-dir", dataDirectory.toString()}
        : new String[] {"--jdbc-url", jdbcUrl + "?user=" + user};
  }

  CatalogStore store() {
    return store;
  }

  CatalogService service() {
    return service;
  }

  CatalogTransfer transfer() {
    return new CatalogTransfer(service, CLOCK, ProgressListener.NONE);
  }

  byte[] export(Set<String> databases) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    transfer().export(out, databases);
    return out.toByteArray();
  }

  byte[] exportAll() {
    return export(Set.of());
  }

  TransferSummary importAll(byte[] document, ImportMode mode) {
    return transfer().importCatalog(new ByteArrayInputStream(document), Set.of(), mode);
  }

  /** Closes and opens the store again, as after a restart. */
  void reopen() {
    if (store != null) {
      store.close();
    }
    store = JdbcCatalogStore.open(jdbcUrl, user, "", 4);
    service = new CatalogService(store, DEFAULT_CATALOG, ARNS, CLOCK);
  }

  /** Closes the store without dropping it, for another process to use. */
  void closeStore() {
    store.close();
  }

  @Override
  public void close() {
    store.close();
    if (postgres != null) {
      postgres.close();
    }
  }
}
