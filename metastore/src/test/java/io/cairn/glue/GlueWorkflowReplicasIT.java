package io.cairn.glue;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.catalog.WorkflowRunAction;
import io.cairn.server.ServerConfig;
import io.cairn.store.CatalogStore;
import io.cairn.store.StoreTransaction;
import io.cairn.store.jdbc.JdbcCatalogStore;
import io.cairn.store.jdbc.PostgresTestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.CodeGenConfigurationNode;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.WorkflowRun;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatus;

/**
 * Workflow runs on two Cairn replicas sharing one PostgreSQL database, each driven through its own
 * AWS GlueClient: a run started on one is read, changed and stopped through the other,
 * MaxConcurrentRuns holds across both, and a run whose trigger was claimed by a server that died
 * before starting its action still ends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlueWorkflowReplicasIT {
  private static final Duration RUN_WAIT = Duration.ofSeconds(120);

  @TempDir static Path first;
  @TempDir static Path second;

  private PostgresTestDatabase database;
  private GlueTestServer serverA;
  private GlueTestServer serverB;
  private GlueClient glueA;
  private GlueClient glueB;

  @BeforeAll
  void start() {
    database = PostgresTestDatabase.create();
    Map<String, String> configuration = new HashMap<>(GlueJobsIT.runnerConfiguration());
    configuration.put(ServerConfig.JDBC_URL, database.jdbcUrl());
    configuration.put(ServerConfig.STORE_USER, database.user());
    serverA = GlueTestServer.start(first, configuration);
    serverB = GlueTestServer.start(second, configuration);
    glueA = serverA.client();
    glueB = serverB.client();
  }

  @AfterAll
  void stop() {
    glueA.close();
    glueB.close();
    serverA.close();
    serverB.close();
    database.close();
  }

  @Test
  void aRunStartedOnOneReplicaIsReadChangedAndStoppedThroughTheOther() throws Exception {
    createJob("replica-long", Map.of("--sleep-seconds", "120"));
    glueA.createWorkflow(r -> r.name("replicated").defaultRunProperties(Map.of("day", "1")));
    glueA.createTrigger(
        r ->
            r.name("replicated-start")
                .workflowName("replicated")
                .type("ON_DEMAND")
                .actions(a -> a.jobName("replica-long")));
    String runId = glueA.startWorkflowRun(r -> r.name("replicated")).runId();
    JobRun jobRun = awaitRunningJob(glueB, "replica-long");
    assertThat(jobRun.arguments()).containsEntry("--WORKFLOW_RUN_ID", runId);

    WorkflowRun running = glueB.getWorkflowRun(r -> r.name("replicated").runId(runId)).run();
    assertThat(running.status()).isEqualTo(WorkflowRunStatus.RUNNING);
    assertThat(running.statistics().runningActions()).isEqualTo(1);
    glueB.putWorkflowRunProperties(
        r -> r.name("replicated").runId(runId).runProperties(Map.of("rows", "7")));
    assertThat(
            glueA.getWorkflowRunProperties(r -> r.name("replicated").runId(runId)).runProperties())
        .isEqualTo(Map.of("day", "1", "rows", "7"));

    // Stopped through B, the run's job (a process of A) is killed through its heartbeat.
    glueB.stopWorkflowRun(r -> r.name("replicated").runId(runId));
    WorkflowRun stopped = awaitEnd(glueB, "replicated", runId);
    assertThat(stopped.status()).isEqualTo(WorkflowRunStatus.STOPPED);
    assertThat(stopped.statistics().stoppedActions()).isEqualTo(1);
    assertThat(
            glueA
                .getJobRun(r -> r.jobName("replica-long").runId(jobRun.id()))
                .jobRun()
                .jobRunState())
        .isEqualTo(JobRunState.STOPPED);
  }

  @Test
  void maxConcurrentRunsHoldsAcrossReplicas() throws Exception {
    createJob("replica-short", Map.of("--sleep-seconds", "3"));
    glueA.createWorkflow(r -> r.name("single").maxConcurrentRuns(1));
    glueA.createTrigger(
        r ->
            r.name("single-start")
                .workflowName("single")
                .type("ON_DEMAND")
                .actions(a -> a.jobName("replica-short")));
    CyclicBarrier barrier = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    List<String> started = new ArrayList<>();
    int refused = 0;
    try {
      List<Future<String>> starts = new ArrayList<>();
      for (GlueClient glue : List.of(glueA, glueB)) {
        starts.add(
            threads.submit(
                () -> {
                  barrier.await(10, TimeUnit.SECONDS);
                  try {
                    return glue.startWorkflowRun(r -> r.name("single")).runId();
                  } catch (GlueException e) {
                    assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ConcurrentRunsExceededException");
                    return null;
                  }
                }));
      }
      for (Future<String> start : starts) {
        String runId = start.get(60, TimeUnit.SECONDS);
        if (runId == null) {
          refused++;
        } else {
          started.add(runId);
        }
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(started).hasSize(1);
    assertThat(refused).isEqualTo(1);
    WorkflowRun run = awaitEnd(glueA, "single", started.get(0));
    assertThat(run.status()).isEqualTo(WorkflowRunStatus.COMPLETED);
    assertThat(run.statistics().succeededActions()).isEqualTo(1);
    assertThat(glueB.getWorkflowRuns(r -> r.name("single")).runs()).hasSize(1);
  }

  @Test
  void aRunWhoseTriggerWasClaimedByAServerThatDiedStillEnds() throws Exception {
    createJob("replica-orphan", Map.of());
    glueA.createWorkflow(r -> r.name("orphaned"));
    glueA.createTrigger(
        r ->
            r.name("orphaned-after")
                .workflowName("orphaned")
                .type("CONDITIONAL")
                .startOnCreation(true)
                .predicate(
                    p ->
                        p.conditions(
                            c ->
                                c.logicalOperator("EQUALS")
                                    .jobName("replica-orphan")
                                    .state("SUCCEEDED")))
                .actions(a -> a.jobName("replica-orphan")));
    glueA.createTrigger(
        r ->
            r.name("orphaned-on-demand")
                .workflowName("orphaned")
                .type("ON_DEMAND")
                .actions(a -> a.jobName("replica-orphan")));
    // What a server leaves that claimed the start trigger's firing in a run and died before it
    // started the trigger's job: the run RUNNING, its action claimed and never started.
    String runId = "wr_" + "0".repeat(64);
    Instant longAgo = Instant.now().minus(Duration.ofMinutes(5));
    try (CatalogStore store = JdbcCatalogStore.open(database.jdbcUrl(), database.user(), null, 2)) {
      store.write(
          (StoreTransaction transaction) ->
              transaction.createWorkflowRun(
                  new io.cairn.catalog.WorkflowRun(
                      runId,
                      "orphaned",
                      io.cairn.catalog.WorkflowRun.State.RUNNING,
                      Map.of(),
                      1,
                      longAgo,
                      null,
                      null),
                  10));
      assertThat(
              store.write(
                  (StoreTransaction transaction) ->
                      transaction.claimWorkflowRunTrigger(
                          List.of(
                              new WorkflowRunAction(
                                  runId,
                                  "orphaned-on-demand",
                                  0,
                                  "replica-orphan",
                                  null,
                                  null,
                                  null,
                                  longAgo)))))
          .isTrue();
    }
    // Either replica's scheduler ends it: its one action counts as ERROR.
    WorkflowRun run = awaitEnd(glueB, "orphaned", runId);
    assertThat(run.status()).isEqualTo(WorkflowRunStatus.COMPLETED);
    assertThat(run.statistics().totalActions()).isEqualTo(1);
    assertThat(run.statistics().erroredActions()).isEqualTo(1);
    assertThat(run.statistics().runningActions()).isZero();
    assertThat(glueA.getJobRuns(r -> r.jobName("replica-orphan")).jobRuns()).isEmpty();
  }

  // Helpers

  private void createJob(String name, Map<String, String> arguments) {
    Map<String, String> defaults =
        new HashMap<>(Map.of("--exit-code", "0", "--sleep-seconds", "0", "--lines", "0"));
    defaults.putAll(arguments);
    glueA.createJob(
        r ->
            r.name(name)
                .role("arn:aws:iam::000000000000:role/glue")
                .command(c -> c.name("glueetl"))
                .defaultArguments(defaults)
                .timeout(10)
                .executionProperty(e -> e.maxConcurrentRuns(2))
                .codeGenConfigurationNodes(
                    Map.of(
                        "node-1",
                        CodeGenConfigurationNode.builder()
                            .s3JsonSource(s -> s.name("orders").paths("s3://lake/orders/"))
                            .build())));
  }

  private static JobRun awaitRunningJob(GlueClient glue, String job) throws InterruptedException {
    Instant deadline = Instant.now().plus(RUN_WAIT);
    while (true) {
      List<JobRun> runs = glue.getJobRuns(r -> r.jobName(job)).jobRuns();
      if (!runs.isEmpty() && runs.get(0).jobRunState() == JobRunState.RUNNING) {
        return runs.get(0);
      }
      assertThat(Instant.now()).as("a running run of " + job).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private static WorkflowRun awaitEnd(GlueClient glue, String workflow, String runId)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(RUN_WAIT);
    while (true) {
      WorkflowRun run = glue.getWorkflowRun(r -> r.name(workflow).runId(runId)).run();
      if (run.status() != WorkflowRunStatus.RUNNING && run.status() != WorkflowRunStatus.STOPPING) {
        return run;
      }
      assertThat(Instant.now()).as("run " + runId + " ended").isBefore(deadline);
      Thread.sleep(200);
    }
  }
}
