package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * A primary key, foreign key, unique, not-null, default or check constraint of a table, as Hive's
 * metastore keeps them: declared, listed back and dropped, never enforced by Cairn.
 *
 * @param name unique among the constraints of {@code table}, lower-case; null in a request asks for
 *     a generated one, as Hive does
 * @param table the table the constraint is declared on (for a foreign key the referencing table)
 * @param columns the constrained columns in key order, lower-case; one column for not-null and
 *     default constraints, none or one for a check constraint (none: a table-level check)
 * @param referencedTable for a foreign key the referenced table; null otherwise
 * @param referencedColumns for a foreign key the referenced columns, in the order of {@code
 *     columns}; empty otherwise
 * @param referencedConstraint for a foreign key the primary key or unique constraint of {@code
 *     referencedTable} it references; null otherwise
 * @param updateRule for a foreign key Hive's update rule number (kept, not interpreted); 0
 *     otherwise
 * @param deleteRule for a foreign key Hive's delete rule number (kept, not interpreted); 0
 *     otherwise
 * @param expression the default value of a default constraint or the expression of a check
 *     constraint, as sent; null for the other kinds
 */
public record TableConstraint(
    Kind kind,
    String name,
    TableName table,
    List<String> columns,
    TableName referencedTable,
    List<String> referencedColumns,
    String referencedConstraint,
    int updateRule,
    int deleteRule,
    String expression,
    boolean enable,
    boolean validate,
    boolean rely) {

  public enum Kind {
    PRIMARY_KEY,
    FOREIGN_KEY,
    UNIQUE,
    NOT_NULL,
    DEFAULT,
    CHECK
  }

  public TableConstraint {
    requireNonNull(kind, "kind is null");
    name = name == null ? null : name.toLowerCase(Locale.ROOT);
    requireNonNull(table, "table is null");
    columns =
        requireNonNull(columns, "columns is null").stream().map(TableConstraint::lower).toList();
    referencedColumns =
        requireNonNull(referencedColumns, "referencedColumns is null").stream()
            .map(TableConstraint::lower)
            .toList();
    boolean foreignKey = kind == Kind.FOREIGN_KEY;
    if (foreignKey != (referencedTable != null)) {
      throw new IllegalArgumentException("only a foreign key references a table");
    }
    if (foreignKey && referencedColumns.size() != columns.size()) {
      throw new IllegalArgumentException("a foreign key references one column per column");
    }
    if (!foreignKey && !referencedColumns.isEmpty()) {
      throw new IllegalArgumentException("only a foreign key references columns");
    }
    if (kind != Kind.CHECK && columns.isEmpty()) {
      throw new IllegalArgumentException("a " + kind + " constraint needs a column");
    }
  }

  /** A constraint of any kind but a foreign key. */
  public static TableConstraint of(
      Kind kind,
      String name,
      TableName table,
      List<String> columns,
      String expression,
      boolean enable,
      boolean validate,
      boolean rely) {
    return new TableConstraint(
        kind,
        name,
        table,
        columns,
        null,
        List.of(),
        null,
        0,
        0,
        expression,
        enable,
        validate,
        rely);
  }

  public TableConstraint withName(String newName) {
    return new TableConstraint(
        kind,
        newName,
        table,
        columns,
        referencedTable,
        referencedColumns,
        referencedConstraint,
        updateRule,
        deleteRule,
        expression,
        enable,
        validate,
        rely);
  }

  public TableConstraint withReferencedConstraint(String constraint) {
    return new TableConstraint(
        kind,
        name,
        table,
        columns,
        referencedTable,
        referencedColumns,
        constraint,
        updateRule,
        deleteRule,
        expression,
        enable,
        validate,
        rely);
  }

  private static String lower(String column) {
    return requireNonNull(column, "column is null").toLowerCase(Locale.ROOT);
  }
}
