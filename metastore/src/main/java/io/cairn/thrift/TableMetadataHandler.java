package io.cairn.thrift;

import static io.cairn.thrift.HiveMetastoreHandler.all;
import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Column;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.PartitionPredicate;
import io.cairn.service.CatalogService;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.ExtendedTableInfo;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetFieldsRequest;
import org.apache.hadoop.hive.metastore.api.GetFieldsResponse;
import org.apache.hadoop.hive.metastore.api.GetSchemaRequest;
import org.apache.hadoop.hive.metastore.api.GetSchemaResponse;
import org.apache.hadoop.hive.metastore.api.GetTablesExtRequest;
import org.apache.hadoop.hive.metastore.api.GetTablesExtRequestFields;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.TableMeta;
import org.apache.hadoop.hive.metastore.api.UnknownDBException;
import org.apache.hadoop.hive.metastore.api.hive_metastoreConstants;

/**
 * The Hive Metastore calls that describe tables rather than change them: table summaries across
 * databases ({@code get_table_meta}, {@code get_tables_ext}), table names by a filter on their
 * owner, type, last access or parameters ({@code get_table_names_by_filter}), and a table's columns
 * ({@code get_fields}) or columns and partition keys ({@code get_schema}).
 */
final class TableMetadataHandler {
  /** Hive's access type of a table its client may read and write. */
  private static final int ACCESS_READ_WRITE = 8;

  private final CatalogService service;
  private final HiveNames names;

  TableMetadataHandler(CatalogService service) {
    this.service = requireNonNull(service, "service is null");
    this.names = new HiveNames(service.defaultCatalog());
  }

  /**
   * Tables whose database and name match Hive patterns ({@code *} for any run of characters, {@code
   * |} between alternatives), of the given types (any when none). The database pattern may name a
   * catalog as {@code @catalog#pattern}.
   */
  public List<TableMeta> get_table_meta(
      String databasePattern, String tablePattern, List<String> tableTypes) {
    if ("".equals(databasePattern) || "".equals(tablePattern)) {
      return List.of();
    }
    DatabaseName qualified = names.database(databasePattern == null ? "*" : databasePattern);
    List<TableMeta> result = new ArrayList<>();
    List<DatabaseName> databases =
        all(
                page ->
                    service.listDatabases(
                        qualified.catalog(), anyWhenStar(qualified.database()), page),
                -1)
            .stream()
            .map(io.cairn.catalog.Database::name)
            .toList();
    for (DatabaseName database : databases) {
      for (Table table :
          all(page -> service.listTables(database, anyWhenStar(tablePattern), page), -1)) {
        if (tableTypes == null || tableTypes.isEmpty() || tableTypes.contains(table.tableType())) {
          result.add(tableMeta(table));
        }
      }
    }
    return result;
  }

  private static TableMeta tableMeta(Table table) {
    TableMeta meta =
        new TableMeta(
            table.name().database(),
            table.name().table(),
            Objects.requireNonNullElse(table.tableType(), ""));
    meta.setCatName(table.name().catalog());
    meta.setComments(table.parameters().get("comment"));
    meta.setOwnerName(table.owner());
    meta.setOwnerType(ThriftConverter.toThrift(table.ownerType()));
    return meta;
  }

  /**
   * Table names matching a pattern, at most {@code limit} (all when not positive), each with the
   * fields the request's bit mask asks for. Cairn gives every client read and write access and
   * requires no capabilities of it.
   */
  public List<ExtendedTableInfo> get_tables_ext(GetTablesExtRequest request) {
    DatabaseName database = names.database(request.getCatalog(), request.getDatabase());
    service.loadDatabase(database);
    int limit = request.getLimit() > 0 ? request.getLimit() : -1;
    int fields = request.getRequestedFields();
    return all(
            page ->
                service.listTableNames(database, anyWhenStar(request.getTableNamePattern()), page),
            limit)
        .stream()
        .map(
            name -> {
              ExtendedTableInfo info = new ExtendedTableInfo(name);
              if (requested(fields, GetTablesExtRequestFields.ACCESS_TYPE)) {
                info.setAccessType(ACCESS_READ_WRITE);
              }
              if (requested(fields, GetTablesExtRequestFields.PROCESSOR_CAPABILITIES)) {
                info.setRequiredReadCapabilities(new ArrayList<>());
                info.setRequiredWriteCapabilities(new ArrayList<>());
              }
              return info;
            })
        .toList();
  }

  private static boolean requested(int mask, GetTablesExtRequestFields field) {
    return (mask & field.getValue()) == field.getValue();
  }

  /**
   * Names of the tables a filter selects, at most {@code maxTables} (all when negative). The filter
   * is Hive's filter language over the keys of {@code hive_metastoreConstants}: {@code
   * hive_filter_field_owner__}, {@code hive_filter_field_tableName__}, {@code
   * hive_filter_field_tableType__}, {@code hive_filter_field_last_access__} (a number of seconds)
   * and {@code hive_filter_field_params__<key>}; parameters take {@code =}, {@code <>} and {@code
   * LIKE} only, as in Hive.
   */
  public List<String> get_table_names_by_filter(String database, String filter, short maxTables)
      throws InvalidOperationException, UnknownDBException, MetaException {
    if (database == null || database.isBlank()) {
      throw new UnknownDBException("database name is null or empty");
    }
    if (filter == null) {
      throw new InvalidOperationException("a table filter must not be null");
    }
    DatabaseName name = names.database(database);
    PartitionPredicate predicate = HiveFilterParser.parse(filter);
    if (predicate != null) {
      TableFilter.check(predicate);
    }
    service.loadDatabase(name);
    List<String> result = new ArrayList<>();
    for (Table table : all(page -> service.listTables(name, null, page), -1)) {
      if (maxTables >= 0 && result.size() >= maxTables) {
        break;
      }
      if (predicate == null || TableFilter.matches(predicate, table)) {
        result.add(table.name().table());
      }
    }
    return result;
  }

  // Columns

  /** The table's columns; {@code table} may carry a nested field path after a dot, as in Hive. */
  public List<FieldSchema> get_fields(String database, String table) {
    return columns(names.database(database).table(baseName(table))).getFields();
  }

  public List<FieldSchema> get_fields_with_environment_context(
      String database, String table, EnvironmentContext context) {
    return get_fields(database, table);
  }

  public GetFieldsResponse get_fields_req(GetFieldsRequest request) {
    return columns(
        names.table(request.getCatName(), request.getDbName(), baseName(request.getTblName())));
  }

  /** The table's columns followed by its partition keys. */
  public List<FieldSchema> get_schema(String database, String table) {
    return schema(names.database(database).table(baseName(table))).getFields();
  }

  public List<FieldSchema> get_schema_with_environment_context(
      String database, String table, EnvironmentContext context) {
    return get_schema(database, table);
  }

  public GetSchemaResponse get_schema_req(GetSchemaRequest request) {
    return schema(
        names.table(request.getCatName(), request.getDbName(), baseName(request.getTblName())));
  }

  private GetFieldsResponse columns(TableName name) {
    Table table = service.loadTable(name);
    return new GetFieldsResponse(
        fieldSchemas(
            table.storageDescriptor() == null ? List.of() : table.storageDescriptor().columns()));
  }

  private GetSchemaResponse schema(TableName name) {
    Table table = service.loadTable(name);
    List<Column> columns = new ArrayList<>();
    if (table.storageDescriptor() != null) {
      columns.addAll(table.storageDescriptor().columns());
    }
    columns.addAll(table.partitionKeys());
    return new GetSchemaResponse(fieldSchemas(columns));
  }

  private static List<FieldSchema> fieldSchemas(List<Column> columns) {
    return new ArrayList<>(columns.stream().map(ThriftConverter::toThrift).toList());
  }

  private static String baseName(String table) {
    requireNonNull(table, "table name is null");
    int dot = table.indexOf('.');
    return dot < 0 ? table : table.substring(0, dot);
  }

  /** Hive sends {@code *} for "every name"; the store takes null for that. */
  private static String anyWhenStar(String pattern) {
    return pattern == null || pattern.isBlank() || pattern.equals("*") ? null : pattern;
  }

  /** Evaluates a parsed Hive filter against a table's fields, as Hive's metastore does. */
  private static final class TableFilter {
    private static final String OWNER = hive_metastoreConstants.HIVE_FILTER_FIELD_OWNER;
    private static final String NAME = hive_metastoreConstants.HIVE_FILTER_FIELD_TABLE_NAME;
    private static final String TYPE = hive_metastoreConstants.HIVE_FILTER_FIELD_TABLE_TYPE;
    private static final String LAST_ACCESS = hive_metastoreConstants.HIVE_FILTER_FIELD_LAST_ACCESS;
    private static final String PARAMETER = hive_metastoreConstants.HIVE_FILTER_FIELD_PARAMS;

    private TableFilter() {}

    /** Refuses keys and operators Hive's table filter does not have, naming them. */
    static void check(PartitionPredicate predicate) {
      if (predicate instanceof PartitionPredicate.And and) {
        and.terms().forEach(TableFilter::check);
      } else if (predicate instanceof PartitionPredicate.Or or) {
        or.terms().forEach(TableFilter::check);
      } else if (predicate instanceof PartitionPredicate.Not not) {
        check(not.term());
      } else if (predicate instanceof PartitionPredicate.Comparison comparison) {
        checkKey(comparison.key());
        if (comparison.key().startsWith(PARAMETER)
            && comparison.operator() != PartitionPredicate.Operator.EQUAL
            && comparison.operator() != PartitionPredicate.Operator.NOT_EQUAL) {
          throw new ValidationException(
              "only =, <> and LIKE are supported for " + PARAMETER + " keys");
        }
        if (comparison.key().equals(LAST_ACCESS)) {
          number(comparison.value());
        }
      } else if (predicate instanceof PartitionPredicate.Like like) {
        checkKey(like.key());
        if (like.key().equals(LAST_ACCESS)) {
          throw new ValidationException("LIKE is not supported for " + LAST_ACCESS);
        }
      } else {
        throw new ValidationException(
            "table filters support comparisons and LIKE joined by AND, OR and NOT only");
      }
    }

    private static void checkKey(String key) {
      if (!key.equals(OWNER)
          && !key.equals(NAME)
          && !key.equals(TYPE)
          && !key.equals(LAST_ACCESS)
          && !(key.startsWith(PARAMETER) && key.length() > PARAMETER.length())) {
        throw new ValidationException(
            "invalid key name in table filter: '"
                + key
                + "'; use the hive_filter_field_* constants of hive_metastoreConstants");
      }
    }

    static boolean matches(PartitionPredicate predicate, Table table) {
      if (predicate instanceof PartitionPredicate.And and) {
        return and.terms().stream().allMatch(term -> matches(term, table));
      }
      if (predicate instanceof PartitionPredicate.Or or) {
        return or.terms().stream().anyMatch(term -> matches(term, table));
      }
      if (predicate instanceof PartitionPredicate.Not not) {
        return !matches(not.term(), table);
      }
      if (predicate instanceof PartitionPredicate.Comparison comparison) {
        return compare(comparison, table);
      }
      PartitionPredicate.Like like = (PartitionPredicate.Like) predicate;
      String value = value(like.key(), table);
      return value != null && likeRegex(like.pattern()).matcher(value).matches();
    }

    private static boolean compare(PartitionPredicate.Comparison comparison, Table table) {
      if (comparison.key().equals(LAST_ACCESS)) {
        long lastAccess =
            table.lastAccessTime() == null ? 0 : table.lastAccessTime().getEpochSecond();
        return holds(Long.compare(lastAccess, number(comparison.value())), comparison.operator());
      }
      String value = value(comparison.key(), table);
      if (value == null) {
        return false;
      }
      return holds(value.compareTo(comparison.value()), comparison.operator());
    }

    private static boolean holds(int order, PartitionPredicate.Operator operator) {
      return switch (operator) {
        case EQUAL -> order == 0;
        case NOT_EQUAL -> order != 0;
        case LESS_THAN -> order < 0;
        case LESS_THAN_OR_EQUAL -> order <= 0;
        case GREATER_THAN -> order > 0;
        case GREATER_THAN_OR_EQUAL -> order >= 0;
      };
    }

    private static String value(String key, Table table) {
      if (key.equals(OWNER)) {
        return table.owner();
      }
      if (key.equals(NAME)) {
        return table.name().table();
      }
      if (key.equals(TYPE)) {
        return table.tableType();
      }
      return table.parameters().get(key.substring(PARAMETER.length()));
    }

    private static long number(String value) {
      try {
        return Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        throw new ValidationException(LAST_ACCESS + " compares with a number, not '" + value + "'");
      }
    }

    /** SQL LIKE ({@code %}, {@code _}, backslash escapes) as a regular expression. */
    private static Pattern likeRegex(String like) {
      StringBuilder regex = new StringBuilder();
      for (int i = 0; i < like.length(); i++) {
        char c = like.charAt(i);
        if (c == '\\' && i + 1 < like.length()) {
          regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
        } else if (c == '%') {
          regex.append(".*");
        } else if (c == '_') {
          regex.append('.');
        } else {
          regex.append(Pattern.quote(String.valueOf(c)));
        }
      }
      return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
  }
}
