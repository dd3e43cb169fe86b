package io.cairn.service;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.catalog.AlreadyExistsException;
import io.cairn.catalog.Catalog;
import io.cairn.catalog.CatalogException;
import io.cairn.catalog.Column;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Function;
import io.cairn.catalog.FunctionName;
import io.cairn.catalog.IdempotencyRecord;
import io.cairn.catalog.InvalidOperationException;
import io.cairn.catalog.NoSuchDatabaseException;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.NoSuchFunctionException;
import io.cairn.catalog.NoSuchPartitionException;
import io.cairn.catalog.NoSuchTableException;
import io.cairn.catalog.NotificationEvent;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PartitionIndex;
import io.cairn.catalog.PartitionNames;
import io.cairn.catalog.PrincipalType;
import io.cairn.catalog.Segment;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableMetricsReport;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableSearch;
import io.cairn.catalog.TableType;
import io.cairn.catalog.TableVersion;
import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.GlueExpressionParser;
import io.cairn.catalog.filter.KeyRange;
import io.cairn.catalog.filter.PartitionFilter;
import io.cairn.catalog.filter.PartitionPredicate;
import io.cairn.json.CatalogJson;
import io.cairn.projection.PartitionProjection;
import io.cairn.store.CatalogStore;
import io.cairn.store.StoreTransaction;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * The catalog's operations, shared by every protocol. Validates input against Glue's limits, owns
 * the transaction of each operation and keeps the invariants: names lower-case, versions counted,
 * every update compare-and-swap.
 *
 * <p>Methods that take an {@code expectedVersion} apply the update only if the stored version is
 * that one; null means "whatever is stored now", still guarded against concurrent writers.
 *
 * <p>Every change to databases, tables, partitions, column statistics and functions appends a
 * {@link NotificationEvent} in the transaction that makes it, so the change and its event commit
 * together or not at all.
 */
public final class CatalogService {
  /** Hive's spelling of a null partition value. */
  public static final String DEFAULT_PARTITION_NAME = PartitionNames.DEFAULT_PARTITION_NAME;

  /** The database every catalog other than the default one is created with, as in Hive. */
  public static final String DEFAULT_DATABASE = "default";

  private final CatalogStore store;
  private final String defaultCatalog;
  private final ResourceArns arns;
  private final Clock clock;
  private final long projectionLimit;
  private final ObjectMapper notificationMapper = CatalogJson.newObjectMapper();

  public CatalogService(CatalogStore store, String defaultCatalog, ResourceArns arns, Clock clock) {
    this(store, defaultCatalog, arns, clock, PartitionProjection.DEFAULT_LIMIT);
  }

  /**
   * @param projectionLimit the most partitions one read of a projected table may compute
   */
  public CatalogService(
      CatalogStore store,
      String defaultCatalog,
      ResourceArns arns,
      Clock clock,
      long projectionLimit) {
    this.store = requireNonNull(store, "store is null");
    this.defaultCatalog =
        requireNonNull(defaultCatalog, "defaultCatalog is null").toLowerCase(Locale.ROOT);
    this.arns = requireNonNull(arns, "arns is null");
    this.clock = requireNonNull(clock, "clock is null");
    if (projectionLimit < 1) {
      throw new IllegalArgumentException("projectionLimit must be positive: " + projectionLimit);
    }
    this.projectionLimit = projectionLimit;
  }

  public String defaultCatalog() {
    return defaultCatalog;
  }

  public ResourceArns arns() {
    return arns;
  }

  public CatalogStore store() {
    return store;
  }

  /** Creates the default catalog if the store does not have it yet. Idempotent. */
  public void ensureDefaultCatalog() {
    store.write(
        transaction -> {
          if (transaction.loadCatalog(defaultCatalog).isEmpty()) {
            transaction.createCatalog(new Catalog(defaultCatalog, "Default catalog", null, now()));
          }
          return null;
        });
  }

  /**
   * Creates the database {@code default} in the default catalog at {@code location} if it does not
   * exist, as Hive's metastore does at its start: Hive clients and their tests expect it. Owned by
   * the role {@code public}. Idempotent, also when replicas start at once.
   */
  public void ensureDefaultDatabase(String location) {
    DatabaseName name = new DatabaseName(defaultCatalog, DEFAULT_DATABASE);
    Database database =
        CatalogValidator.database(
            new Database(
                name,
                "Default Hive database",
                location,
                null,
                Map.of(),
                "public",
                PrincipalType.ROLE,
                now(),
                null,
                0));
    try {
      store.write(
          transaction -> {
            if (transaction.loadDatabase(name).isEmpty()) {
              transaction.createDatabase(database);
              recordChange(
                  transaction,
                  NotificationEvent.Type.CREATE_DATABASE,
                  name,
                  null,
                  message("database", database));
            }
            return null;
          });
    } catch (AlreadyExistsException e) {
      // Another replica created it first.
    }
  }

  public List<Catalog> listCatalogs() {
    return store.read(StoreTransaction::listCatalogs);
  }

  public Catalog loadCatalog(String name) {
    return store.read(transaction -> requireCatalog(transaction, lower(name)));
  }

  /**
   * Creates a catalog and, as Hive's metastore does, a {@code default} database in it (at {@code
   * defaultDatabaseLocation}, the catalog's location as the protocol writes it), in one
   * transaction.
   */
  public Catalog createCatalog(Catalog catalog, String defaultDatabaseLocation) {
    Instant now = now();
    Catalog created =
        CatalogValidator.catalog(
            new Catalog(catalog.name(), catalog.description(), catalog.location(), now));
    Database defaultDatabase =
        CatalogValidator.database(
            new Database(
                new DatabaseName(created.name(), DEFAULT_DATABASE),
                "Default database for catalog " + created.name(),
                defaultDatabaseLocation,
                null,
                Map.of(),
                null,
                null,
                now,
                null,
                0));
    store.write(
        transaction -> {
          transaction.createCatalog(created);
          transaction.createDatabase(defaultDatabase);
          recordChange(
              transaction,
              NotificationEvent.Type.CREATE_DATABASE,
              defaultDatabase.name(),
              null,
              message("database", defaultDatabase));
          return null;
        });
    return created;
  }

  /** Replaces the description and the location of a catalog where the new value is not blank. */
  public Catalog updateCatalog(String name, String description, String location) {
    return store.write(
        transaction -> {
          Catalog current = requireCatalog(transaction, lower(name));
          Catalog updated =
              new Catalog(
                  current.name(),
                  description == null || description.isBlank()
                      ? current.description()
                      : description,
                  location == null || location.isBlank() ? current.location() : location,
                  current.createTime());
          transaction.updateCatalog(updated);
          return updated;
        });
  }

  /**
   * Drops a catalog other than the default one. As in Hive, it may hold only its {@code default}
   * database, and that only when it is empty; the database goes with it.
   */
  public void dropCatalog(String name) {
    String catalog = lower(name);
    if (catalog.equals(defaultCatalog)) {
      throw new InvalidOperationException("the default catalog " + catalog + " cannot be dropped");
    }
    store.write(
        transaction -> {
          requireCatalog(transaction, catalog);
          List<Database> databases =
              transaction.listDatabases(catalog, null, PageRequest.first(2)).items();
          if (databases.size() > 1
              || databases.size() == 1
                  && !databases.get(0).name().database().equals(DEFAULT_DATABASE)) {
            throw new InvalidOperationException(
                "catalog " + catalog + " holds databases other than default; drop them first");
          }
          if (databases.size() == 1) {
            DatabaseName defaultDatabase = databases.get(0).name();
            if (!transaction
                    .listTableNames(defaultDatabase, null, PageRequest.first(1))
                    .items()
                    .isEmpty()
                || !transaction
                    .listFunctions(defaultDatabase, null, PageRequest.first(1))
                    .items()
                    .isEmpty()) {
              throw new InvalidOperationException(
                  "the default database of catalog " + catalog + " is not empty");
            }
            transaction.dropDatabase(defaultDatabase);
            recordChange(
                transaction,
                NotificationEvent.Type.DROP_DATABASE,
                defaultDatabase,
                null,
                message("database", databases.get(0), "cascade", false));
          }
          transaction.dropCatalog(catalog);
          return null;
        });
  }

  // Databases

  public Database createDatabase(Database database) {
    return createDatabase(database, Map.of());
  }

  public Database loadDatabase(DatabaseName name) {
    return store.read(transaction -> requireDatabase(transaction, name));
  }

  public Page<Database> listDatabases(String catalog, String namePattern, PageRequest page) {
    return store.read(transaction -> transaction.listDatabases(lower(catalog), namePattern, page));
  }

  /** Replaces the database's definition; its name and create time stay. */
  public Database updateDatabase(DatabaseName name, Database definition, Long expectedVersion) {
    return store.write(
        transaction -> {
          Database current = requireDatabase(transaction, name);
          checkVersion("database " + name, current.version(), expectedVersion);
          if (!definition.name().equals(current.name())) {
            throw new ValidationException("a database cannot be renamed: " + name);
          }
          Database updated =
              CatalogValidator.nestedDatabase(
                  stamped(definition, current.createTime(), current.version() + 1));
          transaction.updateDatabase(updated);
          recordChange(
              transaction,
              NotificationEvent.Type.ALTER_DATABASE,
              name,
              null,
              message("before", current, "after", updated));
          return updated;
        });
  }

  /**
   * Creates the database of an Iceberg REST namespace, whose name is its levels joined by {@code .}
   * (see {@link CatalogValidator#nestedDatabase}). The parent of a nested one (its name without the
   * last level) must exist, else {@link NoSuchDatabaseException}; it is checked in the transaction
   * that creates the database.
   */
  public Database createNestedDatabase(Database database) {
    Database validated = CatalogValidator.nestedDatabase(stamped(database, now(), 0));
    DatabaseName name = validated.name();
    int lastDot = name.database().lastIndexOf('.');
    store.write(
        transaction -> {
          requireCatalog(transaction, name.catalog());
          if (lastDot >= 0) {
            requireDatabase(
                transaction,
                new DatabaseName(name.catalog(), name.database().substring(0, lastDot)));
          }
          transaction.createDatabase(validated);
          recordChange(
              transaction,
              NotificationEvent.Type.CREATE_DATABASE,
              name,
              null,
              message("database", validated));
          return null;
        });
    return validated;
  }

  /**
   * Drops a database. Without {@code cascade} it must hold no tables and no functions (as in HMS);
   * with it, its tables, partitions, statistics, versions, functions and tags go too. Returns the
   * dropped database. A database with nested databases ({@code a} of {@code a.b}, see {@link
   * #createNestedDatabase}) is not dropped, not even with {@code cascade}: that would leave them
   * without their parent.
   */
  public Database dropDatabase(DatabaseName name, boolean cascade) {
    return store.write(
        transaction -> {
          Database dropped = requireDatabase(transaction, name);
          if (hasNestedDatabases(transaction, name)) {
            throw new InvalidOperationException(
                "database " + name + " has nested databases: drop them first");
          }
          if (!cascade
              && (!transaction.listTableNames(name, null, PageRequest.first(1)).items().isEmpty()
                  || !transaction
                      .listFunctions(name, null, PageRequest.first(1))
                      .items()
                      .isEmpty())) {
            throw new InvalidOperationException("database " + name + " is not empty");
          }
          transaction.dropDatabase(name);
          transaction.removeAllTags(arns.database(name));
          transaction.removeAllTags(arns.tablesOf(name));
          // One event for the database and everything in it, also with cascade.
          recordChange(
              transaction,
              NotificationEvent.Type.DROP_DATABASE,
              name,
              null,
              message("database", dropped, "cascade", cascade));
          return dropped;
        });
  }

  /**
   * A Hive name pattern for {@link #listDatabases} that matches every database nested in {@code
   * parent} ({@code a.b} and {@code a.b.c} for {@code a}), and others too ({@code .} matches any
   * character, so also {@code axb}): callers keep the names that start with {@code <parent>.}.
   * Null, every database, for a parent whose name would not be read literally.
   */
  public static String nestedDatabasesPattern(DatabaseName parent) {
    String name = parent.database();
    boolean literal =
        name.indexOf('*') < 0 && name.indexOf('|') < 0 && name.equals(name.stripLeading());
    return literal ? name + ".*" : null;
  }

  private static boolean hasNestedDatabases(StoreTransaction transaction, DatabaseName name) {
    String prefix = name.database() + ".";
    String pattern = nestedDatabasesPattern(name);
    String token = null;
    do {
      Page<Database> page =
          transaction.listDatabases(name.catalog(), pattern, new PageRequest(token, 1000));
      if (page.items().stream()
          .anyMatch(database -> database.name().database().startsWith(prefix))) {
        return true;
      }
      token = page.nextToken();
    } while (token != null);
    return false;
  }

  // Tables

  public Table createTable(Table table) {
    return createTable(table, transaction -> List.of());
  }

  /**
   * Creates the table and runs {@code alsoInTransaction} in the same store transaction right after
   * it is written: both commit, or neither does. The events it returns (see {@link #event}) are
   * logged after the table's, as Hive logs the constraints of a new table after it.
   */
  public Table createTable(
      Table table,
      java.util.function.Function<StoreTransaction, List<NotificationEvent>> alsoInTransaction) {
    Instant now = now();
    Table validated = CatalogValidator.table(stamped(table, now, now, 0));
    store.write(
        transaction -> {
          requireDatabase(transaction, validated.name().databaseName());
          transaction.createTable(validated);
          List<NotificationEvent> events = new ArrayList<>();
          events.add(
              event(
                  NotificationEvent.Type.CREATE_TABLE,
                  validated.name().databaseName(),
                  validated.name().table(),
                  message("table", validated)));
          events.addAll(alsoInTransaction.apply(transaction));
          transaction.appendNotifications(events);
          return null;
        });
    return validated;
  }

  public Table loadTable(TableName name) {
    return store.read(transaction -> requireTable(transaction, name));
  }

  public Page<Table> listTables(DatabaseName database, String namePattern, PageRequest page) {
    return store.read(
        transaction -> {
          requireDatabase(transaction, database);
          return transaction.listTables(database, namePattern, page);
        });
  }

  public Page<String> listTableNames(DatabaseName database, String namePattern, PageRequest page) {
    return store.read(
        transaction -> {
          requireDatabase(transaction, database);
          return transaction.listTableNames(database, namePattern, page);
        });
  }

  /**
   * Replaces the table's definition and archives the previous one as a table version. A different
   * name in {@code definition} renames the table (within its catalog). Partition keys of a
   * partitioned table may not change.
   */
  public Table updateTable(TableName name, Table definition, Long expectedVersion) {
    return updateTable(name, definition, expectedVersion, false);
  }

  /**
   * As {@link #updateTable(TableName, Table, Long)}; with {@code cascadeColumns} (Hive's {@code
   * ALTER TABLE … CASCADE}) every partition also gets the table's new columns, in the same
   * transaction.
   */
  public Table updateTable(
      TableName name, Table definition, Long expectedVersion, boolean cascadeColumns) {
    return store.write(
        transaction -> updateTable(transaction, name, definition, expectedVersion, cascadeColumns));
  }

  private Table updateTable(
      StoreTransaction transaction,
      TableName name,
      Table definition,
      Long expectedVersion,
      boolean cascadeColumns) {
    Table current = requireTable(transaction, name);
    checkVersion("table " + name, current.version(), expectedVersion);
    if (!definition.name().catalog().equals(name.catalog())) {
      throw new ValidationException("a table cannot move to another catalog");
    }
    Table updated =
        CatalogValidator.table(
            stamped(definition, current.createTime(), now(), current.version() + 1));
    if (current.isPartitioned()
        && !sameKeys(current.partitionKeys(), updated.partitionKeys())
        && transaction.countPartitions(name, null) > 0) {
      throw new InvalidOperationException(
          "the partition keys of table " + name + " cannot change while it has partitions");
    }
    if (!updated.name().equals(name)) {
      requireDatabase(transaction, updated.name().databaseName());
    }
    transaction.updateTable(name, updated);
    if (!updated.name().equals(name)) {
      Map<String, String> tags = transaction.loadTags(arns.table(name));
      transaction.removeAllTags(arns.table(name));
      if (!tags.isEmpty()) {
        transaction.putTags(arns.table(updated.name()), tags);
      }
    }
    // A rename is an ALTER_TABLE under the old name, as in Hive.
    recordChange(
        transaction,
        NotificationEvent.Type.ALTER_TABLE,
        name.databaseName(),
        name.table(),
        message("before", current, "after", updated));
    if (cascadeColumns && updated.storageDescriptor() != null) {
      cascadeColumns(transaction, updated);
    }
    return updated;
  }

  private void cascadeColumns(StoreTransaction transaction, Table table) {
    List<Column> columns = table.storageDescriptor().columns();
    String token = null;
    do {
      Page<Partition> page =
          transaction.listPartitions(table.name(), null, new PageRequest(token, 1000));
      for (Partition current : page.items()) {
        if (current.storageDescriptor() == null
            || current.storageDescriptor().columns().equals(columns)) {
          continue;
        }
        Partition updated =
            new Partition(
                current.table(),
                current.values(),
                current.storageDescriptor().toBuilder().columns(columns).build(),
                current.parameters(),
                current.createTime(),
                current.lastAccessTime(),
                current.lastAnalyzedTime(),
                current.version() + 1);
        transaction.updatePartition(table.name(), current.values(), updated);
        recordChange(
            transaction,
            NotificationEvent.Type.ALTER_PARTITION,
            table.name().databaseName(),
            table.name().table(),
            message("table", table, "before", current, "after", updated));
      }
      token = page.nextToken();
    } while (token != null);
  }

  /** Drops a table with its partitions and statistics; returns the dropped table. */
  public Table dropTable(TableName name) {
    return store.write(transaction -> dropTable(transaction, name));
  }

  private Table dropTable(StoreTransaction transaction, TableName name) {
    Table dropped = requireTable(transaction, name);
    transaction.dropTable(name);
    transaction.removeAllTags(arns.table(name));
    recordChange(
        transaction,
        NotificationEvent.Type.DROP_TABLE,
        name.databaseName(),
        name.table(),
        message("table", dropped));
    return dropped;
  }

  public Page<TableVersion> listTableVersions(TableName name, PageRequest page) {
    return store.read(
        transaction -> {
          requireTable(transaction, name);
          return transaction.listTableVersions(name, page);
        });
  }

  public TableVersion loadTableVersion(TableName name, long versionId) {
    return store.read(
        transaction -> {
          requireTable(transaction, name);
          return transaction
              .loadTableVersion(name, versionId)
              .orElseThrow(
                  () ->
                      new NoSuchEntityException("table " + name + " has no version " + versionId));
        });
  }

  public void deleteTableVersion(TableName name, long versionId) {
    store.write(
        transaction -> {
          Table table = requireTable(transaction, name);
          if (table.version() == versionId) {
            throw new InvalidOperationException(
                "version " + versionId + " is the current version of table " + name);
          }
          transaction.deleteTableVersion(name, versionId);
          return null;
        });
  }

  // Partitions

  /** Adds all partitions in one transaction, or none of them. */
  public List<Partition> addPartitions(TableName name, List<Partition> partitions) {
    return store.write(transaction -> addPartitions(transaction, name, partitions));
  }

  private List<Partition> addPartitions(
      StoreTransaction transaction, TableName name, List<Partition> partitions) {
    Table table = requireTable(transaction, name);
    Instant now = now();
    List<Partition> validated = new ArrayList<>(partitions.size());
    Set<List<String>> seen = new HashSet<>();
    for (Partition partition : partitions) {
      Partition valid = CatalogValidator.partition(table, stamped(partition, now, 0));
      if (!seen.add(valid.values())) {
        throw new ValidationException(
            "partition " + valid.values() + " appears twice in one request");
      }
      validated.add(valid);
    }
    transaction.addPartitions(table.name(), validated);
    // One event for the whole batch, as Hive records add_partitions.
    recordChange(
        transaction,
        NotificationEvent.Type.ADD_PARTITION,
        name.databaseName(),
        name.table(),
        message("table", table, "partitions", validated));
    return validated;
  }

  public Partition loadPartition(TableName name, List<String> values) {
    return store.read(
        transaction -> {
          Table table = requireTable(transaction, name);
          Partition partition = readPartitions(transaction, table, List.of(values)).get(values);
          if (partition == null) {
            throw noSuchPartition(table, values);
          }
          return partition;
        });
  }

  /** The partitions of {@code values} that exist, in that order, each once; no error for others. */
  public List<Partition> loadPartitions(TableName name, List<List<String>> values) {
    return store.read(
        transaction -> {
          Table table = requireTable(transaction, name);
          Map<List<String>, Partition> found = readPartitions(transaction, table, values);
          return new LinkedHashSet<>(values)
              .stream().map(found::get).filter(Objects::nonNull).toList();
        });
  }

  /**
   * Partitions in name order; {@code predicate} null for all, bound to the table's keys. For a
   * projected table, every partition read here and below is computed from its rules ({@link
   * ProjectedPartitions}); stored partitions of such a table are kept but not read, as in Athena.
   */
  public Page<Partition> listPartitions(
      TableName name, PartitionPredicate predicate, PageRequest page) {
    return store.read(
        transaction -> {
          Table table = requireTable(transaction, name);
          PartitionFilter filter = bind(table, predicate);
          Optional<ProjectedPartitions> projected = projected(table);
          if (projected.isPresent()) {
            return projected.get().page(projected.get().select(filter), null, page);
          }
          return transaction.listPartitions(name, filter, page);
        });
  }

  public Page<String> listPartitionNames(
      TableName name, PartitionPredicate predicate, PageRequest page) {
    return store.read(
        transaction -> {
          Table table = requireTable(transaction, name);
          PartitionFilter filter = bind(table, predicate);
          Optional<ProjectedPartitions> projected = projected(table);
          if (projected.isPresent()) {
            ProjectedPartitions partitions = projected.get();
            Page<Partition> selected = partitions.page(partitions.select(filter), null, page);
            return new Page<>(
                selected.items().stream().map(partitions::name).toList(), selected.nextToken());
          }
          return transaction.listPartitionNames(name, filter, page);
        });
  }

  public long countPartitions(TableName name, PartitionPredicate predicate) {
    return store.read(
        transaction -> {
          Table table = requireTable(transaction, name);
          PartitionFilter filter = bind(table, predicate);
          Optional<ProjectedPartitions> projected = projected(table);
          if (projected.isPresent()) {
            return (long) projected.get().select(filter).size();
          }
          return transaction.countPartitions(name, filter);
        });
  }

  /** The projection of {@code table}, empty when it is not projected. */
  private Optional<ProjectedPartitions> projected(Table table) {
    return ProjectedPartitions.of(table, clock, projectionLimit);
  }

  /** The partitions of {@code values} that exist, stored or (for a projected table) computed. */
  private Map<List<String>, Partition> readPartitions(
      StoreTransaction transaction, Table table, List<List<String>> values) {
    Optional<ProjectedPartitions> projected = projected(table);
    if (projected.isEmpty()) {
      return transaction.loadPartitions(table.name(), values);
    }
    Map<List<String>, Partition> found = new HashMap<>();
    for (List<String> partitionValues : values) {
      projected.get().load(partitionValues).ifPresent(p -> found.put(partitionValues, p));
    }
    return found;
  }

  /** Replaces a partition's definition; different values in {@code definition} rename it. */
  public Partition updatePartition(
      TableName name, List<String> values, Partition definition, Long expectedVersion) {
    return store.write(
        transaction -> {
          Table table = requireTable(transaction, name);
          Partition current = requirePartition(transaction, name, values);
          checkVersion("partition " + values + " of " + name, current.version(), expectedVersion);
          Partition updated =
              CatalogValidator.partition(
                  table, stamped(definition, current.createTime(), current.version() + 1));
          transaction.updatePartition(name, current.values(), updated);
          recordChange(
              transaction,
              NotificationEvent.Type.ALTER_PARTITION,
              name.databaseName(),
              name.table(),
              message("table", table, "before", current, "after", updated));
          return updated;
        });
  }

  /**
   * Replaces the definitions of several partitions, each identified by its values, in one
   * transaction: all or none. Hive's alter_partitions semantics (the whole partition is sent).
   */
  public List<Partition> updatePartitions(TableName name, List<Partition> definitions) {
    return store.write(transaction -> updatePartitions(transaction, name, definitions));
  }

  private List<Partition> updatePartitions(
      StoreTransaction transaction, TableName name, List<Partition> definitions) {
    Table table = requireTable(transaction, name);
    List<List<String>> values = definitions.stream().map(Partition::values).toList();
    if (new HashSet<>(values).size() != values.size()) {
      throw new ValidationException("a partition appears twice in one request");
    }
    List<Partition> currents = requirePartitions(transaction, table, values);
    List<Partition> updated = new ArrayList<>(definitions.size());
    List<NotificationEvent> events = new ArrayList<>(definitions.size());
    for (int i = 0; i < definitions.size(); i++) {
      Partition current = currents.get(i);
      Partition replacement =
          CatalogValidator.partition(
              table, stamped(definitions.get(i), current.createTime(), current.version() + 1));
      updated.add(replacement);
      // One event per partition, as Hive's metastore records them.
      events.add(
          event(
              NotificationEvent.Type.ALTER_PARTITION,
              name.databaseName(),
              name.table(),
              message("table", table, "before", current, "after", replacement)));
    }
    transaction.updatePartitions(name, updated);
    transaction.appendNotifications(events);
    return updated;
  }

  /** Drops all named partitions or none; returns the dropped partitions. */
  public List<Partition> dropPartitions(TableName name, List<List<String>> values) {
    return store.write(transaction -> dropPartitions(transaction, name, values));
  }

  private List<Partition> dropPartitions(
      StoreTransaction transaction, TableName name, List<List<String>> values) {
    Table table = requireTable(transaction, name);
    List<Partition> dropped = requirePartitions(transaction, table, values);
    transaction.dropPartitions(name, values);
    recordChange(
        transaction,
        NotificationEvent.Type.DROP_PARTITION,
        name.databaseName(),
        name.table(),
        message("table", table, "partitionValues", values));
    return dropped;
  }

  /**
   * Adds the partition {@code values} with the table's storage descriptor, located in the
   * partition's directory under the table's location ({@code table/k1=v1/k2=v2}, Hive's escaping),
   * as Hive's {@code append_partition} does.
   *
   * @throws InvalidOperationException when the table has no location (a view)
   * @throws AlreadyExistsException when the partition exists
   */
  public Partition appendPartition(
      TableName name, List<String> values, Map<String, String> parameters) {
    return store.write(
        transaction -> {
          Table table = requireTable(transaction, name);
          String tableLocation =
              table.storageDescriptor() == null ? null : table.storageDescriptor().location();
          if (tableLocation == null) {
            throw new InvalidOperationException(
                "cannot append a partition to " + name + ": it has no location");
          }
          String location =
              childLocation(tableLocation, PartitionNames.name(table.partitionKeys(), values));
          Partition partition =
              CatalogValidator.partition(
                  table,
                  stamped(
                      new Partition(
                          name,
                          values,
                          table.storageDescriptor().toBuilder().location(location).build(),
                          parameters,
                          null,
                          null,
                          null,
                          0),
                      now(),
                      0));
          if (transaction.loadPartition(name, partition.values()).isPresent()) {
            throw new AlreadyExistsException(
                "table " + name + " already has partition " + partition.values());
          }
          transaction.addPartitions(name, List.of(partition));
          recordChange(
              transaction,
              NotificationEvent.Type.ADD_PARTITION,
              name.databaseName(),
              name.table(),
              message("table", table, "partitions", List.of(partition)));
          return partition;
        });
  }

  /** The partitions of an exchange: as they were in the source and as they are now. */
  public record ExchangedPartitions(List<Partition> removed, List<Partition> added) {
    public ExchangedPartitions {
      removed = List.copyOf(removed);
      added = List.copyOf(added);
    }
  }

  /**
   * Moves the partitions of {@code source} that match {@code predicate} (null: all) to {@code
   * destination}, in one transaction, as Hive's {@code exchange_partitions}: both tables must have
   * the same columns and partition keys (names and types), and the destination none of the
   * partitions. Each moved partition is located under the destination table's location; its column
   * statistics stay behind and are dropped with it.
   *
   * @throws InvalidOperationException when the schemas differ
   * @throws NoSuchPartitionException when no partition matches
   * @throws AlreadyExistsException when the destination has one of the partitions
   */
  public ExchangedPartitions exchangePartitions(
      TableName source, TableName destination, PartitionPredicate predicate) {
    return store.write(
        transaction -> {
          Table sourceTable = requireTable(transaction, source);
          Table destinationTable = requireTable(transaction, destination);
          if (sourceTable.name().equals(destinationTable.name())) {
            throw new InvalidOperationException(
                "cannot exchange partitions of a table with itself");
          }
          if (!sameColumns(sourceTable.storageDescriptor(), destinationTable.storageDescriptor())
              || !sameNamesAndTypes(
                  sourceTable.partitionKeys(), destinationTable.partitionKeys())) {
            throw new InvalidOperationException(
                "the tables "
                    + source
                    + " and "
                    + destination
                    + " have different schemas; their partitions cannot be exchanged");
          }
          PartitionFilter filter = bind(sourceTable, predicate);
          List<Partition> removed = new ArrayList<>();
          String token = null;
          do {
            Page<Partition> page =
                transaction.listPartitions(source, filter, new PageRequest(token, 1000));
            removed.addAll(page.items());
            token = page.nextToken();
          } while (token != null);
          if (removed.isEmpty()) {
            throw new NoSuchPartitionException("no partition of " + source + " matches");
          }
          String destinationLocation =
              destinationTable.storageDescriptor() == null
                  ? null
                  : destinationTable.storageDescriptor().location();
          Instant now = now();
          List<Partition> added = new ArrayList<>(removed.size());
          for (Partition partition : removed) {
            if (transaction.loadPartition(destination, partition.values()).isPresent()) {
              throw new AlreadyExistsException(
                  "the partition "
                      + PartitionNames.name(destinationTable.partitionKeys(), partition.values())
                      + " already exists in the table "
                      + destination);
            }
            StorageDescriptor descriptor = partition.storageDescriptor();
            if (descriptor != null && destinationLocation != null) {
              descriptor =
                  descriptor.toBuilder()
                      .location(
                          childLocation(
                              destinationLocation,
                              PartitionNames.name(
                                  destinationTable.partitionKeys(), partition.values())))
                      .build();
            }
            added.add(
                stamped(
                    new Partition(
                        destination,
                        partition.values(),
                        descriptor,
                        partition.parameters(),
                        partition.createTime(),
                        partition.lastAccessTime(),
                        partition.lastAnalyzedTime(),
                        0),
                    partition.createTime() == null ? now : partition.createTime(),
                    0));
          }
          transaction.addPartitions(destination, added);
          transaction.dropPartitions(source, removed.stream().map(Partition::values).toList());
          recordChange(
              transaction,
              NotificationEvent.Type.ADD_PARTITION,
              destination.databaseName(),
              destination.table(),
              message("table", destinationTable, "partitions", added));
          recordChange(
              transaction,
              NotificationEvent.Type.DROP_PARTITION,
              source.databaseName(),
              source.table(),
              message(
                  "table",
                  sourceTable,
                  "partitionValues",
                  removed.stream().map(Partition::values).toList()));
          return new ExchangedPartitions(removed, added);
        });
  }

  /**
   * Resets the basic statistics of a table after its data was deleted, as Hive's {@code
   * truncate_table} does: the statistics parameters present become 0, {@code COLUMN_STATS_ACCURATE}
   * says the basic statistics are accurate and no column statistics are. Affects the table itself
   * when it is not partitioned and {@code partitionValues} is null, else every partition (null) or
   * the named ones that exist. Returns the locations whose data is to be deleted.
   *
   * @throws InvalidOperationException for an external table
   */
  public List<String> truncate(TableName name, List<List<String>> partitionValues) {
    return store.write(
        transaction -> {
          Table table = requireTable(transaction, name);
          if (isExternal(table)) {
            throw new InvalidOperationException("Cannot truncate non-managed table " + name + ".");
          }
          List<String> locations = new ArrayList<>();
          if (!table.isPartitioned() && partitionValues == null) {
            Table updated =
                stamped(
                    table.toBuilder().parameters(truncatedStatistics(table.parameters())).build(),
                    table.createTime(),
                    now(),
                    table.version() + 1);
            transaction.updateTable(name, updated);
            recordChange(
                transaction,
                NotificationEvent.Type.ALTER_TABLE,
                name.databaseName(),
                name.table(),
                message("before", table, "after", updated));
            if (table.storageDescriptor() != null) {
              locations.add(table.storageDescriptor().location());
            }
            return locations;
          }
          List<Partition> partitions = new ArrayList<>();
          if (partitionValues == null) {
            String token = null;
            do {
              Page<Partition> page =
                  transaction.listPartitions(name, null, new PageRequest(token, 1000));
              partitions.addAll(page.items());
              token = page.nextToken();
            } while (token != null);
          } else {
            for (List<String> values : partitionValues) {
              if (values.size() == table.partitionKeys().size()) {
                transaction.loadPartition(name, values).ifPresent(partitions::add);
              }
            }
          }
          List<Partition> updated = new ArrayList<>(partitions.size());
          for (Partition partition : partitions) {
            Partition truncated =
                new Partition(
                    partition.table(),
                    partition.values(),
                    partition.storageDescriptor(),
                    truncatedStatistics(partition.parameters()),
                    partition.createTime(),
                    partition.lastAccessTime(),
                    partition.lastAnalyzedTime(),
                    partition.version() + 1);
            transaction.updatePartition(name, partition.values(), truncated);
            updated.add(truncated);
            if (partition.storageDescriptor() != null) {
              locations.add(partition.storageDescriptor().location());
            }
          }
          if (!updated.isEmpty()) {
            recordChange(
                transaction,
                NotificationEvent.Type.ALTER_PARTITION,
                name.databaseName(),
                name.table(),
                message("table", table, "partitions", updated));
          }
          return locations;
        });
  }

  /**
   * Hive's rule for whose data a drop may delete: a table is external when its type is {@code
   * EXTERNAL_TABLE} or its {@code EXTERNAL} parameter is true.
   */
  public static boolean isExternal(Table table) {
    return TableType.EXTERNAL_TABLE.equals(table.tableType())
        || "TRUE".equalsIgnoreCase(table.parameters().get("EXTERNAL"));
  }

  /** Hive's basic statistics, the table and partition parameters truncate resets to 0. */
  private static final List<String> BASIC_STATISTICS =
      List.of("numFiles", "numRows", "totalSize", "rawDataSize", "numFilesErasureCoded");

  private static Map<String, String> truncatedStatistics(Map<String, String> parameters) {
    Map<String, String> truncated = new HashMap<>(parameters);
    for (String statistic : BASIC_STATISTICS) {
      truncated.computeIfPresent(statistic, (key, value) -> "0");
    }
    truncated.put("COLUMN_STATS_ACCURATE", "{\"BASIC_STATS\":\"true\"}");
    return truncated;
  }

  private static String childLocation(String location, String child) {
    return (location.endsWith("/") ? location : location + "/") + child;
  }

  private static boolean sameColumns(StorageDescriptor left, StorageDescriptor right) {
    return sameNamesAndTypes(
        left == null ? List.of() : left.columns(), right == null ? List.of() : right.columns());
  }

  private static boolean sameNamesAndTypes(List<Column> left, List<Column> right) {
    if (left.size() != right.size()) {
      return false;
    }
    for (int index = 0; index < left.size(); index++) {
      if (!Objects.equals(left.get(index).name(), right.get(index).name())
          || !Objects.equals(left.get(index).type(), right.get(index).type())) {
        return false;
      }
    }
    return true;
  }

  // Column statistics

  /** Stores statistics of a table ({@code partitionValues} null) or of one of its partitions. */
  public void putColumnStatistics(
      TableName name, List<String> partitionValues, List<ColumnStatistics> statistics) {
    putColumnStatistics(List.of(new StatisticsUpdate(name, partitionValues, statistics)), null);
  }

  /**
   * The statistics of one table ({@code partitionValues} null) or partition in {@link
   * #putColumnStatistics(List, BinaryOperator)}.
   */
  public record StatisticsUpdate(
      TableName table, List<String> partitionValues, List<ColumnStatistics> statistics) {
    public StatisticsUpdate {
      requireNonNull(table, "table is null");
      partitionValues = partitionValues == null ? null : List.copyOf(partitionValues);
      statistics = List.copyOf(requireNonNull(statistics, "statistics is null"));
    }
  }

  /**
   * Stores the statistics of several tables and partitions in one transaction, all or none. With
   * {@code merge} (null to replace), a column that has statistics stored gets {@code
   * merge.apply(stored, sent)}, the stored ones read in the same transaction, so that concurrent
   * merges do not lose each other's contributions.
   */
  public void putColumnStatistics(
      List<StatisticsUpdate> updates, BinaryOperator<ColumnStatistics> merge) {
    store.write(
        transaction -> {
          for (StatisticsUpdate update : updates) {
            putColumnStatistics(transaction, update, merge);
          }
          return null;
        });
  }

  private void putColumnStatistics(
      StoreTransaction transaction,
      StatisticsUpdate update,
      BinaryOperator<ColumnStatistics> merge) {
    TableName name = update.table();
    List<String> partitionValues = update.partitionValues();
    Table table = requireTable(transaction, name);
    if (partitionValues != null) {
      requirePartition(transaction, name, partitionValues);
    }
    List<ColumnStatistics> validated =
        partitionValues == null
            ? CatalogValidator.tableColumnStatistics(table, update.statistics())
            : CatalogValidator.partitionColumnStatistics(table, update.statistics());
    if (merge != null) {
      validated = mergedWithStored(transaction, name, partitionValues, validated, merge);
    }
    Instant now = now();
    List<ColumnStatistics> analyzed =
        validated.stream()
            .map(
                column ->
                    column.analyzedTime() != null
                        ? column
                        : new ColumnStatistics(
                            column.columnName(), column.columnType(), now, column.data()))
            .toList();
    transaction.putColumnStatistics(name, partitionValues, analyzed);
    recordChange(
        transaction,
        partitionValues == null
            ? NotificationEvent.Type.UPDATE_TABLE_COLUMN_STAT
            : NotificationEvent.Type.UPDATE_PARTITION_COLUMN_STAT,
        name.databaseName(),
        name.table(),
        message("partitionValues", partitionValues, "statistics", analyzed));
  }

  private static List<ColumnStatistics> mergedWithStored(
      StoreTransaction transaction,
      TableName name,
      List<String> partitionValues,
      List<ColumnStatistics> sent,
      BinaryOperator<ColumnStatistics> merge) {
    Map<String, ColumnStatistics> stored = new HashMap<>();
    List<String> columnNames = sent.stream().map(ColumnStatistics::columnName).toList();
    transaction
        .loadColumnStatistics(name, partitionValues, columnNames)
        .forEach(column -> stored.put(column.columnName(), column));
    List<ColumnStatistics> merged = new ArrayList<>(sent.size());
    for (ColumnStatistics column : sent) {
      ColumnStatistics previous = stored.get(column.columnName());
      merged.add(previous == null ? column : merge.apply(previous, column));
    }
    return merged;
  }

  public List<ColumnStatistics> loadColumnStatistics(
      TableName name, List<String> partitionValues, Collection<String> columnNames) {
    return store.read(
        transaction -> {
          requireTable(transaction, name);
          if (partitionValues != null) {
            requirePartition(transaction, name, partitionValues);
          }
          Collection<String> lowerNames =
              columnNames == null ? null : columnNames.stream().map(CatalogService::lower).toList();
          return transaction.loadColumnStatistics(name, partitionValues, lowerNames);
        });
  }

  /**
   * Statistics of the named columns (all columns when {@code columnNames} is null) of many
   * partitions in one read, keyed by partition values. Partitions that have none of them, or that
   * do not exist, have no entry.
   */
  public Map<List<String>, List<ColumnStatistics>> loadPartitionColumnStatistics(
      TableName name, List<List<String>> partitionValues, Collection<String> columnNames) {
    return store.read(
        transaction -> {
          requireTable(transaction, name);
          Map<List<String>, List<ColumnStatistics>> statistics =
              transaction.loadPartitionColumnStatistics(name, partitionValues);
          if (columnNames == null) {
            return statistics;
          }
          Set<String> wanted = new HashSet<>();
          columnNames.forEach(column -> wanted.add(lower(column)));
          Map<List<String>, List<ColumnStatistics>> selected = new HashMap<>();
          statistics.forEach(
              (values, columns) -> {
                List<ColumnStatistics> kept =
                    columns.stream()
                        .filter(column -> wanted.contains(column.columnName()))
                        .toList();
                if (!kept.isEmpty()) {
                  selected.put(values, kept);
                }
              });
          return selected;
        });
  }

  public void deleteColumnStatistics(
      TableName name, List<String> partitionValues, String columnName) {
    store.write(
        transaction -> {
          requireTable(transaction, name);
          if (partitionValues != null) {
            requirePartition(transaction, name, partitionValues);
          }
          transaction.deleteColumnStatistics(name, partitionValues, lower(columnName));
          recordChange(
              transaction,
              partitionValues == null
                  ? NotificationEvent.Type.DELETE_TABLE_COLUMN_STAT
                  : NotificationEvent.Type.DELETE_PARTITION_COLUMN_STAT,
              name.databaseName(),
              name.table(),
              message("partitionValues", partitionValues, "columnName", lower(columnName)));
          return null;
        });
  }

  /** Glue's limit of UpdateColumnStatisticsForTable's and …ForPartition's ColumnStatisticsList. */
  public static final int MAX_BATCH_PUT_COLUMN_STATISTICS = 25;

  /**
   * An entry of {@link #batchPutColumnStatistics} that was not stored: its position in the request,
   * the statistics sent and why.
   */
  public record ColumnStatisticsError(
      int position, ColumnStatistics statistics, CatalogException error) {
    public ColumnStatisticsError {
      requireNonNull(statistics, "statistics is null");
      requireNonNull(error, "error is null");
    }
  }

  /**
   * Glue's UpdateColumnStatisticsForTable ({@code partitionValues} null) and …ForPartition: stores,
   * in one transaction, the statistics of every entry that names a column of the table (for a
   * partition, not a partition key) once, and reports each other entry with its {@link
   * ValidationException}. One statistics event for those stored, as {@link #putColumnStatistics}
   * records.
   *
   * @throws ValidationException for more than {@link #MAX_BATCH_PUT_COLUMN_STATISTICS} entries
   * @throws NoSuchTableException when the table does not exist
   * @throws NoSuchPartitionException when the partition does not exist
   */
  public List<ColumnStatisticsError> batchPutColumnStatistics(
      TableName name, List<String> partitionValues, List<ColumnStatistics> statistics) {
    requireBatchSize("column statistics", statistics.size(), MAX_BATCH_PUT_COLUMN_STATISTICS);
    return store.write(
        transaction -> {
          Table table = requireTable(transaction, name);
          if (partitionValues != null) {
            requirePartition(transaction, name, partitionValues);
          }
          List<ColumnStatisticsError> errors = new ArrayList<>();
          Map<String, ColumnStatistics> valid = new LinkedHashMap<>();
          for (int position = 0; position < statistics.size(); position++) {
            ColumnStatistics column = statistics.get(position);
            try {
              List<ColumnStatistics> validated =
                  partitionValues == null
                      ? CatalogValidator.tableColumnStatistics(table, List.of(column))
                      : CatalogValidator.partitionColumnStatistics(table, List.of(column));
              if (valid.putIfAbsent(validated.get(0).columnName(), validated.get(0)) != null) {
                throw new ValidationException(
                    "column '" + column.columnName() + "' appears twice in the request");
              }
            } catch (ValidationException e) {
              errors.add(new ColumnStatisticsError(position, column, e));
            }
          }
          if (!valid.isEmpty()) {
            putColumnStatistics(
                transaction,
                new StatisticsUpdate(name, partitionValues, List.copyOf(valid.values())),
                null);
          }
          return errors;
        });
  }

  // Partition indexes

  public PartitionIndex createPartitionIndex(TableName name, String indexName, List<String> keys) {
    return store.write(
        transaction -> {
          Table table = requireTable(transaction, name);
          // Glue reports CREATING while it backfills a new index. Cairn's index is the store's
          // index of every key's values, which holds each partition from the moment it is added:
          // there is nothing to backfill, and GetPartitions reads through it at once. A missing
          // name becomes an empty one, which fails validation with the right message.
          PartitionIndex index =
              CatalogValidator.partitionIndex(
                  table,
                  transaction.listPartitionIndexes(name),
                  new PartitionIndex(
                      Objects.requireNonNullElse(indexName, ""),
                      keys,
                      PartitionIndex.Status.ACTIVE));
          transaction.createPartitionIndex(name, index);
          return index;
        });
  }

  public List<PartitionIndex> listPartitionIndexes(TableName name) {
    return store.read(
        transaction -> {
          requireTable(transaction, name);
          return transaction.listPartitionIndexes(name);
        });
  }

  public void dropPartitionIndex(TableName name, String indexName) {
    store.write(
        transaction -> {
          requireTable(transaction, name);
          transaction.dropPartitionIndex(name, lower(indexName));
          return null;
        });
  }

  // Tags

  public Map<String, String> loadTags(String resourceArn) {
    return store.read(
        transaction -> transaction.loadTags(requireTaggable(transaction, resourceArn)));
  }

  /** Adds or replaces tags; a resource keeps at most 50. */
  public void tagResource(String resourceArn, Map<String, String> tags) {
    store.write(
        transaction -> {
          String arn = requireTaggable(transaction, resourceArn);
          Map<String, String> merged = new HashMap<>(transaction.loadTags(arn));
          merged.putAll(tags);
          CatalogValidator.tags(merged);
          transaction.putTags(arn, tags);
          return null;
        });
  }

  public void untagResource(String resourceArn, Collection<String> keys) {
    store.write(
        transaction -> {
          transaction.removeTags(requireTaggable(transaction, resourceArn), keys);
          return null;
        });
  }

  // User-defined functions

  public Function createFunction(Function function) {
    Function validated = CatalogValidator.function(stamped(function, now(), 0));
    store.write(
        transaction -> {
          requireDatabase(transaction, validated.name().databaseName());
          transaction.createFunction(validated);
          recordChange(
              transaction,
              NotificationEvent.Type.CREATE_FUNCTION,
              validated.name().databaseName(),
              null,
              message("function", validated));
          return null;
        });
    return validated;
  }

  public Function loadFunction(FunctionName name) {
    return store.read(transaction -> requireFunction(transaction, name));
  }

  /** Functions of a database in name order; {@code namePattern} as for tables. */
  public Page<Function> listFunctions(DatabaseName database, String namePattern, PageRequest page) {
    return store.read(
        transaction -> {
          requireDatabase(transaction, database);
          return transaction.listFunctions(database, namePattern, page);
        });
  }

  /**
   * Replaces the function's definition; its create time stays. A different function name in {@code
   * definition} renames it within its database.
   */
  public Function updateFunction(FunctionName name, Function definition, Long expectedVersion) {
    return store.write(
        transaction -> {
          Function current = requireFunction(transaction, name);
          checkVersion("function " + name, current.version(), expectedVersion);
          if (!definition.name().databaseName().equals(name.databaseName())) {
            throw new ValidationException("a function cannot move to another database: " + name);
          }
          Function updated =
              CatalogValidator.function(
                  stamped(definition, current.createTime(), current.version() + 1));
          transaction.updateFunction(name, updated);
          // Hive has no event type for a changed function; a consumer that replays the drop and
          // the create arrives at the new definition.
          recordChange(
              transaction,
              NotificationEvent.Type.DROP_FUNCTION,
              name.databaseName(),
              null,
              message("function", current));
          recordChange(
              transaction,
              NotificationEvent.Type.CREATE_FUNCTION,
              name.databaseName(),
              null,
              message("function", updated));
          return updated;
        });
  }

  public void dropFunction(FunctionName name) {
    store.write(
        transaction -> {
          Function dropped = requireFunction(transaction, name);
          transaction.dropFunction(name);
          recordChange(
              transaction,
              NotificationEvent.Type.DROP_FUNCTION,
              name.databaseName(),
              null,
              message("function", dropped));
          return null;
        });
  }

  private static Function requireFunction(StoreTransaction transaction, FunctionName name) {
    return transaction
        .loadFunction(name)
        .orElseThrow(
            () -> {
              requireDatabase(transaction, name.databaseName());
              return new NoSuchFunctionException("function " + name + " does not exist");
            });
  }

  private static Function stamped(Function function, Instant createTime, long version) {
    return new Function(
        function.name(),
        function.className(),
        function.ownerName(),
        function.ownerType(),
        createTime,
        function.functionType(),
        function.resourceUris(),
        version);
  }

  // Notification log

  /** The most events one {@link #listNotifications} call returns. */
  public static final int MAX_NOTIFICATIONS_PER_READ = 10_000;

  /**
   * Events with ids above {@code afterEventId}, oldest first: at most {@code maxEvents}, and at
   * most {@link #MAX_NOTIFICATIONS_PER_READ}; a reader continues after the last id it got. {@code
   * eventTypes} null for all types, otherwise only those.
   */
  public List<NotificationEvent> listNotifications(
      long afterEventId, int maxEvents, Set<String> eventTypes) {
    int limit = Math.min(maxEvents, MAX_NOTIFICATIONS_PER_READ);
    return store.read(
        transaction -> transaction.listNotifications(afterEventId, limit, eventTypes));
  }

  /** The id of the newest event; 0 before the first change. */
  public long currentNotificationId() {
    return store.read(StoreTransaction::currentNotificationId);
  }

  /**
   * The number of events with {@code fromEventId < id <= toEventId} of a catalog, and of one of its
   * databases unless {@code database} is null.
   */
  public long countNotifications(
      long fromEventId, long toEventId, String catalog, String database) {
    return store.read(
        transaction ->
            transaction.countNotifications(
                fromEventId,
                toEventId,
                lower(requireNonNull(catalog, "catalog is null")),
                lower(database)));
  }

  /**
   * Appends the event of a change; the last write of its transaction (see the store's contract).
   */
  void recordChange(
      StoreTransaction transaction,
      NotificationEvent.Type type,
      DatabaseName database,
      String table,
      Map<String, Object> message) {
    transaction.appendNotifications(List.of(event(type, database, table, message)));
  }

  /**
   * The event of a change, timed now, for a writer that appends it in its own store transaction
   * ({@link StoreTransaction#appendNotifications}). {@code message} holds the changed objects of
   * the domain model under the names the other events of {@code type} use (the Thrift adapter reads
   * them); it is written as Cairn's domain JSON.
   */
  public NotificationEvent event(
      NotificationEvent.Type type,
      DatabaseName database,
      String table,
      Map<String, Object> message) {
    String json;
    try {
      json = notificationMapper.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return new NotificationEvent(
        0,
        now(),
        type.name(),
        database.catalog(),
        database.database(),
        table,
        json,
        NotificationEvent.CAIRN_JSON_FORMAT);
  }

  /** A message of named parts: {@code name, value, name, value, …}; null values are left out. */
  private static Map<String, Object> message(Object... namesAndValues) {
    Map<String, Object> message = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        message.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return message;
  }

  // Helpers

  private String requireTaggable(StoreTransaction transaction, String resourceArn) {
    ResourceArns.Resource resource = arns.parse(resourceArn);
    switch (resource.kind()) {
      case "catalog" -> {}
      case "database" ->
          requireDatabase(transaction, new DatabaseName(defaultCatalog, resource.names().get(0)));
      case "table" ->
          requireTable(
              transaction,
              new TableName(defaultCatalog, resource.names().get(0), resource.names().get(1)));
      default ->
          throw new NoSuchEntityException(
              "no " + resource.kind() + " named " + String.join("/", resource.names()));
    }
    return arns.canonical(resourceArn);
  }

  private PartitionFilter bind(Table table, PartitionPredicate predicate) {
    if (predicate == null) {
      return null;
    }
    if (!table.isPartitioned()) {
      throw new ValidationException("table " + table.name() + " is not partitioned");
    }
    return PartitionFilter.bind(predicate, table.partitionKeys());
  }

  private static Catalog requireCatalog(StoreTransaction transaction, String catalog) {
    return transaction
        .loadCatalog(catalog)
        .orElseThrow(() -> new NoSuchEntityException("catalog " + catalog + " does not exist"));
  }

  private static Database requireDatabase(StoreTransaction transaction, DatabaseName name) {
    return transaction
        .loadDatabase(name)
        .orElseThrow(() -> new NoSuchDatabaseException("database " + name + " does not exist"));
  }

  private static Table requireTable(StoreTransaction transaction, TableName name) {
    return transaction
        .loadTable(name)
        .orElseThrow(
            () -> {
              requireDatabase(transaction, name.databaseName());
              return new NoSuchTableException("table " + name + " does not exist");
            });
  }

  private static Partition requirePartition(
      StoreTransaction transaction, TableName name, List<String> values) {
    return transaction
        .loadPartition(name, values)
        .orElseThrow(
            () -> new NoSuchPartitionException("table " + name + " has no partition " + values));
  }

  /** The partitions of {@code values} in that order, each value list once; all must exist. */
  private static List<Partition> requirePartitions(
      StoreTransaction transaction, Table table, List<List<String>> values) {
    TableName name = table.name();
    Map<List<String>, Partition> found = transaction.loadPartitions(name, values);
    if (found.size() != values.size()) {
      for (List<String> partitionValues : values) {
        if (!found.containsKey(partitionValues)) {
          throw new NoSuchPartitionException(
              "table "
                  + name
                  + " has no partition "
                  + (partitionValues.size() == table.partitionKeys().size()
                      ? PartitionNames.name(table.partitionKeys(), partitionValues)
                      : partitionValues));
        }
      }
      throw new ValidationException("a partition appears twice in one request");
    }
    return values.stream().map(found::get).toList();
  }

  private static void checkVersion(String what, long stored, Long expected) {
    if (expected != null && expected != stored) {
      throw new CommitFailedException(
          what + " is at version " + stored + ", not the expected version " + expected);
    }
  }

  // The service decides times and versions; the caller's are ignored.

  private static Database stamped(Database database, Instant createTime, long version) {
    return new Database(
        database.name(),
        database.description(),
        database.location(),
        database.managedLocation(),
        database.parameters(),
        database.ownerName(),
        database.ownerType(),
        createTime,
        database.targetDatabase(),
        version);
  }

  private static Table stamped(Table table, Instant createTime, Instant updateTime, long version) {
    return table.toBuilder().createTime(createTime).updateTime(updateTime).version(version).build();
  }

  private static Partition stamped(Partition partition, Instant createTime, long version) {
    return new Partition(
        partition.table(),
        partition.values(),
        partition.storageDescriptor(),
        partition.parameters(),
        createTime,
        partition.lastAccessTime(),
        partition.lastAnalyzedTime(),
        version);
  }

  private static boolean sameKeys(List<Column> left, List<Column> right) {
    return left.stream()
        .map(Column::name)
        .toList()
        .equals(right.stream().map(Column::name).toList());
  }

  private static String lower(String name) {
    return name == null ? null : name.toLowerCase(Locale.ROOT);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  // Glue: resources created with their tags or indexes, updates without archiving, table search

  /** Creates the database and gives it {@code tags}, in one transaction. */
  public Database createDatabase(Database database, Map<String, String> tags) {
    CatalogValidator.tags(tags);
    Database validated = CatalogValidator.database(stamped(database, now(), 0));
    store.write(
        transaction -> {
          requireCatalog(transaction, validated.name().catalog());
          transaction.createDatabase(validated);
          if (!tags.isEmpty()) {
            transaction.putTags(arns.database(validated.name()), tags);
          }
          recordChange(
              transaction,
              NotificationEvent.Type.CREATE_DATABASE,
              validated.name(),
              null,
              message("database", validated));
          return null;
        });
    return validated;
  }

  /**
   * Creates the table with its partition indexes (each as {@link #createPartitionIndex} checks it),
   * in one transaction: a refused index leaves no table behind.
   */
  public Table createTable(Table table, List<PartitionIndex> partitionIndexes) {
    return createTable(
        table,
        transaction -> {
          Table created = requireTable(transaction, table.name());
          List<PartitionIndex> existing = new ArrayList<>();
          for (PartitionIndex index : partitionIndexes) {
            PartitionIndex validated =
                CatalogValidator.partitionIndex(
                    created,
                    existing,
                    new PartitionIndex(index.name(), index.keys(), PartitionIndex.Status.ACTIVE));
            transaction.createPartitionIndex(created.name(), validated);
            existing.add(validated);
          }
          return List.of();
        });
  }

  /**
   * As {@link #updateTable(TableName, Table, Long)}, but the replaced version is not kept in the
   * table's history (Glue's SkipArchive); the version number still rises by one.
   */
  public Table updateTableWithoutArchive(TableName name, Table definition, Long expectedVersion) {
    return store.write(
        transaction -> {
          Table updated = updateTable(transaction, name, definition, expectedVersion, false);
          long replaced = updated.version() - 1;
          if (transaction.loadTableVersion(updated.name(), replaced).isPresent()) {
            transaction.deleteTableVersion(updated.name(), replaced);
          }
          return updated;
        });
  }

  /** The tables of a catalog that match {@code search}, in its order, one page at a time. */
  public Page<Table> searchTables(String catalog, TableSearch search, PageRequest page) {
    return store.read(
        transaction ->
            transaction.searchTables(
                lower(requireNonNull(catalog, "catalog is null")), search, page));
  }

  // Glue partition operations: GetPartitions with segments and partition indexes, per-entry
  // batches. Each method is one transaction; a batch reports each entry that failed with the
  // exception a single call would have thrown, and writes the others.

  /** Glue's MaxResults of GetPartitions. */
  public static final int MAX_PARTITIONS_PER_GLUE_PAGE = 1000;

  /** Glue's limit of BatchCreatePartition's PartitionInputList. */
  public static final int MAX_BATCH_CREATE_PARTITIONS = 100;

  /** Glue's limit of BatchDeletePartition's PartitionsToDelete. */
  public static final int MAX_BATCH_DELETE_PARTITIONS = 25;

  /** Glue's limit of BatchGetPartition's PartitionsToGet. */
  public static final int MAX_BATCH_GET_PARTITIONS = 1000;

  /** Glue's limit of BatchUpdatePartition's Entries. */
  public static final int MAX_BATCH_UPDATE_PARTITIONS = 100;

  /**
   * An entry of a batch that failed, named by the values it gave, and why; none of it was written.
   */
  public record PartitionError(List<String> values, CatalogException error) {
    public PartitionError {
      values = List.copyOf(values);
      requireNonNull(error, "error is null");
    }
  }

  /**
   * What a batch did: the partitions it created, read, updated or deleted, in the order of the
   * request, and the entries that failed.
   */
  public record PartitionBatch(List<Partition> partitions, List<PartitionError> errors) {
    public PartitionBatch {
      partitions = List.copyOf(partitions);
      errors = List.copyOf(errors);
    }
  }

  /**
   * An entry of a batch update: the partition stored under {@code values} becomes {@code
   * definition}; different values in the definition rename it.
   */
  public record PartitionUpdate(List<String> values, Partition definition) {
    public PartitionUpdate {
      values = List.copyOf(values);
      requireNonNull(definition, "definition is null");
    }
  }

  /**
   * Glue's GetPartitions: the partitions that {@code expression} selects (Glue's expression
   * language, {@link GlueExpressionParser}, bound with Glue's rules; null or blank for all), of one
   * {@code segment} (null for all), at most {@link #MAX_PARTITIONS_PER_GLUE_PAGE} a page.
   *
   * <p>When the first key of an active partition index of the table is compared ({@code = < <= > >=
   * BETWEEN}) in a top-level AND term of the expression, as Glue uses an index, the partitions are
   * read through that key's index in the order of its values: a page costs what it reads of the
   * key's range, not of the table. An index whose key has an equality wins; among equals, the first
   * by name. Otherwise they come in name order, filtered in the database. A page token belongs to
   * one such plan: after an index was created or dropped, a token of the old plan is a {@link
   * ValidationException}.
   */
  public Page<Partition> listPartitionsByExpression(
      TableName name, String expression, Segment segment, PageRequest page) {
    requireNonNull(page, "page is null");
    if (page.size() > MAX_PARTITIONS_PER_GLUE_PAGE) {
      throw new ValidationException(
          "MaxResults must be between 1 and "
              + MAX_PARTITIONS_PER_GLUE_PAGE
              + ", was "
              + page.size());
    }
    PartitionPredicate predicate = GlueExpressionParser.parse(expression);
    return store.read(
        transaction -> {
          Table table = requireTable(transaction, name);
          Optional<ProjectedPartitions> projected = projected(table);
          if (projected.isPresent()) {
            PartitionFilter filter =
                predicate == null
                    ? null
                    : PartitionFilter.bindGlueExpression(predicate, table.partitionKeys());
            return projected.get().page(projected.get().select(filter), segment, page);
          }
          if (predicate == null) {
            return transaction.listPartitions(name, null, segment, page);
          }
          PartitionFilter filter =
              PartitionFilter.bindGlueExpression(predicate, table.partitionKeys());
          Optional<KeyRange> range =
              indexedRange(table, transaction.listPartitionIndexes(name), filter);
          return range.isPresent()
              ? transaction.listPartitionsByKey(name, range.get(), segment, page)
              : transaction.listPartitions(name, filter, segment, page);
        });
  }

  /** The range of the first key of the index GetPartitions reads through, if any. */
  private static Optional<KeyRange> indexedRange(
      Table table, List<PartitionIndex> indexes, PartitionFilter filter) {
    List<String> keyNames = table.partitionKeys().stream().map(Column::name).toList();
    KeyRange chosen = null;
    for (PartitionIndex index : indexes) {
      int position = keyNames.indexOf(index.keys().get(0));
      if (index.status() != PartitionIndex.Status.ACTIVE || position < 0) {
        continue;
      }
      Optional<KeyRange> range = filter.keyRange(position);
      if (range.isPresent() && (chosen == null || range.get().isPoint() && !chosen.isPoint())) {
        chosen = range.get();
      }
    }
    return Optional.ofNullable(chosen);
  }

  /**
   * Glue's BatchCreatePartition: creates every partition that is valid and does not exist yet, in
   * one transaction, and reports the others: an invalid one with its {@link ValidationException},
   * one that exists (or appears earlier in the request) with an {@link AlreadyExistsException}. One
   * ADD_PARTITION event for those created, as {@link #addPartitions} records.
   *
   * @throws ValidationException for more than {@link #MAX_BATCH_CREATE_PARTITIONS} partitions
   * @throws NoSuchTableException when the table does not exist
   */
  public PartitionBatch batchCreatePartitions(TableName name, List<Partition> partitions) {
    requireBatchSize("partitions to create", partitions.size(), MAX_BATCH_CREATE_PARTITIONS);
    return store.write(transaction -> createMissingPartitions(transaction, name, partitions));
  }

  /**
   * Hive's add_partitions with ifNotExists: adds those of {@code partitions} that do not exist yet,
   * in one transaction, and returns them; one that is invalid, or that appears twice in the
   * request, fails the whole call.
   */
  public List<Partition> addMissingPartitions(TableName name, List<Partition> partitions) {
    Set<List<String>> seen = new HashSet<>();
    for (Partition partition : partitions) {
      if (!seen.add(partition.values())) {
        throw new ValidationException(
            "partition " + partition.values() + " appears twice in one request");
      }
    }
    return store.write(
        transaction -> {
          PartitionBatch batch = createMissingPartitions(transaction, name, partitions);
          for (PartitionError error : batch.errors()) {
            if (!(error.error() instanceof AlreadyExistsException)) {
              throw error.error();
            }
          }
          return batch.partitions();
        });
  }

  private PartitionBatch createMissingPartitions(
      StoreTransaction transaction, TableName name, List<Partition> partitions) {
    Table table = requireTable(transaction, name);
    Instant now = now();
    // Errors by the position of their entry in the request, valid entries by their values.
    Map<Integer, PartitionError> errors = new TreeMap<>();
    Map<List<String>, Integer> positions = new LinkedHashMap<>();
    Map<List<String>, Partition> valid = new LinkedHashMap<>();
    for (int position = 0; position < partitions.size(); position++) {
      Partition partition = partitions.get(position);
      try {
        Partition validated = CatalogValidator.partition(table, stamped(partition, now, 0));
        if (valid.putIfAbsent(validated.values(), validated) != null) {
          throw new AlreadyExistsException(
              "partition " + validated.values() + " appears twice in the request");
        }
        positions.put(validated.values(), position);
      } catch (ValidationException | AlreadyExistsException e) {
        errors.put(position, new PartitionError(partition.values(), e));
      }
    }
    // A concurrent writer may add one of them between the check and the insert; the store
    // then adds none (its savepoint keeps the transaction usable), so look again.
    for (int attempt = 1; ; attempt++) {
      Map<List<String>, Partition> existing =
          transaction.loadPartitions(name, List.copyOf(valid.keySet()));
      List<Partition> toCreate = new ArrayList<>();
      for (Partition partition : valid.values()) {
        if (!existing.containsKey(partition.values())) {
          toCreate.add(partition);
        }
      }
      try {
        transaction.addPartitions(name, toCreate);
      } catch (AlreadyExistsException concurrent) {
        if (attempt == 3) {
          throw concurrent;
        }
        continue;
      }
      for (List<String> values : existing.keySet()) {
        errors.put(
            positions.get(values),
            new PartitionError(
                values,
                new AlreadyExistsException(
                    "table "
                        + name
                        + " already has partition "
                        + PartitionNames.name(table.partitionKeys(), values))));
      }
      if (!toCreate.isEmpty()) {
        recordChange(
            transaction,
            NotificationEvent.Type.ADD_PARTITION,
            name.databaseName(),
            name.table(),
            message("table", table, "partitions", toCreate));
      }
      return new PartitionBatch(toCreate, List.copyOf(errors.values()));
    }
  }

  /**
   * Glue's BatchGetPartition: the partitions with these values that exist, in the order of the
   * request (each once), read in one snapshot; each that does not exist, or that has the wrong
   * number of values, is reported with a {@link NoSuchPartitionException}. (Glue leaves missing
   * partitions out of its answer, and out of its UnprocessedKeys: Cairn reads every key it is
   * given.)
   *
   * @throws ValidationException for more than {@link #MAX_BATCH_GET_PARTITIONS} keys
   * @throws NoSuchTableException when the table does not exist
   */
  public PartitionBatch batchLoadPartitions(TableName name, List<List<String>> values) {
    requireBatchSize("partitions to get", values.size(), MAX_BATCH_GET_PARTITIONS);
    return store.read(
        transaction -> {
          Table table = requireTable(transaction, name);
          Map<List<String>, Partition> found = readPartitions(transaction, table, values);
          List<Partition> partitions = new ArrayList<>();
          List<PartitionError> errors = new ArrayList<>();
          Set<List<String>> seen = new HashSet<>();
          for (List<String> partitionValues : values) {
            if (!seen.add(partitionValues)) {
              continue;
            }
            Partition partition = found.get(partitionValues);
            if (partition == null) {
              errors.add(
                  new PartitionError(partitionValues, noSuchPartition(table, partitionValues)));
            } else {
              partitions.add(partition);
            }
          }
          return new PartitionBatch(partitions, errors);
        });
  }

  /**
   * Glue's BatchUpdatePartition: applies each entry in order, in one transaction, and reports the
   * entries that failed: a missing partition with a {@link NoSuchPartitionException}, an invalid
   * definition with a {@link ValidationException}, a rename onto an existing partition with an
   * {@link AlreadyExistsException}, a partition changed concurrently with a {@link
   * CommitFailedException}. One ALTER_PARTITION event per updated partition, as {@link
   * #updatePartitions} records.
   *
   * @throws ValidationException for no entries or more than {@link #MAX_BATCH_UPDATE_PARTITIONS}
   * @throws NoSuchTableException when the table does not exist
   */
  public PartitionBatch batchUpdatePartitions(TableName name, List<PartitionUpdate> updates) {
    if (updates.isEmpty()) {
      throw new ValidationException("a batch update needs at least one entry");
    }
    requireBatchSize("partitions to update", updates.size(), MAX_BATCH_UPDATE_PARTITIONS);
    return store.write(
        transaction -> {
          Table table = requireTable(transaction, name);
          List<Partition> updated = new ArrayList<>();
          List<PartitionError> errors = new ArrayList<>();
          for (PartitionUpdate update : updates) {
            try {
              Partition current =
                  transaction
                      .loadPartition(name, update.values())
                      .orElseThrow(() -> noSuchPartition(table, update.values()));
              Partition replacement =
                  CatalogValidator.partition(
                      table,
                      stamped(update.definition(), current.createTime(), current.version() + 1));
              // The store checks a rename's target before it writes anything, and a lost
              // compare-and-swap writes nothing: a failed entry leaves no trace.
              transaction.updatePartition(name, current.values(), replacement);
              recordChange(
                  transaction,
                  NotificationEvent.Type.ALTER_PARTITION,
                  name.databaseName(),
                  name.table(),
                  message("table", table, "before", current, "after", replacement));
              updated.add(replacement);
            } catch (NoSuchPartitionException
                | ValidationException
                | AlreadyExistsException
                | CommitFailedException e) {
              errors.add(new PartitionError(update.values(), e));
            }
          }
          return new PartitionBatch(updated, errors);
        });
  }

  /**
   * Glue's BatchDeletePartition: deletes, in one transaction, every listed partition that exists,
   * and reports each that does not (or was listed before) with a {@link NoSuchPartitionException}.
   * One DROP_PARTITION event for those deleted, as {@link #dropPartitions} records. Returns the
   * deleted partitions as they were.
   *
   * @throws ValidationException for more than {@link #MAX_BATCH_DELETE_PARTITIONS} partitions
   * @throws NoSuchTableException when the table does not exist
   */
  public PartitionBatch batchDropPartitions(TableName name, List<List<String>> values) {
    requireBatchSize("partitions to delete", values.size(), MAX_BATCH_DELETE_PARTITIONS);
    return store.write(
        transaction -> {
          Table table = requireTable(transaction, name);
          Map<List<String>, Partition> found = transaction.loadPartitions(name, values);
          List<Partition> dropped = new ArrayList<>();
          List<PartitionError> errors = new ArrayList<>();
          for (List<String> partitionValues : values) {
            Partition partition = found.remove(partitionValues);
            if (partition == null) {
              errors.add(
                  new PartitionError(partitionValues, noSuchPartition(table, partitionValues)));
            } else {
              dropped.add(partition);
            }
          }
          if (!dropped.isEmpty()) {
            List<List<String>> droppedValues = partitionValues(dropped);
            transaction.dropPartitions(name, droppedValues);
            recordChange(
                transaction,
                NotificationEvent.Type.DROP_PARTITION,
                name.databaseName(),
                name.table(),
                message("table", table, "partitionValues", droppedValues));
          }
          return new PartitionBatch(dropped, errors);
        });
  }

  /**
   * Drops one partition and returns it as it was (Glue's DeletePartition); a DROP_PARTITION event.
   *
   * @throws NoSuchPartitionException when the table has no partition with these values
   */
  public Partition dropPartition(TableName name, List<String> values) {
    PartitionBatch batch = batchDropPartitions(name, List.of(values));
    if (!batch.errors().isEmpty()) {
      throw batch.errors().get(0).error();
    }
    return batch.partitions().get(0);
  }

  private static void requireBatchSize(String what, int size, int max) {
    if (size > max) {
      throw new ValidationException(
          "at most " + max + " " + what + " are allowed in one request, got " + size);
    }
  }

  private static NoSuchPartitionException noSuchPartition(Table table, List<String> values) {
    String partition =
        values.size() == table.partitionKeys().size()
            ? PartitionNames.name(table.partitionKeys(), values)
            : values.toString();
    return new NoSuchPartitionException("table " + table.name() + " has no partition " + partition);
  }

  private static List<List<String>> partitionValues(List<Partition> partitions) {
    return partitions.stream().map(Partition::values).toList();
  }

  // Crawlers: every change of one crawl at once.

  /**
   * Changes to the tables of one database that commit together, such as one crawl's. Each updated
   * table carries the version it was read at ({@link Table#version()}): a table changed since fails
   * the whole batch with {@link CommitFailedException}, as a concurrent writer wins.
   *
   * @param createDatabase created first when no database of its name exists; may be null
   */
  public record TableChanges(
      Database createDatabase,
      List<Table> createTables,
      List<Table> updateTables,
      List<TableName> dropTables,
      Map<TableName, List<Partition>> addPartitions,
      Map<TableName, List<Partition>> updatePartitions,
      Map<TableName, List<List<String>>> dropPartitions) {
    public TableChanges {
      createTables = List.copyOf(requireNonNull(createTables, "createTables is null"));
      updateTables = List.copyOf(requireNonNull(updateTables, "updateTables is null"));
      dropTables = List.copyOf(requireNonNull(dropTables, "dropTables is null"));
      addPartitions = Map.copyOf(requireNonNull(addPartitions, "addPartitions is null"));
      updatePartitions = Map.copyOf(requireNonNull(updatePartitions, "updatePartitions is null"));
      dropPartitions = Map.copyOf(requireNonNull(dropPartitions, "dropPartitions is null"));
    }
  }

  /**
   * Applies all {@code changes} in one store transaction, each as its single-operation method does
   * (validation, versions, notification events): all of them or, if any fails, none. Tables are
   * created first and dropped last, so new tables may get partitions in the same batch.
   */
  public void applyTableChanges(TableChanges changes) {
    requireNonNull(changes, "changes is null");
    store.write(
        transaction -> {
          Instant now = now();
          Database database = changes.createDatabase();
          if (database != null && transaction.loadDatabase(database.name()).isEmpty()) {
            Database validated = CatalogValidator.database(stamped(database, now, 0));
            requireCatalog(transaction, validated.name().catalog());
            transaction.createDatabase(validated);
            recordChange(
                transaction,
                NotificationEvent.Type.CREATE_DATABASE,
                validated.name(),
                null,
                message("database", validated));
          }
          for (Table table : changes.createTables()) {
            Table validated = CatalogValidator.table(stamped(table, now, now, 0));
            requireDatabase(transaction, validated.name().databaseName());
            transaction.createTable(validated);
            recordChange(
                transaction,
                NotificationEvent.Type.CREATE_TABLE,
                validated.name().databaseName(),
                validated.name().table(),
                message("table", validated));
          }
          for (Table table : changes.updateTables()) {
            updateTable(transaction, table.name(), table, table.version(), false);
          }
          changes
              .dropPartitions()
              .forEach((name, values) -> dropPartitions(transaction, name, values));
          changes
              .updatePartitions()
              .forEach((name, partitions) -> updatePartitions(transaction, name, partitions));
          changes
              .addPartitions()
              .forEach((name, partitions) -> addPartitions(transaction, name, partitions));
          for (TableName name : changes.dropTables()) {
            dropTable(transaction, name);
          }
          return null;
        });
  }

  // Iceberg REST catalog: commits of several tables at once, idempotency keys, metrics reports.

  /**
   * One table of {@link #commitTables}: the table stored under {@code name} becomes {@code
   * definition} if its version is still {@code expectedVersion}.
   */
  public record TableCommit(TableName name, Table definition, long expectedVersion) {
    public TableCommit {
      requireNonNull(name, "name is null");
      requireNonNull(definition, "definition is null");
    }
  }

  /**
   * Replaces several tables in one store transaction, each as {@link #updateTable(TableName, Table,
   * Long)} does (compare-and-swap on its version, the replaced version archived, an ALTER_TABLE
   * event): all of them or, if any table changed since its expected version or fails validation,
   * none. Returns the tables as stored, in the order of {@code commits}.
   */
  public List<Table> commitTables(List<TableCommit> commits) {
    Set<TableName> names = new HashSet<>();
    for (TableCommit commit : commits) {
      if (!names.add(commit.name())) {
        throw new ValidationException("table " + commit.name() + " is committed twice");
      }
    }
    return store.write(
        transaction -> {
          List<Table> committed = new ArrayList<>();
          for (TableCommit commit : commits) {
            committed.add(
                updateTable(
                    transaction,
                    commit.name(),
                    commit.definition(),
                    commit.expectedVersion(),
                    false));
          }
          return committed;
        });
  }

  /** The stored response of an idempotency key, if any (also one whose lifetime has ended). */
  public Optional<IdempotencyRecord> loadIdempotencyRecord(String key) {
    return store.read(transaction -> transaction.loadIdempotencyRecord(key));
  }

  /** Stores a response under its key unless one is stored; returns whether it was stored. */
  public boolean createIdempotencyRecord(IdempotencyRecord record) {
    return store.write(transaction -> transaction.createIdempotencyRecord(record));
  }

  /** Forgets the responses stored before {@code time}; returns how many. */
  public int deleteIdempotencyRecordsBefore(Instant time) {
    return store.write(transaction -> transaction.deleteIdempotencyRecordsBefore(time));
  }

  /** Stores the response of a pending key; returns whether the key was pending. */
  public boolean completeIdempotencyRecord(String key, int status, String body) {
    return store.write(transaction -> transaction.completeIdempotencyRecord(key, status, body));
  }

  /** Forgets a pending key (its request failed on the server's side, so it may run again). */
  public boolean deletePendingIdempotencyRecord(String key) {
    return store.write(transaction -> transaction.deletePendingIdempotencyRecord(key));
  }

  /** Keeps a metrics report about an existing table, received now. */
  public TableMetricsReport recordMetricsReport(TableName name, String reportType, String report) {
    TableMetricsReport received = new TableMetricsReport(0, name, reportType, report, now());
    store.write(
        transaction -> {
          requireTable(transaction, name);
          transaction.appendMetricsReport(received);
          return null;
        });
    return received;
  }

  /** The metrics reports kept for a table, oldest first, at most {@code maxReports}. */
  public List<TableMetricsReport> listMetricsReports(TableName name, int maxReports) {
    return store.read(transaction -> transaction.listMetricsReports(name, maxReports));
  }
}
