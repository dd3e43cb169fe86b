package io.cairn.catalog;

/** A table or view does not exist. */
public class NoSuchTableException extends NotFoundException {
  public NoSuchTableException(String message) {
    super(message);
  }
}
