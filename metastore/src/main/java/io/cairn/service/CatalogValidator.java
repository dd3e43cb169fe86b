package io.cairn.service;

import io.cairn.catalog.Catalog;
import io.cairn.catalog.Column;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.Database;
import io.cairn.catalog.Function;
import io.cairn.catalog.HiveTypes;
import io.cairn.catalog.LimitExceededException;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PartitionIndex;
import io.cairn.catalog.ResourceUri;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.ValidationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules every write to the catalog obeys: Glue's input limits, Hive's types, lower-case names.
 * Each method checks one object and returns it normalized (names lower-case, types canonical) or
 * throws {@link ValidationException} ({@link LimitExceededException} for a limit). Nothing is read
 * from or written to the store, and times and versions stay as given: {@link CatalogService} sets
 * them before it validates, an import keeps those of its document. A table that a method takes
 * beside the object is valid already, as stored.
 */
public final class CatalogValidator {
  private static final int MAX_NAME_LENGTH = 255;
  private static final int MAX_DESCRIPTION_LENGTH = 2048;
  private static final int MAX_LOCATION_LENGTH = 2056;
  private static final int MAX_PARAMETER_KEY_LENGTH = 255;
  private static final int MAX_PARAMETER_VALUE_LENGTH = 512_000;
  private static final int MAX_COLUMN_COMMENT_LENGTH = 255;
  private static final int MAX_COLUMN_TYPE_LENGTH = 131_072;
  private static final int MAX_PARTITION_VALUE_LENGTH = 1024;
  private static final int MAX_PARTITION_INDEXES = 3;
  private static final int MAX_TAGS = 50;
  private static final int MAX_TAG_KEY_LENGTH = 128;
  private static final int MAX_TAG_VALUE_LENGTH = 256;
  private static final int MAX_RESOURCE_URIS = 1000;
  private static final int MAX_RESOURCE_URI_LENGTH = 1024;

  private CatalogValidator() {}

  /** A catalog: a valid name and, as Hive requires, a location for its default database. */
  public static Catalog catalog(Catalog catalog) {
    name("catalog", catalog.name());
    if (catalog.location() == null || catalog.location().isBlank()) {
      throw new ValidationException("catalog " + catalog.name() + " needs a location");
    }
    return catalog;
  }

  /**
   * A database as Hive and Glue clients create it: its name is one name, without {@code .} (see
   * {@link #nestedDatabase} for the one exception).
   */
  public static Database database(Database database) {
    name("database", database.name().database());
    return databaseFields(database);
  }

  /**
   * A database that may be an Iceberg REST nested namespace: its name is one or more levels joined
   * by {@code .} ({@code a.b} is the namespace {@code [a, b]}), each level a valid name. Only the
   * Iceberg REST catalog creates such databases; every other write takes any stored database name.
   */
  public static Database nestedDatabase(Database database) {
    databaseName(database.name().database());
    return databaseFields(database);
  }

  private static Database databaseFields(Database database) {
    maxLength("database description", database.description(), MAX_DESCRIPTION_LENGTH);
    maxLength("database location", database.location(), MAX_LOCATION_LENGTH);
    maxLength("database managed location", database.managedLocation(), MAX_LOCATION_LENGTH);
    parameters("database", database.parameters());
    requireVersion("database", database.version());
    // DatabaseName lower-cases itself: there is nothing to normalize.
    return database;
  }

  public static Table table(Table table) {
    databaseName(table.name().database());
    name("table", table.name().table());
    maxLength("table description", table.description(), MAX_DESCRIPTION_LENGTH);
    maxLength("table owner", table.owner(), MAX_NAME_LENGTH);
    maxLength("table type", table.tableType(), MAX_NAME_LENGTH);
    parameters("table", table.parameters());
    if (table.retention() < 0) {
      throw new ValidationException("table retention must not be negative");
    }
    requireVersion("table", table.version());
    List<Column> partitionKeys = columns("partition key", table.partitionKeys(), Set.of());
    StorageDescriptor descriptor = table.storageDescriptor();
    if (descriptor != null) {
      Set<String> keyNames = partitionKeys.stream().map(Column::name).collect(Collectors.toSet());
      descriptor = storageDescriptor("table", descriptor, keyNames);
    }
    Table validated =
        table.toBuilder().partitionKeys(partitionKeys).storageDescriptor(descriptor).build();
    ProjectedPartitions.validate(validated);
    return validated;
  }

  /** A partition of {@code table}; the partition's own table name is ignored. */
  public static Partition partition(Table table, Partition partition) {
    if (!table.isPartitioned()) {
      throw new ValidationException("table " + table.name() + " is not partitioned");
    }
    if (partition.values().size() != table.partitionKeys().size()) {
      throw new ValidationException(
          "table "
              + table.name()
              + " has "
              + table.partitionKeys().size()
              + " partition keys but the partition has "
              + partition.values().size()
              + " values: "
              + partition.values());
    }
    // No null check: Partition refuses null values, and Hive spells null as a value.
    for (String value : partition.values()) {
      maxLength("partition value", value, MAX_PARTITION_VALUE_LENGTH);
    }
    parameters("partition", partition.parameters());
    requireVersion("partition", partition.version());
    StorageDescriptor descriptor = partition.storageDescriptor();
    if (descriptor != null) {
      descriptor = storageDescriptor("partition", descriptor, Set.of());
    }
    return new Partition(
        table.name(),
        partition.values(),
        descriptor,
        partition.parameters(),
        partition.createTime(),
        partition.lastAccessTime(),
        partition.lastAnalyzedTime(),
        partition.version());
  }

  /** Statistics of {@code table}'s columns, partition keys included. */
  public static List<ColumnStatistics> tableColumnStatistics(
      Table table, List<ColumnStatistics> statistics) {
    return columnStatistics(table, true, statistics);
  }

  /** Statistics of the columns of a partition of {@code table}: its partition keys have none. */
  public static List<ColumnStatistics> partitionColumnStatistics(
      Table table, List<ColumnStatistics> statistics) {
    return columnStatistics(table, false, statistics);
  }

  private static List<ColumnStatistics> columnStatistics(
      Table table, boolean includePartitionKeys, List<ColumnStatistics> statistics) {
    Set<String> columns = new HashSet<>();
    if (table.storageDescriptor() != null) {
      table.storageDescriptor().columns().forEach(column -> columns.add(column.name()));
    }
    if (includePartitionKeys) {
      table.partitionKeys().forEach(column -> columns.add(column.name()));
    }
    List<ColumnStatistics> normalized = new ArrayList<>(statistics.size());
    for (ColumnStatistics columnStatistics : statistics) {
      String columnName = columnStatistics.columnName().toLowerCase(Locale.ROOT);
      if (!columns.contains(columnName)) {
        throw new ValidationException(
            "table " + table.name() + " has no column '" + columnStatistics.columnName() + "'");
      }
      normalized.add(
          new ColumnStatistics(
              columnName,
              HiveTypes.normalize(columnStatistics.columnType()),
              columnStatistics.analyzedTime(),
              columnStatistics.data()));
    }
    return normalized;
  }

  /** A new index of {@code table}, which has the indexes {@code existing}. */
  public static PartitionIndex partitionIndex(
      Table table, List<PartitionIndex> existing, PartitionIndex index) {
    String name = name("partition index", index.name());
    if (index.keys().isEmpty()) {
      throw new ValidationException("a partition index needs at least one key");
    }
    List<String> partitionKeys = table.partitionKeys().stream().map(Column::name).toList();
    List<String> keys = index.keys().stream().map(key -> key.toLowerCase(Locale.ROOT)).toList();
    for (String key : keys) {
      if (!partitionKeys.contains(key)) {
        throw new ValidationException(
            "'" + key + "' is not a partition key of table " + table.name() + " " + partitionKeys);
      }
      String type = table.partitionKeys().get(partitionKeys.indexOf(key)).type();
      if (!isIndexableKeyType(type)) {
        throw new ValidationException(
            "partition key '"
                + key
                + "' has type "
                + type
                + "; a partition index supports keys of type string, char, varchar, date,"
                + " tinyint, smallint, int and bigint");
      }
    }
    if (new HashSet<>(keys).size() != keys.size()) {
      throw new ValidationException("a partition index names a key twice: " + index.keys());
    }
    if (existing.size() >= MAX_PARTITION_INDEXES) {
      throw new LimitExceededException(
          "table " + table.name() + " has " + MAX_PARTITION_INDEXES + " partition indexes already");
    }
    return new PartitionIndex(name, keys, index.status());
  }

  /** Glue's partition index key types: text, integral numbers and dates. */
  private static boolean isIndexableKeyType(String type) {
    String canonical = type.toLowerCase(Locale.ROOT);
    return switch (canonical) {
      case "string", "date", "tinyint", "smallint", "int", "bigint" -> true;
      default -> canonical.startsWith("char(") || canonical.startsWith("varchar(");
    };
  }

  /**
   * A user-defined function: names as for tables, a class name of 1 to 255 characters and at most
   * 1,000 resource URIs of 1 to 1,024 characters each (Glue's limits).
   */
  public static Function function(Function function) {
    databaseName(function.name().database());
    name("function", function.name().function());
    String className = function.className();
    if (className == null || className.isBlank()) {
      throw new ValidationException(
          "function " + function.name() + " has no class name: it is required");
    }
    maxLength("function class name", className, MAX_NAME_LENGTH);
    maxLength("function owner", function.ownerName(), MAX_NAME_LENGTH);
    if (function.resourceUris().size() > MAX_RESOURCE_URIS) {
      throw new LimitExceededException(
          "a function has at most " + MAX_RESOURCE_URIS + " resource URIs");
    }
    for (ResourceUri resource : function.resourceUris()) {
      if (resource.uri().isBlank() || resource.uri().length() > MAX_RESOURCE_URI_LENGTH) {
        throw new ValidationException(
            "function resource URI must be 1 to "
                + MAX_RESOURCE_URI_LENGTH
                + " characters: '"
                + abbreviate(resource.uri())
                + "'");
      }
    }
    requireVersion("function", function.version());
    // FunctionName lower-cases itself: there is nothing to normalize.
    return function;
  }

  /** All the tags of one resource, at most 50. */
  public static void tags(Map<String, String> tags) {
    if (tags.size() > MAX_TAGS) {
      throw new ValidationException("a resource has at most " + MAX_TAGS + " tags");
    }
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      if (tag.getKey().isEmpty() || tag.getKey().length() > MAX_TAG_KEY_LENGTH) {
        throw new ValidationException("tag key must be 1 to " + MAX_TAG_KEY_LENGTH + " characters");
      }
      if (tag.getValue() == null || tag.getValue().length() > MAX_TAG_VALUE_LENGTH) {
        throw new ValidationException(
            "tag '"
                + tag.getKey()
                + "' value must be at most "
                + MAX_TAG_VALUE_LENGTH
                + " characters");
      }
    }
  }

  private static StorageDescriptor storageDescriptor(
      String what, StorageDescriptor descriptor, Set<String> partitionKeyNames) {
    maxLength(what + " location", descriptor.location(), MAX_LOCATION_LENGTH);
    parameters(what + " storage descriptor", descriptor.parameters());
    if (descriptor.serdeInfo() != null) {
      parameters(what + " SerDe", descriptor.serdeInfo().parameters());
    }
    List<Column> columns = columns("column", descriptor.columns(), partitionKeyNames);
    return descriptor.toBuilder().columns(columns).build();
  }

  /** A stored database's name: levels joined by {@code .}, each a valid name, 255 at most. */
  private static void databaseName(String name) {
    if (name == null || name.isBlank()) {
      throw new ValidationException("database name must not be empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new ValidationException(
          "database name is longer than " + MAX_NAME_LENGTH + " characters: " + abbreviate(name));
    }
    for (String level : name.split("\\.", -1)) {
      name("database level", level);
    }
  }

  /**
   * A database, table or index name: 1 to 255 characters, no control characters and none of the
   * characters that separate names in ARNs, partition names and qualified names ({@code / . :}).
   */
  private static String name(String what, String name) {
    if (name == null || name.isBlank()) {
      throw new ValidationException(what + " name must not be empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new ValidationException(
          what + " name is longer than " + MAX_NAME_LENGTH + " characters: " + abbreviate(name));
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c) || c == '/' || c == '.' || c == ':') {
        throw new ValidationException(
            what
                + " name '"
                + abbreviate(name)
                + "' contains the character '"
                + printable(c)
                + "' at position "
                + i);
      }
    }
    return name.toLowerCase(Locale.ROOT);
  }

  private static void requireVersion(String what, long version) {
    if (version < 0) {
      throw new ValidationException(what + " version must not be negative");
    }
  }

  private static void maxLength(String what, String value, int max) {
    if (value != null && value.length() > max) {
      throw new ValidationException(what + " is longer than " + max + " characters");
    }
  }

  private static void parameters(String what, Map<String, String> parameters) {
    for (Map.Entry<String, String> entry : parameters.entrySet()) {
      if (entry.getKey().isEmpty() || entry.getKey().length() > MAX_PARAMETER_KEY_LENGTH) {
        throw new ValidationException(
            what
                + " parameter key must be 1 to "
                + MAX_PARAMETER_KEY_LENGTH
                + " characters: '"
                + abbreviate(entry.getKey())
                + "'");
      }
      if (entry.getValue() == null) {
        throw new ValidationException(what + " parameter '" + entry.getKey() + "' has no value");
      }
      if (entry.getValue().length() > MAX_PARAMETER_VALUE_LENGTH) {
        throw new ValidationException(
            what
                + " parameter '"
                + entry.getKey()
                + "' is longer than "
                + MAX_PARAMETER_VALUE_LENGTH
                + " characters");
      }
    }
  }

  /** Validates columns and returns them with canonical types; names must be unique. */
  private static List<Column> columns(String what, List<Column> columns, Set<String> takenNames) {
    List<Column> result = new ArrayList<>(columns.size());
    Set<String> seen = new HashSet<>(takenNames);
    for (Column column : columns) {
      String name = column.name();
      if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
        throw new ValidationException(
            what
                + " name must be 1 to "
                + MAX_NAME_LENGTH
                + " characters: '"
                + abbreviate(name)
                + "'");
      }
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw new ValidationException("duplicate " + what + " name '" + name + "'");
      }
      maxLength(what + " '" + name + "' comment", column.comment(), MAX_COLUMN_COMMENT_LENGTH);
      maxLength(what + " '" + name + "' type", column.type(), MAX_COLUMN_TYPE_LENGTH);
      parameters(what + " '" + name + "'", column.parameters());
      String type;
      try {
        type = HiveTypes.normalize(column.type());
      } catch (ValidationException e) {
        throw new ValidationException(
            "invalid type of " + what + " '" + name + "': " + e.getMessage());
      }
      result.add(
          new Column(name.toLowerCase(Locale.ROOT), type, column.comment(), column.parameters()));
    }
    return result;
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }

  private static String printable(char c) {
    return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
