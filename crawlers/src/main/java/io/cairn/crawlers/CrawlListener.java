package io.cairn.crawlers;

/** Hears how a crawl is going, for progress bars and logs. Called on the crawling thread. */
public interface CrawlListener {
  CrawlListener NONE = new CrawlListener() {};

  /** Listing found {@code files} files so far. */
  default void listed(long files) {}

  /** {@code done} of the {@code total} files to classify are classified. */
  default void classified(long done, long total) {}

  /** A message worth a line in the crawl's log, such as a schema change under LOG. */
  default void log(String message) {}
}
