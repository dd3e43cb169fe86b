package io.cairn.thrift;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Column;
import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.InvalidOperationException;
import io.cairn.catalog.NoSuchDatabaseException;
import io.cairn.catalog.NoSuchTableException;
import io.cairn.catalog.NotFoundException;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.PartitionNames;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableType;
import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.PartitionPredicate;
import io.cairn.service.CatalogService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.hive.metastore.api.AddPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.AddPartitionsResult;
import org.apache.hadoop.hive.metastore.api.AlterDatabaseRequest;
import org.apache.hadoop.hive.metastore.api.AlterPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.AlterPartitionsResponse;
import org.apache.hadoop.hive.metastore.api.AlterTableRequest;
import org.apache.hadoop.hive.metastore.api.AlterTableResponse;
import org.apache.hadoop.hive.metastore.api.CreateDatabaseRequest;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.DropDatabaseRequest;
import org.apache.hadoop.hive.metastore.api.DropPartitionRequest;
import org.apache.hadoop.hive.metastore.api.DropTableRequest;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.GetDatabaseRequest;
import org.apache.hadoop.hive.metastore.api.GetPartitionNamesPsRequest;
import org.apache.hadoop.hive.metastore.api.GetPartitionNamesPsResponse;
import org.apache.hadoop.hive.metastore.api.GetPartitionRequest;
import org.apache.hadoop.hive.metastore.api.GetPartitionResponse;
import org.apache.hadoop.hive.metastore.api.GetPartitionsByFilterRequest;
import org.apache.hadoop.hive.metastore.api.GetPartitionsByNamesRequest;
import org.apache.hadoop.hive.metastore.api.GetPartitionsByNamesResult;
import org.apache.hadoop.hive.metastore.api.GetPartitionsPsWithAuthRequest;
import org.apache.hadoop.hive.metastore.api.GetPartitionsPsWithAuthResponse;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.GetTableResult;
import org.apache.hadoop.hive.metastore.api.GetTablesRequest;
import org.apache.hadoop.hive.metastore.api.GetTablesResult;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.PartitionSpec;
import org.apache.hadoop.hive.metastore.api.PartitionWithoutSD;
import org.apache.hadoop.hive.metastore.api.PartitionsRequest;
import org.apache.hadoop.hive.metastore.api.PartitionsResponse;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;

/**
 * The Hive Metastore methods Cairn answers, each one service call. Every public method here has the
 * name and parameters of a method of {@code ThriftHiveMetastore.Iface} ({@link HandlerInvocation}
 * checks that at start and dispatches to it); a method of the interface that is not here is
 * answered with a TApplicationException naming it. Domain exceptions are translated to the method's
 * declared Thrift exceptions there too, so the methods below let them pass.
 */
final class HiveMetastoreHandler {
  /** Iceberg's lock-free commit: alter_table is a compare-and-swap on this parameter's value. */
  static final String EXPECTED_PARAMETER_KEY = "expected_parameter_key";

  static final String EXPECTED_PARAMETER_VALUE = "expected_parameter_value";

  /** Hive's ALTER TABLE … CASCADE: the new columns go to every partition too. */
  static final String CASCADE = "CASCADE";

  /**
   * Hive's listings answer everything in one response, so a listing reads pages as large as the
   * store gives: up to 100,000 items in one query and one snapshot.
   */
  private static final int LISTING_PAGE = PageRequest.MAX_SIZE;

  private static final int MAX_ALTER_ATTEMPTS = 5;

  private final CatalogService service;
  private final HiveNames names;
  private final HiveDrops drops;
  private final String warehouse;

  HiveMetastoreHandler(CatalogService service, String warehouse) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.service = requireNonNull(service, "service is null");
    this.names = new HiveNames(service.defaultCatalog());
    this.drops = new HiveDrops(service);
  }

  // Databases

  /**
   * As Hive's metastore does: a database without a location gets {@code <warehouse>/<name>.db} (in
   * the default catalog) or {@code <catalog location>/<name>.db}, and its local directory.
   */
  public void create_database(Database database) {
    io.cairn.catalog.Database created =
        ThriftConverter.fromThrift(catalogOf(database.getCatalogName()), database);
    if (created.location() == null || created.location().isBlank()) {
      String root =
          created.name().catalog().equals(service.defaultCatalog())
              ? warehouse
              : service.loadCatalog(created.name().catalog()).location();
      if (root != null) {
        String location =
            (root.endsWith("/") ? root : root + "/") + created.name().database() + ".db";
        created =
            new io.cairn.catalog.Database(
                created.name(),
                created.description(),
                location.startsWith("/") ? "file:" + location : location,
                created.managedLocation(),
                created.parameters(),
                created.ownerName(),
                created.ownerType(),
                created.createTime(),
                created.targetDatabase(),
                created.version());
      }
    }
    service.createDatabase(created);
    LocalDirectories.create(created.location());
  }

  public Database get_database(String name) {
    return ThriftConverter.toThrift(service.loadDatabase(databaseName(name)));
  }

  public Database get_database_req(GetDatabaseRequest request) {
    String catalog = request.isSetCatalogName() ? request.getCatalogName() : null;
    return ThriftConverter.toThrift(
        service.loadDatabase(new DatabaseName(catalogOf(catalog), request.getName())));
  }

  /** Hive 4 clients qualify the pattern too: {@code @hive#} for all, {@code @hive#sales*}. */
  public List<String> get_databases(String pattern) {
    String catalog = service.defaultCatalog();
    String namePattern = pattern;
    if (pattern != null && pattern.startsWith("@") && pattern.indexOf('#') > 0) {
      catalog = catalogOf(pattern.substring(1, pattern.indexOf('#')));
      namePattern = pattern.substring(pattern.indexOf('#') + 1);
    }
    String listedCatalog = catalog;
    String listedPattern = namePattern == null || namePattern.isEmpty() ? null : namePattern;
    return all(page -> service.listDatabases(listedCatalog, listedPattern, page), -1).stream()
        .map(database -> database.name().database())
        .toList();
  }

  public void create_database_req(CreateDatabaseRequest request) {
    Database database = new Database();
    database.setName(request.getDatabaseName());
    database.setDescription(request.getDescription());
    database.setLocationUri(request.getLocationUri());
    database.setParameters(request.getParameters());
    database.setOwnerName(request.getOwnerName());
    database.setOwnerType(request.getOwnerType());
    database.setCatalogName(request.getCatalogName());
    database.setManagedLocationUri(request.getManagedLocationUri());
    if (request.isSetType()) {
      database.setType(request.getType());
    }
    create_database(database);
  }

  public void alter_database_req(AlterDatabaseRequest request) {
    alter_database(request.getOldDbName(), request.getNewDb());
  }

  public void drop_database_req(DropDatabaseRequest request) throws MetaException {
    DatabaseName name = names.database(request.getCatalogName(), request.getName());
    refuseDroppingDefault(name);
    try {
      drops.dropDatabase(name, request.isCascade(), request.isDeleteData());
    } catch (NoSuchDatabaseException e) {
      if (!request.isIgnoreUnknownDb()) {
        throw e;
      }
    }
  }

  public List<String> get_all_databases() {
    return get_databases(null);
  }

  public void alter_database(String name, Database database) {
    DatabaseName databaseName = databaseName(name);
    service.updateDatabase(
        databaseName, ThriftConverter.fromThrift(databaseName.catalog(), database), null);
  }

  public void drop_database(String name, boolean deleteData, boolean cascade) throws MetaException {
    refuseDroppingDefault(databaseName(name));
    drops.dropDatabase(databaseName(name), cascade, deleteData);
  }

  /** As in Hive, the default catalog's {@code default} database stays. */
  private void refuseDroppingDefault(DatabaseName name) throws MetaException {
    if (name.catalog().equals(service.defaultCatalog())
        && name.database().equals(CatalogService.DEFAULT_DATABASE)) {
      throw new MetaException("Can not drop default database in catalog " + name.catalog());
    }
  }

  // Tables

  /**
   * As Hive's metastore does: a table without a location gets its database's location plus its
   * name, and a table on the local file system gets its directory (Spark writes into it without
   * creating it).
   */
  public void create_table(Table table) {
    createTable(table, service::createTable);
  }

  /**
   * Fills in the location as {@link #create_table} does and hands the table to {@code create} (for
   * a table created together with its constraints, see {@link ConstraintHandler}).
   */
  void createTable(Table table, Consumer<io.cairn.catalog.Table> create) {
    io.cairn.catalog.Table created =
        ThriftConverter.fromThrift(catalogOf(table.getCatName()), table);
    if (created.storageDescriptor() != null
        && created.storageDescriptor().location() == null
        && !TableType.VIRTUAL_VIEW.equals(created.tableType())) {
      String databaseLocation = service.loadDatabase(created.name().databaseName()).location();
      if (databaseLocation != null) {
        String location =
            (databaseLocation.endsWith("/") ? databaseLocation : databaseLocation + "/")
                + created.name().table();
        created =
            created.toBuilder()
                .storageDescriptor(
                    created.storageDescriptor().toBuilder().location(location).build())
                .build();
      }
    }
    create.accept(created);
    if (created.storageDescriptor() != null) {
      LocalDirectories.create(created.storageDescriptor().location());
    }
  }

  public void create_table_with_environment_context(Table table, EnvironmentContext context) {
    create_table(table);
  }

  public void drop_table_req(DropTableRequest request) {
    drops.dropTable(
        names.table(request.getCatalogName(), request.getDbName(), request.getTableName()),
        request.isDeleteData());
  }

  public AlterTableResponse alter_table_req(AlterTableRequest request) throws MetaException {
    Map<String, String> properties = new HashMap<>();
    if (request.isSetEnvironmentContext() && request.getEnvironmentContext().isSetProperties()) {
      properties.putAll(request.getEnvironmentContext().getProperties());
    }
    if (request.isSetExpectedParameterKey()) {
      properties.put(EXPECTED_PARAMETER_KEY, request.getExpectedParameterKey());
      properties.put(EXPECTED_PARAMETER_VALUE, request.getExpectedParameterValue());
    }
    TableName name = names.table(request.getCatName(), request.getDbName(), request.getTableName());
    alter_table_with_environment_context(
        "@" + name.catalog() + "#" + name.database(),
        name.table(),
        request.getTable(),
        new EnvironmentContext(properties));
    return new AlterTableResponse();
  }

  /** Table names of one type ({@code MANAGED_TABLE}, {@code EXTERNAL_TABLE}, ...). */
  public List<String> get_tables_by_type(String database, String pattern, String tableType) {
    DatabaseName name = databaseName(database);
    return orNoneWithoutDatabase(
        () ->
            all(page -> service.listTables(name, pattern, page), -1).stream()
                .filter(table -> tableType == null || tableType.equalsIgnoreCase(table.tableType()))
                .map(table -> table.name().table())
                .toList());
  }

  /**
   * As in Hive, listing the tables of a database that does not exist finds none (Hive's own client
   * relies on it: dropping a database of another catalog lists its views in the default one).
   */
  private static List<String> orNoneWithoutDatabase(Supplier<List<String>> listing) {
    try {
      return listing.get();
    } catch (NoSuchDatabaseException e) {
      return List.of();
    }
  }

  public GetTableResult get_table_req(GetTableRequest request) {
    TableName name =
        new TableName(
            catalogOf(request.isSetCatName() ? request.getCatName() : null),
            databaseName(request.getDbName()).database(),
            request.getTblName());
    return new GetTableResult(ThriftConverter.toThrift(service.loadTable(name)));
  }

  public GetTablesResult get_table_objects_by_name_req(GetTablesRequest request) {
    DatabaseName database =
        new DatabaseName(
            catalogOf(request.isSetCatName() ? request.getCatName() : null),
            databaseName(request.getDbName()).database());
    service.loadDatabase(database);
    // Hive 4's getTables(db, pattern) sends a pattern and no names.
    List<String> requested =
        request.isSetTblNames()
            ? request.getTblNames()
            : all(page -> service.listTableNames(database, request.getTablesPattern(), page), -1);
    List<Table> tables = new ArrayList<>();
    for (String name : requested) {
      // As in Hive: names that do not exist are left out, not an error.
      try {
        tables.add(ThriftConverter.toThrift(service.loadTable(database.table(name))));
      } catch (NoSuchTableException missing) {
        continue;
      }
    }
    return new GetTablesResult(tables);
  }

  public List<String> get_tables(String database, String pattern) {
    DatabaseName name = databaseName(database);
    return orNoneWithoutDatabase(
        () -> all(page -> service.listTableNames(name, pattern, page), -1));
  }

  public List<String> get_all_tables(String database) {
    return get_tables(database, null);
  }

  public void drop_table(String database, String table, boolean deleteData) {
    drops.dropTable(databaseName(database).table(table), deleteData);
  }

  public void drop_table_with_environment_context(
      String database, String table, boolean deleteData, EnvironmentContext context) {
    drop_table(database, table, deleteData);
  }

  public void alter_table(String database, String table, Table newTable) throws MetaException {
    alter_table_with_environment_context(database, table, newTable, null);
  }

  /**
   * HMS semantics: the client sends the whole new table and it replaces the stored one. With
   * Iceberg's expected parameter it is a compare-and-swap on that parameter only; a concurrent
   * change of anything else is re-read and the replacement applied again (bounded).
   */
  public void alter_table_with_environment_context(
      String database, String table, Table newTable, EnvironmentContext context)
      throws MetaException {
    TableName name = databaseName(database).table(table);
    Map<String, String> properties =
        context == null || context.getProperties() == null ? Map.of() : context.getProperties();
    String expectedKey = properties.get(EXPECTED_PARAMETER_KEY);
    String expectedValue = properties.get(EXPECTED_PARAMETER_VALUE);
    io.cairn.catalog.Table replacement = ThriftConverter.fromThrift(name.catalog(), newTable);
    for (int attempt = 1; ; attempt++) {
      io.cairn.catalog.Table current = service.loadTable(name);
      if (expectedKey != null) {
        checkExpectedParameter(current, expectedKey, expectedValue);
      }
      try {
        service.updateTable(
            name, replacement, current.version(), "true".equalsIgnoreCase(properties.get(CASCADE)));
        return;
      } catch (CommitFailedException e) {
        if (attempt == MAX_ALTER_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static void checkExpectedParameter(
      io.cairn.catalog.Table table, String key, String expectedValue) throws MetaException {
    String actual = table.parameters().get(key);
    if (!Objects.equals(actual, expectedValue)) {
      // Iceberg's HiveTableOperations looks for this text to retry rather than give up.
      throw new MetaException(
          "The table has been modified. The parameter value for key '"
              + key
              + "' is '"
              + actual
              + "'. The expected was value was '"
              + expectedValue
              + "'");
    }
  }

  // Partitions

  public Partition add_partition(Partition partition) throws InvalidObjectException, MetaException {
    return add_partitions_list(List.of(partition)).get(0);
  }

  public int add_partitions(List<Partition> partitions)
      throws InvalidObjectException, MetaException {
    return add_partitions_list(partitions).size();
  }

  /**
   * Partitions sent as specs: listed whole, or sharing one storage descriptor whose location each
   * partition extends by its relative path, as Hive's client builds them. All of one table.
   */
  public int add_partitions_pspec(List<PartitionSpec> specs)
      throws InvalidObjectException, MetaException {
    List<Partition> partitions = new ArrayList<>();
    for (PartitionSpec spec : specs) {
      if (spec.getDbName() == null || spec.getTableName() == null) {
        throw new MetaException("a partition spec needs its database and table names");
      }
      if (spec.isSetPartitionList()) {
        for (Partition partition : spec.getPartitionList().getPartitions()) {
          Partition named = partition.deepCopy();
          named.setDbName(spec.getDbName());
          named.setTableName(spec.getTableName());
          named.setCatName(spec.getCatName());
          partitions.add(named);
        }
      } else if (spec.isSetSharedSDPartitionSpec()) {
        StorageDescriptor shared = spec.getSharedSDPartitionSpec().getSd();
        for (PartitionWithoutSD withoutSd : spec.getSharedSDPartitionSpec().getPartitions()) {
          Partition partition = new Partition();
          partition.setDbName(spec.getDbName());
          partition.setTableName(spec.getTableName());
          partition.setCatName(spec.getCatName());
          partition.setValues(withoutSd.getValues());
          partition.setCreateTime(withoutSd.getCreateTime());
          partition.setLastAccessTime(withoutSd.getLastAccessTime());
          partition.setParameters(withoutSd.getParameters());
          if (shared != null) {
            StorageDescriptor descriptor = shared.deepCopy();
            if (shared.getLocation() != null && withoutSd.getRelativePath() != null) {
              descriptor.setLocation(shared.getLocation() + withoutSd.getRelativePath());
            }
            partition.setSd(descriptor);
          }
          partitions.add(partition);
        }
      }
    }
    if (partitions.stream()
            .map(
                partition ->
                    partition.getDbName().toLowerCase(Locale.ROOT)
                        + "."
                        + partition.getTableName().toLowerCase(Locale.ROOT))
            .distinct()
            .count()
        > 1) {
      throw new MetaException("the partition specs are not all of one table");
    }
    return add_partitions_list(partitions).size();
  }

  private List<Partition> add_partitions_list(List<Partition> partitions)
      throws InvalidObjectException, MetaException {
    if (partitions.isEmpty()) {
      return List.of();
    }
    Partition first = partitions.get(0);
    TableName table = databaseName(first.getDbName()).table(first.getTableName());
    List<io.cairn.catalog.Partition> added =
        adding(
            () ->
                service.addPartitions(
                    table,
                    located(
                        table,
                        partitions.stream()
                            .map(partition -> ThriftConverter.fromThrift(table, partition))
                            .toList())),
            partitions);
    createDirectories(added);
    return added.stream().map(ThriftConverter::toThrift).toList();
  }

  /**
   * Adds partitions with Hive's exceptions: a missing database or table is an
   * InvalidObjectException, and a partition without a storage descriptor or SerDe, with a column
   * without a type or with values that do not fit the partition keys a MetaException.
   */
  private static List<io.cairn.catalog.Partition> adding(
      Supplier<List<io.cairn.catalog.Partition>> add, List<Partition> partitions)
      throws InvalidObjectException, MetaException {
    for (Partition partition : partitions) {
      if (partition == null
          || partition.getSd() == null
          || partition.getSd().getSerdeInfo() == null) {
        throw new MetaException("a partition needs a storage descriptor with SerDe information");
      }
    }
    try {
      return add.get();
    } catch (NoSuchDatabaseException | NoSuchTableException e) {
      throw new InvalidObjectException(e.getMessage());
    } catch (ValidationException e) {
      throw new MetaException(e.getMessage());
    }
  }

  /**
   * With {@code ifNotExists}, partitions that exist already are left as they are and only the
   * others are added (and returned); otherwise any existing one fails the whole call.
   */
  public AddPartitionsResult add_partitions_req(AddPartitionsRequest request)
      throws InvalidObjectException, MetaException {
    TableName table = names.table(request.getCatName(), request.getDbName(), request.getTblName());
    List<io.cairn.catalog.Partition> added =
        adding(
            () -> {
              List<io.cairn.catalog.Partition> partitions =
                  located(
                      table,
                      request.getParts().stream()
                          .map(partition -> ThriftConverter.fromThrift(table, partition))
                          .toList());
              if (partitions.isEmpty()) {
                return List.of();
              }
              return request.isIfNotExists()
                  ? service.addMissingPartitions(table, partitions)
                  : service.addPartitions(table, partitions);
            },
            request.getParts());
    createDirectories(added);
    AddPartitionsResult result = new AddPartitionsResult();
    if (request.isNeedResult()) {
      result.setPartitions(added.stream().map(ThriftConverter::toThrift).toList());
    }
    return result;
  }

  /**
   * As Hive's metastore does: a partition with a storage descriptor but no location is placed in
   * its directory under the table's location ({@code table/k1=v1/k2=v2}).
   */
  private List<io.cairn.catalog.Partition> located(
      TableName name, List<io.cairn.catalog.Partition> partitions) {
    io.cairn.catalog.Table table = service.loadTable(name);
    String tableLocation =
        table.storageDescriptor() == null ? null : table.storageDescriptor().location();
    if (tableLocation == null) {
      return partitions;
    }
    List<io.cairn.catalog.Partition> located = new ArrayList<>(partitions.size());
    for (io.cairn.catalog.Partition partition : partitions) {
      io.cairn.catalog.StorageDescriptor descriptor = partition.storageDescriptor();
      if (descriptor == null
          || (descriptor.location() != null && !descriptor.location().isEmpty())
          || partition.values().size() != table.partitionKeys().size()) {
        located.add(partition);
        continue;
      }
      String location =
          LocalDirectories.child(
              tableLocation, PartitionNames.name(table.partitionKeys(), partition.values()));
      located.add(
          new io.cairn.catalog.Partition(
              partition.table(),
              partition.values(),
              descriptor.toBuilder().location(location).build(),
              partition.parameters(),
              partition.createTime(),
              partition.lastAccessTime(),
              partition.lastAnalyzedTime(),
              partition.version()));
    }
    return located;
  }

  /** As Hive's metastore does for added partitions (engines write into them unchecked). */
  private static void createDirectories(List<io.cairn.catalog.Partition> partitions) {
    for (io.cairn.catalog.Partition partition : partitions) {
      if (partition.storageDescriptor() != null) {
        LocalDirectories.create(partition.storageDescriptor().location());
      }
    }
  }

  public GetPartitionResponse get_partition_req(GetPartitionRequest request) {
    TableName table = names.table(request.getCatName(), request.getDbName(), request.getTblName());
    return new GetPartitionResponse(
        ThriftConverter.toThrift(service.loadPartition(table, request.getPartVals())));
  }

  public PartitionsResponse get_partitions_req(PartitionsRequest request) {
    TableName table = names.table(request.getCatName(), request.getDbName(), request.getTblName());
    int maxParts = request.isSetMaxParts() ? request.getMaxParts() : -1;
    return new PartitionsResponse(
        all(page -> service.listPartitions(table, null, page), maxParts).stream()
            .map(ThriftConverter::toThrift)
            .toList());
  }

  public List<String> fetch_partition_names_req(PartitionsRequest request) {
    TableName table = names.table(request.getCatName(), request.getDbName(), request.getTblName());
    int maxParts = request.isSetMaxParts() ? request.getMaxParts() : -1;
    return all(page -> service.listPartitionNames(table, null, page), maxParts);
  }

  /** Partitions named, or matching a partial specification (Hive's listPartitions with values). */
  public GetPartitionsPsWithAuthResponse get_partitions_ps_with_auth_req(
      GetPartitionsPsWithAuthRequest request) {
    TableName table = names.table(request.getCatName(), request.getDbName(), request.getTblName());
    if (request.isSetPartNames()) {
      return new GetPartitionsPsWithAuthResponse(
          get_partitions_by_names(
              "@" + table.catalog() + "#" + table.database(),
              table.table(),
              request.getPartNames()));
    }
    PartitionPredicate predicate = partialSpecification(table, request.getPartVals());
    int maxParts = request.isSetMaxParts() ? request.getMaxParts() : -1;
    return new GetPartitionsPsWithAuthResponse(
        all(page -> service.listPartitions(table, predicate, page), maxParts).stream()
            .map(ThriftConverter::toThrift)
            .toList());
  }

  public boolean drop_partition_req(DropPartitionRequest request) throws MetaException {
    TableName table = names.table(request.getCatName(), request.getDbName(), request.getTblName());
    List<String> values =
        request.isSetPartVals()
            ? request.getPartVals()
            : PartitionNames.values(
                service.loadTable(table).partitionKeys(), request.getPartName());
    drops.dropPartitions(
        table, java.util.Collections.singletonList(values), request.isDeleteData());
    return true;
  }

  /** Spark's Hive client lists partitions of a partial specification with this (e.g. on INSERT). */
  public List<Partition> get_partitions_ps_with_auth(
      String database,
      String table,
      List<String> values,
      short maxParts,
      String userName,
      List<String> groupNames) {
    return get_partitions_ps(database, table, values, maxParts);
  }

  public List<Partition> get_partitions_ps(
      String database, String table, List<String> values, short maxParts) {
    TableName name = databaseName(database).table(table);
    PartitionPredicate predicate = partialSpecification(name, values);
    return all(page -> service.listPartitions(name, predicate, page), maxParts).stream()
        .map(ThriftConverter::toThrift)
        .toList();
  }

  public List<Partition> get_partitions_with_auth(
      String database, String table, short maxParts, String userName, List<String> groupNames) {
    return get_partitions(database, table, maxParts);
  }

  public Partition get_partition_with_auth(
      String database,
      String table,
      List<String> values,
      String userName,
      List<String> groupNames) {
    return get_partition(database, table, values);
  }

  public boolean drop_partition_with_environment_context(
      String database,
      String table,
      List<String> values,
      boolean deleteData,
      EnvironmentContext context)
      throws MetaException {
    return drop_partition(database, table, values, deleteData);
  }

  public void alter_partition(String database, String table, Partition partition) {
    alter_partitions(database, table, List.of(partition));
  }

  public void alter_partition_with_environment_context(
      String database, String table, Partition partition, EnvironmentContext context) {
    alter_partitions(database, table, List.of(partition));
  }

  /** Replaces each sent partition (identified by its values), all in one transaction. */
  public void alter_partitions(String database, String table, List<Partition> partitions) {
    altering(databaseName(database).table(table), partitions);
  }

  /**
   * Hive's answer to altering partitions that are not there (or of a database or table that is
   * not), or none at all, is an InvalidOperationException.
   */
  private void altering(TableName name, List<Partition> partitions) {
    if (partitions == null || partitions.isEmpty()) {
      throw new InvalidOperationException("alter_partitions needs at least one partition");
    }
    try {
      service.updatePartitions(
          name,
          partitions.stream()
              .map(partition -> ThriftConverter.fromThrift(name, partition))
              .toList());
    } catch (NotFoundException e) {
      throw new InvalidOperationException(e.getMessage());
    }
  }

  public void alter_partitions_with_environment_context(
      String database, String table, List<Partition> partitions, EnvironmentContext context) {
    alter_partitions(database, table, partitions);
  }

  public AlterPartitionsResponse alter_partitions_req(AlterPartitionsRequest request) {
    altering(
        names.table(request.getCatName(), request.getDbName(), request.getTableName()),
        request.getPartitions());
    return new AlterPartitionsResponse();
  }

  public Partition get_partition(String database, String table, List<String> values) {
    return ThriftConverter.toThrift(
        service.loadPartition(databaseName(database).table(table), values));
  }

  public List<Partition> get_partitions(String database, String table, short maxParts) {
    TableName name = databaseName(database).table(table);
    return all(page -> service.listPartitions(name, null, page), maxParts).stream()
        .map(ThriftConverter::toThrift)
        .toList();
  }

  public List<String> get_partition_names(String database, String table, short maxParts) {
    TableName name = databaseName(database).table(table);
    return all(page -> service.listPartitionNames(name, null, page), maxParts);
  }

  public Partition get_partition_by_name(String database, String table, String partitionName) {
    TableName name = databaseName(database).table(table);
    List<String> values =
        PartitionNames.values(service.loadTable(name).partitionKeys(), partitionName);
    return ThriftConverter.toThrift(service.loadPartition(name, values));
  }

  /** As in Hive: names of partitions that do not exist are left out, not an error. */
  public List<Partition> get_partitions_by_names(
      String database, String table, List<String> partitionNames) {
    TableName name = databaseName(database).table(table);
    List<Column> keys = service.loadTable(name).partitionKeys();
    List<List<String>> values =
        partitionNames == null
            ? List.of()
            : partitionNames.stream()
                .map(partitionName -> PartitionNames.values(keys, partitionName))
                .toList();
    return service.loadPartitions(name, values).stream().map(ThriftConverter::toThrift).toList();
  }

  /** Column statistics ({@code get_col_stats}) are not attached to the partitions. */
  public GetPartitionsByNamesResult get_partitions_by_names_req(
      GetPartitionsByNamesRequest request) {
    return new GetPartitionsByNamesResult(
        get_partitions_by_names(request.getDb_name(), request.getTbl_name(), request.getNames()));
  }

  public List<Partition> get_partitions_by_filter(
      String database, String table, String filter, short maxParts) {
    return partitionsByFilter(databaseName(database).table(table), filter, maxParts);
  }

  public List<Partition> get_partitions_by_filter_req(GetPartitionsByFilterRequest request) {
    TableName name =
        new TableName(
            catalogOf(request.isSetCatName() ? request.getCatName() : null),
            databaseName(request.getDbName()).database(),
            request.getTblName());
    return partitionsByFilter(
        name, request.getFilter(), request.isSetMaxParts() ? request.getMaxParts() : -1);
  }

  private List<Partition> partitionsByFilter(TableName name, String filter, int maxParts) {
    PartitionPredicate predicate = HiveFilterParser.parse(filter);
    return all(page -> service.listPartitions(name, predicate, page), maxParts).stream()
        .map(ThriftConverter::toThrift)
        .toList();
  }

  public int get_num_partitions_by_filter(String database, String table, String filter) {
    long count =
        service.countPartitions(
            databaseName(database).table(table), HiveFilterParser.parse(filter));
    return Math.toIntExact(count);
  }

  /**
   * Names of the partitions matching a partial specification: values in key order, possibly fewer
   * than the keys; an empty (or null) value matches any value of its key.
   */
  public List<String> get_partition_names_ps(
      String database, String table, List<String> values, short maxParts) {
    TableName name = databaseName(database).table(table);
    PartitionPredicate predicate = partialSpecification(name, values);
    return all(page -> service.listPartitionNames(name, predicate, page), maxParts);
  }

  public GetPartitionNamesPsResponse get_partition_names_ps_req(
      GetPartitionNamesPsRequest request) {
    TableName name =
        new TableName(
            catalogOf(request.isSetCatName() ? request.getCatName() : null),
            databaseName(request.getDbName()).database(),
            request.getTblName());
    PartitionPredicate predicate = partialSpecification(name, request.getPartValues());
    int maxParts = request.isSetMaxParts() ? request.getMaxParts() : -1;
    return new GetPartitionNamesPsResponse(
        all(page -> service.listPartitionNames(name, predicate, page), maxParts));
  }

  /**
   * Equality on each given value, Hive's default partition name standing for null; null when
   * nothing is constrained.
   */
  private PartitionPredicate partialSpecification(TableName name, List<String> values) {
    List<Column> keys = service.loadTable(name).partitionKeys();
    List<String> given = values == null ? List.of() : values;
    if (given.size() > keys.size()) {
      throw new ValidationException(
          "Got "
              + given.size()
              + " partition values for the "
              + keys.size()
              + " partition keys of "
              + name);
    }
    List<PartitionPredicate> terms = new ArrayList<>();
    for (int position = 0; position < given.size(); position++) {
      String value = given.get(position);
      String key = keys.get(position).name();
      if (value == null || value.isEmpty()) {
        continue;
      }
      terms.add(
          value.equals(PartitionNames.DEFAULT_PARTITION_NAME)
              ? new PartitionPredicate.IsNull(key)
              : new PartitionPredicate.Comparison(key, PartitionPredicate.Operator.EQUAL, value));
    }
    return terms.isEmpty() ? null : new PartitionPredicate.And(terms);
  }

  public boolean drop_partition(
      String database, String table, List<String> values, boolean deleteData) throws MetaException {
    drops.dropPartitions(
        databaseName(database).table(table),
        java.util.Collections.singletonList(values),
        deleteData);
    return true;
  }

  // Names

  private DatabaseName databaseName(String name) {
    return names.database(name);
  }

  private String catalogOf(String catalog) {
    return names.catalog(catalog);
  }

  /** Every item of a paged listing, or the first {@code limit} (negative: no limit). */
  static <T> List<T> all(Function<PageRequest, Page<T>> listing, int limit) {
    List<T> result = new ArrayList<>();
    String token = null;
    while (limit < 0 || result.size() < limit) {
      int size = limit < 0 ? LISTING_PAGE : Math.min(LISTING_PAGE, limit - result.size());
      Page<T> page = listing.apply(new PageRequest(token, size));
      result.addAll(page.items());
      token = page.nextToken();
      if (token == null) {
        break;
      }
    }
    return result;
  }
}
