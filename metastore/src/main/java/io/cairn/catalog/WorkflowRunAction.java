package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One job or crawler that a trigger started in a workflow run. A trigger fires at most once in a
 * run: its actions are stored together when it fires (before they start), so a run with an action
 * whose run is not known yet is still busy.
 *
 * @param position the action's index in the trigger's Actions
 * @param jobName null for a crawler
 * @param crawlerName null for a job
 * @param actionRunId the job run id or crawl id; null until it has started
 * @param startError why it could not start; null when it started or is starting
 */
public record WorkflowRunAction(
    String workflowRunId,
    String triggerName,
    int position,
    String jobName,
    String crawlerName,
    String actionRunId,
    String startError,
    Instant fireTime) {
  public WorkflowRunAction {
    requireNonNull(workflowRunId, "workflowRunId is null");
    requireNonNull(triggerName, "triggerName is null");
    if ((jobName == null) == (crawlerName == null)) {
      throw new IllegalArgumentException("an action starts one job or one crawler");
    }
    requireNonNull(fireTime, "fireTime is null");
  }

  /** This action, started as {@code runId}, or not started because of {@code error}. */
  public WorkflowRunAction started(String runId, String error) {
    return new WorkflowRunAction(
        workflowRunId, triggerName, position, jobName, crawlerName, runId, error, fireTime);
  }
}
