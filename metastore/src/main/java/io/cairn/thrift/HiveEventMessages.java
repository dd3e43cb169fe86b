package io.cairn.thrift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.Column;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.Database;
import io.cairn.catalog.NotificationEvent;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PartitionNames;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableConstraint;
import io.cairn.catalog.TableName;
import io.cairn.json.CatalogJson;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TJSONProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notification events as Hive's metastore sends them: the message in Hive's JSON message format
 * ({@value #FORMAT}, what Hive's {@code JSONMessageDeserializer} reads), with the objects inside as
 * Thrift JSON, as Hive writes them. Cairn logs each change in its own domain JSON; this turns it
 * into Hive's message when it is read, so the wire format stays in this adapter. An event whose
 * message cannot be turned into Hive's keeps Cairn's message and format, logged.
 */
final class HiveEventMessages {
  /** Hive's JSON message format name ({@code JSONMessageEncoder.FORMAT}). */
  static final String FORMAT = "json-0.2";

  private static final Logger log = LoggerFactory.getLogger(HiveEventMessages.class);

  private static final ObjectMapper CAIRN_JSON =
      CatalogJson.newObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final ObjectMapper HIVE_JSON = new ObjectMapper();

  private HiveEventMessages() {}

  static org.apache.hadoop.hive.metastore.api.NotificationEvent toThrift(NotificationEvent event) {
    org.apache.hadoop.hive.metastore.api.NotificationEvent notification =
        ThriftConverter.toThrift(event);
    if (!NotificationEvent.CAIRN_JSON_FORMAT.equals(event.messageFormat())) {
      return notification;
    }
    try {
      ObjectNode message = hiveMessage(event, CAIRN_JSON.readTree(event.message()));
      notification.setMessage(HIVE_JSON.writeValueAsString(message));
      notification.setMessageFormat(FORMAT);
    } catch (IOException | TException | RuntimeException e) {
      log.warn(
          "event {} ({}) stays in Cairn's message format: {}",
          event.id(),
          event.type(),
          e.toString());
    }
    return notification;
  }

  private static ObjectNode hiveMessage(NotificationEvent event, JsonNode cairn)
      throws IOException, TException {
    ObjectNode message = HIVE_JSON.createObjectNode();
    message.put("server", "");
    message.put("servicePrincipal", "");
    NotificationEvent.Type type = NotificationEvent.Type.valueOf(event.type());
    switch (type) {
      case CREATE_DATABASE, DROP_DATABASE -> {
        message.put("db", event.database());
        message.put(
            "dbJson",
            thriftJson(ThriftConverter.toThrift(read(cairn, "database", Database.class))));
      }
      case ALTER_DATABASE -> {
        message.put("db", event.database());
        message.put(
            "dbObjBeforeJson",
            thriftJson(ThriftConverter.toThrift(read(cairn, "before", Database.class))));
        message.put(
            "dbObjAfterJson",
            thriftJson(ThriftConverter.toThrift(read(cairn, "after", Database.class))));
      }
      case CREATE_TABLE, DROP_TABLE -> {
        Table table = read(cairn, "table", Table.class);
        tableFields(message, table);
        if (type == NotificationEvent.Type.CREATE_TABLE) {
          message.putArray("files");
        }
      }
      case ALTER_TABLE -> {
        Table before = read(cairn, "before", Table.class);
        Table after = read(cairn, "after", Table.class);
        message.put("db", event.database());
        message.put("table", before.name().table());
        message.put("tableType", after.tableType());
        message.put("tableObjBeforeJson", thriftJson(ThriftConverter.toThrift(before)));
        message.put("tableObjAfterJson", thriftJson(ThriftConverter.toThrift(after)));
        message.put("isTruncateOp", "false");
      }
      case ADD_PARTITION -> {
        Table table = read(cairn, "table", Table.class);
        List<Partition> partitions =
            CAIRN_JSON.readerForListOf(Partition.class).readValue(cairn.get("partitions"));
        tableFields(message, table);
        ArrayNode specs = message.putArray("partitions");
        ArrayNode objects = message.putArray("partitionListJson");
        ArrayNode files = message.putArray("partitionFiles");
        for (Partition partition : partitions) {
          specs.add(HIVE_JSON.valueToTree(spec(table, partition.values())));
          objects.add(thriftJson(ThriftConverter.toThrift(partition)));
          ObjectNode partitionFiles = files.addObject();
          partitionFiles.put(
              "partitionName", PartitionNames.name(table.partitionKeys(), partition.values()));
          partitionFiles.putArray("files");
        }
      }
      case ALTER_PARTITION -> {
        Table table = read(cairn, "table", Table.class);
        Partition before = read(cairn, "before", Partition.class);
        Partition after = read(cairn, "after", Partition.class);
        tableFields(message, table);
        message.put("isTruncateOp", "false");
        message.set("keyValues", HIVE_JSON.valueToTree(spec(table, before.values())));
        message.put("partitionObjBeforeJson", thriftJson(ThriftConverter.toThrift(before)));
        message.put("partitionObjAfterJson", thriftJson(ThriftConverter.toThrift(after)));
      }
      case DROP_PARTITION -> {
        Table table = read(cairn, "table", Table.class);
        tableFields(message, table);
        ArrayNode specs = message.putArray("partitions");
        for (JsonNode values : cairn.get("partitionValues")) {
          specs.add(
              HIVE_JSON.valueToTree(
                  spec(table, CAIRN_JSON.readerForListOf(String.class).readValue(values))));
        }
      }
      case CREATE_FUNCTION -> {
        message.put("db", event.database());
        message.put(
            "functionObjJson",
            thriftJson(
                ThriftConverter.toThrift(
                    read(cairn, "function", io.cairn.catalog.Function.class))));
      }
      case DROP_FUNCTION -> {
        message.put("db", event.database());
        message.put(
            "functionName",
            read(cairn, "function", io.cairn.catalog.Function.class).name().function());
      }
      case UPDATE_TABLE_COLUMN_STAT, UPDATE_PARTITION_COLUMN_STAT -> {
        List<String> partitionValues =
            cairn.has("partitionValues")
                ? CAIRN_JSON.readerForListOf(String.class).readValue(cairn.get("partitionValues"))
                : List.of();
        List<ColumnStatistics> statistics =
            CAIRN_JSON.readerForListOf(ColumnStatistics.class).readValue(cairn.get("statistics"));
        message.put("database", event.database());
        ColumnStatisticsDesc description =
            new ColumnStatisticsDesc(partitionValues.isEmpty(), event.database(), event.table());
        description.setCatName(event.catalog());
        message.put("colStatsJson", thriftJson(ThriftConverter.toThrift(description, statistics)));
        message.putObject("parameters");
        if (type == NotificationEvent.Type.UPDATE_PARTITION_COLUMN_STAT) {
          ArrayNode values = message.putArray("partVals");
          partitionValues.forEach(values::add);
        }
      }
      case DELETE_TABLE_COLUMN_STAT, DELETE_PARTITION_COLUMN_STAT -> {
        message.put("database", event.database());
        message.put("colName", cairn.path("columnName").asText(null));
        if (type == NotificationEvent.Type.DELETE_PARTITION_COLUMN_STAT) {
          ArrayNode values = message.putArray("partValues");
          cairn.path("partitionValues").forEach(value -> values.add(value.asText()));
        }
      }
      case ADD_PRIMARYKEY ->
          constraints(message, "primaryKeyListJson", cairn, ConstraintHandler::toPrimaryKeys);
      case ADD_FOREIGNKEY ->
          constraints(message, "foreignKeyListJson", cairn, ConstraintHandler::toForeignKeys);
      case ADD_UNIQUECONSTRAINT ->
          constraints(
              message, "uniqueConstraintListJson", cairn, ConstraintHandler::toUniqueConstraints);
      case ADD_NOTNULLCONSTRAINT ->
          constraints(
              message,
              "notNullConstraintListJson",
              cairn,
              constraint -> List.of(ConstraintHandler.toNotNull(constraint)));
      case ADD_DEFAULTCONSTRAINT ->
          constraints(
              message,
              "defaultConstraintListJson",
              cairn,
              constraint -> List.of(ConstraintHandler.toDefault(constraint)));
      case ADD_CHECKCONSTRAINT ->
          constraints(
              message,
              "checkConstraintListJson",
              cairn,
              constraint -> List.of(ConstraintHandler.toCheck(constraint)));
      case DROP_CONSTRAINT -> {
        TableName table = read(cairn, "table", TableName.class);
        message.put("dbName", table.database());
        message.put("tableName", table.table());
        message.put("constraintName", read(cairn, "constraint", String.class));
      }
    }
    message.put("timestamp", event.time().getEpochSecond());
    return message;
  }

  /**
   * Hive's add-constraint messages: only the constraints, under {@code field}, one Thrift object
   * per column of each (as Hive sends and lists them).
   */
  private static void constraints(
      ObjectNode message,
      String field,
      JsonNode cairn,
      Function<TableConstraint, List<? extends TBase<?, ?>>> toThrift)
      throws IOException, TException {
    List<TableConstraint> constraints =
        CAIRN_JSON.readerForListOf(TableConstraint.class).readValue(required(cairn, "constraints"));
    ArrayNode objects = message.putArray(field);
    for (TableConstraint constraint : constraints) {
      for (TBase<?, ?> column : toThrift.apply(constraint)) {
        objects.add(thriftJson(column));
      }
    }
  }

  private static void tableFields(ObjectNode message, Table table) throws TException {
    message.put("db", table.name().database());
    message.put("table", table.name().table());
    message.put("tableType", table.tableType());
    message.put("tableObjJson", thriftJson(ThriftConverter.toThrift(table)));
  }

  /** A partition's key-value map in the order of the table's partition keys, as Hive writes it. */
  private static Map<String, String> spec(Table table, List<String> values) {
    Map<String, String> spec = new LinkedHashMap<>();
    List<Column> keys = table.partitionKeys();
    for (int i = 0; i < keys.size() && i < values.size(); i++) {
      spec.put(keys.get(i).name(), values.get(i));
    }
    return spec;
  }

  private static <T> T read(JsonNode message, String field, Class<T> type)
      throws JsonProcessingException {
    return CAIRN_JSON.treeToValue(required(message, field), type);
  }

  private static JsonNode required(JsonNode message, String field) {
    JsonNode node = message.get(field);
    if (node == null) {
      throw new IllegalArgumentException("the message has no " + field);
    }
    return node;
  }

  private static String thriftJson(TBase<?, ?> object) throws TException {
    return new TSerializer(new TJSONProtocol.Factory()).toString(object);
  }
}
