package io.cairn.benchmark.iceberg;

import io.cairn.benchmark.iceberg.BenchmarkSettings.Server;
import io.cairn.benchmark.iceberg.Workload.Outcome;
import io.cairn.testing.LoopbackServer;
import io.cairn.testing.Scratch;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the same Iceberg REST workload through Iceberg's {@code RESTCatalog} client against Cairn
 * (on SQLite and on PostgreSQL) and against Iceberg's reference REST server ({@code
 * RESTCatalogServer} from iceberg-open-api's test fixtures, over Iceberg's {@code JdbcCatalog} on
 * SQLite or PostgreSQL), each in its own process on loopback and on a fresh store, one after the
 * other, and prints medians, 95th percentiles, throughput and ratios. See
 * docs/iceberg-benchmark.md.
 */
public final class IcebergBenchmark {
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

  private static final String SERVER_HEAP = "2g";

  private final BenchmarkSettings settings;
  private final Path workDirectory;

  private IcebergBenchmark(BenchmarkSettings settings, Path workDirectory) {
    this.settings = settings;
    this.workDirectory = workDirectory;
  }

  /** What one server measured, and its resident memory after the workload. */
  private record Run(Server server, long residentMebibytes, Outcome outcome) {}

  public static void main(String[] args) throws Exception {
    BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
    boolean needsCairn = settings.servers().stream().anyMatch(Server::cairn);
    if (needsCairn
        && (!Files.isRegularFile(settings.cairnJar()) || !Files.isDirectory(settings.cairnLib()))) {
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
    String header = header(settings);
    System.out.print(header);
    IcebergBenchmark benchmark = new IcebergBenchmark(settings, workDirectory);
    List<Run> runs = new ArrayList<>();
    for (Server server : settings.servers()) {
      runs.add(benchmark.run(server));
    }
    String table = table(runs, settings);
    System.out.println(table);
    String footer =
        String.format(
            "%nTotal run time %s; results in %s%n",
            format(Duration.ofNanos(System.nanoTime() - start)),
            settings.output().resolve("results.md"));
    System.out.print(footer);
    Files.writeString(settings.output().resolve("results.md"), header + table + "\n" + footer);
    Scratch.deleteRecursively(workDirectory);
  }

  private Run run(Server server) throws IOException {
    Path directory = workDirectory.resolve(server.key());
    int port = LoopbackServer.freePort();
    String database =
        server.key().replace('-', '_') + "_iceberg_benchmark_" + ProcessHandle.current().pid();
    String url = settings.postgresUrl();
    String databaseUrl = url.substring(0, url.lastIndexOf('/') + 1) + database;
    List<String> command;
    Map<String, String> environment = new LinkedHashMap<>();
    String restUri;
    LoopbackServer.Probe probe;
    if (server.cairn()) {
      command =
          new ArrayList<>(
              LoopbackServer.javaCommand(
                  SERVER_HEAP,
                  settings.cairnJar() + File.pathSeparator + settings.cairnLib().resolve("*"),
                  "io.cairn.cli.CairnCli"));
      command.addAll(
          List.of(
              "server",
              "--data-dir",
              directory.resolve("data").toString(),
              "--bind",
              "127.0.0.1",
              "--http-port",
              Integer.toString(port),
              "--thrift-port",
              Integer.toString(LoopbackServer.freePort())));
      if (server.postgresql()) {
        command.addAll(List.of("--jdbc-url", databaseUrl));
        environment.put("CAIRN_STORE_USER", settings.postgresUser());
      }
      restUri = "http://127.0.0.1:" + port + "/iceberg";
      probe = answers("/health");
    } else {
      // The reference server reads its catalog's configuration from CATALOG_* variables
      // (CATALOG_JDBC_USER is the catalog property jdbc.user) and runs from this class path.
      command =
          LoopbackServer.javaCommand(
              SERVER_HEAP,
              System.getProperty("java.class.path"),
              "org.apache.iceberg.rest.RESTCatalogServer");
      Files.createDirectories(directory);
      environment.put("CATALOG_REST_PORT", Integer.toString(port));
      environment.put("CATALOG_WAREHOUSE", directory.resolve("warehouse").toUri().toString());
      if (server.postgresql()) {
        environment.put("CATALOG_URI", databaseUrl);
        environment.put("CATALOG_JDBC_USER", settings.postgresUser());
      } else {
        environment.put("CATALOG_URI", "jdbc:sqlite:" + directory.resolve("catalog.db"));
      }
      restUri = "http://127.0.0.1:" + port;
      probe = answers("/v1/config");
    }
    if (server.postgresql()) {
      Scratch.execute(
          settings.postgresUrl(), settings.postgresUser(), "CREATE DATABASE " + database);
    }
    try {
      System.out.printf("%s: starting%n", server.label());
      try (LoopbackServer process =
          LoopbackServer.start(
              server.label(),
              command,
              environment,
              log(server.key()),
              port,
              STARTUP_TIMEOUT,
              probe)) {
        System.out.printf("%s: running the workload%n", server.label());
        Outcome outcome = new Workload(restUri, settings).run();
        return new Run(server, process.residentMebibytes(), outcome);
      }
    } finally {
      if (server.postgresql()) {
        Scratch.execute(
            settings.postgresUrl(),
            settings.postgresUser(),
            "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
    }
  }

  /** Passes once {@code GET path} on the server answers 200. */
  private static LoopbackServer.Probe answers(String path) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    return port -> {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5))
              .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != 200) {
        throw new IllegalStateException("GET " + path + " answered " + status);
      }
    };
  }

  /**
   * Every server's figures side by side as a Markdown table, with a ratio column for each Cairn
   * store against the reference server on the same store (or the first reference run), followed by
   * the message of each series that gave no figure.
   */
  private static String table(List<Run> runs, BenchmarkSettings settings) {
    Map<Run, Run> comparisons = new LinkedHashMap<>();
    for (Run run : runs) {
      if (run.server().cairn()) {
        runs.stream()
            .filter(other -> !other.server().cairn())
            .filter(other -> other.server().postgresql() == run.server().postgresql())
            .findFirst()
            .or(() -> runs.stream().filter(other -> !other.server().cairn()).findFirst())
            .ifPresent(reference -> comparisons.put(run, reference));
      }
    }
    StringBuilder table = new StringBuilder("| series |");
    StringBuilder rule = new StringBuilder("|---|");
    for (Run run : runs) {
      table.append(' ').append(run.server().label()).append(" |");
      rule.append("---:|");
    }
    comparisons.forEach(
        (cairn, reference) -> {
          table
              .append(" ratio ")
              .append(cairn.server().label())
              .append(" : ")
              .append(reference.server().label())
              .append(" |");
          rule.append("---:|");
        });
    table.append('\n').append(rule).append('\n');

    for (Operation operation : Operation.values()) {
      if (!operation.timedAlone()) {
        continue;
      }
      table.append("| ").append(operation.label()).append(", p50 / p95 (one client) |");
      for (Run run : runs) {
        table.append(' ').append(latency(run.outcome().latencies().get(operation))).append(" |");
      }
      comparisons.forEach(
          (cairn, reference) ->
              table
                  .append(' ')
                  .append(
                      ratio(
                          reference.outcome().latencies().get(operation),
                          cairn.outcome().latencies().get(operation),
                          false))
                  .append(" |"));
      table.append('\n');
    }
    for (Operation operation : Operation.values()) {
      if (!operation.timedConcurrently()) {
        continue;
      }
      for (int clients : settings.clients()) {
        table
            .append("| ")
            .append(operation.label())
            .append(", per second, ")
            .append(clients)
            .append(clients == 1 ? " client |" : " clients |");
        for (Run run : runs) {
          table
              .append(' ')
              .append(throughput(run.outcome().throughput().get(operation).get(clients)))
              .append(" |");
        }
        comparisons.forEach(
            (cairn, reference) ->
                table
                    .append(' ')
                    .append(
                        ratio(
                            cairn.outcome().throughput().get(operation).get(clients),
                            reference.outcome().throughput().get(operation).get(clients),
                            true))
                    .append(" |"));
        table.append('\n');
      }
    }
    table.append('\n');
    for (Run run : runs) {
      table.append(
          String.format(
              Locale.ROOT,
              "%s: %,d MiB resident after the workload.%n",
              run.server().label(),
              run.residentMebibytes()));
    }
    table.append(
        "\nratio: the reference server's median / Cairn's median (per second: Cairn / the"
            + " reference server); above 1 means Cairn is faster. Shared-table appends show the"
            + " commits that landed per second, and in brackets those that lost the race.\n");
    for (Run run : runs) {
      List<String> failures = new ArrayList<>();
      run.outcome()
          .latencies()
          .forEach(
              (operation, result) -> {
                if (result.failed()) {
                  failures.add(operation.label() + ": " + result.failure());
                }
              });
      run.outcome()
          .throughput()
          .forEach(
              (operation, byClients) ->
                  byClients.forEach(
                      (clients, result) -> {
                        if (result.failed()) {
                          failures.add(
                              operation.label()
                                  + ", "
                                  + clients
                                  + (clients == 1 ? " client: " : " clients: ")
                                  + result.failure());
                        }
                      }));
      // A failed setup fails every series with the same message: shown once.
      failures.stream()
          .filter(failure -> failure.contains(Workload.SETUP_FAILED))
          .findFirst()
          .ifPresentOrElse(
              failure ->
                  table.append(
                      String.format(
                          "%n%s: %s%n",
                          run.server().label(),
                          failure.substring(failure.indexOf(Workload.SETUP_FAILED)))),
              () ->
                  failures.stream()
                      .sorted()
                      .forEach(
                          failure ->
                              table.append(
                                  String.format("%n%s, %s%n", run.server().label(), failure))));
    }
    return table.toString();
  }

  private static String latency(Result result) {
    return result.failed()
        ? "failed"
        : milliseconds(result.median()) + " / " + milliseconds(result.p95());
  }

  private static String throughput(Result result) {
    if (result == null) {
      return "";
    }
    if (result.failed()) {
      return "failed";
    }
    String perSecond = String.format(Locale.ROOT, "%,.0f", result.perSecond());
    return result.conflictsPerSecond() > 0
        ? perSecond + String.format(Locale.ROOT, " (%,.0f)", result.conflictsPerSecond())
        : perSecond;
  }

  /** {@code numerator / denominator} of medians, or of per-second rates when {@code rates}. */
  private static String ratio(Result numerator, Result denominator, boolean rates) {
    if (numerator == null || denominator == null || numerator.failed() || denominator.failed()) {
      return "-";
    }
    double value =
        rates
            ? numerator.perSecond() / denominator.perSecond()
            : numerator.median() / denominator.median();
    return String.format(Locale.ROOT, "%.1fx", value);
  }

  private static String milliseconds(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f ms", value);
    }
    if (value >= 1) {
      return String.format(Locale.ROOT, "%.1f ms", value);
    }
    return String.format(Locale.ROOT, "%.2f ms", value);
  }

  private static String header(BenchmarkSettings settings) throws IOException {
    return String.format(
        Locale.ROOT,
        "## Cairn vs Iceberg's reference REST server, %s%n%n"
            + "Machine: %s, %d cores, Java %s; loadTable of a table with %,d snapshots;"
            + " %d untimed and %,d timed calls of each latency series; throughput runs of %d s"
            + " with %s clients. Load average at the start: %s.%n%n",
        LocalDate.now(),
        InetAddress.getLocalHost().getHostName(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        settings.snapshots(),
        settings.warmUp(),
        settings.repetitions(),
        settings.throughputSeconds(),
        settings.clients().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse(""),
        loadAverage());
  }

  /**
   * The one-minute load average (Linux), which says how quiet the machine was; "unknown" elsewhere.
   */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String format(Duration duration) {
    return String.format("%d min %02d s", duration.toMinutes(), duration.toSecondsPart());
  }

  /** The server's output, kept under the output directory, e.g. {@code logs/cairn-sqlite.log}. */
  private Path log(String name) {
    return settings.output().resolve("logs").resolve(name + ".log");
  }
}
