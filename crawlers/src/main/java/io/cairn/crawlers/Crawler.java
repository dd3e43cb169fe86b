package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import io.cairn.classifiers.Classifiers;
import java.util.function.BooleanSupplier;

/**
 * Glue's crawler: walks the targets, classifies a sample of each folder's files, groups folders
 * into tables and partitions, compares them with the catalog under the crawler's policies and
 * applies every change in one {@link CrawlerCatalog#apply} call.
 */
public final class Crawler {
  private final Classifiers builtIn;
  private final S3Settings s3;

  public Crawler(Classifiers builtIn, S3Settings s3) {
    this.builtIn = requireNonNull(builtIn, "builtIn is null");
    this.s3 = requireNonNull(s3, "s3 is null");
  }

  /**
   * Runs one crawl. {@code stopRequested} is polled between files; once it is true the crawl ends
   * with {@link CrawlStoppedException} and the catalog unchanged.
   *
   * @throws CrawlStoppedException when stopped before the catalog was changed
   * @throws java.io.UncheckedIOException when a target cannot be listed
   */
  public CrawlResult crawl(
      CrawlerConfiguration configuration,
      CrawlerCatalog catalog,
      CrawlListener listener,
      BooleanSupplier stopRequested) {
    throw new UnsupportedOperationException("not yet");
  }
}
