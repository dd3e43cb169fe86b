package io.cairn.locks;

import io.cairn.catalog.InvalidOperationException;

/** A transaction's lock cannot be released on its own; the transaction's end releases it. */
public final class TransactionOpenException extends InvalidOperationException {
  public TransactionOpenException(String message) {
    super(message);
  }
}
