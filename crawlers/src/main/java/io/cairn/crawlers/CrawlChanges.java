package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * Everything one crawl changes in one database, applied by {@link CrawlerCatalog#apply} all at once
 * or not at all. Maps are keyed by table name; a table in {@code createTables} may have partitions
 * in {@code addPartitions}.
 */
public record CrawlChanges(
    List<CrawledTable> createTables,
    List<CrawledTable> updateTables,
    List<String> dropTables,
    Map<String, List<CrawledPartition>> addPartitions,
    Map<String, List<CrawledPartition>> updatePartitions,
    Map<String, List<List<String>>> dropPartitions) {
  public CrawlChanges {
    createTables = List.copyOf(requireNonNull(createTables, "createTables is null"));
    updateTables = List.copyOf(requireNonNull(updateTables, "updateTables is null"));
    dropTables = List.copyOf(requireNonNull(dropTables, "dropTables is null"));
    addPartitions = Map.copyOf(requireNonNull(addPartitions, "addPartitions is null"));
    updatePartitions = Map.copyOf(requireNonNull(updatePartitions, "updatePartitions is null"));
    dropPartitions = Map.copyOf(requireNonNull(dropPartitions, "dropPartitions is null"));
  }

  public boolean isEmpty() {
    return createTables.isEmpty()
        && updateTables.isEmpty()
        && dropTables.isEmpty()
        && addPartitions.isEmpty()
        && updatePartitions.isEmpty()
        && dropPartitions.isEmpty();
  }
}
