package io.cairn.thrift;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Column;
import io.cairn.catalog.NotFoundException;
import io.cairn.catalog.PartitionNames;
import io.cairn.catalog.TableName;
import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.PartitionPredicate;
import io.cairn.service.CatalogService;
import io.cairn.service.CatalogService.ExchangedPartitions;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.AppendPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.DropPartitionsExpr;
import org.apache.hadoop.hive.metastore.api.DropPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.DropPartitionsResult;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.PartitionListComposingSpec;
import org.apache.hadoop.hive.metastore.api.PartitionSpec;
import org.apache.hadoop.hive.metastore.api.PartitionsByExprRequest;
import org.apache.hadoop.hive.metastore.api.PartitionsByExprResult;
import org.apache.hadoop.hive.metastore.api.PartitionsSpecByExprResult;
import org.apache.hadoop.hive.metastore.api.RenamePartitionRequest;
import org.apache.hadoop.hive.metastore.api.RenamePartitionResponse;
import org.apache.hadoop.hive.metastore.api.TruncateTableRequest;
import org.apache.hadoop.hive.metastore.api.TruncateTableResponse;

/**
 * Hive Metastore partition maintenance: append, rename, exchange, drop by name or expression,
 * truncate, listing by expression and the partition-name helpers. Errors follow Hive 4.0.1's
 * HMSHandler (its exception types and, where a client may look at them, its messages). Work on the
 * local file system (creating, moving and deleting directories) happens after the catalog change
 * commits; see {@link LocalDirectories}.
 *
 * <p>Expressions ({@code get_partitions_by_expr} and friends) are Kryo-serialized Hive {@code
 * ExprNodeDesc}s that only Hive's query engine can read. Cairn evaluates an expression only when it
 * is a partition filter string (what Hive's {@code MsckPartitionExpressionProxy} sends) or Hive's
 * "no filter" marker. Otherwise {@code get_partitions_by_expr} answers all partitions with {@code
 * hasUnknownPartitions} set, Hive's documented signal that the result is a superset the client must
 * filter itself; calls that cannot say so (names, drops) fail with a MetaException instead of
 * answering wrongly.
 */
final class PartitionMaintenanceHandler {
  /** Hive's DDL time parameter, set on partitions it creates or changes. */
  static final String DDL_TIME = "transient_lastDdlTime";

  /** An expression of this one byte means "no filter" (Hive's ObjectStore). */
  private static final byte NO_FILTER = -1;

  private static final String SKIP_DATA_DELETION = "truncateSkipDataDeletion";
  private static final Set<String> INTEGRAL_TYPES = Set.of("tinyint", "smallint", "int", "bigint");

  private final CatalogService service;
  private final HiveNames names;
  private final HiveDrops drops;

  PartitionMaintenanceHandler(CatalogService service) {
    this.service = requireNonNull(service, "service is null");
    this.names = new HiveNames(service.defaultCatalog());
    this.drops = new HiveDrops(service);
  }

  // Append

  public Partition append_partition(String database, String table, List<String> values)
      throws MetaException, InvalidObjectException, AlreadyExistsException {
    return append(tableName(null, database, table), values, null);
  }

  public Partition append_partition_with_environment_context(
      String database, String table, List<String> values, EnvironmentContext context)
      throws MetaException, InvalidObjectException, AlreadyExistsException {
    return append_partition(database, table, values);
  }

  public Partition append_partition_by_name(String database, String table, String partitionName)
      throws MetaException, InvalidObjectException, AlreadyExistsException {
    return append(tableName(null, database, table), null, partitionName);
  }

  public Partition append_partition_by_name_with_environment_context(
      String database, String table, String partitionName, EnvironmentContext context)
      throws MetaException, InvalidObjectException, AlreadyExistsException {
    return append_partition_by_name(database, table, partitionName);
  }

  public Partition append_partition_req(AppendPartitionsRequest request)
      throws MetaException, InvalidObjectException, AlreadyExistsException {
    TableName name =
        tableName(request.getCatalogName(), request.getDbName(), request.getTableName());
    return request.getPartVals() == null || request.getPartVals().isEmpty()
        ? append(name, null, request.getName())
        : append(name, request.getPartVals(), null);
  }

  /** Hive answers a null database or table name with a MetaException. */
  private TableName tableName(String catalog, String database, String table) throws MetaException {
    if (database == null || table == null) {
      throw new MetaException("The database and table names must not be null");
    }
    return names.table(catalog, database, table);
  }

  /** By values, or by partition name when {@code values} is null or empty. */
  private Partition append(TableName name, List<String> values, String partitionName)
      throws MetaException, InvalidObjectException, AlreadyExistsException {
    if (partitionName == null && (values == null || values.isEmpty())) {
      throw new MetaException("The partition values must not be null or empty.");
    }
    io.cairn.catalog.Table table;
    try {
      table = service.loadTable(name);
    } catch (NotFoundException e) {
      throw new InvalidObjectException(
          values == null || values.isEmpty()
              ? name.database() + "." + name.table() + " table not found"
              : "Unable to add partition because table or database do not exist");
    }
    List<String> partitionValues =
        values == null || values.isEmpty() ? valuesOfName(table, partitionName) : values;
    if (table.storageDescriptor() == null || table.storageDescriptor().location() == null) {
      throw new MetaException("Cannot append a partition to a view");
    }
    if (table.partitionKeys().isEmpty() || table.partitionKeys().size() != partitionValues.size()) {
      throw new MetaException(
          "Invalid partition key & values; keys "
              + table.partitionKeys().stream().map(Column::name).toList()
              + ", values "
              + partitionValues);
    }
    io.cairn.catalog.Partition appended;
    try {
      appended =
          service.appendPartition(
              name,
              partitionValues,
              Map.of(DDL_TIME, Long.toString(System.currentTimeMillis() / 1000)));
    } catch (io.cairn.catalog.AlreadyExistsException e) {
      throw new AlreadyExistsException("Partition already exists: " + partitionValues);
    }
    LocalDirectories.create(appended.storageDescriptor().location());
    return ThriftConverter.toThrift(appended);
  }

  /** Hive's rule: each partition key's value is looked up by name in the partition name. */
  private static List<String> valuesOfName(io.cairn.catalog.Table table, String partitionName)
      throws MetaException, InvalidObjectException {
    Map<String, String> spec = hiveSpec(partitionName);
    List<String> values = new ArrayList<>();
    for (Column key : table.partitionKeys()) {
      String value = spec.get(key.name());
      if (value == null) {
        throw new InvalidObjectException("incomplete partition name - missing " + key.name());
      }
      values.add(value);
    }
    return values;
  }

  // Drop

  public boolean drop_partition_by_name(
      String database, String table, String partitionName, boolean deleteData)
      throws MetaException, NoSuchObjectException {
    TableName name = names.database(database).table(table);
    List<String> values;
    try {
      values = valuesOfName(service.loadTable(name), partitionName);
    } catch (InvalidObjectException e) {
      throw new NoSuchObjectException(e.getMessage());
    }
    drops.dropPartitions(name, List.of(values), deleteData);
    return true;
  }

  public boolean drop_partition_by_name_with_environment_context(
      String database,
      String table,
      String partitionName,
      boolean deleteData,
      EnvironmentContext context)
      throws MetaException, NoSuchObjectException {
    return drop_partition_by_name(database, table, partitionName, deleteData);
  }

  /**
   * All partitions given by name or matched by the expressions, or none. Missing ones fail the call
   * unless {@code ifExists}; an expression that matches nothing counts as missing.
   */
  public DropPartitionsResult drop_partitions_req(DropPartitionsRequest request)
      throws MetaException, NoSuchObjectException {
    TableName name = names.table(request.getCatName(), request.getDbName(), request.getTblName());
    boolean ifExists = request.isSetIfExists() && request.isIfExists();
    boolean needResult = !request.isSetNeedResult() || request.isNeedResult();
    io.cairn.catalog.Table table = service.loadTable(name);
    Set<List<String>> values = new LinkedHashSet<>();
    boolean missing = false;
    if (request.getParts() != null && request.getParts().isSetNames()) {
      Set<List<String>> named = new LinkedHashSet<>();
      for (String partitionName : request.getParts().getNames()) {
        try {
          named.add(PartitionNames.values(table.partitionKeys(), partitionName));
        } catch (ValidationException malformed) {
          missing = true;
        }
      }
      for (io.cairn.catalog.Partition partition :
          service.loadPartitions(name, List.copyOf(named))) {
        values.add(partition.values());
      }
      missing |= values.size() != named.size();
    } else if (request.getParts() != null && request.getParts().isSetExprs()) {
      for (DropPartitionsExpr expression : request.getParts().getExprs()) {
        Filter filter = filterOf(expression.getExpr());
        if (!filter.evaluable()) {
          throw new MetaException(
              "Unexpected unknown partitions to drop: Cairn cannot evaluate Hive's serialized"
                  + " expressions, only partition filter strings");
        }
        List<String> matched =
            HiveMetastoreHandler.all(
                page -> service.listPartitionNames(name, filter.predicate(), page), -1);
        if (matched.isEmpty()) {
          missing = true;
        }
        for (String partitionName : matched) {
          List<String> partitionValues =
              PartitionNames.values(table.partitionKeys(), partitionName);
          values.add(partitionValues);
        }
      }
    } else {
      throw new MetaException("Partition spec is not set");
    }
    if (missing && !ifExists) {
      throw new NoSuchObjectException("Some partitions to drop are missing");
    }
    List<io.cairn.catalog.Partition> dropped =
        values.isEmpty()
            ? List.of()
            : drops.dropPartitions(name, List.copyOf(values), request.isDeleteData());
    DropPartitionsResult result = new DropPartitionsResult();
    if (needResult) {
      result.setPartitions(dropped.stream().map(ThriftConverter::toThrift).toList());
    }
    return result;
  }

  // Rename

  public void rename_partition(
      String database, String table, List<String> values, Partition newPartition)
      throws InvalidOperationException, MetaException {
    rename(names.database(database).table(table), values, newPartition);
  }

  public RenamePartitionResponse rename_partition_req(RenamePartitionRequest request)
      throws InvalidOperationException, MetaException {
    rename(
        names.table(request.getCatName(), request.getDbName(), request.getTableName()),
        request.getPartVals(),
        request.getNewPart());
    return new RenamePartitionResponse();
  }

  /**
   * Hive's rename: without old values it is an alter of the partition the new values name. With
   * them, the partition keeps its statistics and, unless the table is external, moves to the new
   * values' directory under the table (its data moved there too).
   */
  private void rename(TableName name, List<String> values, Partition newPartition)
      throws InvalidOperationException, MetaException {
    if (newPartition == null
        || newPartition.getValues() == null
        || newPartition.getDbName() == null
        || newPartition.getTableName() == null) {
      throw new MetaException(
          "The new partition with its database, table and values must be given");
    }
    Map<String, String> parameters =
        newPartition.getParameters() == null
            ? new HashMap<>()
            : new HashMap<>(newPartition.getParameters());
    String ddlTime = parameters.get(DDL_TIME);
    if (ddlTime == null || ddlTime.equals("0")) {
      parameters.put(DDL_TIME, Long.toString(System.currentTimeMillis() / 1000));
    }
    Partition sent = newPartition.deepCopy();
    sent.setParameters(parameters);
    io.cairn.catalog.Table table;
    try {
      table = service.loadTable(name);
    } catch (NotFoundException e) {
      throw new InvalidOperationException(
          "Unable to alter partition because table or database does not exist.");
    }
    if (values == null || values.isEmpty()) {
      try {
        service.updatePartitions(name, List.of(ThriftConverter.fromThrift(name, sent)));
      } catch (NotFoundException e) {
        throw new InvalidOperationException("alter is not possible: " + e.getMessage());
      }
      return;
    }
    io.cairn.catalog.Partition current;
    try {
      current = service.loadPartition(name, values);
    } catch (NotFoundException | ValidationException e) {
      throw new InvalidOperationException(
          "Unable to rename partition because old partition does not exist");
    }
    if (exists(name, sent.getValues())) {
      throw new InvalidOperationException(
          "Partition already exists:"
              + name.database()
              + "."
              + name.table()
              + "."
              + sent.getValues());
    }
    io.cairn.catalog.Partition definition = ThriftConverter.fromThrift(name, sent);
    String oldLocation =
        current.storageDescriptor() == null ? null : current.storageDescriptor().location();
    String newLocation = oldLocation;
    boolean moveData =
        !CatalogService.isExternal(table)
            && table.storageDescriptor() != null
            && table.storageDescriptor().location() != null;
    if (moveData) {
      newLocation =
          LocalDirectories.child(
              table.storageDescriptor().location(),
              PartitionNames.name(table.partitionKeys(), definition.values()));
    }
    io.cairn.catalog.StorageDescriptor descriptor =
        definition.storageDescriptor() != null
            ? definition.storageDescriptor()
            : current.storageDescriptor();
    if (descriptor != null) {
      descriptor = descriptor.toBuilder().location(newLocation).build();
    }
    try {
      service.updatePartition(
          name,
          current.values(),
          new io.cairn.catalog.Partition(
              name,
              definition.values(),
              descriptor,
              definition.parameters(),
              null,
              definition.lastAccessTime(),
              current.lastAnalyzedTime(),
              0),
          current.version());
    } catch (io.cairn.catalog.AlreadyExistsException e) {
      throw new InvalidOperationException(e.getMessage());
    }
    if (moveData && oldLocation != null) {
      LocalDirectories.move(oldLocation, newLocation);
    }
  }

  private boolean exists(TableName name, List<String> values) {
    try {
      service.loadPartition(name, values);
      return true;
    } catch (NotFoundException | ValidationException e) {
      return false;
    }
  }

  // Exchange

  /** Hive answers an empty partition here, whatever was moved. */
  public Partition exchange_partition(
      Map<String, String> specification,
      String sourceDatabase,
      String sourceTable,
      String destinationDatabase,
      String destinationTable)
      throws MetaException, NoSuchObjectException {
    exchange_partitions(
        specification, sourceDatabase, sourceTable, destinationDatabase, destinationTable);
    return new Partition();
  }

  /**
   * Moves the partitions of the source table that match the (partial) specification to the
   * destination table, one transaction; a key the specification leaves out or gives an empty value
   * matches any value, but at least one key must be given. The directory of the given keys' values
   * moves to the same place under the destination table, as Hive moves it.
   */
  public List<Partition> exchange_partitions(
      Map<String, String> specification,
      String sourceDatabase,
      String sourceTable,
      String destinationDatabase,
      String destinationTable)
      throws MetaException, NoSuchObjectException {
    if (specification == null
        || sourceDatabase == null
        || sourceTable == null
        || destinationDatabase == null
        || destinationTable == null) {
      throw new MetaException(
          "The DB and table name for the source and destination tables,"
              + " and the partition specs must not be null.");
    }
    TableName source = names.database(sourceDatabase).table(sourceTable);
    TableName destination = names.database(destinationDatabase).table(destinationTable);
    if (!source.catalog().equals(destination.catalog())) {
      throw new MetaException("You cannot move a partition across catalogs");
    }
    io.cairn.catalog.Table destinationDefinition = tableOrMetaException(destination, "destination");
    io.cairn.catalog.Table sourceDefinition = tableOrMetaException(source, "source");
    List<PartitionPredicate> terms = new ArrayList<>();
    List<Column> givenKeys = new ArrayList<>();
    List<String> givenValues = new ArrayList<>();
    for (Column key : sourceDefinition.partitionKeys()) {
      String value = specification.get(key.name());
      if (value != null && !value.isEmpty()) {
        terms.add(
            new PartitionPredicate.Comparison(
                key.name(), PartitionPredicate.Operator.EQUAL, value));
        givenKeys.add(key);
        givenValues.add(value);
      }
    }
    PartitionPredicate predicate =
        terms.isEmpty() || !sourceDefinition.isPartitioned()
            ? null
            : new PartitionPredicate.And(terms);
    if (!sourceDefinition.isPartitioned() || service.countPartitions(source, predicate) == 0) {
      throw new MetaException(
          "No partition is found with the values "
              + specification
              + " for the table "
              + source.table());
    }
    if (givenKeys.isEmpty()) {
      throw new MetaException("Invalid partition key & values; the specification names no key");
    }
    // Hive moves the directory of the given keys' values, e.g. table/year=2017/month=march, and
    // refuses the exchange when it does not exist (a non-leading key alone names none).
    String prefix = PartitionNames.name(givenKeys, givenValues);
    String sourceDirectory =
        sourceDefinition.storageDescriptor() == null
                || sourceDefinition.storageDescriptor().location() == null
            ? null
            : LocalDirectories.child(sourceDefinition.storageDescriptor().location(), prefix);
    String destinationDirectory =
        destinationDefinition.storageDescriptor() == null
                || destinationDefinition.storageDescriptor().location() == null
            ? null
            : LocalDirectories.child(destinationDefinition.storageDescriptor().location(), prefix);
    if (LocalDirectories.isMissing(sourceDirectory)) {
      throw new MetaException(
          "Unable to move the partitions of "
              + source
              + ": "
              + sourceDirectory
              + " does not exist");
    }
    ExchangedPartitions exchanged;
    try {
      exchanged = service.exchangePartitions(source, destination, predicate);
    } catch (io.cairn.catalog.InvalidOperationException e) {
      throw new MetaException(
          "The tables have different schemas. Their partitions cannot be exchanged.");
    } catch (io.cairn.catalog.AlreadyExistsException e) {
      throw new MetaException(e.getMessage());
    }
    if (sourceDirectory != null && destinationDirectory != null) {
      LocalDirectories.move(sourceDirectory, destinationDirectory);
    }
    return exchanged.added().stream().map(ThriftConverter::toThrift).toList();
  }

  private io.cairn.catalog.Table tableOrMetaException(TableName name, String role)
      throws MetaException {
    try {
      return service.loadTable(name);
    } catch (NotFoundException e) {
      throw new MetaException(
          "The "
              + role
              + " table "
              + name.catalog()
              + "."
              + name.database()
              + "."
              + name.table()
              + " not found");
    }
  }

  // Truncate

  public void truncate_table(String database, String table, List<String> partitionNames)
      throws MetaException {
    truncate(names.database(database).table(table), partitionNames, null);
  }

  public TruncateTableResponse truncate_table_req(TruncateTableRequest request)
      throws MetaException {
    truncate(
        names.database(request.getDbName()).table(request.getTableName()),
        request.getPartNames(),
        request.getEnvironmentContext());
    return new TruncateTableResponse();
  }

  /**
   * Resets the statistics (in the catalog, one transaction) and then deletes the files under the
   * table's or partitions' directories, keeping the directories. Partition names that name no
   * partition are ignored, as in Hive.
   */
  private void truncate(TableName name, List<String> partitionNames, EnvironmentContext context) {
    List<List<String>> values = null;
    if (partitionNames != null) {
      List<Column> keys = service.loadTable(name).partitionKeys();
      values = new ArrayList<>();
      for (String partitionName : partitionNames) {
        values.add(PartitionNames.values(keys, partitionName));
      }
    }
    List<String> locations = service.truncate(name, values);
    boolean skipDataDeletion =
        context != null
            && context.getProperties() != null
            && Boolean.parseBoolean(context.getProperties().get(SKIP_DATA_DELETION));
    if (!skipDataDeletion) {
      locations.forEach(LocalDirectories::deleteContents);
    }
  }

  // Expressions

  /**
   * What an expression stands for: {@code evaluable} false for one Cairn cannot read (a serialized
   * ExprNodeDesc); otherwise {@code predicate}, null for Hive's "no filter" marker.
   */
  private record Filter(boolean evaluable, PartitionPredicate predicate) {
    static final Filter NONE = new Filter(true, null);
    static final Filter UNEVALUABLE = new Filter(false, null);
  }

  private static Filter filterOf(byte[] expression) {
    if (expression == null
        || expression.length == 0
        || expression.length == 1 && expression[0] == NO_FILTER) {
      return Filter.NONE;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(expression))
              .toString();
    } catch (CharacterCodingException e) {
      return Filter.UNEVALUABLE;
    }
    if (text.chars().anyMatch(character -> character < ' ' && character != '\t')) {
      return Filter.UNEVALUABLE;
    }
    try {
      return new Filter(true, HiveFilterParser.parse(text));
    } catch (ValidationException e) {
      return Filter.UNEVALUABLE;
    }
  }

  public PartitionsByExprResult get_partitions_by_expr(PartitionsByExprRequest request)
      throws MetaException, NoSuchObjectException {
    TableName name = names.table(request.getCatName(), request.getDbName(), request.getTblName());
    Filter filter = filterOf(request.getExpr());
    boolean unknown = !filter.evaluable();
    // A superset must be whole: the client filters it, so a limit would drop matching partitions.
    int maxParts = unknown || !request.isSetMaxParts() ? -1 : request.getMaxParts();
    List<Partition> partitions =
        HiveMetastoreHandler.all(
                page -> service.listPartitions(name, filter.predicate(), page), maxParts)
            .stream()
            .map(ThriftConverter::toThrift)
            .toList();
    return new PartitionsByExprResult(partitions, unknown);
  }

  public PartitionsSpecByExprResult get_partitions_spec_by_expr(PartitionsByExprRequest request)
      throws MetaException, NoSuchObjectException {
    PartitionsByExprResult result = get_partitions_by_expr(request);
    TableName name = names.table(request.getCatName(), request.getDbName(), request.getTblName());
    return new PartitionsSpecByExprResult(
        List.of(spec(name, result.getPartitions())), result.isHasUnknownPartitions());
  }

  /** The table's partitions, at most {@code maxParts} (all when negative), as one spec. */
  public List<PartitionSpec> get_partitions_pspec(String database, String table, int maxParts) {
    return get_part_specs_by_filter(database, table, null, maxParts);
  }

  /** The partitions a Hive filter selects, at most {@code maxParts}, as one spec. */
  public List<PartitionSpec> get_part_specs_by_filter(
      String database, String table, String filter, int maxParts) {
    TableName name = names.database(database).table(table);
    PartitionPredicate predicate = HiveFilterParser.parse(filter);
    List<Partition> partitions =
        HiveMetastoreHandler.all(
                page -> service.listPartitions(name, predicate, page), maxParts < 0 ? -1 : maxParts)
            .stream()
            .map(ThriftConverter::toThrift)
            .toList();
    return List.of(spec(name, partitions));
  }

  /** Partitions as one spec that lists them whole (each with its own storage descriptor). */
  private PartitionSpec spec(TableName name, List<Partition> partitions) {
    io.cairn.catalog.Table table = service.loadTable(name);
    PartitionSpec spec = new PartitionSpec();
    spec.setCatName(name.catalog());
    spec.setDbName(name.database());
    spec.setTableName(name.table());
    if (table.storageDescriptor() != null) {
      spec.setRootPath(table.storageDescriptor().location());
    }
    spec.setPartitionList(new PartitionListComposingSpec(new ArrayList<>(partitions)));
    return spec;
  }

  /**
   * Partition names matching the expression, ordered by {@code order} ({@code "0,1:+-"}: key
   * positions and directions; name order when absent), at most {@code maxParts}. A list of names
   * cannot say "unfiltered", so an expression Cairn cannot evaluate is an error.
   */
  public List<String> get_partition_names_req(PartitionsByExprRequest request)
      throws MetaException, NoSuchObjectException {
    TableName name = names.table(request.getCatName(), request.getDbName(), request.getTblName());
    Filter filter = filterOf(request.getExpr());
    PartitionPredicate predicate = filter.predicate();
    if (!filter.evaluable()) {
      throw new MetaException(
          "Cairn cannot evaluate Hive's serialized partition expressions, only partition filter"
              + " strings; list the partitions with get_partitions_by_expr and filter them");
    }
    int maxParts = request.isSetMaxParts() ? request.getMaxParts() : -1;
    List<int[]> order = orderSpecification(request.getOrder());
    if (order.isEmpty()) {
      return HiveMetastoreHandler.all(
          page -> service.listPartitionNames(name, predicate, page), maxParts);
    }
    io.cairn.catalog.Table table = service.loadTable(name);
    List<String> partitionNames =
        new ArrayList<>(
            HiveMetastoreHandler.all(
                page -> service.listPartitionNames(name, predicate, page), -1));
    Comparator<String> comparator = null;
    for (int[] term : order) {
      int position = term[0];
      if (position < 0 || position >= table.partitionKeys().size()) {
        throw new MetaException("Invalid partition key position in order: " + request.getOrder());
      }
      boolean integral =
          INTEGRAL_TYPES.contains(
              table.partitionKeys().get(position).type().toLowerCase(Locale.ROOT));
      Comparator<String> byKey =
          Comparator.comparing(
              (String partitionName) ->
                  sortValue(table.partitionKeys(), partitionName, position, integral),
              term[1] > 0
                  ? Comparator.nullsLast(Comparator.<Comparable<Object>>naturalOrder())
                  : Comparator.nullsFirst(Comparator.<Comparable<Object>>reverseOrder()));
      comparator = comparator == null ? byKey : comparator.thenComparing(byKey);
    }
    partitionNames.sort(comparator);
    return maxParts < 0 || partitionNames.size() <= maxParts
        ? partitionNames
        : List.copyOf(partitionNames.subList(0, maxParts));
  }

  /** The value of one key for ordering: null for the default partition, numeric for integers. */
  @SuppressWarnings("unchecked")
  private static Comparable<Object> sortValue(
      List<Column> keys, String partitionName, int position, boolean integral) {
    String value = PartitionNames.values(keys, partitionName).get(position);
    if (value == null || value.equals(PartitionNames.DEFAULT_PARTITION_NAME)) {
      return null;
    }
    if (integral) {
      try {
        return (Comparable<Object>) (Comparable<?>) new BigDecimal(value);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return (Comparable<Object>) (Comparable<?>) value;
  }

  /** Hive's order specification: positions, a colon, one {@code +} or {@code -} per position. */
  private static List<int[]> orderSpecification(String order) throws MetaException {
    if (order == null || order.isBlank() || order.split(":").length != 2) {
      return List.of();
    }
    String[] parts = order.split(":");
    String[] positions = parts[0].split(",");
    if (positions.length != parts[1].length()) {
      throw new MetaException(
          "The length of partition keys and sort order do not mismatch, order: " + order);
    }
    List<int[]> terms = new ArrayList<>();
    for (int index = 0; index < positions.length; index++) {
      try {
        terms.add(
            new int[] {
              Integer.parseInt(positions[index].trim()), parts[1].charAt(index) == '+' ? 1 : -1
            });
      } catch (NumberFormatException e) {
        throw new MetaException("Invalid order specification: " + order);
      }
    }
    return terms;
  }

  // Partition names

  public List<String> partition_name_to_vals(String partitionName) throws MetaException {
    if (partitionName == null) {
      throw new MetaException("Partition name is invalid. null");
    }
    return partitionName.isEmpty() ? List.of() : new ArrayList<>(hiveSpec(partitionName).values());
  }

  public Map<String, String> partition_name_to_spec(String partitionName) throws MetaException {
    if (partitionName == null) {
      throw new MetaException("Partition name is invalid. null");
    }
    return partitionName.isEmpty() ? Map.of() : hiveSpec(partitionName);
  }

  /** Cairn has no partition value pattern (Hive's default is none), so every value is valid. */
  public boolean partition_name_has_valid_characters(List<String> values, boolean throwException) {
    return true;
  }

  /**
   * Hive's lenient reading of a partition name: each {@code /}-separated component of the form
   * {@code key=value} (split at the last {@code =} that has something after it) counts, others are
   * skipped; keys and values are unescaped, keys keep their case.
   */
  private static Map<String, String> hiveSpec(String partitionName) throws MetaException {
    if (partitionName == null || partitionName.isEmpty()) {
      throw new MetaException("Partition name is invalid. " + partitionName);
    }
    Map<String, String> spec = new LinkedHashMap<>();
    for (String component : partitionName.split("/")) {
      int equals = component.lastIndexOf('=', component.length() - 2);
      if (equals > 0) {
        spec.put(
            PartitionNames.unescape(component.substring(0, equals)),
            PartitionNames.unescape(component.substring(equals + 1)));
      }
    }
    return spec;
  }
}
