package io.cairn.glue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * One catalog behind both protocols: a table created through the Glue API (AWS SDK) is the table
 * Hive's Thrift client reads, with the same columns and parameters, and the reverse; and the browse
 * API shows it too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlueThriftIT {
  @TempDir static Path dataDirectory;

  private GlueTestServer server;
  private GlueClient glue;
  private TSocket socket;
  private ThriftHiveMetastore.Client thrift;

  @BeforeAll
  void start() throws Exception {
    server = GlueTestServer.start(dataDirectory);
    glue = server.client();
    socket = new TSocket("127.0.0.1", server.thriftPort());
    socket.open();
    thrift = new ThriftHiveMetastore.Client(new TBinaryProtocol(socket));
    glue.createDatabase(r -> r.databaseInput(d -> d.name("shared").locationUri("file:///lake")));
  }

  @AfterAll
  void stop() {
    socket.close();
    glue.close();
    server.close();
  }

  @Test
  void aTableCreatedThroughGlueIsTheTableThriftReads() throws Exception {
    glue.createTable(r -> r.databaseName("shared").tableInput(GlueApiIT.table("from_glue")));
    software.amazon.awssdk.services.glue.model.Table viaGlue =
        glue.getTable(r -> r.databaseName("shared").name("from_glue")).table();
    Table viaThrift = thrift.get_table_req(new GetTableRequest("shared", "from_glue")).getTable();

    assertSame(viaGlue, viaThrift);
    assertThat(viaThrift.getOwner()).isEqualTo("alice");
    assertThat(viaThrift.getSd().getSerdeInfo().getSerializationLib())
        .isEqualTo(viaGlue.storageDescriptor().serdeInfo().serializationLibrary());

    // An update through Thrift is the next Glue version, with Thrift's change.
    Table altered = viaThrift.deepCopy();
    altered.getParameters().put("altered_by", "hive");
    altered.getSd().addToCols(new FieldSchema("note", "string", "added by hive"));
    thrift.alter_table("shared", "from_glue", altered);
    software.amazon.awssdk.services.glue.model.Table afterAlter =
        glue.getTable(r -> r.databaseName("shared").name("from_glue")).table();
    assertThat(afterAlter.versionId()).isEqualTo("1");
    assertSame(
        afterAlter, thrift.get_table_req(new GetTableRequest("shared", "from_glue")).getTable());
    assertThat(afterAlter.parameters()).containsEntry("altered_by", "hive");
    assertThat(afterAlter.storageDescriptor().columns())
        .extracting(Column::name)
        .containsExactly("id", "amount", "note");

    HttpResponse<String> browse =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        server.uri().resolve("/api/v1/databases/shared/tables/from_glue"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(browse.statusCode()).isEqualTo(200);
    assertThat(browse.body()).contains("\"altered_by\"").contains("\"note\"");
  }

  @Test
  void aTableCreatedThroughThriftIsTheTableGlueReads() throws Exception {
    Table table = new Table();
    table.setDbName("shared");
    table.setTableName("from_hive");
    table.setOwner("bob");
    table.setTableType("EXTERNAL_TABLE");
    table.setParameters(new HashMap<>(Map.of("EXTERNAL", "TRUE", "classification", "orc")));
    table.setPartitionKeys(new ArrayList<>(List.of(new FieldSchema("ds", "string", "day"))));
    StorageDescriptor descriptor = new StorageDescriptor();
    descriptor.setCols(
        new ArrayList<>(
            List.of(
                new FieldSchema("user_id", "bigint", "the user"),
                new FieldSchema("tags", "array<string>", null),
                new FieldSchema("attrs", "map<string,int>", null))));
    descriptor.setLocation("file:///lake/from_hive");
    descriptor.setInputFormat("org.apache.hadoop.hive.ql.io.orc.OrcInputFormat");
    descriptor.setOutputFormat("org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat");
    descriptor.setSerdeInfo(
        new SerDeInfo(null, "org.apache.hadoop.hive.ql.io.orc.OrcSerde", Map.of("k", "v")));
    descriptor.setParameters(Map.of());
    table.setSd(descriptor);
    thrift.create_table(table);

    software.amazon.awssdk.services.glue.model.Table viaGlue =
        glue.getTable(r -> r.databaseName("shared").name("from_hive")).table();
    Table viaThrift = thrift.get_table_req(new GetTableRequest("shared", "from_hive")).getTable();
    assertSame(viaGlue, viaThrift);
    assertThat(viaGlue.versionId()).isEqualTo("0");
    assertThat(viaGlue.owner()).isEqualTo("bob");
    assertThat(viaGlue.storageDescriptor().inputFormat())
        .isEqualTo("org.apache.hadoop.hive.ql.io.orc.OrcInputFormat");
    assertThat(viaGlue.storageDescriptor().serdeInfo().parameters()).containsEntry("k", "v");

    // A Glue update with the VersionId Thrift's create gave is seen by Thrift.
    glue.updateTable(
        r ->
            r.databaseName("shared")
                .versionId("0")
                .tableInput(
                    t ->
                        t.name("from_hive")
                            .owner("bob")
                            .tableType("EXTERNAL_TABLE")
                            .parameters(Map.of("EXTERNAL", "TRUE", "classification", "parquet"))
                            .partitionKeys(viaGlue.partitionKeys())
                            .storageDescriptor(viaGlue.storageDescriptor())));
    Table afterUpdate = thrift.get_table_req(new GetTableRequest("shared", "from_hive")).getTable();
    assertThat(afterUpdate.getParameters()).containsEntry("classification", "parquet");
    assertSame(glue.getTable(r -> r.databaseName("shared").name("from_hive")).table(), afterUpdate);
  }

  /** Columns, partition keys and parameters are the same through both protocols. */
  private static void assertSame(
      software.amazon.awssdk.services.glue.model.Table viaGlue, Table viaThrift) {
    assertThat(columns(viaGlue.storageDescriptor().columns()))
        .isEqualTo(thriftColumns(viaThrift.getSd().getCols()));
    assertThat(columns(viaGlue.partitionKeys()))
        .isEqualTo(thriftColumns(viaThrift.getPartitionKeys()));
    assertThat(viaGlue.parameters()).isEqualTo(viaThrift.getParameters());
    assertThat(viaGlue.storageDescriptor().location()).isEqualTo(viaThrift.getSd().getLocation());
    assertThat(viaGlue.tableType()).isEqualTo(viaThrift.getTableType());
  }

  private static List<List<String>> columns(List<Column> columns) {
    return columns.stream()
        .map(c -> java.util.Arrays.asList(c.name(), c.type(), c.comment()))
        .toList();
  }

  private static List<List<String>> thriftColumns(List<FieldSchema> columns) {
    return columns.stream()
        .map(c -> java.util.Arrays.asList(c.getName(), c.getType(), c.getComment()))
        .toList();
  }
}
