package io.cairn.glue;

import static io.cairn.glue.GlueErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.catalog.JobRun;
import io.cairn.server.ServerConfig;
import io.cairn.store.CatalogStore;
import io.cairn.store.jdbc.JdbcCatalogStore;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchStopJobRunResponse;
import software.amazon.awssdk.services.glue.model.CodeGenConfigurationNode;
import software.amazon.awssdk.services.glue.model.Job;
import software.amazon.awssdk.services.glue.model.JobBookmarkEntry;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.TriggerState;

/**
 * Glue's job and trigger operations through the AWS SDK for Java v2's GlueClient against a running
 * Cairn on SQLite whose runs are real JVMs of {@link ScriptedJobRunner} (configured through the
 * {@code jobs.*} keys as the etl-runner's JobRunner is in production).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlueJobsIT {
  private static final Duration RUN_WAIT = Duration.ofSeconds(120);

  @TempDir static Path dataDirectory;
  @TempDir static Path lake;

  private GlueTestServer server;
  private GlueClient glue;

  static Map<String, String> runnerConfiguration() {
    Map<String, String> configuration = new HashMap<>();
    configuration.put(ServerConfig.JOBS_RUNNER_CLASS_PATH, System.getProperty("java.class.path"));
    configuration.put(ServerConfig.JOBS_RUNNER_MAIN_CLASS, ScriptedJobRunner.class.getName());
    configuration.put(ServerConfig.JOBS_JAVA_OPTIONS, "-Xmx64m -XX:TieredStopAtLevel=1");
    configuration.put(ServerConfig.JOBS_SPARK_MASTER, "local[2]");
    configuration.put(ServerConfig.JOBS_SCHEDULER_INTERVAL, "200ms");
    configuration.put(ServerConfig.JOBS_HEARTBEAT_TIMEOUT, "2s");
    return configuration;
  }

  @BeforeAll
  void start() {
    server = GlueTestServer.start(dataDirectory, runnerConfiguration());
    glue = server.client();
  }

  @AfterAll
  void stop() {
    glue.close();
    server.close();
  }

  @Test
  void jobsAreCreatedReadListedUpdatedAndDeletedWithTheirGraphKeptVerbatim() {
    Map<String, CodeGenConfigurationNode> graph =
        Map.of(
            "node-1",
            CodeGenConfigurationNode.builder()
                .s3JsonSource(s -> s.name("orders").paths("s3://lake/orders/").jsonPath("$[*]"))
                .build());
    glue.createJob(
        r ->
            r.name("definitions")
                .description("loads the orders")
                .role("arn:aws:iam::000000000000:role/glue")
                .command(c -> c.name("glueetl").scriptLocation("s3://scripts/orders.py"))
                .defaultArguments(Map.of("--day", "2026-01-01"))
                .maxRetries(2)
                .timeout(30)
                .executionProperty(e -> e.maxConcurrentRuns(3))
                .glueVersion("4.0")
                .workerType("G.1X")
                .numberOfWorkers(10)
                .codeGenConfigurationNodes(graph));
    Job job = glue.getJob(r -> r.jobName("definitions")).job();
    assertThat(job.description()).isEqualTo("loads the orders");
    assertThat(job.command().scriptLocation()).isEqualTo("s3://scripts/orders.py");
    assertThat(job.defaultArguments()).containsExactly(Map.entry("--day", "2026-01-01"));
    assertThat(job.maxRetries()).isEqualTo(2);
    assertThat(job.timeout()).isEqualTo(30);
    assertThat(job.executionProperty().maxConcurrentRuns()).isEqualTo(3);
    assertThat(job.glueVersion()).isEqualTo("4.0");
    assertThat(job.workerTypeAsString()).isEqualTo("G.1X");
    assertThat(job.numberOfWorkers()).isEqualTo(10);
    assertThat(job.codeGenConfigurationNodes()).isEqualTo(graph);
    assertThat(job.createdOn()).isNotNull();

    assertThat(glue.getJobs(r -> r.maxResults(1000)).jobs())
        .extracting(Job::name)
        .contains("definitions");

    glue.updateJob(
        r ->
            r.jobName("definitions")
                .jobUpdate(
                    u ->
                        u.role("arn:aws:iam::000000000000:role/other")
                            .command(c -> c.name("glueetl").scriptLocation("s3://scripts/v2.py"))
                            .timeout(60)));
    Job updated = glue.getJob(r -> r.jobName("definitions")).job();
    assertThat(updated.role()).endsWith("role/other");
    assertThat(updated.timeout()).isEqualTo(60);
    // UpdateJob replaces the definition, as Glue's does.
    assertThat(updated.maxRetries()).isZero();
    assertThat(updated.codeGenConfigurationNodes()).isEmpty();

    assertThat(glue.deleteJob(r -> r.jobName("definitions")).jobName()).isEqualTo("definitions");
    assertError(() -> glue.getJob(r -> r.jobName("definitions")), "EntityNotFoundException", "job");
    // Deleting again succeeds, as in Glue.
    glue.deleteJob(r -> r.jobName("definitions"));
  }

  @Test
  void badJobsAndRunsAreRefusedAndChangeNothing() {
    assertError(
        () -> glue.createJob(r -> r.name("no-command").role("role")),
        "InvalidInputException",
        "command");
    assertError(
        () -> glue.createJob(r -> r.name("no-graph").role("role").command(c -> c.name("glueetl"))),
        "InvalidInputException",
        "CodeGenConfigurationNodes");
    assertError(
        () ->
            glue.createJob(
                r ->
                    r.name("retries")
                        .role("role")
                        .command(c -> c.scriptLocation("/tmp/job.json"))
                        .maxRetries(11)),
        "InvalidInputException",
        "maxRetries");
    assertThat(glue.getJobs(r -> r.maxResults(1000)).jobs())
        .extracting(Job::name)
        .doesNotContain("no-command", "no-graph", "retries");
    assertError(
        () -> glue.startJobRun(r -> r.jobName("missing")), "EntityNotFoundException", "missing");
    createJob("bad-runs", 1, 0, 10);
    assertError(
        () -> glue.getJobRun(r -> r.jobName("bad-runs").runId("jr_nothing")),
        "EntityNotFoundException",
        "jr_nothing");
    BatchStopJobRunResponse stopped =
        glue.batchStopJobRun(r -> r.jobName("bad-runs").jobRunIds("jr_nothing"));
    assertThat(stopped.successfulSubmissions()).isEmpty();
    assertThat(stopped.errors().get(0).errorDetail().errorCode())
        .isEqualTo("EntityNotFoundException");
  }

  @Test
  void aRunIsItsOwnJvmWithTheJobsGraphAndArgumentsAndItsLogIsServed() throws Exception {
    createJob("succeeds", 1, 0, 10);
    String runId =
        glue.startJobRun(r -> r.jobName("succeeds").arguments(Map.of("--lines", "3"))).jobRunId();
    assertThat(runId).matches("jr_[0-9a-f]{64}");
    software.amazon.awssdk.services.glue.model.JobRun run = awaitEnd("succeeds", runId);
    assertThat(run.jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
    assertThat(run.attempt()).isZero();
    assertThat(run.arguments())
        .containsEntry("--lines", "3")
        .containsEntry("--exit-code", "0")
        .containsEntry("--sleep-seconds", "0");
    assertThat(run.completedOn()).isAfterOrEqualTo(run.startedOn());
    assertThat(run.logGroupName()).isEqualTo("/aws-glue/jobs");
    assertThat(run.errorMessage()).isNull();

    String log = log("succeeds", runId);
    assertThat(log)
        .contains("line 1\nline 2\nline 3\n")
        .contains("job {\"node-1\":{\"S3JsonSource\"")
        .contains("--JOB_NAME succeeds")
        .contains("--JOB_RUN_ID " + runId)
        .contains("--master local[2]")
        .contains("--metastore-uri thrift://127.0.0.1:" + server.thriftPort())
        .contains("--iceberg-uri " + server.uri().resolve("/iceberg"))
        .contains(
            "arguments {--JOB_NAME=succeeds, --JOB_RUN_ID="
                + runId
                + ", --exit-code=0, --iceberg-uri="
                + server.uri().resolve("/iceberg")
                + ", --lines=3, --master=local[2], --metastore-uri=thrift://127.0.0.1:"
                + server.thriftPort()
                + ", --progress-output=")
        .contains("/" + runId + "/progress.json, --sleep-seconds=0}");
    HttpResponse<String> missing =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        server.uri().resolve("/api/v1/jobs/succeeds/runs/jr_nothing/log"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void aFailedRunIsRetriedUpToMaxRetriesAsNewRuns() throws Exception {
    createJob("fails", 1, 2, 10);
    String runId =
        glue.startJobRun(r -> r.jobName("fails").arguments(Map.of("--exit-code", "3"))).jobRunId();
    assertThat(awaitEnd("fails", runId).jobRunState()).isEqualTo(JobRunState.FAILED);
    Instant deadline = Instant.now().plus(RUN_WAIT);
    List<software.amazon.awssdk.services.glue.model.JobRun> runs;
    while (true) {
      runs = glue.getJobRuns(r -> r.jobName("fails")).jobRuns();
      if (runs.size() == 3 && runs.stream().allMatch(run -> run.completedOn() != null)) {
        break;
      }
      assertThat(Instant.now()).as("three ended attempts").isBefore(deadline);
      Thread.sleep(200);
    }
    // Newest first: attempts 2, 1, 0, each retrying the one before it.
    assertThat(runs)
        .extracting(software.amazon.awssdk.services.glue.model.JobRun::attempt)
        .containsExactly(2, 1, 0);
    assertThat(runs.get(2).id()).isEqualTo(runId);
    assertThat(runs.get(1).previousRunId()).isEqualTo(runId);
    assertThat(runs.get(0).previousRunId()).isEqualTo(runs.get(1).id());
    assertThat(runs)
        .allSatisfy(
            run -> {
              assertThat(run.jobRunState()).isEqualTo(JobRunState.FAILED);
              assertThat(run.errorMessage()).contains("exited with code 3");
            });
  }

  @Test
  void aBookmarkIsCommittedOnlyBySucceededRunsAndIsResetOrRewound() throws Exception {
    createJob("marked", 1, 0, 10);
    Map<String, String> enabled = Map.of("--job-bookmark-option", "job-bookmark-enable");
    assertError(
        () -> glue.getJobBookmark(r -> r.jobName("marked")),
        "EntityNotFoundException",
        "has no job bookmark");
    String first = glue.startJobRun(r -> r.jobName("marked").arguments(enabled)).jobRunId();
    assertThat(awaitEnd("marked", first).jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
    JobBookmarkEntry afterFirst = glue.getJobBookmark(r -> r.jobName("marked")).jobBookmarkEntry();
    assertThat(afterFirst.version()).isEqualTo(1);
    assertThat(afterFirst.run()).isEqualTo(1);
    assertThat(afterFirst.attempt()).isZero();
    assertThat(afterFirst.runId()).isEqualTo(first);
    assertThat(afterFirst.jobBookmark()).isEqualTo("{\"script\":{\"runs\":1}}");

    // A failed run commits nothing; a disabled one neither, and is given no state.
    Map<String, String> failing = new java.util.HashMap<>(enabled);
    failing.put("--exit-code", "1");
    String failed = glue.startJobRun(r -> r.jobName("marked").arguments(failing)).jobRunId();
    assertThat(awaitEnd("marked", failed).jobRunState()).isEqualTo(JobRunState.FAILED);
    String disabled = glue.startJobRun(r -> r.jobName("marked")).jobRunId();
    assertThat(awaitEnd("marked", disabled).jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
    assertThat(log("marked", disabled)).doesNotContain("bookmark");
    assertThat(glue.getJobBookmark(r -> r.jobName("marked")).jobBookmarkEntry())
        .isEqualTo(afterFirst);

    String second = glue.startJobRun(r -> r.jobName("marked").arguments(enabled)).jobRunId();
    assertThat(awaitEnd("marked", second).jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
    assertThat(log("marked", second)).contains("\"state\":{\"script\":{\"runs\":1}}");
    JobBookmarkEntry afterSecond = glue.getJobBookmark(r -> r.jobName("marked")).jobBookmarkEntry();
    assertThat(afterSecond.version()).isEqualTo(2);
    assertThat(afterSecond.run()).isEqualTo(2);
    assertThat(afterSecond.jobBookmark()).isEqualTo("{\"script\":{\"runs\":2}}");

    // Paused from the first run: given that run's state, and nothing is committed.
    Map<String, String> paused =
        Map.of("--job-bookmark-option", "job-bookmark-pause", "--job-bookmark-from", first);
    String pause = glue.startJobRun(r -> r.jobName("marked").arguments(paused)).jobRunId();
    assertThat(awaitEnd("marked", pause).jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
    assertThat(log("marked", pause)).contains("\"state\":{\"script\":{\"runs\":1}}");
    assertThat(glue.getJobBookmark(r -> r.jobName("marked")).jobBookmarkEntry())
        .isEqualTo(afterSecond);

    JobBookmarkEntry rewound =
        glue.resetJobBookmark(r -> r.jobName("marked").runId(first)).jobBookmarkEntry();
    assertThat(rewound.version()).isEqualTo(3);
    assertThat(rewound.runId()).isEqualTo(first);
    assertThat(rewound.jobBookmark()).isEqualTo(afterFirst.jobBookmark());
    assertThat(glue.getJobBookmark(r -> r.jobName("marked").runId(second)).jobBookmarkEntry())
        .isEqualTo(afterSecond);
    JobBookmarkEntry reset = glue.resetJobBookmark(r -> r.jobName("marked")).jobBookmarkEntry();
    assertThat(reset.version()).isEqualTo(4);
    assertThat(reset.run()).isZero();
    assertThat(reset.jobBookmark()).isEqualTo("{}");

    assertError(
        () ->
            glue.startJobRun(
                r ->
                    r.jobName("marked")
                        .arguments(Map.of("--job-bookmark-option", "job-bookmark-sometimes"))),
        "InvalidInputException",
        "--job-bookmark-option must be");
    assertError(
        () ->
            glue.startJobRun(
                r ->
                    r.jobName("marked")
                        .arguments(
                            Map.of(
                                "--job-bookmark-option",
                                "job-bookmark-pause",
                                "--job-bookmark-from",
                                failed))),
        "InvalidInputException",
        "committed no bookmark");
    assertError(
        () -> glue.resetJobBookmark(r -> r.jobName("marked").runId(failed)),
        "EntityNotFoundException",
        "committed no bookmark");
    assertThat(glue.getJobRuns(r -> r.jobName("marked")).jobRuns()).hasSize(5);
  }

  @Test
  void anEndedRunIsRunAgainByItsJobRunIdWithItsArgumentsOverridden() throws Exception {
    createJob("again", 1, 0, 10);
    String failed =
        glue.startJobRun(
                r -> r.jobName("again").arguments(Map.of("--exit-code", "3", "--lines", "2")))
            .jobRunId();
    assertThat(awaitEnd("again", failed).jobRunState()).isEqualTo(JobRunState.FAILED);

    String again =
        glue.startJobRun(
                r -> r.jobName("again").jobRunId(failed).arguments(Map.of("--exit-code", "0")))
            .jobRunId();
    software.amazon.awssdk.services.glue.model.JobRun run = awaitEnd("again", again);
    assertThat(run.jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
    assertThat(run.previousRunId()).isEqualTo(failed);
    assertThat(run.attempt()).isZero();
    assertThat(run.arguments())
        .as("the failed run's arguments, overridden by the new ones")
        .containsEntry("--lines", "2")
        .containsEntry("--exit-code", "0");

    assertError(
        () -> glue.startJobRun(r -> r.jobName("again").jobRunId("jr_nothing")),
        "EntityNotFoundException",
        "jr_nothing");
    String running =
        glue.startJobRun(r -> r.jobName("again").arguments(Map.of("--sleep-seconds", "600")))
            .jobRunId();
    awaitState("again", running, JobRunState.RUNNING);
    assertError(
        () -> glue.startJobRun(r -> r.jobName("again").jobRunId(running)),
        "InvalidInputException",
        "only an ended run can be run again");
    glue.batchStopJobRun(r -> r.jobName("again").jobRunIds(running));
    assertThat(awaitEnd("again", running).jobRunState()).isEqualTo(JobRunState.STOPPED);
    assertThat(glue.getJobRuns(r -> r.jobName("again")).jobRuns()).hasSize(3);
  }

  @Test
  void maxConcurrentRunsIsEnforcedAndAStoppedRunIsKilled() throws Exception {
    createJob("long", 1, 0, 10);
    String first =
        glue.startJobRun(r -> r.jobName("long").arguments(Map.of("--sleep-seconds", "600")))
            .jobRunId();
    awaitState("long", first, JobRunState.RUNNING);
    assertError(
        () -> glue.startJobRun(r -> r.jobName("long")),
        "ConcurrentRunsExceededException",
        "MaxConcurrentRuns");
    assertThat(glue.getJobRuns(r -> r.jobName("long")).jobRuns()).hasSize(1);

    BatchStopJobRunResponse stopped =
        glue.batchStopJobRun(r -> r.jobName("long").jobRunIds(first, "jr_unknown"));
    assertThat(stopped.successfulSubmissions()).hasSize(1);
    assertThat(stopped.errors()).hasSize(1);
    software.amazon.awssdk.services.glue.model.JobRun run = awaitEnd("long", first);
    assertThat(run.jobRunState()).isEqualTo(JobRunState.STOPPED);
    assertThat(run.executionTime()).isLessThan(120);
    assertThat(runnerProcesses(first)).isEmpty();
    // Stopping an ended run is an error for that run only.
    assertThat(
            glue.batchStopJobRun(r -> r.jobName("long").jobRunIds(first))
                .errors()
                .get(0)
                .errorDetail()
                .errorCode())
        .isEqualTo("InvalidInputException");
    // Its place is free again.
    String second =
        glue.startJobRun(r -> r.jobName("long").arguments(Map.of("--sleep-seconds", "0")))
            .jobRunId();
    assertThat(awaitEnd("long", second).jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
  }

  @Test
  void aRunPastItsTimeoutIsKilledAndEndsTimeout() throws Exception {
    createJob("slow", 1, 1, 1);
    String runId =
        glue.startJobRun(r -> r.jobName("slow").arguments(Map.of("--sleep-seconds", "600")))
            .jobRunId();
    software.amazon.awssdk.services.glue.model.JobRun run = awaitEnd("slow", runId);
    assertThat(run.jobRunState()).isEqualTo(JobRunState.TIMEOUT);
    assertThat(run.errorMessage()).contains("Timeout of 1 minute");
    assertThat(run.executionTime()).isBetween(60, 90);
    assertThat(runnerProcesses(runId)).isEmpty();
    // A timeout is not retried: MaxRetries retries FAILED runs.
    assertThat(glue.getJobRuns(r -> r.jobName("slow")).jobRuns()).hasSize(1);
  }

  /** A run a crashed server left active is FAILED after a restart. */
  @Test
  void aRunCutShortByARestartIsFailed(@TempDir Path directory) {
    try (GlueTestServer first = GlueTestServer.start(directory, runnerConfiguration());
        GlueClient client = first.client()) {
      client.createJob(
          r ->
              r.name("crashed")
                  .role("role")
                  .command(c -> c.name("glueetl").scriptLocation("/nowhere/job.json")));
    }
    // What the store holds after a server died mid-run.
    try (CatalogStore store =
        JdbcCatalogStore.open("jdbc:sqlite:" + directory.resolve("catalog.db"), null, null, 1)) {
      Instant start = Instant.now().minusSeconds(5);
      store.write(
          transaction ->
              transaction.createJobRun(
                  new JobRun(
                      "jr_crash",
                      "crashed",
                      0,
                      null,
                      null,
                      JobRun.State.RUNNING,
                      Map.of(),
                      10,
                      start,
                      start,
                      start,
                      null,
                      null),
                  1));
    }
    try (GlueTestServer second = GlueTestServer.start(directory, runnerConfiguration());
        GlueClient client = second.client()) {
      software.amazon.awssdk.services.glue.model.JobRun run =
          client.getJobRun(r -> r.jobName("crashed").runId("jr_crash")).jobRun();
      assertThat(run.jobRunState()).isEqualTo(JobRunState.FAILED);
      assertThat(run.errorMessage()).contains("server");
      assertThat(run.completedOn()).isNotNull();
    }
  }

  // Triggers

  @Test
  void triggersAreCreatedStartedStoppedAndDeletedAndBadOnesRefused() {
    createJob("triggered", 1, 0, 10);
    glue.createTrigger(
        r ->
            r.name("nightly")
                .type("SCHEDULED")
                .schedule("cron(0 3 * * ? *)")
                .actions(a -> a.jobName("triggered").arguments(Map.of("--lines", "1"))));
    software.amazon.awssdk.services.glue.model.Trigger trigger =
        glue.getTrigger(r -> r.name("nightly")).trigger();
    assertThat(trigger.state()).isEqualTo(TriggerState.CREATED);
    assertThat(trigger.schedule()).isEqualTo("cron(0 3 * * ? *)");
    assertThat(trigger.actions().get(0).arguments()).containsEntry("--lines", "1");
    glue.startTrigger(r -> r.name("nightly"));
    assertThat(glue.getTrigger(r -> r.name("nightly")).trigger().state())
        .isEqualTo(TriggerState.ACTIVATED);
    assertError(
        () -> glue.startTrigger(r -> r.name("nightly")), "InvalidInputException", "activated");
    glue.stopTrigger(r -> r.name("nightly"));
    assertThat(glue.getTrigger(r -> r.name("nightly")).trigger().state())
        .isEqualTo(TriggerState.DEACTIVATED);
    glue.updateTrigger(r -> r.name("nightly").triggerUpdate(u -> u.schedule("cron(30 4 * * ? *)")));
    assertThat(glue.getTrigger(r -> r.name("nightly")).trigger().schedule())
        .isEqualTo("cron(30 4 * * ? *)");
    assertThat(glue.getTriggers(r -> r.maxResults(200)).triggers())
        .extracting(software.amazon.awssdk.services.glue.model.Trigger::name)
        .contains("nightly");

    assertError(
        () ->
            glue.createTrigger(
                r ->
                    r.name("bad-cron")
                        .type("SCHEDULED")
                        .schedule("cron(nonsense)")
                        .actions(a -> a.jobName("triggered"))),
        "InvalidInputException",
        "Schedule");
    assertError(
        () ->
            glue.createTrigger(
                r -> r.name("no-job").type("ON_DEMAND").actions(a -> a.jobName("missing"))),
        "EntityNotFoundException",
        "missing");
    assertError(
        () ->
            glue.createTrigger(
                r ->
                    r.name("bad-state")
                        .type("CONDITIONAL")
                        .predicate(
                            p ->
                                p.conditions(
                                    c ->
                                        c.logicalOperator("EQUALS")
                                            .jobName("triggered")
                                            .state("RUNNING")))
                        .actions(a -> a.jobName("triggered"))),
        "InvalidInputException",
        "RUNNING");
    assertError(
        () -> glue.getTrigger(r -> r.name("bad-cron")), "EntityNotFoundException", "bad-cron");

    glue.deleteTrigger(r -> r.name("nightly"));
    assertError(
        () -> glue.getTrigger(r -> r.name("nightly")), "EntityNotFoundException", "nightly");
  }

  @Test
  void anOnDemandTriggerRunsItsActionsOnce() throws Exception {
    createJob("on-demand", 1, 0, 10);
    glue.createTrigger(
        r ->
            r.name("now")
                .type("ON_DEMAND")
                .actions(a -> a.jobName("on-demand").arguments(Map.of("--lines", "2"))));
    glue.startTrigger(r -> r.name("now"));
    software.amazon.awssdk.services.glue.model.JobRun run = awaitFirstRun("on-demand");
    assertThat(run.triggerName()).isEqualTo("now");
    assertThat(run.arguments()).containsEntry("--lines", "2");
    assertThat(awaitEnd("on-demand", run.id()).jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
  }

  @Test
  void aScheduledTriggerStartsItsJobWhenDue() throws Exception {
    createJob("every-minute", 1, 0, 10);
    glue.createTrigger(
        r ->
            r.name("minutely")
                .type("SCHEDULED")
                .schedule("cron(* * * * ? *)")
                .startOnCreation(true)
                .actions(a -> a.jobName("every-minute")));
    software.amazon.awssdk.services.glue.model.JobRun run = awaitFirstRun("every-minute");
    assertThat(run.triggerName()).isEqualTo("minutely");
    glue.stopTrigger(r -> r.name("minutely"));
    assertThat(awaitEnd("every-minute", run.id()).jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
  }

  @Test
  void aConditionalTriggerChainsACrawlerToAJob() throws Exception {
    Path table = lake.resolve("sales");
    Files.createDirectories(table);
    Files.writeString(table.resolve("part-1.csv"), "id,amount\n1,10\n2,20\n");
    glue.createDatabase(r -> r.databaseInput(d -> d.name("chain")));
    glue.createCrawler(
        r ->
            r.name("chain-crawler")
                .role("role")
                .databaseName("chain")
                .targets(t -> t.s3Targets(s -> s.path(lake.toUri().toString()))));
    createJob("after-crawl", 1, 0, 10);
    glue.createTrigger(
        r ->
            r.name("crawl-then-job")
                .type("CONDITIONAL")
                .startOnCreation(true)
                .predicate(
                    p ->
                        p.logical("ANY")
                            .conditions(
                                c ->
                                    c.logicalOperator("EQUALS")
                                        .crawlerName("chain-crawler")
                                        .crawlState("SUCCEEDED")))
                .actions(a -> a.jobName("after-crawl").arguments(Map.of("--lines", "1"))));
    assertThat(glue.getTrigger(r -> r.name("crawl-then-job")).trigger().predicate().conditions())
        .hasSize(1);
    assertThat(glue.getJobRuns(r -> r.jobName("after-crawl")).jobRuns()).isEmpty();
    glue.startCrawler(r -> r.name("chain-crawler"));
    software.amazon.awssdk.services.glue.model.JobRun run = awaitFirstRun("after-crawl");
    assertThat(run.triggerName()).isEqualTo("crawl-then-job");
    assertThat(awaitEnd("after-crawl", run.id()).jobRunState()).isEqualTo(JobRunState.SUCCEEDED);
    // The job ran after the crawl had written its table.
    assertThat(glue.getTables(r -> r.databaseName("chain")).tableList()).hasSize(1);
  }

  // Helpers

  private void createJob(String name, int maxConcurrentRuns, int maxRetries, int timeout) {
    glue.createJob(
        r ->
            r.name(name)
                .role("arn:aws:iam::000000000000:role/glue")
                .command(c -> c.name("glueetl"))
                .defaultArguments(
                    Map.of("--exit-code", "0", "--sleep-seconds", "0", "--lines", "0"))
                .maxRetries(maxRetries)
                .timeout(timeout)
                .executionProperty(e -> e.maxConcurrentRuns(maxConcurrentRuns))
                .codeGenConfigurationNodes(
                    Map.of(
                        "node-1",
                        CodeGenConfigurationNode.builder()
                            .s3JsonSource(s -> s.name("orders").paths("s3://lake/orders/"))
                            .build())));
  }

  private software.amazon.awssdk.services.glue.model.JobRun awaitFirstRun(String job)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(RUN_WAIT);
    while (true) {
      List<software.amazon.awssdk.services.glue.model.JobRun> runs =
          glue.getJobRuns(r -> r.jobName(job)).jobRuns();
      if (!runs.isEmpty()) {
        return runs.get(runs.size() - 1);
      }
      assertThat(Instant.now()).as("a run of " + job).isBefore(deadline);
      Thread.sleep(200);
    }
  }

  private void awaitState(String job, String runId, JobRunState state) throws InterruptedException {
    Instant deadline = Instant.now().plus(RUN_WAIT);
    while (glue.getJobRun(r -> r.jobName(job).runId(runId)).jobRun().jobRunState() != state) {
      assertThat(Instant.now()).as("run " + runId + " " + state).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  /** Polls GetJobRun until the run has ended, as clients wait for a run. */
  private software.amazon.awssdk.services.glue.model.JobRun awaitEnd(String job, String runId)
      throws InterruptedException {
    Set<JobRunState> ended =
        Set.of(
            JobRunState.SUCCEEDED,
            JobRunState.FAILED,
            JobRunState.TIMEOUT,
            JobRunState.STOPPED,
            JobRunState.ERROR);
    Instant deadline = Instant.now().plus(RUN_WAIT);
    while (true) {
      software.amazon.awssdk.services.glue.model.JobRun run =
          glue.getJobRun(r -> r.jobName(job).runId(runId)).jobRun();
      if (ended.contains(run.jobRunState())) {
        return run;
      }
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

  /** Live processes launched for the run (its id is on their command line). */
  private static List<ProcessHandle> runnerProcesses(String runId) {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(
            process -> process.info().arguments().map(List::of).orElse(List.of()).contains(runId))
        .toList();
  }
}
