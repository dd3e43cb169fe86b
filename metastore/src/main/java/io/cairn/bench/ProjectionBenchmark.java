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
import io.cairn.service.CatalogService;
import io.cairn.service.ResourceArns;
import io.cairn.store.jdbc.JdbcCatalogStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times GetPartitions with a one-day expression on an hourly partitioned table, answered from
 * projection rules (over 1, 10 and 100 years of hours) and from the same partitions stored (10
 * years), in the server's own service layer: the server's time per request, without the network.
 */
@Command(
    name = "projection",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark: a one-day GetPartitions expression on an hourly table, projected vs stored.")
public final class ProjectionBenchmark implements Callable<Integer> {
  private static final DatabaseName DATABASE = new DatabaseName("hive", "bench");
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH");
  private static final LocalDateTime START = LocalDateTime.of(2015, 1, 1, 0, 0);

  @Option(
      names = "--years",
      defaultValue = "10",
      description = "Years of hourly partitions in the stored table (default: ${DEFAULT-VALUE}).")
  int years;

  @Option(
      names = "--repetitions",
      defaultValue = "200",
      description = "Timed requests per case, after as many untimed (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(
      names = "--day",
      defaultValue = "2015-07-15",
      description = "The day the expression selects (default: ${DEFAULT-VALUE}).")
  String day;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Path directory = Files.createTempDirectory("cairn-projection-bench");
    try (JdbcCatalogStore store =
        JdbcCatalogStore.open("jdbc:sqlite:" + directory.resolve("catalog.db"), null, "", 4)) {
      CatalogService service =
          new CatalogService(
              store, "hive", new ResourceArns("us-east-1", "000000000000"), Clock.systemUTC());
      service.ensureDefaultCatalog();
      service.createDatabase(
          new Database(DATABASE, null, null, null, Map.of(), null, null, null, null, 0));
      String expression = "dt >= '%s-00' AND dt <= '%s-23'".formatted(day, day);
      out.printf(
          "GetPartitions %s, %d timed requests each (SQLite store)%n", expression, repetitions);
      out.printf("%-44s %12s %10s %10s %10s%n", "table", "partitions", "median", "p95", "selected");
      boolean ok = true;
      for (int projectedYears : new int[] {1, years, 100}) {
        TableName name = DATABASE.table("projected_" + projectedYears + "y");
        service.createTable(projected(name, projectedYears));
        ok &=
            report(
                service,
                name,
                "projected, " + projectedYears + " years hourly",
                hours(projectedYears),
                expression);
      }
      TableName stored = DATABASE.table("stored_" + years + "y");
      service.createTable(table(stored, Map.of()));
      long loadStart = System.nanoTime();
      load(service, stored, hours(years));
      out.printf(
          "  (stored the %,d partitions in %.1f s)%n",
          hours(years), (System.nanoTime() - loadStart) / 1e9);
      ok &= report(service, stored, "stored, " + years + " years hourly", hours(years), expression);
      return ok ? 0 : 1;
    } finally {
      try (var paths = Files.walk(directory)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  private boolean report(
      CatalogService service, TableName name, String label, long partitions, String expression) {
    double[] millis = new double[repetitions];
    int selected = 0;
    for (int i = -repetitions; i < repetitions; i++) {
      long start = System.nanoTime();
      Page<Partition> page =
          service.listPartitionsByExpression(name, expression, null, PageRequest.first(1000));
      double elapsed = (System.nanoTime() - start) / 1e6;
      selected = page.items().size();
      if (i >= 0) {
        millis[i] = elapsed;
      }
    }
    Arrays.sort(millis);
    out.printf(
        "%-44s %,12d %8.2f ms %7.2f ms %10d%n",
        label,
        partitions,
        millis[millis.length / 2],
        millis[(int) Math.ceil(millis.length * 0.95) - 1],
        selected);
    return selected == 24;
  }

  private static long hours(int years) {
    return java.time.Duration.between(START, START.plusYears(years)).toHours();
  }

  private static Table projected(TableName name, int years) {
    Map<String, String> rules = new HashMap<>();
    rules.put("projection.enabled", "true");
    rules.put("projection.dt.type", "date");
    rules.put("projection.dt.format", "yyyy-MM-dd-HH");
    rules.put(
        "projection.dt.range",
        START.format(HOUR) + "," + START.plusYears(years).minusHours(1).format(HOUR));
    rules.put("projection.dt.interval.unit", "HOURS");
    return table(name, rules);
  }

  private static void load(CatalogService service, TableName name, long count) {
    List<Partition> batch = new ArrayList<>();
    for (long hour = 0; hour < count; hour++) {
      String value = START.plusHours(hour).format(HOUR);
      batch.add(
          new Partition(
              name,
              List.of(value),
              descriptor("s3://bench/" + name.table() + "/dt=" + value),
              Map.of(),
              null,
              null,
              null,
              0));
      if (batch.size() == 10_000) {
        service.addPartitions(name, batch);
        batch.clear();
      }
    }
    service.addPartitions(name, batch);
  }

  private static Table table(TableName name, Map<String, String> parameters) {
    return Table.builder()
        .name(name)
        .tableType(TableType.EXTERNAL_TABLE)
        .storageDescriptor(descriptor("s3://bench/" + name.table()))
        .partitionKeys(List.of(new Column("dt", "string")))
        .parameters(parameters)
        .build();
  }

  private static StorageDescriptor descriptor(String location) {
    return StorageDescriptor.builder()
        .columns(List.of(new Column("id", "bigint"), new Column("payload", "string")))
        .location(location)
        .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
        .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
        .serdeInfo(
            SerDeInfo.of("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", Map.of()))
        .build();
  }
}
