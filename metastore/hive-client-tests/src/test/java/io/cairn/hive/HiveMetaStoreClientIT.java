package io.cairn.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.testing.CairnServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.AggrStats;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.DoubleColumnStatsData;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Function;
import org.apache.hadoop.hive.metastore.api.FunctionType;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.PrincipalType;
import org.apache.hadoop.hive.metastore.api.ResourceType;
import org.apache.hadoop.hive.metastore.api.ResourceUri;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.StringColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hive 4.0.1's own {@link HiveMetaStoreClient}, configured as a Hive deployment does (Thrift URI,
 * no SASL, set_ugi), against {@code cairn server} in a separate JVM: databases, Parquet tables
 * partitioned by {@code ds} and {@code region}, partitions, column statistics and functions.
 *
 * <p>Objects a test reads are made beforehand through the generated Thrift client with the classic
 * methods (which Spark's Hive 2.3 client sends), so that reads and writes are tested apart. A
 * client call goes through {@link #served}, which fails naming the Thrift method when the client
 * sends one Cairn does not serve.
 */
class HiveMetaStoreClientIT {
  private static final String PARQUET_INPUT_FORMAT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
  private static final String PARQUET_OUTPUT_FORMAT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
  private static final String PARQUET_SERDE =
      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
  private static final String ENGINE = "hive";
  private static final List<List<String>> PARTITION_VALUES =
      List.of(
          List.of("2024-01-01", "eu"),
          List.of("2024-01-02", "eu"),
          List.of("2024-01-02", "us"),
          List.of("2024-01-03", "us"));

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

  @Test
  void databasesAreFoundByName() throws Exception {
    createDatabases("sales", "sales_archive", "marketing");

    Database sales = client.getDatabase("sales");

    assertThat(sales.getName()).isEqualTo("sales");
    assertThat(sales.getDescription()).isEqualTo("sales made by the fixture");
    assertThat(sales.getLocationUri()).isEqualTo("file:/warehouse/sales.db");
    assertThat(sales.getParameters()).containsEntry("team", "data");
    assertThat(client.getDatabase("SALES").getName()).isEqualTo("sales");
    assertThatThrownBy(() -> client.getDatabase("no_such_database"))
        .isInstanceOf(NoSuchObjectException.class);
  }

  @Test
  void databasesAreListedAllAndByPattern() throws Exception {
    createDatabases("patterned", "patterned_archive", "unpatterned");

    assertThat(client.getAllDatabases()).contains("patterned", "patterned_archive", "unpatterned");
    assertThat(client.getDatabases("patterned*"))
        .containsExactlyInAnyOrder("patterned", "patterned_archive");
  }

  @Test
  void createDatabase() throws Exception {
    served("create_database_req", () -> client.createDatabase(database("created")));

    assertThat(client.getDatabase("created").getDescription())
        .isEqualTo("created made by the fixture");
  }

  @Test
  void alterDatabase() throws Exception {
    createDatabases("to_alter");
    Database changed = client.getDatabase("to_alter");
    changed.setDescription("altered by HiveMetaStoreClient");
    changed.putToParameters("retention", "30d");

    served("alter_database_req", () -> client.alterDatabase("to_alter", changed));

    Database altered = client.getDatabase("to_alter");
    assertThat(altered.getDescription()).isEqualTo("altered by HiveMetaStoreClient");
    assertThat(altered.getParameters()).containsEntry("retention", "30d");
  }

  @Test
  void dropDatabaseWithCascade() throws Exception {
    createDatabases("to_drop");
    createTables("to_drop", "events");
    thrift(
        thrift -> {
          thrift.create_function(function("to_drop", "to_upper"));
          return null;
        });

    // With cascade the client first lists the materialized views (get_tables_by_type), then drops
    // with drop_database_req.
    served("get_tables_by_type", () -> client.dropDatabase("to_drop", true, false, true));

    assertThat(client.getAllDatabases()).doesNotContain("to_drop");
  }

  @Test
  void createPartitionedParquetTable() throws Exception {
    createDatabases("created_tables");

    served("create_table_req", () -> client.createTable(parquetTable("created_tables", "orders")));

    assertParquetTable(loadTable("created_tables", "orders"), "created_tables", "orders");
  }

  @Test
  void tablesAreFoundByNameAndListed() throws Exception {
    createDatabases("shop");
    createTables("shop", "orders", "order_items", "customers");

    assertParquetTable(loadTable("shop", "orders"), "shop", "orders");
    assertParquetTable(loadTable("SHOP", "Orders"), "shop", "orders");
    assertThatThrownBy(() -> loadTable("shop", "no_such_table"))
        .isInstanceOf(NoSuchObjectException.class);
    assertThat(client.tableExists("shop", "orders")).isTrue();
    assertThat(client.tableExists("shop", "no_such_table")).isFalse();
    assertThat(client.getAllTables("shop"))
        .containsExactlyInAnyOrder("orders", "order_items", "customers");
  }

  @Test
  void tablesAreListedByPattern() throws Exception {
    createDatabases("patterns");
    createTables("patterns", "orders", "order_items", "customers");

    assertThat(client.getTables("patterns", "order*"))
        .containsExactlyInAnyOrder("orders", "order_items");
  }

  @Test
  void alterTableAndRenameIt() throws Exception {
    createDatabases("altered_tables");
    createTables("altered_tables", "events");
    Table changed = loadTable("altered_tables", "events");
    changed.getSd().addToCols(new FieldSchema("channel", "string", "added by alter_table"));
    changed.putToParameters("comment", "altered by HiveMetaStoreClient");

    served("alter_table_req", () -> client.alter_table("altered_tables", "events", changed));

    Table altered = loadTable("altered_tables", "events");
    assertThat(altered.getSd().getCols())
        .extracting(FieldSchema::getName)
        .containsExactly("id", "amount", "customer", "channel");
    assertThat(altered.getParameters()).containsEntry("comment", "altered by HiveMetaStoreClient");

    Table renamed = altered.deepCopy();
    renamed.setTableName("events_renamed");
    client.alter_table("altered_tables", "events", renamed);

    assertThat(client.tableExists("altered_tables", "events")).isFalse();
    assertThat(loadTable("altered_tables", "events_renamed").getParameters())
        .containsEntry("comment", "altered by HiveMetaStoreClient");
  }

  @Test
  void dropTable() throws Exception {
    createDatabases("dropped_tables");
    createTables("dropped_tables", "scratch");

    served("drop_table_req", () -> client.dropTable("dropped_tables", "scratch"));

    assertThat(client.tableExists("dropped_tables", "scratch")).isFalse();
  }

  @Test
  void addPartitions() throws Exception {
    Table table = partitionedTable("added_partitions", false);

    served(
        "add_partitions_req",
        () -> client.add_partition(partition(table, PARTITION_VALUES.get(0))));
    assertThat(
            client.add_partitions(
                PARTITION_VALUES.subList(1, 4).stream()
                    .map(values -> partition(table, values))
                    .toList()))
        .isEqualTo(3);

    assertThat(partitionNamesOf("added_partitions", "orders"))
        .containsExactlyInAnyOrderElementsOf(partitionNames());

    // ifNotExists (MSCK REPAIR's call) adds only the missing ones; a duplicate fails it all. (The
    // client asks its list whether it holds null, which List.of refuses to answer.)
    Partition extra = partition(table, List.of("2025-01-01", "eu"));
    assertThat(
            client.add_partitions(
                Arrays.asList(partition(table, PARTITION_VALUES.get(0)), extra), true, true))
        .extracting(Partition::getValues)
        .containsExactly(List.of("2025-01-01", "eu"));
    Partition another = partition(table, List.of("2025-01-02", "eu"));
    assertThatThrownBy(() -> client.add_partitions(Arrays.asList(another, another), true, true))
        .isInstanceOf(MetaException.class);
    assertThat(partitionNamesOf("added_partitions", "orders")).hasSize(PARTITION_VALUES.size() + 1);
  }

  @Test
  void listPartitions() throws Exception {
    partitionedTable("listed_partitions", true);

    List<Partition> partitions =
        served(
            "get_partitions_req",
            () -> client.listPartitions("listed_partitions", "orders", (short) -1));

    assertThat(partitions)
        .extracting(Partition::getValues)
        .containsExactlyElementsOf(PARTITION_VALUES);
  }

  @Test
  void listAllPartitionNames() throws Exception {
    partitionedTable("named_partitions", true);

    List<String> names =
        served(
            "fetch_partition_names_req",
            () -> client.listPartitionNames("named_partitions", "orders", (short) -1));

    assertThat(names).containsExactlyInAnyOrderElementsOf(partitionNames());
  }

  @Test
  void listPartitionNamesOfPartialValues() throws Exception {
    partitionedTable("partial_partitions", true);

    assertThat(
            client.listPartitionNames(
                "partial_partitions", "orders", List.of("2024-01-02"), (short) -1))
        .containsExactlyInAnyOrder("ds=2024-01-02/region=eu", "ds=2024-01-02/region=us");
    assertThat(
            client.listPartitionNames(
                "partial_partitions", "orders", List.of("", "us"), (short) -1))
        .containsExactlyInAnyOrder("ds=2024-01-02/region=us", "ds=2024-01-03/region=us");
  }

  @Test
  void listPartitionsByFilter() throws Exception {
    partitionedTable("filtered_partitions", true);

    assertThat(
            client.listPartitionsByFilter(
                "filtered_partitions", "orders", "ds > \"2024-01-01\"", (short) -1))
        .extracting(Partition::getValues)
        .containsExactlyInAnyOrderElementsOf(PARTITION_VALUES.subList(1, 4));
    assertThat(
            client.listPartitionsByFilter(
                "filtered_partitions",
                "orders",
                "ds > \"2024-01-01\" and region = \"us\"",
                (short) -1))
        .extracting(Partition::getValues)
        .containsExactlyInAnyOrder(PARTITION_VALUES.get(2), PARTITION_VALUES.get(3));
    assertThat(
            client.getNumPartitionsByFilter("filtered_partitions", "orders", "ds > \"2024-01-01\""))
        .isEqualTo(3);
    assertThat(client.getNumPartitionsByFilter("filtered_partitions", "orders", "ds = \"1999\""))
        .isZero();
  }

  @Test
  void getPartitionsByNames() throws Exception {
    partitionedTable("named_lookups", true);

    List<Partition> partitions =
        client.getPartitionsByNames(
            "named_lookups",
            "orders",
            List.of(
                "ds=2024-01-01/region=eu", "ds=2024-01-03/region=us", "ds=1999-01-01/region=eu"));

    assertThat(partitions)
        .extracting(Partition::getValues)
        .containsExactlyInAnyOrder(PARTITION_VALUES.get(0), PARTITION_VALUES.get(3));
  }

  @Test
  void getPartitionByName() throws Exception {
    Table table = partitionedTable("single_lookups", true);

    Partition partition =
        client.getPartition("single_lookups", "orders", "ds=2024-01-02/region=us");

    assertThat(partition.getDbName()).isEqualTo("single_lookups");
    assertThat(partition.getTableName()).isEqualTo("orders");
    assertThat(partition.getValues()).containsExactly("2024-01-02", "us");
    assertThat(partition.getSd().getLocation())
        .isEqualTo(table.getSd().getLocation() + "/ds=2024-01-02/region=us");
    assertThat(partition.getSd().getSerdeInfo().getSerializationLib()).isEqualTo(PARQUET_SERDE);
    assertThatThrownBy(
            () -> client.getPartition("single_lookups", "orders", "ds=1999-01-01/region=eu"))
        .isInstanceOf(NoSuchObjectException.class);
  }

  @Test
  void getPartitionByValues() throws Exception {
    partitionedTable("value_lookups", true);

    Partition partition =
        served(
            "get_partition_req",
            () -> client.getPartition("value_lookups", "orders", List.of("2024-01-02", "us")));

    assertThat(partition.getValues()).containsExactly("2024-01-02", "us");
  }

  @Test
  void dropPartition() throws Exception {
    partitionedTable("dropped_partitions", true);

    boolean dropped =
        served(
            "drop_partition_req",
            () ->
                client.dropPartition(
                    "dropped_partitions", "orders", "ds=2024-01-01/region=eu", false));

    assertThat(dropped).isTrue();
    assertThat(partitionNamesOf("dropped_partitions", "orders"))
        .containsExactlyInAnyOrderElementsOf(partitionNames().subList(1, 4));
  }

  @Test
  void tableColumnStatistics() throws Exception {
    createDatabases("table_statistics");
    createTables("table_statistics", "orders");
    List<ColumnStatisticsObj> statistics = columnStatistics(0);

    assertThat(
            client.updateTableColumnStatistics(
                statistics(
                    new ColumnStatisticsDesc(true, "table_statistics", "orders"), statistics)))
        .isTrue();

    assertThat(
            client.getTableColumnStatistics(
                "table_statistics", "orders", List.of("id", "amount", "customer"), ENGINE))
        .containsExactlyInAnyOrderElementsOf(statistics);
    assertThat(
            client.getTableColumnStatistics(
                "table_statistics", "orders", List.of("AMOUNT", "no_such_column"), ENGINE))
        .containsExactly(statistics.get(1));
  }

  @Test
  void partitionColumnStatisticsAndTheirAggregate() throws Exception {
    partitionedTable("partition_statistics", true);
    List<String> names = partitionNames();
    for (int index = 0; index < names.size(); index++) {
      ColumnStatisticsDesc description =
          new ColumnStatisticsDesc(false, "partition_statistics", "orders");
      description.setPartName(names.get(index));
      assertThat(
              client.updatePartitionColumnStatistics(
                  statistics(description, columnStatistics(index))))
          .isTrue();
    }

    Map<String, List<ColumnStatisticsObj>> loaded =
        client.getPartitionColumnStatistics(
            "partition_statistics",
            "orders",
            List.of(names.get(0), names.get(2), "ds=1999-01-01/region=eu"),
            List.of("id", "customer"),
            ENGINE);

    assertThat(loaded).containsOnlyKeys(names.get(0), names.get(2));
    assertThat(loaded.get(names.get(2)))
        .containsExactlyInAnyOrder(columnStatistics(2).get(0), columnStatistics(2).get(2));

    AggrStats aggregate =
        client.getAggrColStatsFor(
            "partition_statistics", "orders", List.of("id", "amount"), names, ENGINE);

    assertThat(aggregate.getPartsFound()).isEqualTo(4);
    LongColumnStatsData id = aggregate.getColStats().get(0).getStatsData().getLongStats();
    assertThat(aggregate.getColStats().get(0).getColName()).isEqualTo("id");
    assertThat(id.getLowValue()).isEqualTo(1);
    assertThat(id.getHighValue()).isEqualTo(4000);
    assertThat(id.getNumNulls()).isEqualTo(0 + 1 + 2 + 3);
    assertThat(id.getNumDVs()).isEqualTo(4000);
    DoubleColumnStatsData amount = aggregate.getColStats().get(1).getStatsData().getDoubleStats();
    assertThat(amount.getLowValue()).isEqualTo(0.5);
    assertThat(amount.getHighValue()).isEqualTo(400.0);
  }

  @Test
  void functions() throws Exception {
    createDatabases("udfs");

    client.createFunction(function("udfs", "order_total"));
    client.createFunction(function("udfs", "order_count"));
    client.createFunction(function("udfs", "to_upper"));

    Function loaded = client.getFunction("udfs", "order_total");
    assertThat(loaded.getFunctionName()).isEqualTo("order_total");
    assertThat(loaded.getDbName()).isEqualTo("udfs");
    assertThat(loaded.getClassName()).isEqualTo("com.example.udf.Order_total");
    assertThat(loaded.getFunctionType()).isEqualTo(FunctionType.JAVA);
    assertThat(loaded.getResourceUris())
        .containsExactly(new ResourceUri(ResourceType.JAR, "file:/udfs/order_total.jar"));
    assertThat(client.getFunctions("udfs", "order_*"))
        .containsExactlyInAnyOrder("order_total", "order_count");

    client.dropFunction("udfs", "order_count");

    assertThat(client.getFunctions("udfs", "*"))
        .containsExactlyInAnyOrder("order_total", "to_upper");
    assertThatThrownBy(() -> client.getFunction("udfs", "order_count"))
        .isInstanceOf(NoSuchObjectException.class);
  }

  /**
   * {@code getTable(database, table)}: Hive 4 deprecates it for the catalog-qualified overload
   * (both send get_table_req), but it is the call engines make.
   */
  @SuppressWarnings("deprecation")
  private static Table loadTable(String database, String table) throws TException {
    return client.getTable(database, table);
  }

  /** A client call whose result the test needs. */
  @FunctionalInterface
  private interface ClientCall<T> {
    T call() throws Exception;
  }

  /** A client call without a result. */
  @FunctionalInterface
  private interface ClientAction {
    void run() throws Exception;
  }

  /**
   * Runs a client call that sends {@code thriftMethod}, which Cairn does not serve yet: while Cairn
   * answers that it does not support the method, the test is aborted (reported as skipped, naming
   * the method) rather than failed; once Cairn serves it, the assertions after it run.
   */
  private static <T> T served(String thriftMethod, ClientCall<T> call) throws Exception {
    try {
      return call.call();
    } catch (TException e) {
      // Some client methods wrap the server's TApplicationException in a MetaException that keeps
      // only its message.
      String unsupported =
          "Cairn does not support the Hive Metastore method '" + thriftMethod + "'";
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause.getMessage() != null && cause.getMessage().contains(unsupported)) {
          throw new AssertionError(
              "HiveMetaStoreClient sends " + thriftMethod + ", which Cairn does not serve", e);
        }
      }
      throw e;
    }
  }

  private static void served(String thriftMethod, ClientAction action) throws Exception {
    served(
        thriftMethod,
        () -> {
          action.run();
          return null;
        });
  }

  /** Work with the generated Thrift client, for fixtures made with the classic methods. */
  @FunctionalInterface
  private interface ThriftCall<T> {
    T call(ThriftHiveMetastore.Client thrift) throws Exception;
  }

  /** Runs {@code call} on a connection of its own with the generated Thrift client. */
  private static <T> T thrift(ThriftCall<T> call) throws Exception {
    try (TSocket socket = new TSocket("127.0.0.1", server.thriftPort())) {
      socket.open();
      return call.call(new ThriftHiveMetastore.Client(new TBinaryProtocol(socket)));
    }
  }

  private static void createDatabases(String... names) throws Exception {
    thrift(
        thrift -> {
          for (String name : names) {
            thrift.create_database(database(name));
          }
          return null;
        });
  }

  private static void createTables(String database, String... names) throws Exception {
    thrift(
        thrift -> {
          for (String name : names) {
            thrift.create_table(parquetTable(database, name));
          }
          return null;
        });
  }

  private static List<String> partitionNamesOf(String database, String table) throws Exception {
    return thrift(thrift -> thrift.get_partition_names(database, table, (short) -1));
  }

  /** A database with {@code orders} partitioned by ds and region, with its partitions or not. */
  private static Table partitionedTable(String database, boolean withPartitions) throws Exception {
    Table table = parquetTable(database, "orders");
    thrift(
        thrift -> {
          thrift.create_database(database(database));
          thrift.create_table(table);
          if (withPartitions) {
            thrift.add_partitions(
                PARTITION_VALUES.stream().map(values -> partition(table, values)).toList());
          }
          return null;
        });
    return table;
  }

  private static List<String> partitionNames() {
    return PARTITION_VALUES.stream()
        .map(values -> "ds=" + values.get(0) + "/region=" + values.get(1))
        .toList();
  }

  private static Database database(String name) {
    Database database =
        new Database(
            name,
            name + " made by the fixture",
            "file:/warehouse/" + name + ".db",
            new HashMap<>(Map.of("team", "data")));
    database.setOwnerName("cairn");
    database.setOwnerType(PrincipalType.USER);
    return database;
  }

  private static Table parquetTable(String database, String name) {
    StorageDescriptor storage = new StorageDescriptor();
    storage.setCols(
        new ArrayList<>(
            List.of(
                new FieldSchema("id", "bigint", "order id"),
                new FieldSchema("amount", "double", null),
                new FieldSchema("customer", "string", null))));
    storage.setLocation("file:/warehouse/" + database + ".db/" + name);
    storage.setInputFormat(PARQUET_INPUT_FORMAT);
    storage.setOutputFormat(PARQUET_OUTPUT_FORMAT);
    storage.setSerdeInfo(
        new SerDeInfo(name, PARQUET_SERDE, new HashMap<>(Map.of("serialization.format", "1"))));
    storage.setCompressed(false);
    storage.setNumBuckets(-1);
    storage.setBucketCols(new ArrayList<>());
    storage.setSortCols(new ArrayList<>());
    storage.setParameters(new HashMap<>());

    Table table = new Table();
    table.setDbName(database);
    table.setTableName(name);
    table.setOwner("cairn");
    table.setOwnerType(PrincipalType.USER);
    table.setTableType("EXTERNAL_TABLE");
    table.setCreateTime((int) (System.currentTimeMillis() / 1000));
    table.setSd(storage);
    table.setPartitionKeys(
        new ArrayList<>(
            List.of(
                new FieldSchema("ds", "string", null), new FieldSchema("region", "string", null))));
    table.setParameters(new HashMap<>(Map.of("EXTERNAL", "TRUE", "parquet.compression", "SNAPPY")));
    return table;
  }

  private static void assertParquetTable(Table table, String database, String name) {
    assertThat(table.getDbName()).isEqualTo(database);
    assertThat(table.getTableName()).isEqualTo(name);
    assertThat(table.getOwner()).isEqualTo("cairn");
    assertThat(table.getTableType()).isEqualTo("EXTERNAL_TABLE");
    assertThat(table.getParameters())
        .containsEntry("EXTERNAL", "TRUE")
        .containsEntry("parquet.compression", "SNAPPY");
    assertThat(table.getPartitionKeys())
        .extracting(FieldSchema::getName)
        .containsExactly("ds", "region");
    StorageDescriptor storage = table.getSd();
    assertThat(storage.getCols())
        .containsExactly(
            new FieldSchema("id", "bigint", "order id"),
            new FieldSchema("amount", "double", null),
            new FieldSchema("customer", "string", null));
    assertThat(storage.getLocation()).isEqualTo("file:/warehouse/" + database + ".db/" + name);
    assertThat(storage.getInputFormat()).isEqualTo(PARQUET_INPUT_FORMAT);
    assertThat(storage.getOutputFormat()).isEqualTo(PARQUET_OUTPUT_FORMAT);
    assertThat(storage.getSerdeInfo().getSerializationLib()).isEqualTo(PARQUET_SERDE);
    assertThat(storage.getSerdeInfo().getParameters()).containsEntry("serialization.format", "1");
  }

  private static Partition partition(Table table, List<String> values) {
    StorageDescriptor storage = table.getSd().deepCopy();
    storage.setLocation(
        table.getSd().getLocation() + "/ds=" + values.get(0) + "/region=" + values.get(1));
    Partition partition = new Partition();
    partition.setDbName(table.getDbName());
    partition.setTableName(table.getTableName());
    partition.setValues(new ArrayList<>(values));
    partition.setSd(storage);
    partition.setParameters(new HashMap<>());
    partition.setCreateTime(table.getCreateTime());
    return partition;
  }

  private static Function function(String database, String name) {
    return new Function(
        name,
        database,
        "com.example.udf." + Character.toUpperCase(name.charAt(0)) + name.substring(1),
        "cairn",
        PrincipalType.USER,
        (int) (System.currentTimeMillis() / 1000),
        FunctionType.JAVA,
        new ArrayList<>(List.of(new ResourceUri(ResourceType.JAR, "file:/udfs/" + name + ".jar"))));
  }

  private static ColumnStatistics statistics(
      ColumnStatisticsDesc description, List<ColumnStatisticsObj> columns) {
    ColumnStatistics statistics = new ColumnStatistics(description, new ArrayList<>(columns));
    statistics.setEngine(ENGINE);
    return statistics;
  }

  /**
   * Statistics of id, amount and customer for the partition at {@code index}: id from {@code index
   * + 1} to {@code (index + 1) * 1000} with {@code index} nulls, amount from {@code (index + 1) *
   * 0.5} to {@code (index + 1) * 100}.
   */
  private static List<ColumnStatisticsObj> columnStatistics(int index) {
    int scale = index + 1;
    LongColumnStatsData id = new LongColumnStatsData(index, scale * 1000L);
    id.setLowValue(scale);
    id.setHighValue(scale * 1000L);
    DoubleColumnStatsData amount = new DoubleColumnStatsData(0, scale * 10L);
    amount.setLowValue(scale * 0.5);
    amount.setHighValue(scale * 100.0);
    StringColumnStatsData customer = new StringColumnStatsData(20, 8.5, 1, scale * 50L);
    return List.of(
        new ColumnStatisticsObj("id", "bigint", ColumnStatisticsData.longStats(id)),
        new ColumnStatisticsObj("amount", "double", ColumnStatisticsData.doubleStats(amount)),
        new ColumnStatisticsObj("customer", "string", ColumnStatisticsData.stringStats(customer)));
  }
}
