package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One run of a job (Glue's JobRun), launched by one server as its own JVM.
 *
 * @param attempt 0 for a started run, one more for each retry of it
 * @param previousRunId the run this one retries; null for a first attempt
 * @param triggerName the trigger that started it; null when started by StartJobRun
 * @param arguments the job's default arguments overridden by the ones it was started with
 * @param timeoutMinutes the job's timeout when the run started
 * @param lastModified when its state last changed
 * @param heartbeatTime last time the server running it said it is alive
 * @param completedOn null while active
 * @param errorMessage why it did not succeed; null otherwise
 */
public record JobRun(
    String runId,
    String jobName,
    int attempt,
    String previousRunId,
    String triggerName,
    State state,
    Map<String, String> arguments,
    int timeoutMinutes,
    Instant startedOn,
    Instant lastModified,
    Instant heartbeatTime,
    Instant completedOn,
    String errorMessage) {
  /** The states of a run that has not ended. */
  public static final Set<State> ACTIVE = Set.of(State.STARTING, State.RUNNING, State.STOPPING);

  public JobRun {
    requireNonNull(runId, "runId is null");
    requireNonNull(jobName, "jobName is null");
    requireNonNull(state, "state is null");
    arguments = Map.copyOf(arguments);
    requireNonNull(startedOn, "startedOn is null");
    requireNonNull(lastModified, "lastModified is null");
    requireNonNull(heartbeatTime, "heartbeatTime is null");
  }

  public boolean active() {
    return ACTIVE.contains(state);
  }

  /** This run in {@code next} from {@code time} on. */
  public JobRun changed(State next, Instant time) {
    return new JobRun(
        runId,
        jobName,
        attempt,
        previousRunId,
        triggerName,
        next,
        arguments,
        timeoutMinutes,
        startedOn,
        time,
        time,
        completedOn,
        errorMessage);
  }

  /** This run, still in its state, alive at {@code time}. */
  public JobRun alive(Instant time) {
    return new JobRun(
        runId,
        jobName,
        attempt,
        previousRunId,
        triggerName,
        state,
        arguments,
        timeoutMinutes,
        startedOn,
        lastModified,
        time,
        completedOn,
        errorMessage);
  }

  /** This run ended in {@code endState} at {@code time}. */
  public JobRun ended(State endState, Instant time, String message) {
    return new JobRun(
        runId,
        jobName,
        attempt,
        previousRunId,
        triggerName,
        endState,
        arguments,
        timeoutMinutes,
        startedOn,
        time,
        time,
        time,
        message);
  }

  /** Glue's JobRunState (WAITING and EXPIRED are never reached: runs start at once). */
  public enum State {
    STARTING,
    RUNNING,
    STOPPING,
    STOPPED,
    SUCCEEDED,
    FAILED,
    TIMEOUT,
    ERROR
  }
}
