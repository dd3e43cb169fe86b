package io.cairn.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.service.CatalogService;
import io.cairn.transfer.StoreUnderTest.Backend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code kill -9} during {@code cairn import}: whenever the process dies, the store afterwards
 * holds the whole import or nothing of it, and keeps working.
 *
 * <p>The export has a 10,000-partition table and after it a 5,000-partition one, so that a kill
 * right after the progress line of the first table lands while the transaction is still open.
 */
final class ImportCrashIT {
  private static final DatabaseName CRASH = new DatabaseName("hive", "crash");
  private static final TableName EVENTS = CRASH.table("events");
  private static final TableName LATER = CRASH.table("later_events");
  private static final int EVENTS_PARTITIONS = 10_000;
  private static final int LATER_PARTITIONS = 5_000;
  private static final List<Long> KILL_AFTER_MILLIS =
      List.of(100L, 300L, 600L, 1000L, 1500L, 2500L, 4000L);
  private static final Duration CASE_TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path temporaryDirectory;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void killedImportLeavesAllOrNothing(Backend backend) throws Exception {
    Path file = exportFile();
    List<Outcome> outcomes = new ArrayList<>();
    for (long millis : KILL_AFTER_MILLIS) {
      outcomes.add(importAndKill(backend, file, "after " + millis + " ms", millis));
    }
    outcomes.add(importAndKill(backend, file, "after the first progress line", -1));
    outcomes.forEach(outcome -> System.err.println(backend + ": " + outcome));

    assertThat(outcomes)
        .as("a kill must land inside the open transaction, after partitions were written")
        .anyMatch(outcome -> outcome.killed() && !outcome.imported() && outcome.progressSeen());
  }

  private Path exportFile() throws IOException {
    try (StoreUnderTest source = StoreUnderTest.create(Backend.SQLITE, temporaryDirectory)) {
      CatalogService service = source.service();
      service.ensureDefaultCatalog();
      service.createDatabase(
          new Database(CRASH, null, null, null, null, null, null, null, null, 0));
      for (TableName name : List.of(EVENTS, LATER)) {
        Table table = SampleCatalog.orders("crash test").toBuilder().name(name).build();
        service.createTable(table);
      }
      SampleCatalog.addPartitions(service, EVENTS, EVENTS_PARTITIONS, 0);
      SampleCatalog.addPartitions(service, LATER, LATER_PARTITIONS, 0);
      Path file = temporaryDirectory.resolve("crash-export.json");
      try (OutputStream out = Files.newOutputStream(file)) {
        source.transfer().export(out, Set.of());
      }
      return file;
    }
  }

  /** Runs the import in another JVM, kills it after {@code millis} (or at progress when -1). */
  private Outcome importAndKill(Backend backend, Path file, String when, long millis)
      throws Exception {
    try (StoreUnderTest target = StoreUnderTest.create(backend, temporaryDirectory)) {
      target.closeStore();
      List<String> arguments = new ArrayList<>(List.of(file.toString()));
      arguments.addAll(List.of(target.storeOptions()));
      Process process = CairnProcess.startImport(arguments);
      List<String> lines = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch progress = new CountDownLatch(1);
      AtomicBoolean progressSeen = new AtomicBoolean();
      Thread reader = readLines(process, lines, progress, progressSeen);
      try {
        boolean exited;
        if (millis >= 0) {
          exited = process.waitFor(millis, TimeUnit.MILLISECONDS);
        } else {
          progress.await(CASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          exited = !process.isAlive();
        }
        if (!exited) {
          process.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no rollback
        }
        assertThat(process.waitFor(CASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
            .as("import process ends within " + CASE_TIMEOUT)
            .isTrue();
      } finally {
        process.destroyForcibly();
      }
      reader.join(CASE_TIMEOUT.toMillis());
      int exitCode = process.exitValue();
      boolean killed = exitCode == 137;
      assertThat(killed || exitCode == 0).as("exit code %s, output %s", exitCode, lines).isTrue();

      target.reopen();
      boolean imported = assertAllOrNothing(target, lines);
      if (exitCode == 0) {
        assertThat(imported).as("a finished import committed").isTrue();
      }
      assertUsable(target);
      return new Outcome(when, killed, imported, progressSeen.get(), lastLines(lines));
    }
  }

  private static boolean assertAllOrNothing(StoreUnderTest target, List<String> lines) {
    CatalogService service = target.service();
    Optional<Table> events = target.store().read(transaction -> transaction.loadTable(EVENTS));
    if (events.isEmpty()) {
      Optional<Database> database =
          target.store().read(transaction -> transaction.loadDatabase(CRASH));
      Optional<Table> later = target.store().read(transaction -> transaction.loadTable(LATER));
      assertThat(database)
          .as("nothing at all after a kill before the commit; output %s", lines)
          .isEmpty();
      assertThat(later).isEmpty();
      return false;
    }
    assertThat(service.countPartitions(EVENTS, null))
        .as("output %s", lines)
        .isEqualTo(EVENTS_PARTITIONS);
    assertThat(service.countPartitions(LATER, null))
        .as("output %s", lines)
        .isEqualTo(LATER_PARTITIONS);
    return true;
  }

  /** The store takes writes and serves reads after the crash. */
  private static void assertUsable(StoreUnderTest target) {
    CatalogService service = target.service();
    service.ensureDefaultCatalog();
    DatabaseName probe = new DatabaseName("hive", "probe");
    service.createDatabase(
        new Database(probe, "after the crash", null, null, Map.of(), null, null, null, null, 0));
    assertThat(service.loadDatabase(probe).description()).isEqualTo("after the crash");
  }

  /** Collects stderr; {@code progress} opens at the first "partitions written" line or at EOF. */
  private static Thread readLines(
      Process process, List<String> lines, CountDownLatch progress, AtomicBoolean progressSeen) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  lines.add(line);
                  if (line.contains("partitions written")) {
                    progressSeen.set(true);
                    progress.countDown();
                  }
                }
              } catch (IOException e) {
                lines.add("(reading stderr failed: " + e + ")");
              } finally {
                progress.countDown();
              }
            },
            "import-stderr");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static List<String> lastLines(List<String> lines) {
    synchronized (lines) {
      return List.copyOf(lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
  }

  private record Outcome(
      String when,
      boolean killed,
      boolean imported,
      boolean progressSeen,
      List<String> lastLines) {}
}
