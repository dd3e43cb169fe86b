package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * What one crawl did. Under {@link UpdateBehavior#LOG} or {@link DeleteBehavior#LOG} the changes
 * left undone are in {@code messages}, not in the counts.
 */
public record CrawlResult(
    int tablesCreated,
    int tablesUpdated,
    int tablesDeleted,
    int partitionsAdded,
    int partitionsUpdated,
    int partitionsDeleted,
    long filesListed,
    long filesRead,
    long bytesRead,
    Duration elapsed,
    List<String> messages) {
  public CrawlResult {
    requireNonNull(elapsed, "elapsed is null");
    messages = List.copyOf(requireNonNull(messages, "messages is null"));
  }
}
