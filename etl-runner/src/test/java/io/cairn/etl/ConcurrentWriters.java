package io.cairn.etl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Two writers committing to one Iceberg table at the same time, as the catalog tests need. */
final class ConcurrentWriters {
  /** Rows each writer appends, one row (one commit) at a time. */
  static final int COMMITS_PER_WRITER = 4;

  private ConcurrentWriters() {}

  /**
   * Two threads append {@link #COMMITS_PER_WRITER} rows {@code (writer, commit)} each through
   * {@code sql}, starting together; a commit that loses the race is retried by Iceberg.
   */
  static void appendConcurrently(String table, Consumer<String> sql) throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(2);
    try {
      CyclicBarrier start = new CyclicBarrier(2);
      List<Future<?>> results = new ArrayList<>();
      for (int writer = 1; writer <= 2; writer++) {
        int writerNumber = writer;
        results.add(
            writers.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  for (int commit = 1; commit <= COMMITS_PER_WRITER; commit++) {
                    sql.accept(
                        "INSERT INTO " + table + " VALUES (" + writerNumber + ", " + commit + ")");
                  }
                  return null;
                }));
      }
      for (Future<?> result : results) {
        result.get(120, TimeUnit.SECONDS);
      }
    } finally {
      writers.shutdownNow();
    }
  }
}
