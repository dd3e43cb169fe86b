package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.testing.CairnServerProcess;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.CodeGenConfigurationNode;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.Partition;

/**
 * The server runs a Glue job as Glue does, but with Cairn's own runner: a job created through AWS's
 * GlueClient with a Glue Studio graph (CSV files into a partitioned catalog table), started with
 * StartJobRun, launched by the server as its own JVM of etl-runner's {@link JobRunner} (the jar and
 * libraries this module builds), and its table then in the catalog for every engine.
 */
class GlueJobRunsIT {
  @TempDir static Path workDirectory;

  private static CairnServerProcess server;
  private static GlueClient glue;

  @BeforeAll
  static void start() throws IOException {
    server = RunnerTests.startServerWithRunner(workDirectory, GlueJobRunsIT.class);
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
  void aJobStartedThroughTheGlueApiRunsInItsOwnJvmAndWritesACatalogTable() throws Exception {
    Path input = Files.createDirectories(workDirectory.resolve("input"));
    Files.write(input.resolve("part-0.csv"), List.of("id,name,day", "1,ann,1", "2,bob,2"));
    glue.createDatabase(
        request ->
            request.databaseInput(
                database ->
                    database
                        .name("lake")
                        .locationUri(workDirectory.resolve("lake").toUri().toString())));
    glue.createJob(
        request ->
            request
                .name("load-people")
                .role("unused")
                .command(command -> command.name("glueetl"))
                .codeGenConfigurationNodes(
                    Map.of(
                        "in",
                        CodeGenConfigurationNode.builder()
                            .s3CsvSource(
                                csv ->
                                    csv.name("people")
                                        .paths(input.toString())
                                        .separator("comma")
                                        .quoteChar("quote")
                                        .withHeader(true))
                            .build(),
                        "out",
                        CodeGenConfigurationNode.builder()
                            .s3DirectTarget(
                                files ->
                                    files
                                        .name("table")
                                        .inputs("in")
                                        .path(workDirectory.resolve("lake/people").toString())
                                        .format("parquet")
                                        .partitionKeys(List.of(List.of("day")))
                                        .schemaChangePolicy(
                                            policy ->
                                                policy
                                                    .enableUpdateCatalog(true)
                                                    .updateBehavior("UPDATE_IN_DATABASE")
                                                    .database("lake")
                                                    .table("people")))
                            .build())));

    String runId = glue.startJobRun(request -> request.jobName("load-people")).jobRunId();
    JobRun run = RunnerTests.awaitJobRunEnd(glue, "load-people", runId);

    assertThat(run.jobRunState()).as(run.errorMessage()).isEqualTo(JobRunState.SUCCEEDED);
    assertThat(
            glue.getTable(request -> request.databaseName("lake").name("people"))
                .table()
                .storageDescriptor()
                .columns())
        .extracting(Column::name)
        .containsExactly("id", "name");
    assertThat(
            glue.getPartitions(request -> request.databaseName("lake").tableName("people"))
                .partitions())
        .extracting(Partition::values)
        .containsExactlyInAnyOrder(List.of("1"), List.of("2"));
    HttpResponse<String> log =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.httpUri() + "/api/v1/jobs/load-people/runs/" + runId + "/log"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(log.body())
        .contains("[job] node out (S3DirectTarget, table): writing")
        .contains("[progress] stage");
    HttpResponse<String> progress =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.httpUri()
                                + "/api/v1/jobs/load-people/runs/"
                                + runId
                                + "/progress"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(progress.statusCode()).isEqualTo(200);
    JsonNode last = new ObjectMapper().readTree(progress.body());
    assertThat(last.path("rowsWritten").asLong())
        .as("the last progress the run reported: %s", last)
        .isEqualTo(2);
    assertThat(last.path("stagesCompleted").asLong()).isPositive();
    assertThat(last.path("tasksCompleted").asLong()).isPositive();
    assertThat(last.path("activeStages")).isEmpty();
  }

  /** {@code cairn job run} runs a graph file in its own runner JVM against the server's catalog. */
  @Test
  void cairnJobRunRunsAGraphFileAgainstTheServer() throws Exception {
    Path input = Files.createDirectories(workDirectory.resolve("cli-input"));
    Files.write(input.resolve("part-0.csv"), List.of("id,name", "1,ann", "2,bob", "3,cy"));
    Path job = workDirectory.resolve("job.json");
    Files.writeString(
        job,
        """
        {"in": {"S3CsvSource": {"Name": "people", "Paths": ["%s"], "WithHeader": true}},
         "upper": {"DynamicTransform": {"Name": "Shout", "TransformName": "gs_derived",
           "Inputs": ["in"], "Parameters": [{"Name": "colName", "Value": ["shout"]},
                                            {"Name": "expr", "Value": ["upper(name)"]}]}},
         "out": {"S3DirectTarget": {"Name": "table", "Inputs": ["upper"], "Path": "%s",
           "Format": "parquet", "SchemaChangePolicy": {"EnableUpdateCatalog": true,
           "UpdateBehavior": "UPDATE_IN_DATABASE", "Database": "default", "Table": "shouts"}}}}
        """
            .formatted(input, workDirectory.resolve("shouts")));
    List<String> command =
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-cp",
            System.getProperty("cairn.server.jar")
                + File.pathSeparator
                + System.getProperty("cairn.server.lib")
                + "/*",
            "io.cairn.cli.CairnCli",
            "job",
            "run",
            job.toString(),
            "--master",
            "local[1]",
            "--thrift-uri",
            "thrift://127.0.0.1:" + server.thriftPort(),
            "--iceberg-uri",
            server.httpUri() + "/iceberg");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("CAIRN_JOBS_RUNNER_CLASS_PATH", RunnerTests.runnerClassPath());
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();

    assertThat(output)
        .contains("[job] node upper (gs_derived, Shout): planned")
        .contains("[job] node out (S3DirectTarget, table): written")
        .contains("[job] succeeded in");
    assertThat(
            glue.getTable(request -> request.databaseName("default").name("shouts"))
                .table()
                .storageDescriptor()
                .columns())
        .extracting(Column::name)
        .containsExactly("id", "name", "shout");
  }
}
