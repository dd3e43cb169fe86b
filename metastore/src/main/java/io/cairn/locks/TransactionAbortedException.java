package io.cairn.locks;

import io.cairn.catalog.CatalogException;

/** The transaction was aborted, by its client or because its heartbeats stopped. */
public final class TransactionAbortedException extends CatalogException {
  public TransactionAbortedException(String message) {
    super(message);
  }
}
