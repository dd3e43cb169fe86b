package io.cairn.crawlers;

/** Glue's RecrawlPolicy.RecrawlBehavior. */
public enum RecrawlBehavior {
  /** Read every folder again. */
  CRAWL_EVERYTHING,
  /**
   * Read only folders that are not yet tables or partitions in the catalog; existing tables and
   * partitions are neither read nor changed.
   */
  CRAWL_NEW_FOLDERS_ONLY
}
