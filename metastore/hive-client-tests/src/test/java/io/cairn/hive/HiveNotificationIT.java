package io.cairn.hive;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.CairnServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Function;
import org.apache.hadoop.hive.metastore.api.FunctionType;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.NotificationEvent;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.PrincipalType;
import org.apache.hadoop.hive.metastore.api.SQLForeignKey;
import org.apache.hadoop.hive.metastore.api.SQLNotNullConstraint;
import org.apache.hadoop.hive.metastore.api.SQLPrimaryKey;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.messaging.AddForeignKeyMessage;
import org.apache.hadoop.hive.metastore.messaging.AddNotNullConstraintMessage;
import org.apache.hadoop.hive.metastore.messaging.AddPartitionMessage;
import org.apache.hadoop.hive.metastore.messaging.AddPrimaryKeyMessage;
import org.apache.hadoop.hive.metastore.messaging.AlterPartitionMessage;
import org.apache.hadoop.hive.metastore.messaging.AlterTableMessage;
import org.apache.hadoop.hive.metastore.messaging.CreateFunctionMessage;
import org.apache.hadoop.hive.metastore.messaging.CreateTableMessage;
import org.apache.hadoop.hive.metastore.messaging.DropConstraintMessage;
import org.apache.hadoop.hive.metastore.messaging.DropPartitionMessage;
import org.apache.hadoop.hive.metastore.messaging.MessageDeserializer;
import org.apache.hadoop.hive.metastore.messaging.MessageFactory;
import org.apache.hadoop.hive.metastore.messaging.UpdateTableColumnStatMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cairn's notification events read as Hive's replication and cache consumers read them: through
 * HiveMetaStoreClient's notification calls and Hive's own message deserializer, chosen by the
 * format each event names. The changes come from Hive's client and from {@code cairn import}.
 */
class HiveNotificationIT {
  @TempDir static Path dataDirectory;

  private static CairnServerProcess server;
  private static HiveMetaStoreClient client;

  @BeforeAll
  static void start() throws Exception {
    server =
        CairnServerProcess.start(dataDirectory, Path.of(System.getProperty("cairn.server.log")));
    client = HiveClients.connect(server);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static Table table() {
    return table("replicated", "clicks");
  }

  private static Table table(String database, String name) {
    StorageDescriptor descriptor =
        new StorageDescriptor(
            List.of(new FieldSchema("id", "bigint", null), new FieldSchema("url", "string", null)),
            "file:/warehouse/" + database + ".db/" + name,
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

  private static Partition partition(Table table, String day) {
    Partition partition = new Partition();
    partition.setDbName(table.getDbName());
    partition.setTableName(table.getTableName());
    partition.setValues(List.of(day));
    StorageDescriptor descriptor = table.getSd().deepCopy();
    descriptor.setLocation(table.getSd().getLocation() + "/ds=" + day);
    partition.setSd(descriptor);
    partition.setParameters(Map.of());
    return partition;
  }

  @Test
  void hivesDeserializerReadsEveryChange() throws Exception {
    long start = client.getCurrentNotificationEventId().getEventId();
    client.createDatabase(
        new Database("replicated", "", "file:/warehouse/replicated.db", Map.of()));
    Table table = table();
    client.createTable(table);
    client.add_partitions(
        new ArrayList<>(List.of(partition(table, "2024-01-01"), partition(table, "2024-01-02"))));
    Partition changed = client.getPartition("replicated", "clicks", List.of("2024-01-01"));
    changed.putToParameters("numRows", "42");
    client.alter_partition("replicated", "clicks", changed);
    Table altered = client.getTable("replicated", "clicks");
    altered.putToParameters("comment", "clicks of the day");
    client.alter_table("replicated", "clicks", altered);
    ColumnStatisticsDesc description = new ColumnStatisticsDesc(true, "replicated", "clicks");
    LongColumnStatsData ids = new LongColumnStatsData(0, 12);
    ids.setLowValue(1);
    ids.setHighValue(99);
    ColumnStatistics statistics =
        new ColumnStatistics(
            description,
            List.of(new ColumnStatisticsObj("id", "bigint", ColumnStatisticsData.longStats(ids))));
    statistics.setEngine("hive");
    client.updateTableColumnStatistics(statistics);
    client.createFunction(
        new Function(
            "to_euro",
            "replicated",
            "com.example.ToEuro",
            "alice",
            PrincipalType.USER,
            0,
            FunctionType.JAVA,
            List.of()));
    client.dropPartition("replicated", "clicks", List.of("2024-01-02"), false);

    List<NotificationEvent> events = client.getNextNotification(start, 0, null).getEvents();
    assertThat(events)
        .extracting(NotificationEvent::getEventType)
        .containsExactly(
            "CREATE_DATABASE",
            "CREATE_TABLE",
            "ADD_PARTITION",
            "ALTER_PARTITION",
            "ALTER_TABLE",
            "UPDATE_TABLE_COLUMN_STAT",
            "CREATE_FUNCTION",
            "DROP_PARTITION");
    assertThat(events).extracting(NotificationEvent::getMessageFormat).containsOnly("json-0.2");
    MessageDeserializer deserializer =
        MessageFactory.getInstance(events.get(0).getMessageFormat()).getDeserializer();
    for (NotificationEvent event : events) {
      // Every message parses with Hive's deserializer for its type.
      assertThat(deserializer.getEventMessage(event.getEventType(), event.getMessage()))
          .isNotNull();
    }

    CreateTableMessage created = deserializer.getCreateTableMessage(events.get(1).getMessage());
    assertThat(created.getDB()).isEqualTo("replicated");
    assertThat(created.getTable()).isEqualTo("clicks");
    assertThat(created.getTableObj().getSd().getCols()).isEqualTo(table.getSd().getCols());

    AddPartitionMessage added = deserializer.getAddPartitionMessage(events.get(2).getMessage());
    assertThat(added.getPartitions())
        .containsExactly(Map.of("ds", "2024-01-01"), Map.of("ds", "2024-01-02"));
    assertThat(added.getPartitionObjs())
        .extracting(Partition::getValues)
        .containsExactly(List.of("2024-01-01"), List.of("2024-01-02"));

    AlterPartitionMessage partitionAltered =
        deserializer.getAlterPartitionMessage(events.get(3).getMessage());
    assertThat(partitionAltered.getKeyValues()).isEqualTo(Map.of("ds", "2024-01-01"));
    assertThat(partitionAltered.getPtnObjBefore().getParameters()).doesNotContainKey("numRows");
    assertThat(partitionAltered.getPtnObjAfter().getParameters()).containsEntry("numRows", "42");

    AlterTableMessage tableAltered = deserializer.getAlterTableMessage(events.get(4).getMessage());
    assertThat(tableAltered.getTableObjAfter().getParameters())
        .containsEntry("comment", "clicks of the day");
    assertThat(tableAltered.getIsTruncateOp()).isFalse();

    UpdateTableColumnStatMessage statisticsUpdated =
        deserializer.getUpdateTableColumnStatMessage(events.get(5).getMessage());
    assertThat(statisticsUpdated.getColumnStatistics().getStatsObj())
        .singleElement()
        .satisfies(
            column -> assertThat(column.getStatsData().getLongStats().getNumDVs()).isEqualTo(12));

    CreateFunctionMessage function =
        deserializer.getCreateFunctionMessage(events.get(6).getMessage());
    assertThat(function.getFunctionObj().getClassName()).isEqualTo("com.example.ToEuro");

    DropPartitionMessage dropped = deserializer.getDropPartitionMessage(events.get(7).getMessage());
    assertThat(dropped.getPartitions()).containsExactly(Map.of("ds", "2024-01-02"));
  }

  private static long currentEventId() throws Exception {
    return client.getCurrentNotificationEventId().getEventId();
  }

  private static MessageDeserializer deserializer(List<NotificationEvent> events) throws Exception {
    assertThat(events).extracting(NotificationEvent::getMessageFormat).containsOnly("json-0.2");
    MessageDeserializer deserializer =
        MessageFactory.getInstance(events.get(0).getMessageFormat()).getDeserializer();
    for (NotificationEvent event : events) {
      assertThat(deserializer.getEventMessage(event.getEventType(), event.getMessage()))
          .as("event %d (%s)", event.getEventId(), event.getEventType())
          .isNotNull();
    }
    return deserializer;
  }

  /** What Hive sends for CREATE TABLE with constraints, ALTER TABLE ADD/DROP CONSTRAINT. */
  @Test
  void constraintChangesReadAsHiveLogsThem() throws Exception {
    client.createDatabase(new Database("keyed", "", "file:/warehouse/keyed.db", Map.of()));
    long start = currentEventId();
    SQLPrimaryKey primaryKey =
        new SQLPrimaryKey("keyed", "customers", "id", 1, "customers_pk", false, false, true);
    SQLNotNullConstraint notNull =
        new SQLNotNullConstraint("hive", "keyed", "customers", "url", null, true, false, true);
    client.createTableWithConstraints(
        table("keyed", "customers"),
        List.of(primaryKey),
        List.of(),
        List.of(),
        List.of(notNull),
        List.of(),
        List.of());
    client.createTable(table("keyed", "orders"));
    SQLForeignKey foreignKey =
        new SQLForeignKey(
            "keyed",
            "customers",
            "id",
            "keyed",
            "orders",
            "id",
            1,
            0,
            0,
            "orders_customer",
            null,
            false,
            false,
            true);
    client.addForeignKey(List.of(foreignKey));
    client.dropConstraint("keyed", "orders", "orders_customer");

    List<NotificationEvent> events = client.getNextNotification(start, 0, null).getEvents();
    assertThat(events)
        .extracting(NotificationEvent::getEventType)
        .containsExactly(
            "CREATE_TABLE",
            "ADD_PRIMARYKEY",
            "ADD_NOTNULLCONSTRAINT",
            "CREATE_TABLE",
            "ADD_FOREIGNKEY",
            "DROP_CONSTRAINT");
    MessageDeserializer deserializer = deserializer(events);

    AddPrimaryKeyMessage keyAdded =
        deserializer.getAddPrimaryKeyMessage(events.get(1).getMessage());
    assertThat(keyAdded.getPrimaryKeys())
        .singleElement()
        .satisfies(
            key -> {
              assertThat(key.getTable_db()).isEqualTo("keyed");
              assertThat(key.getTable_name()).isEqualTo("customers");
              assertThat(key.getColumn_name()).isEqualTo("id");
              assertThat(key.getPk_name()).isEqualTo("customers_pk");
              assertThat(key.isRely_cstr()).isTrue();
            });
    AddNotNullConstraintMessage notNullAdded =
        deserializer.getAddNotNullConstraintMessage(events.get(2).getMessage());
    assertThat(notNullAdded.getNotNullConstraints())
        .singleElement()
        .satisfies(
            constraint -> {
              assertThat(constraint.getColumn_name()).isEqualTo("url");
              assertThat(constraint.getNn_name()).as("a generated name").startsWith("nn_");
            });
    AddForeignKeyMessage foreignKeyAdded =
        deserializer.getAddForeignKeyMessage(events.get(4).getMessage());
    assertThat(foreignKeyAdded.getForeignKeys())
        .singleElement()
        .satisfies(
            key -> {
              assertThat(key.getFktable_name()).isEqualTo("orders");
              assertThat(key.getPktable_name()).isEqualTo("customers");
              assertThat(key.getPk_name()).isEqualTo("customers_pk");
              assertThat(key.getFk_name()).isEqualTo("orders_customer");
            });
    // As Hive's listener does, the foreign key is logged under the table it references.
    assertThat(events.get(4).getTableName()).isEqualTo("customers");
    DropConstraintMessage dropped =
        deserializer.getDropConstraintMessage(events.get(5).getMessage());
    assertThat(dropped.getDB()).isEqualTo("keyed");
    assertThat(dropped.getTable()).isEqualTo("orders");
    assertThat(dropped.getConstraint()).isEqualTo("orders_customer");
  }

  /** {@code cairn import --replace} run beside the server, as an operator restores a database. */
  @Test
  void anImportReadsAsHiveEvents(@TempDir Path exportDirectory) throws Exception {
    client.createDatabase(new Database("restored", "", "file:/warehouse/restored.db", Map.of()));
    Table table = table("restored", "visits");
    client.createTable(table);
    client.add_partitions(
        new ArrayList<>(
            List.of(
                partition(table, "2024-01-01"),
                partition(table, "2024-01-02"),
                partition(table, "2024-01-03"))));
    client.createFunction(
        new Function(
            "to_euro",
            "restored",
            "com.example.ToEuro",
            "alice",
            PrincipalType.USER,
            0,
            FunctionType.JAVA,
            List.of()));
    Path document = exportDirectory.resolve("restored.json");
    server.runCommand("export", document.toString(), "--database", "restored");
    long start = currentEventId();

    server.runCommand("import", document.toString(), "--replace");

    List<NotificationEvent> events = client.getNextNotification(start, 0, null).getEvents();
    assertThat(events)
        .extracting(NotificationEvent::getEventType)
        .containsExactly(
            "DROP_DATABASE", "CREATE_DATABASE", "CREATE_TABLE", "ADD_PARTITION", "CREATE_FUNCTION");
    assertThat(events).extracting(NotificationEvent::getDbName).containsOnly("restored");
    MessageDeserializer deserializer = deserializer(events);
    assertThat(
            deserializer
                .getDropDatabaseMessage(events.get(0).getMessage())
                .getDatabaseObject()
                .getName())
        .isEqualTo("restored");
    assertThat(
            deserializer
                .getCreateDatabaseMessage(events.get(1).getMessage())
                .getDatabaseObject()
                .getLocationUri())
        .isEqualTo("file:/warehouse/restored.db");
    assertThat(
            deserializer
                .getCreateTableMessage(events.get(2).getMessage())
                .getTableObj()
                .getSd()
                .getCols())
        .isEqualTo(table.getSd().getCols());
    AddPartitionMessage added = deserializer.getAddPartitionMessage(events.get(3).getMessage());
    assertThat(added.getTable()).isEqualTo("visits");
    assertThat(added.getPartitionObjs())
        .extracting(Partition::getValues)
        .containsExactly(List.of("2024-01-01"), List.of("2024-01-02"), List.of("2024-01-03"));
    assertThat(
            deserializer
                .getCreateFunctionMessage(events.get(4).getMessage())
                .getFunctionObj()
                .getClassName())
        .isEqualTo("com.example.ToEuro");
    assertThat(client.listPartitionNames("restored", "visits", (short) -1)).hasSize(3);
  }
}
