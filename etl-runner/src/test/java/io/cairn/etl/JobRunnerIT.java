package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.CairnServerProcess;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Partition;

/**
 * {@link JobRunner} as the server will launch it: its own JVM with target/cairn-etl-runner.jar and
 * target/lib on the class path, against {@code cairn server} in another JVM. What a job wrote is
 * checked through Cairn's Glue API, as any other client would see it.
 */
class JobRunnerIT {

  @TempDir static Path workDirectory;

  private static CairnServerProcess server;
  private static GlueClient glue;

  @BeforeAll
  static void start() throws IOException {
    server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"), CairnServerProcess.logFor(JobRunnerIT.class));
    glue = RunnerTests.glueClient(server);
    glue.createDatabase(
        request ->
            request.databaseInput(
                input ->
                    input
                        .name("lake")
                        .locationUri(workDirectory.resolve("lake").toUri().toString())));
  }

  @AfterAll
  static void stop() {
    try {
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
  void runsAJsonJobWithProgressAndASummary() throws Exception {
    Path input = Files.createDirectories(workDirectory.resolve("input"));
    Files.write(input.resolve("a.csv"), List.of("id,day", "1,1", "2,1", "3,2"));
    Path job =
        Files.writeString(
            workDirectory.resolve("job.json"),
            """
            {"in": {"S3CsvSource": {"Name": "csv", "Paths": ["%s"], "WithHeader": true}},
             "out": {"S3CatalogTarget": {"Name": "events", "Inputs": ["in"], "Database": "lake",
                     "Table": "events", "PartitionKeys": [["day"]],
                     "SchemaChangePolicy": {"EnableUpdateCatalog": true}}}}
            """
                .formatted(input));

    Result result = runner(false, job.toString(), "--run-label", "first");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("[job] node in (S3CsvSource, csv): reading")
        .contains("[job] node out (S3CatalogTarget, events): written")
        .containsPattern("\\[progress\\] stage \\d+ started: ")
        .containsPattern("\\[job\\] succeeded in [0-9.]+ s: \\d+ stages, \\d+ tasks \\(0 failed\\)")
        .contains(" 3 rows written");
    assertThat(
            glue
                .getPartitions(request -> request.databaseName("lake").tableName("events"))
                .partitions()
                .stream()
                .map(Partition::values)
                .toList())
        .containsExactlyInAnyOrder(List.of("1"), List.of("2"));
  }

  @Test
  void runsAJavaJob() throws Exception {
    Path input = Files.createDirectories(workDirectory.resolve("people"));
    Files.write(input.resolve("a.csv"), List.of("id,name", "1,ann"));
    Path job =
        Files.writeString(
            workDirectory.resolve("people.json"),
            """
            {"in": {"S3CsvSource": {"Name": "csv", "Paths": ["%s"], "WithHeader": true}},
             "out": {"S3CatalogTarget": {"Name": "people", "Inputs": ["in"], "Database": "lake",
                     "Table": "people", "SchemaChangePolicy": {"EnableUpdateCatalog": true}}}}
            """
                .formatted(input));
    assertThat(runner(false, job.toString()).exitCode()).isZero();

    Result result =
        runner(
            true,
            "--class",
            "io.cairn.etl.job.CopyTableJob",
            "--source",
            "lake.people",
            "--target",
            "lake.people_copy");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(
            glue.getTable(request -> request.databaseName("lake").name("people_copy"))
                .table()
                .storageDescriptor()
                .columns())
        .extracting(column -> column.name() + " " + column.type())
        .containsExactly("id int", "name string");
  }

  @Test
  void anInvalidJobExitsWithTwoBeforeSparkStarts() throws Exception {
    Path job =
        Files.writeString(
            workDirectory.resolve("invalid.json"),
            """
            {"in": {"S3CsvSource": {"Paths": ["/tmp/x"]}},
             "out": {"S3DirectTarget": {"Inputs": ["nowhere"], "Path": "/tmp/y", "Format": "xml"}}}
            """);

    Result result = runner(false, job.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output())
        .contains("invalid job " + job + ":")
        .contains("  node out (S3DirectTarget): input nowhere is not a node of the job")
        .contains("  node out (S3DirectTarget): Format 'xml' is not supported")
        .doesNotContain("SparkContext")
        .doesNotContain("[progress]");
    assertThat(runner(false, "--master").exitCode()).isEqualTo(2);
    Result help = runner(false, "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.output()).contains("usage: java -cp").contains("exit codes:");
  }

  @Test
  void aJobThatFailsWhileRunningExitsWithOne() throws Exception {
    Path job =
        Files.writeString(
            workDirectory.resolve("failing.json"),
            """
            {"in": {"S3JsonSource": {"Name": "json", "Paths": ["%s"]}},
             "out": {"S3DirectTarget": {"Name": "out", "Inputs": ["in"], "Path": "%s",
                     "Format": "parquet"}}}
            """
                .formatted(workDirectory.resolve("no-such-folder"), workDirectory.resolve("out")));

    Result result = runner(false, job.toString());

    assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
    assertThat(result.output())
        .contains("[job] failed after")
        .contains("node in (S3JsonSource, json) failed: [PATH_NOT_FOUND]");
  }

  private record Result(int exitCode, String output) {}

  private static Result runner(boolean withTestClasses, String... arguments)
      throws IOException, InterruptedException {
    Path target = Path.of("target").toAbsolutePath();
    String classPath = RunnerTests.runnerClassPath();
    if (withTestClasses) {
      classPath += File.pathSeparator + target.resolve("test-classes");
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx1g");
    command.addAll(RunnerTests.JAVA_17_FLAGS);
    command.addAll(List.of("-cp", classPath, "io.cairn.etl.JobRunner"));
    command.addAll(List.of(arguments));
    if (arguments.length > 0
        && !arguments[0].equals("--help")
        && !arguments[0].equals("--master")) {
      command.addAll(
          List.of(
              "--master", "local[1]",
              "--metastore-uri", "thrift://127.0.0.1:" + server.thriftPort(),
              "--iceberg-uri", server.httpUri() + "/iceberg",
              "--conf", "spark.local.dir=" + workDirectory.resolve("spark-local"),
              "--conf", "spark.sql.shuffle.partitions=1",
              "--conf", "spark.sql.warehouse.dir=" + workDirectory.resolve("warehouse").toUri(),
              "--conf", "spark.hadoop.hive.exec.scratchdir=" + workDirectory.resolve("scratch")));
    }
    Path log = Files.createTempFile(workDirectory, "runner", ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(workDirectory.toFile())
            .start();
    process.getOutputStream().close();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the runner did not finish in 3 minutes");
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
