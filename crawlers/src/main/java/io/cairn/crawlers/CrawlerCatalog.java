package io.cairn.crawlers;

import java.util.List;

/**
 * The crawler's narrow port to the catalog. The server implements it over its catalog service;
 * tests implement it in memory.
 */
public interface CrawlerCatalog {
  /**
   * Every table of {@code database}, with its partition keys, storage and parameters; none when the
   * database does not exist yet ({@link #apply} then creates it).
   */
  List<CrawledTable> listTables(String database);

  /** Every partition of a table of {@code database}. */
  List<CrawledPartition> listPartitions(String database, String table);

  /**
   * Applies {@code changes} to {@code database} in one transaction, creating the database if it
   * does not exist: all of them or, if any fails, none.
   */
  void apply(String database, CrawlChanges changes);
}
