package io.cairn.glue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.Column;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.ColumnStatistics.BinaryData;
import io.cairn.catalog.ColumnStatistics.BooleanData;
import io.cairn.catalog.ColumnStatistics.DateData;
import io.cairn.catalog.ColumnStatistics.DecimalData;
import io.cairn.catalog.ColumnStatistics.DoubleData;
import io.cairn.catalog.ColumnStatistics.LongData;
import io.cairn.catalog.ColumnStatistics.StringData;
import io.cairn.catalog.ColumnStatistics.TimestampData;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Function;
import io.cairn.catalog.FunctionName;
import io.cairn.catalog.FunctionType;
import io.cairn.catalog.HiveTypes;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PartitionIndex;
import io.cairn.catalog.PrincipalType;
import io.cairn.catalog.ResourceUri;
import io.cairn.catalog.SchemaReference;
import io.cairn.catalog.SerDeInfo;
import io.cairn.catalog.SkewedInfo;
import io.cairn.catalog.SortOrder;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.ValidationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one converter between Glue's JSON shapes and the domain model. {@code from*} read a request
 * structure (validating it against AWS's limits through {@link GlueRequest}); {@code to*} write the
 * response structure. Field names, limits and defaults are those of AWS's Glue model.
 *
 * <p>Partitions reuse {@link #fromStorageDescriptor}, {@link #fromColumns}, {@link
 * #toStorageDescriptor}, {@link #toColumns}, {@link #putTimestamp} and {@link #putParameters}.
 */
final class GlueConverter {
  static final int MAX_DESCRIPTION_LENGTH = 2048;
  static final int MAX_LOCATION_URI_LENGTH = 1024;
  static final int MAX_LOCATION_LENGTH = 2056;
  static final int MAX_PARAMETER_KEY_LENGTH = 255;
  static final int MAX_PARAMETER_VALUE_LENGTH = 512_000;
  static final int MAX_VIEW_TEXT_LENGTH = 409_600;
  static final int MAX_COLUMN_TYPE_LENGTH = 131_072;
  static final int MAX_COMMENT_LENGTH = 255;
  static final int MAX_FORMAT_LENGTH = 128;
  static final int MAX_RESOURCE_URIS = 1000;

  private static final Set<String> PRINCIPAL_TYPES = Set.of("USER", "ROLE", "GROUP");
  private static final Set<String> FUNCTION_TYPES =
      Set.of("REGULAR_FUNCTION", "AGGREGATE_FUNCTION", "STORED_PROCEDURE");
  private static final Set<String> RESOURCE_TYPES = Set.of("JAR", "FILE", "ARCHIVE");

  private GlueConverter() {}

  // Databases

  /**
   * A DatabaseInput. {@code accountId} is this catalog's CatalogId: a TargetDatabase (resource
   * link) may point only into it.
   */
  static Database fromDatabaseInput(String catalog, String accountId, GlueRequest input) {
    DatabaseName name = new DatabaseName(catalog, input.requiredName("Name"));
    if (input.has("FederatedDatabase")) {
      throw input.invalid(
          "FederatedDatabase", "{...}", "Cairn does not support federated databases");
    }
    // Lake Formation's default grants: accepted for compatibility, not kept (nothing is enforced).
    input.objects("CreateTableDefaultPermissions", Integer.MAX_VALUE);
    DatabaseName target = null;
    GlueRequest targetDatabase = input.object("TargetDatabase");
    if (targetDatabase != null) {
      requireOwnCatalog(targetDatabase, accountId);
      target = new DatabaseName(catalog, targetDatabase.requiredName("DatabaseName"));
    }
    return new Database(
        name,
        input.string("Description", 0, MAX_DESCRIPTION_LENGTH),
        input.string("LocationUri", 1, MAX_LOCATION_URI_LENGTH),
        null,
        parameters(input, "Parameters"),
        null,
        null,
        null,
        target,
        0);
  }

  static ObjectNode toDatabase(Database database, String accountId) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("Name", database.name().database());
    putIfNotNull(node, "Description", database.description());
    putIfNotNull(node, "LocationUri", database.location());
    putParameters(node, "Parameters", database.parameters());
    putTimestamp(node, "CreateTime", database.createTime());
    // What AWS answers for a catalog that Lake Formation does not govern.
    ObjectNode permission = node.putArray("CreateTableDefaultPermissions").addObject();
    permission.putObject("Principal").put("DataLakePrincipalIdentifier", "IAM_ALLOWED_PRINCIPALS");
    permission.putArray("Permissions").add("ALL");
    if (database.targetDatabase() != null) {
      node.putObject("TargetDatabase")
          .put("CatalogId", accountId)
          .put("DatabaseName", database.targetDatabase().database());
    }
    node.put("CatalogId", accountId);
    return node;
  }

  // Tables

  /**
   * A TableInput for the table {@code name}. Hive-only fields that Glue cannot express (owner type,
   * rewrite flag) are taken from {@code current}, the stored table an update replaces (null for a
   * new table).
   */
  static Table fromTableInput(TableName name, String accountId, GlueRequest input, Table current) {
    input.requiredName("Name");
    if (input.has("ViewDefinition")) {
      throw input.invalid(
          "ViewDefinition", "{...}", "Cairn does not support multi-dialect view definitions");
    }
    Integer retention = input.integer("Retention", 0, Integer.MAX_VALUE);
    TableName target = null;
    GlueRequest targetTable = input.object("TargetTable");
    if (targetTable != null) {
      requireOwnCatalog(targetTable, accountId);
      target =
          new TableName(
              name.catalog(),
              targetTable.requiredName("DatabaseName"),
              targetTable.requiredName("Name"));
    }
    GlueRequest descriptor = input.object("StorageDescriptor");
    return Table.builder()
        .name(name)
        .description(input.string("Description", 0, MAX_DESCRIPTION_LENGTH))
        .owner(input.name("Owner"))
        .ownerType(current == null ? null : current.ownerType())
        .lastAccessTime(input.timestamp("LastAccessTime"))
        .lastAnalyzedTime(input.timestamp("LastAnalyzedTime"))
        .retention(retention == null ? 0 : retention)
        .storageDescriptor(descriptor == null ? null : fromStorageDescriptor(descriptor))
        .partitionKeys(fromColumns(input, "PartitionKeys"))
        .viewOriginalText(input.string("ViewOriginalText", 0, MAX_VIEW_TEXT_LENGTH))
        .viewExpandedText(input.string("ViewExpandedText", 0, MAX_VIEW_TEXT_LENGTH))
        .tableType(input.string("TableType", 0, GlueRequest.MAX_NAME_LENGTH))
        .parameters(parameters(input, "Parameters"))
        .targetTable(target)
        .createdBy(current == null ? null : current.createdBy())
        .rewriteEnabled(current != null && current.rewriteEnabled())
        .build();
  }

  /** A Table with its VersionId: Cairn's table version, which counts from 0 as AWS's does. */
  static ObjectNode toTable(Table table, String accountId) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("Name", table.name().table());
    node.put("DatabaseName", table.name().database());
    putIfNotNull(node, "Description", table.description());
    putIfNotNull(node, "Owner", table.owner());
    putTimestamp(node, "CreateTime", table.createTime());
    putTimestamp(node, "UpdateTime", table.updateTime());
    putTimestamp(node, "LastAccessTime", table.lastAccessTime());
    putTimestamp(node, "LastAnalyzedTime", table.lastAnalyzedTime());
    node.put("Retention", table.retention());
    if (table.storageDescriptor() != null) {
      node.set("StorageDescriptor", toStorageDescriptor(table.storageDescriptor()));
    }
    // AWS always lists the partition keys, also when there are none (Athena relies on it).
    node.set("PartitionKeys", toColumns(table.partitionKeys()));
    putIfNotNull(node, "ViewOriginalText", table.viewOriginalText());
    putIfNotNull(node, "ViewExpandedText", table.viewExpandedText());
    putIfNotNull(node, "TableType", table.tableType());
    putParameters(node, "Parameters", table.parameters());
    putIfNotNull(node, "CreatedBy", table.createdBy());
    node.put("IsRegisteredWithLakeFormation", false);
    if (table.targetTable() != null) {
      node.putObject("TargetTable")
          .put("CatalogId", accountId)
          .put("DatabaseName", table.targetTable().database())
          .put("Name", table.targetTable().table());
    }
    node.put("CatalogId", accountId);
    node.put("VersionId", Long.toString(table.version()));
    return node;
  }

  /** Only the named attributes of a table (GetTables' and GetTable's AttributesToGet). */
  static ObjectNode project(ObjectNode table, List<String> attributes) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.set("Name", table.get("Name"));
    node.set("DatabaseName", table.get("DatabaseName"));
    node.set("CatalogId", table.get("CatalogId"));
    if (attributes.contains("TABLE_TYPE") && table.has("TableType")) {
      node.set("TableType", table.get("TableType"));
    }
    return node;
  }

  // Storage

  /** A StorageDescriptor; an absent bucket count is 0, as AWS answers it. */
  static StorageDescriptor fromStorageDescriptor(GlueRequest input) {
    Integer buckets = input.integer("NumberOfBuckets", Integer.MIN_VALUE, Integer.MAX_VALUE);
    Boolean compressed = input.bool("Compressed");
    Boolean subDirectories = input.bool("StoredAsSubDirectories");
    List<SortOrder> sortColumns = new ArrayList<>();
    for (GlueRequest order : input.objects("SortColumns", Integer.MAX_VALUE)) {
      String column = order.requiredName("Column");
      Integer direction = order.integer("SortOrder", 0, 1);
      if (direction == null) {
        throw order.invalid("SortOrder", null, "Member must not be null");
      }
      sortColumns.add(new SortOrder(column, direction));
    }
    GlueRequest serde = input.object("SerdeInfo");
    GlueRequest skewed = input.object("SkewedInfo");
    GlueRequest schema = input.object("SchemaReference");
    List<String> additionalLocations =
        input.strings("AdditionalLocations", Integer.MAX_VALUE, MAX_LOCATION_LENGTH);
    List<String> bucketColumns =
        input.strings("BucketColumns", Integer.MAX_VALUE, GlueRequest.MAX_NAME_LENGTH);
    return StorageDescriptor.builder()
        .columns(fromColumns(input, "Columns"))
        .location(input.string("Location", 0, MAX_LOCATION_LENGTH))
        .additionalLocations(additionalLocations == null ? List.of() : additionalLocations)
        .inputFormat(input.string("InputFormat", 0, MAX_FORMAT_LENGTH))
        .outputFormat(input.string("OutputFormat", 0, MAX_FORMAT_LENGTH))
        .compressed(compressed != null && compressed)
        .numberOfBuckets(buckets == null ? 0 : buckets)
        .serdeInfo(serde == null ? null : fromSerDeInfo(serde))
        .bucketColumns(bucketColumns == null ? List.of() : bucketColumns)
        .sortColumns(sortColumns)
        .parameters(parameters(input, "Parameters"))
        .skewedInfo(skewed == null ? null : fromSkewedInfo(skewed))
        .storedAsSubDirectories(subDirectories != null && subDirectories)
        .schemaReference(schema == null ? null : fromSchemaReference(schema))
        .build();
  }

  static ObjectNode toStorageDescriptor(StorageDescriptor descriptor) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.set("Columns", toColumns(descriptor.columns()));
    putIfNotNull(node, "Location", descriptor.location());
    if (!descriptor.additionalLocations().isEmpty()) {
      ArrayNode locations = node.putArray("AdditionalLocations");
      descriptor.additionalLocations().forEach(locations::add);
    }
    putIfNotNull(node, "InputFormat", descriptor.inputFormat());
    putIfNotNull(node, "OutputFormat", descriptor.outputFormat());
    node.put("Compressed", descriptor.compressed());
    node.put("NumberOfBuckets", descriptor.numberOfBuckets());
    if (descriptor.serdeInfo() != null) {
      node.set("SerdeInfo", toSerDeInfo(descriptor.serdeInfo()));
    }
    ArrayNode bucketColumns = node.putArray("BucketColumns");
    descriptor.bucketColumns().forEach(bucketColumns::add);
    ArrayNode sortColumns = node.putArray("SortColumns");
    for (SortOrder order : descriptor.sortColumns()) {
      sortColumns.addObject().put("Column", order.column()).put("SortOrder", order.order());
    }
    putParameters(node, "Parameters", descriptor.parameters());
    if (descriptor.skewedInfo() != null) {
      node.set("SkewedInfo", toSkewedInfo(descriptor.skewedInfo()));
    }
    node.put("StoredAsSubDirectories", descriptor.storedAsSubDirectories());
    if (descriptor.schemaReference() != null) {
      node.set("SchemaReference", toSchemaReference(descriptor.schemaReference()));
    }
    return node;
  }

  /**
   * The columns in {@code field} of {@code input}; empty when absent. Cairn keeps Hive types, so a
   * column needs a type (AWS would accept none).
   */
  static List<Column> fromColumns(GlueRequest input, String field) {
    List<Column> columns = new ArrayList<>();
    for (GlueRequest column : input.objects(field, Integer.MAX_VALUE)) {
      String name = column.requiredName("Name");
      String type = column.string("Type", 0, MAX_COLUMN_TYPE_LENGTH);
      if (type == null) {
        throw column.invalid("Type", null, "Member must not be null (Cairn keeps Hive types)");
      }
      columns.add(
          new Column(
              name,
              type,
              column.string("Comment", 0, MAX_COMMENT_LENGTH),
              parameters(column, "Parameters")));
    }
    return columns;
  }

  static ArrayNode toColumns(List<Column> columns) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (Column column : columns) {
      ObjectNode node = array.addObject().put("Name", column.name()).put("Type", column.type());
      putIfNotNull(node, "Comment", column.comment());
      if (!column.parameters().isEmpty()) {
        putParameters(node, "Parameters", column.parameters());
      }
    }
    return array;
  }

  private static SerDeInfo fromSerDeInfo(GlueRequest input) {
    return new SerDeInfo(
        input.name("Name"),
        input.name("SerializationLibrary"),
        parameters(input, "Parameters"),
        null,
        null,
        null,
        null);
  }

  private static ObjectNode toSerDeInfo(SerDeInfo serde) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    putIfNotNull(node, "Name", serde.name());
    putIfNotNull(node, "SerializationLibrary", serde.serializationLibrary());
    putParameters(node, "Parameters", serde.parameters());
    return node;
  }

  /**
   * Glue keeps each combination of skewed values as one string where Hive keeps a list; the list is
   * written as {@code <length>$<value>} per value, as AWS's Hive client for Glue writes it, so that
   * values holding any character survive the trip.
   */
  private static SkewedInfo fromSkewedInfo(GlueRequest input) {
    List<String> names = input.strings("SkewedColumnNames", Integer.MAX_VALUE, Integer.MAX_VALUE);
    List<String> values = input.strings("SkewedColumnValues", Integer.MAX_VALUE, Integer.MAX_VALUE);
    Map<String, String> locations =
        input.stringMap(
            "SkewedColumnValueLocationMaps",
            Integer.MAX_VALUE,
            Integer.MAX_VALUE,
            Integer.MAX_VALUE);
    List<List<String>> valueLists = new ArrayList<>();
    if (values != null) {
      values.forEach(value -> valueLists.add(decodeValues(value)));
    }
    List<SkewedInfo.ValueLocation> valueLocations = new ArrayList<>();
    if (locations != null) {
      locations.forEach(
          (key, location) ->
              valueLocations.add(new SkewedInfo.ValueLocation(decodeValues(key), location)));
    }
    return new SkewedInfo(names, valueLists, valueLocations);
  }

  private static ObjectNode toSkewedInfo(SkewedInfo skewedInfo) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    ArrayNode names = node.putArray("SkewedColumnNames");
    skewedInfo.columnNames().forEach(names::add);
    ArrayNode values = node.putArray("SkewedColumnValues");
    skewedInfo.columnValues().forEach(list -> values.add(encodeValues(list)));
    ObjectNode locations = node.putObject("SkewedColumnValueLocationMaps");
    for (SkewedInfo.ValueLocation location : skewedInfo.valueLocations()) {
      locations.put(encodeValues(location.values()), location.location());
    }
    return node;
  }

  static String encodeValues(List<String> values) {
    StringBuilder text = new StringBuilder();
    for (String value : values) {
      text.append(value.length()).append('$').append(value);
    }
    return text.toString();
  }

  /** The inverse of {@link #encodeValues}; a string not in that form is one value as it is. */
  static List<String> decodeValues(String text) {
    List<String> values = new ArrayList<>();
    int position = 0;
    while (position < text.length()) {
      int dollar = text.indexOf('$', position);
      int length;
      try {
        length = dollar < 0 ? -1 : Integer.parseInt(text.substring(position, dollar));
      } catch (NumberFormatException e) {
        length = -1;
      }
      if (length < 0 || dollar + 1 + length > text.length()) {
        return List.of(text);
      }
      values.add(text.substring(dollar + 1, dollar + 1 + length));
      position = dollar + 1 + length;
    }
    return values;
  }

  private static SchemaReference fromSchemaReference(GlueRequest input) {
    GlueRequest schemaId = input.object("SchemaId");
    Long versionNumber = input.longValue("SchemaVersionNumber");
    if (versionNumber != null && (versionNumber < 1 || versionNumber > 100_000)) {
      throw input.invalid(
          "SchemaVersionNumber",
          Long.toString(versionNumber),
          "Member must have value between 1 and 100000");
    }
    return new SchemaReference(
        schemaId == null ? null : schemaId.string("RegistryName", 1, GlueRequest.MAX_NAME_LENGTH),
        schemaId == null ? null : schemaId.string("SchemaName", 1, GlueRequest.MAX_NAME_LENGTH),
        schemaId == null ? null : schemaId.string("SchemaArn", 1, 10240),
        input.string("SchemaVersionId", 36, 36),
        versionNumber);
  }

  private static ObjectNode toSchemaReference(SchemaReference reference) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    if (reference.registryName() != null
        || reference.schemaName() != null
        || reference.schemaArn() != null) {
      ObjectNode schemaId = node.putObject("SchemaId");
      putIfNotNull(schemaId, "RegistryName", reference.registryName());
      putIfNotNull(schemaId, "SchemaName", reference.schemaName());
      putIfNotNull(schemaId, "SchemaArn", reference.schemaArn());
    }
    putIfNotNull(node, "SchemaVersionId", reference.schemaVersionId());
    if (reference.versionNumber() != null) {
      node.put("SchemaVersionNumber", reference.versionNumber());
    }
    return node;
  }

  // User-defined functions

  /**
   * A UserDefinedFunctionInput in {@code database}. Glue's FunctionType (regular, aggregate, stored
   * procedure) has no place in Hive's model and is checked but not kept.
   */
  static Function fromFunctionInput(DatabaseName database, GlueRequest input) {
    String name = input.requiredName("FunctionName");
    input.enumValue("FunctionType", FUNCTION_TYPES);
    String ownerType = input.enumValue("OwnerType", PRINCIPAL_TYPES);
    List<ResourceUri> resources = new ArrayList<>();
    for (GlueRequest resource : input.objects("ResourceUris", MAX_RESOURCE_URIS)) {
      String type = resource.enumValue("ResourceType", RESOURCE_TYPES);
      if (type == null) {
        throw resource.invalid("ResourceType", null, "Member must not be null");
      }
      resources.add(
          new ResourceUri(
              ResourceUri.Type.valueOf(type),
              resource.requiredString("Uri", 1, MAX_LOCATION_URI_LENGTH)));
    }
    return new Function(
        new FunctionName(database, name),
        input.name("ClassName"),
        input.name("OwnerName"),
        ownerType == null ? null : PrincipalType.valueOf(ownerType),
        null,
        FunctionType.JAVA,
        resources,
        0);
  }

  static ObjectNode toFunction(Function function, String accountId) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("FunctionName", function.name().function());
    node.put("DatabaseName", function.name().database());
    putIfNotNull(node, "ClassName", function.className());
    putIfNotNull(node, "OwnerName", function.ownerName());
    if (function.ownerType() != null) {
      node.put("OwnerType", function.ownerType().name());
    }
    putTimestamp(node, "CreateTime", function.createTime());
    ArrayNode resources = node.putArray("ResourceUris");
    for (ResourceUri resource : function.resourceUris()) {
      resources.addObject().put("ResourceType", resource.type().name()).put("Uri", resource.uri());
    }
    node.put("CatalogId", accountId);
    return node;
  }

  // Partitions

  /** Glue's ValueString: a partition value of 1 to 1024 characters. */
  static final int MAX_PARTITION_VALUE_LENGTH = 1024;

  /**
   * A PartitionInput of {@code table}. Its Values, when absent, are {@code defaultValues}: none for
   * a new partition (which then fails validation, naming the keys), and for an update the values
   * that identify the partition, so that an input without Values changes it in place.
   */
  static Partition fromPartitionInput(
      TableName table, GlueRequest input, List<String> defaultValues) {
    List<String> values = partitionValues(input, "Values");
    GlueRequest descriptor = input.object("StorageDescriptor");
    return new Partition(
        table,
        values == null ? defaultValues : values,
        descriptor == null ? null : fromStorageDescriptor(descriptor),
        parameters(input, "Parameters"),
        null,
        input.timestamp("LastAccessTime"),
        input.timestamp("LastAnalyzedTime"),
        0);
  }

  /** A ValueStringList in {@code field}; null when absent. */
  static List<String> partitionValues(GlueRequest input, String field) {
    return input.strings(field, Integer.MAX_VALUE, MAX_PARTITION_VALUE_LENGTH);
  }

  /**
   * A Partition. With {@code excludeColumnSchema} (GetPartitions' ExcludeColumnSchema) its storage
   * descriptor leaves out the columns, which are usually the table's, repeated on every partition.
   */
  static ObjectNode toPartition(
      Partition partition, String accountId, boolean excludeColumnSchema) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    ArrayNode values = node.putArray("Values");
    partition.values().forEach(values::add);
    node.put("DatabaseName", partition.table().database());
    node.put("TableName", partition.table().table());
    putTimestamp(node, "CreationTime", partition.createTime());
    putTimestamp(node, "LastAccessTime", partition.lastAccessTime());
    if (partition.storageDescriptor() != null) {
      ObjectNode descriptor = toStorageDescriptor(partition.storageDescriptor());
      if (excludeColumnSchema) {
        descriptor.remove("Columns");
      }
      node.set("StorageDescriptor", descriptor);
    }
    putParameters(node, "Parameters", partition.parameters());
    putTimestamp(node, "LastAnalyzedTime", partition.lastAnalyzedTime());
    node.put("CatalogId", accountId);
    return node;
  }

  /**
   * A PartitionIndexDescriptor. Key types are those of the table's partition keys; a key the table
   * no longer has (its keys were replaced after the index was created) is listed without one, as
   * AWS's model requires a type, with an empty one.
   */
  static ObjectNode toPartitionIndex(PartitionIndex index, List<Column> partitionKeys) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("IndexName", index.name());
    ArrayNode keys = node.putArray("Keys");
    for (String key : index.keys()) {
      String type =
          partitionKeys.stream()
              .filter(column -> column.name().equals(key))
              .map(Column::type)
              .findFirst()
              .orElse("");
      keys.addObject().put("Name", key).put("Type", type);
    }
    node.put("IndexStatus", index.status().name());
    // Cairn's indexes need no backfill (docs/glue-partitions.md), so nothing can fail in one.
    node.putArray("BackfillErrors");
    return node;
  }

  // Column statistics

  /** Glue's TypeString, the limit of ColumnStatistics' ColumnType. */
  static final int MAX_STATISTICS_TYPE_LENGTH = 20_000;

  private static final Set<String> STATISTICS_TYPES =
      Set.of("BOOLEAN", "DATE", "DECIMAL", "DOUBLE", "LONG", "STRING", "BINARY");

  /**
   * A ColumnStatistics. Glue has no kind for timestamps: a timestamp column's statistics travel as
   * LONG in seconds since the epoch (as Trino's Glue metastore writes them), which is how Hive
   * keeps them, so they read back as Hive's timestamp statistics over Thrift. Bit vectors and
   * histograms have no place in Glue's shapes: statistics written through Glue have none.
   *
   * @throws GlueException where a member is missing or out of range, as AWS's model checks
   * @throws ValidationException where StatisticsData lacks the member its Type names, or a
   *     DECIMAL's UnscaledValue is empty: errors of this entry alone
   */
  static ColumnStatistics fromColumnStatistics(GlueRequest input) {
    String columnName = input.requiredName("ColumnName");
    String columnType = input.requiredString("ColumnType", 0, MAX_STATISTICS_TYPE_LENGTH);
    Instant analyzedTime = input.timestamp("AnalyzedTime");
    if (analyzedTime == null) {
      throw input.invalid("AnalyzedTime", null, "Member must not be null");
    }
    GlueRequest data = input.requiredObject("StatisticsData");
    String type = data.enumValue("Type", STATISTICS_TYPES);
    if (type == null) {
      throw data.invalid("Type", null, "Member must not be null");
    }
    String member = statisticsMember(type);
    GlueRequest values = data.object(member);
    if (values == null) {
      throw new ValidationException(
          "statistics of column '" + columnName + "' have Type " + type + " but no " + member);
    }
    return new ColumnStatistics(
        columnName, columnType, analyzedTime, fromStatisticsData(type, columnType, values));
  }

  private static ColumnStatistics.Data fromStatisticsData(
      String type, String columnType, GlueRequest values) {
    return switch (type) {
      case "BOOLEAN" ->
          new BooleanData(
              values.requiredLong("NumberOfTrues", 0),
              values.requiredLong("NumberOfFalses", 0),
              values.requiredLong("NumberOfNulls", 0),
              null);
      case "DATE" ->
          new DateData(
              date(values.timestamp("MinimumValue")),
              date(values.timestamp("MaximumValue")),
              values.requiredLong("NumberOfNulls", 0),
              values.requiredLong("NumberOfDistinctValues", 0),
              null,
              null);
      case "DECIMAL" ->
          new DecimalData(
              decimal(values.object("MinimumValue")),
              decimal(values.object("MaximumValue")),
              values.requiredLong("NumberOfNulls", 0),
              values.requiredLong("NumberOfDistinctValues", 0),
              null,
              null);
      case "DOUBLE" ->
          new DoubleData(
              values.doubleValue("MinimumValue", Double.NEGATIVE_INFINITY),
              values.doubleValue("MaximumValue", Double.NEGATIVE_INFINITY),
              values.requiredLong("NumberOfNulls", 0),
              values.requiredLong("NumberOfDistinctValues", 0),
              null,
              null);
      case "LONG" ->
          isTimestamp(columnType)
              ? new TimestampData(
                  values.longValue("MinimumValue"),
                  values.longValue("MaximumValue"),
                  values.requiredLong("NumberOfNulls", 0),
                  values.requiredLong("NumberOfDistinctValues", 0),
                  null,
                  null)
              : new LongData(
                  values.longValue("MinimumValue"),
                  values.longValue("MaximumValue"),
                  values.requiredLong("NumberOfNulls", 0),
                  values.requiredLong("NumberOfDistinctValues", 0),
                  null,
                  null);
      case "STRING" ->
          new StringData(
              values.requiredLong("MaximumLength", 0),
              values.requiredDouble("AverageLength", 0),
              values.requiredLong("NumberOfNulls", 0),
              values.requiredLong("NumberOfDistinctValues", 0),
              null);
      case "BINARY" ->
          new BinaryData(
              values.requiredLong("MaximumLength", 0),
              values.requiredDouble("AverageLength", 0),
              values.requiredLong("NumberOfNulls", 0),
              null);
      default -> throw new IllegalStateException("unknown statistics type " + type);
    };
  }

  static ObjectNode toColumnStatistics(ColumnStatistics statistics) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("ColumnName", statistics.columnName());
    node.put("ColumnType", statistics.columnType());
    putTimestamp(node, "AnalyzedTime", statistics.analyzedTime());
    ObjectNode data = node.putObject("StatisticsData");
    ColumnStatistics.Data kind = statistics.data();
    String type;
    ObjectNode values = JsonNodeFactory.instance.objectNode();
    if (kind instanceof BooleanData bool) {
      type = "BOOLEAN";
      values
          .put("NumberOfTrues", bool.numberOfTrues())
          .put("NumberOfFalses", bool.numberOfFalses());
    } else if (kind instanceof DateData date) {
      type = "DATE";
      if (date.minimum() != null) {
        putTimestamp(values, "MinimumValue", startOfDay(date.minimum()));
      }
      if (date.maximum() != null) {
        putTimestamp(values, "MaximumValue", startOfDay(date.maximum()));
      }
      values.put("NumberOfDistinctValues", date.numberOfDistinctValues());
    } else if (kind instanceof DecimalData decimal) {
      type = "DECIMAL";
      if (decimal.minimum() != null) {
        values.set("MinimumValue", toDecimalNumber(decimal.minimum()));
      }
      if (decimal.maximum() != null) {
        values.set("MaximumValue", toDecimalNumber(decimal.maximum()));
      }
      values.put("NumberOfDistinctValues", decimal.numberOfDistinctValues());
    } else if (kind instanceof DoubleData doubles) {
      type = "DOUBLE";
      if (doubles.minimum() != null) {
        values.put("MinimumValue", doubles.minimum());
      }
      if (doubles.maximum() != null) {
        values.put("MaximumValue", doubles.maximum());
      }
      values.put("NumberOfDistinctValues", doubles.numberOfDistinctValues());
    } else if (kind instanceof LongData longs) {
      type = "LONG";
      if (longs.minimum() != null) {
        values.put("MinimumValue", longs.minimum());
      }
      if (longs.maximum() != null) {
        values.put("MaximumValue", longs.maximum());
      }
      values.put("NumberOfDistinctValues", longs.numberOfDistinctValues());
    } else if (kind instanceof TimestampData timestamps) {
      type = "LONG";
      if (timestamps.minimumEpochSeconds() != null) {
        values.put("MinimumValue", timestamps.minimumEpochSeconds());
      }
      if (timestamps.maximumEpochSeconds() != null) {
        values.put("MaximumValue", timestamps.maximumEpochSeconds());
      }
      values.put("NumberOfDistinctValues", timestamps.numberOfDistinctValues());
    } else if (kind instanceof StringData strings) {
      type = "STRING";
      values
          .put("MaximumLength", strings.maximumLength())
          .put("AverageLength", strings.averageLength())
          .put("NumberOfDistinctValues", strings.numberOfDistinctValues());
    } else if (kind instanceof BinaryData binary) {
      type = "BINARY";
      values
          .put("MaximumLength", binary.maximumLength())
          .put("AverageLength", binary.averageLength());
    } else {
      throw new IllegalStateException("unknown statistics kind " + kind.getClass());
    }
    values.put("NumberOfNulls", kind.numberOfNulls());
    data.put("Type", type);
    data.set(statisticsMember(type), values);
    return node;
  }

  private static Instant startOfDay(LocalDate date) {
    return date.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static String statisticsMember(String type) {
    return type.charAt(0) + type.substring(1).toLowerCase(Locale.ROOT) + "ColumnStatisticsData";
  }

  private static boolean isTimestamp(String columnType) {
    try {
      return HiveTypes.normalize(columnType).equals("timestamp");
    } catch (ValidationException notAType) {
      // The service refuses the type, naming it; until then it is not a timestamp.
      return false;
    }
  }

  /** Glue sends a date as the timestamp of its start, in UTC. */
  private static LocalDate date(Instant instant) {
    return instant == null ? null : LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  /** Glue's DecimalNumber: the unscaled value as big-endian two's complement bytes and a scale. */
  private static BigDecimal decimal(GlueRequest input) {
    if (input == null) {
      return null;
    }
    byte[] unscaled = input.requiredBlob("UnscaledValue");
    int scale = input.requiredInteger("Scale", Integer.MIN_VALUE, Integer.MAX_VALUE);
    if (unscaled.length == 0) {
      throw new ValidationException(
          "a DecimalNumber's UnscaledValue needs at least one byte (" + input.path() + ")");
    }
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  private static ObjectNode toDecimalNumber(BigDecimal value) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put(
        "UnscaledValue", Base64.getEncoder().encodeToString(value.unscaledValue().toByteArray()));
    node.put("Scale", value.scale());
    return node;
  }

  // Errors

  /**
   * The ErrorDetail of one entry of a batch: the exception {@link GlueApi#translate} maps, as the
   * whole call would have failed with it. An unexpected exception is not an entry's error: it is
   * rethrown, and the whole call fails.
   */
  static ObjectNode toErrorDetail(RuntimeException exception) {
    GlueException error = GlueApi.translate(exception);
    if (error.status() >= 500) {
      throw exception;
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("ErrorCode", error.type());
    node.put("ErrorMessage", error.getMessage());
    return node;
  }

  // Values

  /** A ParametersMap: keys of 1 to 255 characters, values of at most 512,000; empty if absent. */
  static Map<String, String> parameters(GlueRequest input, String field) {
    Map<String, String> parameters =
        input.stringMap(
            field, Integer.MAX_VALUE, MAX_PARAMETER_KEY_LENGTH, MAX_PARAMETER_VALUE_LENGTH);
    return parameters == null ? Map.of() : parameters;
  }

  /** Parameters in key order, always present (AWS sends an empty map rather than none). */
  static void putParameters(ObjectNode node, String field, Map<String, String> parameters) {
    ObjectNode map = node.putObject(field);
    new TreeMap<>(parameters).forEach(map::put);
  }

  /** Seconds since the epoch with milliseconds as the fraction, as AWS's JSON protocol sends. */
  static void putTimestamp(ObjectNode node, String field, Instant instant) {
    if (instant != null) {
      node.put(field, BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }
  }

  static void putIfNotNull(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  /** A reference to another database or table may point only into this catalog. */
  private static void requireOwnCatalog(GlueRequest reference, String accountId) {
    String catalogId = reference.string("CatalogId", 1, GlueRequest.MAX_NAME_LENGTH);
    if (catalogId != null && !catalogId.equals(accountId)) {
      throw reference.invalid(
          "CatalogId",
          catalogId,
          "Cairn links only to databases and tables of its own catalog " + accountId);
    }
  }
}
