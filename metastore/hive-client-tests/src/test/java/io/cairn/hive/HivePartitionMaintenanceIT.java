package io.cairn.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.testing.CairnServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.lang3.tuple.Pair;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.PartitionDropOptions;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partition maintenance through Hive 4.0.1's own {@link HiveMetaStoreClient} against {@code cairn
 * server} in a separate JVM: append, rename, exchange, drop with deleteData, truncate, listing by
 * expression and the partition-name helpers, with their effects on local table directories. Each
 * test has a database of its own under a temporary warehouse.
 */
class HivePartitionMaintenanceIT {
  @TempDir static Path dataDirectory;
  @TempDir static Path warehouse;

  private static CairnServerProcess server;
  private static HiveMetaStoreClient client;

  @BeforeAll
  static void start() throws Exception {
    server =
        CairnServerProcess.start(
            dataDirectory,
            Path.of(System.getProperty("cairn.server.log") + ".partition-maintenance"));
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

  @Test
  void appendedPartitionsLiveUnderTheTableAndCannotBeAppendedTwice() throws Exception {
    Table table = createTable("appending", "events", true);

    Partition byValues = client.appendPartition("appending", "events", List.of("1", "eu"));
    Partition byName = client.appendPartition("appending", "events", "ds=2/region=us");

    assertThat(byValues.getSd().getLocation())
        .isEqualTo(table.getSd().getLocation() + "/ds=1/region=eu");
    assertThat(byName.getValues()).containsExactly("2", "us");
    assertThat(directory(byName)).isDirectory();
    assertThatThrownBy(() -> client.appendPartition("appending", "events", List.of("1", "eu")))
        .isInstanceOf(AlreadyExistsException.class);
    assertThat(client.listPartitionNames("appending", "events", (short) -1))
        .containsExactly("ds=1/region=eu", "ds=2/region=us");
  }

  @Test
  void droppingWithDeleteDataDeletesManagedDataOnly() throws Exception {
    createTable("dropping", "managed", true);
    createTable("dropping", "external", false);
    Path managedOne = withData(client.appendPartition("dropping", "managed", List.of("1", "eu")));
    Path managedTwo = withData(client.appendPartition("dropping", "managed", List.of("2", "eu")));
    Path managedThree = withData(client.appendPartition("dropping", "managed", List.of("3", "eu")));
    Path external = withData(client.appendPartition("dropping", "external", List.of("1", "eu")));

    assertThat(client.dropPartition("dropping", "managed", "ds=1/region=eu", true)).isTrue();
    assertThat(client.dropPartition("dropping", "managed", List.of("2", "eu"), false)).isTrue();
    assertThat(client.dropPartition("dropping", "external", List.of("1", "eu"), true)).isTrue();

    assertThat(managedOne).doesNotExist();
    assertThat(managedTwo.resolve("data.txt")).exists();
    assertThat(external.resolve("data.txt")).exists();

    client.dropTable("dropping", "managed", true, false);
    assertThat(managedThree).doesNotExist();
    assertThat(warehouse.resolve("dropping.db/managed")).doesNotExist();
  }

  @Test
  void dropPartitionsByFilterExpressionReturnsTheDroppedPartitions() throws Exception {
    createTable("expressions", "events", true);
    client.appendPartition("expressions", "events", List.of("1", "eu"));
    client.appendPartition("expressions", "events", List.of("2", "us"));
    client.appendPartition("expressions", "events", List.of("3", "us"));

    List<Partition> dropped =
        client.dropPartitions(
            "expressions",
            "events",
            List.of(Pair.of(1, "region = \"us\"".getBytes(StandardCharsets.UTF_8))),
            PartitionDropOptions.instance().deleteData(true).returnResults(true));

    assertThat(dropped)
        .extracting(Partition::getValues)
        .containsExactlyInAnyOrder(List.of("2", "us"), List.of("3", "us"));
    assertThat(client.listPartitionNames("expressions", "events", (short) -1))
        .containsExactly("ds=1/region=eu");
    assertThatThrownBy(
            () ->
                client.dropPartitions(
                    "expressions",
                    "events",
                    List.of(Pair.of(1, serializedExpression())),
                    PartitionDropOptions.instance()))
        .isInstanceOf(MetaException.class);
  }

  @Test
  void listingByAnExpressionCairnCannotReadReturnsEverythingForTheClientToFilter()
      throws Exception {
    createTable("listing", "events", true);
    client.appendPartition("listing", "events", List.of("1", "eu"));
    client.appendPartition("listing", "events", List.of("2", "us"));

    List<Partition> unfiltered = new ArrayList<>();
    boolean hasUnknown =
        client.listPartitionsByExpr(
            "listing", "events", serializedExpression(), null, (short) -1, unfiltered);
    List<Partition> filtered = new ArrayList<>();
    boolean filteredUnknown =
        client.listPartitionsByExpr(
            "listing",
            "events",
            "region = \"eu\"".getBytes(StandardCharsets.UTF_8),
            null,
            (short) -1,
            filtered);

    assertThat(hasUnknown).isTrue();
    assertThat(unfiltered).hasSize(2);
    assertThat(filteredUnknown).isFalse();
    assertThat(filtered).extracting(Partition::getValues).containsExactly(List.of("1", "eu"));
  }

  @Test
  void renamedPartitionsMoveTheirDirectory() throws Exception {
    createTable("renaming", "events", true);
    Partition original = client.appendPartition("renaming", "events", List.of("1", "eu"));
    Path oldDirectory = withData(original);
    Partition renamed = original.deepCopy();
    renamed.setValues(List.of("1", "us"));

    client.renamePartition("renaming", "events", List.of("1", "eu"), renamed);

    Partition loaded = client.getPartition("renaming", "events", List.of("1", "us"));
    assertThat(loaded.getSd().getLocation()).endsWith("/events/ds=1/region=us");
    assertThat(directory(loaded).resolve("data.txt")).exists();
    assertThat(oldDirectory).doesNotExist();
    assertThatThrownBy(
            () -> client.renamePartition("renaming", "events", List.of("9", "eu"), renamed))
        .isInstanceOf(InvalidOperationException.class);
  }

  @Test
  void exchangedPartitionsMoveToTheDestinationTable() throws Exception {
    createTable("exchanging", "source", true);
    createTable("exchanging", "destination", true);
    withData(client.appendPartition("exchanging", "source", List.of("1", "eu")));
    client.appendPartition("exchanging", "source", List.of("2", "eu"));

    List<Partition> moved =
        client.exchange_partitions(
            Map.of("ds", "1"), "exchanging", "source", "exchanging", "destination");

    assertThat(moved).extracting(Partition::getValues).containsExactly(List.of("1", "eu"));
    assertThat(client.listPartitionNames("exchanging", "source", (short) -1))
        .containsExactly("ds=2/region=eu");
    Partition arrived = client.getPartition("exchanging", "destination", List.of("1", "eu"));
    assertThat(directory(arrived).resolve("data.txt")).exists();
    assertThatThrownBy(
            () ->
                client.exchange_partitions(
                    Map.of("ds", "9"), "exchanging", "source", "exchanging", "destination"))
        .isInstanceOf(MetaException.class);
  }

  @Test
  void truncateDeletesTheFilesAndResetsStatistics() throws Exception {
    createTable("truncating", "events", true);
    Partition partition = client.appendPartition("truncating", "events", List.of("1", "eu"));
    partition.putToParameters("numRows", "5");
    client.alter_partition("truncating", "events", partition);
    Path partitionDirectory = withData(partition);

    client.truncateTable("truncating", "events", null);

    assertThat(partitionDirectory).isEmptyDirectory();
    assertThat(client.getPartition("truncating", "events", List.of("1", "eu")).getParameters())
        .containsEntry("numRows", "0");
  }

  @Test
  void partitionNamesConvertAsInHive() throws Exception {
    assertThat(client.partitionNameToVals("ds=2024%2F01/region=eu"))
        .containsExactly("2024/01", "eu");
    assertThat(client.partitionNameToSpec("ds=1/region=eu"))
        .containsOnly(Map.entry("ds", "1"), Map.entry("region", "eu"));
  }

  @Test
  void unknownTablesAreReportedAsHiveDoes() {
    assertThatThrownBy(() -> client.dropPartition("nowhere", "nothing", "ds=1", true))
        .isInstanceOf(NoSuchObjectException.class);
  }

  // Fixtures

  /** Not UTF-8 text, as Hive's Kryo-serialized ExprNodeGenericFuncDesc is not. */
  private static byte[] serializedExpression() {
    byte[] bytes =
        "\u0001org.apache.hadoop.hive.ql.plan.ExprNodeGenericFuncDesc"
            .getBytes(StandardCharsets.US_ASCII);
    bytes[bytes.length - 1] |= (byte) 0x80;
    return bytes;
  }

  private static Table createTable(String database, String name, boolean managed) throws Exception {
    try {
      client.getDatabase(database);
    } catch (NoSuchObjectException missing) {
      Database created =
          new Database(database, "", "file:" + warehouse.resolve(database + ".db"), Map.of());
      client.createDatabase(created);
    }
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
    client.createTable(table);
    return client.getTable(database, name);
  }

  private static Path directory(Partition partition) {
    return Path.of(partition.getSd().getLocation().substring("file:".length()));
  }

  /** Writes a data file into the partition's directory and returns the directory. */
  private static Path withData(Partition partition) throws Exception {
    Path directory = directory(partition);
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("data.txt"), "1\n");
    return directory;
  }
}
