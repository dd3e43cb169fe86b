package io.cairn.benchmark.iceberg;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SessionCatalog.SessionContext;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.RESTSessionCatalog;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg REST workload for one server, through Iceberg's own {@link RESTCatalog} client:
 * latencies of loadTable (a full response, and an unchanged table the client has cached), of an
 * append commit and of a metadata-only commit, one call at a time; then for each number of clients,
 * how many of those each server answers per second when that many clients call at once (each client
 * its own {@code RESTCatalog}, as separate applications are).
 *
 * <p>Appends add the metadata of one small Parquet data file; the file itself is never written
 * (committing it reads and writes only the table's metadata: the client writes a manifest and a
 * manifest list, the server a new metadata file).
 */
final class Workload {
  /** How every series' failure starts when the namespace or tables could not be made. */
  static final String SETUP_FAILED = "setup failed: ";

  private static final Namespace NAMESPACE = Namespace.of("bench");
  private static final TableIdentifier LOADED = TableIdentifier.of(NAMESPACE, "loaded");
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "name", Types.StringType.get()),
          Types.NestedField.optional(3, "amount", Types.DoubleType.get()));

  private final String uri;
  private final BenchmarkSettings settings;

  Workload(String uri, BenchmarkSettings settings) {
    this.uri = requireNonNull(uri, "uri is null");
    this.settings = requireNonNull(settings, "settings is null");
  }

  /**
   * What was measured: latencies by operation, and throughput by operation and number of clients.
   */
  record Outcome(
      Map<Operation, Result> latencies, Map<Operation, Map<Integer, Result>> throughput) {
    Outcome {
      latencies = Map.copyOf(latencies);
      throughput = Map.copyOf(throughput);
    }
  }

  Outcome run() {
    Map<Operation, Result> latencies = new EnumMap<>(Operation.class);
    Map<Operation, Map<Integer, Result>> throughput = new EnumMap<>(Operation.class);
    RESTCatalog catalog = null;
    Table appended;
    Table altered;
    try {
      catalog = client();
      catalog.createNamespace(NAMESPACE);
      Table loaded = createTable(catalog, LOADED);
      for (int snapshot = 0; snapshot < settings.snapshots(); snapshot++) {
        append(loaded);
      }
      appended = createTable(catalog, TableIdentifier.of(NAMESPACE, "appended"));
      altered = createTable(catalog, TableIdentifier.of(NAMESPACE, "altered"));
    } catch (RuntimeException e) {
      close(catalog);
      // Nothing can be measured without the tables: every row shows why.
      String reason = SETUP_FAILED + message(e);
      for (Operation operation : Operation.values()) {
        if (operation.timedAlone()) {
          latencies.put(operation, Result.ofFailure(reason));
        }
        if (operation.timedConcurrently()) {
          Map<Integer, Result> failures = new LinkedHashMap<>();
          settings.clients().forEach(clients -> failures.put(clients, Result.ofFailure(reason)));
          throughput.put(operation, failures);
        }
      }
      return new Outcome(latencies, throughput);
    }

    RESTCatalog loader = catalog;
    try (RESTSessionCatalog sessions = sessionClient()) {
      latencies.put(
          Operation.LOAD_TABLE_FULL,
          latencies(call -> checkSnapshots(sessions.loadTable(newSession(), LOADED))));
    } catch (IOException | RuntimeException e) {
      latencies.put(Operation.LOAD_TABLE_FULL, Result.ofFailure(message(e)));
    }
    latencies.put(
        Operation.LOAD_TABLE, latencies(call -> checkSnapshots(loader.loadTable(LOADED))));
    latencies.put(Operation.APPEND, latencies(call -> append(appended)));
    latencies.put(
        Operation.METADATA_COMMIT,
        latencies(
            call -> altered.updateProperties().set("bench.call", Integer.toString(call)).commit()));
    close(catalog);

    for (Operation operation : Operation.values()) {
      if (!operation.timedConcurrently()) {
        continue;
      }
      Map<Integer, Result> byClients = new LinkedHashMap<>();
      for (int clients : settings.clients()) {
        System.out.printf("  %s, %d clients%n", operation.label(), clients);
        byClients.put(clients, throughput(operation, clients));
      }
      throughput.put(operation, byClients);
    }
    return new Outcome(latencies, throughput);
  }

  /** One call of a timed series; {@code call} counts from 0 over warm-up and timed calls. */
  @FunctionalInterface
  private interface Call {
    void run(int call);
  }

  private Result latencies(Call call) {
    try {
      for (int warmUp = 0; warmUp < settings.warmUp(); warmUp++) {
        call.run(warmUp);
      }
      List<Long> nanos = new ArrayList<>(settings.repetitions());
      for (int repetition = 0; repetition < settings.repetitions(); repetition++) {
        long start = System.nanoTime();
        call.run(settings.warmUp() + repetition);
        nanos.add(System.nanoTime() - start);
      }
      return Result.ofLatencies(nanos);
    } catch (RuntimeException e) {
      return Result.ofFailure(message(e));
    }
  }

  /**
   * {@code clients} clients call {@code operation} as fast as they can for the configured time,
   * starting together; a commit to the shared table that loses the race is counted, and the client
   * refreshes the table and goes on (its next commit is a new one).
   */
  private Result throughput(Operation operation, int clients) {
    List<RESTCatalog> catalogs = new ArrayList<>();
    List<RESTSessionCatalog> sessionCatalogs = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      for (int client = 0; client < clients; client++) {
        catalogs.add(client());
        if (operation == Operation.LOAD_TABLE_FULL) {
          sessionCatalogs.add(sessionClient());
        }
      }
      TableIdentifier shared = TableIdentifier.of(NAMESPACE, "shared_" + clients);
      if (operation == Operation.SHARED_APPEND) {
        createTable(catalogs.get(0), shared);
      }
      List<Table> tables = new ArrayList<>();
      for (int client = 0; client < clients; client++) {
        RESTCatalog catalog = catalogs.get(client);
        switch (operation) {
          case APPEND ->
              tables.add(
                  createTable(
                      catalog,
                      TableIdentifier.of(NAMESPACE, "appended_" + clients + "_" + client)));
          case SHARED_APPEND -> tables.add(catalog.loadTable(shared));
          default -> tables.add(null);
        }
      }
      AtomicLong operations = new AtomicLong();
      AtomicLong conflicts = new AtomicLong();
      CyclicBarrier start = new CyclicBarrier(clients + 1);
      long duration = TimeUnit.SECONDS.toNanos(settings.throughputSeconds());
      List<Future<?>> results = new ArrayList<>();
      for (int client = 0; client < clients; client++) {
        RESTCatalog catalog = catalogs.get(client);
        RESTSessionCatalog sessions =
            sessionCatalogs.isEmpty() ? null : sessionCatalogs.get(client);
        Table table = tables.get(client);
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  long deadline = System.nanoTime() + duration;
                  while (System.nanoTime() < deadline) {
                    switch (operation) {
                      case LOAD_TABLE_FULL -> sessions.loadTable(newSession(), LOADED);
                      case LOAD_TABLE -> catalog.loadTable(LOADED);
                      case APPEND -> append(table);
                      case SHARED_APPEND -> {
                        try {
                          append(table);
                        } catch (CommitFailedException e) {
                          conflicts.incrementAndGet();
                          table.refresh();
                          continue;
                        }
                      }
                      default -> throw new IllegalStateException(operation + " has no run");
                    }
                    operations.incrementAndGet();
                  }
                  return null;
                }));
      }
      start.await();
      long began = System.nanoTime();
      for (Future<?> result : results) {
        result.get(settings.throughputSeconds() + 300L, TimeUnit.SECONDS);
      }
      long elapsed = System.nanoTime() - began;
      if (operation == Operation.SHARED_APPEND) {
        int snapshots = countSnapshots(catalogs.get(0).loadTable(shared));
        if (snapshots != operations.get()) {
          return Result.ofFailure(
              operations.get()
                  + " commits succeeded but the table has "
                  + snapshots
                  + " snapshots");
        }
      }
      return Result.ofThroughput(operations.get(), conflicts.get(), elapsed);
    } catch (ExecutionException e) {
      return Result.ofFailure(message(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.ofFailure("interrupted");
    } catch (Exception e) {
      return Result.ofFailure(message(e));
    } finally {
      pool.shutdownNow();
      catalogs.forEach(Workload::close);
      sessionCatalogs.forEach(Workload::close);
    }
  }

  private static void close(Closeable catalog) {
    if (catalog == null) {
      return;
    }
    try {
      catalog.close();
    } catch (IOException | RuntimeException e) {
      // The figures are taken; a client that does not close cleanly changes none of them.
    }
  }

  private static int countSnapshots(Table table) {
    int count = 0;
    for (var ignored : table.snapshots()) {
      count++;
    }
    return count;
  }

  private void checkSnapshots(Table table) {
    int snapshots = countSnapshots(table);
    if (snapshots != settings.snapshots()) {
      throw new IllegalStateException(
          "loadTable answered " + snapshots + " snapshots, not " + settings.snapshots());
    }
  }

  /** A session of its own: Iceberg's client caches tables (with their ETags) per session. */
  private static SessionContext newSession() {
    return SessionContext.createEmpty();
  }

  /**
   * Iceberg's REST client as an application configures it, with the catalog's URI; it does not send
   * metrics reports after commits (a second request per commit that one server may serve and the
   * other not).
   */
  private RESTCatalog client() {
    RESTCatalog catalog = new RESTCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("bench", properties());
    return catalog;
  }

  private Map<String, String> properties() {
    return Map.of(CatalogProperties.URI, uri, "rest-metrics-reporting-enabled", "false");
  }

  /** The catalog under {@link RESTCatalog}, whose calls take a session. */
  private RESTSessionCatalog sessionClient() {
    RESTSessionCatalog catalog = new RESTSessionCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("bench", properties());
    return catalog;
  }

  /** A table without retries inside Iceberg: a lost race reaches the workload, which counts it. */
  private static Table createTable(RESTCatalog catalog, TableIdentifier identifier) {
    return catalog.createTable(
        identifier,
        SCHEMA,
        PartitionSpec.unpartitioned(),
        Map.of(TableProperties.COMMIT_NUM_RETRIES, "0"));
  }

  private static void append(Table table) {
    DataFile file =
        DataFiles.builder(PartitionSpec.unpartitioned())
            .withPath(table.location() + "/data/" + UUID.randomUUID() + ".parquet")
            .withFormat(FileFormat.PARQUET)
            .withFileSizeInBytes(4096)
            .withRecordCount(100)
            .build();
    table.newFastAppend().appendFile(file).commit();
  }

  private static String message(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
  }
}
