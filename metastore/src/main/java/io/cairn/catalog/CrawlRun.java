package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One run of a crawler (Glue's CrawlerHistory), with what it changed in the catalog.
 *
 * @param endTime null while running
 * @param heartbeatTime last time the server running it said it is alive
 * @param errorMessage why it failed or stopped; null when it completed
 */
public record CrawlRun(
    String crawlId,
    String crawlerName,
    State state,
    Instant startTime,
    Instant endTime,
    Instant heartbeatTime,
    int tablesCreated,
    int tablesUpdated,
    int tablesDeleted,
    int partitionsAdded,
    int partitionsUpdated,
    int partitionsDeleted,
    String errorMessage) {
  public CrawlRun {
    requireNonNull(crawlId, "crawlId is null");
    requireNonNull(crawlerName, "crawlerName is null");
    requireNonNull(state, "state is null");
    requireNonNull(startTime, "startTime is null");
    requireNonNull(heartbeatTime, "heartbeatTime is null");
  }

  /** A crawl that starts now and has changed nothing yet. */
  public static CrawlRun started(String crawlId, String crawlerName, Instant startTime) {
    return new CrawlRun(
        crawlId, crawlerName, State.RUNNING, startTime, null, startTime, 0, 0, 0, 0, 0, 0, null);
  }

  /** This crawl ended in {@code state} at {@code time}, with no changes counted. */
  public CrawlRun ended(State endState, Instant time, String message) {
    return new CrawlRun(
        crawlId,
        crawlerName,
        endState,
        startTime,
        time,
        time,
        tablesCreated,
        tablesUpdated,
        tablesDeleted,
        partitionsAdded,
        partitionsUpdated,
        partitionsDeleted,
        message);
  }

  /** Glue's CrawlerHistoryState. */
  public enum State {
    RUNNING,
    COMPLETED,
    STOPPED,
    FAILED
  }
}
