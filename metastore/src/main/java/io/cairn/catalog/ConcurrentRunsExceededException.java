package io.cairn.catalog;

/** A job already has as many active runs as its MaxConcurrentRuns allows. */
public final class ConcurrentRunsExceededException extends CatalogException {
  public ConcurrentRunsExceededException(String message) {
    super(message);
  }
}
