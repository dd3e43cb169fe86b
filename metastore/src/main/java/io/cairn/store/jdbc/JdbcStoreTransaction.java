package io.cairn.store.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cairn.catalog.AlreadyExistsException;
import io.cairn.catalog.ByteString;
import io.cairn.catalog.Catalog;
import io.cairn.catalog.Column;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.CrawlRun;
import io.cairn.catalog.CrawlerDefinition;
import io.cairn.catalog.CrawlerStatus;
import io.cairn.catalog.CustomClassifier;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.FindMatchesMetrics;
import io.cairn.catalog.Function;
import io.cairn.catalog.FunctionName;
import io.cairn.catalog.HiveTypes;
import io.cairn.catalog.HiveTypes.PartitionKeyKind;
import io.cairn.catalog.IdempotencyRecord;
import io.cairn.catalog.InvalidOperationException;
import io.cairn.catalog.JobBookmarkEntry;
import io.cairn.catalog.JobDefinition;
import io.cairn.catalog.JobRun;
import io.cairn.catalog.MlTaskRun;
import io.cairn.catalog.MlTransform;
import io.cairn.catalog.MlTransformArtifact;
import io.cairn.catalog.MlTransformState;
import io.cairn.catalog.NoSuchDatabaseException;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.NoSuchFunctionException;
import io.cairn.catalog.NoSuchPartitionException;
import io.cairn.catalog.NoSuchTableException;
import io.cairn.catalog.NotFoundException;
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
import io.cairn.catalog.TableConstraint;
import io.cairn.catalog.TableMetricsReport;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableSearch;
import io.cairn.catalog.TableVersion;
import io.cairn.catalog.Trigger;
import io.cairn.catalog.ValidationException;
import io.cairn.catalog.Workflow;
import io.cairn.catalog.WorkflowRun;
import io.cairn.catalog.WorkflowRunAction;
import io.cairn.catalog.filter.BoundPredicate;
import io.cairn.catalog.filter.KeyRange;
import io.cairn.catalog.filter.PartitionFilter;
import io.cairn.classifiers.ClassifierDefinition;
import io.cairn.locks.Client;
import io.cairn.locks.Lock;
import io.cairn.locks.LockComponent;
import io.cairn.locks.LockType;
import io.cairn.locks.NoSuchLockException;
import io.cairn.locks.NoSuchTransactionException;
import io.cairn.locks.Transaction;
import io.cairn.security.ObjectType;
import io.cairn.security.PrivilegeFilter;
import io.cairn.security.PrivilegeGrant;
import io.cairn.security.Role;
import io.cairn.security.RoleGrant;
import io.cairn.security.SecurableObject;
import io.cairn.store.StoreException;
import io.cairn.store.StoreTransaction;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One transaction of the JDBC store. Not thread-safe; lives only inside one unit of work. */
final class JdbcStoreTransaction implements StoreTransaction {
  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
  private static final TypeReference<List<Column>> COLUMN_LIST = new TypeReference<>() {};
  private static final int BATCH_SIZE = 1000;

  private final Connection connection;
  private final Dialect dialect;
  private final Map<String, Long> columnSetIds = new HashMap<>();
  private final Map<Long, List<Column>> columnSets = new HashMap<>();
  private long partitionsAdded;

  JdbcStoreTransaction(Connection connection, Dialect dialect) {
    this.connection = requireNonNull(connection, "connection is null");
    this.dialect = requireNonNull(dialect, "dialect is null");
  }

  /** The transaction's connection, for tests that look at the session itself. */
  Connection connection() {
    return connection;
  }

  // Catalogs

  @Override
  public void createCatalog(Catalog catalog) {
    if (loadCatalog(catalog.name()).isPresent()) {
      throw new AlreadyExistsException("catalog " + catalog.name() + " already exists");
    }
    update(
        "INSERT INTO catalogs (name, description, location, create_time) VALUES (?, ?, ?, ?)",
        catalog.name(),
        catalog.description(),
        catalog.location(),
        catalog.createTime().toEpochMilli());
  }

  @Override
  public Optional<Catalog> loadCatalog(String name) {
    return queryOne(
        "SELECT name, description, location, create_time FROM catalogs WHERE name = ?",
        JdbcStoreTransaction::catalog,
        name);
  }

  @Override
  public List<Catalog> listCatalogs() {
    return query(
        "SELECT name, description, location, create_time FROM catalogs ORDER BY name",
        JdbcStoreTransaction::catalog);
  }

  @Override
  public void updateCatalog(Catalog catalog) {
    int updated =
        update(
            "UPDATE catalogs SET description = ?, location = ? WHERE name = ?",
            catalog.description(),
            catalog.location(),
            catalog.name());
    if (updated == 0) {
      throw new NoSuchEntityException("catalog " + catalog.name() + " does not exist");
    }
  }

  @Override
  public void dropCatalog(String name) {
    if (update("DELETE FROM catalogs WHERE name = ?", name) == 0) {
      throw new NoSuchEntityException("catalog " + name + " does not exist");
    }
  }

  private static Catalog catalog(ResultSet row) throws SQLException {
    return new Catalog(
        row.getString(1), row.getString(2), row.getString(3), Instant.ofEpochMilli(row.getLong(4)));
  }

  // Databases

  @Override
  public void createDatabase(Database database) {
    if (loadDatabase(database.name()).isPresent()) {
      throw new AlreadyExistsException("database " + database.name() + " already exists");
    }
    insertUnique(
        "database " + database.name(),
        "INSERT INTO databases (catalog_name, name, definition, version) VALUES (?, ?, ?, ?)",
        database.name().catalog(),
        database.name().database(),
        StoreJson.write(database),
        database.version());
  }

  @Override
  public Optional<Database> loadDatabase(DatabaseName name) {
    return queryOne(
        "SELECT definition, version FROM databases WHERE catalog_name = ? AND name = ?",
        row -> database(name, row),
        name.catalog(),
        name.database());
  }

  private static Database database(DatabaseName name, ResultSet row) throws SQLException {
    Database stored = StoreJson.read(row.getString(1), Database.class);
    return new Database(
        name,
        stored.description(),
        stored.location(),
        stored.managedLocation(),
        stored.parameters(),
        stored.ownerName(),
        stored.ownerType(),
        stored.createTime(),
        stored.targetDatabase(),
        row.getLong(2));
  }

  @Override
  public Page<Database> listDatabases(String catalog, String namePattern, PageRequest page) {
    return pageByName(
        "databases",
        "catalog_name",
        catalog,
        namePattern,
        page,
        "definition, version, name",
        row -> database(new DatabaseName(catalog, row.getString(3)), row),
        database -> database.name().database());
  }

  @Override
  public void updateDatabase(Database database) {
    int updated =
        update(
            "UPDATE databases SET definition = ?, version = ? "
                + "WHERE catalog_name = ? AND name = ? AND version = ?",
            StoreJson.write(database),
            database.version(),
            database.name().catalog(),
            database.name().database(),
            database.version() - 1);
    if (updated != 1) {
      if (loadDatabase(database.name()).isEmpty()) {
        throw new NoSuchDatabaseException("database " + database.name() + " does not exist");
      }
      throw new CommitFailedException(
          "database " + database.name() + " was changed concurrently; nothing was written");
    }
  }

  @Override
  public void dropDatabase(DatabaseName name) {
    int deleted =
        update(
            "DELETE FROM databases WHERE catalog_name = ? AND name = ?",
            name.catalog(),
            name.database());
    if (deleted != 1) {
      throw new NoSuchDatabaseException("database " + name + " does not exist");
    }
  }

  private long requireDatabaseId(DatabaseName name) {
    return queryOne(
            "SELECT id FROM databases WHERE catalog_name = ? AND name = ?",
            row -> row.getLong(1),
            name.catalog(),
            name.database())
        .orElseThrow(() -> new NoSuchDatabaseException("database " + name + " does not exist"));
  }

  // Tables

  @Override
  public void createTable(Table table) {
    long databaseId = requireDatabaseId(table.name().databaseName());
    if (loadTable(table.name()).isPresent()) {
      throw new AlreadyExistsException("table " + table.name() + " already exists");
    }
    long tableId = allocateId("tables");
    String definition = StoreJson.write(table);
    insertUnique(
        "table " + table.name(),
        "INSERT INTO tables (id, database_id, name, table_type, definition, version)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        tableId,
        databaseId,
        table.name().table(),
        table.tableType(),
        definition,
        table.version());
    update(
        "INSERT INTO table_versions (table_id, version_id, definition) VALUES (?, ?, ?)",
        tableId,
        table.version(),
        definition);
  }

  @Override
  public Optional<Table> loadTable(TableName name) {
    return queryOne(
        "SELECT t.definition, t.version FROM tables t JOIN databases d ON d.id = t.database_id"
            + " WHERE d.catalog_name = ? AND d.name = ? AND t.name = ?",
        row -> table(name, row.getString(1), row.getLong(2)),
        name.catalog(),
        name.database(),
        name.table());
  }

  private static Table table(TableName name, String definition, long version) {
    return StoreJson.read(definition, Table.class).toBuilder().name(name).version(version).build();
  }

  @Override
  public Page<Table> listTables(DatabaseName database, String namePattern, PageRequest page) {
    return pageByName(
        "tables",
        "database_id",
        requireDatabaseId(database),
        namePattern,
        page,
        "name, definition, version",
        row -> table(database.table(row.getString(1)), row.getString(2), row.getLong(3)),
        table -> table.name().table());
  }

  @Override
  public Page<String> listTableNames(DatabaseName database, String namePattern, PageRequest page) {
    return pageByName(
        "tables",
        "database_id",
        requireDatabaseId(database),
        namePattern,
        page,
        "name",
        row -> row.getString(1),
        name -> name);
  }

  /**
   * One keyset page of the rows of {@code table} that belong to one owner ({@code ownerColumn =
   * owner}), in name order, filtered by a Hive name pattern.
   */
  private <T> Page<T> pageByName(
      String table,
      String ownerColumn,
      Object owner,
      String namePattern,
      PageRequest page,
      String columns,
      RowMapper<T> mapper,
      java.util.function.Function<T, String> sortKey) {
    NamePattern pattern = NamePattern.of(namePattern, "name");
    String after = PageTokens.decode(page.token());
    List<Object> parameters = new ArrayList<>();
    parameters.add(owner);
    parameters.addAll(pattern.parameters());
    if (after != null) {
      parameters.add(after);
    }
    parameters.add(page.size() + 1);
    List<T> rows =
        query(
            "SELECT "
                + columns
                + " FROM "
                + table
                + " WHERE "
                + ownerColumn
                + " = ?"
                + pattern.sql()
                + (after != null ? " AND name > ?" : "")
                + " ORDER BY name LIMIT ?",
            mapper,
            parameters.toArray());
    return page(rows, page.size(), sortKey);
  }

  @Override
  public void updateTable(TableName currentName, Table table) {
    long tableId = requireTableId(currentName);
    List<Column> currentKeys = requireTable(currentName).partitionKeys();
    long databaseId = requireDatabaseId(table.name().databaseName());
    if (!table.name().equals(currentName) && loadTable(table.name()).isPresent()) {
      throw new AlreadyExistsException("table " + table.name() + " already exists");
    }
    String definition = StoreJson.write(table);
    int updated =
        update(
            "UPDATE tables SET database_id = ?, name = ?, table_type = ?, definition = ?,"
                + " version = ? WHERE id = ? AND version = ?",
            databaseId,
            table.name().table(),
            table.tableType(),
            definition,
            table.version(),
            tableId,
            table.version() - 1);
    if (updated != 1) {
      throw new CommitFailedException(
          "table " + currentName + " was changed concurrently; nothing was written");
    }
    update(
        "INSERT INTO table_versions (table_id, version_id, definition) VALUES (?, ?, ?)",
        tableId,
        table.version(),
        definition);
    // A key whose type now compares differently (string to int, to date, …) gets new numbers.
    List<Column> keys = table.partitionKeys();
    for (int position = 0; position < Math.min(keys.size(), currentKeys.size()); position++) {
      PartitionKeyKind kind = HiveTypes.partitionKeyKind(keys.get(position).type());
      if (kind != HiveTypes.partitionKeyKind(currentKeys.get(position).type())) {
        refreshComparableNumbers(tableId, position, kind);
      }
    }
  }

  @Override
  public void dropTable(TableName name) {
    long tableId = requireTableId(name);
    update("DELETE FROM tables WHERE id = ?", tableId);
  }

  @Override
  public Page<TableVersion> listTableVersions(TableName name, PageRequest page) {
    long tableId = requireTableId(name);
    String after = PageTokens.decode(page.token());
    List<Object> parameters = new ArrayList<>();
    parameters.add(tableId);
    if (after != null) {
      parameters.add(parseVersion(after));
    }
    parameters.add(page.size() + 1);
    List<TableVersion> versions =
        query(
            "SELECT version_id, definition FROM table_versions WHERE table_id = ?"
                + (after != null ? " AND version_id < ?" : "")
                + " ORDER BY version_id DESC LIMIT ?",
            row -> new TableVersion(row.getLong(1), table(name, row.getString(2), row.getLong(1))),
            parameters.toArray());
    return page(versions, page.size(), version -> Long.toString(version.versionId()));
  }

  private static long parseVersion(String token) {
    try {
      return Long.parseLong(token);
    } catch (NumberFormatException e) {
      throw new ValidationException("invalid page token");
    }
  }

  @Override
  public Optional<TableVersion> loadTableVersion(TableName name, long versionId) {
    long tableId = requireTableId(name);
    return queryOne(
        "SELECT definition FROM table_versions WHERE table_id = ? AND version_id = ?",
        row -> new TableVersion(versionId, table(name, row.getString(1), versionId)),
        tableId,
        versionId);
  }

  @Override
  public void createTableVersion(TableName name, TableVersion version) {
    Table table = requireTable(name);
    // A newer one would collide with a later update, which archives under the next number.
    if (version.versionId() >= table.version()) {
      throw new InvalidOperationException(
          "version "
              + version.versionId()
              + " of table "
              + name
              + " is not older than its current version "
              + table.version());
    }
    // DO NOTHING rather than a unique violation, which would abort a PostgreSQL transaction.
    int inserted =
        update(
            "INSERT INTO table_versions (table_id, version_id, definition) VALUES (?, ?, ?)"
                + " ON CONFLICT (table_id, version_id) DO NOTHING",
            requireTableId(name),
            version.versionId(),
            StoreJson.write(version.table()));
    if (inserted != 1) {
      throw new AlreadyExistsException(
          "table " + name + " already has version " + version.versionId());
    }
  }

  @Override
  public void deleteTableVersion(TableName name, long versionId) {
    long tableId = requireTableId(name);
    int deleted =
        update(
            "DELETE FROM table_versions WHERE table_id = ? AND version_id = ?", tableId, versionId);
    if (deleted != 1) {
      throw new NoSuchEntityException("table " + name + " has no version " + versionId);
    }
  }

  private long requireTableId(TableName name) {
    return findTableId(name)
        .orElseThrow(() -> new NoSuchTableException("table " + name + " does not exist"));
  }

  private Optional<Long> findTableId(TableName name) {
    return queryOne(
        "SELECT t.id FROM tables t JOIN databases d ON d.id = t.database_id"
            + " WHERE d.catalog_name = ? AND d.name = ? AND t.name = ?",
        row -> row.getLong(1),
        name.catalog(),
        name.database(),
        name.table());
  }

  private Table requireTable(TableName name) {
    return loadTable(name)
        .orElseThrow(() -> new NoSuchTableException("table " + name + " does not exist"));
  }

  // Partitions

  @Override
  public void addPartitions(TableName tableName, List<Partition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Table table = requireTable(tableName);
    long tableId = requireTableId(tableName);
    List<Column> keys = table.partitionKeys();
    PartitionKeyKind[] keyKinds = keyKinds(keys);
    List<String> names = new ArrayList<>(partitions.size());
    for (Partition partition : partitions) {
      names.add(PartitionNames.name(keys, partition.values()));
    }
    long[] ids = allocateIds("partitions", partitions.size());
    // The unique key finds duplicates; the savepoint undoes a half-applied batch so that the
    // error can name a partition that existed before this call.
    update("SAVEPOINT add_partitions");
    try (PreparedStatement insertPartition =
            connection.prepareStatement(
                "INSERT INTO partitions (id, table_id, name, partition_values, column_set_id,"
                    + " definition, version) VALUES (?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement insertValue =
            connection.prepareStatement(
                "INSERT INTO partition_key_values"
                    + " (partition_id, table_id, position, string_value, number_value)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 0; i < partitions.size(); i++) {
        Partition partition = partitions.get(i);
        bindPartition(insertPartition, ids[i], tableId, names.get(i), partition);
        insertPartition.addBatch();
        addKeyValues(insertValue, ids[i], tableId, partition.values(), keyKinds);
        if ((i + 1) % BATCH_SIZE == 0) {
          insertPartition.executeBatch();
          insertValue.executeBatch();
        }
      }
      insertPartition.executeBatch();
      insertValue.executeBatch();
      update("RELEASE SAVEPOINT add_partitions");
      partitionsAdded += partitions.size();
    } catch (SQLException e) {
      if (dialect.isUniqueViolation(e) || isUniqueViolationInBatch(e)) {
        update("ROLLBACK TO SAVEPOINT add_partitions");
        throw new AlreadyExistsException(
            "table " + tableName + " already has partition " + firstExisting(tableId, names));
      }
      throw new StoreException("could not add partitions to " + tableName, e);
    }
  }

  /** How many partitions this transaction added; the store refreshes planner statistics. */
  long partitionsAdded() {
    return partitionsAdded;
  }

  private boolean isUniqueViolationInBatch(SQLException e) {
    for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
      if (dialect.isUniqueViolation(next)) {
        return true;
      }
    }
    return false;
  }

  private String firstExisting(long tableId, List<String> names) {
    for (List<String> chunk : chunks(names)) {
      List<String> existing = existingPartitionNames(tableId, chunk);
      if (!existing.isEmpty()) {
        return existing.get(0);
      }
    }
    return "(added concurrently)";
  }

  private void bindPartition(
      PreparedStatement statement, long id, long tableId, String name, Partition partition)
      throws SQLException {
    StorageDescriptor descriptor = partition.storageDescriptor();
    Long columnSetId = descriptor == null ? null : columnSetId(descriptor.columns());
    statement.setLong(1, id);
    statement.setLong(2, tableId);
    statement.setString(3, name);
    statement.setString(4, StoreJson.write(partition.values()));
    statement.setObject(5, columnSetId);
    statement.setString(6, StoreJson.write(PartitionDocument.of(partition)));
    statement.setLong(7, partition.version());
  }

  private void addKeyValues(
      PreparedStatement statement,
      long partitionId,
      long tableId,
      List<String> values,
      PartitionKeyKind[] keyKinds)
      throws SQLException {
    for (int position = 0; position < values.size(); position++) {
      String value = values.get(position);
      statement.setLong(1, partitionId);
      statement.setLong(2, tableId);
      statement.setInt(3, position);
      statement.setString(4, PartitionFilter.stringValue(value));
      BigDecimal number = PartitionFilter.comparableNumber(keyKinds[position], value);
      if (number == null) {
        statement.setNull(5, Types.NUMERIC);
      } else {
        dialect.bind(statement, 5, number);
      }
      statement.addBatch();
    }
  }

  private static PartitionKeyKind[] keyKinds(List<Column> keys) {
    PartitionKeyKind[] kinds = new PartitionKeyKind[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      kinds[i] = HiveTypes.partitionKeyKind(keys.get(i).type());
    }
    return kinds;
  }

  private List<String> existingPartitionNames(long tableId, List<String> names) {
    return query(
        "SELECT name FROM partitions WHERE table_id = ? AND name IN ("
            + placeholders(names.size())
            + ") ORDER BY name",
        row -> row.getString(1),
        tableAndNames(tableId, names));
  }

  /** Partition names in lists of at most {@link #BATCH_SIZE}, the parameters of one statement. */
  private static List<List<String>> chunks(List<String> names) {
    List<List<String>> chunks = new ArrayList<>();
    for (int start = 0; start < names.size(); start += BATCH_SIZE) {
      chunks.add(names.subList(start, Math.min(names.size(), start + BATCH_SIZE)));
    }
    return chunks;
  }

  /** The parameters of {@code table_id = ? AND name IN (...)}. */
  private static Object[] tableAndNames(long tableId, List<String> names) {
    List<Object> parameters = new ArrayList<>(names.size() + 1);
    parameters.add(tableId);
    parameters.addAll(names);
    return parameters.toArray();
  }

  @Override
  public Optional<Partition> loadPartition(TableName tableName, List<String> values) {
    Table table = requireTable(tableName);
    if (values.size() != table.partitionKeys().size()) {
      return Optional.empty();
    }
    long tableId = requireTableId(tableName);
    String name = PartitionNames.name(table.partitionKeys(), values);
    return queryOne(
        "SELECT " + PARTITION_COLUMNS + " FROM partitions p WHERE p.table_id = ? AND p.name = ?",
        row -> partition(tableName, row),
        tableId,
        name);
  }

  private static final String PARTITION_COLUMNS =
      "p.name, p.partition_values, p.column_set_id, p.definition, p.version";

  private Partition partition(TableName table, ResultSet row) throws SQLException {
    List<String> values = StoreJson.read(row.getString(2), STRING_LIST);
    long columnSetId = row.getLong(3);
    List<Column> columns = row.wasNull() ? null : columnSet(columnSetId);
    PartitionDocument document = StoreJson.read(row.getString(4), PartitionDocument.class);
    return document.toPartition(table, values, columns, row.getLong(5));
  }

  private String partitionName(TableName tableName, Partition partition) {
    return PartitionNames.name(requireTable(tableName).partitionKeys(), partition.values());
  }

  @Override
  public Page<String> listPartitionNames(
      TableName tableName, PartitionFilter filter, PageRequest page) {
    long tableId = requireTableId(tableName);
    List<String> rows =
        queryPartitions(tableId, filter, null, page, "p.name", row -> row.getString(1));
    return page(rows, page.size(), name -> name);
  }

  @Override
  public long countPartitions(TableName tableName, PartitionFilter filter) {
    long tableId = requireTableId(tableName);
    FilterSql filterSql = FilterSql.of(filter);
    List<Object> parameters = new ArrayList<>();
    parameters.add(tableId);
    parameters.addAll(filterSql.parameters());
    return queryOne(
            "SELECT COUNT(*) FROM partitions p"
                + filterSql.joins()
                + " WHERE p.table_id = ?"
                + filterSql.where(),
            row -> row.getLong(1),
            parameters.toArray())
        .orElse(0L);
  }

  /** A page of partition rows in name order; {@code segment} null for all segments. */
  private <T> List<T> queryPartitions(
      long tableId,
      PartitionFilter filter,
      Segment segment,
      PageRequest page,
      String columns,
      RowMapper<T> mapper) {
    FilterSql filterSql = FilterSql.of(filter);
    String after = PageTokens.decode(page.token());
    List<Object> parameters = new ArrayList<>();
    parameters.add(tableId);
    if (after != null) {
      parameters.add(after);
    }
    parameters.addAll(filterSql.parameters());
    String segmentCondition = "";
    if (segment != null) {
      segmentCondition = " AND " + String.format(SEGMENT_OF, "p.id") + " = ?";
      parameters.add(segment.total());
      parameters.add(segment.number());
    }
    parameters.add(page.size() + 1);
    return query(
        "SELECT "
            + columns
            + " FROM partitions p"
            + filterSql.joins()
            + " WHERE p.table_id = ?"
            + (after != null ? " AND p.name > ?" : "")
            + filterSql.where()
            + segmentCondition
            + " ORDER BY p.name LIMIT ?",
        mapper,
        parameters.toArray());
  }

  /** The joins and condition that evaluate a partition filter on the key-value rows. */
  private record FilterSql(String joins, String where, List<Object> parameters) {
    static FilterSql of(PartitionFilter filter) {
      if (filter == null) {
        return new FilterSql("", "", List.of());
      }
      PartitionFilterSql.SqlFragment fragment =
          PartitionFilterSql.toSql(
              filter.root(),
              new PartitionFilterSql.KeyColumns() {
                @Override
                public String stringColumn(int keyIndex) {
                  return "k" + keyIndex + ".string_value";
                }

                @Override
                public String numberColumn(int keyIndex) {
                  return "k" + keyIndex + ".number_value";
                }
              });
      StringBuilder joins = new StringBuilder();
      // The table_id term lets the database drive the join from the key-value index.
      for (int key : PartitionFilterSql.referencedKeys(filter.root())) {
        joins.append(
            String.format(
                " JOIN partition_key_values k%1$d ON k%1$d.partition_id = p.id"
                    + " AND k%1$d.table_id = p.table_id AND k%1$d.position = %1$d",
                key));
      }
      return new FilterSql(
          joins.toString(), " AND (" + fragment.sql() + ")", fragment.parameters());
    }
  }

  @Override
  public void updatePartitions(TableName tableName, List<Partition> partitions) {
    Table table = requireTable(tableName);
    long tableId = requireTableId(tableName);
    List<String> names = new ArrayList<>(partitions.size());
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE partitions SET column_set_id = ?, definition = ?, version = ?"
                + " WHERE table_id = ? AND name = ? AND version = ?")) {
      for (Partition partition : partitions) {
        String name = PartitionNames.name(table.partitionKeys(), partition.values());
        names.add(name);
        StorageDescriptor descriptor = partition.storageDescriptor();
        bind(
            statement,
            descriptor == null ? null : columnSetId(descriptor.columns()),
            StoreJson.write(PartitionDocument.of(partition)),
            partition.version(),
            tableId,
            name,
            partition.version() - 1);
        statement.addBatch();
      }
      int[] counts = statement.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        // SUCCESS_NO_INFO would hide a lost race; both drivers report counts for updates.
        if (counts[i] != 1) {
          throw new CommitFailedException(
              "partition "
                  + names.get(i)
                  + " of "
                  + tableName
                  + " is missing or was changed concurrently; nothing was written");
        }
      }
    } catch (SQLException e) {
      throw new StoreException("could not update partitions of " + tableName, e);
    }
  }

  @Override
  public void updatePartition(
      TableName tableName, List<String> currentValues, Partition partition) {
    Table table = requireTable(tableName);
    long tableId = requireTableId(tableName);
    List<Column> keys = table.partitionKeys();
    String currentName = PartitionNames.name(keys, currentValues);
    String newName = PartitionNames.name(keys, partition.values());
    long partitionId =
        queryOne(
                "SELECT id FROM partitions WHERE table_id = ? AND name = ?",
                row -> row.getLong(1),
                tableId,
                currentName)
            .orElseThrow(
                () ->
                    new NoSuchPartitionException(
                        "table " + tableName + " has no partition " + currentName));
    boolean renamed = !newName.equals(currentName);
    if (renamed && !existingPartitionNames(tableId, List.of(newName)).isEmpty()) {
      throw new AlreadyExistsException("table " + tableName + " already has partition " + newName);
    }
    StorageDescriptor descriptor = partition.storageDescriptor();
    int updated =
        update(
            "UPDATE partitions SET name = ?, partition_values = ?, column_set_id = ?,"
                + " definition = ?, version = ? WHERE id = ? AND version = ?",
            newName,
            StoreJson.write(partition.values()),
            descriptor == null ? null : columnSetId(descriptor.columns()),
            StoreJson.write(PartitionDocument.of(partition)),
            partition.version(),
            partitionId,
            partition.version() - 1);
    if (updated != 1) {
      throw new CommitFailedException(
          "partition "
              + currentName
              + " of "
              + tableName
              + " was changed concurrently; nothing was written");
    }
    if (renamed) {
      update("DELETE FROM partition_key_values WHERE partition_id = ?", partitionId);
      try (PreparedStatement insertValue =
          connection.prepareStatement(
              "INSERT INTO partition_key_values"
                  + " (partition_id, table_id, position, string_value, number_value)"
                  + " VALUES (?, ?, ?, ?, ?)")) {
        addKeyValues(insertValue, partitionId, tableId, partition.values(), keyKinds(keys));
        insertValue.executeBatch();
      } catch (SQLException e) {
        throw new StoreException("could not rename partition " + currentName, e);
      }
    }
  }

  @Override
  public void dropPartitions(TableName tableName, List<List<String>> values) {
    Table table = requireTable(tableName);
    long tableId = requireTableId(tableName);
    List<String> names = new ArrayList<>(values.size());
    for (List<String> partitionValues : values) {
      if (partitionValues.size() != table.partitionKeys().size()) {
        throw new NoSuchPartitionException(
            "table " + tableName + " has no partition " + partitionValues);
      }
      names.add(PartitionNames.name(table.partitionKeys(), partitionValues));
    }
    for (List<String> chunk : chunks(names)) {
      List<String> present = existingPartitionNames(tableId, chunk);
      if (present.size() != Set.copyOf(chunk).size()) {
        String missing =
            chunk.stream().filter(name -> !present.contains(name)).findFirst().orElseThrow();
        throw new NoSuchPartitionException("table " + tableName + " has no partition " + missing);
      }
    }
    for (List<String> chunk : chunks(names)) {
      update(
          "DELETE FROM partitions WHERE table_id = ? AND name IN ("
              + placeholders(chunk.size())
              + ")",
          tableAndNames(tableId, chunk));
    }
  }

  private long requirePartitionId(TableName tableName, List<String> values) {
    Table table = requireTable(tableName);
    long tableId = requireTableId(tableName);
    if (values.size() != table.partitionKeys().size()) {
      throw new NoSuchPartitionException("table " + tableName + " has no partition " + values);
    }
    String name = PartitionNames.name(table.partitionKeys(), values);
    return queryOne(
            "SELECT id FROM partitions WHERE table_id = ? AND name = ?",
            row -> row.getLong(1),
            tableId,
            name)
        .orElseThrow(
            () -> new NoSuchPartitionException("table " + tableName + " has no partition " + name));
  }

  private long columnSetId(List<Column> columns) {
    String json = StoreJson.write(columns);
    String hash = sha256(json);
    Long cached = columnSetIds.get(hash);
    if (cached != null) {
      return cached;
    }
    update(
        "INSERT INTO column_sets (hash, columns) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING",
        hash,
        json);
    long id =
        queryOne("SELECT id FROM column_sets WHERE hash = ?", row -> row.getLong(1), hash)
            .orElseThrow();
    columnSetIds.put(hash, id);
    columnSets.put(id, columns);
    return id;
  }

  private List<Column> columnSet(long id) {
    List<Column> cached = columnSets.get(id);
    if (cached != null) {
      return cached;
    }
    List<Column> columns =
        queryOne(
                "SELECT columns FROM column_sets WHERE id = ?",
                row -> StoreJson.read(row.getString(1), COLUMN_LIST),
                id)
            .orElseThrow();
    columnSets.put(id, columns);
    return columns;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  // Column statistics

  @Override
  public void putColumnStatistics(
      TableName table, List<String> partitionValues, List<ColumnStatistics> statistics) {
    long ownerId =
        partitionValues == null
            ? requireTableId(table)
            : requirePartitionId(table, partitionValues);
    String sql =
        partitionValues == null
            ? "INSERT INTO table_column_statistics (table_id, column_name, definition)"
                + " VALUES (?, ?, ?) ON CONFLICT (table_id, column_name)"
                + " DO UPDATE SET definition = excluded.definition"
            : "INSERT INTO partition_column_statistics (partition_id, column_name, definition)"
                + " VALUES (?, ?, ?) ON CONFLICT (partition_id, column_name)"
                + " DO UPDATE SET definition = excluded.definition";
    for (ColumnStatistics columnStatistics : statistics) {
      update(sql, ownerId, columnStatistics.columnName(), StoreJson.write(columnStatistics));
    }
  }

  @Override
  public List<ColumnStatistics> loadColumnStatistics(
      TableName table, List<String> partitionValues, Collection<String> columnNames) {
    if (columnNames != null && columnNames.isEmpty()) {
      return List.of();
    }
    long ownerId =
        partitionValues == null
            ? requireTableId(table)
            : requirePartitionId(table, partitionValues);
    String source =
        partitionValues == null
            ? "table_column_statistics WHERE table_id = ?"
            : "partition_column_statistics WHERE partition_id = ?";
    List<Object> parameters = new ArrayList<>();
    parameters.add(ownerId);
    String columnsCondition = "";
    if (columnNames != null) {
      columnsCondition = " AND column_name IN (" + placeholders(columnNames.size()) + ")";
      parameters.addAll(columnNames);
    }
    return query(
        "SELECT definition FROM " + source + columnsCondition + " ORDER BY column_name",
        row -> StoreJson.read(row.getString(1), ColumnStatistics.class),
        parameters.toArray());
  }

  @Override
  public Map<List<String>, List<ColumnStatistics>> loadPartitionColumnStatistics(
      TableName tableName, List<List<String>> partitionValues) {
    Table table = requireTable(tableName);
    long tableId = requireTableId(tableName);
    Map<String, List<String>> valuesByName = new HashMap<>();
    for (List<String> values : partitionValues) {
      if (values.size() == table.partitionKeys().size()) {
        valuesByName.put(PartitionNames.name(table.partitionKeys(), values), values);
      }
    }
    List<String> names = List.copyOf(valuesByName.keySet());
    Map<List<String>, List<ColumnStatistics>> statistics = new HashMap<>();
    for (List<String> chunk : chunks(names)) {
      query(
          "SELECT p.name, s.definition FROM partition_column_statistics s"
              + " JOIN partitions p ON p.id = s.partition_id"
              + " WHERE p.table_id = ? AND p.name IN ("
              + placeholders(chunk.size())
              + ") ORDER BY s.column_name",
          row ->
              statistics
                  .computeIfAbsent(valuesByName.get(row.getString(1)), values -> new ArrayList<>())
                  .add(StoreJson.read(row.getString(2), ColumnStatistics.class)),
          tableAndNames(tableId, chunk));
    }
    return statistics;
  }

  @Override
  public void deleteColumnStatistics(
      TableName table, List<String> partitionValues, String columnName) {
    long ownerId =
        partitionValues == null
            ? requireTableId(table)
            : requirePartitionId(table, partitionValues);
    String source =
        partitionValues == null
            ? "table_column_statistics WHERE table_id = ?"
            : "partition_column_statistics WHERE partition_id = ?";
    if (columnName == null) {
      update("DELETE FROM " + source, ownerId);
      return;
    }
    int deleted = update("DELETE FROM " + source + " AND column_name = ?", ownerId, columnName);
    if (deleted != 1) {
      throw new NoSuchEntityException(
          "no statistics for column '"
              + columnName
              + "' of "
              + table
              + (partitionValues == null ? "" : " partition " + partitionValues));
    }
  }

  // Partition indexes

  @Override
  public void createPartitionIndex(TableName table, PartitionIndex index) {
    long tableId = requireTableId(table);
    boolean exists =
        queryOne(
                "SELECT 1 FROM partition_indexes WHERE table_id = ? AND name = ?",
                row -> true,
                tableId,
                index.name())
            .isPresent();
    if (exists) {
      throw new AlreadyExistsException(
          "table " + table + " already has a partition index " + index.name());
    }
    update(
        "INSERT INTO partition_indexes (table_id, name, keys, status) VALUES (?, ?, ?, ?)",
        tableId,
        index.name(),
        StoreJson.write(index.keys()),
        index.status().name());
  }

  @Override
  public List<PartitionIndex> listPartitionIndexes(TableName table) {
    long tableId = requireTableId(table);
    return query(
        "SELECT name, keys, status FROM partition_indexes WHERE table_id = ? ORDER BY name",
        row ->
            new PartitionIndex(
                row.getString(1),
                StoreJson.read(row.getString(2), STRING_LIST),
                PartitionIndex.Status.valueOf(row.getString(3))),
        tableId);
  }

  @Override
  public void dropPartitionIndex(TableName table, String indexName) {
    long tableId = requireTableId(table);
    int deleted =
        update("DELETE FROM partition_indexes WHERE table_id = ? AND name = ?", tableId, indexName);
    if (deleted != 1) {
      throw new NoSuchEntityException("table " + table + " has no partition index " + indexName);
    }
  }

  // Tags

  @Override
  public Map<String, String> loadTags(String resourceArn) {
    Map<String, String> tags = new LinkedHashMap<>();
    query(
        "SELECT tag_key, tag_value FROM tags WHERE resource_arn = ? ORDER BY tag_key",
        row -> tags.put(row.getString(1), row.getString(2)),
        resourceArn);
    return tags;
  }

  @Override
  public void putTags(String resourceArn, Map<String, String> tags) {
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      update(
          "INSERT INTO tags (resource_arn, tag_key, tag_value) VALUES (?, ?, ?)"
              + " ON CONFLICT (resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value",
          resourceArn,
          tag.getKey(),
          tag.getValue());
    }
  }

  @Override
  public void removeTags(String resourceArn, Collection<String> keys) {
    for (String key : keys) {
      update("DELETE FROM tags WHERE resource_arn = ? AND tag_key = ?", resourceArn, key);
    }
  }

  @Override
  public void removeAllTags(String resourceArn) {
    update(
        "DELETE FROM tags WHERE resource_arn = ? OR substr(resource_arn, 1, ?) = ?",
        resourceArn,
        resourceArn.length() + 1,
        resourceArn + "/");
  }

  // User-defined functions

  @Override
  public void createFunction(Function function) {
    long databaseId = requireDatabaseId(function.name().databaseName());
    if (findFunctionId(function.name()).isPresent()) {
      throw new AlreadyExistsException("function " + function.name() + " already exists");
    }
    insertUnique(
        "function " + function.name(),
        "INSERT INTO functions (database_id, name, definition, version) VALUES (?, ?, ?, ?)",
        databaseId,
        function.name().function(),
        StoreJson.write(function),
        function.version());
  }

  @Override
  public Optional<Function> loadFunction(FunctionName name) {
    return queryOne(
        "SELECT f.definition, f.version FROM functions f JOIN databases d ON d.id = f.database_id"
            + " WHERE d.catalog_name = ? AND d.name = ? AND f.name = ?",
        row -> function(name, row.getString(1), row.getLong(2)),
        name.catalog(),
        name.database(),
        name.function());
  }

  private static Function function(FunctionName name, String definition, long version) {
    return StoreJson.read(definition, Function.class).withName(name).withVersion(version);
  }

  @Override
  public Page<Function> listFunctions(DatabaseName database, String namePattern, PageRequest page) {
    return pageByName(
        "functions",
        "database_id",
        requireDatabaseId(database),
        namePattern,
        page,
        "name, definition, version",
        row ->
            function(
                new FunctionName(database, row.getString(1)), row.getString(2), row.getLong(3)),
        function -> function.name().function());
  }

  @Override
  public void updateFunction(FunctionName currentName, Function function) {
    if (!function.name().databaseName().equals(currentName.databaseName())) {
      throw new ValidationException(
          "function " + currentName + " cannot move to database " + function.name().databaseName());
    }
    long functionId = requireFunctionId(currentName);
    if (!function.name().equals(currentName) && findFunctionId(function.name()).isPresent()) {
      throw new AlreadyExistsException("function " + function.name() + " already exists");
    }
    int updated =
        update(
            "UPDATE functions SET name = ?, definition = ?, version = ? WHERE id = ? AND version = ?",
            function.name().function(),
            StoreJson.write(function),
            function.version(),
            functionId,
            function.version() - 1);
    if (updated != 1) {
      throw new CommitFailedException(
          "function " + currentName + " was changed concurrently; nothing was written");
    }
  }

  @Override
  public void dropFunction(FunctionName name) {
    update("DELETE FROM functions WHERE id = ?", requireFunctionId(name));
  }

  private long requireFunctionId(FunctionName name) {
    return findFunctionId(name)
        .orElseThrow(() -> new NoSuchFunctionException("function " + name + " does not exist"));
  }

  private Optional<Long> findFunctionId(FunctionName name) {
    return queryOne(
        "SELECT f.id FROM functions f JOIN databases d ON d.id = f.database_id"
            + " WHERE d.catalog_name = ? AND d.name = ? AND f.name = ?",
        row -> row.getLong(1),
        name.catalog(),
        name.database(),
        name.function());
  }

  // JDBC plumbing

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private static <T> Page<T> page(
      List<T> rows, int size, java.util.function.Function<T, String> sortKey) {
    if (rows.size() <= size) {
      return new Page<>(rows, null);
    }
    List<T> items = rows.subList(0, size);
    return new Page<>(items, PageTokens.encode(sortKey.apply(items.get(size - 1))));
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }

  private long allocateId(String table) {
    return allocateIds(table, 1)[0];
  }

  private long[] allocateIds(String table, int count) {
    try {
      return dialect.allocateIds(connection, table, count);
    } catch (SQLException e) {
      throw new StoreException("could not allocate ids for " + table, e);
    }
  }

  private <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      try (ResultSet rows = statement.executeQuery()) {
        List<T> result = new ArrayList<>();
        while (rows.next()) {
          result.add(mapper.map(rows));
        }
        return result;
      }
    } catch (SQLException e) {
      throw new StoreException("query failed: " + sql, e);
    }
  }

  private <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... parameters) {
    List<T> rows = query(sql, mapper, parameters);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private int update(String sql, Object... parameters) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("update failed: " + sql, e);
    }
  }

  /** An insert whose unique-key violation (a concurrent create) is AlreadyExists. */
  private void insertUnique(String what, String sql, Object... parameters) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      statement.executeUpdate();
    } catch (SQLException e) {
      if (dialect.isUniqueViolation(e)) {
        throw new AlreadyExistsException(what + " already exists");
      }
      throw new StoreException("insert failed: " + sql, e);
    }
  }

  private void bind(PreparedStatement statement, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      dialect.bind(statement, i + 1, parameters[i]);
    }
  }

  // Roles and privileges

  private static final String ROLE_GRANT_COLUMNS =
      "role_name, principal_name, principal_type, grant_option, grant_time, grantor, grantor_type";

  @Override
  public void createRole(Role role) {
    if (loadRole(role.name()).isPresent()) {
      throw new AlreadyExistsException("Role " + role.name() + " already exists.");
    }
    insertUnique(
        "Role " + role.name(),
        "INSERT INTO roles (name, owner_name, create_time) VALUES (?, ?, ?)",
        role.name(),
        role.ownerName(),
        role.createTime().toEpochMilli());
  }

  @Override
  public Optional<Role> loadRole(String name) {
    return queryOne(
        "SELECT name, owner_name, create_time FROM roles WHERE name = ?",
        JdbcStoreTransaction::role,
        name);
  }

  @Override
  public List<Role> listRoles() {
    return query(
        "SELECT name, owner_name, create_time FROM roles ORDER BY name",
        JdbcStoreTransaction::role);
  }

  private static Role role(ResultSet row) throws SQLException {
    return new Role(row.getString(1), Instant.ofEpochMilli(row.getLong(3)), row.getString(2));
  }

  @Override
  public void dropRole(String name) {
    if (loadRole(name).isEmpty()) {
      throw new NoSuchEntityException("Role " + name + " does not exist");
    }
    update(
        "DELETE FROM role_members WHERE principal_type = ? AND principal_name = ?",
        PrincipalType.ROLE.name(),
        name);
    update(
        "DELETE FROM privilege_grants WHERE principal_type = ? AND principal_name = ?",
        PrincipalType.ROLE.name(),
        name);
    update("DELETE FROM role_members WHERE role_name = ?", name);
    update("DELETE FROM roles WHERE name = ?", name);
  }

  @Override
  public void createRoleGrant(RoleGrant grant) {
    if (loadRole(grant.role()).isEmpty()) {
      throw new NoSuchEntityException("Role " + grant.role() + " does not exist");
    }
    String what = "Principal " + grant.principalName() + " already has the role " + grant.role();
    if (!roleGrants(
            " WHERE role_name = ? AND principal_name = ? AND principal_type = ?",
            grant.role(),
            grant.principalName(),
            grant.principalType().name())
        .isEmpty()) {
      throw new AlreadyExistsException(what);
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO role_members (" + ROLE_GRANT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      bind(
          statement,
          new Object[] {
            grant.role(),
            grant.principalName(),
            grant.principalType().name(),
            grant.grantOption(),
            grant.grantTime().toEpochMilli(),
            grant.grantor(),
            grant.grantorType() == null ? null : grant.grantorType().name()
          });
      statement.executeUpdate();
    } catch (SQLException e) {
      if (dialect.isUniqueViolation(e)) {
        throw new AlreadyExistsException(what);
      }
      throw new StoreException("could not grant role " + grant.role(), e);
    }
  }

  @Override
  public List<RoleGrant> listRoleMembers(String role) {
    return roleGrants(
        " WHERE role_name = ? ORDER BY grant_time, principal_type, principal_name", role);
  }

  @Override
  public List<RoleGrant> listRoleGrantsOfPrincipal(
      String principalName, PrincipalType principalType) {
    return roleGrants(
        " WHERE principal_name = ? AND principal_type = ? ORDER BY role_name",
        principalName,
        principalType.name());
  }

  private List<RoleGrant> roleGrants(String condition, Object... parameters) {
    return query(
        "SELECT " + ROLE_GRANT_COLUMNS + " FROM role_members" + condition,
        row ->
            new RoleGrant(
                row.getString(1),
                row.getString(2),
                PrincipalType.valueOf(row.getString(3)),
                row.getBoolean(4),
                Instant.ofEpochMilli(row.getLong(5)),
                row.getString(6),
                principalType(row.getString(7))),
        parameters);
  }

  @Override
  public void removeRoleGrantOption(
      String role, String principalName, PrincipalType principalType) {
    requireRoleGrantChanged(
        update(
            "UPDATE role_members SET grant_option = ?"
                + " WHERE role_name = ? AND principal_name = ? AND principal_type = ?",
            false,
            role,
            principalName,
            principalType.name()),
        role,
        principalName);
  }

  @Override
  public void deleteRoleGrant(String role, String principalName, PrincipalType principalType) {
    requireRoleGrantChanged(
        update(
            "DELETE FROM role_members"
                + " WHERE role_name = ? AND principal_name = ? AND principal_type = ?",
            role,
            principalName,
            principalType.name()),
        role,
        principalName);
  }

  private static void requireRoleGrantChanged(int changed, String role, String principalName) {
    if (changed != 1) {
      throw new NoSuchEntityException(
          "Principal " + principalName + " does not have the role " + role);
    }
  }

  private static PrincipalType principalType(String name) {
    return name == null ? null : PrincipalType.valueOf(name);
  }

  /** The ids a grant's object is stored under; each missing one throws its NoSuch*Exception. */
  private record ObjectIds(Long databaseId, Long tableId, Long partitionId) {}

  private ObjectIds requireObjectIds(SecurableObject object) {
    TableName table = object.tableName();
    return switch (object.type()) {
      case GLOBAL -> new ObjectIds(null, null, null);
      case DATABASE -> new ObjectIds(requireDatabaseId(object.database()), null, null);
      case TABLE -> new ObjectIds(null, requireTableId(table), null);
      case PARTITION ->
          new ObjectIds(
              null, requireTableId(table), requirePartitionId(table, object.partitionValues()));
      case COLUMN ->
          new ObjectIds(
              null,
              requireTableId(table),
              object.partitionValues() == null
                  ? null
                  : requirePartitionId(table, object.partitionValues()));
    };
  }

  private Optional<ObjectIds> findObjectIds(SecurableObject object) {
    try {
      return Optional.of(requireObjectIds(object));
    } catch (NotFoundException missing) {
      return Optional.empty();
    }
  }

  /** Identifies a grant's object in the uniqueness of grants. */
  private static String objectKey(SecurableObject object, ObjectIds ids) {
    return switch (object.type()) {
      case GLOBAL -> "GLOBAL";
      case DATABASE -> "DATABASE/" + ids.databaseId();
      case TABLE -> "TABLE/" + ids.tableId();
      case PARTITION -> "PARTITION/" + ids.partitionId();
      case COLUMN ->
          "COLUMN/"
              + ids.tableId()
              + "/"
              + (ids.partitionId() == null ? "" : ids.partitionId())
              + "/"
              + object.column();
    };
  }

  private static final String GRANT_KEY =
      "object_key = ? AND principal_type = ? AND principal_name = ? AND privilege = ?"
          + " AND COALESCE(grantor, '') = ? AND COALESCE(authorizer, '') = ?";

  private static Object[] grantKey(PrivilegeGrant grant, String objectKey) {
    return new Object[] {
      objectKey,
      grant.principalType().name(),
      grant.principalName(),
      grant.privilege(),
      grant.grantor() == null ? "" : grant.grantor(),
      grant.authorizer() == null ? "" : grant.authorizer()
    };
  }

  @Override
  public void createPrivilegeGrants(List<PrivilegeGrant> grants) {
    for (PrivilegeGrant grant : grants) {
      ObjectIds ids = requireObjectIds(grant.object());
      String objectKey = objectKey(grant.object(), ids);
      String what =
          grant.privilege()
              + " is already granted on "
              + grant.object()
              + " to "
              + grant.principalType().name().toLowerCase(java.util.Locale.ROOT)
              + " "
              + grant.principalName()
              + " by "
              + grant.grantor();
      if (queryOne(
              "SELECT id FROM privilege_grants WHERE " + GRANT_KEY,
              row -> row.getLong(1),
              grantKey(grant, objectKey))
          .isPresent()) {
        throw new AlreadyExistsException(what);
      }
      try (PreparedStatement statement =
          connection.prepareStatement(
              "INSERT INTO privilege_grants (object_type, object_key, database_id, table_id,"
                  + " partition_id, column_name, principal_name, principal_type, privilege,"
                  + " create_time, grantor, grantor_type, grant_option, authorizer)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        bind(
            statement,
            new Object[] {
              grant.object().type().name(),
              objectKey,
              ids.databaseId(),
              ids.tableId(),
              ids.partitionId(),
              grant.object().column(),
              grant.principalName(),
              grant.principalType().name(),
              grant.privilege(),
              grant.createTime().toEpochMilli(),
              grant.grantor(),
              grant.grantorType() == null ? null : grant.grantorType().name(),
              grant.grantOption(),
              grant.authorizer()
            });
        statement.executeUpdate();
      } catch (SQLException e) {
        if (dialect.isUniqueViolation(e)) {
          throw new AlreadyExistsException(what);
        }
        throw new StoreException("could not grant " + grant.privilege(), e);
      }
    }
  }

  @Override
  public List<PrivilegeGrant> listPrivilegeGrants(PrivilegeFilter filter) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (filter.principalName() != null) {
      where.append(" AND g.principal_name = ? AND g.principal_type = ?");
      parameters.add(filter.principalName());
      parameters.add(filter.principalType().name());
    }
    if (filter.objectType() != null) {
      where.append(" AND g.object_type = ?");
      parameters.add(filter.objectType().name());
    }
    SecurableObject object = filter.object();
    if (object != null && object.type() != ObjectType.GLOBAL) {
      Optional<ObjectIds> found = findObjectIds(object);
      if (found.isEmpty()) {
        return List.of();
      }
      ObjectIds ids = found.get();
      switch (object.type()) {
        case DATABASE -> {
          where.append(" AND g.database_id = ?");
          parameters.add(ids.databaseId());
        }
        case TABLE -> {
          where.append(" AND g.table_id = ?");
          parameters.add(ids.tableId());
        }
        case PARTITION -> {
          where.append(" AND g.partition_id = ?");
          parameters.add(ids.partitionId());
        }
        case COLUMN -> {
          where.append(" AND g.table_id = ?");
          parameters.add(ids.tableId());
          if (ids.partitionId() == null) {
            where.append(" AND g.partition_id IS NULL");
          } else {
            where.append(" AND g.partition_id = ?");
            parameters.add(ids.partitionId());
          }
          if (!PrivilegeFilter.ANY_COLUMN.equals(object.column())) {
            where.append(" AND g.column_name = ?");
            parameters.add(object.column());
          }
        }
        case GLOBAL -> throw new IllegalStateException("unreachable");
      }
    }
    if (filter.authorizer() != null) {
      where.append(" AND g.authorizer = ?");
      parameters.add(filter.authorizer());
    }
    return query(
        "SELECT g.object_type, d.catalog_name, d.name, t.name, p.partition_values, g.column_name,"
            + " g.principal_name, g.principal_type, g.privilege, g.create_time, g.grantor,"
            + " g.grantor_type, g.grant_option, g.authorizer FROM privilege_grants g"
            + " LEFT JOIN tables t ON t.id = g.table_id"
            + " LEFT JOIN databases d ON d.id = COALESCE(g.database_id, t.database_id)"
            + " LEFT JOIN partitions p ON p.id = g.partition_id"
            + where
            + " ORDER BY g.id",
        JdbcStoreTransaction::privilegeGrant,
        parameters.toArray());
  }

  private static PrivilegeGrant privilegeGrant(ResultSet row) throws SQLException {
    ObjectType type = ObjectType.valueOf(row.getString(1));
    DatabaseName database =
        type == ObjectType.GLOBAL ? null : new DatabaseName(row.getString(2), row.getString(3));
    String partitionValues = row.getString(5);
    SecurableObject object =
        new SecurableObject(
            type,
            database,
            row.getString(4),
            partitionValues == null ? null : StoreJson.read(partitionValues, STRING_LIST),
            row.getString(6));
    return new PrivilegeGrant(
        object,
        row.getString(7),
        PrincipalType.valueOf(row.getString(8)),
        row.getString(9),
        Instant.ofEpochMilli(row.getLong(10)),
        row.getString(11),
        principalType(row.getString(12)),
        row.getBoolean(13),
        row.getString(14));
  }

  @Override
  public void deletePrivilegeGrant(PrivilegeGrant grant) {
    requireGrantChanged(
        update(
            "DELETE FROM privilege_grants WHERE " + GRANT_KEY,
            grantKey(grant, objectKey(grant.object(), requireObjectIds(grant.object())))),
        grant);
  }

  @Override
  public void removePrivilegeGrantOption(PrivilegeGrant grant) {
    Object[] key = grantKey(grant, objectKey(grant.object(), requireObjectIds(grant.object())));
    Object[] parameters = new Object[key.length + 1];
    parameters[0] = false;
    System.arraycopy(key, 0, parameters, 1, key.length);
    requireGrantChanged(
        update("UPDATE privilege_grants SET grant_option = ? WHERE " + GRANT_KEY, parameters),
        grant);
  }

  private static void requireGrantChanged(int changed, PrivilegeGrant grant) {
    if (changed != 1) {
      throw new NoSuchEntityException(
          "No grant ("
              + grant.privilege()
              + ") found on "
              + grant.object()
              + " for "
              + grant.principalName());
    }
  }

  // Table constraints

  private static final String CONSTRAINT_QUERY =
      "SELECT c.table_id, c.name, c.kind, c.column_name, c.referenced_column,"
          + " c.referenced_constraint, c.update_rule, c.delete_rule, c.expression,"
          + " c.enable_constraint, c.validate_constraint, c.rely_constraint,"
          + " d.catalog_name, d.name, t.name, rd.catalog_name, rd.name, rt.name"
          + " FROM table_constraints c"
          + " JOIN tables t ON t.id = c.table_id JOIN databases d ON d.id = t.database_id"
          + " LEFT JOIN tables rt ON rt.id = c.referenced_table_id"
          + " LEFT JOIN databases rd ON rd.id = rt.database_id";

  private static final String CONSTRAINT_ORDER =
      " ORDER BY d.catalog_name, d.name, t.name, c.name, c.position";

  @Override
  public void createConstraints(List<TableConstraint> constraints) {
    for (TableConstraint constraint : constraints) {
      requireNonNull(constraint.name(), "constraint name is null");
      long tableId = requireTableId(constraint.table());
      Long referencedTableId =
          constraint.referencedTable() == null
              ? null
              : requireTableId(constraint.referencedTable());
      String what = "Constraint " + constraint.table() + "." + constraint.name();
      if (queryOne(
              "SELECT id FROM table_constraints WHERE table_id = ? AND name = ?",
              row -> row.getLong(1),
              tableId,
              constraint.name())
          .isPresent()) {
        throw new AlreadyExistsException(what + " already exists");
      }
      int rows = Math.max(1, constraint.columns().size());
      for (int position = 1; position <= rows; position++) {
        boolean hasColumn = position <= constraint.columns().size();
        insertUnique(
            what,
            "INSERT INTO table_constraints (table_id, name, kind, position, column_name,"
                + " referenced_table_id, referenced_column, referenced_constraint, update_rule,"
                + " delete_rule, expression, enable_constraint, validate_constraint,"
                + " rely_constraint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            tableId,
            constraint.name(),
            constraint.kind().name(),
            position,
            hasColumn ? constraint.columns().get(position - 1) : null,
            referencedTableId,
            referencedTableId == null ? null : constraint.referencedColumns().get(position - 1),
            constraint.referencedConstraint(),
            constraint.updateRule(),
            constraint.deleteRule(),
            constraint.expression(),
            constraint.enable(),
            constraint.validate(),
            constraint.rely());
      }
    }
  }

  @Override
  public List<TableConstraint> listConstraints(TableName table) {
    Optional<Long> tableId = findTableId(table);
    if (tableId.isEmpty()) {
      return List.of();
    }
    return constraints(
        query(
            CONSTRAINT_QUERY + " WHERE c.table_id = ?" + CONSTRAINT_ORDER,
            JdbcStoreTransaction::constraintRow,
            tableId.get()));
  }

  @Override
  public List<TableConstraint> listForeignKeys(TableName referencedTable, TableName table) {
    StringBuilder where = new StringBuilder(" WHERE c.kind = ?");
    List<Object> parameters = new ArrayList<>();
    parameters.add(TableConstraint.Kind.FOREIGN_KEY.name());
    if (referencedTable != null) {
      Optional<Long> id = findTableId(referencedTable);
      if (id.isEmpty()) {
        return List.of();
      }
      where.append(" AND c.referenced_table_id = ?");
      parameters.add(id.get());
    }
    if (table != null) {
      Optional<Long> id = findTableId(table);
      if (id.isEmpty()) {
        return List.of();
      }
      where.append(" AND c.table_id = ?");
      parameters.add(id.get());
    }
    return constraints(
        query(
            CONSTRAINT_QUERY + where + CONSTRAINT_ORDER,
            JdbcStoreTransaction::constraintRow,
            parameters.toArray()));
  }

  @Override
  public boolean dropConstraint(TableName table, String name) {
    Optional<Long> tableId = findTableId(table);
    return tableId.isPresent()
        && update(
                "DELETE FROM table_constraints WHERE name = ? AND (table_id = ?"
                    + " OR (kind = ? AND referenced_table_id = ?))",
                name,
                tableId.get(),
                TableConstraint.Kind.FOREIGN_KEY.name(),
                tableId.get())
            > 0;
  }

  /** One row of {@link #CONSTRAINT_QUERY}: one column of a constraint. */
  private record ConstraintRow(long tableId, TableConstraint column) {}

  private static ConstraintRow constraintRow(ResultSet row) throws SQLException {
    String column = row.getString(4);
    String referencedTable = row.getString(18);
    return new ConstraintRow(
        row.getLong(1),
        new TableConstraint(
            TableConstraint.Kind.valueOf(row.getString(3)),
            row.getString(2),
            new TableName(row.getString(13), row.getString(14), row.getString(15)),
            column == null ? List.of() : List.of(column),
            referencedTable == null
                ? null
                : new TableName(row.getString(16), row.getString(17), referencedTable),
            referencedTable == null ? List.of() : List.of(row.getString(5)),
            row.getString(6),
            row.getInt(7),
            row.getInt(8),
            row.getString(9),
            row.getBoolean(10),
            row.getBoolean(11),
            row.getBoolean(12)));
  }

  /** Joins the rows of each constraint (ordered by table, name and position) into one. */
  private static List<TableConstraint> constraints(List<ConstraintRow> rows) {
    List<TableConstraint> constraints = new ArrayList<>();
    int start = 0;
    while (start < rows.size()) {
      ConstraintRow first = rows.get(start);
      int end = start + 1;
      while (end < rows.size()
          && rows.get(end).tableId() == first.tableId()
          && rows.get(end).column().name().equals(first.column().name())) {
        end++;
      }
      List<ConstraintRow> group = rows.subList(start, end);
      TableConstraint head = first.column();
      constraints.add(
          new TableConstraint(
              head.kind(),
              head.name(),
              head.table(),
              group.stream().flatMap(row -> row.column().columns().stream()).toList(),
              head.referencedTable(),
              group.stream().flatMap(row -> row.column().referencedColumns().stream()).toList(),
              head.referencedConstraint(),
              head.updateRule(),
              head.deleteRule(),
              head.expression(),
              head.enable(),
              head.validate(),
              head.rely()));
      start = end;
    }
    return constraints;
  }

  // Notification log

  @Override
  public void appendNotifications(List<NotificationEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    // The counter row stays locked until this transaction ends (SQLite: one writer at a time), so
    // the next writer reads the incremented value only after this one committed or rolled back.
    update(
        "UPDATE notification_sequence SET last_event_id = last_event_id + ? WHERE id = 1",
        events.size());
    long eventId = currentNotificationId() - events.size();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO notification_log (event_id, event_time, event_type, catalog_name,"
                + " db_name, table_name, message, message_format) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (NotificationEvent event : events) {
        bind(
            insert,
            ++eventId,
            event.time().toEpochMilli(),
            event.type(),
            event.catalog(),
            event.database(),
            event.table(),
            event.message(),
            event.messageFormat());
        insert.addBatch();
      }
      insert.executeBatch();
    } catch (SQLException e) {
      throw new StoreException("could not append notification events", e);
    }
  }

  @Override
  public List<NotificationEvent> listNotifications(
      long afterEventId, int maxEvents, Set<String> eventTypes) {
    if (maxEvents <= 0 || (eventTypes != null && eventTypes.isEmpty())) {
      return List.of();
    }
    List<Object> parameters = new ArrayList<>();
    parameters.add(afterEventId);
    String typeCondition = "";
    if (eventTypes != null) {
      typeCondition = " AND event_type IN (" + placeholders(eventTypes.size()) + ")";
      parameters.addAll(eventTypes);
    }
    parameters.add(maxEvents);
    return query(
        "SELECT event_id, event_time, event_type, catalog_name, db_name, table_name, message,"
            + " message_format FROM notification_log WHERE event_id > ?"
            + typeCondition
            + " ORDER BY event_id LIMIT ?",
        row ->
            new NotificationEvent(
                row.getLong(1),
                Instant.ofEpochMilli(row.getLong(2)),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getString(7),
                row.getString(8)),
        parameters.toArray());
  }

  @Override
  public long currentNotificationId() {
    return queryOne(
            "SELECT last_event_id FROM notification_sequence WHERE id = 1", row -> row.getLong(1))
        .orElseThrow(() -> new StoreException("the notification sequence row is missing", null));
  }

  @Override
  public long countNotifications(
      long fromEventId, long toEventId, String catalog, String database) {
    List<Object> parameters = new ArrayList<>(List.of(fromEventId, toEventId));
    StringBuilder sql =
        new StringBuilder(
            "SELECT COUNT(*) FROM notification_log WHERE event_id > ? AND event_id <= ?");
    if (catalog != null) {
      sql.append(" AND catalog_name = ?");
      parameters.add(catalog);
    }
    if (database != null) {
      sql.append(" AND db_name = ?");
      parameters.add(database);
    }
    return queryOne(sql.toString(), row -> row.getLong(1), parameters.toArray()).orElseThrow();
  }

  // Locks and transactions

  @Override
  public void serializeLockChanges() {
    // SQLite: write transactions begin IMMEDIATE, so this one is the only writer until it ends.
    if (dialect == Dialect.POSTGRESQL) {
      query("SELECT id FROM lock_manager WHERE id = 1 FOR UPDATE", row -> row.getLong(1));
    }
  }

  @Override
  public long createLock(Lock lock) {
    update("UPDATE lock_manager SET last_lock_id = last_lock_id + 1 WHERE id = 1");
    long lockId =
        queryOne("SELECT last_lock_id FROM lock_manager WHERE id = 1", row -> row.getLong(1))
            .orElseThrow(() -> new StoreException("the lock manager row is missing", null));
    update(
        "INSERT INTO locks (id, transaction_id, state, user_name, host_name, agent_info,"
            + " last_heartbeat, acquired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        lockId,
        lock.transactionId(),
        lock.state().name(),
        lock.client().user(),
        lock.client().host(),
        lock.client().agentInfo(),
        lock.lastHeartbeat().toEpochMilli(),
        lock.acquiredAt() == null ? null : lock.acquiredAt().toEpochMilli());
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO lock_components (lock_id, position, lock_type, catalog_name, db_name,"
                + " table_name, partition_name) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      int position = 0;
      for (LockComponent component : lock.components()) {
        bind(
            statement,
            new Object[] {
              lockId,
              position++,
              component.type().name(),
              component.database().catalog(),
              component.database().database(),
              component.table(),
              component.partition()
            });
        statement.addBatch();
      }
      statement.executeBatch();
    } catch (SQLException e) {
      throw new StoreException("could not store the components of lock " + lockId, e);
    }
    return lockId;
  }

  @Override
  public Optional<Lock> loadLock(long lockId) {
    List<Lock> locks = locks(" WHERE l.id = ?", lockId);
    return locks.isEmpty() ? Optional.empty() : Optional.of(locks.get(0));
  }

  @Override
  public List<Lock> listLocks() {
    return locks("");
  }

  private List<Lock> locks(String condition, Object... parameters) {
    record Row(Lock lock, LockComponent component) {}
    List<Row> rows =
        query(
            "SELECT l.id, l.transaction_id, l.state, l.user_name, l.host_name, l.agent_info,"
                + " l.last_heartbeat, l.acquired_at, c.lock_type, c.catalog_name, c.db_name,"
                + " c.table_name, c.partition_name"
                + " FROM locks l JOIN lock_components c ON c.lock_id = l.id"
                + condition
                + " ORDER BY l.id, c.position",
            row -> {
              long acquiredAt = row.getLong(8);
              Instant acquired = row.wasNull() ? null : Instant.ofEpochMilli(acquiredAt);
              Lock lock =
                  new Lock(
                      row.getLong(1),
                      row.getLong(2),
                      List.of(),
                      Lock.State.valueOf(row.getString(3)),
                      new Client(row.getString(4), row.getString(5), row.getString(6)),
                      Instant.ofEpochMilli(row.getLong(7)),
                      acquired);
              LockComponent component =
                  new LockComponent(
                      LockType.valueOf(row.getString(9)),
                      new DatabaseName(row.getString(10), row.getString(11)),
                      row.getString(12),
                      row.getString(13));
              return new Row(lock, component);
            },
            parameters);
    Map<Long, Lock> locks = new LinkedHashMap<>();
    Map<Long, List<LockComponent>> components = new HashMap<>();
    for (Row row : rows) {
      locks.putIfAbsent(row.lock().id(), row.lock());
      components.computeIfAbsent(row.lock().id(), id -> new ArrayList<>()).add(row.component());
    }
    List<Lock> result = new ArrayList<>(locks.size());
    for (Lock lock : locks.values()) {
      result.add(
          new Lock(
              lock.id(),
              lock.transactionId(),
              components.get(lock.id()),
              lock.state(),
              lock.client(),
              lock.lastHeartbeat(),
              lock.acquiredAt()));
    }
    return result;
  }

  @Override
  public void acquireLock(long lockId, Instant acquiredAt) {
    requireUpdated(
        update(
            "UPDATE locks SET state = ?, acquired_at = ? WHERE id = ?",
            Lock.State.ACQUIRED.name(),
            acquiredAt.toEpochMilli(),
            lockId),
        lockId);
  }

  @Override
  public void heartbeatLock(long lockId, Instant time) {
    requireUpdated(
        update("UPDATE locks SET last_heartbeat = ? WHERE id = ?", time.toEpochMilli(), lockId),
        lockId);
  }

  @Override
  public void deleteLock(long lockId) {
    requireUpdated(update("DELETE FROM locks WHERE id = ?", lockId), lockId);
  }

  private static void requireUpdated(int updated, long lockId) {
    if (updated == 0) {
      throw new NoSuchLockException("no lock with id " + lockId);
    }
  }

  @Override
  public void deleteLocksOfTransaction(long transactionId) {
    update("DELETE FROM locks WHERE transaction_id = ?", transactionId);
  }

  @Override
  public int deleteLocksHeartbeatBefore(Instant time) {
    return update(
        "DELETE FROM locks WHERE transaction_id = 0 AND last_heartbeat < ?", time.toEpochMilli());
  }

  @Override
  public long createTransaction(Transaction transaction) {
    update("UPDATE lock_manager SET last_transaction_id = last_transaction_id + 1 WHERE id = 1");
    long transactionId = lastTransactionId();
    update(
        "INSERT INTO transactions (id, state, user_name, host_name, agent_info, started_time,"
            + " last_heartbeat) VALUES (?, ?, ?, ?, ?, ?, ?)",
        transactionId,
        transaction.state().name(),
        transaction.client().user(),
        transaction.client().host(),
        transaction.client().agentInfo(),
        transaction.startedTime().toEpochMilli(),
        transaction.lastHeartbeat().toEpochMilli());
    return transactionId;
  }

  @Override
  public Optional<Transaction> loadTransaction(long transactionId) {
    return queryOne(
        TRANSACTION_COLUMNS + " WHERE id = ?", JdbcStoreTransaction::transaction, transactionId);
  }

  @Override
  public List<Transaction> listTransactions(Transaction.State state) {
    return query(
        TRANSACTION_COLUMNS + " WHERE state = ? ORDER BY id",
        JdbcStoreTransaction::transaction,
        state.name());
  }

  private static final String TRANSACTION_COLUMNS =
      "SELECT id, state, user_name, host_name, agent_info, started_time, last_heartbeat"
          + " FROM transactions";

  private static Transaction transaction(ResultSet row) throws SQLException {
    return new Transaction(
        row.getLong(1),
        Transaction.State.valueOf(row.getString(2)),
        new Client(row.getString(3), row.getString(4), row.getString(5)),
        Instant.ofEpochMilli(row.getLong(6)),
        Instant.ofEpochMilli(row.getLong(7)));
  }

  @Override
  public void updateTransactionState(long transactionId, Transaction.State state) {
    requireTransactionUpdated(
        update("UPDATE transactions SET state = ? WHERE id = ?", state.name(), transactionId),
        transactionId);
  }

  @Override
  public void heartbeatTransaction(long transactionId, Instant time) {
    requireTransactionUpdated(
        update(
            "UPDATE transactions SET last_heartbeat = ? WHERE id = ?",
            time.toEpochMilli(),
            transactionId),
        transactionId);
  }

  private static void requireTransactionUpdated(int updated, long transactionId) {
    if (updated == 0) {
      throw new NoSuchTransactionException("no transaction with id " + transactionId);
    }
  }

  @Override
  public long lastTransactionId() {
    return queryOne(
            "SELECT last_transaction_id FROM lock_manager WHERE id = 1", row -> row.getLong(1))
        .orElseThrow(() -> new StoreException("the lock manager row is missing", null));
  }

  // Table search

  @Override
  public Page<Table> searchTables(String catalog, TableSearch search, PageRequest page) {
    TableSearchSql sql = TableSearchSql.of(dialect, search);
    String position = PageTokens.decode(page.token());
    long offset = position == null ? 0 : parseVersion(position);
    if (offset < 0) {
      throw new ValidationException("invalid page token");
    }
    List<Object> parameters = new ArrayList<>();
    parameters.add(catalog);
    parameters.addAll(sql.parameters());
    parameters.add(page.size() + 1);
    parameters.add(offset);
    List<Table> tables =
        query(
            "SELECT d.name, t.name, t.definition, t.version FROM tables t"
                + " JOIN databases d ON d.id = t.database_id WHERE d.catalog_name = ?"
                + sql.where()
                + " ORDER BY "
                + sql.orderBy()
                + " LIMIT ? OFFSET ?",
            row ->
                table(
                    new TableName(catalog, row.getString(1), row.getString(2)),
                    row.getString(3),
                    row.getLong(4)),
            parameters.toArray());
    if (tables.size() <= page.size()) {
      return new Page<>(tables, null);
    }
    return new Page<>(
        tables.subList(0, page.size()), PageTokens.encode(Long.toString(offset + page.size())));
  }

  // Typed partition keys

  /**
   * Rewrites the number column of the key at {@code position} of every partition of the table for a
   * key of {@code kind}: after the key's type changed, or when a migration gives a kind its number.
   */
  void refreshComparableNumbers(long tableId, int position, PartitionKeyKind kind) {
    List<Object[]> rows =
        query(
            "SELECT partition_id, string_value FROM partition_key_values"
                + " WHERE table_id = ? AND position = ?",
            row -> new Object[] {row.getLong(1), row.getString(2)},
            tableId,
            position);
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE partition_key_values SET number_value = ?"
                + " WHERE partition_id = ? AND position = ?")) {
      int pending = 0;
      for (Object[] row : rows) {
        BigDecimal number = PartitionFilter.comparableNumber(kind, (String) row[1]);
        if (number == null) {
          statement.setNull(1, Types.NUMERIC);
        } else {
          dialect.bind(statement, 1, number);
        }
        statement.setLong(2, (Long) row[0]);
        statement.setInt(3, position);
        statement.addBatch();
        if (++pending == BATCH_SIZE) {
          statement.executeBatch();
          pending = 0;
        }
      }
      statement.executeBatch();
    } catch (SQLException e) {
      throw new StoreException("could not rewrite the values of partition key " + position, e);
    }
  }

  // Glue partition operations: segments, reads through a key's index, batch reads

  /**
   * The segment, out of {@code ?} segments, of the partition with id {@code %s}: Fibonacci hashing
   * (the id's fraction of the golden ratio to 16 bits, scaled to the number of segments), in
   * integer arithmetic that SQLite and PostgreSQL compute alike, exact for ids below 2^47. Ids come
   * one after another, and a filter often selects every k-th of them (one month of each year); a
   * plain {@code id % total} would then put all of them into one segment.
   */
  private static final String SEGMENT_OF = "((%s * 40503) %% 65536) * ? / 65536";

  @Override
  public Page<Partition> listPartitions(
      TableName tableName, PartitionFilter filter, Segment segment, PageRequest page) {
    long tableId = requireTableId(tableName);
    List<Partition> rows =
        queryPartitions(
            tableId, filter, segment, page, PARTITION_COLUMNS, row -> partition(tableName, row));
    return page(rows, page.size(), partition -> partitionName(tableName, partition));
  }

  @Override
  public Page<Partition> listPartitionsByKey(
      TableName tableName, KeyRange range, Segment segment, PageRequest page) {
    Table table = requireTable(tableName);
    if (range.keyIndex() >= table.partitionKeys().size()) {
      throw new IllegalArgumentException(
          "table " + tableName + " has no partition key " + range.keyIndex());
    }
    SqlQuery query =
        partitionsByKeyQuery(requireTableId(tableName), range, segment, page.token(), page.size());
    List<Object[]> keys =
        withIndexOrderedPlans(
            () ->
                query(
                    query.sql(),
                    row -> new Object[] {row.getLong(1), row.getObject(2)},
                    query.parameters().toArray()));
    List<Object[]> pageKeys = keys.subList(0, Math.min(keys.size(), page.size()));
    // The partitions themselves by primary key, in a second statement: a join would let
    // PostgreSQL's planner merge-join from the start of the partitions on deep pages.
    Map<Long, Partition> partitions = new HashMap<>();
    if (!pageKeys.isEmpty()) {
      query(
          "SELECT "
              + PARTITION_COLUMNS
              + ", p.id FROM partitions p WHERE p.id IN ("
              + placeholders(pageKeys.size())
              + ")",
          row -> partitions.put(row.getLong(6), partition(tableName, row)),
          pageKeys.stream().map(key -> key[0]).toArray());
    }
    List<Partition> items = new ArrayList<>(pageKeys.size());
    for (Object[] key : pageKeys) {
      items.add(partitions.get((Long) key[0]));
    }
    if (keys.size() <= page.size()) {
      return new Page<>(items, null);
    }
    Object[] last = pageKeys.get(pageKeys.size() - 1);
    return new Page<>(items, KeyPageTokens.encode(range, last[1], (Long) last[0]));
  }

  /**
   * Runs {@code work} with PostgreSQL's planner told to avoid sorts and bitmap scans, for queries
   * that a read of an index in order serves best. Its estimates of the residual's and the segment's
   * selectivity are guesses (a correlated subquery, an expression of the id); when they come out
   * low it reads the whole key range with a bitmap scan and sorts it, which on a large range costs
   * every page as much as the range. SQLite plans these queries from the index's order already.
   */
  <T> T withIndexOrderedPlans(java.util.function.Supplier<T> work) {
    if (dialect != Dialect.POSTGRESQL) {
      return work.get();
    }
    update("SET LOCAL enable_sort = off");
    update("SET LOCAL enable_bitmapscan = off");
    T result = work.get();
    // Not in a finally: after a failed statement the transaction takes no more, and its end
    // takes back what SET LOCAL set anyway.
    update("SET LOCAL enable_sort = on");
    update("SET LOCAL enable_bitmapscan = on");
    return result;
  }

  /** A statement and its parameters, in order. */
  record SqlQuery(String sql, List<Object> parameters) {
    SqlQuery {
      requireNonNull(sql, "sql is null");
      parameters = List.copyOf(parameters);
    }
  }

  /**
   * The first query behind {@link #listPartitionsByKey}, for tests to look at its plan: the ids and
   * key values of a page's partitions (and one more), from the key's rows of {@code
   * partition_key_values} in the order of the index on (table, position, value, partition) alone,
   * without a join. On PostgreSQL the index names the partition last; on SQLite the table's primary
   * key (partition, position) follows the indexed columns in every index of a WITHOUT ROWID table.
   * A page therefore continues where the last one ended with a range condition on that index, and
   * reads about as many index rows as it returns plus those the residual or the segment rejects.
   * The residual reads other keys' values by primary key, one correlated subquery each.
   */
  SqlQuery partitionsByKeyQuery(
      long tableId, KeyRange range, Segment segment, String token, int pageSize) {
    String column =
        range.kind() == BoundPredicate.ValueKind.STRING ? "d.string_value" : "d.number_value";
    List<Object> parameters = new ArrayList<>();
    StringBuilder where = new StringBuilder(" WHERE d.table_id = ? AND d.position = ?");
    parameters.add(tableId);
    parameters.add(range.keyIndex());
    KeyPageTokens.Position after = KeyPageTokens.decode(token, range);
    if (after != null && !isInRange(after.keyValue(), range)) {
      throw new ValidationException(
          "invalid page token: it does not belong to this listing; start again without it");
    }
    if (range.isPoint()) {
      where.append(" AND ").append(column).append(" = ?");
      parameters.add(PartitionFilterSql.parameter(range.low().value()));
      if (after != null) {
        // SQLite does not combine an equality with a row value into one index range.
        where.append(" AND d.partition_id > ?");
        parameters.add(after.partitionId());
      }
    } else {
      if (after != null) {
        // Instead of the lower bound, which the token lies within: both databases start the
        // index range at a row value only when it is the only lower bound.
        where.append(" AND (").append(column).append(", d.partition_id) > (?, ?)");
        parameters.add(after.keyValue());
        parameters.add(after.partitionId());
      } else if (range.low() != null) {
        where.append(" AND ").append(column).append(range.low().inclusive() ? " >= ?" : " > ?");
        parameters.add(PartitionFilterSql.parameter(range.low().value()));
      }
      if (range.high() != null) {
        where.append(" AND ").append(column).append(range.high().inclusive() ? " <= ?" : " < ?");
        parameters.add(PartitionFilterSql.parameter(range.high().value()));
      }
    }
    if (range.residual() != null) {
      PartitionFilterSql.SqlFragment residual =
          PartitionFilterSql.toSql(
              range.residual(),
              new PartitionFilterSql.KeyColumns() {
                @Override
                public String stringColumn(int keyIndex) {
                  return keyColumn(keyIndex, "string_value");
                }

                @Override
                public String numberColumn(int keyIndex) {
                  return keyColumn(keyIndex, "number_value");
                }

                private String keyColumn(int keyIndex, String valueColumn) {
                  return keyIndex == range.keyIndex()
                      ? "d." + valueColumn
                      : "(SELECT v."
                          + valueColumn
                          + " FROM partition_key_values v WHERE v.partition_id = d.partition_id"
                          + " AND v.position = "
                          + keyIndex
                          + ")";
                }
              });
      where.append(" AND (").append(residual.sql()).append(')');
      parameters.addAll(residual.parameters());
    }
    if (segment != null) {
      where.append(" AND ").append(String.format(SEGMENT_OF, "d.partition_id")).append(" = ?");
      parameters.add(segment.total());
      parameters.add(segment.number());
    }
    parameters.add(pageSize + 1);
    return new SqlQuery(
        "SELECT d.partition_id, "
            + column
            + " FROM partition_key_values d"
            + where
            + " ORDER BY "
            + column
            + ", d.partition_id LIMIT ?",
        parameters);
  }

  /** True when a key value as the database holds it (text or number) lies in {@code range}. */
  private static boolean isInRange(Object value, KeyRange range) {
    if (range.low() != null) {
      int order = compareKeyValues(value, PartitionFilterSql.parameter(range.low().value()));
      if (order < 0 || order == 0 && !range.low().inclusive()) {
        return false;
      }
    }
    if (range.high() != null) {
      int order = compareKeyValues(value, PartitionFilterSql.parameter(range.high().value()));
      return order < 0 || order == 0 && range.high().inclusive();
    }
    return true;
  }

  /** Text by code point (the databases' byte-wise collations), numbers by value. */
  private static int compareKeyValues(Object left, Object right) {
    if (left instanceof BigDecimal leftNumber && right instanceof BigDecimal rightNumber) {
      return leftNumber.compareTo(rightNumber);
    }
    if (left instanceof String leftText && right instanceof String rightText) {
      return Arrays.compare(leftText.codePoints().toArray(), rightText.codePoints().toArray());
    }
    throw new ValidationException(
        "invalid page token: it does not belong to this listing; start again without it");
  }

  @Override
  public Map<List<String>, Partition> loadPartitions(
      TableName tableName, List<List<String>> values) {
    Table table = requireTable(tableName);
    long tableId = requireTableId(tableName);
    Map<String, List<String>> valuesByName = new LinkedHashMap<>();
    for (List<String> partitionValues : values) {
      if (partitionValues.size() == table.partitionKeys().size()) {
        valuesByName.put(
            PartitionNames.name(table.partitionKeys(), partitionValues), partitionValues);
      }
    }
    Map<List<String>, Partition> partitions = new HashMap<>();
    for (List<String> chunk : chunks(List.copyOf(valuesByName.keySet()))) {
      query(
          "SELECT "
              + PARTITION_COLUMNS
              + " FROM partitions p WHERE p.table_id = ? AND p.name IN ("
              + placeholders(chunk.size())
              + ")",
          row -> {
            Partition partition = partition(tableName, row);
            return partitions.put(partition.values(), partition);
          },
          tableAndNames(tableId, chunk));
    }
    return partitions;
  }

  // Iceberg REST: idempotency keys and metrics reports

  @Override
  public Optional<IdempotencyRecord> loadIdempotencyRecord(String key) {
    return queryOne(
        "SELECT request, status, body, create_time FROM iceberg_idempotency_keys"
            + " WHERE idempotency_key = ?",
        row ->
            new IdempotencyRecord(
                key,
                row.getString(1),
                row.getInt(2),
                row.getString(3),
                Instant.ofEpochMilli(row.getLong(4))),
        key);
  }

  @Override
  public boolean createIdempotencyRecord(IdempotencyRecord record) {
    return update(
            "INSERT INTO iceberg_idempotency_keys (idempotency_key, request, status, body,"
                + " create_time) VALUES (?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING",
            record.key(),
            record.request(),
            record.status(),
            record.body(),
            record.createTime().toEpochMilli())
        == 1;
  }

  @Override
  public int deleteIdempotencyRecordsBefore(Instant time) {
    return update(
        "DELETE FROM iceberg_idempotency_keys WHERE create_time < ?", time.toEpochMilli());
  }

  @Override
  public boolean completeIdempotencyRecord(String key, int status, String body) {
    return update(
            "UPDATE iceberg_idempotency_keys SET status = ?, body = ?"
                + " WHERE idempotency_key = ? AND status = 0",
            status,
            body,
            key)
        == 1;
  }

  @Override
  public boolean deletePendingIdempotencyRecord(String key) {
    return update(
            "DELETE FROM iceberg_idempotency_keys WHERE idempotency_key = ? AND status = 0", key)
        == 1;
  }

  @Override
  public void appendMetricsReport(TableMetricsReport report) {
    update(
        "INSERT INTO iceberg_metrics_reports (catalog_name, db_name, table_name, report_type,"
            + " report, receive_time) VALUES (?, ?, ?, ?, ?, ?)",
        report.table().catalog(),
        report.table().database(),
        report.table().table(),
        report.reportType(),
        report.report(),
        report.receiveTime().toEpochMilli());
  }

  @Override
  public List<TableMetricsReport> listMetricsReports(TableName table, int maxReports) {
    return query(
        "SELECT id, report_type, report, receive_time FROM iceberg_metrics_reports"
            + " WHERE catalog_name = ? AND db_name = ? AND table_name = ? ORDER BY id LIMIT ?",
        row ->
            new TableMetricsReport(
                row.getLong(1),
                table,
                row.getString(2),
                row.getString(3),
                Instant.ofEpochMilli(row.getLong(4))),
        table.catalog(),
        table.database(),
        table.table(),
        maxReports);
  }

  // Custom classifiers, crawlers and crawls

  private static final String CLASSIFIER_COLUMNS =
      "kind, definition, create_time, update_time, version";

  @Override
  public void createClassifier(CustomClassifier classifier) {
    if (loadClassifier(classifier.name()).isPresent()) {
      throw new AlreadyExistsException("classifier " + classifier.name() + " already exists");
    }
    insertUnique(
        "classifier " + classifier.name(),
        "INSERT INTO classifiers (name, " + CLASSIFIER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
        classifier.name(),
        classifierKind(classifier.definition()),
        StoreJson.write(classifier.definition()),
        classifier.creationTime().toEpochMilli(),
        classifier.lastUpdated().toEpochMilli(),
        classifier.version());
  }

  @Override
  public Optional<CustomClassifier> loadClassifier(String name) {
    return queryOne(
        "SELECT " + CLASSIFIER_COLUMNS + " FROM classifiers WHERE name = ?",
        JdbcStoreTransaction::classifier,
        name);
  }

  @Override
  public Page<CustomClassifier> listClassifiers(PageRequest page) {
    return pageOfTable(
        "classifiers",
        CLASSIFIER_COLUMNS,
        page,
        JdbcStoreTransaction::classifier,
        CustomClassifier::name);
  }

  @Override
  public void updateClassifier(CustomClassifier classifier) {
    if (loadClassifier(classifier.name()).isEmpty()) {
      throw new NoSuchEntityException("classifier " + classifier.name() + " does not exist");
    }
    int updated =
        update(
            "UPDATE classifiers SET kind = ?, definition = ?, update_time = ?, version = ?"
                + " WHERE name = ? AND version = ?",
            classifierKind(classifier.definition()),
            StoreJson.write(classifier.definition()),
            classifier.lastUpdated().toEpochMilli(),
            classifier.version(),
            classifier.name(),
            classifier.version() - 1);
    if (updated != 1) {
      throw new CommitFailedException(
          "classifier " + classifier.name() + " was changed concurrently; nothing was written");
    }
  }

  @Override
  public void dropClassifier(String name) {
    if (update("DELETE FROM classifiers WHERE name = ?", name) != 1) {
      throw new NoSuchEntityException("classifier " + name + " does not exist");
    }
  }

  /** The stored kind of a definition; its JSON is the record's own fields. */
  private static String classifierKind(ClassifierDefinition definition) {
    if (definition instanceof ClassifierDefinition.Grok) {
      return "GROK";
    }
    if (definition instanceof ClassifierDefinition.Xml) {
      return "XML";
    }
    if (definition instanceof ClassifierDefinition.Json) {
      return "JSON";
    }
    return "CSV";
  }

  private static CustomClassifier classifier(ResultSet row) throws SQLException {
    String json = row.getString(2);
    ClassifierDefinition definition =
        switch (row.getString(1)) {
          case "GROK" -> StoreJson.read(json, ClassifierDefinition.Grok.class);
          case "XML" -> StoreJson.read(json, ClassifierDefinition.Xml.class);
          case "JSON" -> StoreJson.read(json, ClassifierDefinition.Json.class);
          case "CSV" -> StoreJson.read(json, ClassifierDefinition.Csv.class);
          default -> throw new StoreException("unknown classifier kind " + row.getString(1), null);
        };
    return new CustomClassifier(
        definition,
        Instant.ofEpochMilli(row.getLong(3)),
        Instant.ofEpochMilli(row.getLong(4)),
        row.getLong(5));
  }

  private static final String CRAWLER_COLUMNS = "definition, create_time, update_time, version";
  private static final String CRAWLER_STATUS_COLUMNS =
      "name, state, crawl_id, schedule_state, next_run_time";

  @Override
  public void createCrawler(CrawlerDefinition crawler, CrawlerStatus status) {
    if (!status.name().equals(crawler.name())) {
      throw new IllegalArgumentException("the status is of another crawler: " + status.name());
    }
    if (loadCrawler(crawler.name()).isPresent()) {
      throw new AlreadyExistsException("crawler " + crawler.name() + " already exists");
    }
    insertUnique(
        "crawler " + crawler.name(),
        "INSERT INTO crawlers (name, "
            + CRAWLER_COLUMNS
            + ", state, crawl_id, schedule_state, next_run_time)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        crawler.name(),
        StoreJson.write(crawler),
        crawler.creationTime().toEpochMilli(),
        crawler.lastUpdated().toEpochMilli(),
        crawler.version(),
        status.state().name(),
        status.crawlId(),
        status.scheduleState().name(),
        epochMillis(status.nextRunTime()));
  }

  @Override
  public Optional<CrawlerDefinition> loadCrawler(String name) {
    return queryOne(
        "SELECT " + CRAWLER_COLUMNS + " FROM crawlers WHERE name = ?",
        JdbcStoreTransaction::crawler,
        name);
  }

  @Override
  public Optional<CrawlerStatus> loadCrawlerStatus(String name) {
    return queryOne(
        "SELECT " + CRAWLER_STATUS_COLUMNS + " FROM crawlers WHERE name = ?",
        JdbcStoreTransaction::crawlerStatus,
        name);
  }

  @Override
  public Page<CrawlerDefinition> listCrawlers(PageRequest page) {
    return pageOfTable(
        "crawlers", CRAWLER_COLUMNS, page, JdbcStoreTransaction::crawler, CrawlerDefinition::name);
  }

  @Override
  public boolean updateCrawler(CrawlerDefinition crawler) {
    requireCrawler(crawler.name());
    return update(
            "UPDATE crawlers SET definition = ?, update_time = ?, version = ?"
                + " WHERE name = ? AND version = ? AND state = ?",
            StoreJson.write(crawler),
            crawler.lastUpdated().toEpochMilli(),
            crawler.version(),
            crawler.name(),
            crawler.version() - 1,
            CrawlerStatus.State.READY.name())
        == 1;
  }

  @Override
  public boolean dropCrawler(String name) {
    requireCrawler(name);
    if (update(
            "DELETE FROM crawlers WHERE name = ? AND state = ?",
            name,
            CrawlerStatus.State.READY.name())
        != 1) {
      return false;
    }
    update("DELETE FROM crawls WHERE crawler_name = ?", name);
    return true;
  }

  @Override
  public boolean changeCrawlerState(
      String name, CrawlerStatus.State expected, CrawlerStatus.State next, String crawlId) {
    return update(
            "UPDATE crawlers SET state = ?, crawl_id = ? WHERE name = ? AND state = ?",
            next.name(),
            crawlId,
            name,
            expected.name())
        == 1;
  }

  @Override
  public boolean changeScheduleState(
      String name,
      CrawlerStatus.ScheduleState expected,
      CrawlerStatus.ScheduleState next,
      Instant nextRunTime) {
    return update(
            "UPDATE crawlers SET schedule_state = ?, next_run_time = ?"
                + " WHERE name = ? AND schedule_state = ?",
            next.name(),
            epochMillis(nextRunTime),
            name,
            expected.name())
        == 1;
  }

  @Override
  public boolean claimScheduledRun(String name, Instant dueTime, Instant followingRunTime) {
    return update(
            "UPDATE crawlers SET next_run_time = ?"
                + " WHERE name = ? AND schedule_state = ? AND next_run_time = ?",
            epochMillis(followingRunTime),
            name,
            CrawlerStatus.ScheduleState.SCHEDULED.name(),
            dueTime.toEpochMilli())
        == 1;
  }

  @Override
  public List<CrawlerStatus> listDueCrawlers(Instant time) {
    return query(
        "SELECT "
            + CRAWLER_STATUS_COLUMNS
            + " FROM crawlers WHERE schedule_state = ? AND next_run_time <= ? ORDER BY name",
        JdbcStoreTransaction::crawlerStatus,
        CrawlerStatus.ScheduleState.SCHEDULED.name(),
        time.toEpochMilli());
  }

  private void requireCrawler(String name) {
    if (loadCrawlerStatus(name).isEmpty()) {
      throw new NoSuchEntityException("crawler " + name + " does not exist");
    }
  }

  private static CrawlerDefinition crawler(ResultSet row) throws SQLException {
    CrawlerDefinition stored = StoreJson.read(row.getString(1), CrawlerDefinition.class);
    return new CrawlerDefinition(
        stored.name(),
        stored.role(),
        stored.databaseName(),
        stored.description(),
        stored.targets(),
        stored.schedule(),
        stored.classifiers(),
        stored.tablePrefix(),
        stored.updateBehavior(),
        stored.deleteBehavior(),
        stored.recrawlBehavior(),
        stored.configuration(),
        Instant.ofEpochMilli(row.getLong(2)),
        Instant.ofEpochMilli(row.getLong(3)),
        row.getLong(4));
  }

  private static CrawlerStatus crawlerStatus(ResultSet row) throws SQLException {
    long nextRun = row.getLong(5);
    return new CrawlerStatus(
        row.getString(1),
        CrawlerStatus.State.valueOf(row.getString(2)),
        row.getString(3),
        CrawlerStatus.ScheduleState.valueOf(row.getString(4)),
        row.wasNull() ? null : Instant.ofEpochMilli(nextRun));
  }

  private static final String CRAWL_COLUMNS =
      "crawl_id, crawler_name, state, start_time, end_time, heartbeat_time, tables_created,"
          + " tables_updated, tables_deleted, partitions_added, partitions_updated,"
          + " partitions_deleted, error_message";

  @Override
  public void createCrawl(CrawlRun crawl) {
    insertUnique(
        "crawl " + crawl.crawlId(),
        "INSERT INTO crawls (" + CRAWL_COLUMNS + ") VALUES (" + placeholders(13) + ")",
        crawlValues(crawl));
  }

  @Override
  public Optional<CrawlRun> loadCrawl(String crawlId) {
    return queryOne(
        "SELECT " + CRAWL_COLUMNS + " FROM crawls WHERE crawl_id = ?",
        JdbcStoreTransaction::crawl,
        crawlId);
  }

  @Override
  public boolean updateRunningCrawl(CrawlRun crawl) {
    return update(
            "UPDATE crawls SET state = ?, end_time = ?, heartbeat_time = ?, tables_created = ?,"
                + " tables_updated = ?, tables_deleted = ?, partitions_added = ?,"
                + " partitions_updated = ?, partitions_deleted = ?, error_message = ?"
                + " WHERE crawl_id = ? AND crawler_name = ? AND state = ?",
            crawl.state().name(),
            epochMillis(crawl.endTime()),
            crawl.heartbeatTime().toEpochMilli(),
            crawl.tablesCreated(),
            crawl.tablesUpdated(),
            crawl.tablesDeleted(),
            crawl.partitionsAdded(),
            crawl.partitionsUpdated(),
            crawl.partitionsDeleted(),
            crawl.errorMessage(),
            crawl.crawlId(),
            crawl.crawlerName(),
            CrawlRun.State.RUNNING.name())
        == 1;
  }

  @Override
  public List<CrawlRun> listCrawls(String crawlerName, int maxCrawls) {
    return query(
        "SELECT "
            + CRAWL_COLUMNS
            + " FROM crawls WHERE crawler_name = ? ORDER BY start_time DESC, crawl_id DESC LIMIT ?",
        JdbcStoreTransaction::crawl,
        crawlerName,
        maxCrawls);
  }

  @Override
  public List<CrawlRun> listCrawlsHeartbeatBefore(Instant time) {
    return query(
        "SELECT "
            + CRAWL_COLUMNS
            + " FROM crawls WHERE state = ? AND heartbeat_time < ? ORDER BY crawl_id",
        JdbcStoreTransaction::crawl,
        CrawlRun.State.RUNNING.name(),
        time.toEpochMilli());
  }

  private static Object[] crawlValues(CrawlRun crawl) {
    return new Object[] {
      crawl.crawlId(),
      crawl.crawlerName(),
      crawl.state().name(),
      crawl.startTime().toEpochMilli(),
      epochMillis(crawl.endTime()),
      crawl.heartbeatTime().toEpochMilli(),
      crawl.tablesCreated(),
      crawl.tablesUpdated(),
      crawl.tablesDeleted(),
      crawl.partitionsAdded(),
      crawl.partitionsUpdated(),
      crawl.partitionsDeleted(),
      crawl.errorMessage()
    };
  }

  private static CrawlRun crawl(ResultSet row) throws SQLException {
    long endTime = row.getLong(5);
    Instant end = row.wasNull() ? null : Instant.ofEpochMilli(endTime);
    return new CrawlRun(
        row.getString(1),
        row.getString(2),
        CrawlRun.State.valueOf(row.getString(3)),
        Instant.ofEpochMilli(row.getLong(4)),
        end,
        Instant.ofEpochMilli(row.getLong(6)),
        row.getInt(7),
        row.getInt(8),
        row.getInt(9),
        row.getInt(10),
        row.getInt(11),
        row.getInt(12),
        row.getString(13));
  }

  private static Long epochMillis(Instant time) {
    return time == null ? null : time.toEpochMilli();
  }

  /** One keyset page of a table keyed by its {@code name}, in name order. */
  private <T> Page<T> pageOfTable(
      String table,
      String columns,
      PageRequest page,
      RowMapper<T> mapper,
      java.util.function.Function<T, String> sortKey) {
    String after = PageTokens.decode(page.token());
    List<Object> parameters = new ArrayList<>();
    if (after != null) {
      parameters.add(after);
    }
    parameters.add(page.size() + 1);
    List<T> rows =
        query(
            "SELECT "
                + columns
                + " FROM "
                + table
                + (after != null ? " WHERE name > ?" : "")
                + " ORDER BY name LIMIT ?",
            mapper,
            parameters.toArray());
    return page(rows, page.size(), sortKey);
  }

  // Jobs, job runs and triggers

  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final String JOB_COLUMNS = "definition, create_time, update_time, version";

  @Override
  public void createJob(JobDefinition job) {
    if (loadJob(job.name()).isPresent()) {
      throw new AlreadyExistsException("job " + job.name() + " already exists");
    }
    insertUnique(
        "job " + job.name(),
        "INSERT INTO jobs (name, " + JOB_COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
        job.name(),
        StoreJson.write(job),
        job.creationTime().toEpochMilli(),
        job.lastModified().toEpochMilli(),
        job.version());
  }

  @Override
  public Optional<JobDefinition> loadJob(String name) {
    return queryOne(
        "SELECT " + JOB_COLUMNS + " FROM jobs WHERE name = ?", JdbcStoreTransaction::job, name);
  }

  @Override
  public Page<JobDefinition> listJobs(PageRequest page) {
    return pageOfTable("jobs", JOB_COLUMNS, page, JdbcStoreTransaction::job, JobDefinition::name);
  }

  @Override
  public boolean updateJob(JobDefinition job) {
    requireJob(job.name());
    return update(
            "UPDATE jobs SET definition = ?, update_time = ?, version = ?"
                + " WHERE name = ? AND version = ?",
            StoreJson.write(job),
            job.lastModified().toEpochMilli(),
            job.version(),
            job.name(),
            job.version() - 1)
        == 1;
  }

  @Override
  public boolean dropJob(String name) {
    lockJob(name);
    if (activeJobRuns(name) > 0) {
      return false;
    }
    update("DELETE FROM job_runs WHERE job_name = ?", name);
    update("DELETE FROM job_bookmarks WHERE job_name = ?", name);
    update("DELETE FROM jobs WHERE name = ?", name);
    return true;
  }

  @Override
  public boolean createJobRun(JobRun run, int maxConcurrentRuns) {
    lockJob(run.jobName());
    if (activeJobRuns(run.jobName()) >= maxConcurrentRuns) {
      return false;
    }
    insertUnique(
        "job run " + run.runId(),
        "INSERT INTO job_runs (" + JOB_RUN_COLUMNS + ") VALUES (" + placeholders(13) + ")",
        run.runId(),
        run.jobName(),
        run.attempt(),
        run.previousRunId(),
        run.triggerName(),
        run.state().name(),
        StoreJson.write(run.arguments()),
        run.timeoutMinutes(),
        run.startedOn().toEpochMilli(),
        run.lastModified().toEpochMilli(),
        run.heartbeatTime().toEpochMilli(),
        epochMillis(run.completedOn()),
        run.errorMessage());
    return true;
  }

  /**
   * Serializes the writers of one job's runs until this transaction ends: on PostgreSQL by the job
   * row's lock; SQLite's write transactions begin IMMEDIATE, so each is the only writer.
   */
  private void lockJob(String name) {
    if (update("UPDATE jobs SET version = version WHERE name = ?", name) != 1) {
      throw new NoSuchEntityException("job " + name + " does not exist");
    }
  }

  private long activeJobRuns(String jobName) {
    return query(
            "SELECT COUNT(*) FROM job_runs WHERE job_name = ? AND state IN (?, ?, ?)",
            row -> row.getLong(1),
            jobName,
            JobRun.State.STARTING.name(),
            JobRun.State.RUNNING.name(),
            JobRun.State.STOPPING.name())
        .get(0);
  }

  private static final String JOB_RUN_COLUMNS =
      "run_id, job_name, attempt, previous_run_id, trigger_name, state, arguments,"
          + " timeout_minutes, start_time, modified_time, heartbeat_time, end_time, error_message";

  @Override
  public Optional<JobRun> loadJobRun(String runId) {
    return queryOne(
        "SELECT " + JOB_RUN_COLUMNS + " FROM job_runs WHERE run_id = ?",
        JdbcStoreTransaction::jobRun,
        runId);
  }

  @Override
  public boolean changeJobRun(JobRun run, JobRun.State expected) {
    return update(
            "UPDATE job_runs SET state = ?, modified_time = ?, heartbeat_time = ?, end_time = ?,"
                + " error_message = ? WHERE run_id = ? AND job_name = ? AND state = ?",
            run.state().name(),
            run.lastModified().toEpochMilli(),
            run.heartbeatTime().toEpochMilli(),
            epochMillis(run.completedOn()),
            run.errorMessage(),
            run.runId(),
            run.jobName(),
            expected.name())
        == 1;
  }

  @Override
  public List<JobRun> listJobRuns(String jobName, int maxRuns) {
    return query(
        "SELECT "
            + JOB_RUN_COLUMNS
            + " FROM job_runs WHERE job_name = ? ORDER BY start_time DESC, run_id DESC LIMIT ?",
        JdbcStoreTransaction::jobRun,
        jobName,
        maxRuns);
  }

  @Override
  public List<JobRun> listJobRunsHeartbeatBefore(Instant time) {
    return query(
        "SELECT "
            + JOB_RUN_COLUMNS
            + " FROM job_runs WHERE state IN (?, ?, ?) AND heartbeat_time < ? ORDER BY run_id",
        JdbcStoreTransaction::jobRun,
        JobRun.State.STARTING.name(),
        JobRun.State.RUNNING.name(),
        JobRun.State.STOPPING.name(),
        time.toEpochMilli());
  }

  private static final String JOB_BOOKMARK_COLUMNS =
      "job_name, version, run, attempt, previous_run_id, run_id, job_bookmark";

  @Override
  public Optional<JobBookmarkEntry> loadJobBookmark(String jobName) {
    return queryOne(
        "SELECT "
            + JOB_BOOKMARK_COLUMNS
            + " FROM job_bookmarks WHERE job_name = ? ORDER BY version DESC LIMIT 1",
        JdbcStoreTransaction::jobBookmark,
        jobName);
  }

  @Override
  public Optional<JobBookmarkEntry> loadJobBookmarkOfRun(String jobName, String runId) {
    return queryOne(
        "SELECT "
            + JOB_BOOKMARK_COLUMNS
            + " FROM job_bookmarks WHERE job_name = ? AND run_id = ? ORDER BY version DESC LIMIT 1",
        JdbcStoreTransaction::jobBookmark,
        jobName,
        runId);
  }

  @Override
  public boolean commitJobBookmark(JobBookmarkEntry entry) {
    lockJob(entry.jobName());
    long current = loadJobBookmark(entry.jobName()).map(JobBookmarkEntry::version).orElse(0L);
    if (entry.version() != current + 1) {
      return false;
    }
    insertUnique(
        "bookmark version " + entry.version() + " of job " + entry.jobName(),
        "INSERT INTO job_bookmarks (" + JOB_BOOKMARK_COLUMNS + ") VALUES (" + placeholders(7) + ")",
        entry.jobName(),
        entry.version(),
        entry.run(),
        entry.attempt(),
        entry.previousRunId(),
        entry.runId(),
        entry.jobBookmark());
    return true;
  }

  private static JobBookmarkEntry jobBookmark(ResultSet row) throws SQLException {
    return new JobBookmarkEntry(
        row.getString(1),
        row.getLong(2),
        row.getLong(3),
        row.getInt(4),
        row.getString(5),
        row.getString(6),
        row.getString(7));
  }

  private void requireJob(String name) {
    if (loadJob(name).isEmpty()) {
      throw new NoSuchEntityException("job " + name + " does not exist");
    }
  }

  private static JobDefinition job(ResultSet row) throws SQLException {
    JobDefinition stored = StoreJson.read(row.getString(1), JobDefinition.class);
    return new JobDefinition(
        stored.name(),
        stored.description(),
        stored.role(),
        stored.commandName(),
        stored.scriptLocation(),
        stored.defaultArguments(),
        stored.maxRetries(),
        stored.timeoutMinutes(),
        stored.maxConcurrentRuns(),
        stored.graph(),
        stored.glueVersion(),
        stored.workerType(),
        stored.numberOfWorkers(),
        Instant.ofEpochMilli(row.getLong(2)),
        Instant.ofEpochMilli(row.getLong(3)),
        row.getLong(4));
  }

  private static JobRun jobRun(ResultSet row) throws SQLException {
    long endTime = row.getLong(12);
    Instant end = row.wasNull() ? null : Instant.ofEpochMilli(endTime);
    return new JobRun(
        row.getString(1),
        row.getString(2),
        row.getInt(3),
        row.getString(4),
        row.getString(5),
        JobRun.State.valueOf(row.getString(6)),
        StoreJson.read(row.getString(7), STRING_MAP),
        row.getInt(8),
        Instant.ofEpochMilli(row.getLong(9)),
        Instant.ofEpochMilli(row.getLong(10)),
        Instant.ofEpochMilli(row.getLong(11)),
        end,
        row.getString(13));
  }

  private static final String TRIGGER_COLUMNS = "definition, version";
  private static final String TRIGGER_STATUS_COLUMNS = "name, state, next_run_time";

  @Override
  public void createTrigger(Trigger trigger, Trigger.Status status) {
    if (!status.name().equals(trigger.name())) {
      throw new IllegalArgumentException("the status is of another trigger: " + status.name());
    }
    if (trigger.workflowName() != null) {
      // Held until this transaction ends: a concurrent DeleteWorkflow cannot leave this trigger
      // behind without its workflow.
      lockWorkflow(trigger.workflowName());
    }
    if (loadTrigger(trigger.name()).isPresent()) {
      throw new AlreadyExistsException("trigger " + trigger.name() + " already exists");
    }
    insertUnique(
        "trigger " + trigger.name(),
        "INSERT INTO triggers (name, type, workflow_name, definition, version, state,"
            + " next_run_time) VALUES (?, ?, ?, ?, ?, ?, ?)",
        trigger.name(),
        trigger.type().name(),
        trigger.workflowName(),
        StoreJson.write(trigger),
        trigger.version(),
        status.state().name(),
        epochMillis(status.nextRunTime()));
  }

  @Override
  public Optional<Trigger> loadTrigger(String name) {
    return queryOne(
        "SELECT " + TRIGGER_COLUMNS + " FROM triggers WHERE name = ?",
        JdbcStoreTransaction::trigger,
        name);
  }

  @Override
  public Optional<Trigger.Status> loadTriggerStatus(String name) {
    return queryOne(
        "SELECT " + TRIGGER_STATUS_COLUMNS + " FROM triggers WHERE name = ?",
        JdbcStoreTransaction::triggerStatus,
        name);
  }

  @Override
  public Page<Trigger> listTriggers(PageRequest page) {
    return pageOfTable(
        "triggers", TRIGGER_COLUMNS, page, JdbcStoreTransaction::trigger, Trigger::name);
  }

  @Override
  public List<Trigger> listActivatedTriggers(Trigger.Type type) {
    return query(
        "SELECT " + TRIGGER_COLUMNS + " FROM triggers WHERE type = ? AND state = ? ORDER BY name",
        JdbcStoreTransaction::trigger,
        type.name(),
        Trigger.State.ACTIVATED.name());
  }

  @Override
  public boolean updateTrigger(Trigger trigger) {
    if (loadTriggerStatus(trigger.name()).isEmpty()) {
      throw new NoSuchEntityException("trigger " + trigger.name() + " does not exist");
    }
    return update(
            "UPDATE triggers SET type = ?, definition = ?, version = ?"
                + " WHERE name = ? AND version = ?",
            trigger.type().name(),
            StoreJson.write(trigger),
            trigger.version(),
            trigger.name(),
            trigger.version() - 1)
        == 1;
  }

  @Override
  public void dropTrigger(String name) {
    if (update("DELETE FROM triggers WHERE name = ?", name) != 1) {
      throw new NoSuchEntityException("trigger " + name + " does not exist");
    }
  }

  @Override
  public boolean changeTriggerState(
      String name, Trigger.State expected, Trigger.State next, Instant nextRunTime) {
    return update(
            "UPDATE triggers SET state = ?, next_run_time = ? WHERE name = ? AND state = ?",
            next.name(),
            epochMillis(nextRunTime),
            name,
            expected.name())
        == 1;
  }

  @Override
  public boolean claimTriggerRun(String name, Instant dueTime, Instant followingRunTime) {
    return update(
            "UPDATE triggers SET next_run_time = ?"
                + " WHERE name = ? AND state = ? AND next_run_time = ?",
            epochMillis(followingRunTime),
            name,
            Trigger.State.ACTIVATED.name(),
            dueTime.toEpochMilli())
        == 1;
  }

  @Override
  public List<Trigger.Status> listDueTriggers(Instant time) {
    return query(
        "SELECT "
            + TRIGGER_STATUS_COLUMNS
            + " FROM triggers WHERE state = ? AND next_run_time <= ? ORDER BY name",
        JdbcStoreTransaction::triggerStatus,
        Trigger.State.ACTIVATED.name(),
        time.toEpochMilli());
  }

  private static Trigger trigger(ResultSet row) throws SQLException {
    Trigger stored = StoreJson.read(row.getString(1), Trigger.class);
    return new Trigger(
        stored.name(),
        stored.type(),
        stored.description(),
        stored.workflowName(),
        stored.schedule(),
        stored.predicate(),
        stored.actions(),
        row.getLong(2));
  }

  private static Trigger.Status triggerStatus(ResultSet row) throws SQLException {
    long nextRun = row.getLong(3);
    return new Trigger.Status(
        row.getString(1),
        Trigger.State.valueOf(row.getString(2)),
        row.wasNull() ? null : Instant.ofEpochMilli(nextRun));
  }

  // ML transforms and their task runs

  private static final String ML_TRANSFORM_COLUMNS =
      "definition, create_time, update_time, version";
  private static final String ML_TRANSFORM_STATE_COLUMNS =
      "transform_id, state_version, label_count, evaluation_metrics, task_schema";

  @Override
  public void createMlTransform(MlTransform transform) {
    if (loadMlTransform(transform.transformId()).isPresent()) {
      throw new AlreadyExistsException(
          "ML transform " + transform.transformId() + " already exists");
    }
    if (mlTransformNamed(transform.name()).isPresent()) {
      throw new AlreadyExistsException(
          "an ML transform named " + transform.name() + " already exists");
    }
    insertUnique(
        "ML transform " + transform.name(),
        "INSERT INTO ml_transforms (transform_id, name, "
            + ML_TRANSFORM_COLUMNS
            + ", state_version, label_count, evaluation_metrics, task_schema)"
            + " VALUES ("
            + placeholders(10)
            + ")",
        transform.transformId(),
        transform.name(),
        StoreJson.write(transform),
        transform.creationTime().toEpochMilli(),
        transform.lastModified().toEpochMilli(),
        transform.version(),
        0,
        0,
        null,
        "[]");
  }

  private Optional<String> mlTransformNamed(String name) {
    return queryOne(
        "SELECT transform_id FROM ml_transforms WHERE name = ?", row -> row.getString(1), name);
  }

  @Override
  public Optional<MlTransform> loadMlTransform(String transformId) {
    return queryOne(
        "SELECT " + ML_TRANSFORM_COLUMNS + " FROM ml_transforms WHERE transform_id = ?",
        JdbcStoreTransaction::mlTransform,
        transformId);
  }

  @Override
  public List<MlTransform> listMlTransforms() {
    return query(
        "SELECT " + ML_TRANSFORM_COLUMNS + " FROM ml_transforms ORDER BY name",
        JdbcStoreTransaction::mlTransform);
  }

  @Override
  public boolean updateMlTransform(MlTransform transform) {
    requireMlTransform(transform.transformId());
    Optional<String> named = mlTransformNamed(transform.name());
    if (named.isPresent() && !named.get().equals(transform.transformId())) {
      throw new AlreadyExistsException(
          "an ML transform named " + transform.name() + " already exists");
    }
    try {
      return update(
              "UPDATE ml_transforms SET name = ?, definition = ?, update_time = ?, version = ?"
                  + " WHERE transform_id = ? AND version = ?",
              transform.name(),
              StoreJson.write(transform),
              transform.lastModified().toEpochMilli(),
              transform.version(),
              transform.transformId(),
              transform.version() - 1)
          == 1;
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException cause && dialect.isUniqueViolation(cause)) {
        throw new AlreadyExistsException(
            "an ML transform named " + transform.name() + " already exists");
      }
      throw e;
    }
  }

  @Override
  public boolean dropMlTransform(String transformId) {
    lockMlTransform(transformId);
    if (activeMlTaskRuns(transformId) > 0) {
      return false;
    }
    update("DELETE FROM ml_task_runs WHERE transform_id = ?", transformId);
    update("DELETE FROM ml_transform_artifacts WHERE transform_id = ?", transformId);
    update("DELETE FROM ml_transforms WHERE transform_id = ?", transformId);
    return true;
  }

  @Override
  public MlTransformState loadMlTransformState(String transformId) {
    return queryOne(
            "SELECT " + ML_TRANSFORM_STATE_COLUMNS + " FROM ml_transforms WHERE transform_id = ?",
            JdbcStoreTransaction::mlTransformState,
            transformId)
        .orElseThrow(
            () -> new NoSuchEntityException("ML transform " + transformId + " does not exist"));
  }

  @Override
  public Optional<MlTransformArtifact> loadMlTransformArtifact(
      String transformId, MlTransformArtifact.Kind kind) {
    return queryOne(
        "SELECT kind, key_id, content FROM ml_transform_artifacts"
            + " WHERE transform_id = ? AND kind = ?",
        row ->
            new MlTransformArtifact(
                MlTransformArtifact.Kind.valueOf(row.getString(1)),
                row.getString(2),
                ByteString.copyOf(row.getBytes(3))),
        transformId,
        kind.name());
  }

  @Override
  public boolean commitMlTransformState(
      MlTransformState state, List<MlTransformArtifact> artifacts) {
    lockMlTransform(state.transformId());
    boolean changed =
        update(
                "UPDATE ml_transforms SET state_version = ?, label_count = ?,"
                    + " evaluation_metrics = ?, task_schema = ?"
                    + " WHERE transform_id = ? AND state_version = ?",
                state.version(),
                state.labelCount(),
                state.evaluationMetrics() == null
                    ? null
                    : StoreJson.write(state.evaluationMetrics()),
                StoreJson.write(state.schema()),
                state.transformId(),
                state.version() - 1)
            == 1;
    if (!changed) {
      return false;
    }
    for (MlTransformArtifact artifact : artifacts) {
      update(
          "DELETE FROM ml_transform_artifacts WHERE transform_id = ? AND kind = ?",
          state.transformId(),
          artifact.kind().name());
      update(
          "INSERT INTO ml_transform_artifacts (transform_id, kind, key_id, content)"
              + " VALUES (?, ?, ?, ?)",
          state.transformId(),
          artifact.kind().name(),
          artifact.keyId(),
          artifact.content().toByteArray());
    }
    return true;
  }

  /**
   * Serializes the writers of one transform's runs and state until this transaction ends, as {@link
   * #lockJob} does for a job's runs.
   */
  private void lockMlTransform(String transformId) {
    if (update("UPDATE ml_transforms SET version = version WHERE transform_id = ?", transformId)
        != 1) {
      throw new NoSuchEntityException("ML transform " + transformId + " does not exist");
    }
  }

  private void requireMlTransform(String transformId) {
    if (loadMlTransform(transformId).isEmpty()) {
      throw new NoSuchEntityException("ML transform " + transformId + " does not exist");
    }
  }

  private long activeMlTaskRuns(String transformId) {
    return query(
            "SELECT COUNT(*) FROM ml_task_runs WHERE transform_id = ? AND state IN (?, ?, ?)",
            row -> row.getLong(1),
            transformId,
            MlTaskRun.State.STARTING.name(),
            MlTaskRun.State.RUNNING.name(),
            MlTaskRun.State.STOPPING.name())
        .get(0);
  }

  private static final String ML_TASK_RUN_COLUMNS =
      "task_run_id, transform_id, task_type, state, properties, timeout_minutes, start_time,"
          + " modified_time, heartbeat_time, end_time, error_string";

  @Override
  public boolean createMlTaskRun(MlTaskRun run) {
    lockMlTransform(run.transformId());
    if (activeMlTaskRuns(run.transformId()) > 0) {
      return false;
    }
    insertUnique(
        "ML task run " + run.taskRunId(),
        "INSERT INTO ml_task_runs (" + ML_TASK_RUN_COLUMNS + ") VALUES (" + placeholders(11) + ")",
        run.taskRunId(),
        run.transformId(),
        run.taskType().name(),
        run.state().name(),
        StoreJson.write(run.properties()),
        run.timeoutMinutes(),
        run.startedOn().toEpochMilli(),
        run.lastModified().toEpochMilli(),
        run.heartbeatTime().toEpochMilli(),
        epochMillis(run.completedOn()),
        run.errorString());
    return true;
  }

  @Override
  public Optional<MlTaskRun> loadMlTaskRun(String taskRunId) {
    return queryOne(
        "SELECT " + ML_TASK_RUN_COLUMNS + " FROM ml_task_runs WHERE task_run_id = ?",
        JdbcStoreTransaction::mlTaskRun,
        taskRunId);
  }

  @Override
  public boolean changeMlTaskRun(MlTaskRun run, MlTaskRun.State expected) {
    return update(
            "UPDATE ml_task_runs SET state = ?, modified_time = ?, heartbeat_time = ?,"
                + " end_time = ?, error_string = ?"
                + " WHERE task_run_id = ? AND transform_id = ? AND state = ?",
            run.state().name(),
            run.lastModified().toEpochMilli(),
            run.heartbeatTime().toEpochMilli(),
            epochMillis(run.completedOn()),
            run.errorString(),
            run.taskRunId(),
            run.transformId(),
            expected.name())
        == 1;
  }

  @Override
  public List<MlTaskRun> listMlTaskRuns(String transformId) {
    return query(
        "SELECT "
            + ML_TASK_RUN_COLUMNS
            + " FROM ml_task_runs WHERE transform_id = ?"
            + " ORDER BY start_time DESC, task_run_id DESC",
        JdbcStoreTransaction::mlTaskRun,
        transformId);
  }

  @Override
  public List<MlTaskRun> listMlTaskRunsHeartbeatBefore(Instant time) {
    return query(
        "SELECT "
            + ML_TASK_RUN_COLUMNS
            + " FROM ml_task_runs WHERE state IN (?, ?, ?) AND heartbeat_time < ?"
            + " ORDER BY task_run_id",
        JdbcStoreTransaction::mlTaskRun,
        MlTaskRun.State.STARTING.name(),
        MlTaskRun.State.RUNNING.name(),
        MlTaskRun.State.STOPPING.name(),
        time.toEpochMilli());
  }

  private static MlTransform mlTransform(ResultSet row) throws SQLException {
    return StoreJson.read(row.getString(1), MlTransform.class)
        .withVersion(Instant.ofEpochMilli(row.getLong(3)), row.getLong(4));
  }

  private static MlTransformState mlTransformState(ResultSet row) throws SQLException {
    String metrics = row.getString(4);
    return new MlTransformState(
        row.getString(1),
        row.getLong(2),
        row.getLong(3),
        metrics == null ? null : StoreJson.read(metrics, FindMatchesMetrics.class),
        StoreJson.read(row.getString(5), COLUMN_LIST));
  }

  private static MlTaskRun mlTaskRun(ResultSet row) throws SQLException {
    long endTime = row.getLong(10);
    Instant end = row.wasNull() ? null : Instant.ofEpochMilli(endTime);
    return new MlTaskRun(
        row.getString(1),
        row.getString(2),
        MlTaskRun.TaskType.valueOf(row.getString(3)),
        MlTaskRun.State.valueOf(row.getString(4)),
        StoreJson.read(row.getString(5), STRING_MAP),
        row.getInt(6),
        Instant.ofEpochMilli(row.getLong(7)),
        Instant.ofEpochMilli(row.getLong(8)),
        Instant.ofEpochMilli(row.getLong(9)),
        end,
        row.getString(11));
  }

  // Workflows and their runs

  private static final String WORKFLOW_COLUMNS = "definition, create_time, update_time, version";
  private static final String WORKFLOW_RUN_COLUMNS =
      "run_id, workflow_name, state, properties, properties_version, start_time, end_time,"
          + " error_message";
  private static final String WORKFLOW_RUN_ACTION_COLUMNS =
      "workflow_run_id, trigger_name, position, job_name, crawler_name, action_run_id,"
          + " start_error, fire_time";

  @Override
  public void createWorkflow(Workflow workflow) {
    if (loadWorkflow(workflow.name()).isPresent()) {
      throw new AlreadyExistsException("workflow " + workflow.name() + " already exists");
    }
    insertUnique(
        "workflow " + workflow.name(),
        "INSERT INTO workflows (name, " + WORKFLOW_COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
        workflow.name(),
        StoreJson.write(workflow),
        workflow.creationTime().toEpochMilli(),
        workflow.lastModified().toEpochMilli(),
        workflow.version());
  }

  @Override
  public Optional<Workflow> loadWorkflow(String name) {
    return queryOne(
        "SELECT " + WORKFLOW_COLUMNS + " FROM workflows WHERE name = ?",
        JdbcStoreTransaction::workflow,
        name);
  }

  @Override
  public Page<Workflow> listWorkflows(PageRequest page) {
    return pageOfTable(
        "workflows", WORKFLOW_COLUMNS, page, JdbcStoreTransaction::workflow, Workflow::name);
  }

  @Override
  public boolean updateWorkflow(Workflow workflow) {
    if (loadWorkflow(workflow.name()).isEmpty()) {
      throw new NoSuchEntityException("workflow " + workflow.name() + " does not exist");
    }
    return update(
            "UPDATE workflows SET definition = ?, update_time = ?, version = ?"
                + " WHERE name = ? AND version = ?",
            StoreJson.write(workflow),
            workflow.lastModified().toEpochMilli(),
            workflow.version(),
            workflow.name(),
            workflow.version() - 1)
        == 1;
  }

  @Override
  public boolean dropWorkflow(String name) {
    lockWorkflow(name);
    if (activeWorkflowRuns(name) > 0) {
      return false;
    }
    update(
        "DELETE FROM workflow_run_actions WHERE workflow_run_id IN"
            + " (SELECT run_id FROM workflow_runs WHERE workflow_name = ?)",
        name);
    update("DELETE FROM workflow_runs WHERE workflow_name = ?", name);
    update("DELETE FROM triggers WHERE workflow_name = ?", name);
    update("DELETE FROM workflows WHERE name = ?", name);
    return true;
  }

  @Override
  public List<Trigger> listWorkflowTriggers(String workflowName) {
    return query(
        "SELECT " + TRIGGER_COLUMNS + " FROM triggers WHERE workflow_name = ? ORDER BY name",
        JdbcStoreTransaction::trigger,
        workflowName);
  }

  @Override
  public boolean createWorkflowRun(WorkflowRun run, int maxConcurrentRuns) {
    lockWorkflow(run.workflowName());
    if (activeWorkflowRuns(run.workflowName()) >= maxConcurrentRuns) {
      return false;
    }
    insertUnique(
        "workflow run " + run.runId(),
        "INSERT INTO workflow_runs (" + WORKFLOW_RUN_COLUMNS + ") VALUES (" + placeholders(8) + ")",
        run.runId(),
        run.workflowName(),
        run.state().name(),
        StoreJson.write(run.properties()),
        run.propertiesVersion(),
        run.startedOn().toEpochMilli(),
        epochMillis(run.completedOn()),
        run.errorMessage());
    return true;
  }

  /**
   * Serializes the writers of one workflow's runs until this transaction ends: on PostgreSQL by the
   * workflow row's lock; SQLite's write transactions begin IMMEDIATE, so each is the only writer.
   */
  private void lockWorkflow(String name) {
    if (update("UPDATE workflows SET version = version WHERE name = ?", name) != 1) {
      throw new NoSuchEntityException("workflow " + name + " does not exist");
    }
  }

  private long activeWorkflowRuns(String workflowName) {
    return query(
            "SELECT COUNT(*) FROM workflow_runs WHERE workflow_name = ? AND state IN (?, ?)",
            row -> row.getLong(1),
            workflowName,
            WorkflowRun.State.RUNNING.name(),
            WorkflowRun.State.STOPPING.name())
        .get(0);
  }

  @Override
  public Optional<WorkflowRun> loadWorkflowRun(String runId) {
    return queryOne(
        "SELECT " + WORKFLOW_RUN_COLUMNS + " FROM workflow_runs WHERE run_id = ?",
        JdbcStoreTransaction::workflowRun,
        runId);
  }

  @Override
  public Optional<WorkflowRun> lockWorkflowRun(String runId) {
    // A no-op update takes PostgreSQL's row lock; SQLite's write transactions are serial anyway.
    if (update("UPDATE workflow_runs SET state = state WHERE run_id = ?", runId) != 1) {
      return Optional.empty();
    }
    return loadWorkflowRun(runId);
  }

  @Override
  public List<WorkflowRun> listWorkflowRuns(String workflowName, int maxRuns) {
    return query(
        "SELECT "
            + WORKFLOW_RUN_COLUMNS
            + " FROM workflow_runs WHERE workflow_name = ?"
            + " ORDER BY start_time DESC, run_id DESC LIMIT ?",
        JdbcStoreTransaction::workflowRun,
        workflowName,
        maxRuns);
  }

  @Override
  public List<WorkflowRun> listActiveWorkflowRuns() {
    return query(
        "SELECT "
            + WORKFLOW_RUN_COLUMNS
            + " FROM workflow_runs WHERE state IN (?, ?) ORDER BY run_id",
        JdbcStoreTransaction::workflowRun,
        WorkflowRun.State.RUNNING.name(),
        WorkflowRun.State.STOPPING.name());
  }

  @Override
  public boolean changeWorkflowRun(WorkflowRun run, WorkflowRun.State expected) {
    return update(
            "UPDATE workflow_runs SET state = ?, end_time = ?, error_message = ?"
                + " WHERE run_id = ? AND state = ?",
            run.state().name(),
            epochMillis(run.completedOn()),
            run.errorMessage(),
            run.runId(),
            expected.name())
        == 1;
  }

  @Override
  public boolean changeWorkflowRunProperties(
      String runId, Map<String, String> properties, long expectedVersion) {
    return update(
            "UPDATE workflow_runs SET properties = ?, properties_version = ?"
                + " WHERE run_id = ? AND properties_version = ?",
            StoreJson.write(properties),
            expectedVersion + 1,
            runId,
            expectedVersion)
        == 1;
  }

  @Override
  public boolean claimWorkflowRunTrigger(List<WorkflowRunAction> actions) {
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("a trigger fires at least one action");
    }
    WorkflowRunAction first = actions.get(0);
    for (int position = 0; position < actions.size(); position++) {
      WorkflowRunAction action = actions.get(position);
      if (action.position() != position
          || !action.workflowRunId().equals(first.workflowRunId())
          || !action.triggerName().equals(first.triggerName())) {
        throw new IllegalArgumentException(
            "the actions of one trigger in one run, positions 0 to n - 1: " + actions);
      }
    }
    WorkflowRun run = lockWorkflowRun(first.workflowRunId()).orElse(null);
    if (run == null || run.state() != WorkflowRun.State.RUNNING) {
      return false;
    }
    // A rival that claimed first holds the row of position 0; this insert then adds nothing.
    if (insertAction(first, " ON CONFLICT (workflow_run_id, trigger_name, position) DO NOTHING")
        != 1) {
      return false;
    }
    for (WorkflowRunAction action : actions.subList(1, actions.size())) {
      insertAction(action, "");
    }
    return true;
  }

  private int insertAction(WorkflowRunAction action, String onConflict) {
    return update(
        "INSERT INTO workflow_run_actions ("
            + WORKFLOW_RUN_ACTION_COLUMNS
            + ") VALUES ("
            + placeholders(8)
            + ")"
            + onConflict,
        action.workflowRunId(),
        action.triggerName(),
        action.position(),
        action.jobName(),
        action.crawlerName(),
        action.actionRunId(),
        action.startError(),
        action.fireTime().toEpochMilli());
  }

  @Override
  public void recordWorkflowRunAction(WorkflowRunAction action) {
    update(
        "UPDATE workflow_run_actions SET action_run_id = ?, start_error = ?"
            + " WHERE workflow_run_id = ? AND trigger_name = ? AND position = ?",
        action.actionRunId(),
        action.startError(),
        action.workflowRunId(),
        action.triggerName(),
        action.position());
  }

  @Override
  public List<WorkflowRunAction> listWorkflowRunActions(String workflowRunId) {
    return query(
        "SELECT "
            + WORKFLOW_RUN_ACTION_COLUMNS
            + " FROM workflow_run_actions WHERE workflow_run_id = ?"
            + " ORDER BY fire_time, trigger_name, position",
        JdbcStoreTransaction::workflowRunAction,
        workflowRunId);
  }

  @Override
  public Optional<String> findWorkflowRunOfAction(String actionRunId) {
    return queryOne(
        "SELECT workflow_run_id FROM workflow_run_actions WHERE action_run_id = ?",
        row -> row.getString(1),
        actionRunId);
  }

  private static Workflow workflow(ResultSet row) throws SQLException {
    Workflow stored = StoreJson.read(row.getString(1), Workflow.class);
    return new Workflow(
        stored.name(),
        stored.description(),
        stored.defaultRunProperties(),
        stored.maxConcurrentRuns(),
        Instant.ofEpochMilli(row.getLong(2)),
        Instant.ofEpochMilli(row.getLong(3)),
        row.getLong(4));
  }

  private static WorkflowRun workflowRun(ResultSet row) throws SQLException {
    long endTime = row.getLong(7);
    Instant end = row.wasNull() ? null : Instant.ofEpochMilli(endTime);
    return new WorkflowRun(
        row.getString(1),
        row.getString(2),
        WorkflowRun.State.valueOf(row.getString(3)),
        StoreJson.read(row.getString(4), STRING_MAP),
        row.getLong(5),
        Instant.ofEpochMilli(row.getLong(6)),
        end,
        row.getString(8));
  }

  private static WorkflowRunAction workflowRunAction(ResultSet row) throws SQLException {
    return new WorkflowRunAction(
        row.getString(1),
        row.getString(2),
        row.getInt(3),
        row.getString(4),
        row.getString(5),
        row.getString(6),
        row.getString(7),
        Instant.ofEpochMilli(row.getLong(8)));
  }
}
