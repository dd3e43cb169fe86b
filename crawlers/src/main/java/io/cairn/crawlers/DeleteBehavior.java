package io.cairn.crawlers;

/**
 * Glue's SchemaChangePolicy.DeleteBehavior: what a crawler does with a table or partition whose
 * data is gone.
 */
public enum DeleteBehavior {
  /** Keep it and log that its data is gone. */
  LOG,
  /** Drop it from the catalog. */
  DELETE_FROM_DATABASE,
  /** Keep it, marked with the table parameter {@code DEPRECATED_BY_CRAWLER}. */
  DEPRECATE_IN_DATABASE
}
