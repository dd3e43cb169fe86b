package io.cairn.catalog;

/**
 * Root of the error vocabulary. Each protocol adapter maps every subclass once to its own error
 * (Glue exception type, Thrift exception, Iceberg REST error, HTTP status).
 */
public abstract class CatalogException extends RuntimeException {
  protected CatalogException(String message) {
    super(message);
  }

  protected CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
