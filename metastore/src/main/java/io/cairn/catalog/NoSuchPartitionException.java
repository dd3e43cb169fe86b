package io.cairn.catalog;

/** A partition does not exist. */
public class NoSuchPartitionException extends NotFoundException {
  public NoSuchPartitionException(String message) {
    super(message);
  }
}
