package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A crawler's run state, shared by every server replica through the store and changed only by
 * compare-and-swap.
 *
 * @param crawlId the crawl it runs while not {@link State#READY}, else null
 * @param nextRunTime when a {@link ScheduleState#SCHEDULED} crawler is next due, else null
 */
public record CrawlerStatus(
    String name, State state, String crawlId, ScheduleState scheduleState, Instant nextRunTime) {
  public CrawlerStatus {
    requireNonNull(name, "name is null");
    requireNonNull(state, "state is null");
    requireNonNull(scheduleState, "scheduleState is null");
  }

  /** Glue's CrawlerState. */
  public enum State {
    READY,
    RUNNING,
    STOPPING
  }

  /** Glue's ScheduleState (Cairn never answers TRANSITIONING: a switch is one transaction). */
  public enum ScheduleState {
    SCHEDULED,
    NOT_SCHEDULED
  }
}
