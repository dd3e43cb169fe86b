package io.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.catalog.AlreadyExistsException;
import io.cairn.catalog.Column;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.LimitExceededException;
import io.cairn.catalog.NoSuchPartitionException;
import io.cairn.catalog.NoSuchTableException;
import io.cairn.catalog.NotificationEvent;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PartitionIndex;
import io.cairn.catalog.PrincipalType;
import io.cairn.catalog.Segment;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableType;
import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.GlueExpressionParser;
import io.cairn.catalog.filter.PartitionFilter;
import io.cairn.json.CatalogJson;
import io.cairn.service.CatalogService;
import io.cairn.service.CatalogService.PartitionBatch;
import io.cairn.service.CatalogService.PartitionError;
import io.cairn.service.CatalogService.PartitionUpdate;
import io.cairn.service.ResourceArns;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Glue partition operations of the service over a store: GetPartitions with expressions,
 * segments and partition indexes, and the per-entry batches. Every backend runs it unchanged.
 */
public abstract class GluePartitionsContract {
  protected static final String CATALOG = "hive";
  protected static final DatabaseName SALES = new DatabaseName(CATALOG, "sales");
  protected static final TableName EVENTS = SALES.table("events");
  protected static final List<String> REGIONS = List.of("eu", "us", "ap");
  protected static final int HOURS = 24;
  protected static final int DAYS = 14;
  protected static final LocalDate FIRST_DAY = LocalDate.of(2024, 2, 20);

  protected CatalogStore store;
  protected CatalogService service;

  /** A new, empty, migrated store for one test. */
  protected abstract CatalogStore newStore();

  @BeforeEach
  void setUp() {
    store = newStore();
    service =
        new CatalogService(
            store, CATALOG, new ResourceArns("us-east-1", "123456789012"), Clock.systemUTC());
    service.ensureDefaultCatalog();
    service.createDatabase(
        new Database(
            SALES, null, null, null, Map.of(), "alice", PrincipalType.USER, null, null, 0));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  protected static Table eventsTable() {
    return Table.builder()
        .name(EVENTS)
        .tableType(TableType.EXTERNAL_TABLE)
        .storageDescriptor(
            StorageDescriptor.builder()
                .columns(List.of(new Column("id", "bigint")))
                .location("s3://bucket/events")
                .build())
        .partitionKeys(
            List.of(
                new Column("region", "string"), new Column("hr", "int"), new Column("day", "date")))
        .build();
  }

  protected static Partition partition(TableName table, String... values) {
    return new Partition(
        table,
        List.of(values),
        StorageDescriptor.builder()
            .columns(List.of(new Column("id", "bigint")))
            .location("s3://bucket/" + String.join("/", values))
            .build(),
        Map.of("numRows", "1"),
        null,
        null,
        null,
        0);
  }

  /** 3 regions × 24 hours × 14 days: 1,008 partitions, added day by day as a writer would. */
  protected List<Partition> createEvents() {
    service.createTable(eventsTable());
    List<Partition> all = new ArrayList<>();
    for (int day = 0; day < DAYS; day++) {
      List<Partition> batch = new ArrayList<>();
      for (String region : REGIONS) {
        for (int hour = 0; hour < HOURS; hour++) {
          batch.add(
              partition(
                  EVENTS, region, Integer.toString(hour), FIRST_DAY.plusDays(day).toString()));
        }
      }
      service.addPartitions(EVENTS, batch);
      all.addAll(batch);
    }
    return all;
  }

  /**
   * 5 regions × 24 hours × 167 days: 20,040 partitions, enough for the databases' planners to weigh
   * an index against a scan (the store refreshes their statistics as the table grows).
   */
  protected void createManyEvents() {
    service.createTable(eventsTable());
    List<Partition> batch = new ArrayList<>();
    for (int day = 0; day < 167; day++) {
      for (String region : List.of("eu", "us", "ap", "sa", "af")) {
        for (int hour = 0; hour < HOURS; hour++) {
          batch.add(
              partition(
                  EVENTS, region, Integer.toString(hour), FIRST_DAY.plusDays(day).toString()));
        }
      }
      if (batch.size() >= 5000) {
        service.addPartitions(EVENTS, batch);
        batch.clear();
      }
    }
    service.addPartitions(EVENTS, batch);
  }

  /** Every page of a listing, each at most {@code pageSize} long. */
  protected static List<Partition> all(Function<PageRequest, Page<Partition>> listing, int size) {
    List<Partition> partitions = new ArrayList<>();
    String token = null;
    do {
      Page<Partition> page = listing.apply(new PageRequest(token, size));
      assertThat(page.items().size()).isLessThanOrEqualTo(size);
      partitions.addAll(page.items());
      token = page.nextToken();
    } while (token != null);
    return partitions;
  }

  protected List<List<String>> glueListing(String expression, Segment segment, int pageSize) {
    return all(
            page -> service.listPartitionsByExpression(EVENTS, expression, segment, page), pageSize)
        .stream()
        .map(Partition::values)
        .toList();
  }

  /** What the expression selects, evaluated in memory over {@code partitions}. */
  protected static Set<List<String>> expected(String expression, List<Partition> partitions) {
    PartitionFilter filter =
        PartitionFilter.bindGlueExpression(
            GlueExpressionParser.parse(expression), eventsTable().partitionKeys());
    Set<List<String>> selected = new HashSet<>();
    for (Partition partition : partitions) {
      if (filter.test(partition.values())) {
        selected.add(partition.values());
      }
    }
    return selected;
  }

  private static final List<String> EXPRESSIONS =
      List.of(
          "region = 'eu'",
          "hr = 7",
          "hr >= 20",
          "hr BETWEEN 3 AND 5 AND region <> 'us'",
          "hr > 3 AND hr <= 5 AND hr <> 4",
          "day = '2024-02-29'",
          "day >= DATE '2024-03-01' AND hr < 2",
          "day BETWEEN '2024-02-25' AND '2024-02-26' AND (region = 'ap' OR hr IN (0, 23))",
          "region = 'us' AND day < '2024-02-22' AND NOT (hr BETWEEN 1 AND 22)",
          "region LIKE 'e%' AND hr = 12",
          "region IN ('eu', 'ap') AND hr > 21 OR day = '2024-03-04' AND hr = 0",
          "hr > 30",
          "hr > 5 AND hr < 5",
          "day IS NULL",
          "region = 'eu' AND region = 'us'");

  // Segments

  @Test
  void segmentsNeverOverlapAndTogetherHoldEveryPartition() {
    List<Partition> partitions = createEvents();
    List<List<String>> everything = glueListing(null, null, 1000);
    assertThat(everything).hasSize(partitions.size());
    for (int total = 1; total <= Segment.MAX_TOTAL; total++) {
      List<List<String>> union = new ArrayList<>();
      for (int number = 0; number < total; number++) {
        List<List<String>> segment = glueListing(null, new Segment(number, total), 97);
        // Fibonacci hashing spreads consecutive ids evenly: no segment is far from its share.
        assertThat(segment.size())
            .as("segment %d of %d", number, total)
            .isBetween(partitions.size() / total * 8 / 10, partitions.size() / total * 12 / 10);
        union.addAll(segment);
      }
      assertThat(union).as("total %d", total).doesNotHaveDuplicates();
      assertThat(union).as("total %d", total).containsExactlyInAnyOrderElementsOf(everything);
    }
  }

  @Test
  void segmentsCombineWithExpressionsWithAndWithoutAnIndex() {
    List<Partition> partitions = createEvents();
    for (boolean indexed : List.of(false, true)) {
      if (indexed) {
        service.createPartitionIndex(EVENTS, "by_hour", List.of("hr"));
        service.createPartitionIndex(EVENTS, "by_day", List.of("day", "region"));
      }
      for (String expression : EXPRESSIONS) {
        Set<List<String>> expected = expected(expression, partitions);
        assertThat(Set.copyOf(glueListing(expression, null, 200)))
            .as("%s (indexed: %s)", expression, indexed)
            .isEqualTo(expected);
        for (int total : List.of(2, 7)) {
          List<List<String>> union = new ArrayList<>();
          for (int number = 0; number < total; number++) {
            union.addAll(glueListing(expression, new Segment(number, total), 41));
          }
          assertThat(union)
              .as("%s in %d segments (indexed: %s)", expression, total, indexed)
              .doesNotHaveDuplicates()
              .containsExactlyInAnyOrderElementsOf(expected);
        }
      }
    }
  }

  @Test
  void aPartitionKeepsItsSegmentWhileOthersComeAndGo() {
    createEvents();
    Map<List<String>, Integer> segmentOf = new HashMap<>();
    for (int number = 0; number < 7; number++) {
      for (List<String> values : glueListing(null, new Segment(number, 7), 500)) {
        segmentOf.put(values, number);
      }
    }
    List<Partition> more = new ArrayList<>();
    for (int hour = 0; hour < HOURS; hour++) {
      more.add(partition(EVENTS, "sa", Integer.toString(hour), "2024-03-05"));
    }
    service.addPartitions(EVENTS, more);
    service.dropPartitions(EVENTS, List.of(List.of("eu", "0", "2024-02-20")));
    service.updatePartition(
        EVENTS, List.of("us", "1", "2024-02-20"), partition(EVENTS, "us", "1", "2030-01-01"), null);
    for (int number = 0; number < 7; number++) {
      for (List<String> values : glueListing(null, new Segment(number, 7), 500)) {
        if (values.equals(List.of("us", "1", "2030-01-01"))) {
          assertThat(number)
              .as("a renamed partition stays in its segment")
              .isEqualTo(segmentOf.get(List.of("us", "1", "2024-02-20")));
        } else if (segmentOf.containsKey(values)) {
          assertThat(number).as("segment of %s", values).isEqualTo(segmentOf.get(values));
        }
      }
    }
  }

  @Test
  void pagesContinueWhereTheyEndedWhileTheTableChanges() {
    List<Partition> partitions = createEvents();
    service.createPartitionIndex(EVENTS, "by_hour", List.of("hr"));
    for (String expression : List.of("region <> 'xx'", "hr >= 0")) {
      Segment segment = new Segment(1, 2);
      Set<List<String>> before = Set.copyOf(glueListing(expression, segment, 1000));
      List<List<String>> seen = new ArrayList<>();
      Page<Partition> page =
          service.listPartitionsByExpression(EVENTS, expression, segment, PageRequest.first(40));
      page.items().forEach(partition -> seen.add(partition.values()));
      // Partitions that sort before and after the page's end arrive in between.
      String day = "2024-04-0" + (expression.startsWith("hr") ? 1 : 2);
      service.addPartitions(
          EVENTS, List.of(partition(EVENTS, "aa", "0", day), partition(EVENTS, "zz", "23", day)));
      String token = page.nextToken();
      while (token != null) {
        page =
            service.listPartitionsByExpression(
                EVENTS, expression, segment, new PageRequest(token, 40));
        page.items().forEach(partition -> seen.add(partition.values()));
        token = page.nextToken();
      }
      assertThat(seen).as(expression).doesNotHaveDuplicates().containsAll(before);
    }
    assertThat(partitions).isNotEmpty();
  }

  @Test
  void segmentsAreValidated() {
    assertThatThrownBy(() -> new Segment(0, 0))
        .isInstanceOf(ValidationException.class)
        .hasMessage("TotalSegments must be between 1 and 10, was 0");
    assertThatThrownBy(() -> new Segment(0, 11))
        .isInstanceOf(ValidationException.class)
        .hasMessage("TotalSegments must be between 1 and 10, was 11");
    assertThatThrownBy(() -> new Segment(3, 3))
        .isInstanceOf(ValidationException.class)
        .hasMessage("SegmentNumber must be between 0 and 2, was 3");
    assertThatThrownBy(() -> new Segment(-1, 3))
        .isInstanceOf(ValidationException.class)
        .hasMessage("SegmentNumber must be between 0 and 2, was -1");
  }

  // Partition indexes

  @Test
  void anIndexedListingComesInTheOrderOfTheIndexedKey() {
    List<Partition> partitions = createEvents();
    List<List<String>> byName = glueListing("hr BETWEEN 5 AND 9 AND region = 'eu'", null, 1000);
    assertThat(byName)
        .isSortedAccordingTo(Comparator.comparing(values -> String.join("/", values)));
    service.createPartitionIndex(EVENTS, "by_hour", List.of("hr", "day"));
    assertThat(service.listPartitionIndexes(EVENTS))
        .containsExactly(
            new PartitionIndex("by_hour", List.of("hr", "day"), PartitionIndex.Status.ACTIVE));
    List<List<String>> byHour = glueListing("hr BETWEEN 5 AND 9 AND region = 'eu'", null, 7);
    assertThat(byHour).containsExactlyInAnyOrderElementsOf(byName);
    // Numerically by hour, which name order (text) is not: 5, 6, 7, 8, 9.
    assertThat(byHour)
        .isSortedAccordingTo(Comparator.comparing(values -> Integer.parseInt(values.get(1))));
    assertThat(byHour.get(0).get(1)).isEqualTo("5");
    assertThat(byHour.get(byHour.size() - 1).get(1)).isEqualTo("9");
    // Without a comparison on the index's first key the index is not used.
    assertThat(glueListing("region = 'eu' AND day = '2024-02-21'", null, 1000))
        .isSortedAccordingTo(Comparator.comparing(values -> String.join("/", values)));
    assertThat(glueListing("hr IN (5, 6)", null, 1000))
        .isSortedAccordingTo(Comparator.comparing(values -> String.join("/", values)));
    assertThat(partitions).hasSize(REGIONS.size() * HOURS * DAYS);
  }

  @Test
  void anEqualityOnAnIndexedKeyWinsOverARange() {
    createEvents();
    service.createPartitionIndex(EVENTS, "a_by_hour", List.of("hr"));
    service.createPartitionIndex(EVENTS, "b_by_day", List.of("day"));
    List<List<String>> listing =
        glueListing("hr >= 20 AND day = '2024-02-22' AND region = 'us'", null, 2);
    assertThat(listing).hasSize(4);
    // Read through b_by_day: a single day, so in partition order, not necessarily by hour.
    List<List<String>> byHour = glueListing("hr >= 20 AND day >= '2024-02-22'", null, 1000);
    assertThat(byHour)
        .isSortedAccordingTo(Comparator.comparing(values -> Integer.parseInt(values.get(1))));
    List<List<String>> byDay = glueListing("hr > 20 AND day <= '2024-02-22' AND hr = 21", null, 5);
    assertThat(byDay)
        .hasSize(REGIONS.size() * 3)
        .isSortedAccordingTo(Comparator.comparing(values -> values.get(1)));
  }

  @Test
  void aTokenBelongsToOnePlan() {
    createEvents();
    Page<Partition> byName =
        service.listPartitionsByExpression(EVENTS, "hr = 3", null, PageRequest.first(5));
    service.createPartitionIndex(EVENTS, "by_hour", List.of("hr"));
    assertThatThrownBy(
            () ->
                service.listPartitionsByExpression(
                    EVENTS, "hr = 3", null, new PageRequest(byName.nextToken(), 5)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("page token");
    Page<Partition> byHour =
        service.listPartitionsByExpression(EVENTS, "hr = 3", null, PageRequest.first(5));
    assertThatThrownBy(
            () ->
                service.listPartitionsByExpression(
                    EVENTS, "day = '2024-02-21'", null, new PageRequest(byHour.nextToken(), 5)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("page token");
    service.createPartitionIndex(EVENTS, "by_day", List.of("day"));
    assertThatThrownBy(
            () ->
                service.listPartitionsByExpression(
                    EVENTS, "day = '2024-02-21'", null, new PageRequest(byHour.nextToken(), 5)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("page token");
    // A token of the same key but outside the range would start the index scan in the wrong place.
    Page<Partition> lateHours =
        service.listPartitionsByExpression(EVENTS, "hr >= 20", null, PageRequest.first(5));
    assertThatThrownBy(
            () ->
                service.listPartitionsByExpression(
                    EVENTS, "hr < 5", null, new PageRequest(lateHours.nextToken(), 5)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("page token");
    assertThatThrownBy(
            () ->
                service.listPartitionsByExpression(
                    EVENTS, "hr = 3", null, new PageRequest("not a token", 5)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("page token");
  }

  @Test
  void partitionIndexesFollowGluesRules() {
    Table table =
        eventsTable().toBuilder()
            .partitionKeys(
                List.of(
                    new Column("region", "varchar(8)"),
                    new Column("hr", "smallint"),
                    new Column("day", "date"),
                    new Column("price", "decimal(10,2)"),
                    new Column("at", "timestamp"),
                    new Column("ratio", "double")))
            .build();
    service.createTable(table);
    assertThat(service.createPartitionIndex(EVENTS, "By_Region", List.of("REGION", "hr")))
        .isEqualTo(
            new PartitionIndex("by_region", List.of("region", "hr"), PartitionIndex.Status.ACTIVE));
    for (String key : List.of("price", "at", "ratio")) {
      assertThatThrownBy(() -> service.createPartitionIndex(EVENTS, "bad", List.of("day", key)))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("partition key '" + key + "' has type")
          .hasMessageContaining("string, char, varchar, date, tinyint, smallint, int and bigint");
    }
    assertThatThrownBy(() -> service.createPartitionIndex(EVENTS, "bad", List.of("id")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'id' is not a partition key");
    assertThatThrownBy(() -> service.createPartitionIndex(EVENTS, "by_region", List.of("day")))
        .isInstanceOf(AlreadyExistsException.class);
    service.createPartitionIndex(EVENTS, "by_day", List.of("day"));
    service.createPartitionIndex(EVENTS, "by_hour", List.of("hr"));
    assertThatThrownBy(() -> service.createPartitionIndex(EVENTS, "fourth", List.of("day")))
        .isInstanceOf(LimitExceededException.class);
    assertThatThrownBy(
            () -> service.createPartitionIndex(SALES.table("missing"), "x", List.of("day")))
        .isInstanceOf(NoSuchTableException.class);
  }

  // Expressions

  @Test
  void expressionsAreCheckedWithGluesRules() {
    createEvents();
    assertThatThrownBy(
            () ->
                service.listPartitionsByExpression(
                    EVENTS, "hr LIKE '1%'", null, PageRequest.first(10)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Integral data type doesn't support operation 'LIKE' (key 'hr' of type int)");
    assertThatThrownBy(
            () ->
                service.listPartitionsByExpression(
                    EVENTS, "minute = 1", null, PageRequest.first(10)))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("Unknown partition key 'minute'");
    assertThatThrownBy(
            () ->
                service.listPartitionsByExpression(
                    EVENTS, "day = '2024-02-30'", null, PageRequest.first(10)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("'2024-02-30' is not a date (yyyy-MM-dd) for key 'day' of type date");
    assertThatThrownBy(
            () ->
                service.listPartitionsByExpression(
                    EVENTS, "hr = 1 AND", null, PageRequest.first(10)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("position 11");
    assertThatThrownBy(
            () -> service.listPartitionsByExpression(EVENTS, null, null, PageRequest.first(1001)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("MaxResults must be between 1 and 1000, was 1001");
    assertThatThrownBy(
            () ->
                service.listPartitionsByExpression(
                    SALES.table("missing"), null, null, PageRequest.first(10)))
        .isInstanceOf(NoSuchTableException.class);
    // Hive's rules, for the Thrift API, still allow LIKE on an integral key.
    assertThat(
            service.countPartitions(
                EVENTS, GlueExpressionParser.parse("hr LIKE '1%' AND region = 'eu'")))
        .isEqualTo(11 * DAYS);
  }

  @Test
  void dateKeysCompareAsDatesInTheDatabase() {
    service.createTable(eventsTable());
    service.addPartitions(
        EVENTS,
        List.of(
            partition(EVENTS, "eu", "1", "2024-02-29"),
            partition(EVENTS, "eu", "1", "2024-03-01"),
            partition(EVENTS, "eu", "1", "2024-3-2"),
            partition(EVENTS, "eu", "1", "not a date"),
            partition(EVENTS, "eu", "1", CatalogService.DEFAULT_PARTITION_NAME)));
    assertThat(glueListing("day > '2024-02-29'", null, 10))
        .containsExactly(List.of("eu", "1", "2024-03-01"));
    assertThat(glueListing("NOT day > '2024-02-29'", null, 10))
        .containsExactly(List.of("eu", "1", "2024-02-29"));
    assertThat(glueListing("day IS NULL", null, 10))
        .containsExactly(List.of("eu", "1", CatalogService.DEFAULT_PARTITION_NAME));
    service.createPartitionIndex(EVENTS, "by_day", List.of("day"));
    assertThat(glueListing("day >= '2024-01-01'", null, 1))
        .containsExactly(List.of("eu", "1", "2024-02-29"), List.of("eu", "1", "2024-03-01"));
  }

  @Test
  void aKeyWhoseTypeChangesComparesByItsNewType() {
    Table table =
        eventsTable().toBuilder()
            .partitionKeys(
                List.of(
                    new Column("region", "string"),
                    new Column("hr", "string"),
                    new Column("day", "string")))
            .build();
    service.createTable(table);
    service.addPartitions(
        EVENTS,
        List.of(
            partition(EVENTS, "eu", "9", "2024-02-29"),
            partition(EVENTS, "eu", "10", "2024-3-1"),
            partition(EVENTS, "eu", "x", "2024-03-02")));
    assertThat(glueListing("hr > '5'", null, 10))
        .containsExactly(List.of("eu", "9", "2024-02-29"), List.of("eu", "x", "2024-03-02"));
    Table current = service.loadTable(EVENTS);
    service.updateTable(
        EVENTS, current.toBuilder().partitionKeys(eventsTable().partitionKeys()).build(), null);
    assertThat(glueListing("hr > 5", null, 10))
        .containsExactly(List.of("eu", "10", "2024-3-1"), List.of("eu", "9", "2024-02-29"));
    assertThat(glueListing("day >= '2024-03-01'", null, 10))
        .containsExactly(List.of("eu", "x", "2024-03-02"));
  }

  // Batches

  private List<NotificationEvent> eventsAfter(long id) {
    return service.listNotifications(id, 1000, null);
  }

  private static JsonNode message(NotificationEvent event) throws Exception {
    return CatalogJson.newObjectMapper().readTree(event.message());
  }

  @Test
  void batchCreateReportsEachFailedEntryAndCreatesTheRest() throws Exception {
    service.createTable(eventsTable());
    service.addPartitions(EVENTS, List.of(partition(EVENTS, "eu", "1", "2024-01-01")));
    long before = service.currentNotificationId();
    PartitionBatch batch =
        service.batchCreatePartitions(
            EVENTS,
            List.of(
                partition(EVENTS, "eu", "2", "2024-01-01"),
                partition(EVENTS, "eu", "1", "2024-01-01"),
                partition(EVENTS, "eu", "3"),
                partition(EVENTS, "eu", "4", "2024-01-01"),
                partition(EVENTS, "eu", "2", "2024-01-01"),
                partition(EVENTS, "eu", "5", "x".repeat(1025))));
    assertThat(batch.partitions())
        .extracting(Partition::values)
        .containsExactly(List.of("eu", "2", "2024-01-01"), List.of("eu", "4", "2024-01-01"));
    assertThat(batch.partitions()).allSatisfy(p -> assertThat(p.createTime()).isNotNull());
    assertThat(batch.errors())
        .extracting(PartitionError::values, error -> error.error().getClass())
        .containsExactly(
            tuple(List.of("eu", "1", "2024-01-01"), AlreadyExistsException.class),
            tuple(List.of("eu", "3"), ValidationException.class),
            tuple(List.of("eu", "2", "2024-01-01"), AlreadyExistsException.class),
            tuple(List.of("eu", "5", "x".repeat(1025)), ValidationException.class));
    assertThat(batch.errors().get(0).error())
        .hasMessage("table hive.sales.events already has partition region=eu/hr=1/day=2024-01-01");
    assertThat(batch.errors().get(1).error()).hasMessageContaining("3 partition keys");
    assertThat(batch.errors().get(2).error()).hasMessageContaining("appears twice");
    assertThat(service.countPartitions(EVENTS, null)).isEqualTo(3);

    List<NotificationEvent> events = eventsAfter(before);
    assertThat(events).extracting(NotificationEvent::type).containsExactly("ADD_PARTITION");
    assertThat(message(events.get(0)).get("partitions")).hasSize(2);

    PartitionBatch nothingNew =
        service.batchCreatePartitions(EVENTS, List.of(partition(EVENTS, "eu", "1", "2024-01-01")));
    assertThat(nothingNew.partitions()).isEmpty();
    assertThat(nothingNew.errors()).hasSize(1);
    assertThat(eventsAfter(before)).hasSize(1);

    List<Partition> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(partition(EVENTS, "eu", Integer.toString(i), "2024-02-01"));
    }
    assertThatThrownBy(() -> service.batchCreatePartitions(EVENTS, tooMany))
        .isInstanceOf(ValidationException.class)
        .hasMessage("at most 100 partitions to create are allowed in one request, got 101");
    assertThat(service.batchCreatePartitions(EVENTS, tooMany.subList(0, 100)).partitions())
        .hasSize(100);
    assertThatThrownBy(
            () ->
                service.batchCreatePartitions(
                    SALES.table("missing"), List.of(partition(EVENTS, "eu", "1", "2024-01-01"))))
        .isInstanceOf(NoSuchTableException.class);
  }

  @Test
  void batchGetReturnsWhatExistsAndReportsTheRest() {
    createEvents();
    PartitionBatch batch =
        service.batchLoadPartitions(
            EVENTS,
            List.of(
                List.of("us", "3", "2024-02-21"),
                List.of("us", "3", "2099-01-01"),
                List.of("eu", "0", "2024-02-20"),
                List.of("us", "3", "2024-02-21"),
                List.of("eu"),
                List.of("ap", "23", "2024-03-04")));
    assertThat(batch.partitions())
        .extracting(Partition::values)
        .containsExactly(
            List.of("us", "3", "2024-02-21"),
            List.of("eu", "0", "2024-02-20"),
            List.of("ap", "23", "2024-03-04"));
    assertThat(batch.partitions().get(0).storageDescriptor().location())
        .isEqualTo("s3://bucket/us/3/2024-02-21");
    assertThat(batch.errors())
        .extracting(PartitionError::values)
        .containsExactly(List.of("us", "3", "2099-01-01"), List.of("eu"));
    assertThat(batch.errors())
        .allSatisfy(
            error -> assertThat(error.error()).isInstanceOf(NoSuchPartitionException.class));
    List<List<String>> thousand = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      thousand.add(
          List.of(
              REGIONS.get(i % 3),
              Integer.toString(i % HOURS),
              FIRST_DAY.plusDays(i % 20).toString()));
    }
    PartitionBatch large = service.batchLoadPartitions(EVENTS, thousand);
    assertThat(large.partitions().size() + large.errors().size())
        .isEqualTo(new HashSet<>(thousand).size());
    List<List<String>> tooMany = new ArrayList<>(thousand);
    tooMany.add(List.of("eu", "0", "2024-02-20"));
    assertThatThrownBy(() -> service.batchLoadPartitions(EVENTS, tooMany))
        .isInstanceOf(ValidationException.class)
        .hasMessage("at most 1000 partitions to get are allowed in one request, got 1001");
  }

  @Test
  void batchUpdateAppliesEachEntryInOrderAndReportsTheRest() throws Exception {
    service.createTable(eventsTable());
    service.addPartitions(
        EVENTS,
        List.of(
            partition(EVENTS, "eu", "1", "2024-01-01"),
            partition(EVENTS, "eu", "2", "2024-01-01"),
            partition(EVENTS, "eu", "3", "2024-01-01")));
    long before = service.currentNotificationId();
    Partition withMoreRows =
        new Partition(
            EVENTS,
            List.of("eu", "1", "2024-01-01"),
            partition(EVENTS, "eu", "1", "2024-01-01").storageDescriptor(),
            Map.of("numRows", "99"),
            null,
            null,
            null,
            0);
    PartitionBatch batch =
        service.batchUpdatePartitions(
            EVENTS,
            List.of(
                new PartitionUpdate(List.of("eu", "1", "2024-01-01"), withMoreRows),
                new PartitionUpdate(
                    List.of("eu", "9", "2024-01-01"), partition(EVENTS, "eu", "9", "2024-01-01")),
                new PartitionUpdate(
                    List.of("eu", "2", "2024-01-01"), partition(EVENTS, "eu", "3", "2024-01-01")),
                new PartitionUpdate(List.of("eu", "2", "2024-01-01"), partition(EVENTS, "eu")),
                new PartitionUpdate(
                    List.of("eu", "3", "2024-01-01"), partition(EVENTS, "eu", "4", "2024-01-01")),
                new PartitionUpdate(
                    List.of("eu", "2", "2024-01-01"), partition(EVENTS, "eu", "3", "2024-01-01"))));
    assertThat(batch.partitions())
        .extracting(Partition::values, Partition::version)
        .containsExactly(
            tuple(List.of("eu", "1", "2024-01-01"), 1L),
            tuple(List.of("eu", "4", "2024-01-01"), 1L),
            tuple(List.of("eu", "3", "2024-01-01"), 1L));
    assertThat(batch.errors())
        .extracting(PartitionError::values, error -> error.error().getClass())
        .containsExactly(
            tuple(List.of("eu", "9", "2024-01-01"), NoSuchPartitionException.class),
            tuple(List.of("eu", "2", "2024-01-01"), AlreadyExistsException.class),
            tuple(List.of("eu", "2", "2024-01-01"), ValidationException.class));
    assertThat(service.loadPartition(EVENTS, List.of("eu", "1", "2024-01-01")).parameters())
        .containsEntry("numRows", "99");
    assertThat(service.listPartitionNames(EVENTS, null, PageRequest.first(10)).items())
        .containsExactly(
            "region=eu/hr=1/day=2024-01-01",
            "region=eu/hr=3/day=2024-01-01",
            "region=eu/hr=4/day=2024-01-01");
    List<NotificationEvent> events = eventsAfter(before);
    assertThat(events)
        .extracting(NotificationEvent::type)
        .containsExactly("ALTER_PARTITION", "ALTER_PARTITION", "ALTER_PARTITION");
    assertThat(message(events.get(1)).at("/before/values").toString())
        .isEqualTo("[\"eu\",\"3\",\"2024-01-01\"]");
    assertThat(message(events.get(1)).at("/after/values").toString())
        .isEqualTo("[\"eu\",\"4\",\"2024-01-01\"]");
    assertThatThrownBy(() -> service.batchUpdatePartitions(EVENTS, List.of()))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void batchDeleteDeletesWhatExistsAndReportsTheRest() throws Exception {
    createEvents();
    long before = service.currentNotificationId();
    PartitionBatch batch =
        service.batchDropPartitions(
            EVENTS,
            List.of(
                List.of("eu", "0", "2024-02-20"),
                List.of("eu", "0", "2099-01-01"),
                List.of("us", "5", "2024-02-21"),
                List.of("eu", "0", "2024-02-20"),
                List.of("us")));
    assertThat(batch.partitions())
        .extracting(Partition::values)
        .containsExactly(List.of("eu", "0", "2024-02-20"), List.of("us", "5", "2024-02-21"));
    assertThat(batch.errors())
        .extracting(PartitionError::values)
        .containsExactly(
            List.of("eu", "0", "2099-01-01"), List.of("eu", "0", "2024-02-20"), List.of("us"));
    assertThat(batch.errors())
        .allSatisfy(
            error -> assertThat(error.error()).isInstanceOf(NoSuchPartitionException.class));
    assertThat(service.countPartitions(EVENTS, null)).isEqualTo(REGIONS.size() * HOURS * DAYS - 2);
    List<NotificationEvent> events = eventsAfter(before);
    assertThat(events).extracting(NotificationEvent::type).containsExactly("DROP_PARTITION");
    assertThat(message(events.get(0)).get("partitionValues")).hasSize(2);

    PartitionBatch none =
        service.batchDropPartitions(EVENTS, List.of(List.of("xx", "1", "2024-01-01")));
    assertThat(none.partitions()).isEmpty();
    assertThat(eventsAfter(before)).hasSize(1);

    List<List<String>> tooMany = new ArrayList<>();
    for (int i = 0; i < 26; i++) {
      tooMany.add(List.of("ap", Integer.toString(i % HOURS), "2024-02-22"));
    }
    assertThatThrownBy(() -> service.batchDropPartitions(EVENTS, tooMany))
        .isInstanceOf(ValidationException.class)
        .hasMessage("at most 25 partitions to delete are allowed in one request, got 26");
  }

  @Test
  void singlePartitionDeleteByValues() {
    createEvents();
    Partition dropped = service.dropPartition(EVENTS, List.of("ap", "7", "2024-02-25"));
    assertThat(dropped.values()).containsExactly("ap", "7", "2024-02-25");
    assertThatThrownBy(() -> service.dropPartition(EVENTS, List.of("ap", "7", "2024-02-25")))
        .isInstanceOf(NoSuchPartitionException.class)
        .hasMessage("table hive.sales.events has no partition region=ap/hr=7/day=2024-02-25");
    assertThatThrownBy(() -> service.dropPartition(SALES.table("missing"), List.of("a")))
        .isInstanceOf(NoSuchTableException.class);
  }
}
