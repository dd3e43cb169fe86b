package io.cairn.catalog;

/** A resource with that name exists already. */
public class AlreadyExistsException extends CatalogException {
  public AlreadyExistsException(String message) {
    super(message);
  }
}
