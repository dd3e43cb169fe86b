package io.cairn.locks;

import io.cairn.catalog.NotFoundException;

/** No open transaction has that id: it never existed, or it was committed already. */
public final class NoSuchTransactionException extends NotFoundException {
  public NoSuchTransactionException(String message) {
    super(message);
  }
}
