package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One task run of an ML transform (Glue's TaskRun), launched by one server as its own JVM.
 *
 * @param properties what the task was started with, by the task file's names ({@code inputPath},
 *     {@code replaceAllLabels}, {@code outputPath}, {@code outputDatabase}, {@code outputTable},
 *     {@code incrementalDatabase}, {@code incrementalTable}, {@code matchConfidence})
 * @param timeoutMinutes the transform's timeout when the run started
 * @param lastModified when its state last changed
 * @param heartbeatTime last time the server running it said it is alive
 * @param completedOn null while active
 * @param errorString why it did not succeed; null otherwise
 */
public record MlTaskRun(
    String taskRunId,
    String transformId,
    TaskType taskType,
    State state,
    Map<String, String> properties,
    int timeoutMinutes,
    Instant startedOn,
    Instant lastModified,
    Instant heartbeatTime,
    Instant completedOn,
    String errorString) {
  /** The states of a run that has not ended. */
  public static final Set<State> ACTIVE = Set.of(State.STARTING, State.RUNNING, State.STOPPING);

  public MlTaskRun {
    requireNonNull(taskRunId, "taskRunId is null");
    requireNonNull(transformId, "transformId is null");
    requireNonNull(taskType, "taskType is null");
    requireNonNull(state, "state is null");
    properties = Map.copyOf(properties);
    requireNonNull(startedOn, "startedOn is null");
    requireNonNull(lastModified, "lastModified is null");
    requireNonNull(heartbeatTime, "heartbeatTime is null");
  }

  public boolean active() {
    return ACTIVE.contains(state);
  }

  /** This run in {@code next} from {@code time} on. */
  public MlTaskRun changed(State next, Instant time) {
    return new MlTaskRun(
        taskRunId,
        transformId,
        taskType,
        next,
        properties,
        timeoutMinutes,
        startedOn,
        time,
        time,
        completedOn,
        errorString);
  }

  /** This run, still in its state, alive at {@code time}. */
  public MlTaskRun alive(Instant time) {
    return new MlTaskRun(
        taskRunId,
        transformId,
        taskType,
        state,
        properties,
        timeoutMinutes,
        startedOn,
        lastModified,
        time,
        completedOn,
        errorString);
  }

  /** This run ended in {@code endState} at {@code time}. */
  public MlTaskRun ended(State endState, Instant time, String error) {
    return new MlTaskRun(
        taskRunId,
        transformId,
        taskType,
        endState,
        properties,
        timeoutMinutes,
        startedOn,
        time,
        time,
        time,
        error);
  }

  /**
   * The task a run does: Glue's TaskType, and FIND_INCREMENTAL_MATCHES (new records matched against
   * an already matched table), which Glue reports as FIND_MATCHES.
   */
  public enum TaskType {
    EVALUATION,
    LABELING_SET_GENERATION,
    IMPORT_LABELS,
    EXPORT_LABELS,
    FIND_MATCHES,
    FIND_INCREMENTAL_MATCHES
  }

  /** Glue's TaskStatusType. */
  public enum State {
    STARTING,
    RUNNING,
    STOPPING,
    STOPPED,
    SUCCEEDED,
    FAILED,
    TIMEOUT
  }
}
