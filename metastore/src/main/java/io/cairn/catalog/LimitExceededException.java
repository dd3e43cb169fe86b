package io.cairn.catalog;

/** A resource count limit would be exceeded (e.g. more than three partition indexes). */
public class LimitExceededException extends CatalogException {
  public LimitExceededException(String message) {
    super(message);
  }
}
