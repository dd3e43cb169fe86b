package io.cairn.etl.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.etl.TransformContext;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Cairn's {@code JdbcSource} node: a table ({@code Table}) or the result of a query ({@code Query})
 * of the database at {@code Url}, as {@code User}. Glue's {@code JDBCConnectorSource} names a
 * catalog connection instead, which the runner does not have; the password is never in the job file
 * but in the job argument named by {@code PasswordArgument}. The PostgreSQL driver ships with the
 * runner; others are found by {@code Driver} on the class path.
 *
 * <p>With job bookmarks, as Glue's JDBC sources do, a run reads only rows whose bookmark keys are
 * beyond the last run's: {@code JobBookmarkKeys} (columns, compared in order as one compound key)
 * and {@code JobBookmarkKeysSortOrder} ({@code ASC}, the default: rows above the last maximum;
 * {@code DESC}: rows below the last minimum), the names of Glue's {@code JDBCConnectorOptions}.
 * Without keys a {@code Table}'s primary key is used, read from the driver's {@code
 * DatabaseMetaData} (Spark's JDBC reader does not see it); a {@code Query} needs keys. The keys
 * must only ever grow (or shrink, descending) for new rows, as in Glue: a row added with a key at
 * or behind the bookmark is never read, nor is a row whose key is null. The bookmark is {@code
 * {"keys": [...], "sortOrder": "asc" | "desc", "last": [value as text, ...]}}; a run reads up to
 * the extreme key it saw when it started, so rows added while it runs are left whole for the next
 * run.
 */
public final class JdbcSource implements BookmarkedSource {
  private static final Set<String> SORT_ORDERS = Set.of("ASC", "DESC");

  @Override
  public String type() {
    return "JdbcSource";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    Settings.requireText(configuration, "Url", problems);
    Settings.text(configuration, "Url")
        .filter(url -> !url.startsWith("jdbc:"))
        .ifPresent(url -> problems.add("Url must start with jdbc:"));
    boolean table = Settings.text(configuration, "Table").isPresent();
    boolean query = Settings.text(configuration, "Query").isPresent();
    if (table == query) {
      problems.add("exactly one of Table and Query is needed");
    }
    JsonNode keys = configuration.get("JobBookmarkKeys");
    if (keys != null && (!keys.isArray() || keys.isEmpty())) {
      problems.add("JobBookmarkKeys must be a non-empty list of column names");
    } else if (keys != null) {
      keys.forEach(
          key -> {
            if (!key.isTextual() || key.asText().isBlank()) {
              problems.add("JobBookmarkKeys holds " + key + ", not a column name");
            }
          });
    }
    Settings.text(configuration, "JobBookmarkKeysSortOrder")
        .filter(order -> !SORT_ORDERS.contains(order.toUpperCase(Locale.ROOT)))
        .ifPresent(
            order ->
                problems.add(
                    "JobBookmarkKeysSortOrder is '" + order + "'; expected one of [ASC, DESC]"));
    return problems;
  }

  @Override
  public Dataset<Row> read(TransformContext context, JsonNode configuration) {
    return reader(context, configuration).load();
  }

  @Override
  public Dataset<Row> read(
      TransformContext context, JsonNode configuration, SourceBookmark bookmark) {
    Dataset<Row> all = read(context, configuration);
    List<String> keys = bookmarkKeys(context, configuration);
    boolean descending =
        Settings.text(configuration, "JobBookmarkKeysSortOrder")
            .map(order -> order.equalsIgnoreCase("DESC"))
            .orElse(false);
    List<DataType> types = new ArrayList<>();
    for (String key : keys) {
      types.add(keyType(all.schema(), key));
    }
    Optional<List<String>> processed = last(bookmark.processed(), keys, descending);
    Dataset<Row> unread =
        processed.map(values -> all.filter(beyond(keys, types, values, descending))).orElse(all);

    Optional<List<String>> end = last(bookmark.upTo(), keys, descending);
    if (end.isEmpty() && bookmark.upTo().isMissingNode()) {
      Column[] columns = keys.stream().map(key -> col(key)).toArray(Column[]::new);
      // Rows with a null key are never read (Glue's caveat too); they must not be the end either,
      // or a null bound would read nothing now and in every later run.
      Column keysPresent =
          keys.stream().map(key -> col(key).isNotNull()).reduce(Column::and).orElseThrow();
      Row extreme =
          unread
              .filter(keysPresent)
              .agg(descending ? min(struct(columns)) : max(struct(columns)))
              .collectAsList()
              .get(0);
      if (!extreme.isNullAt(0)) {
        Row values = extreme.getStruct(0);
        List<String> texts = new ArrayList<>();
        for (int index = 0; index < keys.size(); index++) {
          texts.add(text(values.get(index)));
        }
        end = Optional.of(texts);
      }
    }
    if (end.isEmpty()) {
      // Nothing new: the bookmark stays, and no rows are read (the columns are still known).
      bookmark.record(state(keys, descending, processed));
      return context.spark().createDataFrame(List.<Row>of(), all.schema());
    }
    bookmark.record(state(keys, descending, end));
    // Up to and including the end; a null key compares to null, so such rows are never read.
    return unread.filter(not(beyond(keys, types, end.get(), descending)));
  }

  private static DataFrameReader reader(TransformContext context, JsonNode configuration) {
    DataFrameReader reader =
        context
            .spark()
            .read()
            .format("jdbc")
            .option("url", Settings.requiredText(configuration, "Url"));
    if (Settings.text(configuration, "Table").isPresent()) {
      reader = reader.option("dbtable", Settings.requiredText(configuration, "Table"));
    } else {
      reader = reader.option("query", Settings.requiredText(configuration, "Query"));
    }
    for (Map.Entry<String, String> property : connectionProperties(context, configuration)) {
      reader = reader.option(property.getKey(), property.getValue());
    }
    return reader;
  }

  /** {@code user}, {@code password} and {@code driver}, as Spark's reader and JDBC's take them. */
  private static Set<Map.Entry<String, String>> connectionProperties(
      TransformContext context, JsonNode configuration) {
    Map<String, String> properties = new TreeMap<>();
    Settings.text(configuration, "User").ifPresent(user -> properties.put("user", user));
    if (Settings.text(configuration, "PasswordArgument").isPresent()) {
      String argument = Settings.requiredText(configuration, "PasswordArgument");
      String password = context.arguments().get(argument);
      if (password == null) {
        throw new IllegalArgumentException(
            "the job argument --" + argument + " (the JDBC password) is missing");
      }
      properties.put("password", password);
    }
    Settings.text(configuration, "Driver").ifPresent(driver -> properties.put("driver", driver));
    return properties.entrySet();
  }

  /** The configured keys, or the table's primary key from the database's metadata. */
  private static List<String> bookmarkKeys(TransformContext context, JsonNode configuration) {
    List<String> keys = Settings.strings(configuration, "JobBookmarkKeys");
    if (!keys.isEmpty()) {
      return keys;
    }
    if (Settings.text(configuration, "Table").isEmpty()) {
      throw new IllegalArgumentException(
          "a Query has no primary key: job bookmarks need JobBookmarkKeys");
    }
    String table = Settings.requiredText(configuration, "Table");
    keys = primaryKey(context, configuration, table);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(
          "table " + table + " has no primary key: job bookmarks need JobBookmarkKeys");
    }
    return keys;
  }

  private static List<String> primaryKey(
      TransformContext context, JsonNode configuration, String table) {
    Properties properties = new Properties();
    connectionProperties(context, configuration)
        .forEach(property -> properties.setProperty(property.getKey(), property.getValue()));
    String driver = properties.getProperty("driver");
    try {
      if (driver != null) {
        Class.forName(driver);
      }
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("JDBC driver " + driver + " is not on the class path", e);
    }
    int dot = table.lastIndexOf('.');
    String schema = dot < 0 ? null : table.substring(0, dot);
    String name = dot < 0 ? table : table.substring(dot + 1);
    try (Connection connection =
        DriverManager.getConnection(Settings.requiredText(configuration, "Url"), properties)) {
      DatabaseMetaData metadata = connection.getMetaData();
      // Unquoted names are stored lower-case by some databases (PostgreSQL), upper-case by others.
      for (String candidate :
          List.of(name, name.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT))) {
        Map<Integer, String> columns = new TreeMap<>();
        try (ResultSet keys =
            metadata.getPrimaryKeys(null, schemaCase(schema, candidate, name), candidate)) {
          while (keys.next()) {
            columns.put(keys.getInt("KEY_SEQ"), keys.getString("COLUMN_NAME"));
          }
        }
        if (!columns.isEmpty()) {
          return List.copyOf(columns.values());
        }
      }
      return List.of();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read the primary key of " + table + ": " + e.getMessage(), e);
    }
  }

  /** The schema in the same letter case as the table name tried. */
  private static String schemaCase(String schema, String candidate, String name) {
    if (schema == null || candidate.equals(name)) {
      return schema;
    }
    return candidate.equals(name.toLowerCase(Locale.ROOT))
        ? schema.toLowerCase(Locale.ROOT)
        : schema.toUpperCase(Locale.ROOT);
  }

  private static DataType keyType(StructType schema, String key) {
    StructField field =
        Arrays.stream(schema.fields())
            .filter(candidate -> candidate.name().equalsIgnoreCase(key))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "bookmark key " + key + " is not a column of the source"));
    DataType type = field.dataType();
    if (!(type instanceof NumericType
        || type instanceof StringType
        || type instanceof DateType
        || type instanceof TimestampType
        || type instanceof TimestampNTZType)) {
      throw new IllegalArgumentException(
          "bookmark key "
              + key
              + " is "
              + type.simpleString()
              + "; keys are numbers, strings, dates or timestamps");
    }
    return type;
  }

  /**
   * The last key of a bookmark state, checked against the keys and order of this job.
   *
   * @return empty for a missing state (no run read anything yet)
   */
  private static Optional<List<String>> last(
      JsonNode state, List<String> keys, boolean descending) {
    if (state.isMissingNode() || state.isNull() || !state.has("last")) {
      return Optional.empty();
    }
    List<String> recordedKeys = Settings.strings(state, "keys");
    String recordedOrder = state.path("sortOrder").asText();
    if (!sameKeys(recordedKeys, keys) || !recordedOrder.equals(descending ? "desc" : "asc")) {
      throw new IllegalArgumentException(
          "the job bookmark was recorded for keys "
              + recordedKeys
              + " "
              + recordedOrder
              + ", the source now has "
              + keys
              + " "
              + (descending ? "desc" : "asc")
              + "; reset the job bookmark after changing the keys");
    }
    if (state.get("last").isNull()) {
      return Optional.empty();
    }
    List<String> values = Settings.strings(state, "last");
    if (values.size() != keys.size()) {
      throw new IllegalArgumentException(
          "the job bookmark's last key " + state.get("last") + " does not match " + keys);
    }
    return Optional.of(values);
  }

  private static boolean sameKeys(List<String> left, List<String> right) {
    return left.stream()
        .map(key -> key.toLowerCase(Locale.ROOT))
        .toList()
        .equals(right.stream().map(key -> key.toLowerCase(Locale.ROOT)).toList());
  }

  private static JsonNode state(
      List<String> keys, boolean descending, Optional<List<String>> last) {
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    ArrayNode keyNames = state.putArray("keys");
    keys.forEach(keyNames::add);
    state.put("sortOrder", descending ? "desc" : "asc");
    if (last.isPresent()) {
      ArrayNode values = state.putArray("last");
      last.get().forEach(values::add);
    } else {
      state.putNull("last");
    }
    return state;
  }

  /**
   * The rows whose compound key comes after {@code values} in the sort order: {@code k1 > v1 OR (k1
   * = v1 AND k2 > v2) ...} (with {@code <} descending). Spark pushes this down into the database's
   * WHERE clause with the values as typed literals; nothing here is written into SQL text.
   */
  private static Column beyond(
      List<String> keys, List<DataType> types, List<String> values, boolean descending) {
    Column condition = lit(false);
    for (int index = 0; index < keys.size(); index++) {
      Column step = lit(true);
      for (int before = 0; before < index; before++) {
        step = step.and(col(keys.get(before)).equalTo(value(values, types, before)));
      }
      Column key = col(keys.get(index));
      Column bound = value(values, types, index);
      step = step.and(descending ? key.lt(bound) : key.gt(bound));
      condition = condition.or(step);
    }
    return condition;
  }

  private static Column value(List<String> values, List<DataType> types, int index) {
    return lit(values.get(index)).cast(types.get(index));
  }

  /** A key's value as text that casts back to the same value of its Spark type. */
  private static String text(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Timestamp timestamp) {
      // An instant with its zone, so the cast back does not depend on the session's time zone.
      return timestamp.toInstant().toString();
    }
    return String.valueOf(value);
  }
}
