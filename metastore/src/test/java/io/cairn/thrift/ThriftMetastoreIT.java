package io.cairn.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.hadoop.hive.metastore.api.WMGetAllResourcePlanRequest;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Thrift endpoint through Hive 4's generated Thrift client (the stub HiveMetaStoreClient
 * wraps), against a running Cairn on SQLite. The calls Hive 4 no longer generates are written with
 * the plain Thrift protocol, as a Hive 2.3 client puts them on the wire.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThriftMetastoreIT {
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
            List.of(new FieldSchema("id", "bigint", "the id")),
            "s3://warehouse/" + name,
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
    table.setParameters(Map.of("EXTERNAL", "TRUE", "metadata_location", "v1"));
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

  @Test
  void databasesTablesAndPartitions() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      assertThat(client.set_ugi("alice", List.of("analysts"))).containsExactly("analysts");

      client.create_database(
          new Database("Thrift_DB", "made over thrift", "s3://warehouse/thrift_db", Map.of()));
      assertThat(client.get_database("thrift_db").getDescription()).isEqualTo("made over thrift");
      assertThat(client.get_all_databases()).contains("thrift_db");
      assertThat(client.get_databases("thrift*")).containsExactly("thrift_db");
      assertThatThrownBy(() -> client.get_database("global_temp"))
          .isInstanceOf(NoSuchObjectException.class);
      assertThatThrownBy(() -> client.create_database(new Database("thrift_db", "", "", Map.of())))
          .isInstanceOf(org.apache.hadoop.hive.metastore.api.AlreadyExistsException.class);

      Table table = table("thrift_db", "events");
      client.create_table(table);
      Table loaded = client.get_table_req(new GetTableRequest("thrift_db", "EVENTS")).getTable();
      assertThat(loaded.getSd().getCols()).isEqualTo(table.getSd().getCols());
      assertThat(loaded.getPartitionKeys()).isEqualTo(table.getPartitionKeys());
      assertThat(loaded.getParameters()).containsEntry("metadata_location", "v1");
      assertThat(client.get_all_tables("thrift_db")).containsExactly("events");
      assertThat(client.get_database("@hive#thrift_db").getName()).isEqualTo("thrift_db");

      assertThat(
              client.add_partitions(
                  List.of(partition(table, "2024-01-01"), partition(table, "2024-01-02"))))
          .isEqualTo(2);
      assertThat(client.get_partition_names("thrift_db", "events", (short) -1))
          .containsExactly("ds=2024-01-01", "ds=2024-01-02");
      assertThat(client.get_partitions("thrift_db", "events", (short) 1)).hasSize(1);
      assertThat(
              client
                  .get_partition("thrift_db", "events", List.of("2024-01-02"))
                  .getSd()
                  .getLocation())
          .endsWith("/ds=2024-01-02");
      assertThat(client.drop_partition("thrift_db", "events", List.of("2024-01-01"), false))
          .isTrue();
      assertThatThrownBy(() -> client.get_partition("thrift_db", "events", List.of("2024-01-01")))
          .isInstanceOf(NoSuchObjectException.class);

      client.drop_table("thrift_db", "events", false);
      client.drop_database("thrift_db", false, true);
      assertThat(client.get_all_databases()).doesNotContain("thrift_db");
    }
  }

  @Test
  void aTableWithoutLocationGetsOneUnderItsDatabaseAndItsLocalDirectory() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      Path databaseDirectory = dataDirectory.resolve("warehouse").resolve("located_db");
      client.create_database(
          new Database("located_db", "", databaseDirectory.toUri().toString(), Map.of()));
      Table table = table("located_db", "unplaced");
      table.getSd().unsetLocation();
      client.create_table(table);

      String location =
          client
              .get_table_req(new GetTableRequest("located_db", "unplaced"))
              .getTable()
              .getSd()
              .getLocation();
      assertThat(location).isEqualTo(databaseDirectory.toUri() + "unplaced");
      assertThat(databaseDirectory.resolve("unplaced")).isDirectory();
    }
  }

  @Test
  void alterTableWithExpectedParameterIsACompareAndSwap() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      client.create_database(new Database("iceberg_db", "", "s3://warehouse/iceberg_db", Map.of()));
      Table table = table("iceberg_db", "t");
      client.create_table(table);

      Table next = table.deepCopy();
      next.setParameters(Map.of("EXTERNAL", "TRUE", "metadata_location", "v2"));
      EnvironmentContext expectV1 =
          new EnvironmentContext(
              Map.of(
                  "expected_parameter_key", "metadata_location", "expected_parameter_value", "v1"));
      client.alter_table_with_environment_context("iceberg_db", "t", next, expectV1);
      assertThat(
              client
                  .get_table_req(new GetTableRequest("iceberg_db", "t"))
                  .getTable()
                  .getParameters())
          .containsEntry("metadata_location", "v2");

      // A second writer that also read v1 must lose, with the text Iceberg retries on.
      Table other = table.deepCopy();
      other.setParameters(Map.of("EXTERNAL", "TRUE", "metadata_location", "v2-other"));
      assertThatThrownBy(
              () -> client.alter_table_with_environment_context("iceberg_db", "t", other, expectV1))
          .isInstanceOf(MetaException.class)
          .hasMessageContaining(
              "The table has been modified. The parameter value for key 'metadata_location' is");
      assertThat(
              client
                  .get_table_req(new GetTableRequest("iceberg_db", "t"))
                  .getTable()
                  .getParameters())
          .containsEntry("metadata_location", "v2");
    }
  }

  @Test
  void alterTableWithCascadeGivesPartitionsTheNewColumns() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      client.create_database(new Database("cascading", "", "s3://warehouse/cascading", Map.of()));
      Table table = table("cascading", "events");
      client.create_table(table);
      client.add_partitions(List.of(partition(table, "a"), partition(table, "b")));

      Table widened = client.get_table_req(new GetTableRequest("cascading", "events")).getTable();
      widened.getSd().addToCols(new FieldSchema("added", "string", null));
      client.alter_table_with_environment_context("cascading", "events", widened, null);
      assertThat(client.get_partition("cascading", "events", List.of("a")).getSd().getCols())
          .extracting(FieldSchema::getName)
          .containsExactly("id");

      widened.getSd().addToCols(new FieldSchema("cascaded", "int", null));
      client.alter_table_with_environment_context(
          "cascading", "events", widened, new EnvironmentContext(Map.of("CASCADE", "true")));
      for (String value : List.of("a", "b")) {
        assertThat(client.get_partition("cascading", "events", List.of(value)).getSd().getCols())
            .extracting(FieldSchema::getName)
            .containsExactly("id", "added", "cascaded");
      }
    }
  }

  @Test
  void legacyGetTableAsHive23SendsIt() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      client.create_database(new Database("legacy_db", "", "s3://warehouse/legacy_db", Map.of()));
      client.create_table(table("legacy_db", "old_style"));

      TProtocol protocol = new TBinaryProtocol(socket);
      protocol.writeMessageBegin(new TMessage("get_table", TMessageType.CALL, 7));
      protocol.writeStructBegin(new TStruct("get_table_args"));
      protocol.writeFieldBegin(new TField("dbname", TType.STRING, (short) 1));
      protocol.writeString("legacy_db");
      protocol.writeFieldEnd();
      protocol.writeFieldBegin(new TField("tbl_name", TType.STRING, (short) 2));
      protocol.writeString("old_style");
      protocol.writeFieldEnd();
      protocol.writeFieldStop();
      protocol.writeStructEnd();
      protocol.writeMessageEnd();
      protocol.getTransport().flush();

      TMessage reply = protocol.readMessageBegin();
      assertThat(reply.type).isEqualTo(TMessageType.REPLY);
      assertThat(reply.seqid).isEqualTo(7);
      protocol.readStructBegin();
      TField field = protocol.readFieldBegin();
      assertThat(field.id).isEqualTo((short) 0);
      Table table = new Table();
      table.read(protocol);
      assertThat(table.getTableName()).isEqualTo("old_style");
    }
  }

  @Test
  void unsupportedMethodsAnswerCleanlyAndTheConnectionLives() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      assertThatThrownBy(() -> client.get_all_resource_plans(new WMGetAllResourcePlanRequest()))
          .isInstanceOf(TApplicationException.class)
          .hasMessageContaining("get_all_resource_plans");
      client.shutdown();
      assertThat(client.get_all_databases()).isNotNull();
    }
  }

  @Test
  void aGarbageFrameClosesOnlyItsOwnConnection() throws Exception {
    try (TSocket healthy = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(healthy);
      try (Socket garbage = new Socket("127.0.0.1", server.thriftPort())) {
        OutputStream out = garbage.getOutputStream();
        out.write(
            new byte[] {
              (byte) 0x80, 0x01, 0x00, 0x01, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff
            });
        out.write("garbage that is no Thrift message at all".getBytes());
        out.flush();
        assertThat(garbage.getInputStream().read()).isEqualTo(-1);
      }
      assertThat(client.get_all_databases()).isNotNull();
    }
  }
}
