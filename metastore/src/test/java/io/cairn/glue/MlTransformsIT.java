package io.cairn.glue;

import static io.cairn.glue.GlueErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.catalog.MlTaskRun;
import io.cairn.cli.CairnCli;
import io.cairn.server.ServerConfig;
import io.cairn.store.CatalogStore;
import io.cairn.store.jdbc.JdbcCatalogStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.GetMlTransformResponse;
import software.amazon.awssdk.services.glue.model.MLTransform;
import software.amazon.awssdk.services.glue.model.SortDirectionType;
import software.amazon.awssdk.services.glue.model.TaskRun;
import software.amazon.awssdk.services.glue.model.TaskStatusType;
import software.amazon.awssdk.services.glue.model.TaskType;
import software.amazon.awssdk.services.glue.model.TransformStatusType;

/**
 * Glue's ML transform operations through the AWS SDK for Java v2's GlueClient against a running
 * Cairn on SQLite whose task runs are real JVMs of {@link ScriptedTaskRunner} (configured through
 * {@code ml-transforms.runner-main-class} as etl-runner's TaskRunner is in production).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlTransformsIT {
  private static final Duration RUN_WAIT = Duration.ofSeconds(120);
  private static final String ROLE = "arn:aws:iam::000000000000:role/glue";

  @TempDir static Path dataDirectory;
  @TempDir static Path files;

  private GlueTestServer server;
  private GlueClient glue;

  static Map<String, String> runnerConfiguration() {
    Map<String, String> configuration = new HashMap<>(GlueJobsIT.runnerConfiguration());
    configuration.put(
        ServerConfig.ML_TRANSFORMS_RUNNER_MAIN_CLASS, ScriptedTaskRunner.class.getName());
    return configuration;
  }

  @BeforeAll
  void start() {
    server = GlueTestServer.start(dataDirectory, runnerConfiguration());
    glue = server.client();
    createCustomers(glue);
  }

  @AfterAll
  void stop() {
    glue.close();
    server.close();
  }

  private static void createCustomers(GlueClient client) {
    client.createDatabase(r -> r.databaseInput(d -> d.name("crm")));
    client.createTable(
        r ->
            r.databaseName("crm")
                .tableInput(
                    t ->
                        t.name("customers")
                            .storageDescriptor(
                                s ->
                                    s.location("file:/tmp/customers")
                                        .columns(
                                            c -> c.name("id").type("int"),
                                            c -> c.name("name").type("string")))
                            .partitionKeys(p -> p.name("country").type("string"))));
  }

  private static String createTransform(GlueClient client, String name) {
    return client
        .createMLTransform(
            r ->
                r.name(name)
                    .role(ROLE)
                    .inputRecordTables(t -> t.databaseName("crm").tableName("customers"))
                    .parameters(
                        p ->
                            p.transformType("FIND_MATCHES")
                                .findMatchesParameters(f -> f.primaryKeyColumnName("id"))))
        .transformId();
  }

  @Test
  void transformsAreCreatedReadListedUpdatedAndDeleted() {
    String id =
        glue.createMLTransform(
                r ->
                    r.name("dedupe-customers")
                        .description("finds the same customer twice")
                        .role(ROLE)
                        .inputRecordTables(t -> t.databaseName("crm").tableName("customers"))
                        .parameters(
                            p ->
                                p.transformType("FIND_MATCHES")
                                    .findMatchesParameters(
                                        f ->
                                            f.primaryKeyColumnName("id")
                                                .precisionRecallTradeoff(0.9)
                                                .accuracyCostTradeoff(0.3)
                                                .enforceProvidedLabels(true)))
                        .glueVersion("4.0")
                        .workerType("G.2X")
                        .numberOfWorkers(3)
                        .timeout(90)
                        .maxRetries(1)
                        .tags(Map.of("team", "crm")))
            .transformId();
    assertThat(id).matches("tfm-[0-9a-f]{40}");
    GetMlTransformResponse transform = glue.getMLTransform(r -> r.transformId(id));
    assertThat(transform.name()).isEqualTo("dedupe-customers");
    assertThat(transform.description()).isEqualTo("finds the same customer twice");
    assertThat(transform.status()).isEqualTo(TransformStatusType.NOT_READY);
    assertThat(transform.labelCount()).isZero();
    assertThat(transform.inputRecordTables().get(0).tableName()).isEqualTo("customers");
    assertThat(transform.parameters().findMatchesParameters().precisionRecallTradeoff())
        .isEqualTo(0.9);
    assertThat(transform.parameters().findMatchesParameters().enforceProvidedLabels()).isTrue();
    assertThat(transform.schema())
        .extracting(column -> column.name() + ":" + column.dataType())
        .containsExactly("id:int", "name:string", "country:string");
    assertThat(transform.workerTypeAsString()).isEqualTo("G.2X");
    assertThat(transform.numberOfWorkers()).isEqualTo(3);
    assertThat(transform.timeout()).isEqualTo(90);
    assertThat(transform.maxRetries()).isEqualTo(1);
    assertThat(
            transform
                .transformEncryption()
                .mlUserDataEncryption()
                .mlUserDataEncryptionModeAsString())
        .isEqualTo("DISABLED");
    assertThat(transform.createdOn()).isNotNull();
    assertThat(transform.evaluationMetrics()).isNull();

    String other = createTransform(glue, "another-transform");
    assertThat(glue.getMLTransforms(r -> r.filter(f -> f.name("dedupe-customers"))).transforms())
        .extracting(MLTransform::transformId)
        .containsExactly(id);
    assertThat(
            glue.getMLTransforms(
                    r ->
                        r.filter(
                                f ->
                                    f.status(TransformStatusType.NOT_READY)
                                        .schema(s -> s.name("name").dataType("string")))
                            .sort(
                                s -> s.column("NAME").sortDirection(SortDirectionType.DESCENDING)))
                .transforms())
        .extracting(MLTransform::transformId)
        .containsSubsequence(id, other);
    assertThat(
            glue.getMLTransforms(r -> r.filter(f -> f.schema(s -> s.name("nothing")))).transforms())
        .isEmpty();
    assertThat(glue.listMLTransforms(r -> r.tags(Map.of("team", "crm"))).transformIds())
        .containsExactly(id);
    List<String> paged = new ArrayList<>();
    glue.listMLTransformsPaginator(r -> r.maxResults(1))
        .forEach(page -> paged.addAll(page.transformIds()));
    assertThat(paged).contains(id, other);

    glue.updateMLTransform(
        r ->
            r.transformId(id)
                .name("dedupe-customers-v2")
                .parameters(
                    p ->
                        p.transformType("FIND_MATCHES")
                            .findMatchesParameters(
                                f -> f.primaryKeyColumnName("name").precisionRecallTradeoff(0.1)))
                .maxCapacity(5.0));
    GetMlTransformResponse updated = glue.getMLTransform(r -> r.transformId(id));
    assertThat(updated.name()).isEqualTo("dedupe-customers-v2");
    assertThat(updated.parameters().findMatchesParameters().primaryKeyColumnName())
        .isEqualTo("name");
    assertThat(updated.maxCapacity()).isEqualTo(5.0);
    assertThat(updated.workerType()).isNull();
    // Members not given are kept.
    assertThat(updated.description()).isEqualTo("finds the same customer twice");
    assertThat(updated.timeout()).isEqualTo(90);
    assertThat(updated.lastModifiedOn()).isAfterOrEqualTo(transform.lastModifiedOn());

    assertThat(glue.deleteMLTransform(r -> r.transformId(id)).transformId()).isEqualTo(id);
    assertError(() -> glue.getMLTransform(r -> r.transformId(id)), "EntityNotFoundException", id);
    assertError(
        () -> glue.deleteMLTransform(r -> r.transformId(id)), "EntityNotFoundException", id);
  }

  @Test
  void badInputIsRefusedAndStoresNothing() throws Exception {
    assertError(
        () ->
            glue.createMLTransform(
                r ->
                    r.name("bad-table")
                        .role(ROLE)
                        .inputRecordTables(t -> t.databaseName("crm").tableName("missing"))
                        .parameters(
                            p ->
                                p.transformType("FIND_MATCHES")
                                    .findMatchesParameters(f -> f.primaryKeyColumnName("id")))),
        "EntityNotFoundException",
        "missing");
    assertError(
        () -> create("bad-key", p -> p.primaryKeyColumnName("nothing")),
        "InvalidInputException",
        "not a column");
    assertError(
        () ->
            create("bad-tradeoff", p -> p.primaryKeyColumnName("id").precisionRecallTradeoff(1.5)),
        "InvalidInputException",
        "PrecisionRecallTradeoff");
    assertError(
        () -> create("no-key", p -> p.precisionRecallTradeoff(0.5)),
        "InvalidInputException",
        "PrimaryKeyColumnName");
    assertError(
        () ->
            glue.createMLTransform(
                r ->
                    r.name("bad-workers")
                        .role(ROLE)
                        .workerType("G.1X")
                        .inputRecordTables(t -> t.databaseName("crm").tableName("customers"))
                        .parameters(
                            p ->
                                p.transformType("FIND_MATCHES")
                                    .findMatchesParameters(f -> f.primaryKeyColumnName("id")))),
        "InvalidInputException",
        "NumberOfWorkers");
    assertError(
        () ->
            glue.createMLTransform(
                r ->
                    r.name("bad-encryption")
                        .role(ROLE)
                        .transformEncryption(
                            e -> e.mlUserDataEncryption(m -> m.mlUserDataEncryptionMode("SSE-KMS")))
                        .inputRecordTables(t -> t.databaseName("crm").tableName("customers"))
                        .parameters(
                            p ->
                                p.transformType("FIND_MATCHES")
                                    .findMatchesParameters(f -> f.primaryKeyColumnName("id")))),
        "InvalidInputException",
        "encryption-key-file");
    assertError(
        () ->
            glue.createMLTransform(
                r ->
                    r.name("no-type")
                        .role(ROLE)
                        .inputRecordTables(t -> t.databaseName("crm").tableName("customers"))
                        .parameters(
                            p -> p.findMatchesParameters(f -> f.primaryKeyColumnName("id")))),
        "InvalidInputException",
        "transformType");
    assertThat(glue.getMLTransforms(r -> r.maxResults(1000)).transforms())
        .extracting(MLTransform::name)
        .doesNotContain(
            "bad-table",
            "bad-key",
            "bad-tradeoff",
            "no-key",
            "bad-workers",
            "bad-encryption",
            "no-type");
    String id = createTransform(glue, "refusals");
    assertError(() -> createTransform(glue, "refusals"), "AlreadyExistsException", "refusals");

    assertError(
        () -> glue.getMLTransform(r -> r.transformId("tfm-unknown")),
        "EntityNotFoundException",
        "tfm-unknown");
    assertError(
        () -> glue.startMLEvaluationTaskRun(r -> r.transformId("tfm-unknown")),
        "EntityNotFoundException",
        "tfm-unknown");
    assertError(
        () -> glue.getMLTaskRun(r -> r.transformId(id).taskRunId("tsk-unknown")),
        "EntityNotFoundException",
        "tsk-unknown");
    assertError(
        () -> glue.cancelMLTaskRun(r -> r.transformId(id).taskRunId("tsk-unknown")),
        "EntityNotFoundException",
        "tsk-unknown");
    assertError(
        () -> glue.startMLEvaluationTaskRun(r -> r.transformId(id)),
        "MLTransformNotReadyException",
        "no labels");
    assertError(
        () -> glue.startExportLabelsTaskRun(r -> r.transformId(id).outputS3Path("file:/tmp/x")),
        "MLTransformNotReadyException",
        "no labels");
    assertError(
        () -> glue.startImportLabelsTaskRun(r -> r.transformId(id).inputS3Path("ftp://host/x")),
        "InvalidInputException",
        "InputS3Path");
    assertThat(glue.getMLTaskRuns(r -> r.transformId(id)).taskRuns()).isEmpty();
    HttpResponse<String> badStart =
        post("/api/v1/ml-transforms/" + id + "/task-runs", "{\"taskType\":\"FIND_MATCHES\"}");
    assertThat(badStart.statusCode()).isEqualTo(400);
    assertThat(badStart.body()).contains("output");
  }

  private void create(
      String name,
      java.util.function.Consumer<
              software.amazon.awssdk.services.glue.model.FindMatchesParameters.Builder>
          parameters) {
    glue.createMLTransform(
        r ->
            r.name(name)
                .role(ROLE)
                .inputRecordTables(t -> t.databaseName("crm").tableName("customers"))
                .parameters(
                    p -> p.transformType("FIND_MATCHES").findMatchesParameters(parameters)));
  }

  @Test
  void importedLabelsMakeATransformReadyAndTaskRunsKeepTheirHistory() throws Exception {
    String id = createTransform(glue, "labelled");
    Path labelingSet = files.resolve("labeling-set.csv");
    String generation =
        glue.startMLLabelingSetGenerationTaskRun(
                r -> r.transformId(id).outputS3Path(labelingSet.toUri().toString()))
            .taskRunId();
    assertThat(generation).matches("tsk-[0-9a-f]{40}");
    TaskRun generated = awaitEnd(id, generation);
    assertThat(generated.status()).isEqualTo(TaskStatusType.SUCCEEDED);
    assertThat(generated.properties().taskType()).isEqualTo(TaskType.LABELING_SET_GENERATION);
    assertThat(generated.properties().labelingSetGenerationTaskRunProperties().outputS3Path())
        .isEqualTo(labelingSet.toUri().toString());
    assertThat(generated.logGroupName()).isEqualTo("/aws-glue/ml-transforms");
    assertThat(generated.completedOn()).isAfterOrEqualTo(generated.startedOn());
    assertThat(labelingSet).content().startsWith("labeling_set_id,label,id\n");
    assertThat(glue.getMLTransform(r -> r.transformId(id)).status())
        .isEqualTo(TransformStatusType.NOT_READY);

    Path first = files.resolve("labels-1.csv");
    Files.writeString(
        first, "labeling_set_id,label,id,name\ns1,A,1,Ann\ns1,A,2,Anne\ns2,B,3,Bob\n");
    String imported =
        glue.startImportLabelsTaskRun(
                r -> r.transformId(id).inputS3Path(first.toUri().toString()).replaceAllLabels(true))
            .taskRunId();
    assertThat(awaitEnd(id, imported).status()).isEqualTo(TaskStatusType.SUCCEEDED);
    GetMlTransformResponse ready = glue.getMLTransform(r -> r.transformId(id));
    assertThat(ready.status()).isEqualTo(TransformStatusType.READY);
    assertThat(ready.labelCount()).isEqualTo(3);

    Path second = files.resolve("labels-2.csv");
    Files.writeString(second, "labeling_set_id,label,id,name\ns3,C,4,Cy\ns3,D,5,Dee\n");
    String added =
        glue.startImportLabelsTaskRun(r -> r.transformId(id).inputS3Path(second.toUri().toString()))
            .taskRunId();
    TaskRun addedRun = awaitEnd(id, added);
    assertThat(addedRun.status()).isEqualTo(TaskStatusType.SUCCEEDED);
    assertThat(addedRun.properties().importLabelsTaskRunProperties().replace()).isFalse();
    assertThat(glue.getMLTransform(r -> r.transformId(id)).labelCount()).isEqualTo(5);

    // The labels the server hands to a run are the ones stored in the database.
    Path exported = files.resolve("exported.csv");
    String export =
        glue.startExportLabelsTaskRun(
                r -> r.transformId(id).outputS3Path(exported.toUri().toString()))
            .taskRunId();
    assertThat(awaitEnd(id, export).status()).isEqualTo(TaskStatusType.SUCCEEDED);
    assertThat(exported)
        .hasContent(
            "labeling_set_id,label,id\ns1,A,1,Ann\ns1,A,2,Anne\ns2,B,3,Bob\ns3,C,4,Cy\ns3,D,5,Dee");

    String evaluation = glue.startMLEvaluationTaskRun(r -> r.transformId(id)).taskRunId();
    assertThat(awaitEnd(id, evaluation).status()).isEqualTo(TaskStatusType.SUCCEEDED);
    GetMlTransformResponse evaluated = glue.getMLTransform(r -> r.transformId(id));
    var metrics = evaluated.evaluationMetrics().findMatchesMetrics();
    assertThat(evaluated.evaluationMetrics().transformTypeAsString()).isEqualTo("FIND_MATCHES");
    assertThat(metrics.areaUnderPRCurve()).isEqualTo(0.9);
    assertThat(metrics.f1()).isEqualTo(0.75);
    assertThat(metrics.confusionMatrix().numTruePositives()).isEqualTo(5);
    assertThat(metrics.columnImportances().get(0).columnName()).isEqualTo("name");
    // The model it trained went through the database (zipped) to the next run.
    String again = glue.startMLEvaluationTaskRun(r -> r.transformId(id)).taskRunId();
    assertThat(awaitEnd(id, again).status()).isEqualTo(TaskStatusType.SUCCEEDED);
    assertThat(log(id, again)).contains("model-in: trained on 5 labels");
    assertThat(log(id, evaluation)).doesNotContain("model-in").contains("progress: done");
    // Each run's directory keeps its log but no copy of labels or model.
    try (Stream<Path> left = Files.list(dataDirectory.resolve("ml-transforms/tasks/" + again))) {
      assertThat(left.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("task.json", "task.log", "result.json");
    }

    List<TaskRun> runs = glue.getMLTaskRuns(r -> r.transformId(id)).taskRuns();
    assertThat(runs)
        .extracting(TaskRun::taskRunId)
        .containsExactly(again, evaluation, export, added, imported, generation);
    assertThat(
            glue.getMLTaskRuns(r -> r.transformId(id).filter(f -> f.taskRunType("IMPORT_LABELS")))
                .taskRuns())
        .extracting(TaskRun::taskRunId)
        .containsExactly(added, imported);
    assertThat(
            glue.getMLTaskRuns(
                    r ->
                        r.transformId(id)
                            .filter(
                                f -> f.startedAfter(runs.get(2).startedOn()).status("SUCCEEDED")))
                .taskRuns())
        .extracting(TaskRun::taskRunId)
        .containsExactly(again, evaluation);
    assertThat(
            glue.getMLTaskRuns(
                    r -> r.transformId(id).filter(f -> f.startedBefore(runs.get(4).startedOn())))
                .taskRuns())
        .extracting(TaskRun::taskRunId)
        .containsExactly(generation);
    assertThat(
            glue.getMLTaskRuns(
                    r ->
                        r.transformId(id)
                            .sort(
                                s ->
                                    s.column("TASK_RUN_TYPE")
                                        .sortDirection(SortDirectionType.ASCENDING)))
                .taskRuns())
        .extracting(run -> run.properties().taskTypeAsString())
        .containsExactly(
            "EVALUATION",
            "EVALUATION",
            "EXPORT_LABELS",
            "IMPORT_LABELS",
            "IMPORT_LABELS",
            "LABELING_SET_GENERATION");
    List<String> paged = new ArrayList<>();
    glue.getMLTaskRunsPaginator(r -> r.transformId(id).maxResults(4))
        .forEach(page -> page.taskRuns().forEach(run -> paged.add(run.taskRunId())));
    assertThat(paged).hasSize(6);

    // Matching into a table, as cairn findmatches run starts it.
    HttpResponse<String> started =
        post(
            "/api/v1/ml-transforms/" + id + "/task-runs",
            "{\"taskType\":\"FIND_MATCHES\",\"output\":{\"database\":\"crm\",\"table\":\"matched\"},"
                + "\"matchConfidence\":true}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    String matching = started.body().replaceAll(".*\"taskRunId\":\"([^\"]+)\".*", "$1");
    TaskRun matched = awaitEnd(id, matching);
    assertThat(matched.status()).isEqualTo(TaskStatusType.SUCCEEDED);
    assertThat(matched.properties().taskType()).isEqualTo(TaskType.FIND_MATCHES);
    assertThat(log(id, matching))
        .contains("\"output\":{\"database\":\"crm\",\"table\":\"matched\"}")
        .contains("\"matchConfidence\":true")
        .contains("progress: matched 2 records");
  }

  @Test
  void aCancelledTaskRunIsKilledAndStoppedAndOnlyOneRunsAtATime() throws Exception {
    String id = createTransform(glue, "cancelled");
    String runId =
        glue.startMLLabelingSetGenerationTaskRun(
                r -> r.transformId(id).outputS3Path(files.resolve("sleep.csv").toUri().toString()))
            .taskRunId();
    awaitStatus(id, runId, TaskStatusType.RUNNING);
    assertError(
        () ->
            glue.startMLLabelingSetGenerationTaskRun(
                r -> r.transformId(id).outputS3Path(files.resolve("other.csv").toUri().toString())),
        "ConcurrentRunsExceededException",
        "one task at a time");
    assertError(
        () -> glue.deleteMLTransform(r -> r.transformId(id)),
        "InvalidInputException",
        "active task run");
    assertThat(glue.cancelMLTaskRun(r -> r.transformId(id).taskRunId(runId)).status())
        .isEqualTo(TaskStatusType.STOPPING);
    TaskRun run = awaitEnd(id, runId);
    assertThat(run.status()).isEqualTo(TaskStatusType.STOPPED);
    assertThat(run.executionTime()).isLessThan(120);
    assertThat(runnerProcesses(runId)).isEmpty();
    assertError(
        () -> glue.cancelMLTaskRun(r -> r.transformId(id).taskRunId(runId)),
        "InvalidInputException",
        "STOPPED");
    glue.deleteMLTransform(r -> r.transformId(id));
  }

  @Test
  void aTaskRunPastItsTransformsTimeoutIsKilledAndEndsTimeout() throws Exception {
    String id =
        glue.createMLTransform(
                r ->
                    r.name("slow")
                        .role(ROLE)
                        .timeout(1)
                        .inputRecordTables(t -> t.databaseName("crm").tableName("customers"))
                        .parameters(
                            p ->
                                p.transformType("FIND_MATCHES")
                                    .findMatchesParameters(f -> f.primaryKeyColumnName("id"))))
            .transformId();
    String runId =
        glue.startMLLabelingSetGenerationTaskRun(
                r ->
                    r.transformId(id)
                        .outputS3Path(files.resolve("sleep-slow.csv").toUri().toString()))
            .taskRunId();
    TaskRun run = awaitEnd(id, runId);
    assertThat(run.status()).isEqualTo(TaskStatusType.TIMEOUT);
    assertThat(run.errorString()).contains("Timeout of 1 minute");
    assertThat(run.executionTime()).isBetween(60, 90);
    assertThat(runnerProcesses(runId)).isEmpty();
  }

  @Test
  void failingTaskRunsEndFailedWithTheirErrorString() throws Exception {
    String id = createTransform(glue, "failing");
    String reported =
        glue.startImportLabelsTaskRun(
                r -> r.transformId(id).inputS3Path(files.resolve("fail.csv").toUri().toString()))
            .taskRunId();
    TaskRun failed = awaitEnd(id, reported);
    assertThat(failed.status()).isEqualTo(TaskStatusType.FAILED);
    assertThat(failed.errorString())
        .isEqualTo("the labels file " + files.resolve("fail.csv").toUri() + " is not CSV");
    String crashed =
        glue.startImportLabelsTaskRun(
                r -> r.transformId(id).inputS3Path(files.resolve("crash.csv").toUri().toString()))
            .taskRunId();
    assertThat(awaitEnd(id, crashed).errorString()).isEqualTo("boom: the runner crashed");
    String invalid =
        glue.startMLLabelingSetGenerationTaskRun(
                r ->
                    r.transformId(id).outputS3Path(files.resolve("invalid.csv").toUri().toString()))
            .taskRunId();
    assertThat(awaitEnd(id, invalid).errorString())
        .isEqualTo(
            "the task runner refused the task as invalid: the output path "
                + files.resolve("invalid.csv").toUri()
                + " is not writable");
    GetMlTransformResponse transform = glue.getMLTransform(r -> r.transformId(id));
    assertThat(transform.status()).isEqualTo(TransformStatusType.NOT_READY);
    assertThat(transform.labelCount()).isZero();
    assertThat(
            glue.getMLTaskRuns(r -> r.transformId(id).filter(f -> f.status("FAILED"))).taskRuns())
        .hasSize(3);
  }

  @Test
  void labelsAndModelsAreStoredPlainWithoutAKeyAndEncryptedWithOne(@TempDir Path directory)
      throws Exception {
    // This class's server has no key: the stored labels are the file.
    String plain = createTransform(glue, "plain");
    importLabels(glue, plain, files.resolve("plain.csv"));
    assertThat(new String(storedLabels(dataDirectory, plain), StandardCharsets.UTF_8))
        .startsWith("labeling_set_id,label,id");

    Path key = directory.resolve("ml.key");
    Files.writeString(key, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    Path otherKey = directory.resolve("other.key");
    byte[] other = new byte[32];
    other[0] = 1;
    Files.writeString(otherKey, Base64.getEncoder().encodeToString(other));
    Path data = directory.resolve("data");
    String id;
    Path exported = directory.resolve("exported.csv");
    try (GlueTestServer keyed = GlueTestServer.start(data, withKey(key));
        GlueClient client = keyed.client()) {
      createCustomers(client);
      id =
          client
              .createMLTransform(
                  r ->
                      r.name("encrypted")
                          .role(ROLE)
                          .transformEncryption(
                              e ->
                                  e.mlUserDataEncryption(
                                      m -> m.mlUserDataEncryptionMode("SSE-KMS").kmsKeyId("k1")))
                          .inputRecordTables(t -> t.databaseName("crm").tableName("customers"))
                          .parameters(
                              p ->
                                  p.transformType("FIND_MATCHES")
                                      .findMatchesParameters(f -> f.primaryKeyColumnName("id"))))
              .transformId();
      assertThat(
              client
                  .getMLTransform(r -> r.transformId(id))
                  .transformEncryption()
                  .mlUserDataEncryption()
                  .mlUserDataEncryptionModeAsString())
          .isEqualTo("SSE-KMS");
      importLabels(client, id, directory.resolve("labels.csv"));
      String evaluation = client.startMLEvaluationTaskRun(r -> r.transformId(id)).taskRunId();
      assertThat(await(client, id, evaluation).status()).isEqualTo(TaskStatusType.SUCCEEDED);
      String again = client.startMLEvaluationTaskRun(r -> r.transformId(id)).taskRunId();
      assertThat(await(client, id, again).status()).isEqualTo(TaskStatusType.SUCCEEDED);
      assertThat(Files.readString(data.resolve("ml-transforms/tasks/" + again + "/task.log")))
          .contains("model-in: trained on 2 labels");
      String export =
          client
              .startExportLabelsTaskRun(
                  r -> r.transformId(id).outputS3Path(exported.toUri().toString()))
              .taskRunId();
      assertThat(await(client, id, export).status()).isEqualTo(TaskStatusType.SUCCEEDED);
      assertThat(exported).content().startsWith("labeling_set_id,label,id\ns1,A,1,Ann");
    }
    byte[] stored = storedLabels(data, id);
    assertThat(new String(stored, StandardCharsets.ISO_8859_1))
        .doesNotContain("labeling_set_id", "Ann");
    byte[] model = storedArtifact(data, id, "MODEL");
    assertThat(new String(model, StandardCharsets.ISO_8859_1))
        .doesNotContain("model.txt", "trained");

    // Another key: the labels cannot be handed to a run, and the run says why.
    try (GlueTestServer wrong = GlueTestServer.start(data, withKey(otherKey));
        GlueClient client = wrong.client()) {
      String export =
          client
              .startExportLabelsTaskRun(
                  r ->
                      r.transformId(id)
                          .outputS3Path(directory.resolve("again.csv").toUri().toString()))
              .taskRunId();
      TaskRun run = await(client, id, export);
      assertThat(run.status()).isEqualTo(TaskStatusType.FAILED);
      assertThat(run.errorString())
          .contains("encrypted with key aes-")
          .contains("not with this server's key");
    }
    assertThat(storedLabels(data, id)).isEqualTo(stored);
  }

  /** A task run a crashed server left active is FAILED after a restart, and frees its transform. */
  @Test
  void aTaskRunCutShortByARestartIsFailed(@TempDir Path directory) throws Exception {
    String id;
    try (GlueTestServer first = GlueTestServer.start(directory, runnerConfiguration());
        GlueClient client = first.client()) {
      createCustomers(client);
      id = createTransform(client, "restarted");
    }
    // What the store holds after a server died mid-run.
    try (CatalogStore store =
        JdbcCatalogStore.open("jdbc:sqlite:" + directory.resolve("catalog.db"), null, null, 1)) {
      Instant start = Instant.now().minusSeconds(5);
      String transformId = id;
      store.write(
          transaction ->
              transaction.createMlTaskRun(
                  new MlTaskRun(
                      "tsk-crash",
                      transformId,
                      MlTaskRun.TaskType.LABELING_SET_GENERATION,
                      MlTaskRun.State.RUNNING,
                      Map.of("outputPath", "file:/tmp/set.csv"),
                      10,
                      start,
                      start,
                      start,
                      null,
                      null)));
    }
    try (GlueTestServer second = GlueTestServer.start(directory, runnerConfiguration());
        GlueClient client = second.client()) {
      var run = client.getMLTaskRun(r -> r.transformId(id).taskRunId("tsk-crash"));
      assertThat(run.status()).isEqualTo(TaskStatusType.FAILED);
      assertThat(run.errorString()).contains("server");
      assertThat(run.completedOn()).isNotNull();
      Path set = directory.resolve("set.csv");
      String next =
          client
              .startMLLabelingSetGenerationTaskRun(
                  r -> r.transformId(id).outputS3Path(set.toUri().toString()))
              .taskRunId();
      assertThat(await(client, id, next).status()).isEqualTo(TaskStatusType.SUCCEEDED);
    }
  }

  @Test
  void cairnFindmatchesRunFollowsAMatchingTaskRunInTheServer() throws Exception {
    String id = createTransform(glue, "cli-matching");
    String uri = server.uri().toString();
    Cli notReady =
        cli(
            "findmatches",
            "run",
            "--transform",
            "cli-matching",
            "--output",
            "crm.matched",
            "--server",
            uri);
    assertThat(notReady.exitCode()).as(notReady.err()).isEqualTo(2);
    assertThat(notReady.err()).contains("no labels yet");
    importLabels(glue, id, files.resolve("cli-labels.csv"));

    Cli matched =
        cli(
            "findmatches",
            "run",
            "--transform",
            "cli-matching",
            "--output",
            "crm.matched",
            "--match-confidence",
            "--server",
            uri);
    assertThat(matched.exitCode()).as(matched.err()).isZero();
    assertThat(matched.err())
        .contains("cairn findmatches run: task run tsk-")
        .contains("progress: matched 2 records into {\"database\":\"crm\",\"table\":\"matched\"}")
        .contains("SUCCEEDED in");
    List<TaskRun> runs = glue.getMLTaskRuns(r -> r.transformId(id)).taskRuns();
    assertThat(runs.get(0).properties().taskType()).isEqualTo(TaskType.FIND_MATCHES);
    assertThat(runs.get(0).status()).isEqualTo(TaskStatusType.SUCCEEDED);

    Cli incremental =
        cli(
            "findmatches",
            "run",
            "--transform",
            id,
            "--output",
            "crm.matched",
            "--incremental-input",
            "crm.missing",
            "--server",
            uri);
    assertThat(incremental.exitCode()).as(incremental.err()).isEqualTo(2);
    assertThat(incremental.err()).contains("missing");
    Cli unknown =
        cli("findmatches", "run", "--transform", "nothing", "--output", "crm.m", "--server", uri);
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no ML transform is named nothing");
    Cli badOutput =
        cli("findmatches", "run", "--transform", id, "--output", "matched", "--server", uri);
    assertThat(badOutput.exitCode()).isEqualTo(2);
    assertThat(badOutput.err()).contains("--output must be DATABASE.TABLE");
    Cli unreachable =
        cli(
            "findmatches",
            "run",
            "--transform",
            id,
            "--output",
            "crm.m",
            "--server",
            "http://127.0.0.1:1");
    assertThat(unreachable.exitCode()).isEqualTo(1);
    assertThat(unreachable.err()).contains("cannot connect");
    assertThat(glue.getMLTaskRuns(r -> r.transformId(id)).taskRuns()).hasSize(2);
    Cli help = cli("findmatches", "run", "--help");
    assertThat(help.exitCode()).isZero();
  }

  private static Cli cli(String... arguments) {
    StringWriter err = new StringWriter();
    int exitCode =
        CairnCli.commandLine()
            .setOut(new PrintWriter(new StringWriter()))
            .setErr(new PrintWriter(err))
            .execute(arguments);
    return new Cli(exitCode, err.toString());
  }

  private record Cli(int exitCode, String err) {}

  private static Map<String, String> withKey(Path key) {
    Map<String, String> configuration = runnerConfiguration();
    configuration.put(ServerConfig.ML_TRANSFORMS_ENCRYPTION_KEY_FILE, key.toString());
    return configuration;
  }

  private static void importLabels(GlueClient client, String id, Path file) throws Exception {
    Files.writeString(file, "labeling_set_id,label,id,name\ns1,A,1,Ann\ns1,A,2,Anne\n");
    String runId =
        client
            .startImportLabelsTaskRun(r -> r.transformId(id).inputS3Path(file.toUri().toString()))
            .taskRunId();
    assertThat(await(client, id, runId).status()).isEqualTo(TaskStatusType.SUCCEEDED);
    assertThat(client.getMLTransform(r -> r.transformId(id)).labelCount()).isEqualTo(2);
  }

  private static byte[] storedLabels(Path data, String id) throws Exception {
    return storedArtifact(data, id, "LABELS");
  }

  /** The bytes the catalog database holds, read with plain JDBC. */
  private static byte[] storedArtifact(Path data, String id, String kind) throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + data.resolve("catalog.db"));
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT content FROM ml_transform_artifacts WHERE transform_id = '"
                    + id
                    + "' AND kind = '"
                    + kind
                    + "'")) {
      assertThat(row.next()).as(kind + " of " + id + " stored").isTrue();
      return row.getBytes(1);
    }
  }

  // Helpers

  private TaskRun awaitEnd(String transformId, String taskRunId) throws InterruptedException {
    return await(glue, transformId, taskRunId);
  }

  /** Polls GetMLTaskRun until the run has ended, as clients wait for a run. */
  private static TaskRun await(GlueClient client, String transformId, String taskRunId)
      throws InterruptedException {
    Set<TaskStatusType> ended =
        Set.of(
            TaskStatusType.SUCCEEDED,
            TaskStatusType.FAILED,
            TaskStatusType.TIMEOUT,
            TaskStatusType.STOPPED);
    Instant deadline = Instant.now().plus(RUN_WAIT);
    while (true) {
      var run = client.getMLTaskRun(r -> r.transformId(transformId).taskRunId(taskRunId));
      if (ended.contains(run.status())) {
        return client.getMLTaskRuns(r -> r.transformId(transformId)).taskRuns().stream()
            .filter(each -> each.taskRunId().equals(taskRunId))
            .findFirst()
            .orElseThrow();
      }
      assertThat(Instant.now()).as("task run " + taskRunId + " ended").isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private void awaitStatus(String transformId, String taskRunId, TaskStatusType status)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(RUN_WAIT);
    while (glue.getMLTaskRun(r -> r.transformId(transformId).taskRunId(taskRunId)).status()
        != status) {
      assertThat(Instant.now()).as("task run " + taskRunId + " " + status).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private String log(String transformId, String taskRunId)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        server
                            .uri()
                            .resolve(
                                "/api/v1/ml-transforms/"
                                    + transformId
                                    + "/task-runs/"
                                    + taskRunId
                                    + "/log"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(server.uri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** Live processes launched for the run (its task directory is on their command line). */
  private static List<ProcessHandle> runnerProcesses(String taskRunId) {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(
            process ->
                process.info().arguments().map(List::of).orElse(List.of()).stream()
                    .anyMatch(argument -> argument.endsWith(taskRunId)))
        .toList();
  }
}
