package io.cairn.benchmark.glue;

import static io.cairn.benchmark.glue.BenchmarkSettings.BATCH;
import static io.cairn.benchmark.glue.BenchmarkSettings.RANGE_DAYS;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.GetPartitionsResponse;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionIndexDescriptor;
import software.amazon.awssdk.services.glue.model.PartitionIndexStatus;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;

/**
 * The Glue workload for one server, through the AWS SDK's GlueClient: load a table with {@link
 * BenchmarkSettings#BATCH} partitions per BatchCreatePartition call, list partitions with two
 * expressions on the first partition key, create a partition index on that key, and list again.
 *
 * <p>The table {@code bench.events} has two partition keys, {@code ds} (a day from 2000-01-01,
 * string) and {@code bucket} (0…99, int); partition <i>i</i> is day <i>i</i>/100, bucket <i>i</i>
 * mod 100, so each BatchCreatePartition call adds one whole day.
 */
final class Workload {
  /** How every operation's failure starts when the table could not be made and loaded. */
  static final String LOAD_FAILED = "load failed: ";

  /** How a listing that needed the index starts its failure when the index could not be made. */
  static final String NO_INDEX = "no index: ";

  private static final String DATABASE = "bench";
  private static final String TABLE = "events";
  private static final String INDEX = "ds_index";
  private static final LocalDate FIRST_DAY = LocalDate.of(2000, 1, 1);
  private static final int WARM_UP_CALLS = 2;
  private static final Duration INDEX_TIMEOUT = Duration.ofMinutes(30);

  private final GlueClient glue;
  private final int partitions;
  private final Duration loadLimit;
  private final int repetitions;
  private final List<Column> columns =
      List.of(
          Column.builder().name("id").type("bigint").build(),
          Column.builder().name("name").type("string").build(),
          Column.builder().name("amount").type("double").build());

  /**
   * @param loadLimit how long the load may take before it stops at the size it reached; null for no
   *     limit
   */
  Workload(GlueClient glue, int partitions, Duration loadLimit, int repetitions) {
    this.glue = requireNonNull(glue, "glue is null");
    this.partitions = partitions;
    this.loadLimit = loadLimit;
    this.repetitions = repetitions;
  }

  /** What was measured, by operation, and at what size. */
  record Outcome(int loadedPartitions, Map<Operation, Result> results) {
    Outcome {
      results = Map.copyOf(results);
    }
  }

  Outcome run() {
    Map<Operation, Result> results = new EnumMap<>(Operation.class);
    Result load;
    try {
      createTable();
      load = load();
    } catch (SdkException | IllegalStateException e) {
      // Nothing can be measured without the table: every row shows why.
      for (Operation operation : Operation.values()) {
        results.put(operation, Result.ofFailure(operation, LOAD_FAILED + e.getMessage()));
      }
      return new Outcome(0, results);
    }
    results.put(Operation.LOAD, load);
    int loaded = load.samples() * BATCH;

    int day = loaded / BATCH / 2;
    String equals = "ds = '" + day(day) + "'";
    String range = "ds BETWEEN '" + day(day) + "' AND '" + day(day + RANGE_DAYS - 1) + "'";
    Predicate<Partition> inDay = partition -> partition.values().get(0).equals(day(day));
    Predicate<Partition> inRange =
        partition ->
            partition.values().get(0).compareTo(day(day)) >= 0
                && partition.values().get(0).compareTo(day(day + RANGE_DAYS - 1)) <= 0;

    results.put(Operation.EQUALS, listRepeatedly(Operation.EQUALS, equals, BATCH, inDay));
    results.put(
        Operation.RANGE, listRepeatedly(Operation.RANGE, range, RANGE_DAYS * BATCH, inRange));
    Result index = createIndex();
    results.put(Operation.CREATE_INDEX, index);
    if (index.failed()) {
      String reason = NO_INDEX + index.failure();
      results.put(Operation.EQUALS_INDEXED, Result.ofFailure(Operation.EQUALS_INDEXED, reason));
      results.put(Operation.RANGE_INDEXED, Result.ofFailure(Operation.RANGE_INDEXED, reason));
    } else {
      results.put(
          Operation.EQUALS_INDEXED, listRepeatedly(Operation.EQUALS_INDEXED, equals, BATCH, inDay));
      results.put(
          Operation.RANGE_INDEXED,
          listRepeatedly(Operation.RANGE_INDEXED, range, RANGE_DAYS * BATCH, inRange));
    }
    return new Outcome(loaded, results);
  }

  /** The day of partition day number {@code day}, as the {@code ds} value. */
  static String day(int day) {
    return FIRST_DAY.plusDays(day).toString();
  }

  private void createTable() {
    glue.createDatabase(request -> request.databaseInput(database -> database.name(DATABASE)));
    glue.createTable(
        request ->
            request
                .databaseName(DATABASE)
                .tableInput(
                    table ->
                        table
                            .name(TABLE)
                            .tableType("EXTERNAL_TABLE")
                            .partitionKeys(
                                Column.builder().name("ds").type("string").build(),
                                Column.builder().name("bucket").type("int").build())
                            .storageDescriptor(storageDescriptor("file:/benchmark/events"))));
  }

  /**
   * Adds whole days until the table has {@code partitions} partitions or the load limit is reached;
   * the result's samples are the calls (each one day), its rate the partitions stored per second of
   * call time.
   */
  private Result load() {
    List<Long> latencies = new ArrayList<>(partitions / BATCH);
    long callNanos = 0;
    long start = System.nanoTime();
    for (int day = 0; day < partitions / BATCH; day++) {
      if (loadLimit != null && System.nanoTime() - start > loadLimit.toNanos()) {
        System.out.printf(
            Locale.ROOT,
            "  load stopped by its time limit (%s) at %,d partitions%n",
            loadLimit,
            day * BATCH);
        break;
      }
      List<PartitionInput> batch = new ArrayList<>(BATCH);
      for (int bucket = 0; bucket < BATCH; bucket++) {
        batch.add(partition(day, bucket));
      }
      long callStart = System.nanoTime();
      BatchCreatePartitionResponse response =
          glue.batchCreatePartition(
              request -> request.databaseName(DATABASE).tableName(TABLE).partitionInputList(batch));
      long elapsed = System.nanoTime() - callStart;
      if (response.hasErrors() && !response.errors().isEmpty()) {
        throw new IllegalStateException(
            "BatchCreatePartition of day " + day(day) + " failed: " + response.errors());
      }
      latencies.add(elapsed);
      callNanos += elapsed;
      if ((day + 1) % 1000 == 0) {
        System.out.printf(
            Locale.ROOT,
            "  loaded %,d partitions in %d s%n",
            (day + 1) * BATCH,
            Duration.ofNanos(System.nanoTime() - start).toSeconds());
      }
    }
    return Result.ofLoad(Operation.LOAD, latencies, (long) latencies.size() * BATCH, callNanos);
  }

  /**
   * Lists every partition matching {@code expression}, following NextToken, {@link #WARM_UP_CALLS}
   * times untimed and then {@link #repetitions} times timed; each listing must return exactly
   * {@code expected} partitions, all matching {@code check}.
   */
  private Result listRepeatedly(
      Operation operation, String expression, int expected, Predicate<Partition> check) {
    List<Long> latencies = new ArrayList<>();
    try {
      for (int call = 0; call < WARM_UP_CALLS + repetitions; call++) {
        long start = System.nanoTime();
        List<Partition> found = listAll(expression);
        long elapsed = System.nanoTime() - start;
        if (found.size() != expected || !found.stream().allMatch(check)) {
          return Result.ofFailure(
              operation,
              String.format(
                  Locale.ROOT,
                  "%s returned %d partitions (%d not matching), expected %d",
                  expression,
                  found.size(),
                  found.stream().filter(check.negate()).count(),
                  expected));
        }
        if (call >= WARM_UP_CALLS) {
          latencies.add(elapsed);
        }
      }
    } catch (SdkException e) {
      return Result.ofFailure(operation, e.getMessage());
    }
    return Result.ofLatencies(operation, latencies);
  }

  private List<Partition> listAll(String expression) {
    List<Partition> found = new ArrayList<>();
    String nextToken = null;
    do {
      String token = nextToken;
      GetPartitionsResponse page =
          glue.getPartitions(
              request ->
                  request
                      .databaseName(DATABASE)
                      .tableName(TABLE)
                      .expression(expression)
                      .maxResults(1000)
                      .nextToken(token));
      found.addAll(page.partitions());
      nextToken = page.nextToken();
    } while (nextToken != null && !nextToken.isEmpty());
    return found;
  }

  /**
   * Creates a partition index on {@code ds} and waits until the server reports it ACTIVE; the
   * figure is the time from the call to ACTIVE (the backfill over the loaded partitions).
   */
  private Result createIndex() {
    long start = System.nanoTime();
    try {
      glue.createPartitionIndex(
          request ->
              request
                  .databaseName(DATABASE)
                  .tableName(TABLE)
                  .partitionIndex(index -> index.indexName(INDEX).keys("ds")));
      while (true) {
        PartitionIndexDescriptor descriptor =
            glue
                .getPartitionIndexes(request -> request.databaseName(DATABASE).tableName(TABLE))
                .partitionIndexDescriptorList()
                .stream()
                .filter(index -> index.indexName().equals(INDEX))
                .findFirst()
                .orElseThrow(
                    () -> new IllegalStateException("GetPartitionIndexes does not list " + INDEX));
        if (descriptor.indexStatus() == PartitionIndexStatus.ACTIVE) {
          return Result.ofLatencies(Operation.CREATE_INDEX, List.of(System.nanoTime() - start));
        }
        if (descriptor.indexStatus() == PartitionIndexStatus.FAILED
            || System.nanoTime() - start > INDEX_TIMEOUT.toNanos()) {
          return Result.ofFailure(
              Operation.CREATE_INDEX,
              "index " + descriptor.indexStatusAsString() + ": " + descriptor.backfillErrors());
        }
        // Polls the index status while the server backfills it.
        Thread.sleep(100);
      }
    } catch (SdkException | IllegalStateException e) {
      return Result.ofFailure(Operation.CREATE_INDEX, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.ofFailure(Operation.CREATE_INDEX, "interrupted");
    }
  }

  private PartitionInput partition(int day, int bucket) {
    return PartitionInput.builder()
        .values(day(day), Integer.toString(bucket))
        .parameters(Map.of("origin", "benchmark"))
        .storageDescriptor(
            storageDescriptor("file:/benchmark/events/ds=" + day(day) + "/bucket=" + bucket))
        .build();
  }

  private StorageDescriptor storageDescriptor(String location) {
    return StorageDescriptor.builder()
        .columns(columns)
        .location(location)
        .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
        .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
        .serdeInfo(
            SerDeInfo.builder()
                .serializationLibrary("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
                .build())
        .build();
  }
}
