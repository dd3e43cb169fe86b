package io.cairn.catalog;

/** The request is malformed or breaks a limit. Nothing was written. */
public class ValidationException extends CatalogException {
  public ValidationException(String message) {
    super(message);
  }
}
