package io.cairn.crawlers;

/** Glue's SchemaChangePolicy.UpdateBehavior: what a crawler does with a changed schema. */
public enum UpdateBehavior {
  /** Change the table in the catalog. */
  UPDATE_IN_DATABASE,
  /** Keep the table as it is and log the change. */
  LOG
}
