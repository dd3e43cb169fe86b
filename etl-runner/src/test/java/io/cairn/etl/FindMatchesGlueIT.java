package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.CairnServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import software.amazon.awssdk.services.glue.model.FindMatchesMetrics;
import software.amazon.awssdk.services.glue.model.GetMlTaskRunResponse;
import software.amazon.awssdk.services.glue.model.GetMlTransformResponse;
import software.amazon.awssdk.services.glue.model.TaskStatusType;
import software.amazon.awssdk.services.glue.model.TransformStatusType;

/**
 * FindMatches end to end through the Glue API: an ML transform over a catalog table of Febrl's
 * people, whose task runs the server launches as JVMs of the runner's TaskRunner (its class path,
 * Spark on {@code local[1]}), taught by an oracle that labels the labeling sets the transform
 * generates; then matching into catalog tables, also incrementally, checked against the truth.
 */
class FindMatchesGlueIT {
  private static final Duration TASK_WAIT = Duration.ofMinutes(5);
  private static final Set<TaskStatusType> ENDED =
      Set.of(
          TaskStatusType.SUCCEEDED,
          TaskStatusType.FAILED,
          TaskStatusType.STOPPED,
          TaskStatusType.TIMEOUT);

  @TempDir static Path workDirectory;
  private static CairnServerProcess server;
  private static GlueClient glue;
  private static SparkSession spark;
  private static FebrlPeople febrl;

  @BeforeAll
  static void start() throws Exception {
    server = RunnerTests.startServerWithRunner(workDirectory, FindMatchesGlueIT.class);
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
                "findmatches-glue-it", workDirectory.resolve("spark"), server.thriftPort())
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
  void aTransformTaughtByLabelsMatchesCatalogTablesThroughTheGlueApi() throws Exception {
    String id =
        glue.createMLTransform(
                request ->
                    request
                        .name("people")
                        .role("unused")
                        .inputRecordTables(table -> table.databaseName("people").tableName("early"))
                        .parameters(
                            parameters ->
                                parameters
                                    .transformType("FIND_MATCHES")
                                    .findMatchesParameters(
                                        findMatches ->
                                            findMatches
                                                .primaryKeyColumnName("id")
                                                .precisionRecallTradeoff(0.5)
                                                .accuracyCostTradeoff(0.5)
                                                .enforceProvidedLabels(false))))
            .transformId();
    GetMlTransformResponse created = glue.getMLTransform(request -> request.transformId(id));
    assertThat(created.status()).isEqualTo(TransformStatusType.NOT_READY);
    assertThat(created.schema()).hasSize(11);

    Path sets = workDirectory.resolve("labeling-sets");
    String generation =
        glue.startMLLabelingSetGenerationTaskRun(
                request -> request.transformId(id).outputS3Path(sets.toUri().toString()))
            .taskRunId();
    awaitSucceeded(id, generation);
    Path labelled = label(sets);
    String imported =
        glue.startImportLabelsTaskRun(
                request ->
                    request
                        .transformId(id)
                        .inputS3Path(labelled.toUri().toString())
                        .replaceAllLabels(true))
            .taskRunId();
    awaitSucceeded(id, imported);
    GetMlTransformResponse ready = glue.getMLTransform(request -> request.transformId(id));
    assertThat(ready.status()).isEqualTo(TransformStatusType.READY);
    assertThat(ready.labelCount()).isEqualTo(Files.readAllLines(labelled).size() - 1);

    String evaluation =
        glue.startMLEvaluationTaskRun(request -> request.transformId(id)).taskRunId();
    awaitSucceeded(id, evaluation);
    FindMatchesMetrics metrics =
        glue.getMLTransform(request -> request.transformId(id))
            .evaluationMetrics()
            .findMatchesMetrics();
    assertThat(metrics.f1()).as("held-out F1 the transform reports").isGreaterThan(0.8);
    assertThat(metrics.areaUnderPRCurve()).isGreaterThan(0.8);
    assertThat(metrics.confusionMatrix().numTruePositives()).isPositive();
    assertThat(metrics.columnImportances()).isNotEmpty();

    String matching =
        start(
            id,
            "{\"taskType\": \"FIND_MATCHES\","
                + " \"output\": {\"database\": \"people\", \"table\": \"matched\"}}");
    awaitSucceeded(id, matching);
    Dataset<Row> matched = spark.table("people.matched");
    Map<String, Long> before = matchIds(matched);
    assertThat(before).hasSize(800);
    assertThat(febrl.pairF1(matched)).as("pairwise F1 against the truth").isGreaterThan(0.9);

    String incremental =
        start(
            id,
            "{\"taskType\": \"FIND_INCREMENTAL_MATCHES\", \"matchConfidence\": true,"
                + " \"matched\": {\"database\": \"people\", \"table\": \"matched\"},"
                + " \"incrementalInput\": {\"database\": \"people\", \"table\": \"later\"},"
                + " \"output\": {\"database\": \"people\", \"table\": \"everyone\"}}");
    awaitSucceeded(id, incremental);
    Dataset<Row> everyone = spark.table("people.everyone");
    Map<String, Long> after = matchIds(everyone);
    assertThat(after).hasSize(1000);
    before.forEach(
        (key, matchId) ->
            assertThat(after.get(key)).as("record %s keeps its match_id", key).isEqualTo(matchId));
    assertThat(everyone.columns()).contains("match_confidence_score");
    assertThat(febrl.pairF1(everyone)).isGreaterThan(0.9);

    Path exported = workDirectory.resolve("exported-labels");
    String export =
        glue.startExportLabelsTaskRun(
                request -> request.transformId(id).outputS3Path(exported.toUri().toString()))
            .taskRunId();
    awaitSucceeded(id, export);
    assertThat(spark.read().option("header", "true").csv(exported.toString()).count())
        .isEqualTo(ready.labelCount().longValue());

    // Records that were never matched have no match_id to keep: the runner fails the run.
    String wrong =
        start(
            id,
            "{\"taskType\": \"FIND_INCREMENTAL_MATCHES\","
                + " \"matched\": {\"database\": \"people\", \"table\": \"early\"},"
                + " \"incrementalInput\": {\"database\": \"people\", \"table\": \"later\"},"
                + " \"output\": {\"database\": \"people\", \"table\": \"wrong\"}}");
    GetMlTaskRunResponse failed = awaitEnd(id, wrong);
    assertThat(failed.status()).isEqualTo(TaskStatusType.FAILED);
    assertThat(failed.errorString()).contains("match_id");
    assertThat(spark.catalog().tableExists("people", "wrong")).isFalse();

    assertThat(glue.getMLTaskRuns(request -> request.transformId(id)).taskRuns())
        .extracting(run -> run.taskRunId())
        .containsExactlyInAnyOrder(
            generation, imported, evaluation, matching, incremental, export, wrong);
  }

  /** Starts a matching task run through Cairn's route for it (Glue's API has none). */
  private static String start(String transformId, String body) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.httpUri()
                                + "/api/v1/ml-transforms/"
                                + transformId
                                + "/task-runs"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(response.body())
        .path("taskRunId")
        .asText();
  }

  private static void awaitSucceeded(String transformId, String taskRunId) throws Exception {
    GetMlTaskRunResponse run = awaitEnd(transformId, taskRunId);
    assertThat(run.status())
        .as("task run %s: %s\n%s", taskRunId, run.errorString(), log(transformId, taskRunId))
        .isEqualTo(TaskStatusType.SUCCEEDED);
  }

  private static GetMlTaskRunResponse awaitEnd(String transformId, String taskRunId)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(TASK_WAIT);
    while (true) {
      GetMlTaskRunResponse run =
          glue.getMLTaskRun(request -> request.transformId(transformId).taskRunId(taskRunId));
      if (ENDED.contains(run.status())) {
        return run;
      }
      assertThat(Instant.now())
          .as("task run %s still %s", taskRunId, run.status())
          .isBefore(deadline);
      Thread.sleep(500);
    }
  }

  private static String log(String transformId, String taskRunId) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.httpUri()
                            + "/api/v1/ml-transforms/"
                            + transformId
                            + "/task-runs/"
                            + taskRunId
                            + "/log"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The oracle: labels every record of the generated labeling sets with its true entity. */
  private static Path label(Path setsDirectory) throws Exception {
    Path file;
    try (Stream<Path> files = Files.list(setsDirectory)) {
      file = files.filter(path -> path.toString().endsWith(".csv")).findFirst().orElseThrow();
    }
    Dataset<Row> labelingSets = spark.read().option("header", "true").csv(file.toString());
    assertThat(labelingSets.columns()).startsWith("labeling_set_id", "label");
    List<String> lines = new ArrayList<>();
    lines.add("labeling_set_id,label,id");
    for (Row row : labelingSets.select("labeling_set_id", "id").collectAsList()) {
      lines.add(
          row.getString(0) + "," + febrl.entityOfKey().get(row.getString(1)) + "," + row.get(1));
    }
    return Files.write(workDirectory.resolve("labelled.csv"), lines);
  }

  private static Map<String, Long> matchIds(Dataset<Row> rows) {
    Map<String, Long> ids = new HashMap<>();
    for (Row row : rows.select("id", "match_id").collectAsList()) {
      ids.put(row.getString(0), row.getLong(1));
    }
    return ids;
  }
}
