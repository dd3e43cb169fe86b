package io.cairn.glue;

import static io.cairn.glue.GlueApiIT.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchDeletePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchGetPartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionRequestEntry;
import software.amazon.awssdk.services.glue.model.BatchUpdatePartitionResponse;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.GetPartitionsRequest;
import software.amazon.awssdk.services.glue.model.GetPartitionsResponse;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.PartitionIndexDescriptor;
import software.amazon.awssdk.services.glue.model.PartitionIndexStatus;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.PartitionValueList;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;

/**
 * Glue's partition and partition index operations through the AWS SDK for Java v2's GlueClient
 * against a running Cairn: every operation, its limits and AWS's error for each kind of bad
 * request; GetPartitions' expressions, pages and segments checked against the partitions computed
 * here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked") // the SDK's varargs of builder consumers
class GluePartitionsIT {
  private static final String ACCOUNT = "000000000000";
  private static final List<String> REGIONS = List.of("eu-west", "eu-north", "us-east");

  @TempDir static Path dataDirectory;

  private GlueTestServer server;
  private GlueClient glue;

  /** The partitions of table {@code logs}: (region, day, hr) for every combination created. */
  private final List<List<String>> logPartitions = new ArrayList<>();

  @BeforeAll
  void start() {
    server = GlueTestServer.start(dataDirectory);
    glue = server.client();
    glue.createDatabase(r -> r.databaseInput(d -> d.name("shop")));
    glue.createTable(r -> r.databaseName("shop").tableInput(GlueApiIT.table("orders")));
    // A table with typed keys for GetPartitions: 3 regions x 4 days x 6 hours = 72 partitions.
    glue.createTable(
        r ->
            r.databaseName("shop")
                .tableInput(
                    t ->
                        t.name("logs")
                            .tableType("EXTERNAL_TABLE")
                            .partitionKeys(
                                Column.builder().name("region").type("string").build(),
                                Column.builder().name("day").type("date").build(),
                                Column.builder().name("hr").type("int").build())
                            .storageDescriptor(
                                s ->
                                    s.columns(Column.builder().name("line").type("string").build())
                                        .location("file:///lake/logs"))));
    List<PartitionInput> batch = new ArrayList<>();
    for (String region : REGIONS) {
      for (int day = 1; day <= 4; day++) {
        for (int hr = 0; hr < 24; hr += 4) {
          List<String> values = List.of(region, "2024-01-0" + day, Integer.toString(hr));
          logPartitions.add(values);
          batch.add(
              PartitionInput.builder()
                  .values(values)
                  .storageDescriptor(
                      s ->
                          s.columns(Column.builder().name("line").type("string").build())
                              .location("file:///lake/logs/" + String.join("/", values)))
                  .build());
          if (batch.size() == 100) {
            createAll("logs", batch);
            batch.clear();
          }
        }
      }
    }
    createAll("logs", batch);
  }

  @AfterAll
  void stop() {
    glue.close();
    server.close();
  }

  // Single partitions

  @Test
  void aPartitionIsCreatedReadUpdatedRenamedAndDeleted() {
    Instant before = Instant.now().minusSeconds(1);
    glue.createPartition(
        r ->
            r.databaseName("shop")
                .tableName("orders")
                .partitionInput(
                    p ->
                        p.values("2024", "01")
                            .parameters(Map.of("numRows", "10"))
                            .lastAccessTime(Instant.ofEpochSecond(1_700_000_000))
                            .storageDescriptor(
                                descriptor("file:///lake/shop/orders/year=2024/month=01"))));
    Partition partition = get("orders", "2024", "01");
    assertThat(partition.values()).containsExactly("2024", "01");
    assertThat(partition.databaseName()).isEqualTo("shop");
    assertThat(partition.tableName()).isEqualTo("orders");
    assertThat(partition.catalogId()).isEqualTo(ACCOUNT);
    assertThat(partition.parameters()).containsExactly(Map.entry("numRows", "10"));
    assertThat(partition.creationTime()).isAfter(before);
    assertThat(partition.lastAccessTime()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
    assertThat(partition.storageDescriptor().location())
        .isEqualTo("file:///lake/shop/orders/year=2024/month=01");
    assertThat(partition.storageDescriptor().columns())
        .extracting(Column::name, Column::type)
        .containsExactly(tuple("id", "bigint"), tuple("amount", "decimal(10,2)"));
    assertThat(partition.storageDescriptor().serdeInfo().serializationLibrary())
        .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");

    error(
        () ->
            glue.createPartition(
                r ->
                    r.databaseName("shop")
                        .tableName("orders")
                        .partitionInput(p -> p.values("2024", "01"))),
        "AlreadyExistsException");
    GlueException wrongCount =
        error(
            () ->
                glue.createPartition(
                    r ->
                        r.databaseName("shop")
                            .tableName("orders")
                            .partitionInput(p -> p.values("2024"))),
            "InvalidInputException");
    assertThat(wrongCount.awsErrorDetails().errorMessage()).contains("2 partition keys");
    error(
        () ->
            glue.createPartition(
                r ->
                    r.databaseName("shop")
                        .tableName("orders")
                        .partitionInput(p -> p.values("x".repeat(1025), "01"))),
        "InvalidInputException");
    error(
        () ->
            glue.createPartition(
                r ->
                    r.databaseName("shop").tableName("nowhere").partitionInput(p -> p.values("1"))),
        "EntityNotFoundException");
    GlueException noInput =
        error(
            () -> glue.createPartition(r -> r.databaseName("shop").tableName("orders")),
            "InvalidInputException");
    assertThat(noInput.awsErrorDetails().errorMessage())
        .isEqualTo(
            "1 validation error detected: Value null at 'partitionInput' failed to satisfy"
                + " constraint: Member must not be null");
    error(() -> get("orders", "2024", "12"), "EntityNotFoundException");
    error(
        () -> glue.getPartition(r -> r.databaseName("shop").tableName("orders")),
        "InvalidInputException");
    error(
        () ->
            glue.getPartition(
                r ->
                    r.catalogId("123456789012")
                        .databaseName("shop")
                        .tableName("orders")
                        .partitionValues("2024", "01")),
        "EntityNotFoundException");

    // An update replaces the definition; without Values it keeps the partition's own.
    glue.updatePartition(
        r ->
            r.databaseName("shop")
                .tableName("orders")
                .partitionValueList("2024", "01")
                .partitionInput(
                    p ->
                        p.parameters(Map.of("numRows", "20"))
                            .storageDescriptor(
                                descriptor("file:///lake/shop/orders/year=2024/month=01"))));
    Partition updated = get("orders", "2024", "01");
    assertThat(updated.parameters()).containsExactly(Map.entry("numRows", "20"));
    assertThat(updated.creationTime()).isEqualTo(partition.creationTime());

    // Other Values rename it.
    glue.updatePartition(
        r ->
            r.databaseName("shop")
                .tableName("orders")
                .partitionValueList("2024", "01")
                .partitionInput(
                    p ->
                        p.values("2024", "02")
                            .storageDescriptor(
                                descriptor("file:///lake/shop/orders/year=2024/month=02"))));
    error(() -> get("orders", "2024", "01"), "EntityNotFoundException");
    assertThat(get("orders", "2024", "02").storageDescriptor().location())
        .isEqualTo("file:///lake/shop/orders/year=2024/month=02");
    error(
        () ->
            glue.updatePartition(
                r ->
                    r.databaseName("shop")
                        .tableName("orders")
                        .partitionValueList("2024", "01")
                        .partitionInput(p -> p.values("2024", "01"))),
        "EntityNotFoundException");
    glue.createPartition(
        r ->
            r.databaseName("shop").tableName("orders").partitionInput(p -> p.values("2024", "03")));
    error(
        () ->
            glue.updatePartition(
                r ->
                    r.databaseName("shop")
                        .tableName("orders")
                        .partitionValueList("2024", "03")
                        .partitionInput(p -> p.values("2024", "02"))),
        "AlreadyExistsException");
    assertThat(get("orders", "2024", "03").values()).containsExactly("2024", "03");

    glue.deletePartition(
        r -> r.databaseName("shop").tableName("orders").partitionValues("2024", "02"));
    glue.deletePartition(
        r -> r.databaseName("shop").tableName("orders").partitionValues("2024", "03"));
    error(() -> get("orders", "2024", "02"), "EntityNotFoundException");
    error(
        () ->
            glue.deletePartition(
                r -> r.databaseName("shop").tableName("orders").partitionValues("2024", "02")),
        "EntityNotFoundException");
  }

  // Batches

  @Test
  void batchCreateReportsEachEntryThatFailsAndCreatesTheOthers() {
    glue.createTable(r -> r.databaseName("shop").tableInput(GlueApiIT.table("batch_create")));
    glue.createPartition(
        r ->
            r.databaseName("shop")
                .tableName("batch_create")
                .partitionInput(p -> p.values("2023", "12")));
    BatchCreatePartitionResponse response =
        glue.batchCreatePartition(
            r ->
                r.databaseName("shop")
                    .tableName("batch_create")
                    .partitionInputList(
                        partition(List.of("2024", "01"), null),
                        partition(List.of("2023", "12"), null),
                        partition(List.of("2024"), null),
                        partition(List.of("2024", "02"), null),
                        partition(List.of("2024", "01"), null)));
    assertThat(response.errors())
        .extracting(PartitionError::partitionValues, e -> e.errorDetail().errorCode())
        .containsExactly(
            tuple(List.of("2023", "12"), "AlreadyExistsException"),
            tuple(List.of("2024"), "InvalidInputException"),
            tuple(List.of("2024", "01"), "AlreadyExistsException"));
    assertThat(response.errors().get(1).errorDetail().errorMessage()).contains("2 partition keys");
    assertThat(allValues("batch_create", null))
        .containsExactlyInAnyOrder(
            List.of("2023", "12"), List.of("2024", "01"), List.of("2024", "02"));

    // More than 100 entries: nothing is created.
    List<PartitionInput> tooMany =
        IntStream.range(0, 101).mapToObj(i -> partition(List.of("2030", "m" + i), null)).toList();
    GlueException limit =
        error(
            () ->
                glue.batchCreatePartition(
                    r ->
                        r.databaseName("shop")
                            .tableName("batch_create")
                            .partitionInputList(tooMany)),
            "InvalidInputException");
    assertThat(limit.awsErrorDetails().errorMessage())
        .contains("'partitionInputList' failed to satisfy constraint")
        .contains("less than or equal to 100");
    assertThat(allValues("batch_create", null)).hasSize(3);
    error(
        () ->
            glue.batchCreatePartition(
                r ->
                    r.databaseName("shop")
                        .tableName("nowhere")
                        .partitionInputList(partition(List.of("1"), null))),
        "EntityNotFoundException");
    error(
        () -> glue.batchCreatePartition(r -> r.databaseName("shop").tableName("batch_create")),
        "InvalidInputException");
  }

  @Test
  void batchGetAnswersThePartitionsThatExistInTheOrderAsked() {
    BatchGetPartitionResponse response =
        glue.batchGetPartition(
            r ->
                r.databaseName("shop")
                    .tableName("logs")
                    .partitionsToGet(
                        key("us-east", "2024-01-02", "8"),
                        key("eu-west", "2024-01-09", "8"),
                        key("eu-west", "2024-01-01", "0"),
                        key("eu-west"),
                        key("us-east", "2024-01-02", "8")));
    assertThat(response.partitions())
        .extracting(Partition::values)
        .containsExactly(
            List.of("us-east", "2024-01-02", "8"), List.of("eu-west", "2024-01-01", "0"));
    assertThat(response.partitions().get(0).storageDescriptor().location())
        .isEqualTo("file:///lake/logs/us-east/2024-01-02/8");
    assertThat(response.unprocessedKeys()).isEmpty();

    List<PartitionValueList> tooMany =
        IntStream.range(0, 1001).mapToObj(i -> key("x", "2024-01-01", "" + i)).toList();
    error(
        () ->
            glue.batchGetPartition(
                r -> r.databaseName("shop").tableName("logs").partitionsToGet(tooMany)),
        "InvalidInputException");
    error(
        () ->
            glue.batchGetPartition(
                r ->
                    r.databaseName("shop")
                        .tableName("nowhere")
                        .partitionsToGet(key("eu-west", "2024-01-01", "0"))),
        "EntityNotFoundException");
    error(
        () ->
            glue.batchGetPartition(
                r ->
                    r.databaseName("shop")
                        .tableName("logs")
                        .partitionsToGet(PartitionValueList.builder().build())),
        "InvalidInputException");
  }

  @Test
  void batchUpdateReportsEachEntryThatFailsAndUpdatesTheOthers() {
    glue.createTable(r -> r.databaseName("shop").tableInput(GlueApiIT.table("batch_update")));
    createAll(
        "batch_update",
        List.of(
            partition(List.of("2024", "01"), null),
            partition(List.of("2024", "02"), null),
            partition(List.of("2024", "03"), null)));
    BatchUpdatePartitionResponse response =
        glue.batchUpdatePartition(
            r ->
                r.databaseName("shop")
                    .tableName("batch_update")
                    .entries(
                        update(List.of("2024", "01"), List.of("2024", "01"), "updated"),
                        update(List.of("2024", "09"), List.of("2024", "09"), "missing"),
                        update(List.of("2024", "02"), List.of("2024", "03"), "onto 03"),
                        update(List.of("2024", "03"), List.of("2024", "04"), "renamed"),
                        update(List.of("2024", "01"), List.of("2024"), "invalid")));
    assertThat(response.errors())
        .extracting(e -> e.partitionValueList(), e -> e.errorDetail().errorCode())
        .containsExactly(
            tuple(List.of("2024", "09"), "EntityNotFoundException"),
            tuple(List.of("2024", "02"), "AlreadyExistsException"),
            tuple(List.of("2024", "01"), "InvalidInputException"));
    assertThat(get("batch_update", "2024", "01").parameters()).containsEntry("note", "updated");
    assertThat(get("batch_update", "2024", "02").parameters()).doesNotContainKey("note");
    assertThat(get("batch_update", "2024", "04").parameters()).containsEntry("note", "renamed");
    error(() -> get("batch_update", "2024", "03"), "EntityNotFoundException");

    error(
        () ->
            glue.batchUpdatePartition(
                r -> r.databaseName("shop").tableName("batch_update").entries(List.of())),
        "InvalidInputException");
    List<BatchUpdatePartitionRequestEntry> tooMany =
        IntStream.range(0, 101)
            .mapToObj(i -> update(List.of("2024", "01"), List.of("2024", "01"), "" + i))
            .toList();
    error(
        () ->
            glue.batchUpdatePartition(
                r -> r.databaseName("shop").tableName("batch_update").entries(tooMany)),
        "InvalidInputException");
    assertThat(get("batch_update", "2024", "01").parameters()).containsEntry("note", "updated");
  }

  @Test
  void batchDeleteReportsEachMissingPartitionAndDeletesTheOthers() {
    glue.createTable(r -> r.databaseName("shop").tableInput(GlueApiIT.table("batch_delete")));
    createAll(
        "batch_delete",
        List.of(partition(List.of("2024", "01"), null), partition(List.of("2024", "02"), null)));
    BatchDeletePartitionResponse response =
        glue.batchDeletePartition(
            r ->
                r.databaseName("shop")
                    .tableName("batch_delete")
                    .partitionsToDelete(
                        key("2024", "01"), key("2024", "07"), key("2024", "01"), key("2024")));
    assertThat(response.errors())
        .extracting(PartitionError::partitionValues, e -> e.errorDetail().errorCode())
        .containsExactly(
            tuple(List.of("2024", "07"), "EntityNotFoundException"),
            tuple(List.of("2024", "01"), "EntityNotFoundException"),
            tuple(List.of("2024"), "EntityNotFoundException"));
    assertThat(allValues("batch_delete", null)).containsExactly(List.of("2024", "02"));

    List<PartitionValueList> tooMany =
        IntStream.range(0, 26).mapToObj(i -> key("2024", "02")).toList();
    GlueException limit =
        error(
            () ->
                glue.batchDeletePartition(
                    r ->
                        r.databaseName("shop")
                            .tableName("batch_delete")
                            .partitionsToDelete(tooMany)),
            "InvalidInputException");
    assertThat(limit.awsErrorDetails().errorMessage()).contains("less than or equal to 25");
    assertThat(allValues("batch_delete", null)).containsExactly(List.of("2024", "02"));
  }

  // GetPartitions

  @Test
  void getPartitionsAnswersWhatTheExpressionSelects() {
    assertSelects(null, values -> true);
    assertSelects("", values -> true);
    assertSelects("region = 'eu-west'", values -> values.get(0).equals("eu-west"));
    assertSelects(
        "region LIKE 'eu%' AND hr >= 16",
        values -> values.get(0).startsWith("eu") && Integer.parseInt(values.get(2)) >= 16);
    // Integral keys compare as numbers: 4 < 12 although '4' > '12'.
    assertSelects("hr < 12", values -> Integer.parseInt(values.get(2)) < 12);
    assertSelects(
        "day BETWEEN DATE '2024-01-02' AND DATE '2024-01-03'",
        values -> values.get(1).equals("2024-01-02") || values.get(1).equals("2024-01-03"));
    assertSelects(
        "region IN ('us-east', 'eu-north') AND NOT (hr = 0 OR hr = 20)",
        values ->
            !values.get(0).equals("eu-west")
                && !values.get(2).equals("0")
                && !values.get(2).equals("20"));
    assertSelects(
        "day > '2024-01-03' OR region <> 'eu-west'",
        values ->
            LocalDate.parse(values.get(1)).isAfter(LocalDate.parse("2024-01-03"))
                || !values.get(0).equals("eu-west"));
    assertSelects("region IS NULL", values -> false);
  }

  @Test
  void getPartitionsPagesAndSegmentsNeitherRepeatNorSkip() {
    // Pages of 7 through the SDK's paginator, which follows NextToken.
    List<List<String>> paged = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    glue.getPartitionsPaginator(r -> r.databaseName("shop").tableName("logs").maxResults(7))
        .forEach(
            page -> {
              pageSizes.add(page.partitions().size());
              page.partitions().forEach(p -> paged.add(p.values()));
            });
    assertThat(paged).hasSize(72).doesNotHaveDuplicates();
    assertThat(new HashSet<>(paged)).isEqualTo(new HashSet<>(logPartitions));
    assertThat(pageSizes).hasSize(11).allMatch(size -> size <= 7);

    // Four segments, each paged: disjoint, and together every partition of the expression.
    Predicate<List<String>> selected = values -> !values.get(0).equals("us-east");
    List<List<String>> union = new ArrayList<>();
    for (int segment = 0; segment < 4; segment++) {
      int number = segment;
      List<List<String>> inSegment = new ArrayList<>();
      glue.getPartitionsPaginator(
              r ->
                  r.databaseName("shop")
                      .tableName("logs")
                      .expression("region <> 'us-east'")
                      .segment(s -> s.segmentNumber(number).totalSegments(4))
                      .maxResults(5))
          .forEach(page -> page.partitions().forEach(p -> inSegment.add(p.values())));
      assertThat(inSegment).as("segment " + segment).isNotEmpty();
      union.addAll(inSegment);
    }
    assertThat(union).doesNotHaveDuplicates();
    assertThat(new HashSet<>(union))
        .isEqualTo(logPartitions.stream().filter(selected).collect(Collectors.toSet()));
    // One segment of one is everything.
    assertThat(
            values(
                glue.getPartitions(
                    r ->
                        r.databaseName("shop")
                            .tableName("logs")
                            .segment(s -> s.segmentNumber(0).totalSegments(1)))))
        .hasSize(72);
  }

  @Test
  void excludeColumnSchemaLeavesOutTheColumns() {
    GetPartitionsResponse without =
        glue.getPartitions(
            r ->
                r.databaseName("shop")
                    .tableName("logs")
                    .expression("hr = 4")
                    .excludeColumnSchema(true));
    assertThat(without.partitions()).hasSize(12);
    for (Partition partition : without.partitions()) {
      assertThat(partition.storageDescriptor().hasColumns()).isFalse();
      assertThat(partition.storageDescriptor().location()).startsWith("file:///lake/logs/");
    }
    GetPartitionsResponse with =
        glue.getPartitions(r -> r.databaseName("shop").tableName("logs").expression("hr = 4"));
    assertThat(with.partitions().get(0).storageDescriptor().columns())
        .extracting(Column::name)
        .containsExactly("line");
  }

  @Test
  void badGetPartitionsRequestsAreInvalidInput() {
    assertInvalidExpression("region = ", "position");
    assertInvalidExpression("hr LIKE '1%'", "LIKE");
    assertInvalidExpression("country = 'fr'", "country");
    assertInvalidExpression("day = DATE '2024-02-30'", "2024-02-30");
    assertInvalidExpression("hr = 'four'", "hr");
    assertInvalidExpression("region = 'a'; DROP TABLE partitions", "");
    error(
        () ->
            glue.getPartitions(
                r ->
                    r.databaseName("shop")
                        .tableName("logs")
                        .expression("region = '" + "x".repeat(2040) + "'")),
        "InvalidInputException");
    GlueException segment =
        error(
            () ->
                glue.getPartitions(
                    r ->
                        r.databaseName("shop")
                            .tableName("logs")
                            .segment(s -> s.segmentNumber(4).totalSegments(4))),
            "InvalidInputException");
    assertThat(segment.awsErrorDetails().errorMessage()).contains("segment.segmentNumber");
    error(
        () ->
            glue.getPartitions(
                r ->
                    r.databaseName("shop")
                        .tableName("logs")
                        .segment(s -> s.segmentNumber(0).totalSegments(11))),
        "InvalidInputException");
    error(
        () ->
            glue.getPartitions(
                r -> r.databaseName("shop").tableName("logs").segment(s -> s.totalSegments(2))),
        "InvalidInputException");
    error(
        () -> glue.getPartitions(r -> r.databaseName("shop").tableName("logs").maxResults(1001)),
        "InvalidInputException");
    error(
        () -> glue.getPartitions(r -> r.databaseName("shop").tableName("logs").maxResults(0)),
        "InvalidInputException");
    error(
        () ->
            glue.getPartitions(
                r -> r.databaseName("shop").tableName("logs").nextToken("not-a-token")),
        "InvalidInputException");
    error(
        () -> glue.getPartitions(r -> r.databaseName("shop").tableName("nowhere")),
        "EntityNotFoundException");
    error(
        () ->
            glue.getPartitions(r -> r.databaseName("shop").tableName("logs").transactionId("tx-1")),
        "InvalidInputException");
  }

  // Partition indexes

  @Test
  void partitionIndexesAreCreatedListedUsedAndDeleted() {
    glue.createTable(
        r ->
            r.databaseName("shop")
                .tableInput(
                    t ->
                        t.name("indexed")
                            .partitionKeys(
                                Column.builder().name("region").type("string").build(),
                                Column.builder().name("hr").type("int").build(),
                                Column.builder().name("flag").type("boolean").build())
                            .storageDescriptor(
                                s -> s.columns(Column.builder().name("v").type("int").build()))));
    List<PartitionInput> inputs = new ArrayList<>();
    for (String region : REGIONS) {
      for (int hr = 0; hr < 10; hr++) {
        inputs.add(partition(List.of(region, Integer.toString(hr), "true"), null));
      }
    }
    createAll("indexed", inputs);
    List<List<String>> withoutIndex = allValues("indexed", "region = 'eu-north' AND hr > 2");
    assertThat(withoutIndex).hasSize(7);
    // A token of the plan without an index.
    String token =
        glue.getPartitions(
                r ->
                    r.databaseName("shop")
                        .tableName("indexed")
                        .expression("region = 'eu-north' AND hr > 2")
                        .maxResults(2))
            .nextToken();
    assertThat(token).isNotNull();

    glue.createPartitionIndex(
        r ->
            r.databaseName("shop")
                .tableName("indexed")
                .partitionIndex(i -> i.indexName("by_region").keys("region", "hr")));
    List<PartitionIndexDescriptor> indexes =
        glue.getPartitionIndexes(r -> r.databaseName("shop").tableName("indexed"))
            .partitionIndexDescriptorList();
    assertThat(indexes).hasSize(1);
    PartitionIndexDescriptor index = indexes.get(0);
    assertThat(index.indexName()).isEqualTo("by_region");
    assertThat(index.indexStatus()).isEqualTo(PartitionIndexStatus.ACTIVE);
    assertThat(index.keys())
        .extracting(k -> k.name() + ":" + k.type())
        .containsExactly("region:string", "hr:int");
    assertThat(index.backfillErrors()).isEmpty();

    // The same partitions through the index, which GetPartitions now reads: the old plan's token
    // no longer applies.
    assertThat(allValues("indexed", "region = 'eu-north' AND hr > 2"))
        .containsExactlyInAnyOrderElementsOf(withoutIndex);
    error(
        () ->
            glue.getPartitions(
                r ->
                    r.databaseName("shop")
                        .tableName("indexed")
                        .expression("region = 'eu-north' AND hr > 2")
                        .nextToken(token)),
        "InvalidInputException");

    error(
        () ->
            glue.createPartitionIndex(
                r ->
                    r.databaseName("shop")
                        .tableName("indexed")
                        .partitionIndex(i -> i.indexName("by_region").keys("hr"))),
        "AlreadyExistsException");
    GlueException notAKey =
        error(
            () ->
                glue.createPartitionIndex(
                    r ->
                        r.databaseName("shop")
                            .tableName("indexed")
                            .partitionIndex(i -> i.indexName("by_v").keys("v"))),
            "InvalidInputException");
    assertThat(notAKey.awsErrorDetails().errorMessage()).contains("not a partition key");
    error(
        () ->
            glue.createPartitionIndex(
                r ->
                    r.databaseName("shop")
                        .tableName("indexed")
                        .partitionIndex(i -> i.indexName("by_flag").keys("flag"))),
        "InvalidInputException");
    error(
        () ->
            glue.createPartitionIndex(
                r ->
                    r.databaseName("shop")
                        .tableName("indexed")
                        .partitionIndex(i -> i.indexName("no_keys").keys(List.of()))),
        "InvalidInputException");
    glue.createPartitionIndex(
        r ->
            r.databaseName("shop")
                .tableName("indexed")
                .partitionIndex(i -> i.indexName("by_hr").keys("hr")));
    glue.createPartitionIndex(
        r ->
            r.databaseName("shop")
                .tableName("indexed")
                .partitionIndex(i -> i.indexName("by_hr_region").keys("hr", "region")));
    error(
        () ->
            glue.createPartitionIndex(
                r ->
                    r.databaseName("shop")
                        .tableName("indexed")
                        .partitionIndex(i -> i.indexName("fourth").keys("region"))),
        "ResourceNumberLimitExceededException");
    assertThat(allValues("indexed", "hr BETWEEN 8 AND 9 AND region <> 'us-east'"))
        .containsExactlyInAnyOrder(
            List.of("eu-west", "8", "true"),
            List.of("eu-west", "9", "true"),
            List.of("eu-north", "8", "true"),
            List.of("eu-north", "9", "true"));

    glue.deletePartitionIndex(
        r -> r.databaseName("shop").tableName("indexed").indexName("by_region"));
    assertThat(
            glue.getPartitionIndexes(r -> r.databaseName("shop").tableName("indexed"))
                .partitionIndexDescriptorList())
        .extracting(PartitionIndexDescriptor::indexName)
        .containsExactlyInAnyOrder("by_hr", "by_hr_region");
    error(
        () ->
            glue.deletePartitionIndex(
                r -> r.databaseName("shop").tableName("indexed").indexName("by_region")),
        "EntityNotFoundException");
    error(
        () -> glue.getPartitionIndexes(r -> r.databaseName("shop").tableName("nowhere")),
        "EntityNotFoundException");
  }

  // Helpers

  private void assertSelects(String expression, Predicate<List<String>> expected) {
    assertThat(new HashSet<>(allValues("logs", expression)))
        .as(String.valueOf(expression))
        .isEqualTo(logPartitions.stream().filter(expected).collect(Collectors.toSet()));
  }

  private void assertInvalidExpression(String expression, String messagePart) {
    GlueException error =
        error(
            () ->
                glue.getPartitions(
                    r -> r.databaseName("shop").tableName("logs").expression(expression)),
            "InvalidInputException");
    assertThat(error.awsErrorDetails().errorMessage()).as(expression).contains(messagePart);
  }

  /** Every partition that {@code expression} selects, through every page. */
  private List<List<String>> allValues(String table, String expression) {
    List<List<String>> values = new ArrayList<>();
    glue.getPartitionsPaginator(
            GetPartitionsRequest.builder()
                .databaseName("shop")
                .tableName(table)
                .expression(expression)
                .maxResults(10)
                .build())
        .forEach(page -> page.partitions().forEach(p -> values.add(p.values())));
    return values;
  }

  private static List<List<String>> values(GetPartitionsResponse response) {
    return response.partitions().stream().map(Partition::values).toList();
  }

  private Partition get(String table, String... values) {
    return glue.getPartition(r -> r.databaseName("shop").tableName(table).partitionValues(values))
        .partition();
  }

  private void createAll(String table, List<PartitionInput> partitions) {
    BatchCreatePartitionResponse response =
        glue.batchCreatePartition(
            r -> r.databaseName("shop").tableName(table).partitionInputList(partitions));
    assertThat(response.errors()).isEmpty();
  }

  static PartitionInput partition(List<String> values, String location) {
    PartitionInput.Builder input = PartitionInput.builder().values(values);
    if (location != null) {
      input.storageDescriptor(StorageDescriptor.builder().location(location).build());
    }
    return input.build();
  }

  private static StorageDescriptor descriptor(String location) {
    StorageDescriptor table = GlueApiIT.table("orders").storageDescriptor();
    return table.toBuilder().location(location).build();
  }

  private static PartitionValueList key(String... values) {
    return PartitionValueList.builder().values(values).build();
  }

  private static BatchUpdatePartitionRequestEntry update(
      List<String> values, List<String> newValues, String note) {
    return BatchUpdatePartitionRequestEntry.builder()
        .partitionValueList(values)
        .partitionInput(p -> p.values(newValues).parameters(Map.of("note", note)))
        .build();
  }
}
