package io.cairn.catalog;

/** An ML transform has no labels yet, which the task asked for needs (Glue's NOT_READY). */
public final class MlTransformNotReadyException extends CatalogException {
  public MlTransformNotReadyException(String message) {
    super(message);
  }
}
