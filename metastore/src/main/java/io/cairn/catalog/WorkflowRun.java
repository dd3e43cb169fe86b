package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One run of a workflow (Glue's WorkflowRun). Its state changes by compare-and-swap on the state,
 * its properties by compare-and-swap on their own version, so that an update of the properties does
 * not race with the run's progress.
 *
 * @param properties the workflow's DefaultRunProperties overridden by the ones it was started with,
 *     then changed by PutWorkflowRunProperties
 * @param propertiesVersion starts at 1, one more on every change of the properties
 * @param completedOn null while active
 * @param errorMessage why it ended in ERROR; null otherwise
 */
public record WorkflowRun(
    String runId,
    String workflowName,
    State state,
    Map<String, String> properties,
    long propertiesVersion,
    Instant startedOn,
    Instant completedOn,
    String errorMessage) {
  /** The states of a run that has not ended. */
  public static final Set<State> ACTIVE = Set.of(State.RUNNING, State.STOPPING);

  public WorkflowRun {
    requireNonNull(runId, "runId is null");
    requireNonNull(workflowName, "workflowName is null");
    requireNonNull(state, "state is null");
    properties = Map.copyOf(properties);
    requireNonNull(startedOn, "startedOn is null");
  }

  public boolean active() {
    return ACTIVE.contains(state);
  }

  /** This run in {@code next}; an end state sets its completion time and message. */
  public WorkflowRun changed(State next, Instant time, String message) {
    return new WorkflowRun(
        runId,
        workflowName,
        next,
        properties,
        propertiesVersion,
        startedOn,
        ACTIVE.contains(next) ? null : time,
        message);
  }

  /** Glue's WorkflowRunStatus. */
  public enum State {
    RUNNING,
    COMPLETED,
    STOPPING,
    STOPPED,
    ERROR
  }
}
