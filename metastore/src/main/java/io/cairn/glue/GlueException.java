package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.CatalogException;

/**
 * An error answered in AWS's shape: HTTP status, {@code x-amzn-ErrorType} and {@code {"__type": …,
 * "Message": …}}. Domain exceptions are mapped to these once, in {@link GlueApi}; this type is for
 * what only the protocol knows (an unknown operation, a malformed document, a bad signature). It is
 * a {@link CatalogException} so that metrics count it as the client's error it is.
 */
final class GlueException extends CatalogException {
  private final String type;
  private final int status;

  GlueException(String type, int status, String message) {
    super(message);
    this.type = requireNonNull(type, "type is null");
    this.status = status;
  }

  /** AWS's error name, e.g. {@code EntityNotFoundException}. */
  String type() {
    return type;
  }

  int status() {
    return status;
  }

  /** A field is missing, too long, out of range or not one of its allowed values. */
  static GlueException invalidInput(String message) {
    return new GlueException("InvalidInputException", 400, message);
  }

  /** The body is not JSON, or a field has the wrong JSON type (what AWS's JSON services say). */
  static GlueException serialization(String message) {
    return new GlueException("SerializationException", 400, message);
  }

  static GlueException entityNotFound(String message) {
    return new GlueException("EntityNotFoundException", 400, message);
  }

  static GlueException unknownOperation(String message) {
    return new GlueException("UnknownOperationException", 400, message);
  }
}
