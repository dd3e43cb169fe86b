package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A crawler or its schedule is not in the state an operation needs: already running, not running,
 * stopping, already scheduled, not scheduled, or without a schedule.
 */
public final class CrawlerStateException extends CatalogException {
  private final Reason reason;

  public CrawlerStateException(Reason reason, String message) {
    super(message);
    this.reason = requireNonNull(reason, "reason is null");
  }

  public Reason reason() {
    return reason;
  }

  /** What was wrong; each protocol names it its own way. */
  public enum Reason {
    CRAWLER_RUNNING,
    CRAWLER_NOT_RUNNING,
    CRAWLER_STOPPING,
    SCHEDULE_RUNNING,
    SCHEDULE_NOT_RUNNING,
    NO_SCHEDULE
  }
}
