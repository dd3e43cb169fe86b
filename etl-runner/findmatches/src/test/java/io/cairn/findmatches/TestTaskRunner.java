package io.cairn.findmatches;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task-run contract end to end in one JVM: every task type through {@link TaskRunner} over task
 * directories, with Spark's own catalog standing in for Cairn's (the catalog paths against a real
 * server are in etl-runner's integration tests).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestTaskRunner {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temporary;
  private SparkSession spark;
  private Febrl febrl;
  private int taskNumber;

  @BeforeAll
  void createTables() throws Exception {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("task-runner-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.default.parallelism", "4")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.warehouse.dir", temporary.resolve("warehouse").toUri().toString())
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    febrl = Febrl.load(spark, "dataset1.csv");
    spark.sql("CREATE DATABASE people");
    Dataset<Row> numbered = febrl.records.withColumn("n", functions.col("id").cast("int"));
    numbered.filter("n <= 800").drop("n").write().saveAsTable("people.early");
    numbered.filter("n > 800").drop("n").write().saveAsTable("people.later");
  }

  @AfterAll
  void stopSpark() {
    spark.stop();
  }

  @Test
  void everyTaskTypeFollowsTheContract() throws Exception {
    // Round 1: labeling sets without labels, labelled by the oracle, imported.
    Task sets1 =
        run("LABELING_SET_GENERATION", null, null, task -> task.put("outputPath", "sets1"));
    assertThat(sets1.exitCode).isZero();
    assertThat(sets1.result.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(sets1.result.path("schema").size()).isEqualTo(11);
    assertThat(sets1.result.path("details").path("labelingSets").asInt()).isEqualTo(10);
    assertThat(sets1.log).contains("progress: ");
    Path labelled1 = label(sets1.directory.resolve("sets1"), "labelled1.csv");
    Task import1 =
        run(
            "IMPORT_LABELS",
            null,
            null,
            task -> task.put("inputPath", labelled1.toString()).put("replaceAllLabels", true));
    assertThat(import1.exitCode).isZero();
    int firstCount = import1.result.path("labelCount").asInt();
    assertThat(firstCount).isBetween(100, 200);
    Path labels1 = import1.directory.resolve("labels-out.csv");

    // Round 2: the runner trains from the labels (no model yet) and proposes new sets.
    Task sets2 =
        run("LABELING_SET_GENERATION", labels1, null, task -> task.put("outputPath", "sets2"));
    assertThat(sets2.exitCode).isZero();
    assertThat(sets2.directory.resolve("model-out").resolve("matcher.json")).exists();
    Path labelled2 = label(sets2.directory.resolve("sets2"), "labelled2.csv");
    Task import2 =
        run(
            "IMPORT_LABELS",
            labels1,
            null,
            task -> task.put("inputPath", labelled2.toString()).put("replaceAllLabels", false));
    assertThat(import2.result.path("labelCount").asInt()).isGreaterThan(firstCount);
    Path labels2 = import2.directory.resolve("labels-out.csv");

    Task evaluation = run("EVALUATION", labels2, null, task -> {});
    assertThat(evaluation.exitCode).isZero();
    JsonNode metrics = evaluation.result.path("evaluationMetrics").path("findMatchesMetrics");
    assertThat(metrics.path("f1").asDouble()).isGreaterThan(0.8);
    assertThat(metrics.path("areaUnderPRCurve").asDouble()).isGreaterThan(0.8);
    assertThat(metrics.path("confusionMatrix").path("numTruePositives").asLong()).isPositive();
    assertThat(metrics.path("columnImportances").size()).isGreaterThanOrEqualTo(10);
    Path model = evaluation.directory.resolve("model-out");
    assertThat(model.resolve("matcher.json")).exists();

    // The evaluated model is current for these labels: FIND_MATCHES uses it and trains nothing.
    Task matches =
        run(
            "FIND_MATCHES",
            labels2,
            model,
            task -> {
              task.putObject("output").put("database", "people").put("table", "matched");
              task.put("matchConfidence", true);
            });
    assertThat(matches.exitCode).as(matches.log).isZero();
    assertThat(matches.directory.resolve("model-out")).doesNotExist();
    assertThat(matches.log).contains("using the transform's model");
    Dataset<Row> matched = spark.table("people.matched");
    assertThat(matched.columns()).contains("match_id", "match_confidence_score");
    assertThat(matched.count()).isEqualTo(800);
    assertThat(matches.result.path("details").path("matchGroups").asInt()).isBetween(300, 799);
    Map<String, Long> before = ids(matched);

    Task incremental =
        run(
            "FIND_INCREMENTAL_MATCHES",
            labels2,
            model,
            task -> {
              task.putObject("transform")
                  .putObject("input")
                  .put("database", "people")
                  .put("table", "matched");
              task.putObject("incrementalInput").put("database", "people").put("table", "later");
              task.putObject("output").put("database", "people").put("table", "everyone");
            });
    assertThat(incremental.exitCode).as(incremental.log).isZero();
    Map<String, Long> after = ids(spark.table("people.everyone"));
    assertThat(after).hasSize(1000);
    before.forEach((key, id) -> assertThat(after.get(key)).isEqualTo(id));
    assertThat(febrl.score(spark.table("people.everyone")).f1()).isGreaterThan(0.9);

    Task export = run("EXPORT_LABELS", labels2, null, task -> task.put("outputPath", "exported"));
    assertThat(export.exitCode).isZero();
    assertThat(
            spark
                .read()
                .option("header", "true")
                .csv(export.directory.resolve("exported").toString())
                .filter("label IS NOT NULL")
                .count())
        .isEqualTo(import2.result.path("labelCount").asLong());
  }

  @Test
  void anInvalidTaskExitsWithTwoAndAFailedRunWithOne() throws Exception {
    Task unknown = run("MAKE_COFFEE", null, null, task -> {});
    assertThat(unknown.exitCode).isEqualTo(2);
    assertThat(unknown.result.path("status").asText()).isEqualTo("FAILED");
    assertThat(unknown.result.path("error").asText()).contains("MAKE_COFFEE");

    Task noOutput = run("FIND_MATCHES", null, null, task -> {});
    assertThat(noOutput.exitCode).isEqualTo(2);

    Task noLabels =
        run(
            "FIND_MATCHES",
            null,
            null,
            task -> task.putObject("output").put("database", "people").put("table", "x"));
    assertThat(noLabels.exitCode).isEqualTo(1);
    assertThat(noLabels.result.path("error").asText()).contains("no labels");
    assertThat(spark.catalog().tableExists("people", "x")).isFalse();

    Task missingTable =
        run(
            "EVALUATION",
            null,
            null,
            task ->
                task.putObject("transform")
                    .putObject("input")
                    .put("database", "people")
                    .put("table", "nothing"));
    assertThat(missingTable.exitCode).isEqualTo(1);
    assertThat(missingTable.result.path("error").asText()).containsIgnoringCase("nothing");
  }

  private record Task(Path directory, int exitCode, JsonNode result, String log) {}

  private Task run(
      String type, Path labels, Path model, java.util.function.Consumer<ObjectNode> customize)
      throws Exception {
    Path directory = Files.createDirectories(temporary.resolve("task-" + (++taskNumber)));
    ObjectNode task = JSON.createObjectNode();
    task.put("taskRunId", "tsk-" + taskNumber);
    task.put("taskType", type);
    ObjectNode transform = task.putObject("transform");
    transform
        .put("transformId", "tfm-people")
        .put("name", "people")
        .put("primaryKeyColumnName", "id");
    transform
        .put("precisionRecallTradeoff", 0.5)
        .put("accuracyCostTradeoff", 0.5)
        .put("enforceProvidedLabels", false);
    transform.putObject("input").put("database", "people").put("table", "early");
    task.put("sparkMaster", "local[2]");
    if (labels != null) {
      Files.copy(labels, directory.resolve("labels.csv"));
      task.put("labels", "labels.csv");
    }
    if (model != null) {
      copyTree(model, directory.resolve("model"));
      task.put("model", "model");
    }
    customize.accept(task);
    if (task.path("transform").path("primaryKeyColumnName").isMissingNode()) {
      // customize replaced the transform object; keep the rest of it.
      ObjectNode replaced = (ObjectNode) task.path("transform");
      replaced.put("transformId", "tfm-people").put("primaryKeyColumnName", "id");
    }
    if (task.has("outputPath")) {
      task.put(
          "outputPath", directory.resolve(task.path("outputPath").asText()).toUri().toString());
    }
    JSON.writeValue(directory.resolve("task.json").toFile(), task);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int exitCode =
        new TaskRunner(directory, new PrintStream(log, true, StandardCharsets.UTF_8))
            .keepingSession()
            .run();
    return new Task(
        directory,
        exitCode,
        JSON.readTree(directory.resolve("result.json").toFile()),
        log.toString(StandardCharsets.UTF_8));
  }

  /** The oracle fills in the label column of a labeling-set file. */
  private Path label(Path setsDirectory, String name) throws Exception {
    Path file;
    try (Stream<Path> files = Files.list(setsDirectory)) {
      file = files.filter(path -> path.toString().endsWith(".csv")).findFirst().orElseThrow();
    }
    List<List<String>> rows = Csv.parse(Files.readString(file));
    List<String> header = rows.get(0);
    int label = header.indexOf("label");
    int id = header.indexOf("id");
    StringBuilder text = new StringBuilder(Csv.line(header));
    for (List<String> row : rows.subList(1, rows.size())) {
      List<String> labelled = new ArrayList<>(row);
      labelled.set(label, febrl.entityOfKey.get(row.get(id)));
      text.append(Csv.line(labelled));
    }
    Path out = temporary.resolve(name);
    Files.writeString(out, text);
    return out;
  }

  private static Map<String, Long> ids(Dataset<Row> rows) {
    Map<String, Long> ids = new HashMap<>();
    for (Row row : rows.select("id", "match_id").collectAsList()) {
      ids.put(row.getString(0), row.getLong(1));
    }
    return ids;
  }

  private static void copyTree(Path source, Path target) throws Exception {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path destination = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(path, destination);
        }
      }
    }
  }
}
