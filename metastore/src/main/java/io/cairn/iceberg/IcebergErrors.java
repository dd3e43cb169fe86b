package io.cairn.iceberg;

import io.cairn.catalog.AlreadyExistsException;
import io.cairn.catalog.CatalogException;
import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.NoSuchDatabaseException;
import io.cairn.catalog.NoSuchTableException;
import io.cairn.catalog.NotFoundException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.responses.ErrorResponse;

/**
 * Iceberg's error model, each exception mapped once: {@code {"error": {"message", "type", "code"}}}
 * with the type names and codes of the REST spec (and of Iceberg's own exceptions, which the Java
 * client turns back into the same exception). Cairn's domain exceptions map to their Iceberg
 * counterparts; anything unexpected is a 500 that says nothing of the inside.
 */
final class IcebergErrors {
  private IcebergErrors() {}

  /** An error response's parts. */
  record Error(int code, String type, String message) {
    ErrorResponse toResponse() {
      return ErrorResponse.builder().responseCode(code).withType(type).withMessage(message).build();
    }
  }

  /** 405: a method the resource does not take. */
  static final class MethodNotAllowedException extends RuntimeException {
    MethodNotAllowedException(String message) {
      super(message);
    }
  }

  /** 419: a bearer token that was valid has expired; the client should get a new one. */
  static final class AuthenticationTimeoutException extends RuntimeException {
    AuthenticationTimeoutException(String message) {
      super(message);
    }
  }

  /** 422: a well-formed request that cannot be processed, e.g. an Idempotency-Key reused. */
  static final class UnprocessableEntityException extends RuntimeException {
    UnprocessableEntityException(String message) {
      super(message);
    }
  }

  static Error of(RuntimeException exception) {
    String message = exception.getMessage();
    String type = exception.getClass().getSimpleName();
    // Iceberg's own exceptions keep their names, as Iceberg's clients expect them.
    if (exception instanceof org.apache.iceberg.exceptions.NoSuchTableException
        || exception instanceof NoSuchNamespaceException
        || exception instanceof NoSuchViewException
        || exception instanceof org.apache.iceberg.exceptions.NotFoundException) {
      return new Error(404, type, message);
    }
    if (exception instanceof org.apache.iceberg.exceptions.AlreadyExistsException
        || exception instanceof org.apache.iceberg.exceptions.CommitFailedException
        || exception instanceof NamespaceNotEmptyException) {
      return new Error(409, type, message);
    }
    if (exception instanceof BadRequestException
        || exception instanceof ValidationException
        || exception instanceof IllegalArgumentException) {
      return new Error(400, type, message);
    }
    if (exception instanceof NotAuthorizedException) {
      return new Error(401, type, message);
    }
    if (exception instanceof ForbiddenException) {
      return new Error(403, type, message);
    }
    if (exception instanceof MethodNotAllowedException) {
      return new Error(405, type, message);
    }
    if (exception instanceof UnsupportedOperationException) {
      return new Error(406, "UnsupportedOperationException", message);
    }
    if (exception instanceof AuthenticationTimeoutException) {
      return new Error(419, type, message);
    }
    if (exception instanceof UnprocessableEntityException) {
      return new Error(422, type, message);
    }
    if (exception instanceof ServiceUnavailableException) {
      return new Error(503, type, message);
    }
    if (exception instanceof CommitStateUnknownException) {
      return new Error(500, type, message);
    }
    // Cairn's domain exceptions, as the Iceberg exception of the same meaning.
    if (exception instanceof NoSuchDatabaseException) {
      return new Error(404, "NoSuchNamespaceException", message);
    }
    if (exception instanceof NoSuchTableException) {
      return new Error(404, "NoSuchTableException", message);
    }
    if (exception instanceof NotFoundException) {
      return new Error(404, "NotFoundException", message);
    }
    if (exception instanceof AlreadyExistsException) {
      return new Error(409, "AlreadyExistsException", message);
    }
    if (exception instanceof CommitFailedException) {
      return new Error(409, "CommitFailedException", message);
    }
    if (exception instanceof CatalogException) {
      return new Error(400, "BadRequestException", message);
    }
    return new Error(500, "InternalServerError", "internal server error");
  }
}
