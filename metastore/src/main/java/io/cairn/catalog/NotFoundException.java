package io.cairn.catalog;

/** The named resource does not exist. */
public abstract class NotFoundException extends CatalogException {
  protected NotFoundException(String message) {
    super(message);
  }
}
