package io.cairn.catalog;

/** A database does not exist. */
public class NoSuchDatabaseException extends NotFoundException {
  public NoSuchDatabaseException(String message) {
    super(message);
  }
}
