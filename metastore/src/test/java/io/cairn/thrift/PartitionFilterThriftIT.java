package io.cairn.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetPartitionNamesPsRequest;
import org.apache.hadoop.hive.metastore.api.GetPartitionsByFilterRequest;
import org.apache.hadoop.hive.metastore.api.GetPartitionsByNamesRequest;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hive's partition filters, names and partial specifications through Hive 4's generated Thrift
 * client against a running Cairn on SQLite, on a table partitioned by {@code (ds string, hr int)}.
 * Expected results are computed from the partitions the test created, so each filter is checked for
 * exactly the partitions it should select.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionFilterThriftIT {
  private static final String DATABASE = "filter_db";
  private static final String TABLE = "events";
  private static final String NULL_VALUE = "__HIVE_DEFAULT_PARTITION__";

  @TempDir static Path dataDirectory;

  /** One partition's values; {@code hr} null for Hive's default partition. */
  private record Values(String ds, Integer hr) {
    List<String> list() {
      return List.of(ds, hr == null ? NULL_VALUE : hr.toString());
    }

    String name() {
      return "ds=" + ds + "/hr=" + (hr == null ? NULL_VALUE : hr);
    }
  }

  private final List<Values> partitions = new ArrayList<>();
  private ThriftTestServer server;
  private TSocket socket;
  private ThriftHiveMetastore.Client client;

  @BeforeAll
  void start() throws Exception {
    server = ThriftTestServer.start(dataDirectory);
    for (int day = 1; day <= 4; day++) {
      for (int hour = 0; hour < 12; hour++) {
        partitions.add(new Values("2024-01-0" + day, hour));
      }
    }
    partitions.add(new Values("x", 1));
    partitions.add(new Values("y", 2));
    partitions.add(new Values("apple", 3));
    partitions.add(new Values("b", 4));
    partitions.add(new Values("2024-01-05", null));

    try (TSocket setup = server.open()) {
      ThriftHiveMetastore.Client setupClient = ThriftTestServer.client(setup);
      setupClient.create_database(
          new Database(DATABASE, "", "s3://warehouse/" + DATABASE, Map.of()));
      Table table = table();
      setupClient.create_table(table);
      assertThat(
              setupClient.add_partitions(
                  partitions.stream().map(values -> partition(table, values)).toList()))
          .isEqualTo(53);
    }
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @BeforeEach
  void connect() throws Exception {
    socket = server.open();
    client = ThriftTestServer.client(socket);
  }

  @AfterEach
  void disconnect() {
    socket.close();
  }

  private static Table table() {
    StorageDescriptor descriptor =
        new StorageDescriptor(
            List.of(new FieldSchema("id", "bigint", null)),
            "s3://warehouse/" + DATABASE + "/" + TABLE,
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
    table.setDbName(DATABASE);
    table.setTableName(TABLE);
    table.setOwner("alice");
    table.setSd(descriptor);
    table.setPartitionKeys(
        List.of(new FieldSchema("ds", "string", null), new FieldSchema("hr", "int", null)));
    table.setTableType("EXTERNAL_TABLE");
    table.setParameters(Map.of("EXTERNAL", "TRUE"));
    return table;
  }

  private static Partition partition(Table table, Values values) {
    Partition partition = new Partition();
    partition.setDbName(table.getDbName());
    partition.setTableName(table.getTableName());
    partition.setValues(values.list());
    StorageDescriptor descriptor = table.getSd().deepCopy();
    descriptor.setLocation(table.getSd().getLocation() + "/" + values.name());
    partition.setSd(descriptor);
    partition.setParameters(Map.of());
    return partition;
  }

  private List<List<String>> expected(Predicate<Values> selected) {
    return partitions.stream().filter(selected).map(Values::list).toList();
  }

  private static List<List<String>> valuesOf(List<Partition> partitions) {
    return partitions.stream().map(Partition::getValues).toList();
  }

  /** The filter selects exactly these partitions, by each of the three filter calls. */
  private void assertFilter(String filter, Predicate<Values> selected) throws Exception {
    List<List<String>> expected = expected(selected);
    assertThat(expected).as("test data for %s", filter).isNotEmpty();
    assertThat(valuesOf(client.get_partitions_by_filter(DATABASE, TABLE, filter, (short) -1)))
        .as(filter)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(client.get_num_partitions_by_filter(DATABASE, TABLE, filter))
        .as(filter)
        .isEqualTo(expected.size());
    GetPartitionsByFilterRequest request = new GetPartitionsByFilterRequest();
    request.setCatName("hive");
    request.setDbName(DATABASE);
    request.setTblName(TABLE);
    request.setFilter(filter);
    assertThat(valuesOf(client.get_partitions_by_filter_req(request)))
        .as(filter)
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  private static boolean hourIs(Values values, Predicate<Integer> test) {
    return values.hr() != null && test.test(values.hr());
  }

  @Test
  void filtersSelectExactlyTheirPartitions() throws Exception {
    assertFilter("ds = \"2024-01-02\"", values -> values.ds().equals("2024-01-02"));
    assertFilter("ds = '2024-01-02'", values -> values.ds().equals("2024-01-02"));
    assertFilter(
        "ds > \"a\" and ds <= \"b\"", values -> Set.of("apple", "b").contains(values.ds()));
    assertFilter("(ds = \"x\" or ds = \"y\")", values -> Set.of("x", "y").contains(values.ds()));
    assertFilter("hr = 5", values -> hourIs(values, hour -> hour == 5));
    assertFilter("hr > 9", values -> hourIs(values, hour -> hour > 9));
    assertFilter("9 < hr", values -> hourIs(values, hour -> hour > 9));
    assertFilter("hr <> 3", values -> hourIs(values, hour -> hour != 3));
    assertFilter("ds LIKE \"2024-01.*\"", values -> values.ds().startsWith("2024-01"));
    assertFilter("ds like '2024-01-0.'", values -> values.ds().startsWith("2024-01"));
    assertFilter("hr IN (1,2)", values -> hourIs(values, hour -> hour == 1 || hour == 2));
    assertFilter("(hr) NOT IN (1, 2)", values -> hourIs(values, hour -> hour != 1 && hour != 2));
    assertFilter("hr BETWEEN 3 AND 5", values -> hourIs(values, hour -> hour >= 3 && hour <= 5));
    assertFilter(
        "hr NOT BETWEEN 3 AND 10", values -> hourIs(values, hour -> hour < 3 || hour > 10));
    assertFilter(
        "NOT (ds = '2024-01-01' OR ds LIKE '2024.*') AND hr < 3",
        values -> !values.ds().startsWith("2024") && hourIs(values, hour -> hour < 3));
    assertFilter(
        "ds = 2024-01-03 and hr >= 11",
        values -> values.ds().equals("2024-01-03") && hourIs(values, hour -> hour >= 11));
  }

  /** Hive's default partition name is null: no comparison selects it, but its other key's can. */
  @Test
  void theDefaultPartitionIsNull() throws Exception {
    assertFilter("ds = '2024-01-05'", values -> values.ds().equals("2024-01-05"));
    assertThat(client.get_num_partitions_by_filter(DATABASE, TABLE, "ds = '2024-01-05' AND hr > 0"))
        .isZero();
  }

  @Test
  void anEmptyFilterSelectsEveryPartition() throws Exception {
    assertThat(client.get_partitions_by_filter(DATABASE, TABLE, "", (short) -1)).hasSize(53);
    assertThat(client.get_num_partitions_by_filter(DATABASE, TABLE, "  ")).isEqualTo(53);
  }

  @Test
  void maxPartsLimitsTheResult() throws Exception {
    assertThat(client.get_partitions_by_filter(DATABASE, TABLE, "hr > 0", (short) 7)).hasSize(7);
    assertThat(client.get_partitions_by_filter(DATABASE, TABLE, "hr > 0", (short) 0)).isEmpty();
    GetPartitionsByFilterRequest request = new GetPartitionsByFilterRequest();
    request.setDbName(DATABASE);
    request.setTblName(TABLE);
    request.setFilter("hr = 1");
    request.setMaxParts((short) 2);
    assertThat(client.get_partitions_by_filter_req(request)).hasSize(2);
  }

  @Test
  void aBrokenFilterIsAMetaExceptionNamingThePosition() {
    assertThatThrownBy(
            () -> client.get_partitions_by_filter(DATABASE, TABLE, "ds = \"a\" and", (short) -1))
        .isInstanceOf(MetaException.class)
        .hasMessage("Unexpected end of filter at position 13; expected a partition key or a value");
    assertThatThrownBy(() -> client.get_num_partitions_by_filter(DATABASE, TABLE, "hr = = 1"))
        .isInstanceOf(MetaException.class)
        .hasMessage("Unexpected token '=' at position 6; expected a value");
    assertThatThrownBy(
            () -> client.get_partitions_by_filter(DATABASE, TABLE, "ds LIKE 'a[bc]'", (short) -1))
        .isInstanceOf(MetaException.class)
        .hasMessageStartingWith(
            "The LIKE pattern 'a[bc]' at position 9 uses the regular expression construct '['");
  }

  @Test
  void filtersAreCheckedAgainstThePartitionKeys() {
    assertThatThrownBy(
            () -> client.get_partitions_by_filter(DATABASE, TABLE, "nope = 'a'", (short) -1))
        .isInstanceOf(MetaException.class)
        .hasMessage("Unknown partition key 'nope'; the table's partition keys are: ds, hr");
    assertThatThrownBy(() -> client.get_num_partitions_by_filter(DATABASE, TABLE, "hr = 'five'"))
        .isInstanceOf(MetaException.class)
        .hasMessage("'five' is not a number for key 'hr' of type int");
    assertThatThrownBy(() -> client.get_num_partitions_by_filter(DATABASE, "missing", "hr = 1"))
        .isInstanceOf(NoSuchObjectException.class);
  }

  @Test
  void partitionsByNamesLeaveOutMissingNames() throws Exception {
    List<Partition> found =
        client.get_partitions_by_names(
            DATABASE,
            TABLE,
            List.of(
                "ds=2024-01-02/hr=5",
                "ds=2024-01-09/hr=5",
                "ds=x/hr=1",
                "ds=x/hr=1",
                "ds=2024-01-05/hr=" + NULL_VALUE));
    assertThat(valuesOf(found))
        .containsExactly(
            List.of("2024-01-02", "5"), List.of("x", "1"), List.of("2024-01-05", NULL_VALUE));
    assertThat(found.get(0).getSd().getLocation()).endsWith("/ds=2024-01-02/hr=5");
    assertThat(client.get_partitions_by_names(DATABASE, TABLE, List.of())).isEmpty();

    GetPartitionsByNamesRequest request = new GetPartitionsByNamesRequest(DATABASE, TABLE);
    request.setNames(List.of("ds=apple/hr=3", "ds=apple/hr=4"));
    assertThat(valuesOf(client.get_partitions_by_names_req(request).getPartitions()))
        .containsExactly(List.of("apple", "3"));

    assertThatThrownBy(
            () -> client.get_partitions_by_names(DATABASE, TABLE, List.of("hr=5/ds=2024-01-02")))
        .isInstanceOf(InvalidObjectException.class)
        .hasMessageContaining("does not match the partition keys (ds, hr)");
    assertThatThrownBy(() -> client.get_partitions_by_names(DATABASE, "missing", List.of()))
        .isInstanceOf(NoSuchObjectException.class);
  }

  @Test
  void partitionByName() throws Exception {
    assertThat(client.get_partition_by_name(DATABASE, TABLE, "ds=b/hr=4").getValues())
        .containsExactly("b", "4");
    assertThatThrownBy(() -> client.get_partition_by_name(DATABASE, TABLE, "ds=b/hr=5"))
        .isInstanceOf(NoSuchObjectException.class);
    assertThatThrownBy(() -> client.get_partition_by_name(DATABASE, TABLE, "ds=b"))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("does not match the partition keys (ds, hr)");
  }

  @Test
  void partitionNamesByPartialSpecification() throws Exception {
    assertThat(
            client.get_partition_names_ps(DATABASE, TABLE, List.of("2024-01-02", ""), (short) -1))
        .containsExactlyInAnyOrderElementsOf(names(values -> values.ds().equals("2024-01-02")));
    assertThat(client.get_partition_names_ps(DATABASE, TABLE, List.of("", "5"), (short) -1))
        .containsExactlyInAnyOrderElementsOf(names(values -> hourIs(values, hour -> hour == 5)));
    assertThat(client.get_partition_names_ps(DATABASE, TABLE, List.of("x"), (short) -1))
        .containsExactly("ds=x/hr=1");
    assertThat(client.get_partition_names_ps(DATABASE, TABLE, List.of(), (short) -1)).hasSize(53);
    assertThat(client.get_partition_names_ps(DATABASE, TABLE, List.of("", ""), (short) 3))
        .hasSize(3);
    assertThat(
            client.get_partition_names_ps(
                DATABASE, TABLE, List.of("2024-01-05", NULL_VALUE), (short) -1))
        .containsExactly("ds=2024-01-05/hr=" + NULL_VALUE);
    assertThatThrownBy(
            () ->
                client.get_partition_names_ps(DATABASE, TABLE, List.of("a", "1", "z"), (short) -1))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("Got 3 partition values for the 2 partition keys");

    GetPartitionNamesPsRequest request = new GetPartitionNamesPsRequest(DATABASE, TABLE);
    request.setCatName("hive");
    request.setPartValues(List.of("", "11"));
    assertThat(client.get_partition_names_ps_req(request).getNames())
        .containsExactlyInAnyOrderElementsOf(names(values -> hourIs(values, hour -> hour == 11)));
  }

  private List<String> names(Predicate<Values> selected) {
    return partitions.stream().filter(selected).map(Values::name).toList();
  }
}
