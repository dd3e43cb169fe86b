package io.cairn.catalog;

/** A user-defined function does not exist. */
public class NoSuchFunctionException extends NotFoundException {
  public NoSuchFunctionException(String message) {
    super(message);
  }
}
