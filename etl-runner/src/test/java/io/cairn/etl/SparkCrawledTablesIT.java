package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.CairnServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Crawler;
import software.amazon.awssdk.services.glue.model.CrawlerState;
import software.amazon.awssdk.services.glue.model.LastCrawlStatus;

/**
 * Spark writes Parquet and CSV data in Hive's {@code key=value} folders, knowing nothing of the
 * catalog (the CSV without a header: Spark 3.5's Hive reader ignores {@code
 * skip.header.line.count}, so a header line would be read as a row); a Cairn crawler started
 * through the Glue API (AWS's own Java client) finds the tables and their partitions; Spark's
 * built-in Hive client, unchanged, then reads exactly the rows it wrote through the crawled tables.
 */
class SparkCrawledTablesIT {
  @TempDir static Path workDirectory;

  private static CairnServerProcess server;
  private static ThriftCallRecorder recorder;
  private static SparkSession spark;
  private static GlueClient glue;

  @BeforeAll
  static void start() throws IOException {
    server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"), CairnServerProcess.logFor(SparkCrawledTablesIT.class));
    recorder = ThriftCallRecorder.start(server.thriftPort());
    spark =
        HiveSparkSessions.builder("SparkCrawledTablesIT", workDirectory, recorder.port())
            .getOrCreate();
    glue = RunnerTests.glueClient(server);
  }

  @AfterAll
  static void stop() {
    try {
      if (glue != null) {
        glue.close();
      }
      if (spark != null) {
        spark.stop();
      }
    } finally {
      if (recorder != null) {
        recorder.close();
      }
      if (server != null) {
        server.close();
      }
    }
    assertThat(recorder.unsupportedMethods())
        .as("Thrift methods Spark needed that Cairn does not serve")
        .isEmpty();
  }

  @Test
  void crawledParquetAndCsvTablesReadBackExactlyTheRowsWritten() throws InterruptedException {
    Path lake = workDirectory.resolve("lake");
    spark
        .sql(
            "SELECT CAST(id AS INT) AS id, concat('item ', id) AS name,"
                + " CAST(id * 1.25 AS DOUBLE) AS amount,"
                + " CAST(date_add(DATE '2024-03-01', CAST(id % 3 AS INT)) AS STRING) AS day"
                + " FROM range(30)")
        .write()
        .partitionBy("day")
        .parquet(lake.resolve("orders").toString());
    spark
        .sql(
            "SELECT CAST(id AS INT) AS id, concat('city ', id) AS city, CAST(id * 10 AS BIGINT)"
                + " AS visitors, IF(id % 2 = 0, 'eu', 'us') AS region FROM range(20)")
        .write()
        .partitionBy("region")
        .csv(lake.resolve("visits").toString());

    glue.createCrawler(
        request ->
            request
                .name("lake")
                .role("unused")
                .databaseName("crawled")
                .targets(
                    targets -> targets.s3Targets(target -> target.path(lake.toUri().toString()))));
    glue.startCrawler(request -> request.name("lake"));
    Crawler crawler = awaitReady("lake");
    assertThat(crawler.lastCrawl().status()).isEqualTo(LastCrawlStatus.SUCCEEDED);

    assertThat(rows("SELECT id, name, amount, day FROM crawled.orders ORDER BY id"))
        .isEqualTo(
            rows(
                "SELECT CAST(id AS INT), concat('item ', id), CAST(id * 1.25 AS DOUBLE),"
                    + " CAST(date_add(DATE '2024-03-01', CAST(id % 3 AS INT)) AS STRING)"
                    + " FROM range(30) ORDER BY 1"));
    assertThat(spark.sql("SHOW PARTITIONS crawled.orders").count()).isEqualTo(3);
    // Without a header the crawler names the columns col0, col1, … as Glue does.
    assertThat(rows("SELECT col0, col1, col2, region FROM crawled.visits ORDER BY col0"))
        .isEqualTo(
            rows(
                "SELECT CAST(id AS INT), concat('city ', id), CAST(id * 10 AS BIGINT),"
                    + " IF(id % 2 = 0, 'eu', 'us') FROM range(20) ORDER BY 1"));
    assertThat(rows("SELECT count(*) FROM crawled.visits WHERE region = 'eu'"))
        .containsExactly("[10]");
  }

  private static List<String> rows(String query) {
    return spark.sql(query).collectAsList().stream().map(Row::toString).toList();
  }

  private static Crawler awaitReady(String name) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (true) {
      Crawler crawler = glue.getCrawler(request -> request.name(name)).crawler();
      if (crawler.state() == CrawlerState.READY && crawler.lastCrawl() != null) {
        return crawler;
      }
      assertThat(Instant.now()).as("crawler %s still %s", name, crawler.state()).isBefore(deadline);
      Thread.sleep(200);
    }
  }
}
