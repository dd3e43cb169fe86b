package io.cairn.catalog;

/** A compare-and-swap lost: the resource changed since the caller read it. Nothing was written. */
public class CommitFailedException extends CatalogException {
  public CommitFailedException(String message) {
    super(message);
  }
}
