package io.cairn.thrift;

import io.cairn.catalog.ByteString;
import io.cairn.catalog.Column;
import io.cairn.catalog.ColumnStatistics.BinaryData;
import io.cairn.catalog.ColumnStatistics.BooleanData;
import io.cairn.catalog.ColumnStatistics.DateData;
import io.cairn.catalog.ColumnStatistics.DecimalData;
import io.cairn.catalog.ColumnStatistics.DoubleData;
import io.cairn.catalog.ColumnStatistics.LongData;
import io.cairn.catalog.ColumnStatistics.StringData;
import io.cairn.catalog.ColumnStatistics.TimestampData;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.FunctionName;
import io.cairn.catalog.SkewedInfo.ValueLocation;
import io.cairn.catalog.SortOrder;
import io.cairn.catalog.TableName;
import io.cairn.catalog.ValidationException;
import io.cairn.locks.Lock;
import io.cairn.locks.Transaction;
import io.cairn.security.PrincipalPrivileges;
import io.cairn.security.PrivilegeGrant;
import io.cairn.security.RoleGrant;
import io.cairn.security.SecurableObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.hadoop.hive.metastore.api.BinaryColumnStatsData;
import org.apache.hadoop.hive.metastore.api.BooleanColumnStatsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.DatabaseType;
import org.apache.hadoop.hive.metastore.api.Date;
import org.apache.hadoop.hive.metastore.api.DateColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Decimal;
import org.apache.hadoop.hive.metastore.api.DecimalColumnStatsData;
import org.apache.hadoop.hive.metastore.api.DoubleColumnStatsData;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Function;
import org.apache.hadoop.hive.metastore.api.FunctionType;
import org.apache.hadoop.hive.metastore.api.HiveObjectPrivilege;
import org.apache.hadoop.hive.metastore.api.HiveObjectRef;
import org.apache.hadoop.hive.metastore.api.HiveObjectType;
import org.apache.hadoop.hive.metastore.api.LockResponse;
import org.apache.hadoop.hive.metastore.api.LockState;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Order;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.PrincipalPrivilegeSet;
import org.apache.hadoop.hive.metastore.api.PrincipalType;
import org.apache.hadoop.hive.metastore.api.PrivilegeGrantInfo;
import org.apache.hadoop.hive.metastore.api.ResourceType;
import org.apache.hadoop.hive.metastore.api.ResourceUri;
import org.apache.hadoop.hive.metastore.api.RolePrincipalGrant;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.SerdeType;
import org.apache.hadoop.hive.metastore.api.ShowLocksResponseElement;
import org.apache.hadoop.hive.metastore.api.SkewedInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.StringColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.Timestamp;
import org.apache.hadoop.hive.metastore.api.TimestampColumnStatsData;
import org.apache.hadoop.hive.metastore.api.TxnInfo;
import org.apache.hadoop.hive.metastore.api.TxnState;

/**
 * Converts between the Hive Metastore Thrift structs and Cairn's domain model. Thrift types stop
 * here.
 *
 * <p>Thrift times are {@code int} seconds since the epoch where 0 means unset; they are null {@link
 * Instant}s in the domain and sub-second precision is dropped on the way out. Collections handed to
 * Thrift are mutable copies, as Hive code mutates the structs it receives. A table's description is
 * Hive's {@code comment} table parameter (as Glue clients such as Trino's map Glue's {@code
 * Description}). Domain fields HMS has no place for (update and analyzed times, Glue's target table
 * and schema reference, additional locations, column parameters) are dropped on the way out and are
 * null or empty on the way in; every version is 0 on the way in.
 */
final class ThriftConverter {
  /** The table parameter Hive keeps a table's comment in. */
  private static final String TABLE_COMMENT = "comment";

  private ThriftConverter() {}

  // Databases

  public static Database toThrift(io.cairn.catalog.Database database) {
    Database result = new Database();
    result.setCatalogName(database.name().catalog());
    result.setName(database.name().database());
    result.setDescription(database.description());
    result.setLocationUri(database.location());
    result.setManagedLocationUri(database.managedLocation());
    result.setParameters(new HashMap<>(database.parameters()));
    result.setOwnerName(database.ownerName());
    result.setOwnerType(toThrift(database.ownerType()));
    result.setCreateTime(toEpochSeconds(database.createTime()));
    // HMS 4 always reports the type and Hive 4 clients branch on it.
    result.setType(DatabaseType.NATIVE);
    return result;
  }

  /**
   * {@code catalog} is the catalog the request resolves to (the struct's {@code catalogName}, or
   * the server's default for Hive 2 clients, which send none); the struct's own name is not read
   * here.
   */
  public static io.cairn.catalog.Database fromThrift(String catalog, Database database) {
    if (database.getType() == DatabaseType.REMOTE) {
      throw new ValidationException("Remote databases are not supported");
    }
    DatabaseName name = new DatabaseName(catalog, required(database.getName(), "Database name"));
    return new io.cairn.catalog.Database(
        name,
        database.getDescription(),
        database.getLocationUri(),
        database.getManagedLocationUri(),
        database.getParameters(),
        database.getOwnerName(),
        fromThrift(database.getOwnerType()),
        fromEpochSeconds(database.getCreateTime()),
        null,
        0);
  }

  // Tables

  public static Table toThrift(io.cairn.catalog.Table table) {
    Table result = new Table();
    result.setCatName(table.name().catalog());
    result.setDbName(table.name().database());
    result.setTableName(table.name().table());
    result.setOwner(table.owner());
    result.setOwnerType(toThrift(table.ownerType()));
    result.setCreateTime(toEpochSeconds(table.createTime()));
    result.setLastAccessTime(toEpochSeconds(table.lastAccessTime()));
    result.setRetention(table.retention());
    result.setSd(toThrift(table.storageDescriptor()));
    result.setPartitionKeys(toThriftColumns(table.partitionKeys()));
    Map<String, String> parameters = new HashMap<>(table.parameters());
    if (table.description() != null) {
      parameters.put(TABLE_COMMENT, table.description());
    }
    result.setParameters(parameters);
    result.setViewOriginalText(table.viewOriginalText());
    result.setViewExpandedText(table.viewExpandedText());
    result.setTableType(table.tableType());
    result.setRewriteEnabled(table.rewriteEnabled());
    return result;
  }

  /**
   * {@code catalog} is the catalog the request resolves to (the struct's {@code catName}, or the
   * server's default for Hive 2 clients, which send none); the struct's own name is not read here.
   *
   * @throws ValidationException if the table is temporary: Cairn keeps no session state
   */
  public static io.cairn.catalog.Table fromThrift(String catalog, Table table) {
    if (table.isTemporary()) {
      throw new ValidationException("Temporary tables are not supported");
    }
    TableName name =
        new TableName(
            catalog,
            required(table.getDbName(), "Database name"),
            required(table.getTableName(), "Table name"));
    return io.cairn.catalog.Table.builder()
        .name(name)
        .owner(table.getOwner())
        .ownerType(fromThrift(table.getOwnerType()))
        .createTime(fromEpochSeconds(table.getCreateTime()))
        .lastAccessTime(fromEpochSeconds(table.getLastAccessTime()))
        .retention(table.getRetention())
        .storageDescriptor(fromThrift(table.getSd()))
        .partitionKeys(fromThriftColumns(table.getPartitionKeys()))
        .parameters(table.getParameters())
        .description(
            table.getParameters() == null ? null : table.getParameters().get(TABLE_COMMENT))
        .viewOriginalText(table.getViewOriginalText())
        .viewExpandedText(table.getViewExpandedText())
        .tableType(table.getTableType())
        .rewriteEnabled(table.isRewriteEnabled())
        .build();
  }

  // Partitions

  public static Partition toThrift(io.cairn.catalog.Partition partition) {
    Partition result = new Partition();
    result.setCatName(partition.table().catalog());
    result.setDbName(partition.table().database());
    result.setTableName(partition.table().table());
    result.setValues(new ArrayList<>(partition.values()));
    result.setCreateTime(toEpochSeconds(partition.createTime()));
    result.setLastAccessTime(toEpochSeconds(partition.lastAccessTime()));
    result.setSd(toThrift(partition.storageDescriptor()));
    result.setParameters(new HashMap<>(partition.parameters()));
    return result;
  }

  /**
   * {@code table} is the table the request names; the partition's own database and table names, if
   * set, must match it (as HMS checks: "Partition does not belong to target table").
   */
  public static io.cairn.catalog.Partition fromThrift(TableName table, Partition partition) {
    if ((partition.getDbName() != null && !partition.getDbName().equalsIgnoreCase(table.database()))
        || (partition.getTableName() != null
            && !partition.getTableName().equalsIgnoreCase(table.table()))) {
      throw new ValidationException(
          "Partition of %s.%s does not belong to table %s"
              .formatted(partition.getDbName(), partition.getTableName(), table));
    }
    return new io.cairn.catalog.Partition(
        table,
        required(partition.getValues(), "Partition values"),
        fromThrift(partition.getSd()),
        partition.getParameters(),
        fromEpochSeconds(partition.getCreateTime()),
        fromEpochSeconds(partition.getLastAccessTime()),
        null,
        0);
  }

  // Storage

  /** A null descriptor is null on the wire too. */
  public static StorageDescriptor toThrift(io.cairn.catalog.StorageDescriptor descriptor) {
    if (descriptor == null) {
      return null;
    }
    StorageDescriptor result = new StorageDescriptor();
    result.setCols(toThriftColumns(descriptor.columns()));
    result.setLocation(descriptor.location());
    result.setInputFormat(descriptor.inputFormat());
    result.setOutputFormat(descriptor.outputFormat());
    result.setCompressed(descriptor.compressed());
    result.setNumBuckets(descriptor.numberOfBuckets());
    result.setSerdeInfo(toThrift(descriptor.serdeInfo()));
    result.setBucketCols(new ArrayList<>(descriptor.bucketColumns()));
    result.setSortCols(
        descriptor.sortColumns().stream()
            .map(sort -> new Order(sort.column(), sort.order()))
            .collect(ArrayList::new, ArrayList::add, ArrayList::addAll));
    result.setParameters(new HashMap<>(descriptor.parameters()));
    result.setSkewedInfo(toThrift(descriptor.skewedInfo()));
    result.setStoredAsSubDirectories(descriptor.storedAsSubDirectories());
    return result;
  }

  /** An unset bucket count is -1, Hive's "not bucketed". */
  public static io.cairn.catalog.StorageDescriptor fromThrift(StorageDescriptor descriptor) {
    if (descriptor == null) {
      return null;
    }
    return io.cairn.catalog.StorageDescriptor.builder()
        .columns(fromThriftColumns(descriptor.getCols()))
        .location(descriptor.getLocation())
        .inputFormat(descriptor.getInputFormat())
        .outputFormat(descriptor.getOutputFormat())
        .compressed(descriptor.isCompressed())
        .numberOfBuckets(descriptor.isSetNumBuckets() ? descriptor.getNumBuckets() : -1)
        .serdeInfo(fromThrift(descriptor.getSerdeInfo()))
        .bucketColumns(descriptor.getBucketCols())
        .sortColumns(
            descriptor.getSortCols() == null
                ? List.of()
                : descriptor.getSortCols().stream()
                    .map(
                        order ->
                            new SortOrder(
                                required(order.getCol(), "Sort column"), order.getOrder()))
                    .toList())
        .parameters(descriptor.getParameters())
        .skewedInfo(fromThrift(descriptor.getSkewedInfo()))
        .storedAsSubDirectories(descriptor.isStoredAsSubDirectories())
        .build();
  }

  /** HMS columns have no parameters: the domain column's parameters are dropped. */
  public static FieldSchema toThrift(Column column) {
    return new FieldSchema(column.name(), column.type(), column.comment());
  }

  public static Column fromThrift(FieldSchema column) {
    return new Column(
        required(column.getName(), "Column name"),
        required(column.getType(), "Column type"),
        column.getComment(),
        Map.of());
  }

  private static List<FieldSchema> toThriftColumns(List<Column> columns) {
    return columns.stream()
        .map(ThriftConverter::toThrift)
        .collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
  }

  private static List<Column> fromThriftColumns(List<FieldSchema> columns) {
    return columns == null ? List.of() : columns.stream().map(ThriftConverter::fromThrift).toList();
  }

  /**
   * HMS always sends a serde struct and Hive clients (Trino's among them) refuse a storage
   * descriptor without one; a table made through Glue may have none, so it is sent empty.
   */
  private static SerDeInfo toThrift(io.cairn.catalog.SerDeInfo serde) {
    if (serde == null) {
      return new SerDeInfo(null, null, new HashMap<>());
    }
    SerDeInfo result = new SerDeInfo();
    result.setName(serde.name());
    result.setSerializationLib(serde.serializationLibrary());
    result.setParameters(new HashMap<>(serde.parameters()));
    result.setDescription(serde.description());
    result.setSerializerClass(serde.serializerClass());
    result.setDeserializerClass(serde.deserializerClass());
    if (serde.serdeType() != null) {
      try {
        result.setSerdeType(SerdeType.valueOf(serde.serdeType()));
      } catch (IllegalArgumentException e) {
        throw new ValidationException("Unknown serde type: " + serde.serdeType());
      }
    }
    return result;
  }

  /**
   * An empty serde struct, as {@link #toThrift(io.cairn.catalog.SerDeInfo)} sends for none, is
   * none.
   */
  private static io.cairn.catalog.SerDeInfo fromThrift(SerDeInfo serde) {
    if (serde == null || serde.equals(new SerDeInfo(null, null, new HashMap<>()))) {
      return null;
    }
    return new io.cairn.catalog.SerDeInfo(
        serde.getName(),
        serde.getSerializationLib(),
        serde.getParameters(),
        serde.getDescription(),
        serde.getSerializerClass(),
        serde.getDeserializerClass(),
        serde.getSerdeType() == null ? null : serde.getSerdeType().name());
  }

  /**
   * HMS always sends a skew struct, empty when nothing is skewed; the domain has null for that, so
   * an empty struct and none both become null.
   */
  private static SkewedInfo toThrift(io.cairn.catalog.SkewedInfo skewedInfo) {
    SkewedInfo result = new SkewedInfo(new ArrayList<>(), new ArrayList<>(), new LinkedHashMap<>());
    if (skewedInfo != null) {
      result.getSkewedColNames().addAll(skewedInfo.columnNames());
      skewedInfo
          .columnValues()
          .forEach(values -> result.addToSkewedColValues(new ArrayList<>(values)));
      skewedInfo
          .valueLocations()
          .forEach(
              location ->
                  result.putToSkewedColValueLocationMaps(
                      new ArrayList<>(location.values()), location.location()));
    }
    return result;
  }

  private static io.cairn.catalog.SkewedInfo fromThrift(SkewedInfo skewedInfo) {
    if (skewedInfo == null
        || (isEmpty(skewedInfo.getSkewedColNames())
            && isEmpty(skewedInfo.getSkewedColValues())
            && (skewedInfo.getSkewedColValueLocationMaps() == null
                || skewedInfo.getSkewedColValueLocationMaps().isEmpty()))) {
      return null;
    }
    Map<List<String>, String> locations =
        skewedInfo.getSkewedColValueLocationMaps() == null
            ? Map.of()
            : skewedInfo.getSkewedColValueLocationMaps();
    return new io.cairn.catalog.SkewedInfo(
        skewedInfo.getSkewedColNames(),
        skewedInfo.getSkewedColValues(),
        locations.entrySet().stream()
            .map(entry -> new ValueLocation(entry.getKey(), entry.getValue()))
            .toList());
  }

  // Principals

  public static PrincipalType toThrift(io.cairn.catalog.PrincipalType type) {
    if (type == null) {
      return null;
    }
    return switch (type) {
      case USER -> PrincipalType.USER;
      case ROLE -> PrincipalType.ROLE;
      case GROUP -> PrincipalType.GROUP;
    };
  }

  public static io.cairn.catalog.PrincipalType fromThrift(PrincipalType type) {
    if (type == null) {
      return null;
    }
    return switch (type) {
      case USER -> io.cairn.catalog.PrincipalType.USER;
      case ROLE -> io.cairn.catalog.PrincipalType.ROLE;
      case GROUP -> io.cairn.catalog.PrincipalType.GROUP;
    };
  }

  // Roles and privileges

  static org.apache.hadoop.hive.metastore.api.Role toThrift(io.cairn.security.Role role) {
    return new org.apache.hadoop.hive.metastore.api.Role(
        role.name(), toEpochSeconds(role.createTime()), role.ownerName());
  }

  static RolePrincipalGrant toThrift(RoleGrant grant) {
    return new RolePrincipalGrant(
        grant.role(),
        grant.principalName(),
        toThrift(grant.principalType()),
        grant.grantOption(),
        toEpochSeconds(grant.grantTime()),
        grant.grantor(),
        toThrift(grant.grantorType()));
  }

  /** A role to create: it needs a name. */
  static void requiredRole(org.apache.hadoop.hive.metastore.api.Role role) {
    required(required(role, "role").getRoleName(), "role name");
  }

  /** A principal type the request needs; an unknown enum value arrives as null. */
  static io.cairn.catalog.PrincipalType requiredPrincipalType(PrincipalType type, String what) {
    return required(fromThrift(type), what + " (USER, GROUP or ROLE)");
  }

  /**
   * The object {@code reference} names; {@code database} is its resolved database, null only for a
   * global object.
   */
  static SecurableObject fromThrift(DatabaseName database, HiveObjectRef reference) {
    HiveObjectType type = required(reference.getObjectType(), "object type");
    if (type == HiveObjectType.DATACONNECTOR) {
      throw new ValidationException("Cairn keeps no privileges on data connectors");
    }
    if (type == HiveObjectType.GLOBAL) {
      return SecurableObject.global();
    }
    required(database, "database name");
    if (type == HiveObjectType.DATABASE) {
      return SecurableObject.database(database);
    }
    TableName table = database.table(required(reference.getObjectName(), "table name"));
    return switch (type) {
      case TABLE -> SecurableObject.table(table);
      case PARTITION -> {
        if (isEmpty(reference.getPartValues())) {
          throw new ValidationException("partition values are missing");
        }
        yield SecurableObject.partition(table, reference.getPartValues());
      }
      case COLUMN ->
          SecurableObject.column(
              table,
              isEmpty(reference.getPartValues()) ? null : reference.getPartValues(),
              required(reference.getColumnName(), "column name"));
      default -> throw new IllegalStateException("unexpected object type " + type);
    };
  }

  static HiveObjectRef toThrift(SecurableObject object) {
    HiveObjectRef reference =
        new HiveObjectRef(
            HiveObjectType.valueOf(object.type().name()),
            object.database() == null ? null : object.database().database(),
            object.table(),
            object.partitionValues() == null ? null : new ArrayList<>(object.partitionValues()),
            object.column());
    if (object.database() != null) {
      reference.setCatName(object.database().catalog());
    }
    return reference;
  }

  /** The create time is the service's to set; the one sent is ignored. */
  static PrivilegeGrant fromThrift(SecurableObject object, HiveObjectPrivilege privilege) {
    PrivilegeGrantInfo info = required(privilege.getGrantInfo(), "grant info");
    return new PrivilegeGrant(
        object,
        required(privilege.getPrincipalName(), "principal name"),
        requiredPrincipalType(privilege.getPrincipalType(), "principal type"),
        required(info.getPrivilege(), "privilege"),
        Instant.EPOCH,
        info.getGrantor(),
        fromThrift(info.getGrantorType()),
        info.isGrantOption(),
        privilege.getAuthorizer());
  }

  static HiveObjectPrivilege toThrift(PrivilegeGrant grant) {
    HiveObjectPrivilege privilege =
        new HiveObjectPrivilege(
            toThrift(grant.object()),
            grant.principalName(),
            toThrift(grant.principalType()),
            toGrantInfo(grant),
            grant.authorizer());
    if (grant.authorizer() == null) {
      privilege.unsetAuthorizer();
    }
    return privilege;
  }

  private static PrivilegeGrantInfo toGrantInfo(PrivilegeGrant grant) {
    return new PrivilegeGrantInfo(
        grant.privilege(),
        toEpochSeconds(grant.createTime()),
        grant.grantor(),
        toThrift(grant.grantorType()),
        grant.grantOption());
  }

  /** As Hive answers: a map is set only when someone of its kind was asked about. */
  static PrincipalPrivilegeSet toThrift(PrincipalPrivileges privileges) {
    PrincipalPrivilegeSet set = new PrincipalPrivilegeSet();
    if (!privileges.users().isEmpty()) {
      set.setUserPrivileges(toGrantInfos(privileges.users()));
    }
    if (!privileges.groups().isEmpty()) {
      set.setGroupPrivileges(toGrantInfos(privileges.groups()));
    }
    if (!privileges.roles().isEmpty()) {
      set.setRolePrivileges(toGrantInfos(privileges.roles()));
    }
    return set;
  }

  private static Map<String, List<PrivilegeGrantInfo>> toGrantInfos(
      Map<String, List<PrivilegeGrant>> grants) {
    Map<String, List<PrivilegeGrantInfo>> infos = new HashMap<>();
    grants.forEach(
        (principal, list) ->
            infos.put(
                principal,
                new ArrayList<>(list.stream().map(ThriftConverter::toGrantInfo).toList())));
    return infos;
  }

  // Column statistics

  /**
   * Every column's analyzed time is the description's {@code lastAnalyzed} (null when unset or 0).
   */
  public static List<io.cairn.catalog.ColumnStatistics> fromThrift(ColumnStatistics statistics) {
    ColumnStatisticsDesc description = statistics.getStatsDesc();
    Instant analyzedTime =
        description == null || description.getLastAnalyzed() == 0
            ? null
            : Instant.ofEpochSecond(description.getLastAnalyzed());
    if (statistics.getStatsObj() == null) {
      return List.of();
    }
    return statistics.getStatsObj().stream()
        .map(
            object ->
                new io.cairn.catalog.ColumnStatistics(
                    required(object.getColName(), "Statistics column name"),
                    required(object.getColType(), "Statistics column type"),
                    analyzedTime,
                    fromThrift(object.getColName(), object.getStatsData())))
        .toList();
  }

  /**
   * The description is copied; when it has no {@code lastAnalyzed}, it gets the latest analyzed
   * time of the statistics.
   */
  public static ColumnStatistics toThrift(
      ColumnStatisticsDesc description, List<io.cairn.catalog.ColumnStatistics> statistics) {
    ColumnStatisticsDesc resultDescription = description.deepCopy();
    if (!resultDescription.isSetLastAnalyzed()) {
      statistics.stream()
          .map(io.cairn.catalog.ColumnStatistics::analyzedTime)
          .filter(Objects::nonNull)
          .max(Comparator.naturalOrder())
          .ifPresent(time -> resultDescription.setLastAnalyzed(time.getEpochSecond()));
    }
    ColumnStatistics result = new ColumnStatistics();
    result.setStatsDesc(resultDescription);
    result.setStatsObj(
        statistics.stream()
            .map(ThriftConverter::toThrift)
            .collect(ArrayList::new, ArrayList::add, ArrayList::addAll));
    return result;
  }

  /** The analyzed time travels in the {@link ColumnStatisticsDesc}, not here. */
  public static ColumnStatisticsObj toThrift(io.cairn.catalog.ColumnStatistics statistics) {
    return new ColumnStatisticsObj(
        statistics.columnName(), statistics.columnType(), toThrift(statistics.data()));
  }

  private static ColumnStatisticsData toThrift(io.cairn.catalog.ColumnStatistics.Data data) {
    if (data instanceof BooleanData bool) {
      BooleanColumnStatsData result =
          new BooleanColumnStatsData(
              bool.numberOfTrues(), bool.numberOfFalses(), bool.numberOfNulls());
      if (bool.bitVector() != null) {
        result.setBitVectors(bool.bitVector().toByteArray());
      }
      return ColumnStatisticsData.booleanStats(result);
    }
    if (data instanceof LongData longData) {
      LongColumnStatsData result =
          new LongColumnStatsData(longData.numberOfNulls(), longData.numberOfDistinctValues());
      if (longData.minimum() != null) {
        result.setLowValue(longData.minimum());
      }
      if (longData.maximum() != null) {
        result.setHighValue(longData.maximum());
      }
      setSketches(
          longData.bitVector(), longData.histogram(), result::setBitVectors, result::setHistogram);
      return ColumnStatisticsData.longStats(result);
    }
    if (data instanceof DoubleData doubleData) {
      DoubleColumnStatsData result =
          new DoubleColumnStatsData(
              doubleData.numberOfNulls(), doubleData.numberOfDistinctValues());
      if (doubleData.minimum() != null) {
        result.setLowValue(doubleData.minimum());
      }
      if (doubleData.maximum() != null) {
        result.setHighValue(doubleData.maximum());
      }
      setSketches(
          doubleData.bitVector(),
          doubleData.histogram(),
          result::setBitVectors,
          result::setHistogram);
      return ColumnStatisticsData.doubleStats(result);
    }
    if (data instanceof DecimalData decimal) {
      DecimalColumnStatsData result =
          new DecimalColumnStatsData(decimal.numberOfNulls(), decimal.numberOfDistinctValues());
      result.setLowValue(toThrift(decimal.minimum()));
      result.setHighValue(toThrift(decimal.maximum()));
      setSketches(
          decimal.bitVector(), decimal.histogram(), result::setBitVectors, result::setHistogram);
      return ColumnStatisticsData.decimalStats(result);
    }
    if (data instanceof DateData date) {
      DateColumnStatsData result =
          new DateColumnStatsData(date.numberOfNulls(), date.numberOfDistinctValues());
      result.setLowValue(date.minimum() == null ? null : new Date(date.minimum().toEpochDay()));
      result.setHighValue(date.maximum() == null ? null : new Date(date.maximum().toEpochDay()));
      setSketches(date.bitVector(), date.histogram(), result::setBitVectors, result::setHistogram);
      return ColumnStatisticsData.dateStats(result);
    }
    if (data instanceof TimestampData timestamp) {
      TimestampColumnStatsData result =
          new TimestampColumnStatsData(
              timestamp.numberOfNulls(), timestamp.numberOfDistinctValues());
      result.setLowValue(
          timestamp.minimumEpochSeconds() == null
              ? null
              : new Timestamp(timestamp.minimumEpochSeconds()));
      result.setHighValue(
          timestamp.maximumEpochSeconds() == null
              ? null
              : new Timestamp(timestamp.maximumEpochSeconds()));
      setSketches(
          timestamp.bitVector(),
          timestamp.histogram(),
          result::setBitVectors,
          result::setHistogram);
      return ColumnStatisticsData.timestampStats(result);
    }
    if (data instanceof StringData string) {
      StringColumnStatsData result =
          new StringColumnStatsData(
              string.maximumLength(),
              string.averageLength(),
              string.numberOfNulls(),
              string.numberOfDistinctValues());
      if (string.bitVector() != null) {
        result.setBitVectors(string.bitVector().toByteArray());
      }
      return ColumnStatisticsData.stringStats(result);
    }
    if (data instanceof BinaryData binary) {
      BinaryColumnStatsData result =
          new BinaryColumnStatsData(
              binary.maximumLength(), binary.averageLength(), binary.numberOfNulls());
      if (binary.bitVector() != null) {
        result.setBitVectors(binary.bitVector().toByteArray());
      }
      return ColumnStatisticsData.binaryStats(result);
    }
    throw new IllegalStateException("Unknown statistics kind: " + data.getClass());
  }

  private static io.cairn.catalog.ColumnStatistics.Data fromThrift(
      String columnName, ColumnStatisticsData data) {
    if (data == null || data.getSetField() == null) {
      throw new ValidationException("Statistics of column " + columnName + " have no data");
    }
    return switch (data.getSetField()) {
      case BOOLEAN_STATS -> {
        BooleanColumnStatsData bool = data.getBooleanStats();
        yield new BooleanData(
            bool.getNumTrues(),
            bool.getNumFalses(),
            bool.getNumNulls(),
            ByteString.copyOf(bool.getBitVectors()));
      }
      case LONG_STATS -> {
        LongColumnStatsData longData = data.getLongStats();
        yield new LongData(
            longData.isSetLowValue() ? longData.getLowValue() : null,
            longData.isSetHighValue() ? longData.getHighValue() : null,
            longData.getNumNulls(),
            longData.getNumDVs(),
            ByteString.copyOf(longData.getBitVectors()),
            ByteString.copyOf(longData.getHistogram()));
      }
      case DOUBLE_STATS -> {
        DoubleColumnStatsData doubleData = data.getDoubleStats();
        yield new DoubleData(
            doubleData.isSetLowValue() ? doubleData.getLowValue() : null,
            doubleData.isSetHighValue() ? doubleData.getHighValue() : null,
            doubleData.getNumNulls(),
            doubleData.getNumDVs(),
            ByteString.copyOf(doubleData.getBitVectors()),
            ByteString.copyOf(doubleData.getHistogram()));
      }
      case DECIMAL_STATS -> {
        DecimalColumnStatsData decimal = data.getDecimalStats();
        yield new DecimalData(
            fromThrift(decimal.getLowValue()),
            fromThrift(decimal.getHighValue()),
            decimal.getNumNulls(),
            decimal.getNumDVs(),
            ByteString.copyOf(decimal.getBitVectors()),
            ByteString.copyOf(decimal.getHistogram()));
      }
      case DATE_STATS -> {
        DateColumnStatsData date = data.getDateStats();
        yield new DateData(
            date.isSetLowValue()
                ? LocalDate.ofEpochDay(date.getLowValue().getDaysSinceEpoch())
                : null,
            date.isSetHighValue()
                ? LocalDate.ofEpochDay(date.getHighValue().getDaysSinceEpoch())
                : null,
            date.getNumNulls(),
            date.getNumDVs(),
            ByteString.copyOf(date.getBitVectors()),
            ByteString.copyOf(date.getHistogram()));
      }
      case TIMESTAMP_STATS -> {
        TimestampColumnStatsData timestamp = data.getTimestampStats();
        yield new TimestampData(
            timestamp.isSetLowValue() ? timestamp.getLowValue().getSecondsSinceEpoch() : null,
            timestamp.isSetHighValue() ? timestamp.getHighValue().getSecondsSinceEpoch() : null,
            timestamp.getNumNulls(),
            timestamp.getNumDVs(),
            ByteString.copyOf(timestamp.getBitVectors()),
            ByteString.copyOf(timestamp.getHistogram()));
      }
      case STRING_STATS -> {
        StringColumnStatsData string = data.getStringStats();
        yield new StringData(
            string.getMaxColLen(),
            string.getAvgColLen(),
            string.getNumNulls(),
            string.getNumDVs(),
            ByteString.copyOf(string.getBitVectors()));
      }
      case BINARY_STATS -> {
        BinaryColumnStatsData binary = data.getBinaryStats();
        yield new BinaryData(
            binary.getMaxColLen(),
            binary.getAvgColLen(),
            binary.getNumNulls(),
            ByteString.copyOf(binary.getBitVectors()));
      }
    };
  }

  private static void setSketches(
      ByteString bitVector,
      ByteString histogram,
      Consumer<byte[]> setBitVector,
      Consumer<byte[]> setHistogram) {
    if (bitVector != null) {
      setBitVector.accept(bitVector.toByteArray());
    }
    if (histogram != null) {
      setHistogram.accept(histogram.toByteArray());
    }
  }

  /** Hive's Decimal is the two's-complement big-endian unscaled value and a 16-bit scale. */
  private static Decimal toThrift(BigDecimal value) {
    if (value == null) {
      return null;
    }
    if (value.scale() < Short.MIN_VALUE || value.scale() > Short.MAX_VALUE) {
      throw new ValidationException("Decimal scale out of range: " + value.scale());
    }
    Decimal result = new Decimal();
    result.setScale((short) value.scale());
    result.setUnscaled(value.unscaledValue().toByteArray());
    return result;
  }

  private static BigDecimal fromThrift(Decimal value) {
    if (value == null) {
      return null;
    }
    byte[] unscaled = value.getUnscaled();
    if (unscaled == null || unscaled.length == 0) {
      throw new ValidationException("Decimal has no unscaled value");
    }
    return new BigDecimal(new BigInteger(unscaled), value.getScale());
  }

  // User-defined functions

  public static Function toThrift(io.cairn.catalog.Function function) {
    Function result = new Function();
    result.setCatName(function.name().catalog());
    result.setDbName(function.name().database());
    result.setFunctionName(function.name().function());
    result.setClassName(function.className());
    result.setOwnerName(function.ownerName());
    result.setOwnerType(toThrift(function.ownerType()));
    result.setCreateTime(toEpochSeconds(function.createTime()));
    result.setFunctionType(
        switch (function.functionType()) {
          case JAVA -> FunctionType.JAVA;
        });
    result.setResourceUris(
        new ArrayList<>(
            function.resourceUris().stream()
                .map(resource -> new ResourceUri(toThrift(resource.type()), resource.uri()))
                .toList()));
    return result;
  }

  /**
   * {@code catalog} is the catalog the request resolves to (the struct's {@code catName}, or the
   * server's default for clients that send none); database and function name are the struct's.
   */
  public static io.cairn.catalog.Function fromThrift(String catalog, Function function) {
    FunctionName name =
        new FunctionName(
            catalog,
            required(function.getDbName(), "Function database name"),
            required(function.getFunctionName(), "Function name"));
    List<io.cairn.catalog.ResourceUri> resources = new ArrayList<>();
    if (function.getResourceUris() != null) {
      for (ResourceUri resource : function.getResourceUris()) {
        resources.add(
            new io.cairn.catalog.ResourceUri(
                fromThrift(required(resource.getResourceType(), "Resource type")),
                required(resource.getUri(), "Resource URI")));
      }
    }
    return new io.cairn.catalog.Function(
        name,
        function.getClassName(),
        function.getOwnerName(),
        fromThrift(function.getOwnerType()),
        fromEpochSeconds(function.getCreateTime()),
        // JAVA is the only type; a client that leaves it unset means it.
        io.cairn.catalog.FunctionType.JAVA,
        resources,
        0);
  }

  private static ResourceType toThrift(io.cairn.catalog.ResourceUri.Type type) {
    return switch (type) {
      case JAR -> ResourceType.JAR;
      case FILE -> ResourceType.FILE;
      case ARCHIVE -> ResourceType.ARCHIVE;
    };
  }

  private static io.cairn.catalog.ResourceUri.Type fromThrift(ResourceType type) {
    return switch (type) {
      case JAR -> io.cairn.catalog.ResourceUri.Type.JAR;
      case FILE -> io.cairn.catalog.ResourceUri.Type.FILE;
      case ARCHIVE -> io.cairn.catalog.ResourceUri.Type.ARCHIVE;
    };
  }

  // Helpers

  private static Instant fromEpochSeconds(int seconds) {
    return seconds == 0 ? null : Instant.ofEpochSecond(seconds);
  }

  /** Hive's times are 32-bit; a time past 2038 cannot be sent and fails rather than wraps. */
  private static int toEpochSeconds(Instant instant) {
    return instant == null ? 0 : Math.toIntExact(instant.getEpochSecond());
  }

  private static <T> T required(T value, String what) {
    if (value == null) {
      throw new MissingArgumentException(what + " is missing");
    }
    return value;
  }

  private static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }

  // Notification events

  static org.apache.hadoop.hive.metastore.api.NotificationEvent toThrift(
      io.cairn.catalog.NotificationEvent event) {
    org.apache.hadoop.hive.metastore.api.NotificationEvent notification =
        new org.apache.hadoop.hive.metastore.api.NotificationEvent(
            event.id(), toEpochSeconds(event.time()), event.type(), event.message());
    notification.setCatName(event.catalog());
    notification.setDbName(event.database());
    notification.setTableName(event.table());
    notification.setMessageFormat(event.messageFormat());
    return notification;
  }

  // Locks and transactions

  /**
   * A lock component of {@code database}; Hive's level says which of the names count (a TABLE
   * component may carry a partition name that does not).
   */
  static io.cairn.locks.LockComponent fromThrift(
      DatabaseName database, org.apache.hadoop.hive.metastore.api.LockComponent component) {
    io.cairn.locks.LockType type = fromThrift(required(component.getType(), "lock type"));
    return switch (required(component.getLevel(), "lock level")) {
      case DB -> io.cairn.locks.LockComponent.database(type, database);
      case TABLE ->
          io.cairn.locks.LockComponent.table(
              type, database, required(component.getTablename(), "table name of a table lock"));
      case PARTITION ->
          io.cairn.locks.LockComponent.partition(
              type,
              database,
              required(component.getTablename(), "table name of a partition lock"),
              required(component.getPartitionname(), "partition name of a partition lock"));
    };
  }

  private static io.cairn.locks.LockType fromThrift(
      org.apache.hadoop.hive.metastore.api.LockType type) {
    return switch (type) {
      case SHARED_READ -> io.cairn.locks.LockType.SHARED_READ;
      case SHARED_WRITE -> io.cairn.locks.LockType.SHARED_WRITE;
      case EXCL_WRITE -> io.cairn.locks.LockType.EXCLUSIVE_WRITE;
      case EXCLUSIVE -> io.cairn.locks.LockType.EXCLUSIVE;
    };
  }

  private static org.apache.hadoop.hive.metastore.api.LockType toThrift(
      io.cairn.locks.LockType type) {
    return switch (type) {
      case SHARED_READ -> org.apache.hadoop.hive.metastore.api.LockType.SHARED_READ;
      case SHARED_WRITE -> org.apache.hadoop.hive.metastore.api.LockType.SHARED_WRITE;
      case EXCLUSIVE_WRITE -> org.apache.hadoop.hive.metastore.api.LockType.EXCL_WRITE;
      case EXCLUSIVE -> org.apache.hadoop.hive.metastore.api.LockType.EXCLUSIVE;
    };
  }

  static LockResponse toLockResponse(Lock lock) {
    return new LockResponse(lock.id(), toThrift(lock.state()));
  }

  private static LockState toThrift(Lock.State state) {
    return switch (state) {
      case WAITING -> LockState.WAITING;
      case ACQUIRED -> LockState.ACQUIRED;
    };
  }

  /** One element per component, as Hive's SHOW LOCKS lists them. */
  static List<ShowLocksResponseElement> toShowLocksElements(Lock lock) {
    List<ShowLocksResponseElement> elements = new ArrayList<>();
    int position = 0;
    for (io.cairn.locks.LockComponent component : lock.components()) {
      ShowLocksResponseElement element =
          new ShowLocksResponseElement(
              lock.id(),
              component.database().database(),
              toThrift(lock.state()),
              toThrift(component.type()),
              lock.lastHeartbeat().toEpochMilli(),
              lock.client().user(),
              lock.client().host());
      element.setTablename(component.table());
      element.setPartname(component.partition());
      element.setTxnid(lock.transactionId());
      if (lock.acquiredAt() != null) {
        element.setAcquiredat(lock.acquiredAt().toEpochMilli());
      }
      element.setAgentInfo(lock.client().agentInfo());
      element.setLockIdInternal(++position);
      elements.add(element);
    }
    return elements;
  }

  static TxnInfo toThrift(Transaction transaction) {
    TxnInfo info =
        new TxnInfo(
            transaction.id(),
            toThrift(transaction.state()),
            transaction.client().user(),
            transaction.client().host());
    info.setAgentInfo(transaction.client().agentInfo());
    info.setStartedTime(transaction.startedTime().toEpochMilli());
    info.setLastHeartbeatTime(transaction.lastHeartbeat().toEpochMilli());
    return info;
  }

  private static TxnState toThrift(Transaction.State state) {
    return switch (state) {
      case OPEN -> TxnState.OPEN;
      case COMMITTED -> TxnState.COMMITTED;
      case ABORTED -> TxnState.ABORTED;
    };
  }
}
