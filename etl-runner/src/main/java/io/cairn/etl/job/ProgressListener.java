package io.cairn.etl.job;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * A run's progress from Spark's scheduler events: a line when a stage starts and ends, and while it
 * runs at most one line per {@code interval}, with its finished tasks and the rows read and written
 * so far. Spark calls it on its listener thread.
 *
 * <p>With a snapshot file, each line also replaces that file with the progress as JSON: {@code
 * {"stagesCompleted", "tasksCompleted", "tasksFailed", "rowsRead", "rowsWritten", "activeStages":
 * [{"stageId", "name", "tasks", "tasksCompleted"}], "lastLine", "updatedAt"}}. The server serves it
 * as the run's progress while the run goes on, and keeps the last one after it.
 */
public final class ProgressListener extends SparkListener {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final long intervalNanos;
  private final Optional<Path> snapshotFile;
  private final Map<Integer, String> stageNames = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> stageTasks = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicLong> stageFinished = new ConcurrentHashMap<>();
  private final AtomicLong stages = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong failedTasks = new AtomicLong();
  private final AtomicLong rowsRead = new AtomicLong();
  private final AtomicLong rowsWritten = new AtomicLong();
  private final AtomicLong lastLine = new AtomicLong(System.nanoTime());

  public ProgressListener(PrintStream out, Duration interval) {
    this(out, interval, Optional.empty());
  }

  /**
   * @param snapshotFile where the progress is kept as JSON; empty for lines only
   */
  public ProgressListener(PrintStream out, Duration interval, Optional<Path> snapshotFile) {
    this.out = requireNonNull(out, "out is null");
    this.intervalNanos = requireNonNull(interval, "interval is null").toNanos();
    this.snapshotFile = requireNonNull(snapshotFile, "snapshotFile is null");
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    StageInfo stage = event.stageInfo();
    stageTasks.put(stage.stageId(), stage.numTasks());
    stageNames.put(stage.stageId(), stage.name());
    stageFinished.put(stage.stageId(), new AtomicLong());
    print(
        "stage "
            + stage.stageId()
            + " started: "
            + stage.name()
            + ", "
            + stage.numTasks()
            + " tasks");
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    tasks.incrementAndGet();
    if (!event.taskInfo().successful()) {
      failedTasks.incrementAndGet();
    }
    if (event.taskMetrics() != null) {
      rowsRead.addAndGet(event.taskMetrics().inputMetrics().recordsRead());
      rowsWritten.addAndGet(event.taskMetrics().outputMetrics().recordsWritten());
    }
    AtomicLong finished = stageFinished.get(event.stageId());
    long done = finished == null ? 0 : finished.incrementAndGet();
    long now = System.nanoTime();
    long last = lastLine.get();
    if (now - last >= intervalNanos && lastLine.compareAndSet(last, now)) {
      print(
          "stage "
              + event.stageId()
              + ": "
              + done
              + "/"
              + stageTasks.getOrDefault(event.stageId(), 0)
              + " tasks; "
              + rowsRead.get()
              + " rows read, "
              + rowsWritten.get()
              + " rows written so far");
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    StageInfo stage = event.stageInfo();
    stages.incrementAndGet();
    stageTasks.remove(stage.stageId());
    stageFinished.remove(stage.stageId());
    stageNames.remove(stage.stageId());
    String outcome =
        stage.failureReason().isDefined() ? "failed: " + stage.failureReason().get() : "finished";
    print("stage " + stage.stageId() + " " + outcome);
  }

  /** One line: stages, tasks, rows read and written. */
  public String summary() {
    return stages.get()
        + " stages, "
        + tasks.get()
        + " tasks ("
        + failedTasks.get()
        + " failed), "
        + rowsRead.get()
        + " rows read, "
        + rowsWritten.get()
        + " rows written";
  }

  public long rowsWritten() {
    return rowsWritten.get();
  }

  private void print(String line) {
    lastLine.set(System.nanoTime());
    out.println("[progress] " + line);
    snapshotFile.ifPresent(file -> writeSnapshot(file, line));
  }

  private synchronized void writeSnapshot(Path file, String line) {
    ObjectNode snapshot = JSON.createObjectNode();
    snapshot.put("stagesCompleted", stages.get());
    snapshot.put("tasksCompleted", tasks.get());
    snapshot.put("tasksFailed", failedTasks.get());
    snapshot.put("rowsRead", rowsRead.get());
    snapshot.put("rowsWritten", rowsWritten.get());
    ArrayNode active = snapshot.putArray("activeStages");
    new TreeMap<>(stageTasks)
        .forEach(
            (stageId, numTasks) -> {
              AtomicLong finished = stageFinished.get(stageId);
              active
                  .addObject()
                  .put("stageId", stageId)
                  .put("name", stageNames.getOrDefault(stageId, ""))
                  .put("tasks", numTasks)
                  .put("tasksCompleted", finished == null ? 0 : finished.get());
            });
    snapshot.put("lastLine", line);
    snapshot.put("updatedAt", Instant.now().toString());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(temporary, snapshot.toString(), StandardCharsets.UTF_8);
      // Readers see the whole previous snapshot or the whole new one.
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      out.println("[progress] cannot write " + file + ": " + e.getMessage());
    }
  }
}
