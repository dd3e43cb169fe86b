package io.cairn.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.AppendPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.DropPartitionsExpr;
import org.apache.hadoop.hive.metastore.api.DropPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.DropPartitionsResult;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.PartitionListComposingSpec;
import org.apache.hadoop.hive.metastore.api.PartitionSpec;
import org.apache.hadoop.hive.metastore.api.PartitionSpecWithSharedSD;
import org.apache.hadoop.hive.metastore.api.PartitionWithoutSD;
import org.apache.hadoop.hive.metastore.api.PartitionsByExprRequest;
import org.apache.hadoop.hive.metastore.api.PartitionsByExprResult;
import org.apache.hadoop.hive.metastore.api.RenamePartitionRequest;
import org.apache.hadoop.hive.metastore.api.RequestPartsSpec;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.hadoop.hive.metastore.api.TruncateTableRequest;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Append, rename, exchange, drop (with deleteData), truncate and expression listing through Hive
 * 4's generated Thrift client against a running Cairn on SQLite. Each test works in its own
 * database whose location is a temporary directory, so the effects on the file system are checked
 * too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionMaintenanceThriftIT {
  @TempDir static Path dataDirectory;
  @TempDir static Path warehouse;

  private ThriftTestServer server;
  private TSocket socket;
  private ThriftHiveMetastore.Client client;
  private String database;
  private Path databaseDirectory;

  @BeforeAll
  void start() {
    server = ThriftTestServer.start(dataDirectory);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @BeforeEach
  void connect(TestInfo test) throws Exception {
    socket = server.open();
    client = ThriftTestServer.client(socket);
    database = test.getTestMethod().orElseThrow().getName().toLowerCase();
    databaseDirectory = warehouse.resolve(database + ".db");
    client.create_database(new Database(database, "", "file:" + databaseDirectory, Map.of()));
  }

  @AfterEach
  void disconnect() {
    socket.close();
  }

  // Append

  @Test
  void appendPartitionUsesTheTableDescriptorAndCreatesItsDirectory() throws Exception {
    Table table = createTable("events", true);

    Partition appended = client.append_partition(database, "events", List.of("2024-01-01", "a/b"));

    String expectedLocation = table.getSd().getLocation() + "/ds=2024-01-01/region=a%2Fb";
    assertThat(appended.getValues()).containsExactly("2024-01-01", "a/b");
    assertThat(appended.getSd().getLocation()).isEqualTo(expectedLocation);
    assertThat(appended.getSd().getCols()).isEqualTo(table.getSd().getCols());
    assertThat(appended.getSd().getSerdeInfo().getSerializationLib())
        .isEqualTo(table.getSd().getSerdeInfo().getSerializationLib());
    assertThat(appended.getParameters()).containsKey("transient_lastDdlTime");
    assertThat(Files.isDirectory(databaseDirectory.resolve("events/ds=2024-01-01/region=a%2Fb")))
        .isTrue();
    assertThat(client.get_partition(database, "events", List.of("2024-01-01", "a/b")))
        .isEqualTo(appended);
  }

  @Test
  void appendPartitionVariantsAgree() throws Exception {
    createTable("events", true);

    client.append_partition_by_name(database, "events", "ds=1/region=eu");
    client.append_partition_with_environment_context(database, "events", List.of("2", "eu"), null);
    client.append_partition_by_name_with_environment_context(
        database, "events", "region=us/ds=3", null);
    AppendPartitionsRequest request = new AppendPartitionsRequest(database, "events");
    request.setName("ds=4/region=us");
    client.append_partition_req(request);

    assertThat(client.get_partition_names(database, "events", (short) -1))
        .containsExactly("ds=1/region=eu", "ds=2/region=eu", "ds=3/region=us", "ds=4/region=us");
  }

  @Test
  void appendPartitionRefusesBadInputAndChangesNothing() throws Exception {
    createTable("events", true);
    client.append_partition(database, "events", List.of("1", "eu"));

    assertThatThrownBy(() -> client.append_partition(database, "events", List.of("1", "eu")))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> client.append_partition(database, "missing", List.of("1", "eu")))
        .isInstanceOf(InvalidObjectException.class);
    assertThatThrownBy(() -> client.append_partition(database, "events", List.of("1")))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("Invalid partition key & values");
    assertThatThrownBy(() -> client.append_partition(database, "events", List.of()))
        .isInstanceOf(MetaException.class);
    assertThatThrownBy(() -> client.append_partition_by_name(database, "events", "ds=2"))
        .isInstanceOf(InvalidObjectException.class)
        .hasMessageContaining("missing region");

    assertThat(client.get_partition_names(database, "events", (short) -1))
        .containsExactly("ds=1/region=eu");
  }

  // Drop with deleteData

  @Test
  void dropPartitionWithDeleteDataDeletesTheDirectoryOfAManagedTable() throws Exception {
    createTable("events", true);
    Partition kept = client.append_partition(database, "events", List.of("1", "eu"));
    Partition dropped = client.append_partition(database, "events", List.of("2", "eu"));
    Path keptDirectory = writeFile(kept);
    Path droppedDirectory = writeFile(dropped);

    assertThat(client.drop_partition_by_name(database, "events", "ds=2/region=eu", true)).isTrue();
    assertThat(client.drop_partition(database, "events", List.of("1", "eu"), false)).isTrue();

    assertThat(droppedDirectory).doesNotExist();
    // Hive removes the emptied parent (ds=2) too.
    assertThat(droppedDirectory.getParent()).doesNotExist();
    assertThat(keptDirectory.resolve("data.txt")).exists();
    assertThat(client.get_partition_names(database, "events", (short) -1)).isEmpty();
  }

  @Test
  void dropPartitionWithDeleteDataKeepsTheDataOfAnExternalTableUnlessPurged() throws Exception {
    createTable("external_events", false);
    Table purged = createTable("purged_events", false);
    purged.putToParameters("external.table.purge", "true");
    client.alter_table(database, "purged_events", purged);
    Path external =
        writeFile(client.append_partition(database, "external_events", List.of("1", "eu")));
    Path purgedData =
        writeFile(client.append_partition(database, "purged_events", List.of("1", "eu")));

    client.drop_partition(database, "external_events", List.of("1", "eu"), true);
    client.drop_partition(database, "purged_events", List.of("1", "eu"), true);

    assertThat(external.resolve("data.txt")).exists();
    assertThat(purgedData).doesNotExist();
  }

  @Test
  void dropPartitionsByNamesIsAllOrNothing() throws Exception {
    createTable("events", true);
    Path first = writeFile(client.append_partition(database, "events", List.of("1", "eu")));
    client.append_partition(database, "events", List.of("2", "eu"));

    DropPartitionsRequest missing =
        new DropPartitionsRequest(
            database,
            "events",
            RequestPartsSpec.names(List.of("ds=1/region=eu", "ds=9/region=eu")));
    missing.setIfExists(false);
    missing.setDeleteData(true);
    assertThatThrownBy(() -> client.drop_partitions_req(missing))
        .isInstanceOf(NoSuchObjectException.class);
    assertThat(client.get_partition_names(database, "events", (short) -1)).hasSize(2);
    assertThat(first.resolve("data.txt")).exists();

    missing.setIfExists(true);
    DropPartitionsResult result = client.drop_partitions_req(missing);

    assertThat(result.getPartitions())
        .extracting(Partition::getValues)
        .containsExactly(List.of("1", "eu"));
    assertThat(client.get_partition_names(database, "events", (short) -1))
        .containsExactly("ds=2/region=eu");
    assertThat(first).doesNotExist();
  }

  @Test
  void dropPartitionsByFilterStringExpressionOrRefusesSerializedOnes() throws Exception {
    createTable("events", true);
    client.append_partition(database, "events", List.of("1", "eu"));
    client.append_partition(database, "events", List.of("2", "us"));
    client.append_partition(database, "events", List.of("3", "us"));

    DropPartitionsRequest serialized =
        new DropPartitionsRequest(
            database,
            "events",
            RequestPartsSpec.exprs(
                List.of(new DropPartitionsExpr(java.nio.ByteBuffer.wrap(kryoLikeBytes())))));
    assertThatThrownBy(() -> client.drop_partitions_req(serialized))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("cannot evaluate");

    DropPartitionsRequest byFilter =
        new DropPartitionsRequest(
            database,
            "events",
            RequestPartsSpec.exprs(
                List.of(
                    new DropPartitionsExpr(
                        java.nio.ByteBuffer.wrap(
                            "region = \"us\"".getBytes(StandardCharsets.UTF_8))))));
    client.drop_partitions_req(byFilter);

    assertThat(client.get_partition_names(database, "events", (short) -1))
        .containsExactly("ds=1/region=eu");
  }

  @Test
  void dropTableWithDeleteDataDeletesTableAndOutsidePartitionDirectories() throws Exception {
    Table table = createTable("events", true);
    Path inside = writeFile(client.append_partition(database, "events", List.of("1", "eu")));
    Path outsideDirectory = warehouse.resolve(database + "_elsewhere/p");
    Partition outside = partition(table, List.of("2", "eu"), "file:" + outsideDirectory);
    client.add_partition(outside);
    writeFile(outside);
    createTable("kept", true);
    Path keptData = writeFile(client.append_partition(database, "kept", List.of("1", "eu")));

    client.drop_table(database, "events", true);
    client.drop_table(database, "kept", false);

    assertThat(inside).doesNotExist();
    assertThat(databaseDirectory.resolve("events")).doesNotExist();
    assertThat(outsideDirectory).doesNotExist();
    assertThat(keptData.resolve("data.txt")).exists();
  }

  @Test
  void dropDatabaseCascadeWithDeleteDataDeletesManagedDataAndKeepsExternal() throws Exception {
    createTable("managed", true);
    createTable("external", false);
    Path managed = writeFile(client.append_partition(database, "managed", List.of("1", "eu")));
    Path external = writeFile(client.append_partition(database, "external", List.of("1", "eu")));

    client.drop_database(database, true, true);

    assertThat(managed).doesNotExist();
    assertThat(databaseDirectory.resolve("managed")).doesNotExist();
    assertThat(external.resolve("data.txt")).exists();
    assertThatThrownBy(() -> client.get_database(database))
        .isInstanceOf(NoSuchObjectException.class);
  }

  @Test
  void dropPartitionAnswersBadValuesAsHiveDoes() throws Exception {
    createTable("events", true);
    client.append_partition(database, "events", List.of("1", "eu"));

    assertThatThrownBy(() -> client.drop_partition(database, "events", List.of("1"), true))
        .isInstanceOf(MetaException.class);
    assertThatThrownBy(() -> client.drop_partition(null, "events", List.of("1", "eu"), true))
        .isInstanceOf(MetaException.class);
    assertThatThrownBy(() -> client.drop_partition(database, "events", List.of("1", ""), true))
        .isInstanceOf(NoSuchObjectException.class);
    assertThatThrownBy(() -> client.drop_partition_by_name(database, "events", "ds=1", true))
        .isInstanceOf(NoSuchObjectException.class);
    assertThatThrownBy(() -> client.drop_partition_by_name(database, "events", "", true))
        .isInstanceOf(MetaException.class);

    assertThat(client.get_partition_names(database, "events", (short) -1))
        .containsExactly("ds=1/region=eu");
  }

  @Test
  void addPartitionCreatesTheLocalDirectory() throws Exception {
    Table table = createTable("events", true);
    Path directory = databaseDirectory.resolve("elsewhere/p1");

    client.add_partition(partition(table, List.of("1", "eu"), "file:" + directory));

    assertThat(directory).isDirectory();
  }

  @Test
  void addPartitionWithoutLocationIsPlacedUnderTheTable() throws Exception {
    Table table = createTable("events", true);
    Partition partition = partition(table, List.of("1", "eu"), null);

    client.add_partition(partition);

    assertThat(client.get_partition(database, "events", List.of("1", "eu")).getSd().getLocation())
        .isEqualTo(table.getSd().getLocation() + "/ds=1/region=eu");
    assertThat(databaseDirectory.resolve("events/ds=1/region=eu")).isDirectory();
  }

  // Rename

  @Test
  void renamePartitionMovesItsDirectoryAndKeepsItsDefinition() throws Exception {
    createTable("events", true);
    Partition original = client.append_partition(database, "events", List.of("1", "eu"));
    Path oldDirectory = writeFile(original);
    Partition renamed = original.deepCopy();
    renamed.setValues(List.of("1", "us"));
    renamed.putToParameters("note", "moved");

    client.rename_partition(database, "events", List.of("1", "eu"), renamed);

    Partition loaded = client.get_partition(database, "events", List.of("1", "us"));
    assertThat(loaded.getSd().getLocation())
        .isEqualTo(original.getSd().getLocation().replace("region=eu", "region=us"));
    assertThat(loaded.getParameters()).containsEntry("note", "moved");
    assertThat(oldDirectory).doesNotExist();
    assertThat(databaseDirectory.resolve("events/ds=1/region=us/data.txt")).exists();
    assertThatThrownBy(() -> client.get_partition(database, "events", List.of("1", "eu")))
        .isInstanceOf(NoSuchObjectException.class);
  }

  @Test
  void renamePartitionRefusesMissingAndExistingPartitions() throws Exception {
    createTable("events", true);
    Partition first = client.append_partition(database, "events", List.of("1", "eu"));
    client.append_partition(database, "events", List.of("2", "eu"));
    Partition taken = first.deepCopy();
    taken.setValues(List.of("2", "eu"));
    Partition free = first.deepCopy();
    free.setValues(List.of("3", "eu"));

    assertThatThrownBy(() -> client.rename_partition(database, "events", List.of("1", "eu"), taken))
        .isInstanceOf(InvalidOperationException.class);
    RenamePartitionRequest missing =
        new RenamePartitionRequest(database, "events", List.of("9", "eu"), free);
    assertThatThrownBy(() -> client.rename_partition_req(missing))
        .isInstanceOf(InvalidOperationException.class);

    assertThat(client.get_partition_names(database, "events", (short) -1))
        .containsExactly("ds=1/region=eu", "ds=2/region=eu");
  }

  // Exchange

  @Test
  void exchangePartitionsMovesMatchingPartitionsAndTheirDirectories() throws Exception {
    createTable("source", true);
    Table destination = createTable("destination", true);
    writeFile(client.append_partition(database, "source", List.of("1", "eu")));
    client.append_partition(database, "source", List.of("1", "us"));
    client.append_partition(database, "source", List.of("2", "eu"));

    List<Partition> moved =
        client.exchange_partitions(Map.of("ds", "1"), database, "source", database, "destination");

    assertThat(moved)
        .extracting(Partition::getValues)
        .containsExactlyInAnyOrder(List.of("1", "eu"), List.of("1", "us"));
    assertThat(moved)
        .allSatisfy(
            partition -> {
              assertThat(partition.getTableName()).isEqualTo("destination");
              assertThat(partition.getSd().getLocation())
                  .startsWith(destination.getSd().getLocation());
            });
    assertThat(client.get_partition_names(database, "source", (short) -1))
        .containsExactly("ds=2/region=eu");
    assertThat(client.get_partition_names(database, "destination", (short) -1))
        .containsExactly("ds=1/region=eu", "ds=1/region=us");
    assertThat(databaseDirectory.resolve("destination/ds=1/region=eu/data.txt")).exists();
    assertThat(databaseDirectory.resolve("source/ds=1/region=eu")).doesNotExist();
    assertThat(
            client.exchange_partition(
                Map.of("ds", "2"), database, "source", database, "destination"))
        .isEqualTo(new Partition());
  }

  @Test
  void exchangePartitionsRefusesWhatHiveRefusesAndChangesNothing() throws Exception {
    createTable("source", true);
    createTable("destination", true);
    Table other = table("other", true);
    other.getSd().setCols(List.of(new FieldSchema("id", "string", null)));
    client.create_table(other);
    client.append_partition(database, "source", List.of("1", "eu"));
    client.append_partition(database, "destination", List.of("1", "eu"));

    assertThatThrownBy(
            () ->
                client.exchange_partitions(
                    Map.of("ds", "1"), database, "source", database, "destination"))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("already exists");
    assertThatThrownBy(
            () ->
                client.exchange_partitions(
                    Map.of("ds", "1"), database, "source", database, "other"))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("different schemas");
    assertThatThrownBy(
            () ->
                client.exchange_partitions(
                    Map.of("ds", "7"), database, "source", database, "other"))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("No partition is found");
    assertThatThrownBy(
            () ->
                client.exchange_partitions(
                    Map.of("ds", "1"), database, "missing", database, "other"))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("not found");

    assertThat(client.get_partition_names(database, "source", (short) -1))
        .containsExactly("ds=1/region=eu");
    assertThat(client.get_partition_names(database, "other", (short) -1)).isEmpty();
  }

  @Test
  void exchangePartitionsNeedsAGivenKeyAndAnExistingSourceDirectory() throws Exception {
    createTable("source", true);
    createTable("destination", true);
    Path directory = writeFile(client.append_partition(database, "source", List.of("1", "eu")));

    assertThatThrownBy(
            () -> client.exchange_partitions(Map.of(), database, "source", database, "destination"))
        .isInstanceOf(MetaException.class);
    Files.delete(directory.resolve("data.txt"));
    Files.delete(directory);
    Files.delete(directory.getParent());
    assertThatThrownBy(
            () ->
                client.exchange_partitions(
                    Map.of("ds", "1"), database, "source", database, "destination"))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("does not exist");

    assertThat(client.get_partition_names(database, "source", (short) -1))
        .containsExactly("ds=1/region=eu");
    assertThat(client.get_partition_names(database, "destination", (short) -1)).isEmpty();
  }

  // Truncate

  @Test
  void truncateDeletesFilesAndResetsStatistics() throws Exception {
    createTable("events", true);
    Partition first = client.append_partition(database, "events", List.of("1", "eu"));
    Partition second = client.append_partition(database, "events", List.of("2", "eu"));
    for (Partition partition : List.of(first, second)) {
      partition.putToParameters("numRows", "10");
      partition.putToParameters("totalSize", "100");
      partition.putToParameters(
          "COLUMN_STATS_ACCURATE", "{\"BASIC_STATS\":\"true\",\"COLUMN_STATS\":{\"id\":\"true\"}}");
    }
    client.alter_partitions(database, "events", List.of(first, second));
    Path firstDirectory = writeFile(first);
    Path secondDirectory = writeFile(second);

    client.truncate_table(database, "events", List.of("ds=1/region=eu"));

    assertThat(firstDirectory).isEmptyDirectory();
    assertThat(secondDirectory.resolve("data.txt")).exists();
    Map<String, String> parameters =
        client.get_partition(database, "events", List.of("1", "eu")).getParameters();
    assertThat(parameters)
        .containsEntry("numRows", "0")
        .containsEntry("totalSize", "0")
        .containsEntry("COLUMN_STATS_ACCURATE", "{\"BASIC_STATS\":\"true\"}")
        .doesNotContainKey("numFiles");
    assertThat(client.get_partition(database, "events", List.of("2", "eu")).getParameters())
        .containsEntry("numRows", "10");

    client.truncate_table_req(new TruncateTableRequest(database, "events"));
    assertThat(secondDirectory).isEmptyDirectory();
  }

  @Test
  void truncateRefusesExternalTables() throws Exception {
    createTable("external_events", false);
    Path data = writeFile(client.append_partition(database, "external_events", List.of("1", "eu")));

    assertThatThrownBy(() -> client.truncate_table(database, "external_events", null))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("non-managed");
    assertThat(data.resolve("data.txt")).exists();
  }

  // Expressions and names

  @Test
  void partitionsByExpressionFilterStringsAndReturnAllForSerializedExpressions() throws Exception {
    createTable("events", true);
    client.append_partition(database, "events", List.of("1", "eu"));
    client.append_partition(database, "events", List.of("2", "us"));

    PartitionsByExprResult filtered =
        client.get_partitions_by_expr(
            new PartitionsByExprRequest(
                database,
                "events",
                java.nio.ByteBuffer.wrap("ds = \"2\"".getBytes(StandardCharsets.UTF_8))));
    PartitionsByExprResult unknown =
        client.get_partitions_by_expr(
            new PartitionsByExprRequest(
                database, "events", java.nio.ByteBuffer.wrap(kryoLikeBytes())));

    assertThat(filtered.isHasUnknownPartitions()).isFalse();
    assertThat(filtered.getPartitions())
        .extracting(Partition::getValues)
        .containsExactly(List.of("2", "us"));
    assertThat(unknown.isHasUnknownPartitions()).isTrue();
    assertThat(unknown.getPartitions()).hasSize(2);
    assertThat(
            client
                .get_partitions_spec_by_expr(
                    new PartitionsByExprRequest(
                        database, "events", java.nio.ByteBuffer.wrap(kryoLikeBytes())))
                .isHasUnknownPartitions())
        .isTrue();
  }

  @Test
  void partitionNamesRequestOrdersAndLimits() throws Exception {
    Table table = table("numbers", true);
    table.setPartitionKeys(List.of(new FieldSchema("n", "int", null)));
    client.create_table(table);
    for (String value : List.of("9", "10", "2", "__HIVE_DEFAULT_PARTITION__")) {
      client.append_partition(database, "numbers", List.of(value));
    }
    PartitionsByExprRequest request =
        new PartitionsByExprRequest(database, "numbers", java.nio.ByteBuffer.wrap(new byte[] {-1}));
    request.setOrder("0:-");

    assertThat(client.get_partition_names_req(request))
        .containsExactly("n=__HIVE_DEFAULT_PARTITION__", "n=10", "n=9", "n=2");
    request.setOrder("0:+");
    request.setMaxParts((short) 2);
    assertThat(client.get_partition_names_req(request)).containsExactly("n=2", "n=9");
    request.setExpr(kryoLikeBytes());
    assertThatThrownBy(() -> client.get_partition_names_req(request))
        .isInstanceOf(MetaException.class);
  }

  @Test
  void partitionNamesAreParsedAsHiveDoes() throws Exception {
    assertThat(client.partition_name_to_vals("ds=2024%2F01/region=eu"))
        .containsExactly("2024/01", "eu");
    // A Thrift map arrives unordered.
    assertThat(client.partition_name_to_spec("ds=1/region=eu"))
        .containsOnly(Map.entry("ds", "1"), Map.entry("region", "eu"));
    assertThat(client.partition_name_to_vals("")).isEmpty();
    assertThat(client.partition_name_has_valid_characters(List.of("a", "b"), true)).isTrue();
  }

  // Fixtures

  /** The start of what Hive's Kryo writes for an ExprNodeGenericFuncDesc: not UTF-8 text. */
  // Partition specs

  @Test
  void partitionSpecsAreAddedSharedOrWholeAndListedByFilter() throws Exception {
    Table table = createTable("specs", true);
    String root = table.getSd().getLocation();
    StorageDescriptor shared = table.getSd().deepCopy();
    shared.setLocation(root);
    PartitionWithoutSD first =
        new PartitionWithoutSD(
            List.of("2024-01-01", "eu"), 0, 0, "/ds=2024-01-01/region=eu", Map.of("k", "v"));
    PartitionWithoutSD second =
        new PartitionWithoutSD(
            List.of("2024-01-02", "eu"), 0, 0, "/ds=2024-01-02/region=eu", Map.of());
    PartitionSpec sharing = new PartitionSpec(database, "specs", root);
    sharing.setSharedSDPartitionSpec(new PartitionSpecWithSharedSD(List.of(first, second), shared));
    PartitionSpec whole = new PartitionSpec(database, "specs", root);
    whole.setPartitionList(
        new PartitionListComposingSpec(
            List.of(partition(table, List.of("2024-01-03", "us"), root + "/elsewhere"))));

    assertThat(client.add_partitions_pspec(List.of(sharing, whole))).isEqualTo(3);

    assertThat(
            client
                .get_partition(database, "specs", List.of("2024-01-01", "eu"))
                .getSd()
                .getLocation())
        .isEqualTo(root + "/ds=2024-01-01/region=eu");
    assertThat(client.get_partition(database, "specs", List.of("2024-01-01", "eu")).getParameters())
        .containsEntry("k", "v");
    List<PartitionSpec> listed = client.get_partitions_pspec(database, "specs", -1);
    assertThat(listed)
        .singleElement()
        .satisfies(
            spec -> {
              assertThat(spec.getRootPath()).isEqualTo(root);
              assertThat(spec.getPartitionList().getPartitions())
                  .extracting(Partition::getValues)
                  .containsExactly(
                      List.of("2024-01-01", "eu"),
                      List.of("2024-01-02", "eu"),
                      List.of("2024-01-03", "us"));
            });
    assertThat(client.get_part_specs_by_filter(database, "specs", "region = \"eu\"", 1))
        .singleElement()
        .satisfies(spec -> assertThat(spec.getPartitionList().getPartitions()).hasSize(1));

    PartitionSpec nameless = new PartitionSpec();
    nameless.setPartitionList(new PartitionListComposingSpec(List.of()));
    assertThatThrownBy(() -> client.add_partitions_pspec(List.of(nameless)))
        .isInstanceOf(MetaException.class);
    assertThat(client.get_partition_names(database, "specs", (short) -1)).hasSize(3);
  }

  private static byte[] kryoLikeBytes() {
    byte[] name =
        "org.apache.hadoop.hive.ql.plan.ExprNodeGenericFuncDesc"
            .getBytes(StandardCharsets.US_ASCII);
    name[name.length - 1] |= (byte) 0x80;
    byte[] bytes = new byte[name.length + 1];
    bytes[0] = 1;
    System.arraycopy(name, 0, bytes, 1, name.length);
    return bytes;
  }

  private Table createTable(String name, boolean managed) throws Exception {
    Table table = table(name, managed);
    client.create_table(table);
    return client
        .get_table_req(new org.apache.hadoop.hive.metastore.api.GetTableRequest(database, name))
        .getTable();
  }

  private Table table(String name, boolean managed) {
    StorageDescriptor descriptor =
        new StorageDescriptor(
            List.of(new FieldSchema("id", "bigint", null)),
            null,
            "org.apache.hadoop.mapred.TextInputFormat",
            "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            false,
            -1,
            new SerDeInfo(null, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", Map.of()),
            List.of(),
            List.of(),
            Map.of());
    Table table = new Table();
    table.setDbName(database);
    table.setTableName(name);
    table.setSd(descriptor);
    table.setPartitionKeys(
        List.of(new FieldSchema("ds", "string", null), new FieldSchema("region", "string", null)));
    table.setTableType(managed ? "MANAGED_TABLE" : "EXTERNAL_TABLE");
    Map<String, String> parameters = new HashMap<>();
    if (!managed) {
      parameters.put("EXTERNAL", "TRUE");
    }
    table.setParameters(parameters);
    return table;
  }

  private Partition partition(Table table, List<String> values, String location) {
    Partition partition = new Partition();
    partition.setDbName(table.getDbName());
    partition.setTableName(table.getTableName());
    partition.setValues(values);
    StorageDescriptor descriptor = table.getSd().deepCopy();
    descriptor.setLocation(location);
    partition.setSd(descriptor);
    return partition;
  }

  /** Writes a data file into the partition's (local) directory and returns the directory. */
  private static Path writeFile(Partition partition) throws Exception {
    Path directory = Path.of(partition.getSd().getLocation().substring("file:".length()));
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("data.txt"), "1\n");
    return directory;
  }
}
