package io.cairn.catalog;

/**
 * The request is well formed but not allowed in the current state (e.g. dropping a non-empty
 * database without cascade).
 */
public class InvalidOperationException extends CatalogException {
  public InvalidOperationException(String message) {
    super(message);
  }
}
