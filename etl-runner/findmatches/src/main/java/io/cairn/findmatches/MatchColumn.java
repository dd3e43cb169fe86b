package io.cairn.findmatches;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** A column compared between records, and how. */
public record MatchColumn(String name, ColumnKind kind) implements Serializable {
  public MatchColumn {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
  }
}
