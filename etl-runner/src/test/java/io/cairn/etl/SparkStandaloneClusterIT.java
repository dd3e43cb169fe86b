package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.testing.CairnServerProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The same job graph run by {@link JobRunner} on {@code local[2]} and on a real Spark standalone
 * cluster: a master and two workers started on loopback from Spark's own classes, each its own JVM
 * with the runner's class path, as a Spark deployment would run them. Both runs must write the same
 * rows into catalog tables, and the cluster run's tasks must have run in executors the workers
 * launched.
 */
class SparkStandaloneClusterIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int INPUT_FILES = 6;
  private static final int ROWS_PER_FILE = 500;

  @TempDir static Path workDirectory;

  private static CairnServerProcess server;
  private static GlueClient glue;
  private static final List<Process> clusterProcesses = new ArrayList<>();
  private static int masterPort;
  private static int masterWebUiPort;
  private static final List<Path> workerDirectories = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"),
            CairnServerProcess.logFor(SparkStandaloneClusterIT.class));
    glue = RunnerTests.glueClient(server);
    glue.createDatabase(
        request ->
            request.databaseInput(
                input ->
                    input
                        .name("lake")
                        .locationUri(workDirectory.resolve("lake").toUri().toString())));
    startCluster();
  }

  /**
   * A worker launches executors with Spark's launcher, which takes the class path from {@code
   * SPARK_HOME/jars} of a distribution (a folder with a RELEASE file); the Spark home here is that
   * layout over the runner's own jars, so executors run exactly the driver's classes.
   */
  private static void startCluster() throws Exception {
    Path sparkHome = Files.createDirectories(workDirectory.resolve("spark-home"));
    Files.writeString(sparkHome.resolve("RELEASE"), "Spark 3.5 (the Cairn ETL runner's jars)\n");
    Path jars = Files.createDirectories(sparkHome.resolve("jars"));
    Path target = Path.of("target").toAbsolutePath();
    Files.createSymbolicLink(
        jars.resolve("cairn-etl-runner.jar"), target.resolve("cairn-etl-runner.jar"));
    try (Stream<Path> libraries = Files.list(target.resolve("lib"))) {
      for (Path library : libraries.toList()) {
        Files.createSymbolicLink(jars.resolve(library.getFileName()), library);
      }
    }
    masterPort = freePort();
    masterWebUiPort = freePort();
    clusterProcesses.add(
        startSparkDaemon(
            sparkHome,
            "master",
            List.of(
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(masterPort),
                "--webui-port",
                Integer.toString(masterWebUiPort))));
    for (int worker = 1; worker <= 2; worker++) {
      Path workerDirectory = Files.createDirectories(workDirectory.resolve("worker-" + worker));
      workerDirectories.add(workerDirectory);
      clusterProcesses.add(
          startSparkDaemon(
              sparkHome,
              "worker-" + worker,
              List.of(
                  "org.apache.spark.deploy.worker.Worker",
                  "--host",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(freePort()),
                  "--webui-port",
                  Integer.toString(freePort()),
                  "--cores",
                  "1",
                  "--memory",
                  "768m",
                  "--work-dir",
                  workerDirectory.toString(),
                  masterUri())));
    }
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      JsonNode state = masterState();
      if (state != null && state.path("aliveworkers").asInt() == 2) {
        return;
      }
      for (Process process : clusterProcesses) {
        if (!process.isAlive()) {
          throw new AssertionError(
              "a Spark daemon exited with " + process.exitValue() + "; see " + workDirectory);
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("two workers did not register with the master in 60 s: " + state);
      }
      Thread.sleep(250);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      // Workers first: a worker that stops kills the executors it launched.
      for (int index = clusterProcesses.size() - 1; index >= 0; index--) {
        Process process = clusterProcesses.get(index);
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
      }
      if (glue != null) {
        glue.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void theSameJobWritesTheSameRowsLocallyAndOnTheCluster() throws Exception {
    Path input = Files.createDirectories(workDirectory.resolve("orders"));
    long expectedRows = 0;
    for (int file = 0; file < INPUT_FILES; file++) {
      List<String> lines = new ArrayList<>(List.of("id,quantity,price,country"));
      for (int row = 0; row < ROWS_PER_FILE; row++) {
        int id = file * ROWS_PER_FILE + row;
        int quantity = id % 7;
        lines.add(id + "," + quantity + "," + (id % 100) + ".25," + (id % 3 == 0 ? "de" : "fr"));
        if (quantity > 0) {
          expectedRows++;
        }
      }
      Files.write(input.resolve("part-" + file + ".csv"), lines);
    }

    Result local = runner(job(input, "orders_local"), "local[2]");
    assertThat(local.exitCode()).as(local.output()).isZero();
    // The runner's jar keeps Spark's logging at WARN; the executors here also log their tasks.
    Path executorLogging =
        Files.writeString(
            workDirectory.resolve("executor-log4j2.properties"),
            """
            rootLogger.level = warn
            rootLogger.appenderRef.stderr.ref = console
            appender.console.type = Console
            appender.console.name = console
            appender.console.target = SYSTEM_ERR
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = %c{1}: %msg%n
            logger.executor.name = org.apache.spark.executor.Executor
            logger.executor.level = info
            """);
    Result cluster =
        runner(
            job(input, "orders_cluster"),
            masterUri(),
            "--conf",
            "spark.executor.memory=512m",
            "--conf",
            "spark.cores.max=2",
            "--conf",
            "spark.executor.extraJavaOptions="
                + String.join(" ", RunnerTests.JAVA_17_FLAGS)
                + " -Dlog4j2.configurationFile="
                + executorLogging.toUri());
    assertThat(cluster.exitCode()).as(cluster.output()).isZero();

    SparkSession spark =
        HiveSparkSessions.builder("cluster-check", workDirectory, server.thriftPort())
            .getOrCreate();
    try {
      List<Row> localRows =
          spark.sql("SELECT * FROM lake.orders_local ORDER BY id").collectAsList();
      List<Row> clusterRows =
          spark.sql("SELECT * FROM lake.orders_cluster ORDER BY id").collectAsList();
      assertThat(localRows).hasSize((int) expectedRows);
      assertThat(clusterRows).containsExactlyElementsOf(localRows);
      assertThat(spark.table("lake.orders_cluster").schema())
          .isEqualTo(spark.table("lake.orders_local").schema());
      assertThat(spark.table("lake.orders_cluster").columns())
          .containsExactly("id", "quantity", "total", "country");
    } finally {
      spark.stop();
    }

    // The master saw the run as an application with both workers' cores, and each worker launched
    // an executor for it that finished tasks (Spark's executor log, kept in the worker's folder).
    JsonNode application = masterState().path("completedapps").path(0);
    assertThat(application.path("name").asText()).isEqualTo("cairn-job");
    assertThat(application.path("cores").asInt()).isEqualTo(2);
    String applicationId = application.path("id").asText();
    for (Path workerDirectory : workerDirectories) {
      Path applicationDirectory = workerDirectory.resolve(applicationId);
      assertThat(applicationDirectory).isDirectory();
      String executorLog;
      try (Stream<Path> executors = Files.list(applicationDirectory)) {
        executorLog =
            executors
                .map(executor -> executor.resolve("stderr"))
                .filter(Files::exists)
                .map(SparkStandaloneClusterIT::read)
                .reduce("", String::concat);
      }
      assertThat(executorLog)
          .as("executor log under " + applicationDirectory)
          .containsPattern("Executor: Finished task \\d+\\.\\d+ in stage \\d+\\.\\d+");
    }
  }

  /** CSV → Filter → gs_derived → ApplyMapping → a catalog table created by the run. */
  private static Path job(Path input, String table) throws IOException {
    return Files.writeString(
        workDirectory.resolve(table + ".json"),
        """
        {"in": {"S3CsvSource": {"Name": "orders", "Paths": ["%s"], "WithHeader": true}},
         "sold": {"Filter": {"Name": "sold", "Inputs": ["in"], "Expression": "quantity > 0"}},
         "total": {"DynamicTransform": {"Name": "total", "TransformName": "gs_derived",
                   "Inputs": ["sold"],
                   "Parameters": [{"Name": "colName", "Value": ["total"]},
                                  {"Name": "expr", "Value": ["quantity * price"]}]}},
         "mapped": {"ApplyMapping": {"Name": "mapped", "Inputs": ["total"], "Mapping": [
                     {"ToKey": "id", "FromPath": ["id"], "FromType": "int", "ToType": "long"},
                     {"ToKey": "quantity", "FromPath": ["quantity"], "FromType": "int",
                      "ToType": "int"},
                     {"ToKey": "total", "FromPath": ["total"], "FromType": "double",
                      "ToType": "decimal(12,2)"},
                     {"ToKey": "country", "FromPath": ["country"], "FromType": "string",
                      "ToType": "string"}]}},
         "out": {"S3CatalogTarget": {"Name": "%s", "Inputs": ["mapped"], "Database": "lake",
                 "Table": "%s", "SchemaChangePolicy": {"EnableUpdateCatalog": true}}}}
        """
            .formatted(input, table, table));
  }

  private static String masterUri() {
    return "spark://127.0.0.1:" + masterPort;
  }

  private static JsonNode masterState() throws InterruptedException {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterWebUiPort + "/json/"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? new ObjectMapper().readTree(response.body()) : null;
    } catch (IOException notYetListening) {
      return null;
    }
  }

  private static Process startSparkDaemon(Path sparkHome, String name, List<String> arguments)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx256m");
    command.addAll(RunnerTests.JAVA_17_FLAGS);
    command.addAll(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*"));
    command.addAll(arguments);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(workDirectory.resolve(name + ".log").toFile())
            .directory(workDirectory.toFile());
    builder.environment().put("SPARK_HOME", sparkHome.toString());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    // Spark's launcher asks for the Scala version of a distribution's jars.
    builder.environment().put("SPARK_SCALA_VERSION", "2.12");
    Process process = builder.start();
    process.getOutputStream().close();
    return process;
  }

  private record Result(int exitCode, String output) {}

  private static Result runner(Path job, String master, String... configuration)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx768m");
    command.addAll(RunnerTests.JAVA_17_FLAGS);
    command.addAll(
        List.of(
            "-cp",
            RunnerTests.runnerClassPath(),
            "io.cairn.etl.JobRunner",
            job.toString(),
            "--master",
            master,
            "--metastore-uri",
            "thrift://127.0.0.1:" + server.thriftPort(),
            "--conf",
            "spark.local.dir=" + workDirectory.resolve("spark-local"),
            "--conf",
            "spark.sql.shuffle.partitions=2",
            "--conf",
            "spark.sql.warehouse.dir=" + workDirectory.resolve("warehouse").toUri(),
            "--conf",
            "spark.hadoop.hive.exec.scratchdir=" + workDirectory.resolve("scratch")));
    command.addAll(List.of(configuration));
    Path log = Files.createTempFile(workDirectory, "runner", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(workDirectory.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the runner did not finish in 3 minutes");
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
