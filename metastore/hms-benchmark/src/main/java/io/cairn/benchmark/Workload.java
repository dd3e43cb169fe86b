package io.cairn.benchmark;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.DropPartitionsRequest;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.RequestPartsSpec;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;

/**
 * The workload, identical for every server: one table with two string partition keys ({@code ds} a
 * day, {@code hr} 00..23) loaded with {@code partitions} partitions through add_partitions, then
 * each operation repeated (after warm-up calls that are not counted) and timed at the client, one
 * call at a time over one connection, except the concurrent get_table run.
 */
final class Workload {
  private static final String DATABASE = "bench";
  private static final String TABLE = "events";
  private static final LocalDate FIRST_DAY = LocalDate.of(2020, 1, 1);
  private static final int WARM_UPS = 3;
  private static final int GET_TABLE_WARM_UPS = 200;
  private static final int GET_TABLE_REPETITIONS_FACTOR = 50;
  private static final long THROUGHPUT_WARM_UP_MILLIS = 3000;

  private final BenchmarkSettings settings;
  private final int port;
  private final String warehouse;
  private final List<Result> results = new ArrayList<>();
  private MetastoreConnection connection;
  private StorageDescriptor tableStorage;

  /** The next partition index never added yet; index i is day i / 24, hour i % 24. */
  private int nextPartition;

  /**
   * @param warehouse URI of a directory this server owns; the database and table live below it
   */
  Workload(BenchmarkSettings settings, int port, String warehouse) {
    this.settings = requireNonNull(settings, "settings is null");
    this.port = port;
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
  }

  /** Runs every operation and returns what was measured, in the order of the report. */
  List<Result> run() throws TException, InterruptedException {
    connection = MetastoreConnection.open(port);
    try {
      createTable();
      load();
      measureReads();
      measureWrites();
      measureConcurrentGetTable();
    } finally {
      connection.close();
    }
    return List.copyOf(results);
  }

  static String loadOperation(int partitions) {
    return String.format(
        "load %,d partitions (add_partitions of %,d)", partitions, BenchmarkSettings.LOAD_BATCH);
  }

  private ThriftHiveMetastore.Client client() {
    return connection.client();
  }

  private void createTable() throws TException {
    Database database = new Database();
    database.setName(DATABASE);
    database.setDescription("Cairn vs Hive Metastore benchmark");
    database.setLocationUri(warehouse + "/" + DATABASE + ".db");
    database.setParameters(new HashMap<>());
    client().create_database(database);

    tableStorage = new StorageDescriptor();
    tableStorage.setCols(
        List.of(
            new FieldSchema("id", "bigint", null),
            new FieldSchema("payload", "string", null),
            new FieldSchema("amount", "double", null)));
    tableStorage.setLocation(database.getLocationUri() + "/" + TABLE);
    tableStorage.setInputFormat("org.apache.hadoop.mapred.TextInputFormat");
    tableStorage.setOutputFormat("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
    tableStorage.setNumBuckets(-1);
    tableStorage.setSerdeInfo(
        new SerDeInfo(
            null,
            "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
            Map.of("serialization.format", "1")));
    tableStorage.setBucketCols(List.of());
    tableStorage.setSortCols(List.of());
    tableStorage.setParameters(new HashMap<>());

    Table table = new Table();
    table.setDbName(DATABASE);
    table.setTableName(TABLE);
    table.setOwner("bench");
    table.setCreateTime(now());
    table.setSd(tableStorage);
    table.setPartitionKeys(
        List.of(new FieldSchema("ds", "string", null), new FieldSchema("hr", "string", null)));
    table.setParameters(new HashMap<>(Map.of("EXTERNAL", "TRUE")));
    table.setTableType("EXTERNAL_TABLE");
    client().create_table(table);
  }

  private void load() throws TException {
    long start = System.nanoTime();
    while (nextPartition < settings.partitions()) {
      int size = Math.min(BenchmarkSettings.LOAD_BATCH, settings.partitions() - nextPartition);
      client().add_partitions(newPartitions(size));
    }
    results.add(
        Result.ofLatencies(
            loadOperation(settings.partitions()), List.of(System.nanoTime() - start)));
  }

  private void measureReads() {
    GetTableRequest getTable = new GetTableRequest(DATABASE, TABLE);
    measure(
        "get_table_req",
        GET_TABLE_WARM_UPS,
        settings.repetitions() * GET_TABLE_REPETITIONS_FACTOR,
        repetition -> () -> client().get_table_req(getTable));

    int days = settings.partitions() / 24;
    int windowDays = Math.max(1, Math.min(20, days / 4));
    LocalDate from = FIRST_DAY.plusDays(days / 4);
    String filter =
        String.format(
            "ds >= \"%s\" and ds < \"%s\" and hr > \"11\"", from, from.plusDays(windowDays));
    measure(
        String.format(
            "get_partitions_by_filter (%,d of %,d)", windowDays * 12, settings.partitions()),
        WARM_UPS,
        settings.repetitions(),
        repetition -> () -> client().get_partitions_by_filter(DATABASE, TABLE, filter, (short) -1));
    measure(
        String.format("get_partition_names (all %,d)", settings.partitions()),
        WARM_UPS,
        settings.repetitions(),
        repetition -> () -> client().get_partition_names(DATABASE, TABLE, (short) -1));
  }

  private void measureWrites() {
    int small = BenchmarkSettings.SMALL_BATCH;
    Deque<List<Partition>> added = new ArrayDeque<>();
    measure(
        String.format("add_partitions %,d", small),
        WARM_UPS,
        settings.repetitions(),
        repetition -> {
          List<Partition> batch = newPartitions(small);
          added.add(batch);
          return () -> client().add_partitions(batch);
        });
    // Loading the table ran the same call many times over: that is the warm-up.
    measure(
        String.format("add_partitions %,d", settings.largeBatch()),
        0,
        settings.largeRepetitions(),
        repetition -> {
          List<Partition> batch = newPartitions(settings.largeBatch());
          return () -> client().add_partitions(batch);
        });

    int firstAltered = settings.partitions() / 2;
    List<String> alteredNames = new ArrayList<>();
    for (int index = firstAltered; index < firstAltered + small; index++) {
      alteredNames.add(partitionName(index));
    }
    measure(
        String.format("alter_partitions %,d", small),
        WARM_UPS,
        settings.repetitions(),
        repetition -> {
          List<Partition> partitions =
              client().get_partitions_by_names(DATABASE, TABLE, alteredNames);
          for (Partition partition : partitions) {
            partition.putToParameters("bench.repetition", Integer.toString(repetition));
          }
          return () -> client().alter_partitions(DATABASE, TABLE, partitions);
        });

    // Drops what "add_partitions 100" added, one batch per repetition.
    measure(
        String.format("drop_partition x %,d", small),
        WARM_UPS,
        settings.repetitions(),
        repetition -> {
          List<Partition> batch = requireNonNull(added.poll(), "no added batch left to drop");
          return () -> {
            for (Partition partition : batch) {
              client().drop_partition(DATABASE, TABLE, partition.getValues(), false);
            }
          };
        });
    measure(
        String.format("drop_partitions_req %,d", small),
        WARM_UPS,
        settings.repetitions(),
        repetition -> {
          List<Partition> batch = newPartitions(small);
          client().add_partitions(batch);
          List<String> names = new ArrayList<>();
          for (Partition partition : batch) {
            names.add("ds=" + partition.getValues().get(0) + "/hr=" + partition.getValues().get(1));
          }
          DropPartitionsRequest request =
              new DropPartitionsRequest(DATABASE, TABLE, RequestPartsSpec.names(names));
          request.setDeleteData(false);
          request.setNeedResult(false);
          return () -> client().drop_partitions_req(request);
        });
  }

  /**
   * Calls per second over {@code threads} connections, one thread each, after a warm-up. A call
   * answered with an error is counted apart and the thread goes on, so that a server failing some
   * calls under load still gets a figure, reported with its error count.
   */
  private void measureConcurrentGetTable() throws InterruptedException {
    String operation = String.format("get_table_req, %d connections (calls/s)", settings.threads());
    List<MetastoreConnection> connections = new ArrayList<>();
    ExecutorService executor = Executors.newFixedThreadPool(settings.threads());
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder calls = new LongAdder();
    LongAdder errors = new LongAdder();
    AtomicReference<String> firstError = new AtomicReference<>();
    try {
      for (int thread = 0; thread < settings.threads(); thread++) {
        connections.add(MetastoreConnection.open(port));
      }
      CountDownLatch started = new CountDownLatch(settings.threads());
      List<Future<Void>> workers = new ArrayList<>();
      for (MetastoreConnection worker : connections) {
        workers.add(
            executor.submit(
                () -> {
                  GetTableRequest request = new GetTableRequest(DATABASE, TABLE);
                  started.countDown();
                  while (!stop.get()) {
                    try {
                      worker.client().get_table_req(request);
                      calls.increment();
                    } catch (TApplicationException | MetaException e) {
                      errors.increment();
                      firstError.compareAndSet(null, describe(e));
                    }
                  }
                  return null;
                }));
      }
      started.await();
      // The threads call in a loop; this thread only marks the warm-up and the counted window.
      Thread.sleep(THROUGHPUT_WARM_UP_MILLIS);
      long callsBefore = calls.sum();
      long errorsBefore = errors.sum();
      long start = System.nanoTime();
      Thread.sleep(settings.throughputSeconds() * 1000L);
      long counted = calls.sum() - callsBefore;
      long failed = errors.sum() - errorsBefore;
      double seconds = (System.nanoTime() - start) / 1e9;
      stop.set(true);
      for (Future<Void> worker : workers) {
        worker.get();
      }
      String error = firstError.get();
      results.add(
          Result.ofThroughput(
              operation,
              counted,
              seconds,
              failed,
              error == null ? null : errors.sum() + " calls failed in all, first: " + error));
    } catch (TException | ExecutionException e) {
      stop.set(true);
      results.add(Result.ofFailure(operation, describe(e)));
    } finally {
      executor.shutdownNow();
      connections.forEach(MetastoreConnection::close);
    }
  }

  /**
   * Prepares (untimed) and times {@code warmUps + repetitions} calls, keeping the last {@code
   * repetitions}. A failure is recorded as the operation's result and the connection reopened.
   */
  private void measure(String operation, int warmUps, int repetitions, Repetition repetition) {
    List<Long> nanos = new ArrayList<>();
    try {
      for (int index = 0; index < warmUps + repetitions; index++) {
        Call call = repetition.prepare(index);
        long start = System.nanoTime();
        call.run();
        long elapsed = System.nanoTime() - start;
        if (index >= warmUps) {
          nanos.add(elapsed);
        }
      }
      results.add(Result.ofLatencies(operation, nanos));
    } catch (TException | RuntimeException e) {
      results.add(Result.ofFailure(operation, describe(e)));
      connection.close();
      try {
        connection = MetastoreConnection.open(port);
      } catch (TException reopen) {
        throw new IllegalStateException("cannot reconnect after " + operation, reopen);
      }
    }
  }

  private List<Partition> newPartitions(int count) {
    List<Partition> partitions = new ArrayList<>(count);
    int createTime = now();
    for (int index = nextPartition; index < nextPartition + count; index++) {
      List<String> values = partitionValues(index);
      StorageDescriptor storage = new StorageDescriptor(tableStorage);
      storage.setLocation(
          tableStorage.getLocation() + "/ds=" + values.get(0) + "/hr=" + values.get(1));
      partitions.add(
          new Partition(values, DATABASE, TABLE, createTime, 0, storage, new HashMap<>()));
    }
    nextPartition += count;
    return partitions;
  }

  private static List<String> partitionValues(int index) {
    return List.of(FIRST_DAY.plusDays(index / 24).toString(), String.format("%02d", index % 24));
  }

  private static String partitionName(int index) {
    List<String> values = partitionValues(index);
    return "ds=" + values.get(0) + "/hr=" + values.get(1);
  }

  private static int now() {
    return (int) (System.currentTimeMillis() / 1000);
  }

  private static String describe(Throwable e) {
    if (e instanceof ExecutionException && e.getCause() != null) {
      return describe(e.getCause());
    }
    String message = e.getMessage();
    if (e instanceof TApplicationException) {
      return "TApplicationException: " + message;
    }
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  @FunctionalInterface
  private interface Repetition {
    /** Untimed preparation of repetition {@code index}; the returned call is timed. */
    Call prepare(int index) throws TException;
  }

  @FunctionalInterface
  private interface Call {
    void run() throws TException;
  }
}
