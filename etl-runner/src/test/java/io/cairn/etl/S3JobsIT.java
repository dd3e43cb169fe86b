package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import io.cairn.etl.job.JobExecutor;
import io.cairn.etl.job.JobGraph;
import io.cairn.etl.job.JobTestSessions;
import io.cairn.etl.job.NodeTypes;
import io.cairn.etl.job.RunContext;
import io.cairn.testing.CairnServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * Jobs on {@code s3://} and {@code s3a://} paths of a real S3-compatible server (S3Proxy), written
 * through Hadoop's S3A and checked with the AWS SDK's own S3 client: CSV in, Parquet partitions
 * out, a catalog table on S3 registered with its S3 location (checked through the Glue API), and a
 * run launched by the server that takes the endpoint from the job's {@code --cairn-s3-*} arguments
 * and the keys from the environment.
 */
class S3JobsIT {
  private static final String BUCKET = "lake";

  @TempDir static Path workDirectory;

  private static S3ProxyProcess s3;
  private static AmazonS3 client;
  private static CairnServerProcess server;
  private static GlueClient glue;
  private static SparkSession spark;
  private static NodeTypes types;

  @BeforeAll
  static void start() throws IOException {
    s3 = S3ProxyProcess.start(workDirectory.resolve("s3proxy"));
    client = s3.client();
    client.createBucket(BUCKET);
    // Runs launched by the server inherit its environment: S3A's default chain finds these keys.
    server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"),
            Map.of(
                "CAIRN_JOBS_RUNNER_CLASS_PATH",
                RunnerTests.runnerClassPath(),
                "CAIRN_JOBS_SPARK_MASTER",
                "local[1]",
                "AWS_ACCESS_KEY_ID",
                S3ProxyProcess.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY",
                S3ProxyProcess.SECRET_KEY),
            CairnServerProcess.logFor(S3JobsIT.class));
    glue = RunnerTests.glueClient(server);
    spark =
        JobTestSessions.start("S3JobsIT", workDirectory, server, false, s3.sparkConfiguration());
    types = NodeTypes.load(S3JobsIT.class.getClassLoader());
    spark.sql("CREATE DATABASE lake LOCATION 's3://" + BUCKET + "/warehouse/lake'");
    client.putObject(
        BUCKET,
        "input/sales/part-0.csv",
        String.join("\n", "id,region,amount", "1,eu,10", "2,us,20", "3,eu,30") + "\n");
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
      try {
        if (server != null) {
          server.close();
        }
      } finally {
        if (s3 != null) {
          s3.close();
        }
      }
    }
  }

  @Test
  void csvInParquetPartitionsOutAndACatalogTableOnS3() {
    run(
        """
        {"in": {"S3CsvSource": {"Name": "csv", "Paths": ["s3://lake/input/sales/"],
                "WithHeader": true}},
         "out": {"S3GlueParquetTarget": {"Name": "p", "Inputs": ["in"],
                 "Path": "s3://lake/output/sales/", "PartitionKeys": [["region"]]}}}
        """);

    assertThat(keys("output/sales/"))
        .anyMatch(key -> key.startsWith("output/sales/region=eu/part-") && key.endsWith(".parquet"))
        .anyMatch(key -> key.startsWith("output/sales/region=us/part-") && key.endsWith(".parquet"))
        .noneMatch(key -> key.endsWith(".csv"));
    assertThat(rows(spark.read().parquet("s3a://lake/output/sales/").toDF()))
        .containsExactly("[1,10,eu]", "[2,20,us]", "[3,30,eu]");

    run(
        """
        {"in": {"S3ParquetSource": {"Name": "p", "Paths": ["s3a://lake/output/sales/"]}},
         "out": {"S3DirectTarget": {"Name": "t", "Inputs": ["in"], "Format": "parquet",
                 "Path": "s3://lake/tables/sales/", "PartitionKeys": [["region"]],
                 "SchemaChangePolicy": {"EnableUpdateCatalog": true,
                                        "UpdateBehavior": "UPDATE_IN_DATABASE",
                                        "Database": "lake", "Table": "sales"}}}}
        """);

    Table table = glue.getTable(request -> request.databaseName("lake").name("sales")).table();
    assertThat(table.storageDescriptor().location()).startsWith("s3://lake/tables/sales");
    List<Partition> partitions =
        glue.getPartitions(request -> request.databaseName("lake").tableName("sales")).partitions();
    assertThat(partitions)
        .extracting(partition -> partition.storageDescriptor().location())
        .allMatch(location -> location.startsWith("s3://lake/tables/sales/region="))
        .hasSize(2);
    assertThat(keys("tables/sales/region=us/")).anyMatch(key -> key.endsWith(".parquet"));
    assertThat(rows(spark.sql("SELECT id, amount, region FROM lake.sales")))
        .containsExactly("[1,10,eu]", "[2,20,us]", "[3,30,eu]");
  }

  @Test
  void aRunLaunchedByTheServerReadsAndWritesS3() throws Exception {
    String graph =
        """
        {"in": {"S3CsvSource": {"Name": "csv", "Paths": ["s3://lake/input/sales/"],
                "WithHeader": true}},
         "out": {"S3DirectTarget": {"Name": "copy", "Inputs": ["in"], "Format": "json",
                 "Path": "s3://lake/runner-output/sales/"}}}
        """;
    Path script = Files.writeString(workDirectory.resolve("s3-job.json"), graph);
    glue.createJob(
        request ->
            request
                .name("s3-copy")
                .role("unused")
                .command(command -> command.name("glueetl").scriptLocation(script.toString()))
                .defaultArguments(
                    Map.of(
                        "--cairn-s3-endpoint",
                        s3.endpoint().toString(),
                        "--cairn-s3-path-style-access",
                        "true")));

    String runId = glue.startJobRun(request -> request.jobName("s3-copy")).jobRunId();
    JobRun run = RunnerTests.awaitJobRunEnd(glue, "s3-copy", runId);

    String log = log("s3-copy", runId);
    assertThat(run.jobRunState()).as(log).isEqualTo(JobRunState.SUCCEEDED);
    assertThat(log).contains(" 3 rows written");
    assertThat(keys("runner-output/sales/")).anyMatch(key -> key.endsWith(".json"));
    assertThat(rows(spark.read().json("s3://lake/runner-output/sales/")))
        .containsExactly("[10,1,eu]", "[20,2,us]", "[30,3,eu]");
  }

  private static void run(String job) {
    new JobExecutor(types, System.err::println)
        .run(JobGraph.parse(job, types), new RunContext(spark, Map.of(), Instant.now()));
  }

  private static List<String> keys(String prefix) {
    return client.listObjects(BUCKET, prefix).getObjectSummaries().stream()
        .map(S3ObjectSummary::getKey)
        .toList();
  }

  private static List<String> rows(org.apache.spark.sql.Dataset<Row> data) {
    return data.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private static String log(String job, String runId) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.httpUri() + "/api/v1/jobs/" + job + "/runs/" + runId + "/log"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
