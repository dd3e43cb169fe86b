package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Glue trigger: starts jobs and crawlers on a cron schedule, when watched runs end in given
 * states, or on request.
 *
 * @param schedule {@code cron(…)} of a SCHEDULED trigger; null for the other types
 * @param predicate what a CONDITIONAL trigger waits for; null for the other types
 * @param description null for none
 * @param workflowName the workflow it belongs to; null for none. A workflow's triggers fire only in
 *     its runs: its ON_DEMAND and SCHEDULED triggers start a run, its CONDITIONAL ones watch the
 *     jobs and crawls of that run only
 * @param version starts at 1, one more on every update (compare-and-swap)
 */
public record Trigger(
    String name,
    Type type,
    String description,
    String workflowName,
    String schedule,
    Predicate predicate,
    List<Action> actions,
    long version) {
  public Trigger {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    actions = List.copyOf(actions);
  }

  public enum Type {
    SCHEDULED,
    CONDITIONAL,
    ON_DEMAND
  }

  /** Glue's TriggerState of the states Cairn's triggers are in. */
  public enum State {
    CREATED,
    ACTIVATED,
    DEACTIVATED
  }

  /** Glue's Logical: AND fires when all conditions hold, ANY when one does. */
  public enum Logical {
    AND,
    ANY
  }

  /** Conditions of a CONDITIONAL trigger. */
  public record Predicate(Logical logical, List<Condition> conditions) {
    public Predicate {
      requireNonNull(logical, "logical is null");
      conditions = List.copyOf(conditions);
    }
  }

  /**
   * Holds when the latest run of the job (or crawl of the crawler) ended in {@code state}: a job
   * run state (SUCCEEDED, STOPPED, FAILED, TIMEOUT) or a crawl state (SUCCEEDED, FAILED,
   * CANCELLED).
   *
   * @param jobName null for a crawler's condition
   * @param crawlerName null for a job's condition
   */
  public record Condition(String jobName, String crawlerName, String state) {
    public Condition {
      if ((jobName == null) == (crawlerName == null)) {
        throw new IllegalArgumentException("a condition watches one job or one crawler");
      }
      requireNonNull(state, "state is null");
    }
  }

  /**
   * One job or crawler a trigger starts.
   *
   * @param jobName null for a crawler
   * @param crawlerName null for a job
   * @param arguments the job run's arguments; empty for a crawler
   */
  public record Action(String jobName, String crawlerName, Map<String, String> arguments) {
    public Action {
      if ((jobName == null) == (crawlerName == null)) {
        throw new IllegalArgumentException("an action starts one job or one crawler");
      }
      arguments = Map.copyOf(arguments);
    }
  }

  /**
   * A trigger's state, changed by compare-and-swap.
   *
   * @param nextRunTime when an ACTIVATED SCHEDULED trigger is next due; null otherwise
   */
  public record Status(String name, State state, Instant nextRunTime) {
    public Status {
      requireNonNull(name, "name is null");
      requireNonNull(state, "state is null");
    }
  }
}
