package io.cairn.thrift;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.CatalogException;
import io.cairn.catalog.NotFoundException;
import io.cairn.catalog.TableConstraint;
import io.cairn.catalog.TableConstraint.Kind;
import io.cairn.catalog.TableName;
import io.cairn.catalog.ValidationException;
import io.cairn.service.ConstraintService;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.hadoop.hive.metastore.api.AddCheckConstraintRequest;
import org.apache.hadoop.hive.metastore.api.AddDefaultConstraintRequest;
import org.apache.hadoop.hive.metastore.api.AddForeignKeyRequest;
import org.apache.hadoop.hive.metastore.api.AddNotNullConstraintRequest;
import org.apache.hadoop.hive.metastore.api.AddPrimaryKeyRequest;
import org.apache.hadoop.hive.metastore.api.AddUniqueConstraintRequest;
import org.apache.hadoop.hive.metastore.api.AllTableConstraintsRequest;
import org.apache.hadoop.hive.metastore.api.AllTableConstraintsResponse;
import org.apache.hadoop.hive.metastore.api.CheckConstraintsRequest;
import org.apache.hadoop.hive.metastore.api.CheckConstraintsResponse;
import org.apache.hadoop.hive.metastore.api.CreateTableRequest;
import org.apache.hadoop.hive.metastore.api.DefaultConstraintsRequest;
import org.apache.hadoop.hive.metastore.api.DefaultConstraintsResponse;
import org.apache.hadoop.hive.metastore.api.DropConstraintRequest;
import org.apache.hadoop.hive.metastore.api.ForeignKeysRequest;
import org.apache.hadoop.hive.metastore.api.ForeignKeysResponse;
import org.apache.hadoop.hive.metastore.api.NotNullConstraintsRequest;
import org.apache.hadoop.hive.metastore.api.NotNullConstraintsResponse;
import org.apache.hadoop.hive.metastore.api.PrimaryKeysRequest;
import org.apache.hadoop.hive.metastore.api.PrimaryKeysResponse;
import org.apache.hadoop.hive.metastore.api.SQLAllTableConstraints;
import org.apache.hadoop.hive.metastore.api.SQLCheckConstraint;
import org.apache.hadoop.hive.metastore.api.SQLDefaultConstraint;
import org.apache.hadoop.hive.metastore.api.SQLForeignKey;
import org.apache.hadoop.hive.metastore.api.SQLNotNullConstraint;
import org.apache.hadoop.hive.metastore.api.SQLPrimaryKey;
import org.apache.hadoop.hive.metastore.api.SQLUniqueConstraint;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.UniqueConstraintsRequest;
import org.apache.hadoop.hive.metastore.api.UniqueConstraintsResponse;
import org.apache.thrift.TApplicationException;

/**
 * The Thrift table-constraint methods over {@link ConstraintService}, including the creation of a
 * table with its constraints.
 *
 * <p>Hive's metastore refuses a missing table or column, a taken name and a missing constraint with
 * an InvalidObjectException, which the add_* and drop_constraint methods do not declare: Hive's
 * clients receive a TApplicationException, and Hive's own tests expect one. Cairn sends a
 * TApplicationException too, but with the message.
 */
final class ConstraintHandler {
  private final ConstraintService constraints;
  private final HiveMetastoreHandler tables;
  private final HiveNames names;

  ConstraintHandler(
      ConstraintService constraints, HiveMetastoreHandler tables, String defaultCatalog) {
    this.constraints = requireNonNull(constraints, "constraints is null");
    this.tables = requireNonNull(tables, "tables is null");
    this.names = new HiveNames(defaultCatalog);
  }

  // Creating a table with its constraints

  public void create_table_with_constraints(
      Table table,
      List<SQLPrimaryKey> primaryKeys,
      List<SQLForeignKey> foreignKeys,
      List<SQLUniqueConstraint> uniqueConstraints,
      List<SQLNotNullConstraint> notNullConstraints,
      List<SQLDefaultConstraint> defaultConstraints,
      List<SQLCheckConstraint> checkConstraints) {
    List<TableConstraint> all = new ArrayList<>();
    all.addAll(fromPrimaryKeys(orEmpty(primaryKeys)));
    all.addAll(fromForeignKeys(orEmpty(foreignKeys)));
    all.addAll(fromUniqueConstraints(orEmpty(uniqueConstraints)));
    orEmpty(notNullConstraints).forEach(c -> all.add(fromNotNull(c)));
    orEmpty(defaultConstraints).forEach(c -> all.add(fromDefault(c)));
    orEmpty(checkConstraints).forEach(c -> all.add(fromCheck(c)));
    if (all.isEmpty()) {
      tables.create_table(table);
    } else {
      tables.createTable(table, created -> constraints.createTable(created, all));
    }
  }

  /** Creates the table and the constraints the request carries in one transaction. */
  public void create_table_req(CreateTableRequest request) {
    create_table_with_constraints(
        request.getTable(),
        request.getPrimaryKeys(),
        request.getForeignKeys(),
        request.getUniqueConstraints(),
        request.getNotNullConstraints(),
        request.getDefaultConstraints(),
        request.getCheckConstraints());
  }

  // Adding and dropping

  public void add_primary_key(AddPrimaryKeyRequest request) throws TApplicationException {
    add(fromPrimaryKeys(orEmpty(request.getPrimaryKeyCols())));
  }

  public void add_foreign_key(AddForeignKeyRequest request) throws TApplicationException {
    add(fromForeignKeys(orEmpty(request.getForeignKeyCols())));
  }

  public void add_unique_constraint(AddUniqueConstraintRequest request)
      throws TApplicationException {
    add(fromUniqueConstraints(orEmpty(request.getUniqueConstraintCols())));
  }

  public void add_not_null_constraint(AddNotNullConstraintRequest request)
      throws TApplicationException {
    add(orEmpty(request.getNotNullConstraintCols()).stream().map(this::fromNotNull).toList());
  }

  public void add_default_constraint(AddDefaultConstraintRequest request)
      throws TApplicationException {
    add(orEmpty(request.getDefaultConstraintCols()).stream().map(this::fromDefault).toList());
  }

  public void add_check_constraint(AddCheckConstraintRequest request) throws TApplicationException {
    add(orEmpty(request.getCheckConstraintCols()).stream().map(this::fromCheck).toList());
  }

  private void add(List<TableConstraint> added) throws TApplicationException {
    try {
      constraints.addConstraints(added);
    } catch (ValidationException e) {
      throw undeclared(e);
    }
  }

  public void drop_constraint(DropConstraintRequest request) throws TApplicationException {
    try {
      constraints.dropConstraint(
          names.table(request.getCatName(), request.getDbname(), request.getTablename()),
          request.getConstraintname());
    } catch (NotFoundException e) {
      throw undeclared(e);
    }
  }

  /** Hive's InvalidObjectException where the method does not declare it (see the class comment). */
  private static TApplicationException undeclared(CatalogException e) {
    return new TApplicationException(TApplicationException.UNKNOWN, e.getMessage());
  }

  // Listing: a missing table has none, as in Hive

  public PrimaryKeysResponse get_primary_keys(PrimaryKeysRequest request) {
    return new PrimaryKeysResponse(
        toThrift(
            list(
                request.getCatName(),
                request.getDb_name(),
                request.getTbl_name(),
                Kind.PRIMARY_KEY),
            ConstraintHandler::toPrimaryKeys));
  }

  /** By parent table, foreign (referencing) table or both; a side without a table name is any. */
  public ForeignKeysResponse get_foreign_keys(ForeignKeysRequest request) {
    TableName parent =
        request.getParent_tbl_name() == null
            ? null
            : names.table(
                request.getCatName(), request.getParent_db_name(), request.getParent_tbl_name());
    TableName child =
        request.getForeign_tbl_name() == null
            ? null
            : names.table(
                request.getCatName(), request.getForeign_db_name(), request.getForeign_tbl_name());
    return new ForeignKeysResponse(
        toThrift(constraints.listForeignKeys(parent, child), ConstraintHandler::toForeignKeys));
  }

  public UniqueConstraintsResponse get_unique_constraints(UniqueConstraintsRequest request) {
    return new UniqueConstraintsResponse(
        toThrift(
            list(request.getCatName(), request.getDb_name(), request.getTbl_name(), Kind.UNIQUE),
            ConstraintHandler::toUniqueConstraints));
  }

  public NotNullConstraintsResponse get_not_null_constraints(NotNullConstraintsRequest request) {
    return new NotNullConstraintsResponse(
        toThrift(
            list(request.getCatName(), request.getDb_name(), request.getTbl_name(), Kind.NOT_NULL),
            c -> List.of(toNotNull(c))));
  }

  public DefaultConstraintsResponse get_default_constraints(DefaultConstraintsRequest request) {
    return new DefaultConstraintsResponse(
        toThrift(
            list(request.getCatName(), request.getDb_name(), request.getTbl_name(), Kind.DEFAULT),
            c -> List.of(toDefault(c))));
  }

  public CheckConstraintsResponse get_check_constraints(CheckConstraintsRequest request) {
    return new CheckConstraintsResponse(
        toThrift(
            list(request.getCatName(), request.getDb_name(), request.getTbl_name(), Kind.CHECK),
            c -> List.of(toCheck(c))));
  }

  /** The table's own constraints; its foreign keys are those it declares, not those on it. */
  public AllTableConstraintsResponse get_all_table_constraints(AllTableConstraintsRequest request) {
    List<TableConstraint> all =
        constraints.listConstraints(
            names.table(request.getCatName(), request.getDbName(), request.getTblName()));
    SQLAllTableConstraints result = new SQLAllTableConstraints();
    result.setPrimaryKeys(
        toThrift(ofKind(all, Kind.PRIMARY_KEY), ConstraintHandler::toPrimaryKeys));
    result.setForeignKeys(
        toThrift(ofKind(all, Kind.FOREIGN_KEY), ConstraintHandler::toForeignKeys));
    result.setUniqueConstraints(
        toThrift(ofKind(all, Kind.UNIQUE), ConstraintHandler::toUniqueConstraints));
    result.setNotNullConstraints(toThrift(ofKind(all, Kind.NOT_NULL), c -> List.of(toNotNull(c))));
    result.setDefaultConstraints(toThrift(ofKind(all, Kind.DEFAULT), c -> List.of(toDefault(c))));
    result.setCheckConstraints(toThrift(ofKind(all, Kind.CHECK), c -> List.of(toCheck(c))));
    return new AllTableConstraintsResponse(result);
  }

  private List<TableConstraint> list(String catalog, String database, String table, Kind kind) {
    return constraints.listConstraints(names.table(catalog, database, table), kind);
  }

  private static List<TableConstraint> ofKind(List<TableConstraint> all, Kind kind) {
    return all.stream().filter(c -> c.kind() == kind).toList();
  }

  private static <T> List<T> toThrift(
      List<TableConstraint> constraints, Function<TableConstraint, List<T>> converter) {
    List<T> result = new ArrayList<>();
    constraints.forEach(c -> result.addAll(converter.apply(c)));
    return result;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  // Conversions. Hive sends one Thrift object per column of a key; the columns of one key follow
  // each other with key_seq 1, 2, ... and one name (or none, then the key's name is generated).
  // The to* conversions also write the constraints of notification events (HiveEventMessages).

  /** Starts a new key unless {@code next} continues the previous one. */
  private static boolean startsKey(
      int keySequence, String name, TableName table, String previousName, TableName previous) {
    return keySequence <= 1
        || !table.equals(previous)
        || !Objects.equals(
            name == null ? null : name.toLowerCase(java.util.Locale.ROOT), previousName);
  }

  private List<TableConstraint> fromPrimaryKeys(List<SQLPrimaryKey> keys) {
    return keyColumns(
        keys.stream()
            .map(
                key ->
                    new KeyColumn(
                        Kind.PRIMARY_KEY,
                        key.getPk_name(),
                        names.table(key.getCatName(), key.getTable_db(), key.getTable_name()),
                        key.getColumn_name(),
                        key.getKey_seq(),
                        key.isEnable_cstr(),
                        key.isValidate_cstr(),
                        key.isRely_cstr()))
            .toList());
  }

  private List<TableConstraint> fromUniqueConstraints(List<SQLUniqueConstraint> keys) {
    return keyColumns(
        keys.stream()
            .map(
                key ->
                    new KeyColumn(
                        Kind.UNIQUE,
                        key.getUk_name(),
                        names.table(key.getCatName(), key.getTable_db(), key.getTable_name()),
                        key.getColumn_name(),
                        key.getKey_seq(),
                        key.isEnable_cstr(),
                        key.isValidate_cstr(),
                        key.isRely_cstr()))
            .toList());
  }

  /** One column of a primary or unique key as Hive sends it: a key is a run of these. */
  private record KeyColumn(
      Kind kind,
      String name,
      TableName table,
      String column,
      int keySequence,
      boolean enable,
      boolean validate,
      boolean rely) {}

  /** Hive's per-column rows of primary or unique keys, joined into one constraint per key. */
  private static List<TableConstraint> keyColumns(List<KeyColumn> columns) {
    List<TableConstraint> result = new ArrayList<>();
    for (KeyColumn key : columns) {
      TableConstraint last = result.isEmpty() ? null : result.get(result.size() - 1);
      if (last == null
          || startsKey(key.keySequence(), key.name(), key.table(), last.name(), last.table())) {
        result.add(
            TableConstraint.of(
                key.kind(),
                key.name(),
                key.table(),
                List.of(required(key.column())),
                null,
                key.enable(),
                key.validate(),
                key.rely()));
      } else {
        result.set(result.size() - 1, withColumn(last, key.column(), null));
      }
    }
    return result;
  }

  private List<TableConstraint> fromForeignKeys(List<SQLForeignKey> keys) {
    List<TableConstraint> result = new ArrayList<>();
    for (SQLForeignKey key : keys) {
      TableName table = names.table(key.getCatName(), key.getFktable_db(), key.getFktable_name());
      TableName referenced =
          names.table(key.getCatName(), key.getPktable_db(), key.getPktable_name());
      TableConstraint last = result.isEmpty() ? null : result.get(result.size() - 1);
      if (last == null
          || startsKey(key.getKey_seq(), key.getFk_name(), table, last.name(), last.table())
          || !referenced.equals(last.referencedTable())) {
        result.add(
            new TableConstraint(
                Kind.FOREIGN_KEY,
                key.getFk_name(),
                table,
                List.of(required(key.getFkcolumn_name())),
                referenced,
                List.of(required(key.getPkcolumn_name())),
                null,
                key.getUpdate_rule(),
                key.getDelete_rule(),
                null,
                key.isEnable_cstr(),
                key.isValidate_cstr(),
                key.isRely_cstr()));
      } else {
        result.set(
            result.size() - 1, withColumn(last, key.getFkcolumn_name(), key.getPkcolumn_name()));
      }
    }
    return result;
  }

  private static TableConstraint withColumn(
      TableConstraint key, String column, String referencedColumn) {
    List<String> columns = new ArrayList<>(key.columns());
    columns.add(required(column));
    List<String> referencedColumns = new ArrayList<>(key.referencedColumns());
    if (referencedColumn != null) {
      referencedColumns.add(referencedColumn);
    }
    return new TableConstraint(
        key.kind(),
        key.name(),
        key.table(),
        columns,
        key.referencedTable(),
        referencedColumns,
        key.referencedConstraint(),
        key.updateRule(),
        key.deleteRule(),
        key.expression(),
        key.enable(),
        key.validate(),
        key.rely());
  }

  private TableConstraint fromNotNull(SQLNotNullConstraint c) {
    return TableConstraint.of(
        Kind.NOT_NULL,
        c.getNn_name(),
        names.table(c.getCatName(), c.getTable_db(), c.getTable_name()),
        List.of(required(c.getColumn_name())),
        null,
        c.isEnable_cstr(),
        c.isValidate_cstr(),
        c.isRely_cstr());
  }

  private TableConstraint fromDefault(SQLDefaultConstraint c) {
    return TableConstraint.of(
        Kind.DEFAULT,
        c.getDc_name(),
        names.table(c.getCatName(), c.getTable_db(), c.getTable_name()),
        List.of(required(c.getColumn_name())),
        c.getDefault_value(),
        c.isEnable_cstr(),
        c.isValidate_cstr(),
        c.isRely_cstr());
  }

  private TableConstraint fromCheck(SQLCheckConstraint c) {
    return TableConstraint.of(
        Kind.CHECK,
        c.getDc_name(),
        names.table(c.getCatName(), c.getTable_db(), c.getTable_name()),
        c.getColumn_name() == null ? List.of() : List.of(c.getColumn_name()),
        c.getCheck_expression(),
        c.isEnable_cstr(),
        c.isValidate_cstr(),
        c.isRely_cstr());
  }

  private static String required(String column) {
    if (column == null) {
      throw new ValidationException("a constraint column name is missing");
    }
    return column;
  }

  static List<SQLPrimaryKey> toPrimaryKeys(TableConstraint c) {
    List<SQLPrimaryKey> result = new ArrayList<>();
    for (int i = 0; i < c.columns().size(); i++) {
      SQLPrimaryKey key =
          new SQLPrimaryKey(
              c.table().database(),
              c.table().table(),
              c.columns().get(i),
              i + 1,
              c.name(),
              c.enable(),
              c.validate(),
              c.rely());
      key.setCatName(c.table().catalog());
      result.add(key);
    }
    return result;
  }

  static List<SQLUniqueConstraint> toUniqueConstraints(TableConstraint c) {
    List<SQLUniqueConstraint> result = new ArrayList<>();
    for (int i = 0; i < c.columns().size(); i++) {
      result.add(
          new SQLUniqueConstraint(
              c.table().catalog(),
              c.table().database(),
              c.table().table(),
              c.columns().get(i),
              i + 1,
              c.name(),
              c.enable(),
              c.validate(),
              c.rely()));
    }
    return result;
  }

  static List<SQLForeignKey> toForeignKeys(TableConstraint c) {
    List<SQLForeignKey> result = new ArrayList<>();
    for (int i = 0; i < c.columns().size(); i++) {
      SQLForeignKey key =
          new SQLForeignKey(
              c.referencedTable().database(),
              c.referencedTable().table(),
              c.referencedColumns().get(i),
              c.table().database(),
              c.table().table(),
              c.columns().get(i),
              i + 1,
              c.updateRule(),
              c.deleteRule(),
              c.name(),
              c.referencedConstraint(),
              c.enable(),
              c.validate(),
              c.rely());
      key.setCatName(c.table().catalog());
      result.add(key);
    }
    return result;
  }

  static SQLNotNullConstraint toNotNull(TableConstraint c) {
    return new SQLNotNullConstraint(
        c.table().catalog(),
        c.table().database(),
        c.table().table(),
        c.columns().get(0),
        c.name(),
        c.enable(),
        c.validate(),
        c.rely());
  }

  static SQLDefaultConstraint toDefault(TableConstraint c) {
    return new SQLDefaultConstraint(
        c.table().catalog(),
        c.table().database(),
        c.table().table(),
        c.columns().get(0),
        c.expression(),
        c.name(),
        c.enable(),
        c.validate(),
        c.rely());
  }

  static SQLCheckConstraint toCheck(TableConstraint c) {
    return new SQLCheckConstraint(
        c.table().catalog(),
        c.table().database(),
        c.table().table(),
        c.columns().isEmpty() ? null : c.columns().get(0),
        c.expression(),
        c.name(),
        c.enable(),
        c.validate(),
        c.rely());
  }
}
