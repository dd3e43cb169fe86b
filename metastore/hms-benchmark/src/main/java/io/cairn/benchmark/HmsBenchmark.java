package io.cairn.benchmark;

import io.cairn.testing.LoopbackServer;
import io.cairn.testing.Scratch;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.thrift.TException;

/**
 * Runs the same Thrift workload against Cairn and against a stock Hive Metastore 4.0.1, each in its
 * own JVM on its own fresh store (Derby for the stock metastore's embedded default beside Cairn's
 * SQLite, then both on PostgreSQL), and prints per operation both medians and their ratio. The
 * stock metastore runs on this JVM's class path: Hive's server jars as the module's POM resolves
 * them. See docs/hms-benchmark.md.
 */
public final class HmsBenchmark {
  private static final String HIVE_MAIN = "org.apache.hadoop.hive.metastore.HiveMetaStore";
  private static final String CAIRN_MAIN = "io.cairn.cli.CairnCli";
  private static final String SERVER_HEAP = "2g";
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

  private final BenchmarkSettings settings;
  private final Path workDirectory;

  private HmsBenchmark(BenchmarkSettings settings, Path workDirectory) {
    this.settings = settings;
    this.workDirectory = workDirectory;
  }

  public static void main(String[] args) throws Exception {
    BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
    if (!Files.isRegularFile(settings.cairnJar()) || !Files.isDirectory(settings.cairnLib())) {
      throw new IllegalStateException(
          "Cairn is not built: "
              + settings.cairnJar()
              + " and "
              + settings.cairnLib()
              + " are made by the metastore module");
    }
    Files.createDirectories(settings.output());
    Path workDirectory = Files.createTempDirectory(settings.output(), "run-");
    long start = System.nanoTime();
    StringBuilder report = new StringBuilder();
    report.append(header(settings));
    System.out.print(header(settings));
    HmsBenchmark benchmark = new HmsBenchmark(settings, workDirectory);
    for (String store : settings.stores()) {
      String table = benchmark.compare(store);
      System.out.println(table);
      report.append('\n').append(table);
      Files.writeString(settings.output().resolve("results.md"), report.toString());
    }
    String footer =
        String.format(
            "%nTotal run time %s; results in %s%n",
            format(Duration.ofNanos(System.nanoTime() - start)),
            settings.output().resolve("results.md"));
    System.out.print(footer);
    report.append(footer);
    Files.writeString(settings.output().resolve("results.md"), report.toString());
    Scratch.deleteRecursively(workDirectory);
  }

  /** Runs the workload on Cairn, then on the stock metastore, over one kind of store. */
  private String compare(String store) throws IOException, TException, InterruptedException {
    Path directory = workDirectory.resolve(store);
    Files.createDirectories(directory);
    Map<String, Result> cairn;
    Map<String, Result> hive;
    switch (store) {
      case "derby" -> {
        cairn = runCairn(directory.resolve("cairn"), null);
        hive =
            settings.withHive()
                ? runHive(directory.resolve("hive"), derbyUrl(directory.resolve("hive")), "")
                : Map.of();
      }
      case "postgresql" -> {
        String suffix = Long.toString(ProcessHandle.current().pid());
        String cairnDatabase = "cairn_benchmark_" + suffix;
        String hiveDatabase = "hms_benchmark_" + suffix;
        createPostgresDatabase(cairnDatabase);
        createPostgresDatabase(hiveDatabase);
        try {
          cairn = runCairn(directory.resolve("cairn"), postgresUrl(cairnDatabase));
          hive =
              settings.withHive()
                  ? runHive(
                      directory.resolve("hive"), postgresUrl(hiveDatabase), "org.postgresql.Driver")
                  : Map.of();
        } finally {
          dropPostgresDatabase(cairnDatabase);
          dropPostgresDatabase(hiveDatabase);
        }
      }
      default ->
          throw new IllegalArgumentException(
              "benchmark.stores: unknown store '" + store + "' (derby, postgresql)");
    }
    return table(store, cairn, hive);
  }

  private Map<String, Result> runCairn(Path directory, String jdbcUrl)
      throws IOException, TException, InterruptedException {
    int thriftPort = LoopbackServer.freePort();
    List<String> command =
        new ArrayList<>(
            LoopbackServer.javaCommand(
                SERVER_HEAP,
                settings.cairnJar() + File.pathSeparator + settings.cairnLib().resolve("*"),
                CAIRN_MAIN));
    command.addAll(
        List.of(
            "server",
            "--data-dir",
            directory.resolve("data").toString(),
            "--bind",
            "127.0.0.1",
            "--http-port",
            "0",
            "--thrift-port",
            Integer.toString(thriftPort)));
    if (jdbcUrl != null) {
      command.add("--jdbc-url");
      command.add(jdbcUrl);
    }
    Map<String, String> environment =
        jdbcUrl == null ? Map.of() : Map.of("CAIRN_STORE_USER", settings.postgresUser());
    System.out.printf("Cairn (%s): starting%n", jdbcUrl == null ? "SQLite" : jdbcUrl);
    return run(
        start("cairn server", command, environment, serverLog(directory), thriftPort), directory);
  }

  private Map<String, Result> runHive(Path directory, String jdbcUrl, String driver)
      throws IOException, TException, InterruptedException {
    int thriftPort = LoopbackServer.freePort();
    Path configuration = directory.resolve("conf");
    Files.createDirectories(configuration);
    Map<String, String> site = new LinkedHashMap<>();
    site.put("javax.jdo.option.ConnectionURL", jdbcUrl);
    if (!driver.isEmpty()) {
      site.put("javax.jdo.option.ConnectionDriverName", driver);
      site.put("javax.jdo.option.ConnectionUserName", settings.postgresUser());
      site.put("javax.jdo.option.ConnectionPassword", "");
    }
    // What a stock metastore needs to start on an empty database without schematool.
    site.put("datanucleus.schema.autoCreateAll", "true");
    site.put("metastore.schema.verification", "false");
    site.put("metastore.thrift.port", Integer.toString(thriftPort));
    site.put("metastore.warehouse.dir", directory.resolve("warehouse").toUri().toString());
    // The benchmark's table is external (no ACID semantics to translate) and lives in the external
    // warehouse: Hive refuses external tables inside the managed one.
    site.put("metastore.warehouse.external.dir", directory.resolve("external").toUri().toString());
    site.put("metastore.event.db.notification.api.auth", "false");
    writeSite(configuration.resolve("metastore-site.xml"), site);
    List<String> command =
        new ArrayList<>(
            LoopbackServer.javaCommand(
                SERVER_HEAP,
                configuration + File.pathSeparator + System.getProperty("java.class.path"),
                HIVE_MAIN));
    command.addAll(List.of("-p", Integer.toString(thriftPort)));
    System.out.printf("Hive Metastore 4.0.1 (%s): starting%n", jdbcUrl);
    LoopbackServer server =
        start("Hive Metastore", command, Map.of(), serverLog(directory), thriftPort);
    try {
      if (driver.isEmpty()) {
        StockMetastoreSchema.complete(thriftPort, directory.resolve("external").toUri().toString());
      }
    } catch (TException | RuntimeException e) {
      server.close();
      throw e;
    }
    return run(server, directory);
  }

  /** A metastore in its own JVM, ready once it answers {@code get_all_databases} over Thrift. */
  private static LoopbackServer start(
      String name, List<String> command, Map<String, String> environment, Path log, int thriftPort)
      throws IOException {
    return LoopbackServer.start(
        name,
        command,
        environment,
        log,
        thriftPort,
        STARTUP_TIMEOUT,
        port -> {
          try (MetastoreConnection connection = MetastoreConnection.open(port)) {
            connection.client().get_all_databases();
          }
        });
  }

  private Map<String, Result> run(LoopbackServer server, Path directory)
      throws TException, InterruptedException {
    try (server) {
      long start = System.nanoTime();
      List<Result> results =
          new Workload(
                  settings,
                  server.port(),
                  directory.resolve("external").toUri().toString().replaceAll("/$", ""))
              .run();
      // Other processes on the machine skew every figure; the load average says how much.
      System.out.printf(
          "%s: workload done in %s, system load average %.1f%n",
          server.name(),
          format(Duration.ofNanos(System.nanoTime() - start)),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      Map<String, Result> byOperation = new LinkedHashMap<>();
      for (Result result : results) {
        byOperation.put(result.operation(), result);
        System.out.printf("  %-50s %s%n", result.operation(), describe(result));
      }
      return byOperation;
    }
  }

  private static String table(String store, Map<String, Result> cairn, Map<String, Result> hive) {
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            "### %s%n%n",
            store.equals("derby")
                ? "Embedded stores: Cairn on SQLite, Hive Metastore on Derby"
                : "PostgreSQL: each server on its own fresh database"));
    table.append(
        "| operation | n | Cairn median | Cairn p95 | HMS median | HMS p95 | ratio |\n"
            + "|---|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, Result> entry : cairn.entrySet()) {
      Result ours = entry.getValue();
      Result theirs = hive.get(entry.getKey());
      table.append(
          String.format(
              "| %s | %d | %s | %s | %s | %s | %s |%n",
              entry.getKey(),
              Math.max(ours.samples(), theirs == null ? 0 : theirs.samples()),
              value(ours, ours.median()),
              p95(ours),
              theirs == null ? "-" : value(theirs, theirs.median()),
              theirs == null ? "-" : p95(theirs),
              ratio(ours, theirs)));
    }
    table.append(
        "\nratio: HMS median / Cairn median (for calls/s: Cairn / HMS); above 1 means Cairn is"
            + " faster.\n");
    for (Map<String, Result> results : List.of(cairn, hive)) {
      for (Result result : results.values()) {
        if (result.failure() != null) {
          table.append(
              String.format(
                  "%n%s failed %s: %s%n",
                  results == cairn ? "Cairn" : "HMS", result.operation(), result.failure()));
        }
      }
    }
    return table.toString();
  }

  private static String ratio(Result ours, Result theirs) {
    if (theirs == null || ours.failed() || theirs.failed()) {
      return "-";
    }
    double ratio =
        ours.throughput() ? ours.median() / theirs.median() : theirs.median() / ours.median();
    return String.format(Locale.ROOT, "%.1fx", ratio);
  }

  private static String p95(Result result) {
    return result.throughput() ? "-" : value(result, result.p95());
  }

  private static String value(Result result, double value) {
    if (result.failed()) {
      return result.failure().contains("does not support") ? "unsupported" : "failed";
    }
    if (result.throughput()) {
      String figure = String.format(Locale.ROOT, "%,.0f/s", value);
      return result.errors() == 0
          ? figure
          : String.format(Locale.ROOT, "%s (%,d errors)", figure, result.errors());
    }
    if (value >= 10_000) {
      return String.format(Locale.ROOT, "%.1f s", value / 1000);
    }
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f ms", value);
    }
    if (value >= 1) {
      return String.format(Locale.ROOT, "%.1f ms", value);
    }
    return String.format(Locale.ROOT, "%.2f ms", value);
  }

  private static String describe(Result result) {
    if (result.failed()) {
      return "FAILED " + result.failure();
    }
    if (result.throughput()) {
      return value(result, result.median())
          + (result.failure() == null ? "" : "; " + result.failure());
    }
    return value(result, result.median()) + " (p95 " + value(result, result.p95()) + ")";
  }

  private static String header(BenchmarkSettings settings) throws IOException {
    return String.format(
        "## Cairn vs Hive Metastore 4.0.1, %s%n%n"
            + "Machine: %s, %d cores, Java %s; %,d partitions, %d repetitions (%d of add_partitions"
            + " %,d), %d connections for %d s.%n%n",
        LocalDate.now(),
        InetAddress.getLocalHost().getHostName(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        settings.partitions(),
        settings.repetitions(),
        settings.largeRepetitions(),
        settings.largeBatch(),
        settings.threads(),
        settings.throughputSeconds());
  }

  private static String format(Duration duration) {
    return String.format("%d min %02d s", duration.toMinutes(), duration.toSecondsPart());
  }

  /**
   * The server's output, kept under the output directory (the run's data directory is deleted at
   * the end), e.g. {@code logs/derby-hive.log}.
   */
  private Path serverLog(Path directory) {
    return settings
        .output()
        .resolve("logs")
        .resolve(directory.getParent().getFileName() + "-" + directory.getFileName() + ".log");
  }

  private static String derbyUrl(Path directory) {
    return "jdbc:derby:;databaseName=" + directory.resolve("metastore_db") + ";create=true";
  }

  private String postgresUrl(String database) {
    String url = settings.postgresUrl();
    return url.substring(0, url.lastIndexOf('/') + 1) + database;
  }

  private void createPostgresDatabase(String database) {
    Scratch.execute(settings.postgresUrl(), settings.postgresUser(), "CREATE DATABASE " + database);
  }

  private void dropPostgresDatabase(String database) {
    Scratch.execute(
        settings.postgresUrl(), settings.postgresUser(), "DROP DATABASE IF EXISTS " + database);
  }

  private static void writeSite(Path file, Map<String, String> properties) throws IOException {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    properties.forEach(
        (name, value) ->
            xml.append("  <property><name>")
                .append(name)
                .append("</name><value>")
                .append(value.replace("&", "&amp;").replace("<", "&lt;"))
                .append("</value></property>\n"));
    Files.writeString(file, xml.append("</configuration>\n").toString());
  }
}
