package io.cairn.transfer;

/** What an import does with a database of the document that the target catalog has already. */
public enum ImportMode {
  /** The import fails and writes nothing. */
  FAIL_IF_EXISTS,
  /**
   * The existing database is dropped with all its tables, partitions and tags, and the document's
   * one created instead, in the same transaction as the rest of the import.
   */
  REPLACE
}
