package io.cairn.crawlers;

/** A crawl was asked to stop before it changed the catalog; the catalog is as it was. */
public final class CrawlStoppedException extends RuntimeException {
  public CrawlStoppedException(String message) {
    super(message);
  }
}
