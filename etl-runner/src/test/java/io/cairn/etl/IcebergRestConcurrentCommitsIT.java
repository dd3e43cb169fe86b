package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.CairnServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight writers append to one Iceberg table at the same time through Iceberg's {@code RESTCatalog}
 * client against Cairn's REST catalog ({@code <cairn>/iceberg}), each with its own client as
 * separate applications would. Cairn commits compare-and-swap in its store, so a writer whose
 * commit lost the race gets 409 {@code CommitFailedException}, refreshes and commits again; in the
 * end every append is in the table exactly once, in one linear history. Runs on one server over
 * SQLite, and with the writers split over two servers that share one PostgreSQL database.
 */
class IcebergRestConcurrentCommitsIT {
  private static final int WRITERS = 8;
  private static final int COMMITS_PER_WRITER = 5;

  /** Attempts per append before a writer gives up; far more than eight writers ever need. */
  private static final int MAX_ATTEMPTS = 100;

  private static final TableIdentifier TABLE =
      TableIdentifier.of(Namespace.of("concurrency"), "appends");

  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  @TempDir Path workDirectory;

  @Test
  void eightWritersOnOneServerOverSqlite() throws Exception {
    try (CairnServerProcess server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"),
            CairnServerProcess.logFor(IcebergRestConcurrentCommitsIT.class, "sqlite"))) {
      appendConcurrentlyAndCheck(List.of(restUri(server)));
    }
  }

  @Test
  void eightWritersOverTwoServersSharingOnePostgresqlDatabase() throws Exception {
    // The servers start one after the other: the first creates the schema, the second finds it.
    try (PostgresTestDatabase database = PostgresTestDatabase.create();
        CairnServerProcess first =
            CairnServerProcess.startOnDatabase(
                workDirectory.resolve("first"),
                database.jdbcUrl(),
                database.user(),
                CairnServerProcess.logFor(IcebergRestConcurrentCommitsIT.class, "first"));
        CairnServerProcess second =
            CairnServerProcess.startOnDatabase(
                workDirectory.resolve("second"),
                database.jdbcUrl(),
                database.user(),
                CairnServerProcess.logFor(IcebergRestConcurrentCommitsIT.class, "second"))) {
      appendConcurrentlyAndCheck(List.of(restUri(first), restUri(second)));
    }
  }

  /**
   * Creates the table through the first URI, runs the writers (writer <i>w</i> on URI <i>w</i> mod
   * the number of URIs), and checks the table through every URI.
   */
  private static void appendConcurrentlyAndCheck(List<String> uris) throws Exception {
    String location;
    try (RESTCatalog catalog = restCatalog(uris.get(0))) {
      catalog.createNamespace(TABLE.namespace());
      // No retries inside Iceberg: each lost race reaches the writer, which counts it.
      location =
          catalog
              .createTable(
                  TABLE,
                  SCHEMA,
                  PartitionSpec.unpartitioned(),
                  Map.of(TableProperties.COMMIT_NUM_RETRIES, "0"))
              .location();
    }

    AtomicInteger conflicts = new AtomicInteger();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    try {
      CyclicBarrier start = new CyclicBarrier(WRITERS);
      List<Future<?>> results = new ArrayList<>();
      for (int writer = 0; writer < WRITERS; writer++) {
        int writerNumber = writer;
        String uri = uris.get(writer % uris.size());
        results.add(
            writers.submit(
                () -> {
                  try (RESTCatalog catalog = restCatalog(uri)) {
                    Table table = catalog.loadTable(TABLE);
                    start.await(60, TimeUnit.SECONDS);
                    for (int commit = 0; commit < COMMITS_PER_WRITER; commit++) {
                      appendWithRetries(table, dataFile(location, writerNumber, commit), conflicts);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> result : results) {
        result.get(5, TimeUnit.MINUTES);
      }
    } finally {
      writers.shutdownNow();
    }

    List<String> expected = new ArrayList<>();
    for (int writer = 0; writer < WRITERS; writer++) {
      for (int commit = 0; commit < COMMITS_PER_WRITER; commit++) {
        expected.add(dataFile(location, writer, commit).location());
      }
    }
    for (String uri : uris) {
      try (RESTCatalog catalog = restCatalog(uri)) {
        Table table = catalog.loadTable(TABLE);
        assertThat(liveDataFiles(table))
            .as("the table's data files, loaded through %s", uri)
            .containsExactlyInAnyOrderElementsOf(expected);
        List<Snapshot> history = new ArrayList<>();
        SnapshotUtil.currentAncestors(table).forEach(history::add);
        List<String> appended = new ArrayList<>();
        for (Snapshot snapshot : history) {
          assertThat(snapshot.operation()).isEqualTo("append");
          snapshot.addedDataFiles(table.io()).forEach(file -> appended.add(file.location()));
        }
        assertThat(appended)
            .as("the files each snapshot of the current history added, through %s", uri)
            .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(history).hasSize(WRITERS * COMMITS_PER_WRITER);
        assertThat(table.snapshots()).hasSize(WRITERS * COMMITS_PER_WRITER);
      }
    }
    assertThat(conflicts.get())
        .as("commits that lost the race and were retried (none means the writers never raced)")
        .isPositive();
  }

  /**
   * Appends {@code file}; a commit refused with {@code CommitFailedException} is counted and
   * retried on the refreshed table after a short random pause, as Iceberg's own commit retries do.
   */
  private static void appendWithRetries(Table table, DataFile file, AtomicInteger conflicts)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        table.newFastAppend().appendFile(file).commit();
        return;
      } catch (CommitFailedException e) {
        conflicts.incrementAndGet();
        if (attempt == MAX_ATTEMPTS) {
          throw e;
        }
      }
      table.refresh();
      // Backs off so that the writers do not retry in lockstep.
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 50));
    }
  }

  /**
   * The metadata of one appended data file, unique per writer and commit. The file itself is never
   * written: only the catalog's record of the append is under test, and planning a scan reads
   * manifests only.
   */
  private static DataFile dataFile(String tableLocation, int writer, int commit) {
    return DataFiles.builder(PartitionSpec.unpartitioned())
        .withPath(tableLocation + "/data/writer-" + writer + "-commit-" + commit + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(1024)
        .withRecordCount(1)
        .build();
  }

  private static List<String> liveDataFiles(Table table) throws IOException {
    List<String> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file().location()));
    }
    return files;
  }

  private static String restUri(CairnServerProcess server) {
    return server.httpUri() + "/iceberg";
  }

  /** Iceberg's REST client as an application configures it: nothing but the catalog's URI. */
  private static RESTCatalog restCatalog(String uri) {
    RESTCatalog catalog = new RESTCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("cairn", Map.of(CatalogProperties.URI, uri));
    return catalog;
  }
}
