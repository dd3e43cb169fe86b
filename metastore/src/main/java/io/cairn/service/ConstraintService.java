package io.cairn.service;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Column;
import io.cairn.catalog.InvalidOperationException;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.NotificationEvent;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableConstraint;
import io.cairn.catalog.TableConstraint.Kind;
import io.cairn.catalog.TableName;
import io.cairn.catalog.ValidationException;
import io.cairn.store.CatalogStore;
import io.cairn.store.StoreTransaction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Table constraints with the semantics of Hive's metastore: declared with a table or added later,
 * listed back, dropped by name, gone with either table they involve and kept through a rename.
 * Nothing is enforced on data. Every change runs in one store transaction and is whole or not at
 * all, its notification events with it.
 *
 * <p>Events are logged as Hive's metastore logs them: one per kind of the constraints added
 * (ADD_PRIMARYKEY, ADD_FOREIGNKEY, ADD_UNIQUECONSTRAINT, ADD_NOTNULLCONSTRAINT,
 * ADD_CHECKCONSTRAINT, ADD_DEFAULTCONSTRAINT, in this order, after the CREATE_TABLE of a table
 * created with them), with the constraints as stored (named) under {@code constraints}; a dropped
 * constraint is one DROP_CONSTRAINT with the table and the {@code constraint}'s name.
 *
 * <p>Refusals carry Hive's messages: a missing table or column and a taken name are {@link
 * ValidationException}s (Hive's InvalidObjectException); a second primary key and a foreign key
 * that matches no primary or unique key of the referenced table are {@link
 * InvalidOperationException}s (Hive's MetaException).
 */
public final class ConstraintService {
  private static final int NAME_ATTEMPTS = 10;

  /**
   * The order of Hive's events for a table created with constraints ({@code create_table_core}).
   */
  private static final List<Kind> EVENT_ORDER =
      List.of(
          Kind.PRIMARY_KEY, Kind.FOREIGN_KEY, Kind.UNIQUE, Kind.NOT_NULL, Kind.CHECK, Kind.DEFAULT);

  private final CatalogStore store;
  private final CatalogService catalog;
  private final Clock clock;

  public ConstraintService(CatalogStore store, CatalogService catalog, Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Creates the table and its constraints in one transaction: if a constraint is refused, the table
   * is not created either. Each constraint must be declared on {@code table}; a foreign key may
   * reference it or another table. Returns the constraints as stored (with generated names).
   */
  public List<TableConstraint> createTable(Table table, List<TableConstraint> constraints) {
    for (TableConstraint constraint : constraints) {
      if (!constraint.table().equals(table.name())) {
        throw new ValidationException(
            "Constraint "
                + constraint.name()
                + " is declared on "
                + constraint.table()
                + ", not on the table being created, "
                + table.name());
      }
    }
    List<TableConstraint> created = new ArrayList<>();
    catalog.createTable(
        table,
        transaction -> {
          List<TableConstraint> added = add(transaction, constraints);
          created.addAll(added);
          return addedEvents(added);
        });
    return List.copyOf(created);
  }

  /** Adds constraints to existing tables, all or none. Returns them as stored. */
  public List<TableConstraint> addConstraints(List<TableConstraint> constraints) {
    return store.write(
        transaction -> {
          List<TableConstraint> added = add(transaction, constraints);
          transaction.appendNotifications(addedEvents(added));
          return added;
        });
  }

  /** The constraints of one kind declared on the table; empty if the table does not exist. */
  public List<TableConstraint> listConstraints(TableName table, Kind kind) {
    return listConstraints(table).stream().filter(c -> c.kind() == kind).toList();
  }

  /** Every constraint declared on the table; empty if the table does not exist. */
  public List<TableConstraint> listConstraints(TableName table) {
    return store.read(transaction -> transaction.listConstraints(table));
  }

  /**
   * The foreign keys that reference {@code referencedTable} and are declared on {@code table}; null
   * for either means any, but not both.
   */
  public List<TableConstraint> listForeignKeys(TableName referencedTable, TableName table) {
    if (referencedTable == null && table == null) {
      throw new ValidationException("foreign keys are listed by parent or foreign table");
    }
    return store.read(transaction -> transaction.listForeignKeys(referencedTable, table));
  }

  /**
   * Drops the constraint of that name declared on the table, or a foreign key of that name that
   * references it.
   */
  public void dropConstraint(TableName table, String name) {
    String constraint = requireNonNull(name, "name is null").toLowerCase(Locale.ROOT);
    store.write(
        transaction -> {
          if (!transaction.dropConstraint(table, constraint)) {
            throw new NoSuchEntityException(
                "The constraint: "
                    + constraint
                    + " does not exist for the associated table: "
                    + table.database()
                    + "."
                    + table.table());
          }
          catalog.recordChange(
              transaction,
              NotificationEvent.Type.DROP_CONSTRAINT,
              table.databaseName(),
              table.table(),
              Map.of("table", table, "constraint", constraint));
          return null;
        });
  }

  /**
   * One event per kind and table in Hive's order. Hive logs a foreign key under the table it
   * references (its listener names the event after the key's parent), and so does Cairn: a consumer
   * that follows one database sees the foreign keys that point into it.
   */
  private List<NotificationEvent> addedEvents(List<TableConstraint> added) {
    List<NotificationEvent> events = new ArrayList<>();
    for (Kind kind : EVENT_ORDER) {
      Map<TableName, List<TableConstraint>> byTable = new LinkedHashMap<>();
      for (TableConstraint constraint : added) {
        if (constraint.kind() == kind) {
          TableName loggedUnder =
              kind == Kind.FOREIGN_KEY ? constraint.referencedTable() : constraint.table();
          byTable.computeIfAbsent(loggedUnder, name -> new ArrayList<>()).add(constraint);
        }
      }
      byTable.forEach(
          (table, constraints) ->
              events.add(
                  catalog.event(
                      eventType(kind),
                      table.databaseName(),
                      table.table(),
                      Map.of("constraints", constraints))));
    }
    return events;
  }

  private static NotificationEvent.Type eventType(Kind kind) {
    return switch (kind) {
      case PRIMARY_KEY -> NotificationEvent.Type.ADD_PRIMARYKEY;
      case FOREIGN_KEY -> NotificationEvent.Type.ADD_FOREIGNKEY;
      case UNIQUE -> NotificationEvent.Type.ADD_UNIQUECONSTRAINT;
      case NOT_NULL -> NotificationEvent.Type.ADD_NOTNULLCONSTRAINT;
      case DEFAULT -> NotificationEvent.Type.ADD_DEFAULTCONSTRAINT;
      case CHECK -> NotificationEvent.Type.ADD_CHECKCONSTRAINT;
    };
  }

  /**
   * Names and checks the constraints and stores them. Keys come before foreign keys, so that a
   * foreign key may reference a key declared in the same call.
   */
  private List<TableConstraint> add(
      StoreTransaction transaction, List<TableConstraint> constraints) {
    List<TableConstraint> ordered =
        constraints.stream()
            .sorted(Comparator.comparing(c -> c.kind() == Kind.FOREIGN_KEY))
            .toList();
    List<TableConstraint> added = new ArrayList<>();
    for (TableConstraint constraint : ordered) {
      added.add(check(transaction, constraint, added));
    }
    transaction.createConstraints(added);
    return added;
  }

  private TableConstraint check(
      StoreTransaction transaction, TableConstraint constraint, List<TableConstraint> added) {
    boolean foreignKey = constraint.kind() == Kind.FOREIGN_KEY;
    String role = foreignKey ? "Child" : "Parent";
    Table table =
        transaction
            .loadTable(constraint.table())
            .orElseThrow(
                () ->
                    new ValidationException(
                        role + " table not found: " + constraint.table().table()));
    List<TableConstraint> existing = constraintsOf(transaction, constraint.table(), added);
    for (String column : constraint.columns()) {
      requireColumn(table, column, role);
    }
    if (constraint.kind() == Kind.PRIMARY_KEY
        && existing.stream().anyMatch(c -> c.kind() == Kind.PRIMARY_KEY)) {
      throw new InvalidOperationException("Primary key already exists for: " + constraint.table());
    }
    TableConstraint named = constraint;
    if (foreignKey) {
      named = named.withReferencedConstraint(referencedKey(transaction, table, named, added));
    }
    if (named.name() == null) {
      named = named.withName(generatedName(named, existing));
    } else if (existing.stream().anyMatch(c -> c.name().equals(constraint.name()))) {
      throw new ValidationException(
          "Constraint name already exists: "
              + constraint.table().database()
              + "."
              + constraint.table().table()
              + "."
              + constraint.name());
    }
    return named;
  }

  /**
   * The name of the primary or unique key of the referenced table whose columns, in order and with
   * their types, are the ones the foreign key references (Hive's check).
   */
  private String referencedKey(
      StoreTransaction transaction,
      Table child,
      TableConstraint foreignKey,
      List<TableConstraint> added) {
    TableName parentName = foreignKey.referencedTable();
    Table parent =
        parentName.equals(child.name())
            ? child
            : transaction
                .loadTable(parentName)
                .orElseThrow(
                    () -> new ValidationException("Parent table not found: " + parentName.table()));
    for (String column : foreignKey.referencedColumns()) {
      requireColumn(parent, column, "Parent");
    }
    List<TableConstraint> keys =
        constraintsOf(transaction, parentName, added).stream()
            .filter(c -> c.kind() == Kind.PRIMARY_KEY || c.kind() == Kind.UNIQUE)
            .toList();
    if (keys.isEmpty()) {
      throw new InvalidOperationException(
          "Trying to define foreign key but there are no primary keys or unique keys for"
              + " referenced table");
    }
    StringBuilder referenced = new StringBuilder();
    StringBuilder declared = new StringBuilder();
    for (int i = 0; i < foreignKey.columns().size(); i++) {
      String type = columnType(child, foreignKey.columns().get(i));
      referenced.append(signature(foreignKey.referencedColumns().get(i), type));
      declared.append(signature(foreignKey.columns().get(i), type));
    }
    Set<String> possible = new LinkedHashSet<>();
    String match = null;
    for (TableConstraint key : keys) {
      StringBuilder keySignature = new StringBuilder();
      for (String column : key.columns()) {
        keySignature.append(signature(column, columnType(parent, column)));
      }
      possible.add(keySignature.toString());
      if (match == null && keySignature.toString().contentEquals(referenced)) {
        match = key.name();
      }
    }
    if (match == null) {
      throw new InvalidOperationException(
          "Foreign key references "
              + referenced
              + " but no corresponding primary key or unique key exists. Possible keys: "
              + possible);
    }
    if (parentName.equals(child.name()) && declared.toString().contentEquals(referenced)) {
      throw new InvalidOperationException(
          "Cannot be both foreign key and primary/unique key on same table: " + referenced);
    }
    return match;
  }

  private static List<TableConstraint> constraintsOf(
      StoreTransaction transaction, TableName table, List<TableConstraint> added) {
    List<TableConstraint> all = new ArrayList<>(transaction.listConstraints(table));
    added.stream().filter(c -> c.table().equals(table)).forEach(all::add);
    return all;
  }

  /**
   * A name in Hive's pattern ({@code pk_<hash>_<milliseconds>_<attempt>}) that no constraint of the
   * table has.
   */
  private String generatedName(TableConstraint constraint, List<TableConstraint> existing) {
    List<String> parts = new ArrayList<>();
    parts.add(constraint.table().database());
    parts.add(constraint.table().table());
    if (constraint.kind() == Kind.FOREIGN_KEY) {
      parts.add(constraint.referencedTable().database());
      parts.add(constraint.referencedTable().table());
      parts.add(constraint.referencedColumns().get(0));
    }
    parts.add(constraint.columns().isEmpty() ? "null" : constraint.columns().get(0));
    String suffix = suffix(constraint.kind());
    parts.add(suffix);
    int hash = ("{" + String.join(",", parts) + "}").hashCode() & 0xfffffff;
    for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
      String name = suffix + "_" + hash + "_" + clock.millis() + "_" + attempt;
      if (existing.stream().noneMatch(c -> c.name().equals(name))) {
        return name;
      }
    }
    throw new IllegalStateException("could not generate a constraint name for " + parts);
  }

  private static String suffix(Kind kind) {
    return switch (kind) {
      case PRIMARY_KEY -> "pk";
      case FOREIGN_KEY -> "fk";
      case UNIQUE -> "uk";
      case NOT_NULL -> "nn";
      case DEFAULT, CHECK -> "dc";
    };
  }

  private static void requireColumn(Table table, String column, String role) {
    if (findColumn(table, column).isEmpty()) {
      throw new ValidationException(role + " column not found: " + column);
    }
  }

  private static String columnType(Table table, String column) {
    return findColumn(table, column).map(Column::type).orElseThrow();
  }

  /** A data column or partition key of the table, by case-insensitive name. */
  private static Optional<Column> findColumn(Table table, String column) {
    List<Column> columns = new ArrayList<>();
    if (table.storageDescriptor() != null) {
      columns.addAll(table.storageDescriptor().columns());
    }
    columns.addAll(table.partitionKeys());
    return columns.stream().filter(c -> c.name().equalsIgnoreCase(column)).findFirst();
  }

  private static String signature(String column, String type) {
    return column + ":" + type + ";";
  }
}
