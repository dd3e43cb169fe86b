package io.cairn.findmatches;

/** What a column's values are, which decides its similarity features. */
public enum ColumnKind {
  TEXT,
  NUMBER,
  DATE
}
