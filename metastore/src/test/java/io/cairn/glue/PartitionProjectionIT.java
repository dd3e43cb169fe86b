package io.cairn.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.MetaException;
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
import software.amazon.awssdk.services.glue.model.GetPartitionsResponse;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionValueList;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * A table with {@code projection.enabled=true} answers every partition read from its rules, through
 * the Glue API and through Thrift alike, and refuses invalid rules on write through both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionProjectionIT {
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
    glue.createDatabase(r -> r.databaseInput(d -> d.name("logs")));
    Map<String, String> rules = new HashMap<>();
    rules.put("projection.enabled", "true");
    rules.put("projection.region.type", "enum");
    rules.put("projection.region.values", "us,eu");
    rules.put("projection.day.type", "date");
    rules.put("projection.day.format", "yyyy-MM-dd");
    rules.put("projection.day.range", "2015-01-01,2024-12-31");
    glue.createTable(r -> r.databaseName("logs").tableInput(table("events", rules)));
  }

  @AfterAll
  void stop() {
    socket.close();
    glue.close();
    server.close();
  }

  @Test
  void glueGetPartitionsComputesTheSelectedPartitions() {
    GetPartitionsResponse week =
        glue.getPartitions(
            r ->
                r.databaseName("logs")
                    .tableName("events")
                    .expression("day BETWEEN '2020-02-26' AND '2020-03-03' AND region = 'eu'"));

    assertThat(week.partitions())
        .extracting(partition -> partition.values().get(1))
        .containsExactly(
            "2020-02-26",
            "2020-02-27",
            "2020-02-28",
            "2020-02-29",
            "2020-03-01",
            "2020-03-02",
            "2020-03-03");
    Partition first = week.partitions().get(0);
    assertThat(first.values()).containsExactly("eu", "2020-02-26");
    assertThat(first.storageDescriptor().location())
        .isEqualTo("file:///lake/logs/events/region=eu/day=2020-02-26");
    assertThat(first.storageDescriptor().columns()).extracting(Column::name).containsExactly("id");
    assertThat(week.nextToken()).isNull();

    // Outside the range, and a contradiction: nothing.
    assertThat(
            glue.getPartitions(
                    r ->
                        r.databaseName("logs").tableName("events").expression("day > '2030-01-01'"))
                .partitions())
        .isEmpty();
  }

  @Test
  void pagesAndSegmentsCoverEveryPartitionOnce() {
    Set<List<String>> seen = new HashSet<>();
    int total = 0;
    for (int segment = 0; segment < 3; segment++) {
      int number = segment;
      String token = null;
      do {
        String current = token;
        GetPartitionsResponse page =
            glue.getPartitions(
                r ->
                    r.databaseName("logs")
                        .tableName("events")
                        .expression("day >= '2024-12-01'")
                        .segment(s -> s.segmentNumber(number).totalSegments(3))
                        .maxResults(7)
                        .nextToken(current));
        for (Partition partition : page.partitions()) {
          assertThat(seen.add(partition.values())).isTrue();
          total++;
        }
        token = page.nextToken();
      } while (token != null);
    }
    assertThat(total).isEqualTo(62); // 31 days × 2 regions
  }

  @Test
  void singlePartitionReadsAnswerFromTheRules() {
    assertThat(
            glue.getPartition(
                    r ->
                        r.databaseName("logs")
                            .tableName("events")
                            .partitionValues("us", "2016-02-29"))
                .partition()
                .values())
        .containsExactly("us", "2016-02-29");
    assertThatThrownBy(
            () ->
                glue.getPartition(
                    r ->
                        r.databaseName("logs")
                            .tableName("events")
                            .partitionValues("us", "2015-02-29")))
        .hasMessageContaining("has no partition");
    var batch =
        glue.batchGetPartition(
            r ->
                r.databaseName("logs")
                    .tableName("events")
                    .partitionsToGet(
                        PartitionValueList.builder().values("eu", "2024-12-31").build(),
                        PartitionValueList.builder().values("ap", "2024-12-31").build()));
    assertThat(batch.partitions())
        .extracting(Partition::values)
        .containsExactly(List.of("eu", "2024-12-31"));
    assertThat(batch.unprocessedKeys()).isEmpty();
  }

  @Test
  void thriftReadsAnswerFromTheRules() throws Exception {
    List<org.apache.hadoop.hive.metastore.api.Partition> byFilter =
        thrift.get_partitions_by_filter(
            "logs", "events", "region = \"us\" and day >= \"2024-12-30\"", (short) -1);
    assertThat(byFilter)
        .extracting(org.apache.hadoop.hive.metastore.api.Partition::getValues)
        .containsExactly(List.of("us", "2024-12-30"), List.of("us", "2024-12-31"));
    assertThat(thrift.get_num_partitions_by_filter("logs", "events", "day < \"2015-01-03\""))
        .isEqualTo(4);
    assertThat(
            thrift.get_partition_names_ps(
                "logs", "events", List.of("eu", "2019-06-01"), (short) -1))
        .containsExactly("region=eu/day=2019-06-01");
    assertThat(
            thrift
                .get_partition("logs", "events", List.of("eu", "2019-06-01"))
                .getSd()
                .getLocation())
        .isEqualTo("file:///lake/logs/events/region=eu/day=2019-06-01");
  }

  @Test
  void aFilterSelectingTooManyPartitionsIsAClearError() {
    // 2 × 3,653 partitions is under the default limit, so all of them is fine.
    assertThat(
            glue.getPartitions(r -> r.databaseName("logs").tableName("events").maxResults(1000))
                .partitions())
        .hasSize(1000);
    Map<String, String> rules = new HashMap<>();
    rules.put("projection.enabled", "true");
    rules.put("projection.region.type", "injected");
    rules.put("projection.day.type", "integer");
    rules.put("projection.day.range", "1,10");
    glue.createTable(r -> r.databaseName("logs").tableInput(table("injected", rules)));
    assertThatThrownBy(() -> glue.getPartitions(r -> r.databaseName("logs").tableName("injected")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("= or IN");
    assertThat(
            glue.getPartitions(
                    r ->
                        r.databaseName("logs")
                            .tableName("injected")
                            .expression("region IN ('a', 'b') AND day = 3"))
                .partitions())
        .extracting(Partition::values)
        .containsExactly(List.of("a", "3"), List.of("b", "3"));
  }

  @Test
  void invalidRulesAreRefusedThroughGlueAndThrift() throws Exception {
    Map<String, String> rules = new HashMap<>();
    rules.put("projection.enabled", "true");
    rules.put("projection.region.type", "enum");
    rules.put("projection.region.values", "us");
    rules.put("projection.day.type", "date");
    rules.put("projection.day.format", "yyyy-MM-dd");
    rules.put("projection.day.range", "2024-01-01,NOW-3FORTNIGHTS");
    assertThatThrownBy(
            () -> glue.createTable(r -> r.databaseName("logs").tableInput(table("bad", rules))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("projection.day.range");

    Table good = thrift.get_table_req(new GetTableRequest("logs", "events")).getTable();
    Table altered = good.deepCopy();
    altered.getParameters().put("projection.day.interval.unit", "FORTNIGHTS");
    assertThatThrownBy(() -> thrift.alter_table("logs", "events", altered))
        .isInstanceOfAny(InvalidObjectException.class, MetaException.class)
        .hasMessageContaining("projection.day.interval.unit");
    assertThat(
            thrift.get_table_req(new GetTableRequest("logs", "events")).getTable().getParameters())
        .doesNotContainKey("projection.day.interval.unit");
    Table copy = good.deepCopy();
    copy.setTableName("events_copy");
    copy.getParameters().remove("projection.day.type");
    assertThatThrownBy(() -> thrift.create_table(copy)).hasMessageContaining("projection.day.type");
    assertThat(thrift.get_all_tables("logs")).doesNotContain("events_copy", "bad");
  }

  private static TableInput table(String name, Map<String, String> parameters) {
    List<Column> keys = new ArrayList<>();
    keys.add(Column.builder().name("region").type("string").build());
    keys.add(Column.builder().name("day").type("string").build());
    return TableInput.builder()
        .name(name)
        .tableType("EXTERNAL_TABLE")
        .partitionKeys(keys)
        .parameters(parameters)
        .storageDescriptor(
            sd ->
                sd.columns(Column.builder().name("id").type("bigint").build())
                    .location("file:///lake/logs/" + name))
        .build();
  }
}
