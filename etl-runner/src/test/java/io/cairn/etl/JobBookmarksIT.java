package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.CairnServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.JobBookmarkEntry;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;

/**
 * Glue's job bookmarks with real runner JVMs launched by the server: a file source reads only new
 * or changed files, a failed run commits nothing so the next one reads its files again, a reset
 * reads everything again, and a paused run reads from a given run on without moving the bookmark; a
 * JDBC source reads only rows beyond its bookmark key.
 */
class JobBookmarksIT {
  @TempDir static Path workDirectory;

  private static CairnServerProcess server;
  private static GlueClient glue;

  @BeforeAll
  static void start() throws IOException {
    server = RunnerTests.startServerWithRunner(workDirectory, JobBookmarksIT.class);
    glue = RunnerTests.glueClient(server);
  }

  @AfterAll
  static void stop() {
    if (glue != null) {
      glue.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void fileSourcesReadOnlyNewFilesAndAFailedRunCommitsNothing() throws Exception {
    Path input = Files.createDirectories(workDirectory.resolve("orders"));
    for (int id = 1; id <= 3; id++) {
      order(input, id, id);
    }
    // A run fails midway when an id is 100 or more: Spark's raise_error while writing.
    String graph =
        """
        {"in": {"S3CsvSource": {"Name": "orders", "Paths": ["%s"], "WithHeader": true}},
         "checked": {"DynamicTransform": {"Name": "Check", "TransformName": "gs_derived",
           "Inputs": ["in"], "Parameters": [{"Name": "colName", "Value": ["checked"]},
                                            {"Name": "expr", "Value": ["if(id < 100, id, raise_error('an order id of 100 or more'))"]}]}},
         "out": {"S3DirectTarget": {"Name": "copy", "Inputs": ["checked"], "Path": "%s",
           "Format": "csv"}}}
        """
            .formatted(input, workDirectory.resolve("copy"));
    Path script = Files.writeString(workDirectory.resolve("orders-job.json"), graph);
    glue.createJob(
        request ->
            request
                .name("orders")
                .role("unused")
                .command(command -> command.name("glueetl").scriptLocation(script.toString()))
                .defaultArguments(Map.of("--job-bookmark-option", "job-bookmark-enable")));

    String first = run(Map.of(), JobRunState.SUCCEEDED, 3);
    JobBookmarkEntry afterFirst = bookmark();
    assertThat(afterFirst.version()).isEqualTo(1);
    assertThat(afterFirst.runId()).isEqualTo(first);
    assertThat(afterFirst.jobBookmark()).contains("order-1.csv").contains("order-3.csv");

    order(input, 4, 4);
    order(input, 5, 5);
    String second = run(Map.of(), JobRunState.SUCCEEDED, 2);
    assertThat(bookmark().version()).isEqualTo(2);

    order(input, 6, 6);
    order(input, 7, 700);
    run(Map.of(), JobRunState.FAILED, -1);
    assertThat(bookmark().runId()).isEqualTo(second);
    // The bad file fixed (a new modification time): both files of the failed run are read.
    FileTime broken = Files.getLastModifiedTime(input.resolve("order-7.csv"));
    order(input, 7, 7);
    Files.setLastModifiedTime(
        input.resolve("order-7.csv"), FileTime.fromMillis(broken.toMillis() + 2_000));
    run(Map.of(), JobRunState.SUCCEEDED, 2);
    assertThat(bookmark().version()).isEqualTo(3);

    // Paused from the first run: files 4 to 7 again, and the bookmark stays where it is.
    run(
        Map.of("--job-bookmark-option", "job-bookmark-pause", "--job-bookmark-from", first),
        JobRunState.SUCCEEDED,
        4);
    assertThat(bookmark().version()).isEqualTo(3);
    // Disabled: everything, nothing committed.
    run(Map.of("--job-bookmark-option", "job-bookmark-disable"), JobRunState.SUCCEEDED, 7);
    assertThat(bookmark().version()).isEqualTo(3);
    // Nothing new: no rows.
    run(Map.of(), JobRunState.SUCCEEDED, 0);
    assertThat(bookmark().version()).isEqualTo(4);

    glue.resetJobBookmark(request -> request.jobName("orders"));
    run(Map.of(), JobRunState.SUCCEEDED, 7);

    glue.resetJobBookmark(request -> request.jobName("orders").runId(second));
    run(Map.of(), JobRunState.SUCCEEDED, 2);
  }

  @Test
  void jdbcSourcesReadOnlyRowsBeyondTheBookmarkKey() throws Exception {
    try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
      insert(database, "CREATE TABLE payments (id SERIAL PRIMARY KEY, amount INT)");
      insert(database, "INSERT INTO payments (amount) VALUES (10), (20), (30)");
      String graph =
          """
          {"db": {"JdbcSource": {"Name": "payments", "Url": "%s", "User": "%s",
                  "Table": "payments", "JobBookmarkKeys": ["id"]}},
           "out": {"S3DirectTarget": {"Name": "copy", "Inputs": ["db"], "Path": "%s",
                   "Format": "json"}}}
          """
              .formatted(database.jdbcUrl(), database.user(), workDirectory.resolve("payments"));
      Path script = Files.writeString(workDirectory.resolve("payments-job.json"), graph);
      glue.createJob(
          request ->
              request
                  .name("payments")
                  .role("unused")
                  .command(command -> command.name("glueetl").scriptLocation(script.toString()))
                  .defaultArguments(Map.of("--job-bookmark-option", "job-bookmark-enable")));

      run("payments", Map.of(), JobRunState.SUCCEEDED, 3);
      assertThat(
              glue.getJobBookmark(request -> request.jobName("payments"))
                  .jobBookmarkEntry()
                  .jobBookmark())
          .contains("\"last\":[\"3\"]");
      insert(database, "INSERT INTO payments (amount) VALUES (40), (50)");
      run("payments", Map.of(), JobRunState.SUCCEEDED, 2);
      glue.resetJobBookmark(request -> request.jobName("payments"));
      run("payments", Map.of(), JobRunState.SUCCEEDED, 5);
    }
  }

  private static void insert(PostgresTestDatabase database, String statement) throws Exception {
    try (Connection connection =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
        Statement sql = connection.createStatement()) {
      sql.execute(statement);
    }
  }

  private static void order(Path input, int file, int id) throws IOException {
    Files.write(input.resolve("order-" + file + ".csv"), List.of("id,amount", id + "," + id * 10));
  }

  private static JobBookmarkEntry bookmark() {
    return glue.getJobBookmark(request -> request.jobName("orders")).jobBookmarkEntry();
  }

  /** Runs the job and checks how it ended and, for a success, how many rows it read and wrote. */
  private static String run(Map<String, String> arguments, JobRunState expected, int rows)
      throws Exception {
    return run("orders", arguments, expected, rows);
  }

  private static String run(
      String job, Map<String, String> arguments, JobRunState expected, int rows) throws Exception {
    String runId =
        glue.startJobRun(request -> request.jobName(job).arguments(arguments)).jobRunId();
    JobRun run = RunnerTests.awaitJobRunEnd(glue, job, runId);
    String log = log(job, runId);
    assertThat(run.jobRunState()).as(log).isEqualTo(expected);
    if (expected == JobRunState.SUCCEEDED) {
      assertThat(log).as(log).contains(" " + rows + " rows written");
    }
    return runId;
  }

  private static String log(String job, String runId) throws Exception {
    HttpResponse<String> log =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.httpUri() + "/api/v1/jobs/" + job + "/runs/" + runId + "/log"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return log.body();
  }
}
