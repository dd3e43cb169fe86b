package io.cairn.etl.job;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
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
 */
public final class ProgressListener extends SparkListener {
  private final PrintStream out;
  private final long intervalNanos;
  private final Map<Integer, Integer> stageTasks = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicLong> stageFinished = new ConcurrentHashMap<>();
  private final AtomicLong stages = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong failedTasks = new AtomicLong();
  private final AtomicLong rowsRead = new AtomicLong();
  private final AtomicLong rowsWritten = new AtomicLong();
  private final AtomicLong lastLine = new AtomicLong(System.nanoTime());

  public ProgressListener(PrintStream out, Duration interval) {
    this.out = requireNonNull(out, "out is null");
    this.intervalNanos = requireNonNull(interval, "interval is null").toNanos();
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    StageInfo stage = event.stageInfo();
    stageTasks.put(stage.stageId(), stage.numTasks());
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
  }
}
