package io.cairn.catalog;

/**
 * A job already has as many active runs as its MaxConcurrentRuns allows, or an ML transform already
 * has an active task run.
 */
public final class ConcurrentRunsExceededException extends CatalogException {
  public ConcurrentRunsExceededException(String message) {
    super(message);
  }
}
