package io.cairn.glue;

import static io.cairn.glue.GlueErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchGetWorkflowsResponse;
import software.amazon.awssdk.services.glue.model.CodeGenConfigurationNode;
import software.amazon.awssdk.services.glue.model.CrawlState;
import software.amazon.awssdk.services.glue.model.Edge;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.Node;
import software.amazon.awssdk.services.glue.model.NodeType;
import software.amazon.awssdk.services.glue.model.Workflow;
import software.amazon.awssdk.services.glue.model.WorkflowRun;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatistics;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatus;

/**
 * Glue's workflows through the AWS SDK for Java v2's GlueClient against a running Cairn on SQLite:
 * a run crawls a local lake, then runs a job (a real JVM of {@link ScriptedJobRunner}) when the
 * crawl succeeded, and completes with Glue's statistics and graph.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlueWorkflowsIT {
  private static final Duration RUN_WAIT = Duration.ofSeconds(120);

  @TempDir static Path dataDirectory;
  @TempDir static Path lake;

  private GlueTestServer server;
  private GlueClient glue;

  @BeforeAll
  void start() {
    server = GlueTestServer.start(dataDirectory, GlueJobsIT.runnerConfiguration());
    glue = server.client();
  }

  @AfterAll
  void stop() {
    glue.close();
    server.close();
  }

  @Test
  void aWorkflowRunCrawlsThenRunsItsJobAndCompletes() throws Exception {
    Path table = lake.resolve("sales");
    Files.createDirectories(table);
    Files.writeString(table.resolve("part-1.csv"), "id,amount\n1,10\n2,20\n");
    glue.createDatabase(r -> r.databaseInput(d -> d.name("workflow_lake")));
    glue.createCrawler(
        r ->
            r.name("nightly-crawler")
                .role("role")
                .databaseName("workflow_lake")
                .targets(t -> t.s3Targets(s -> s.path(lake.toUri().toString()))));
    createJob("nightly-load", 0);
    glue.createWorkflow(
        r ->
            r.name("nightly")
                .description("crawl, then load")
                .defaultRunProperties(Map.of("day", "2026-01-01", "source", "lake"))
                .maxConcurrentRuns(1));
    glue.createTrigger(
        r ->
            r.name("nightly-start")
                .workflowName("nightly")
                .type("ON_DEMAND")
                .actions(a -> a.crawlerName("nightly-crawler")));
    glue.createTrigger(
        r ->
            r.name("nightly-after-crawl")
                .workflowName("nightly")
                .type("CONDITIONAL")
                .startOnCreation(true)
                .predicate(
                    p ->
                        p.conditions(
                            c ->
                                c.logicalOperator("EQUALS")
                                    .crawlerName("nightly-crawler")
                                    .crawlState("SUCCEEDED")))
                .actions(
                    a ->
                        a.jobName("nightly-load")
                            .arguments(Map.of("--lines", "1", "--sleep-seconds", "1"))));
    assertThat(glue.getTrigger(r -> r.name("nightly-after-crawl")).trigger().workflowName())
        .isEqualTo("nightly");

    Workflow workflow = glue.getWorkflow(r -> r.name("nightly").includeGraph(true)).workflow();
    assertThat(workflow.description()).isEqualTo("crawl, then load");
    assertThat(workflow.maxConcurrentRuns()).isEqualTo(1);
    assertThat(workflow.createdOn()).isNotNull();
    assertThat(workflow.lastRun()).isNull();
    assertThat(workflow.graph().nodes())
        .extracting(Node::typeAsString, Node::name)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("TRIGGER", "nightly-start"),
            org.assertj.core.groups.Tuple.tuple("TRIGGER", "nightly-after-crawl"),
            org.assertj.core.groups.Tuple.tuple("CRAWLER", "nightly-crawler"),
            org.assertj.core.groups.Tuple.tuple("JOB", "nightly-load"));
    assertThat(edges(workflow.graph().nodes(), workflow.graph().edges()))
        .containsExactlyInAnyOrder(
            "nightly-start -> nightly-crawler",
            "nightly-crawler -> nightly-after-crawl",
            "nightly-after-crawl -> nightly-load");

    String runId =
        glue.startWorkflowRun(r -> r.name("nightly").runProperties(Map.of("day", "2026-01-02")))
            .runId();
    assertThat(runId).matches("wr_[0-9a-f]{64}");
    // MaxConcurrentRuns 1: a second run waits for this one to end.
    assertError(
        () -> glue.startWorkflowRun(r -> r.name("nightly")),
        "ConcurrentRunsExceededException",
        "MaxConcurrentRuns");
    glue.putWorkflowRunProperties(
        r -> r.name("nightly").runId(runId).runProperties(Map.of("rows", "2")));
    assertThat(glue.getWorkflowRunProperties(r -> r.name("nightly").runId(runId)).runProperties())
        .isEqualTo(Map.of("day", "2026-01-02", "source", "lake", "rows", "2"));

    WorkflowRun run = awaitEnd("nightly", runId);
    assertThat(run.status()).isEqualTo(WorkflowRunStatus.COMPLETED);
    assertThat(run.name()).isEqualTo("nightly");
    assertThat(run.workflowRunId()).isEqualTo(runId);
    assertThat(run.completedOn()).isAfterOrEqualTo(run.startedOn());
    assertThat(run.workflowRunProperties()).containsEntry("rows", "2");
    assertStatistics(run.statistics(), 2, 2, 0, 0);

    Map<String, Node> nodes =
        run.graph().nodes().stream().collect(Collectors.toMap(Node::name, Function.identity()));
    assertThat(nodes.get("nightly-crawler").type()).isEqualTo(NodeType.CRAWLER);
    assertThat(nodes.get("nightly-crawler").crawlerDetails().crawls())
        .singleElement()
        .satisfies(crawl -> assertThat(crawl.state()).isEqualTo(CrawlState.SUCCEEDED));
    List<JobRun> jobRuns = nodes.get("nightly-load").jobDetails().jobRuns();
    assertThat(jobRuns).hasSize(1);
    JobRun jobRun = jobRuns.get(0);
    assertThat(jobRun.jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
    assertThat(jobRun.triggerName()).isEqualTo("nightly-after-crawl");
    assertThat(jobRun.arguments())
        .containsEntry("--WORKFLOW_NAME", "nightly")
        .containsEntry("--WORKFLOW_RUN_ID", runId)
        .containsEntry("--lines", "1");
    assertThat(nodes.get("nightly-after-crawl").triggerDetails().trigger().workflowName())
        .isEqualTo("nightly");
    // The job's own JVM got Glue's workflow arguments on its command line.
    assertThat(log("nightly-load", jobRun.id()))
        .contains("--WORKFLOW_NAME nightly")
        .contains("--WORKFLOW_RUN_ID " + runId);
    // The job ran after the crawl had written its table.
    assertThat(glue.getTables(r -> r.databaseName("workflow_lake")).tableList()).hasSize(1);

    Workflow after = glue.getWorkflow(r -> r.name("nightly")).workflow();
    assertThat(after.lastRun().workflowRunId()).isEqualTo(runId);
    assertThat(after.lastRun().status()).isEqualTo(WorkflowRunStatus.COMPLETED);
    assertThat(after.graph()).isNull();
    assertThat(glue.getWorkflowRuns(r -> r.name("nightly")).runs())
        .extracting(WorkflowRun::workflowRunId)
        .containsExactly(runId);
    // Run properties stay readable and writable after the run.
    glue.putWorkflowRunProperties(
        r -> r.name("nightly").runId(runId).runProperties(Map.of("day", "2026-01-03")));
    assertThat(glue.getWorkflowRunProperties(r -> r.name("nightly").runId(runId)).runProperties())
        .containsEntry("day", "2026-01-03")
        .containsEntry("rows", "2");
    assertError(
        () -> glue.stopWorkflowRun(r -> r.name("nightly").runId(runId)),
        "IllegalWorkflowStateException",
        "COMPLETED");
  }

  @Test
  void aFailedJobIsCountedAndItsRunStillCompletesWatchingOnlyItsOwnRuns() throws Exception {
    createJob("fragile-load", 0);
    createJob("fragile-cleanup", 0);
    createJob("fragile-publish", 0);
    glue.createWorkflow(r -> r.name("fragile"));
    glue.createTrigger(
        r ->
            r.name("fragile-start")
                .workflowName("fragile")
                .type("ON_DEMAND")
                .actions(a -> a.jobName("fragile-load").arguments(Map.of("--exit-code", "3"))));
    for (String state : List.of("FAILED", "SUCCEEDED")) {
      String job = state.equals("FAILED") ? "fragile-cleanup" : "fragile-publish";
      glue.createTrigger(
          r ->
              r.name("fragile-on-" + state.toLowerCase())
                  .workflowName("fragile")
                  .type("CONDITIONAL")
                  .startOnCreation(true)
                  .predicate(
                      p ->
                          p.logical("ANY")
                              .conditions(
                                  c ->
                                      c.logicalOperator("EQUALS")
                                          .jobName("fragile-load")
                                          .state(state)))
                  .actions(a -> a.jobName(job)));
    }

    String runId = glue.startWorkflowRun(r -> r.name("fragile")).runId();
    WorkflowRun run = awaitEnd("fragile", runId);
    // As in Glue, a run whose job failed still completes; the failure is in its statistics.
    assertThat(run.status()).isEqualTo(WorkflowRunStatus.COMPLETED);
    assertStatistics(run.statistics(), 2, 1, 1, 0);
    assertThat(glue.getJobRuns(r -> r.jobName("fragile-cleanup")).jobRuns()).hasSize(1);
    assertThat(glue.getJobRuns(r -> r.jobName("fragile-publish")).jobRuns()).isEmpty();

    // A run of the watched job outside the workflow fires none of the workflow's triggers.
    String outside =
        glue.startJobRun(r -> r.jobName("fragile-load").arguments(Map.of("--exit-code", "3")))
            .jobRunId();
    awaitJobEnd("fragile-load", outside);
    // Something must NOT happen: give a wrong firing (the run-end listeners, or a turn of the
    // scheduler) time to show before looking.
    Thread.sleep(1000);
    assertThat(glue.getJobRuns(r -> r.jobName("fragile-cleanup")).jobRuns()).hasSize(1);
    assertThat(glue.getWorkflowRuns(r -> r.name("fragile")).runs()).hasSize(1);
  }

  @Test
  void aStoppedRunStopsItsJobAndDeletingTheWorkflowDeletesItsTriggers() throws Exception {
    createJob("long-load", 0);
    glue.createWorkflow(r -> r.name("long").defaultRunProperties(Map.of("mode", "full")));
    glue.createTrigger(
        r ->
            r.name("long-start")
                .workflowName("long")
                .type("ON_DEMAND")
                .actions(a -> a.jobName("long-load").arguments(Map.of("--sleep-seconds", "120"))));
    String runId = glue.startWorkflowRun(r -> r.name("long")).runId();
    String jobRunId = awaitJobState("long-load", JobRunState.RUNNING).id();
    assertError(
        () -> glue.deleteWorkflow(r -> r.name("long")), "InvalidInputException", "active run");

    glue.stopWorkflowRun(r -> r.name("long").runId(runId));
    WorkflowRun run = awaitEnd("long", runId);
    assertThat(run.status()).isEqualTo(WorkflowRunStatus.STOPPED);
    assertStatistics(run.statistics(), 1, 0, 0, 1);
    assertThat(glue.getJobRun(r -> r.jobName("long-load").runId(jobRunId)).jobRun().jobRunState())
        .isEqualTo(JobRunState.STOPPED);

    glue.updateWorkflow(r -> r.name("long").description("updated").maxConcurrentRuns(2));
    Workflow updated = glue.getWorkflow(r -> r.name("long")).workflow();
    assertThat(updated.description()).isEqualTo("updated");
    assertThat(updated.maxConcurrentRuns()).isEqualTo(2);
    // Members not sent stay.
    assertThat(updated.defaultRunProperties()).containsExactly(Map.entry("mode", "full"));
    assertThat(glue.listWorkflows(r -> r.maxResults(25)).workflows()).contains("long");
    BatchGetWorkflowsResponse batch =
        glue.batchGetWorkflows(r -> r.names("long", "no-such-workflow"));
    assertThat(batch.workflows()).extracting(Workflow::name).containsExactly("long");
    assertThat(batch.missingWorkflows()).containsExactly("no-such-workflow");

    glue.deleteWorkflow(r -> r.name("long"));
    assertError(() -> glue.getWorkflow(r -> r.name("long")), "EntityNotFoundException", "long");
    assertError(
        () -> glue.getTrigger(r -> r.name("long-start")), "EntityNotFoundException", "long-start");
    assertError(
        () -> glue.getWorkflowRun(r -> r.name("long").runId(runId)),
        "EntityNotFoundException",
        "long");
    // Deleting again succeeds, as in Glue.
    glue.deleteWorkflow(r -> r.name("long"));
  }

  @Test
  void aRunWhoseEndedJobIsDeletedStillCompletesCountingItErrored() throws Exception {
    createJob("gone-quick", 0);
    createJob("gone-slow", 0);
    glue.createWorkflow(r -> r.name("gone"));
    glue.createTrigger(
        r ->
            r.name("gone-start")
                .workflowName("gone")
                .type("ON_DEMAND")
                .actions(
                    a -> a.jobName("gone-quick"),
                    a -> a.jobName("gone-slow").arguments(Map.of("--sleep-seconds", "3"))));
    String runId = glue.startWorkflowRun(r -> r.name("gone")).runId();
    String quick = awaitJobState("gone-quick", JobRunState.SUCCEEDED).id();
    // Deleting a job deletes its runs: the workflow run's action has nothing left to wait for.
    glue.deleteJob(r -> r.jobName("gone-quick"));
    assertError(
        () -> glue.getJobRun(r -> r.jobName("gone-quick").runId(quick)),
        "EntityNotFoundException",
        "gone-quick");

    WorkflowRun run = awaitEnd("gone", runId);
    assertThat(run.status()).isEqualTo(WorkflowRunStatus.COMPLETED);
    assertThat(run.statistics().totalActions()).isEqualTo(2);
    assertThat(run.statistics().succeededActions()).isEqualTo(1);
    assertThat(run.statistics().erroredActions()).isEqualTo(1);
    assertThat(run.statistics().runningActions()).isZero();
  }

  @Test
  void badWorkflowRequestsAreRefusedAndChangeNothing() {
    assertError(
        () -> glue.getWorkflow(r -> r.name("missing")), "EntityNotFoundException", "missing");
    assertError(
        () -> glue.startWorkflowRun(r -> r.name("missing")), "EntityNotFoundException", "missing");
    assertError(
        () -> glue.createWorkflow(r -> r.name("zero-runs").maxConcurrentRuns(0)),
        "InvalidInputException",
        "MaxConcurrentRuns");
    assertError(
        () -> glue.createWorkflow(r -> r.name("tagged").tags(Map.of("team", "data"))),
        "InvalidInputException",
        "Tags");
    assertError(
        () -> glue.createWorkflow(r -> r.name("bad\nname")), "InvalidInputException", "Name");
    assertThat(glue.listWorkflows(r -> r.maxResults(25)).workflows())
        .doesNotContain("zero-runs", "tagged", "bad\nname");

    assertError(
        () ->
            glue.createTrigger(
                r ->
                    r.name("orphan")
                        .workflowName("missing")
                        .type("ON_DEMAND")
                        .actions(a -> a.crawlerName("any"))),
        "EntityNotFoundException",
        "workflow missing");
    assertError(() -> glue.getTrigger(r -> r.name("orphan")), "EntityNotFoundException", "orphan");

    createJob("idle-load", 0);
    glue.createWorkflow(r -> r.name("idle"));
    assertError(
        () -> glue.startWorkflowRun(r -> r.name("idle")), "InvalidInputException", "ON_DEMAND");
    assertError(
        () ->
            glue.createTrigger(
                r ->
                    r.name("batched")
                        .workflowName("idle")
                        .type("ON_DEMAND")
                        .eventBatchingCondition(b -> b.batchSize(5))
                        .actions(a -> a.jobName("idle-load"))),
        "InvalidInputException",
        "EventBatchingCondition");
    glue.createTrigger(
        r ->
            r.name("idle-start")
                .workflowName("idle")
                .type("ON_DEMAND")
                .actions(a -> a.jobName("idle-load")));
    // A workflow's ON_DEMAND trigger fires in the workflow's runs only.
    assertError(
        () -> glue.startTrigger(r -> r.name("idle-start")),
        "InvalidInputException",
        "StartWorkflowRun");
    assertThat(glue.getJobRuns(r -> r.jobName("idle-load")).jobRuns()).isEmpty();
    assertThat(glue.getWorkflowRuns(r -> r.name("idle")).runs()).isEmpty();
    assertError(
        () -> glue.getWorkflowRun(r -> r.name("idle").runId("wr_nothing")),
        "EntityNotFoundException",
        "wr_nothing");
    assertError(
        () ->
            glue.putWorkflowRunProperties(
                r -> r.name("idle").runId("wr_nothing").runProperties(Map.of("a", "b"))),
        "EntityNotFoundException",
        "wr_nothing");
    assertError(
        () -> glue.stopWorkflowRun(r -> r.name("idle").runId("wr_nothing")),
        "EntityNotFoundException",
        "wr_nothing");
    assertError(
        () -> glue.getWorkflowRuns(r -> r.name("idle").nextToken("2147483647")),
        "InvalidInputException",
        "NextToken");
  }

  // Helpers

  private void createJob(String name, int maxRetries) {
    glue.createJob(
        r ->
            r.name(name)
                .role("arn:aws:iam::000000000000:role/glue")
                .command(c -> c.name("glueetl"))
                .defaultArguments(
                    Map.of("--exit-code", "0", "--sleep-seconds", "0", "--lines", "0"))
                .maxRetries(maxRetries)
                .timeout(10)
                .executionProperty(e -> e.maxConcurrentRuns(2))
                .codeGenConfigurationNodes(
                    Map.of(
                        "node-1",
                        CodeGenConfigurationNode.builder()
                            .s3JsonSource(s -> s.name("orders").paths("s3://lake/orders/"))
                            .build())));
  }

  private static void assertStatistics(
      WorkflowRunStatistics statistics, int total, int succeeded, int failed, int stopped) {
    assertThat(statistics.totalActions()).as("TotalActions").isEqualTo(total);
    assertThat(statistics.succeededActions()).as("SucceededActions").isEqualTo(succeeded);
    assertThat(statistics.failedActions()).as("FailedActions").isEqualTo(failed);
    assertThat(statistics.stoppedActions()).as("StoppedActions").isEqualTo(stopped);
    assertThat(statistics.runningActions()).as("RunningActions").isZero();
    assertThat(statistics.timeoutActions()).as("TimeoutActions").isZero();
    assertThat(statistics.erroredActions()).as("ErroredActions").isZero();
    assertThat(statistics.waitingActions()).as("WaitingActions").isZero();
  }

  /** Each edge as "source name -> destination name". */
  private static List<String> edges(List<Node> nodes, List<Edge> edges) {
    Map<String, String> names =
        nodes.stream().collect(Collectors.toMap(Node::uniqueId, Node::name));
    return edges.stream()
        .map(edge -> names.get(edge.sourceId()) + " -> " + names.get(edge.destinationId()))
        .toList();
  }

  /** Polls GetWorkflowRun until the run has ended, as clients wait for a run. */
  private WorkflowRun awaitEnd(String workflow, String runId) throws InterruptedException {
    Instant deadline = Instant.now().plus(RUN_WAIT);
    while (true) {
      WorkflowRun run =
          glue.getWorkflowRun(r -> r.name(workflow).runId(runId).includeGraph(true)).run();
      if (run.status() != WorkflowRunStatus.RUNNING && run.status() != WorkflowRunStatus.STOPPING) {
        return run;
      }
      assertThat(Instant.now()).as("run " + runId + " ended").isBefore(deadline);
      Thread.sleep(200);
    }
  }

  private JobRun awaitJobState(String job, JobRunState state) throws InterruptedException {
    Instant deadline = Instant.now().plus(RUN_WAIT);
    while (true) {
      List<JobRun> runs = glue.getJobRuns(r -> r.jobName(job)).jobRuns();
      if (!runs.isEmpty() && runs.get(0).jobRunState() == state) {
        return runs.get(0);
      }
      assertThat(Instant.now()).as("a run of " + job + " " + state).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private void awaitJobEnd(String job, String runId) throws InterruptedException {
    Instant deadline = Instant.now().plus(RUN_WAIT);
    while (List.of(JobRunState.STARTING, JobRunState.RUNNING, JobRunState.STOPPING)
        .contains(glue.getJobRun(r -> r.jobName(job).runId(runId)).jobRun().jobRunState())) {
      assertThat(Instant.now()).as("run " + runId + " ended").isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private String log(String job, String runId) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        server.uri().resolve("/api/v1/jobs/" + job + "/runs/" + runId + "/log"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
