package io.cairn.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.transfer.CatalogTransfer;
import io.cairn.transfer.ImportMode;
import io.cairn.transfer.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.hive.metastore.api.AddForeignKeyRequest;
import org.apache.hadoop.hive.metastore.api.AddPrimaryKeyRequest;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.DropConstraintRequest;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Function;
import org.apache.hadoop.hive.metastore.api.FunctionType;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.NotificationEvent;
import org.apache.hadoop.hive.metastore.api.NotificationEventRequest;
import org.apache.hadoop.hive.metastore.api.NotificationEventsCountRequest;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.PrincipalType;
import org.apache.hadoop.hive.metastore.api.SQLCheckConstraint;
import org.apache.hadoop.hive.metastore.api.SQLDefaultConstraint;
import org.apache.hadoop.hive.metastore.api.SQLForeignKey;
import org.apache.hadoop.hive.metastore.api.SQLNotNullConstraint;
import org.apache.hadoop.hive.metastore.api.SQLPrimaryKey;
import org.apache.hadoop.hive.metastore.api.SQLUniqueConstraint;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.TBase;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TJSONProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notification API through Hive 4's generated Thrift client (the stub HiveMetaStoreClient
 * wraps), against a running Cairn on SQLite: changes made over Thrift, and an import into the
 * server's store, come back as Hive's events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationThriftIT {
  @TempDir static Path dataDirectory;

  private ThriftTestServer server;

  @BeforeAll
  void start() {
    server = ThriftTestServer.start(dataDirectory);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static Table table(String database, String name) {
    StorageDescriptor descriptor =
        new StorageDescriptor(
            List.of(new FieldSchema("id", "bigint", null)),
            "s3://warehouse/" + database + "/" + name,
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            false,
            -1,
            new SerDeInfo(
                null, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", Map.of()),
            List.of(),
            List.of(),
            Map.of());
    Table table = new Table();
    table.setDbName(database);
    table.setTableName(name);
    table.setOwner("alice");
    table.setSd(descriptor);
    table.setPartitionKeys(List.of(new FieldSchema("ds", "string", null)));
    table.setTableType("EXTERNAL_TABLE");
    table.setParameters(Map.of("EXTERNAL", "TRUE"));
    return table;
  }

  private static Partition partition(Table table, String value) {
    Partition partition = new Partition();
    partition.setDbName(table.getDbName());
    partition.setTableName(table.getTableName());
    partition.setValues(List.of(value));
    StorageDescriptor descriptor = table.getSd().deepCopy();
    descriptor.setLocation(table.getSd().getLocation() + "/ds=" + value);
    partition.setSd(descriptor);
    partition.setParameters(Map.of());
    return partition;
  }

  private static JsonNode message(NotificationEvent event) throws Exception {
    return new ObjectMapper().readTree(event.getMessage());
  }

  /** An object Hive's message carries as Thrift JSON. */
  private static <T extends TBase<?, ?>> T thrift(JsonNode json, T into) {
    try {
      new TDeserializer(new TJSONProtocol.Factory()).fromString(into, json.asText());
      return into;
    } catch (TException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void changesComeBackAsHiveEventsInOrder() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      long start = client.get_current_notificationEventId().getEventId();
      long startSeconds = Instant.now().getEpochSecond();

      client.create_database(new Database("Notify_DB", "", "s3://warehouse/notify", Map.of()));
      Table table = table("notify_db", "clicks");
      client.create_table(table);
      client.add_partitions(
          List.of(partition(table, "2024-01-01"), partition(table, "2024-01-02")));
      Table altered = client.get_table_req(new GetTableRequest("notify_db", "clicks")).getTable();
      Map<String, String> parameters = new HashMap<>(altered.getParameters());
      parameters.put("comment", "all clicks");
      altered.setParameters(parameters);
      client.alter_table("notify_db", "clicks", altered);
      client.drop_partition("notify_db", "clicks", List.of("2024-01-02"), false);
      client.drop_table("notify_db", "clicks", false);
      client.drop_database("notify_db", false, false);

      List<NotificationEvent> events =
          client.get_next_notification(new NotificationEventRequest(start)).getEvents();
      assertThat(events)
          .extracting(NotificationEvent::getEventType)
          .containsExactly(
              "CREATE_DATABASE",
              "CREATE_TABLE",
              "ADD_PARTITION",
              "ALTER_TABLE",
              "DROP_PARTITION",
              "DROP_TABLE",
              "DROP_DATABASE");
      assertThat(events)
          .extracting(NotificationEvent::getEventId)
          .containsExactly(
              start + 1, start + 2, start + 3, start + 4, start + 5, start + 6, start + 7);
      assertThat(events)
          .extracting(NotificationEvent::getTableName)
          .containsExactly(null, "clicks", "clicks", "clicks", "clicks", "clicks", null);
      assertThat(events)
          .allSatisfy(
              event -> {
                assertThat(event.getCatName()).isEqualTo("hive");
                assertThat(event.getDbName()).isEqualTo("notify_db");
                assertThat(event.getMessageFormat()).isEqualTo("json-0.2");
                assertThat((long) event.getEventTime())
                    .isBetween(startSeconds - 1, Instant.now().getEpochSecond() + 1);
              });
      // Hive's JSON messages, with the objects inside as Thrift JSON.
      assertThat(message(events.get(0)).get("db").asText()).isEqualTo("notify_db");
      assertThat(thrift(message(events.get(0)).get("dbJson"), new Database()).getLocationUri())
          .isEqualTo("s3://warehouse/notify");
      JsonNode created = message(events.get(1));
      assertThat(created.get("table").asText()).isEqualTo("clicks");
      assertThat(created.get("tableType").asText()).isEqualTo("EXTERNAL_TABLE");
      assertThat(thrift(created.get("tableObjJson"), new Table()).getSd().getCols())
          .isEqualTo(table.getSd().getCols());
      JsonNode added = message(events.get(2));
      assertThat(added.get("partitions").toString())
          .isEqualTo("[{\"ds\":\"2024-01-01\"},{\"ds\":\"2024-01-02\"}]");
      assertThat(added.get("partitionListJson"))
          .extracting(json -> thrift(json, new Partition()).getValues())
          .containsExactly(List.of("2024-01-01"), List.of("2024-01-02"));
      JsonNode tableAltered = message(events.get(3));
      assertThat(thrift(tableAltered.get("tableObjBeforeJson"), new Table()).getParameters())
          .doesNotContainKey("comment");
      assertThat(thrift(tableAltered.get("tableObjAfterJson"), new Table()).getParameters())
          .containsEntry("comment", "all clicks");
      assertThat(message(events.get(4)).get("partitions").toString())
          .isEqualTo("[{\"ds\":\"2024-01-02\"}]");
      assertThat(message(events.get(6)).get("timestamp").asLong())
          .isBetween(startSeconds - 1, Instant.now().getEpochSecond() + 1);
      assertThat(client.get_current_notificationEventId().getEventId()).isEqualTo(start + 7);

      NotificationEventRequest firstThree = new NotificationEventRequest(start);
      firstThree.setMaxEvents(3);
      assertThat(client.get_next_notification(firstThree).getEvents())
          .extracting(NotificationEvent::getEventId)
          .containsExactly(start + 1, start + 2, start + 3);
      NotificationEventRequest withoutPartitions = new NotificationEventRequest(start + 1);
      withoutPartitions.setEventTypeSkipList(List.of("ADD_PARTITION", "DROP_PARTITION"));
      assertThat(client.get_next_notification(withoutPartitions).getEvents())
          .extracting(NotificationEvent::getEventType)
          .containsExactly("CREATE_TABLE", "ALTER_TABLE", "DROP_TABLE", "DROP_DATABASE");
      assertThat(client.get_next_notification(new NotificationEventRequest(start + 7)).getEvents())
          .isEmpty();

      assertThat(
              client
                  .get_notification_events_count(
                      new NotificationEventsCountRequest(start, "notify_db"))
                  .getEventsCount())
          .isEqualTo(7);
      NotificationEventsCountRequest bounded =
          new NotificationEventsCountRequest(start + 1, "NOTIFY_DB");
      bounded.setCatName("hive");
      bounded.setToEventId(start + 4);
      assertThat(client.get_notification_events_count(bounded).getEventsCount()).isEqualTo(3);
      bounded.setLimit(2);
      assertThat(client.get_notification_events_count(bounded).getEventsCount()).isEqualTo(2);
      assertThat(
              client
                  .get_notification_events_count(new NotificationEventsCountRequest(start, "other"))
                  .getEventsCount())
          .isZero();
    }
  }

  @Test
  void eventsAreFilteredByDatabaseAndTable() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      long start = client.get_current_notificationEventId().getEventId();
      client.create_database(new Database("filter_a", "", "s3://warehouse/a", Map.of()));
      client.create_database(new Database("filter_b", "", "s3://warehouse/b", Map.of()));
      for (String name : List.of("t1", "t2", "t3")) {
        client.create_table(table("filter_b", name));
        client.create_table(table("filter_a", name));
      }

      // Events of other databases do not use up maxEvents.
      NotificationEventRequest ofB = new NotificationEventRequest(start);
      ofB.setDbName("FILTER_B");
      ofB.setMaxEvents(3);
      assertThat(client.get_next_notification(ofB).getEvents())
          .extracting(event -> event.getDbName() + "." + event.getTableName())
          .containsExactly("filter_b.null", "filter_b.t1", "filter_b.t2");

      NotificationEventRequest ofTables = new NotificationEventRequest(start);
      ofTables.setCatName("hive");
      ofTables.setDbName("filter_a");
      ofTables.setTableNames(List.of("T1", "t3"));
      assertThat(client.get_next_notification(ofTables).getEvents())
          .extracting(NotificationEvent::getEventId)
          .containsExactly(start + 4, start + 8);

      NotificationEventsCountRequest all = new NotificationEventsCountRequest(start, "*");
      assertThat(client.get_notification_events_count(all).getEventsCount()).isEqualTo(8);

      client.drop_database("filter_a", false, true);
      client.drop_database("filter_b", false, true);
    }
  }

  private static long currentEventId(ThriftHiveMetastore.Client client) throws TException {
    return client.get_current_notificationEventId().getEventId();
  }

  private static List<String> types(List<NotificationEvent> events) {
    return events.stream().map(NotificationEvent::getEventType).toList();
  }

  @Test
  void constraintChangesComeBackAsHiveEventsInHivesOrder() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      client.create_database(new Database("keys_db", "", "s3://warehouse/keys", Map.of()));
      long start = currentEventId(client);

      Table customers = table("keys_db", "customers");
      SQLPrimaryKey primaryKey =
          new SQLPrimaryKey("keys_db", "customers", "id", 1, null, true, false, true);
      SQLUniqueConstraint unique =
          new SQLUniqueConstraint(
              "hive", "keys_db", "customers", "ds", 1, "customers_uk", true, false, true);
      SQLNotNullConstraint notNull =
          new SQLNotNullConstraint(
              "hive", "keys_db", "customers", "id", "customers_nn", true, false, true);
      SQLDefaultConstraint defaultValue =
          new SQLDefaultConstraint(
              "hive",
              "keys_db",
              "customers",
              "ds",
              "'2024-01-01'",
              "customers_dc",
              true,
              false,
              true);
      SQLCheckConstraint check =
          new SQLCheckConstraint(
              "hive", "keys_db", "customers", "id", "id > 0", "customers_ck", true, false, true);
      // Given in another order than Hive logs them.
      client.create_table_with_constraints(
          customers,
          List.of(primaryKey),
          List.of(),
          List.of(unique),
          List.of(notNull),
          List.of(defaultValue),
          List.of(check));
      client.create_table(table("keys_db", "orders"));
      SQLForeignKey foreignKey =
          new SQLForeignKey(
              "keys_db",
              "customers",
              "id",
              "keys_db",
              "orders",
              "id",
              1,
              0,
              1,
              "orders_fk",
              null,
              false,
              false,
              true);
      client.add_foreign_key(new AddForeignKeyRequest(List.of(foreignKey)));
      long beforeRefused = currentEventId(client);
      // Refused changes log nothing: a second primary key, a table whose constraint names a
      // missing column.
      assertThatThrownBy(
              () ->
                  client.add_primary_key(
                      new AddPrimaryKeyRequest(
                          List.of(
                              new SQLPrimaryKey(
                                  "keys_db", "customers", "ds", 1, "second", true, false, true)))))
          .isInstanceOf(TException.class)
          .hasMessageContaining("Primary key already exists");
      SQLNotNullConstraint missingColumn =
          new SQLNotNullConstraint("hive", "keys_db", "refused", "nope", null, true, false, true);
      assertThatThrownBy(
              () ->
                  client.create_table_with_constraints(
                      table("keys_db", "refused"),
                      List.of(),
                      List.of(),
                      List.of(),
                      List.of(missingColumn),
                      List.of(),
                      List.of()))
          .isInstanceOf(TException.class);
      assertThat(currentEventId(client)).isEqualTo(beforeRefused);
      client.drop_constraint(new DropConstraintRequest("keys_db", "orders", "orders_fk"));

      List<NotificationEvent> events =
          client.get_next_notification(new NotificationEventRequest(start)).getEvents();
      assertThat(types(events))
          .containsExactly(
              "CREATE_TABLE",
              "ADD_PRIMARYKEY",
              "ADD_UNIQUECONSTRAINT",
              "ADD_NOTNULLCONSTRAINT",
              "ADD_CHECKCONSTRAINT",
              "ADD_DEFAULTCONSTRAINT",
              "CREATE_TABLE",
              "ADD_FOREIGNKEY",
              "DROP_CONSTRAINT");
      assertThat(events)
          .extracting(NotificationEvent::getEventId)
          .containsExactly(
              start + 1, start + 2, start + 3, start + 4, start + 5, start + 6, start + 7,
              start + 8, start + 9);
      // Hive logs an added foreign key under the table it references.
      assertThat(events)
          .extracting(NotificationEvent::getTableName)
          .containsExactly(
              "customers",
              "customers",
              "customers",
              "customers",
              "customers",
              "customers",
              "orders",
              "customers",
              "orders");
      assertThat(events)
          .allSatisfy(
              event -> {
                assertThat(event.getCatName()).isEqualTo("hive");
                assertThat(event.getDbName()).isEqualTo("keys_db");
                assertThat(event.getMessageFormat()).isEqualTo("json-0.2");
              });

      SQLPrimaryKey loggedKey =
          thrift(message(events.get(1)).get("primaryKeyListJson").get(0), new SQLPrimaryKey());
      assertThat(loggedKey.getColumn_name()).isEqualTo("id");
      assertThat(loggedKey.getTable_db()).isEqualTo("keys_db");
      assertThat(loggedKey.getTable_name()).isEqualTo("customers");
      assertThat(loggedKey.getPk_name()).as("the generated name").startsWith("pk_");
      assertThat(loggedKey.isRely_cstr()).isTrue();
      assertThat(message(events.get(1)).get("primaryKeyListJson")).hasSize(1);
      assertThat(
              thrift(
                      message(events.get(2)).get("uniqueConstraintListJson").get(0),
                      new SQLUniqueConstraint())
                  .getUk_name())
          .isEqualTo("customers_uk");
      assertThat(
              thrift(
                      message(events.get(3)).get("notNullConstraintListJson").get(0),
                      new SQLNotNullConstraint())
                  .getNn_name())
          .isEqualTo("customers_nn");
      assertThat(
              thrift(
                      message(events.get(4)).get("checkConstraintListJson").get(0),
                      new SQLCheckConstraint())
                  .getCheck_expression())
          .isEqualTo("id > 0");
      assertThat(
              thrift(
                      message(events.get(5)).get("defaultConstraintListJson").get(0),
                      new SQLDefaultConstraint())
                  .getDefault_value())
          .isEqualTo("'2024-01-01'");
      SQLForeignKey loggedForeignKey =
          thrift(message(events.get(7)).get("foreignKeyListJson").get(0), new SQLForeignKey());
      assertThat(loggedForeignKey.getFk_name()).isEqualTo("orders_fk");
      assertThat(loggedForeignKey.getFktable_name()).isEqualTo("orders");
      assertThat(loggedForeignKey.getPktable_name()).isEqualTo("customers");
      assertThat(loggedForeignKey.getPk_name()).isEqualTo(loggedKey.getPk_name());
      assertThat(loggedForeignKey.getDelete_rule()).isEqualTo(1);
      JsonNode dropped = message(events.get(8));
      assertThat(dropped.get("dbName").asText()).isEqualTo("keys_db");
      assertThat(dropped.get("tableName").asText()).isEqualTo("orders");
      assertThat(dropped.get("constraintName").asText()).isEqualTo("orders_fk");
      assertThat(dropped.get("timestamp").asLong()).isPositive();

      client.drop_database("keys_db", false, true);
    }
  }

  @Test
  void anImportIsLoggedAsHiveEvents() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      client.create_database(new Database("moved", "", "s3://warehouse/moved", Map.of()));
      Table table = table("moved", "visits");
      client.create_table(table);
      client.add_partitions(
          List.of(partition(table, "2024-01-01"), partition(table, "2024-01-02")));
      client.update_table_column_statistics(
          statistics(new ColumnStatisticsDesc(true, "moved", "visits"), 7));
      ColumnStatisticsDesc ofPartition = new ColumnStatisticsDesc(false, "moved", "visits");
      ofPartition.setPartName("ds=2024-01-02");
      client.update_partition_column_statistics(statistics(ofPartition, 3));
      client.create_function(
          new Function(
              "to_euro",
              "moved",
              "com.example.ToEuro",
              "alice",
              PrincipalType.USER,
              0,
              FunctionType.JAVA,
              List.of()));
      CatalogTransfer transfer =
          new CatalogTransfer(server.catalogService(), Clock.systemUTC(), ProgressListener.NONE);
      ByteArrayOutputStream document = new ByteArrayOutputStream();
      transfer.export(document, Set.of("moved"));
      long start = currentEventId(client);

      transfer.importCatalog(
          new ByteArrayInputStream(document.toByteArray()), Set.of(), ImportMode.REPLACE);

      List<NotificationEvent> events =
          client.get_next_notification(new NotificationEventRequest(start)).getEvents();
      assertThat(types(events))
          .containsExactly(
              "DROP_DATABASE",
              "CREATE_DATABASE",
              "CREATE_TABLE",
              "UPDATE_TABLE_COLUMN_STAT",
              "ADD_PARTITION",
              "UPDATE_PARTITION_COLUMN_STAT",
              "CREATE_FUNCTION");
      assertThat(events)
          .extracting(NotificationEvent::getTableName)
          .containsExactly(null, null, "visits", "visits", "visits", "visits", null);
      assertThat(events)
          .allSatisfy(
              event -> {
                assertThat(event.getDbName()).isEqualTo("moved");
                assertThat(event.getMessageFormat()).isEqualTo("json-0.2");
              });
      assertThat(thrift(message(events.get(1)).get("dbJson"), new Database()).getLocationUri())
          .isEqualTo("s3://warehouse/moved");
      assertThat(thrift(message(events.get(2)).get("tableObjJson"), new Table()).getSd().getCols())
          .isEqualTo(table.getSd().getCols());
      assertThat(
              thrift(message(events.get(3)).get("colStatsJson"), new ColumnStatistics())
                  .getStatsObj()
                  .get(0)
                  .getStatsData()
                  .getLongStats()
                  .getNumDVs())
          .isEqualTo(7);
      assertThat(message(events.get(4)).get("partitions").toString())
          .isEqualTo("[{\"ds\":\"2024-01-01\"},{\"ds\":\"2024-01-02\"}]");
      assertThat(message(events.get(5)).get("partVals").toString()).isEqualTo("[\"2024-01-02\"]");
      assertThat(
              thrift(message(events.get(6)).get("functionObjJson"), new Function()).getClassName())
          .isEqualTo("com.example.ToEuro");
      assertThat(client.get_partition_names("moved", "visits", (short) -1))
          .containsExactly("ds=2024-01-01", "ds=2024-01-02");

      client.drop_database("moved", false, true);
    }
  }

  private static ColumnStatistics statistics(ColumnStatisticsDesc description, long distinct) {
    LongColumnStatsData ids = new LongColumnStatsData(0, distinct);
    ids.setLowValue(1);
    ids.setHighValue(99);
    ColumnStatistics statistics =
        new ColumnStatistics(
            description,
            List.of(new ColumnStatisticsObj("id", "bigint", ColumnStatisticsData.longStats(ids))));
    statistics.setEngine("hive");
    return statistics;
  }
}
