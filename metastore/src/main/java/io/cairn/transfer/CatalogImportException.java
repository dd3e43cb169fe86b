package io.cairn.transfer;

/**
 * An import failed and wrote nothing. The message says what is wrong and where in the document
 * (line, column and JSON pointer); the cause is the underlying error: a JSON syntax or mapping
 * error, or a catalog error such as {@code ValidationException} or {@code AlreadyExistsException}.
 */
public final class CatalogImportException extends RuntimeException {
  CatalogImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
