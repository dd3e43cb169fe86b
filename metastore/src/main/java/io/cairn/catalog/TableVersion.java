package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

/** An archived or current version of a table; {@code versionId} is Glue's VersionId as a number. */
public record TableVersion(long versionId, Table table) {
  public TableVersion {
    requireNonNull(table, "table is null");
  }
}
