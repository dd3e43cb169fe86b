package io.cairn.bench;

import io.cairn.catalog.Column;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.SerDeInfo;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableType;
import io.cairn.catalog.filter.GlueExpressionParser;
import io.cairn.catalog.filter.PartitionPredicate;
import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import io.cairn.service.CatalogService;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Loads one two-key table with many partitions and times what users feel: the load, the first page
 * of partitions and a filtered page, and the heap the catalog holds afterwards. Partitions stay in
 * the database; the heap figure shows they are not cached in memory.
 */
@Command(
    name = "partitions",
    mixinStandardHelpOptions = true,
    description = "Benchmark: load one table with N partitions and time listing and filtering.")
public final class PartitionBenchmark implements Callable<Integer> {
  private static final DatabaseName DATABASE = new DatabaseName("hive", "bench");
  private static final TableName TABLE = DATABASE.table("events");
  private static final String FILTER = "year = '2024' AND month = '03'";

  @Option(
      names = "--store",
      defaultValue = "sqlite",
      description = "sqlite or postgresql (default: ${DEFAULT-VALUE}).")
  String storeKind;

  @Option(
      names = "--postgres-url",
      defaultValue = "jdbc:postgresql://127.0.0.1:5432/test",
      description =
          "An existing PostgreSQL database to connect to; the benchmark creates and drops its own"
              + " database beside it (default: ${DEFAULT-VALUE}).")
  String postgresUrl;

  @Option(names = "--postgres-user", defaultValue = "postgres", description = "PostgreSQL user.")
  String postgresUser;

  @Option(
      names = "--partitions",
      defaultValue = "1000000",
      description = "How many partitions to load (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--batch",
      defaultValue = "10000",
      description = "Partitions per add call, each one transaction (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--page-size",
      defaultValue = "100",
      description = "Page size of the listing (default: ${DEFAULT-VALUE}).")
  int pageSize;

  @Option(
      names = "--glue-expression",
      defaultValue = "month = '03'",
      description =
          "A GetPartitions expression (Glue's language) to time, every page of it, first without a"
              + " partition index and then with one on --index-key (default: ${DEFAULT-VALUE}).")
  String glueExpression;

  @Option(
      names = "--index-key",
      defaultValue = "month",
      description =
          "The key of the partition index created for the second timing of --glue-expression:"
              + " year or month (default: ${DEFAULT-VALUE}).")
  String indexKey;

  @Option(
      names = "--glue-page-size",
      defaultValue = "1000",
      description =
          "MaxResults of each GetPartitions page, at most 1000 (default: ${DEFAULT-VALUE}).")
  int gluePageSize;

  @Option(
      names = "--batch-create",
      defaultValue = "100000",
      description =
          "Partitions to add to a second table with BatchCreatePartition's batches of 100, for its"
              + " throughput; 0 to skip (default: ${DEFAULT-VALUE}).")
  int batchCreate;

  @Option(
      names = "--keep",
      description = "Keep the loaded database afterwards, to look at it (prints where it is).")
  boolean keep;

  private final PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PartitionBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    try (Target target = openTarget();
        CairnServer server = CairnServer.start(serverConfig(target))) {
      CatalogService service = server.catalogService();
      service.createDatabase(
          new Database(DATABASE, null, null, null, Map.of(), null, null, null, null, 0));
      service.createTable(table());
      out.printf(
          "Store: %s; loading %,d partitions in batches of %,d%n",
          target.description(), partitions, batch);

      long loadStart = System.nanoTime();
      int years = (partitions + 11) / 12;
      List<Partition> pending = new ArrayList<>(batch);
      int added = 0;
      for (int year = 0; year < years && added + pending.size() < partitions; year++) {
        for (int month = 1; month <= 12 && added + pending.size() < partitions; month++) {
          pending.add(partition(Integer.toString(1000 + year), String.format("%02d", month)));
          if (pending.size() == batch) {
            service.addPartitions(TABLE, pending);
            added += pending.size();
            pending.clear();
            if (added % 100_000 == 0) {
              out.printf("  %,d partitions loaded (%.1f s)%n", added, seconds(loadStart));
            }
          }
        }
      }
      service.addPartitions(TABLE, pending);
      added += pending.size();
      double loadSeconds = seconds(loadStart);

      long countStart = System.nanoTime();
      long count = service.countPartitions(TABLE, null);
      double countMillis = millis(countStart);

      long firstPageStart = System.nanoTime();
      Page<Partition> firstPage = service.listPartitions(TABLE, null, PageRequest.first(pageSize));
      double firstPageMillis = millis(firstPageStart);

      long secondPageStart = System.nanoTime();
      service.listPartitions(TABLE, null, new PageRequest(firstPage.nextToken(), pageSize));
      double secondPageMillis = millis(secondPageStart);

      PartitionPredicate filter = GlueExpressionParser.parse(FILTER);
      long filteredStart = System.nanoTime();
      Page<Partition> filtered = service.listPartitions(TABLE, filter, PageRequest.first(pageSize));
      double filteredMillis = millis(filteredStart);

      PartitionPredicate range = GlueExpressionParser.parse("year BETWEEN '2000' AND '2009'");
      long rangeStart = System.nanoTime();
      Page<Partition> rangePage = service.listPartitions(TABLE, range, PageRequest.first(pageSize));
      double rangeMillis = millis(rangeStart);

      HttpClient http = HttpClient.newHttpClient();
      String partitionsUri =
          server
              .httpUri()
              .resolve("/api/v1/databases/bench/tables/events/partitions?pageSize=" + pageSize)
              .toString();
      get(http, partitionsUri); // a warm-up, so that the figures are not the JIT's
      long httpFirstPageStart = System.nanoTime();
      String firstPageJson = get(http, partitionsUri);
      double httpFirstPageMillis = millis(httpFirstPageStart);
      long httpFilteredStart = System.nanoTime();
      String filteredJson =
          get(http, partitionsUri + "&filter=" + URLEncoder.encode(FILTER, StandardCharsets.UTF_8));
      double httpFilteredMillis = millis(httpFilteredStart);

      GlueTiming withoutIndex = timeGetPartitions(service);
      long indexStart = System.nanoTime();
      service.createPartitionIndex(TABLE, "by_" + indexKey, List.of(indexKey));
      double indexMillis = millis(indexStart);
      GlueTiming withIndex = timeGetPartitions(service);
      double batchCreateSeconds = batchCreate > 0 ? timeBatchCreate(service) : 0;

      long heapAfterLoad = heapUsedAfterGc();
      out.println();
      out.printf(
          "Results (%s, %,d partitions, page size %d)%n", target.description(), count, pageSize);
      out.printf(
          "  load                         %10.1f s   (%,.0f partitions/s)%n",
          loadSeconds, added / loadSeconds);
      out.printf("  count all                    %10.1f ms%n", countMillis);
      out.printf(
          "  first page                   %10.1f ms   (%d partitions)%n",
          firstPageMillis, firstPage.items().size());
      out.printf("  second page (token)          %10.1f ms%n", secondPageMillis);
      out.printf(
          "  filtered page  %-13s %10.1f ms   (%d partitions) filter: %s%n",
          "", filteredMillis, filtered.items().size(), FILTER);
      out.printf(
          "  range page                   %10.1f ms   (%d partitions) filter: year BETWEEN '2000' AND '2009'%n",
          rangeMillis, rangePage.items().size());
      out.printf(
          "  HTTP first page              %10.1f ms   (%,d bytes of JSON)%n",
          httpFirstPageMillis, firstPageJson.length());
      out.printf(
          "  HTTP filtered page           %10.1f ms   (%,d bytes of JSON)%n",
          httpFilteredMillis, filteredJson.length());
      out.printf("  GetPartitions %s, pages of %d:%n", quoted(glueExpression), gluePageSize);
      out.printf(
          "    no partition index:        first page %8.1f ms, all %,d in %,d pages %9.1f ms%n",
          withoutIndex.firstPageMillis(),
          withoutIndex.partitions(),
          withoutIndex.pages(),
          withoutIndex.allMillis());
      out.printf(
          "    index on (%s), made in %.1f ms: first page %8.1f ms, all %,d in %,d pages %9.1f"
              + " ms%n",
          indexKey,
          indexMillis,
          withIndex.firstPageMillis(),
          withIndex.partitions(),
          withIndex.pages(),
          withIndex.allMillis());
      if (batchCreate > 0) {
        out.printf(
            "  BatchCreatePartition        %10.1f s   (%,.0f partitions/s, %,d in batches of %d)%n",
            batchCreateSeconds,
            batchCreate / batchCreateSeconds,
            batchCreate,
            CatalogService.MAX_BATCH_CREATE_PARTITIONS);
      }
      out.printf("  heap used after load (GC'd)  %10.1f MiB%n", heapAfterLoad / 1048576.0);
      out.printf("  peak heap during run         %10.1f MiB%n", peakHeap() / 1048576.0);
      return count == added
              && filtered.items().size() == 1
              && withIndex.partitions() == withoutIndex.partitions()
          ? 0
          : 1;
    }
  }

  /** How long GetPartitions took for the first page and for every page of an expression. */
  private record GlueTiming(double firstPageMillis, double allMillis, long partitions, int pages) {}

  private GlueTiming timeGetPartitions(CatalogService service) {
    // A warm-up page, so that the figures are not the JIT's.
    service.listPartitionsByExpression(TABLE, glueExpression, null, PageRequest.first(10));
    long start = System.nanoTime();
    double firstPageMillis = 0;
    long partitionCount = 0;
    int pages = 0;
    String token = null;
    do {
      Page<Partition> page =
          service.listPartitionsByExpression(
              TABLE, glueExpression, null, new PageRequest(token, gluePageSize));
      if (pages++ == 0) {
        firstPageMillis = millis(start);
      }
      partitionCount += page.items().size();
      token = page.nextToken();
    } while (token != null);
    return new GlueTiming(firstPageMillis, millis(start), partitionCount, pages);
  }

  /** Adds --batch-create partitions to a table of their own, 100 a call; returns the seconds. */
  private double timeBatchCreate(CatalogService service) {
    TableName batchTable = DATABASE.table("batched");
    service.createTable(table().toBuilder().name(batchTable).build());
    int batchSize = CatalogService.MAX_BATCH_CREATE_PARTITIONS;
    long start = System.nanoTime();
    for (int first = 0; first < batchCreate; first += batchSize) {
      List<Partition> batch = new ArrayList<>(batchSize);
      for (int i = first; i < Math.min(batchCreate, first + batchSize); i++) {
        Partition partition =
            partition(Integer.toString(1000 + i / 12), String.format("%02d", 1 + i % 12));
        batch.add(
            new Partition(
                batchTable,
                partition.values(),
                partition.storageDescriptor(),
                partition.parameters(),
                null,
                null,
                null,
                0));
      }
      CatalogService.PartitionBatch result = service.batchCreatePartitions(batchTable, batch);
      if (!result.errors().isEmpty()) {
        throw new IllegalStateException("BatchCreatePartition failed: " + result.errors().get(0));
      }
    }
    return seconds(start);
  }

  private static String quoted(String expression) {
    return "\"" + expression + "\"";
  }

  /** The server runs in this JVM, on the benchmark's store, so its heap is the one measured. */
  private static ServerConfig serverConfig(Target target) {
    Map<String, String> settings = new HashMap<>();
    settings.put(ServerConfig.BIND, "127.0.0.1");
    settings.put(ServerConfig.HTTP_PORT, "0");
    settings.put(ServerConfig.THRIFT_PORT, "0");
    settings.put(ServerConfig.DEFAULT_CATALOG_NAME, "hive");
    settings.put(ServerConfig.JDBC_URL, target.jdbcUrl());
    settings.put(ServerConfig.STORE_USER, target.user() == null ? "" : target.user());
    settings.put(ServerConfig.STORE_POOL_SIZE, "4");
    return ServerConfig.resolve(Map.of(), Map.of(), settings);
  }

  private static String get(HttpClient http, String uri) throws Exception {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(URI.create(uri)).build(), BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
    }
    return response.body();
  }

  private Table table() {
    return Table.builder()
        .name(TABLE)
        .tableType(TableType.EXTERNAL_TABLE)
        .storageDescriptor(descriptor("s3://bench/events"))
        .partitionKeys(List.of(new Column("year", "string"), new Column("month", "string")))
        .build();
  }

  private static Partition partition(String year, String month) {
    return new Partition(
        TABLE,
        List.of(year, month),
        descriptor("s3://bench/events/year=" + year + "/month=" + month),
        Map.of(),
        null,
        null,
        null,
        0);
  }

  private static StorageDescriptor descriptor(String location) {
    return StorageDescriptor.builder()
        .columns(
            List.of(
                new Column("id", "bigint"),
                new Column("payload", "string"),
                new Column("at", "timestamp")))
        .location(location)
        .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
        .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
        .serdeInfo(
            SerDeInfo.of("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", Map.of()))
        .build();
  }

  private Target openTarget() throws Exception {
    if (storeKind.equals("sqlite")) {
      Path directory = Files.createTempDirectory("cairn-bench");
      String url = "jdbc:sqlite:" + directory.resolve("catalog.db");
      return new Target(
          url,
          null,
          "SQLite " + directory.resolve("catalog.db"),
          () -> deleteUnlessKept(directory));
    }
    if (storeKind.equals("postgresql")) {
      String name = "cairn_bench_" + System.currentTimeMillis();
      try (Connection connection = DriverManager.getConnection(postgresUrl, postgresUser, "");
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      }
      String url = postgresUrl.substring(0, postgresUrl.lastIndexOf('/') + 1) + name;
      return new Target(
          url,
          postgresUser,
          "PostgreSQL " + url,
          () -> {
            if (keep) {
              return;
            }
            try (Connection connection =
                    DriverManager.getConnection(postgresUrl, postgresUser, "");
                Statement statement = connection.createStatement()) {
              statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
          });
    }
    throw new CommandLine.ParameterException(
        new CommandLine(this), "--store must be sqlite or postgresql, not " + storeKind);
  }

  private void deleteUnlessKept(Path directory) throws java.io.IOException {
    if (keep) {
      return;
    }
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static long heapUsedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double millis(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  private record Target(String jdbcUrl, String user, String description, Cleanup cleanup)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      cleanup.run();
    }
  }

  @FunctionalInterface
  private interface Cleanup {
    void run() throws Exception;
  }
}
