package io.cairn.store;

/** The database failed in a way the caller cannot fix by changing the request (a 5xx). */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
