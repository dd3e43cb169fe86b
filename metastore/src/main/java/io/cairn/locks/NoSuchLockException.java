package io.cairn.locks;

import io.cairn.catalog.NotFoundException;

/** No lock has that id: it never existed, was released, or was abandoned and expired. */
public final class NoSuchLockException extends NotFoundException {
  public NoSuchLockException(String message) {
    super(message);
  }
}
