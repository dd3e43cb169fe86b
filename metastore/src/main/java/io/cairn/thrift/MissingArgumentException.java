package io.cairn.thrift;

import io.cairn.catalog.ValidationException;

/**
 * A name or field the client left null. Hive's metastore answers those with a MetaException
 * whatever else the method declares, and Hive's clients and tests expect that; {@link
 * HandlerInvocation} sends it so.
 */
final class MissingArgumentException extends ValidationException {
  MissingArgumentException(String message) {
    super(message);
  }
}
