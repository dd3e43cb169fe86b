package io.cairn.catalog;

/** Kind of principal that owns a database or a table (HMS PrincipalType). */
public enum PrincipalType {
  USER,
  ROLE,
  GROUP
}
