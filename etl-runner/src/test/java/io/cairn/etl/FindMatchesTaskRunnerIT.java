package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.testing.CairnServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * FindMatches' TaskRunner as the server launches an ML task run: its own JVM with the runner's
 * class path (target/cairn-etl-runner.jar + target/lib), reading and writing catalog tables of a
 * real Cairn server through Spark's Hive client; outputs checked through AWS's Glue client.
 */
class FindMatchesTaskRunnerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path workDirectory;
  private static CairnServerProcess server;
  private static GlueClient glue;
  private static SparkSession spark;
  private static FebrlPeople febrl;
  private static int taskNumber;

  @BeforeAll
  static void start() throws Exception {
    server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"),
            CairnServerProcess.logFor(FindMatchesTaskRunnerIT.class));
    glue = RunnerTests.glueClient(server);
    glue.createDatabase(
        request ->
            request.databaseInput(
                input ->
                    input
                        .name("people")
                        .locationUri(workDirectory.resolve("lake").toUri().toString())));
    spark =
        HiveSparkSessions.builder(
                "findmatches-it", workDirectory.resolve("spark"), server.thriftPort())
            .getOrCreate();
    febrl = FebrlPeople.load(spark);
    Dataset<Row> numbered = febrl.records().withColumn("n", functions.col("id").cast("int"));
    numbered.filter("n <= 800").drop("n").write().saveAsTable("people.early");
    numbered.filter("n > 800").drop("n").write().saveAsTable("people.later");
  }

  @AfterAll
  static void stop() {
    try {
      if (spark != null) {
        spark.stop();
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
  void labelsTrainsAndMatchesCatalogTables() throws Exception {
    Task sets = run("LABELING_SET_GENERATION", null, null, task -> task.put("outputPath", "sets"));
    assertThat(sets.exitCode).as(sets.log).isZero();
    assertThat(sets.result.path("schema").size()).isEqualTo(11);
    Path labelled = label(sets.directory.resolve("sets"));
    Task imported =
        run(
            "IMPORT_LABELS",
            null,
            null,
            task ->
                task.put("inputPath", labelled.toUri().toString()).put("replaceAllLabels", true));
    assertThat(imported.exitCode).as(imported.log).isZero();
    Path labels = imported.directory.resolve("labels-out.csv");

    Task evaluation = run("EVALUATION", labels, null, task -> {});
    assertThat(evaluation.exitCode).as(evaluation.log).isZero();
    assertThat(
            evaluation
                .result
                .path("evaluationMetrics")
                .path("findMatchesMetrics")
                .path("f1")
                .asDouble())
        .isGreaterThan(0.8);
    Path model = evaluation.directory.resolve("model-out");

    Task matches =
        run(
            "FIND_MATCHES",
            labels,
            model,
            task -> task.putObject("output").put("database", "people").put("table", "matched"));
    assertThat(matches.exitCode).as(matches.log).isZero();
    List<String> columns =
        glue
            .getTable(request -> request.databaseName("people").name("matched"))
            .table()
            .storageDescriptor()
            .columns()
            .stream()
            .map(Column::name)
            .toList();
    assertThat(columns).contains("id", "given_name", "match_id");
    spark.catalog().refreshTable("people.matched");
    Map<String, Long> before = ids(spark.table("people.matched"));
    assertThat(before).hasSize(800);

    Task incremental =
        run(
            "FIND_INCREMENTAL_MATCHES",
            labels,
            model,
            task -> {
              ((ObjectNode) task.path("transform"))
                  .putObject("input")
                  .put("database", "people")
                  .put("table", "matched");
              task.putObject("incrementalInput").put("database", "people").put("table", "later");
              task.putObject("output").put("database", "people").put("table", "everyone");
              task.put("matchConfidence", true);
            });
    assertThat(incremental.exitCode).as(incremental.log).isZero();
    Dataset<Row> everyone = spark.table("people.everyone");
    Map<String, Long> after = ids(everyone);
    assertThat(after).hasSize(1000);
    before.forEach((key, id) -> assertThat(after.get(key)).isEqualTo(id));
    assertThat(everyone.columns()).contains("match_confidence_score");
    assertThat(febrl.pairF1(everyone)).isGreaterThan(0.9);

    Task missing =
        run(
            "FIND_MATCHES",
            labels,
            model,
            task -> {
              ((ObjectNode) task.path("transform"))
                  .putObject("input")
                  .put("database", "people")
                  .put("table", "nobody");
              task.putObject("output").put("database", "people").put("table", "x");
            });
    assertThat(missing.exitCode).isEqualTo(1);
    assertThat(missing.result.path("error").asText()).contains("nobody");
  }

  private record Task(Path directory, int exitCode, JsonNode result, String log) {}

  private static Task run(String type, Path labels, Path model, Consumer<ObjectNode> customize)
      throws Exception {
    Path directory = Files.createDirectories(workDirectory.resolve("task-" + (++taskNumber)));
    ObjectNode task = JSON.createObjectNode();
    task.put("taskRunId", "tsk-" + taskNumber).put("taskType", type);
    ObjectNode transform = task.putObject("transform");
    transform.put("transformId", "tfm-people").put("name", "people");
    transform.put("primaryKeyColumnName", "id");
    transform.put("precisionRecallTradeoff", 0.5).put("accuracyCostTradeoff", 0.5);
    transform.put("enforceProvidedLabels", false);
    transform.putObject("input").put("database", "people").put("table", "early");
    task.putObject("catalog")
        .put("thriftUri", "thrift://127.0.0.1:" + server.thriftPort())
        .put("glueUri", server.httpUri().toString());
    task.put("sparkMaster", "local[2]").put("sparkCores", 2);
    if (labels != null) {
      Files.copy(labels, directory.resolve("labels.csv"));
      task.put("labels", "labels.csv");
    }
    if (model != null) {
      try (Stream<Path> paths = Files.walk(model)) {
        for (Path path : (Iterable<Path>) paths::iterator) {
          Path target = directory.resolve("model").resolve(model.relativize(path).toString());
          if (Files.isDirectory(path)) {
            Files.createDirectories(target);
          } else {
            Files.copy(path, target);
          }
        }
      }
      task.put("model", "model");
    }
    customize.accept(task);
    if (task.has("outputPath")) {
      task.put(
          "outputPath", directory.resolve(task.path("outputPath").asText()).toUri().toString());
    }
    JSON.writeValue(directory.resolve("task.json").toFile(), task);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx1g");
    command.addAll(RunnerTests.JAVA_17_FLAGS);
    command.addAll(
        List.of(
            "-cp",
            RunnerTests.runnerClassPath(),
            "io.cairn.findmatches.TaskRunner",
            directory.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Path log = directory.resolve("task.log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the task run did not finish: " + Files.readString(log));
    }
    return new Task(
        directory,
        process.exitValue(),
        JSON.readTree(directory.resolve("result.json").toFile()),
        Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The oracle fills in the label column of the labeling-set file. */
  private static Path label(Path setsDirectory) throws Exception {
    Path file;
    try (Stream<Path> files = Files.list(setsDirectory)) {
      file = files.filter(path -> path.toString().endsWith(".csv")).findFirst().orElseThrow();
    }
    Dataset<Row> sets = spark.read().option("header", "true").csv(file.toString());
    List<String> lines = new ArrayList<>();
    lines.add("labeling_set_id,label,id");
    for (Row row : sets.select("labeling_set_id", "id").collectAsList()) {
      lines.add(
          row.getString(0) + "," + febrl.entityOfKey().get(row.getString(1)) + "," + row.get(1));
    }
    Path labelled = workDirectory.resolve("labelled.csv");
    Files.write(labelled, lines);
    return labelled;
  }

  private static Map<String, Long> ids(Dataset<Row> rows) {
    Map<String, Long> ids = new HashMap<>();
    for (Row row : rows.select("id", "match_id").collectAsList()) {
      ids.put(row.getString(0), row.getLong(1));
    }
    return ids;
  }
}
