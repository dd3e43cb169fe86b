package io.cairn.etl.job;

/** A job that started and failed at a node; the message names the node. */
public final class JobFailedException extends RuntimeException {
  public JobFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
