package io.cairn.benchmark.glue;

import io.cairn.benchmark.glue.Workload.Outcome;
import io.cairn.testing.LoopbackServer;
import io.cairn.testing.Scratch;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * Runs the same Glue workload through the AWS SDK for Java v2 against Cairn (on SQLite and on
 * PostgreSQL) and against moto's Glue emulator, each in its own process on loopback and on a fresh
 * store, one after the other, and prints per operation medians, 95th percentiles and ratios. See
 * docs/glue-benchmark.md.
 */
public final class GlueBenchmark {
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

  private static final String CAIRN_MAIN = "io.cairn.cli.CairnCli";
  private static final String CAIRN_HEAP = "2g";

  private final BenchmarkSettings settings;
  private final Path workDirectory;

  private GlueBenchmark(BenchmarkSettings settings, Path workDirectory) {
    this.settings = settings;
    this.workDirectory = workDirectory;
  }

  /** What one server measured: the size it was measured at and its results. */
  private record Run(String name, int partitions, long residentMebibytes, Outcome outcome) {}

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
    String header = header(settings);
    System.out.print(header);
    GlueBenchmark benchmark = new GlueBenchmark(settings, workDirectory);
    List<Run> cairnRuns = new ArrayList<>();
    for (String store : settings.cairnStores()) {
      cairnRuns.add(benchmark.runCairn(store));
    }
    Run moto = benchmark.runMoto();
    StringBuilder report = new StringBuilder(header);
    for (Run cairn : cairnRuns) {
      String table = table(cairn, moto, settings.motoPartitions());
      System.out.println(table);
      report.append('\n').append(table);
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

  private Run runCairn(String store) throws IOException {
    Path directory = workDirectory.resolve("cairn-" + store);
    int port = LoopbackServer.freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + CAIRN_HEAP,
                "-cp",
                settings.cairnJar() + File.pathSeparator + settings.cairnLib().resolve("*"),
                CAIRN_MAIN,
                "server",
                "--data-dir",
                directory.resolve("data").toString(),
                "--bind",
                "127.0.0.1",
                "--http-port",
                Integer.toString(port),
                "--thrift-port",
                Integer.toString(LoopbackServer.freePort())));
    String name = store.equals("sqlite") ? "Cairn (SQLite)" : "Cairn (PostgreSQL)";
    String database = "cairn_glue_benchmark_" + ProcessHandle.current().pid();
    Map<String, String> environment = Map.of();
    if (store.equals("postgresql")) {
      Scratch.execute(
          settings.postgresUrl(), settings.postgresUser(), "CREATE DATABASE " + database);
      String url = settings.postgresUrl();
      command.addAll(List.of("--jdbc-url", url.substring(0, url.lastIndexOf('/') + 1) + database));
      environment = Map.of("CAIRN_STORE_USER", settings.postgresUser());
    }
    try {
      System.out.printf("%s: starting%n", name);
      try (LoopbackServer server =
          start(name, command, environment, log("cairn-" + store), port, "/health")) {
        return run(server, settings.partitions(), null);
      }
    } finally {
      if (store.equals("postgresql")) {
        Scratch.execute(
            settings.postgresUrl(), settings.postgresUser(), "DROP DATABASE IF EXISTS " + database);
      }
    }
  }

  private Run runMoto() throws IOException {
    int port = LoopbackServer.freePort();
    List<String> command =
        List.of(settings.motoCommand(), "-H", "127.0.0.1", "-p", Integer.toString(port));
    System.out.printf("moto: starting (%s)%n", settings.motoCommand());
    try (LoopbackServer server =
        start("moto", command, Map.of(), log("moto"), port, "/moto-api/")) {
      return run(server, settings.motoPartitions(), settings.motoLoadLimit());
    }
  }

  /** A Glue endpoint in its own process, ready once a GET of {@code probePath} answers 200. */
  private static LoopbackServer start(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path log,
      int port,
      String probePath)
      throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    return LoopbackServer.start(
        name,
        command,
        environment,
        log,
        port,
        STARTUP_TIMEOUT,
        probePort -> {
          HttpRequest probe =
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probePort + probePath))
                  .timeout(Duration.ofSeconds(5))
                  .build();
          int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
          if (status != 200) {
            throw new IOException(probePath + " answered " + status);
          }
        });
  }

  private static URI endpoint(LoopbackServer server) {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  private Run run(LoopbackServer server, int partitions, Duration loadLimit) {
    long start = System.nanoTime();
    Outcome outcome;
    try (GlueClient glue = client(endpoint(server))) {
      outcome = new Workload(glue, partitions, loadLimit, settings.repetitions()).run();
    }
    long resident = server.residentMebibytes();
    // Other processes on the machine skew every figure; the load average says how much.
    System.out.printf(
        Locale.ROOT,
        "%s: workload on %,d partitions done in %s, resident memory %,d MiB, system load"
            + " average %.1f%n",
        server.name(),
        outcome.loadedPartitions(),
        format(Duration.ofNanos(System.nanoTime() - start)),
        resident,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    for (Operation operation : Operation.values()) {
      System.out.printf(
          "  %-62s %s%n", operation.label(), describe(outcome.results().get(operation)));
    }
    return new Run(server.name(), outcome.loadedPartitions(), resident, outcome);
  }

  /**
   * The SDK's GlueClient as an application would build it, with the endpoint overridden; no
   * retries, so that a failed call shows instead of being timed twice, and timeouts long enough for
   * a slow listing.
   */
  private static GlueClient client(URI endpoint) {
    return GlueClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("benchmark-access-key", "benchmark-secret-key")))
        .httpClientBuilder(
            ApacheHttpClient.builder()
                .socketTimeout(Duration.ofMinutes(10))
                .connectionTimeout(Duration.ofSeconds(10)))
        .overrideConfiguration(
            configuration ->
                configuration
                    .retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallTimeout(Duration.ofMinutes(10)))
        .build();
  }

  /**
   * One comparison as a Markdown table, followed by the message of each failed operation (a failed
   * load or index once, not again for every listing it left without a figure).
   */
  private static String table(Run cairn, Run moto, int motoTarget) {
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "### %s vs moto%n%n", cairn.name()));
    table.append(
        String.format(
            Locale.ROOT,
            "%s: %,d partitions, %,d MiB resident after the workload; moto: %,d partitions, %,d"
                + " MiB resident.%s%n%n",
            cairn.name(),
            cairn.partitions(),
            cairn.residentMebibytes(),
            moto.partitions(),
            moto.residentMebibytes(),
            moto.partitions() < motoTarget
                ? String.format(
                    Locale.ROOT,
                    " moto's load stopped at its time limit, %,d partitions short of its target.",
                    motoTarget - moto.partitions())
                : ""));
    table.append(
        "| operation | Cairn median | Cairn p95 | moto median | moto p95 | ratio |\n"
            + "|---|---:|---:|---:|---:|---:|\n");
    for (Operation operation : Operation.values()) {
      Result ours = cairn.outcome().results().get(operation);
      Result theirs = moto.outcome().results().get(operation);
      table.append(
          String.format(
              "| %s | %s | %s | %s | %s | %s |%n",
              operation.label(),
              median(ours),
              p95(ours),
              median(theirs),
              p95(theirs),
              ratio(ours, theirs)));
      if (operation == Operation.LOAD) {
        table.append(
            String.format(
                "| BatchCreatePartition, partitions/s (one client) | %s | | %s | | %s |%n",
                perSecond(ours), perSecond(theirs), throughputRatio(ours, theirs)));
      }
    }
    table.append(
        "\nratio: moto median / Cairn median (partitions/s: Cairn / moto); above 1 means Cairn is"
            + " faster.\n");
    for (Run run : List.of(cairn, moto)) {
      for (Operation operation : Operation.values()) {
        Result result = run.outcome().results().get(operation);
        boolean consequence =
            operation != Operation.LOAD
                    && result.failed()
                    && result.failure().startsWith(Workload.LOAD_FAILED)
                || result.failed() && result.failure().startsWith(Workload.NO_INDEX);
        if (result.failed() && !consequence) {
          table.append(
              String.format("%n%s, %s: %s%n", run.name(), operation.label(), result.failure()));
        }
      }
    }
    return table.toString();
  }

  private static String ratio(Result ours, Result theirs) {
    if (ours.failed() || theirs.failed()) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1fx", theirs.median() / ours.median());
  }

  private static String throughputRatio(Result ours, Result theirs) {
    if (ours.failed() || theirs.failed()) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1fx", ours.perSecond() / theirs.perSecond());
  }

  private static String median(Result result) {
    return result.failed() ? outcome(result) : milliseconds(result.median());
  }

  private static String p95(Result result) {
    return result.failed() ? outcome(result) : milliseconds(result.p95());
  }

  private static String perSecond(Result result) {
    return result.failed()
        ? outcome(result)
        : String.format(Locale.ROOT, "%,.0f", result.perSecond());
  }

  /**
   * How an operation without a figure shows in the table: "n/a" for a listing that had no index to
   * use because CreatePartitionIndex failed, else "failed"; the message follows below the table.
   */
  private static String outcome(Result result) {
    return result.failure().startsWith(Workload.NO_INDEX) ? "n/a" : "failed";
  }

  private static String milliseconds(double value) {
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
    String latencies = milliseconds(result.median()) + " (p95 " + milliseconds(result.p95()) + ")";
    return result.hasThroughput()
        ? latencies + ", " + perSecond(result) + " partitions/s"
        : latencies;
  }

  private static String header(BenchmarkSettings settings) throws IOException {
    return String.format(
        Locale.ROOT,
        "## Cairn vs moto, Glue API, %s%n%n"
            + "Machine: %s, %d cores, Java %s; Cairn: %,d partitions on %s; moto: up to %,d"
            + " partitions (load limit %s); %d repetitions of each GetPartitions.%n%n",
        LocalDate.now(),
        InetAddress.getLocalHost().getHostName(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        settings.partitions(),
        String.join(" and ", settings.cairnStores()),
        settings.motoPartitions(),
        format(settings.motoLoadLimit()),
        settings.repetitions());
  }

  private static String format(Duration duration) {
    return String.format("%d min %02d s", duration.toMinutes(), duration.toSecondsPart());
  }

  /** The server's output, kept under the output directory, e.g. {@code logs/moto.log}. */
  private Path log(String name) {
    return settings.output().resolve("logs").resolve(name + ".log");
  }
}
