package io.cairn.glue;

import static io.cairn.glue.GlueErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cairn.catalog.CrawlRun;
import io.cairn.catalog.CrawlerStatus;
import io.cairn.server.ServerConfig;
import io.cairn.store.CatalogStore;
import io.cairn.store.jdbc.JdbcCatalogStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Crawler;
import software.amazon.awssdk.services.glue.model.CrawlerHistory;
import software.amazon.awssdk.services.glue.model.CrawlerHistoryState;
import software.amazon.awssdk.services.glue.model.CrawlerMetrics;
import software.amazon.awssdk.services.glue.model.CrawlerState;
import software.amazon.awssdk.services.glue.model.CsvClassifier;
import software.amazon.awssdk.services.glue.model.LastCrawlStatus;
import software.amazon.awssdk.services.glue.model.ScheduleState;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * Glue's classifier and crawler operations through the AWS SDK for Java v2's GlueClient against a
 * running Cairn on SQLite: definitions, one crawl at a time, stop, schedules, restart and a real
 * crawl of a local CSV tree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlueCrawlersIT {
  @TempDir static Path dataDirectory;
  @TempDir static Path lake;

  private HttpServer slowS3;
  private final CountDownLatch releaseS3 = new CountDownLatch(1);
  private final CountDownLatch s3Reached = new CountDownLatch(1);
  private GlueTestServer server;
  private GlueClient glue;

  /**
   * A server whose crawls reach S3 at an endpoint that answers a listing (always empty) only once
   * the test releases it, so that a crawl of an s3:// target runs as long as a test needs.
   */
  @BeforeAll
  void start() throws IOException {
    slowS3 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    slowS3.createContext(
        "/",
        exchange -> {
          s3Reached.countDown();
          try {
            releaseS3.await(120, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          String bucket = exchange.getRequestURI().getPath().replaceAll("^/([^/]*).*", "$1");
          byte[] body =
              ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult"
                      + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>"
                      + bucket
                      + "</Name><Prefix></Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys>"
                      + "<IsTruncated>false</IsTruncated></ListBucketResult>")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/xml");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    slowS3.start();
    server =
        GlueTestServer.start(
            dataDirectory,
            Map.of(
                ServerConfig.CRAWLER_S3_ENDPOINT,
                "http://127.0.0.1:" + slowS3.getAddress().getPort(),
                ServerConfig.CRAWLER_S3_ACCESS_KEY_ID,
                "test",
                ServerConfig.CRAWLER_S3_SECRET_ACCESS_KEY,
                "test",
                ServerConfig.CRAWLER_S3_PATH_STYLE_ACCESS,
                "true",
                ServerConfig.CRAWLER_SCHEDULER_INTERVAL,
                "200ms",
                ServerConfig.CRAWLER_THREADS,
                "8"));
    glue = server.client();
  }

  @AfterAll
  void stop() {
    releaseS3.countDown();
    glue.close();
    server.close();
    slowS3.stop(0);
  }

  // Classifiers

  @Test
  void classifiersOfEveryKindAreCreatedReadListedUpdatedAndDeleted() {
    glue.createClassifier(
        r ->
            r.csvClassifier(
                c ->
                    c.name("pipes")
                        .delimiter("|")
                        .quoteSymbol("'")
                        .containsHeader("PRESENT")
                        .disableValueTrimming(true)
                        .allowSingleColumn(false)));
    glue.createClassifier(
        r ->
            r.grokClassifier(
                g -> g.name("access").classification("logs").grokPattern("%{WORD:verb}")));
    glue.createClassifier(r -> r.jsonClassifier(j -> j.name("records").jsonPath("$.records[*]")));
    glue.createClassifier(
        r -> r.xmlClassifier(x -> x.name("books").classification("xml").rowTag("book")));

    CsvClassifier csv = glue.getClassifier(r -> r.name("pipes")).classifier().csvClassifier();
    assertThat(csv.delimiter()).isEqualTo("|");
    assertThat(csv.quoteSymbol()).isEqualTo("'");
    assertThat(csv.containsHeaderAsString()).isEqualTo("PRESENT");
    assertThat(csv.disableValueTrimming()).isTrue();
    assertThat(csv.version()).isEqualTo(1);
    assertThat(csv.creationTime()).isBeforeOrEqualTo(Instant.now());
    assertThat(
            glue.getClassifier(r -> r.name("access")).classifier().grokClassifier().grokPattern())
        .isEqualTo("%{WORD:verb}");
    assertThat(glue.getClassifier(r -> r.name("books")).classifier().xmlClassifier().rowTag())
        .isEqualTo("book");

    assertThat(glue.getClassifiers(r -> r.maxResults(3)).classifiers()).hasSize(3);
    assertThat(
            glue.getClassifiersPaginator(r -> r.maxResults(1)).stream()
                .mapToLong(page -> page.classifiers().size())
                .sum())
        .isGreaterThanOrEqualTo(4);

    glue.updateClassifier(r -> r.csvClassifier(c -> c.name("pipes").delimiter(";")));
    CsvClassifier updated = glue.getClassifier(r -> r.name("pipes")).classifier().csvClassifier();
    assertThat(updated.delimiter()).isEqualTo(";");
    assertThat(updated.quoteSymbol()).as("kept").isEqualTo("'");
    assertThat(updated.version()).isEqualTo(2);
    assertThat(updated.lastUpdated()).isAfterOrEqualTo(csv.lastUpdated());

    glue.deleteClassifier(r -> r.name("records"));
    assertError(
        () -> glue.getClassifier(r -> r.name("records")), "EntityNotFoundException", "records");
  }

  @Test
  void classifierErrorsAreAwsErrorsAndChangeNothing() {
    glue.createClassifier(r -> r.jsonClassifier(j -> j.name("once").jsonPath("$[*]")));
    assertError(
        () -> glue.createClassifier(r -> r.jsonClassifier(j -> j.name("once").jsonPath("$[*]"))),
        "AlreadyExistsException",
        "once");
    assertError(
        () ->
            glue.createClassifier(
                r ->
                    r.jsonClassifier(j -> j.name("two").jsonPath("$[*]"))
                        .csvClassifier(c -> c.name("two"))),
        "InvalidInputException",
        "exactly one of");
    assertError(
        () -> glue.createClassifier(r -> r.csvClassifier(c -> c.name("wide").delimiter("||"))),
        "InvalidInputException",
        "csvClassifier.delimiter");
    assertError(
        () -> glue.createClassifier(r -> r.jsonClassifier(j -> j.name("bad").jsonPath("records"))),
        "InvalidInputException",
        "bad");
    assertError(
        () -> glue.updateClassifier(r -> r.csvClassifier(c -> c.name("once").delimiter(";"))),
        "InvalidInputException",
        "JsonClassifier");
    assertError(
        () -> glue.updateClassifier(r -> r.jsonClassifier(j -> j.name("missing").jsonPath("$"))),
        "EntityNotFoundException",
        "missing");
    assertError(
        () -> glue.deleteClassifier(r -> r.name("missing")), "EntityNotFoundException", "missing");
    assertError(() -> glue.getClassifier(r -> r.name("bad")), "EntityNotFoundException", "bad");
    assertThat(glue.getClassifier(r -> r.name("once")).classifier().jsonClassifier().version())
        .isEqualTo(1);
  }

  // Crawler definitions

  @Test
  void crawlersAreCreatedReadListedUpdatedAndDeleted() {
    glue.createClassifier(r -> r.jsonClassifier(j -> j.name("crawler-json").jsonPath("$[*]")));
    glue.createCrawler(
        r ->
            r.name("definitions")
                .role("arn:aws:iam::000000000000:role/glue")
                .databaseName("lake")
                .description("the lake")
                .targets(
                    t ->
                        t.s3Targets(
                            s -> s.path("s3://lake/raw/").exclusions("**.tmp").sampleSize(5)))
                .classifiers("crawler-json")
                .tablePrefix("raw_")
                .schedule("cron(0 12 * * ? *)")
                .schemaChangePolicy(p -> p.updateBehavior("LOG").deleteBehavior("LOG"))
                .recrawlPolicy(p -> p.recrawlBehavior("CRAWL_NEW_FOLDERS_ONLY"))
                .configuration(
                    "{\"Version\":1.0,\"Grouping\":{\"TableGroupingPolicy\":"
                        + "\"CombineCompatibleSchemas\",\"TableLevelConfiguration\":2}}"));
    Crawler crawler = glue.getCrawler(r -> r.name("definitions")).crawler();
    assertThat(crawler.role()).isEqualTo("arn:aws:iam::000000000000:role/glue");
    assertThat(crawler.databaseName()).isEqualTo("lake");
    assertThat(crawler.targets().s3Targets().get(0).path()).isEqualTo("s3://lake/raw/");
    assertThat(crawler.targets().s3Targets().get(0).exclusions()).containsExactly("**.tmp");
    assertThat(crawler.targets().s3Targets().get(0).sampleSize()).isEqualTo(5);
    assertThat(crawler.classifiers()).containsExactly("crawler-json");
    assertThat(crawler.tablePrefix()).isEqualTo("raw_");
    assertThat(crawler.schedule().scheduleExpression()).isEqualTo("cron(0 12 * * ? *)");
    assertThat(crawler.schedule().state()).isEqualTo(ScheduleState.SCHEDULED);
    assertThat(crawler.schemaChangePolicy().updateBehaviorAsString()).isEqualTo("LOG");
    assertThat(crawler.recrawlPolicy().recrawlBehaviorAsString())
        .isEqualTo("CRAWL_NEW_FOLDERS_ONLY");
    assertThat(crawler.state()).isEqualTo(CrawlerState.READY);
    assertThat(crawler.version()).isEqualTo(1);
    assertThat(crawler.lastCrawl()).isNull();
    assertThat(crawler.configuration()).contains("CombineCompatibleSchemas");

    glue.updateCrawler(
        r ->
            r.name("definitions")
                .description("still the lake")
                .schedule("")
                .recrawlPolicy(p -> p.recrawlBehavior("CRAWL_EVERYTHING"))
                .schemaChangePolicy(
                    p ->
                        p.updateBehavior("UPDATE_IN_DATABASE")
                            .deleteBehavior("DELETE_FROM_DATABASE")));
    Crawler updated = glue.getCrawler(r -> r.name("definitions")).crawler();
    assertThat(updated.description()).isEqualTo("still the lake");
    assertThat(updated.schedule()).isNull();
    assertThat(updated.tablePrefix()).as("kept").isEqualTo("raw_");
    assertThat(updated.version()).isEqualTo(2);
    assertThat(updated.schemaChangePolicy().deleteBehaviorAsString())
        .isEqualTo("DELETE_FROM_DATABASE");

    assertThat(glue.listCrawlers(r -> r.maxResults(1000)).crawlerNames()).contains("definitions");
    assertThat(glue.getCrawlers(r -> r.maxResults(1000)).crawlers())
        .extracting(Crawler::name)
        .contains("definitions");
    var batch = glue.batchGetCrawlers(r -> r.crawlerNames("definitions", "nope"));
    assertThat(batch.crawlers()).extracting(Crawler::name).containsExactly("definitions");
    assertThat(batch.crawlersNotFound()).containsExactly("nope");

    glue.deleteCrawler(r -> r.name("definitions"));
    assertError(
        () -> glue.getCrawler(r -> r.name("definitions")),
        "EntityNotFoundException",
        "definitions");
    assertError(
        () -> glue.deleteCrawler(r -> r.name("definitions")),
        "EntityNotFoundException",
        "definitions");
  }

  @Test
  void badCrawlerDefinitionsAreRefusedAndCreateNothing() {
    assertBadCrawler(
        t -> t.jdbcTargets(j -> j.connectionName("db").path("db/%")), "JdbcTargets are not");
    assertBadCrawler(t -> t.s3Targets(s -> s.path("/lake/raw")), "neither an S3 path");
    assertBadCrawler(t -> t.s3Targets(s -> s.path("s3://lake/").sampleSize(250)), "249");
    assertBadCrawler(t -> {}, "at least one S3 target");
    assertError(
        () -> create("bad", r -> r.schedule("cron(0 12 * * * *)")),
        "InvalidInputException",
        "Day-of-week");
    assertError(
        () -> create("bad", r -> r.classifiers("no-such-classifier")),
        "EntityNotFoundException",
        "no-such-classifier");
    assertError(
        () -> create("bad", r -> r.recrawlPolicy(p -> p.recrawlBehavior("CRAWL_NEW_FOLDERS_ONLY"))),
        "InvalidInputException",
        "LOG");
    assertError(
        () -> create("bad", r -> r.configuration("{\"Version\":1.0,\"CrawlerOutput\":{}}")),
        "InvalidInputException",
        "CrawlerOutput");
    assertError(
        () -> create("bad", r -> r.configuration("{not json")),
        "InvalidInputException",
        "not valid JSON");
    assertError(() -> create("bad", r -> r.role(null)), "InvalidInputException", "role");
    assertError(() -> glue.getCrawler(r -> r.name("bad")), "EntityNotFoundException", "bad");

    create("twice", r -> {});
    assertError(() -> create("twice", r -> {}), "AlreadyExistsException", "twice");
  }

  // Runs

  /** Starts a crawler over the held S3 endpoint, so that its crawl runs until released. */
  @Test
  void oneCrawlAtATimeAndAStoppedCrawlIsCancelled() throws Exception {
    create("held", r -> r.targets(t -> t.s3Targets(s -> s.path("s3://held-bucket/data/"))));
    assertError(() -> glue.stopCrawler(r -> r.name("held")), "CrawlerNotRunningException", "held");
    glue.startCrawler(r -> r.name("held"));
    assertThat(state("held")).isEqualTo(CrawlerState.RUNNING);
    assertError(() -> glue.startCrawler(r -> r.name("held")), "CrawlerRunningException", "held");
    assertError(
        () -> glue.updateCrawler(r -> r.name("held").description("x")),
        "CrawlerRunningException",
        "held");
    assertError(() -> glue.deleteCrawler(r -> r.name("held")), "CrawlerRunningException", "held");
    List<CrawlerHistory> crawls = glue.listCrawls(r -> r.crawlerName("held")).crawls();
    assertThat(crawls)
        .extracting(CrawlerHistory::state)
        .containsExactly(CrawlerHistoryState.RUNNING);
    CrawlerMetrics running =
        glue.getCrawlerMetrics(r -> r.crawlerNameList("held")).crawlerMetricsList().get(0);
    assertThat(running.stillEstimating()).isTrue();
    assertThat(glue.getCrawler(r -> r.name("held")).crawler().crawlElapsedTime())
        .isGreaterThanOrEqualTo(0);

    // Stopped while it waits for S3: a crawl stopped before it got there could end at once.
    assertThat(s3Reached.await(30, TimeUnit.SECONDS)).isTrue();
    glue.stopCrawler(r -> r.name("held"));
    assertThat(state("held")).isEqualTo(CrawlerState.STOPPING);
    assertError(() -> glue.stopCrawler(r -> r.name("held")), "CrawlerStoppingException", "held");
    releaseS3.countDown();

    Crawler stopped = awaitReady("held");
    assertThat(stopped.lastCrawl().status()).isEqualTo(LastCrawlStatus.CANCELLED);
    CrawlerHistory crawl = glue.listCrawls(r -> r.crawlerName("held")).crawls().get(0);
    assertThat(crawl.state()).isEqualTo(CrawlerHistoryState.STOPPED);
    assertThat(crawl.endTime()).isAfterOrEqualTo(crawl.startTime());
    assertThat(crawl.logGroup()).isEqualTo("/aws-glue/crawlers");
    assertThat(crawl.dpuHour()).isZero();
    assertError(() -> glue.stopCrawler(r -> r.name("held")), "CrawlerNotRunningException", "held");
  }

  @Test
  void schedulesAreSwitchedOnAndOff() {
    create("unscheduled", r -> {});
    assertError(
        () -> glue.startCrawlerSchedule(r -> r.crawlerName("unscheduled")),
        "NoScheduleException",
        "unscheduled");
    create("nightly", r -> r.schedule("cron(0 3 * * ? *)"));
    assertThat(schedule("nightly")).isEqualTo(ScheduleState.SCHEDULED);
    assertError(
        () -> glue.startCrawlerSchedule(r -> r.crawlerName("nightly")),
        "SchedulerRunningException",
        "nightly");
    glue.stopCrawlerSchedule(r -> r.crawlerName("nightly"));
    assertThat(schedule("nightly")).isEqualTo(ScheduleState.NOT_SCHEDULED);
    assertError(
        () -> glue.stopCrawlerSchedule(r -> r.crawlerName("nightly")),
        "SchedulerNotRunningException",
        "nightly");
    glue.startCrawlerSchedule(r -> r.crawlerName("nightly"));
    assertThat(schedule("nightly")).isEqualTo(ScheduleState.SCHEDULED);
    assertError(
        () -> glue.startCrawlerSchedule(r -> r.crawlerName("missing")),
        "EntityNotFoundException",
        "missing");
  }

  /** An every-minute schedule starts a crawl through the server's scheduler thread. */
  @Test
  void aDueScheduleStartsACrawl() throws Exception {
    create("every-minute", r -> r.schedule("cron(* * * * ? *)"));
    Instant deadline = Instant.now().plusSeconds(90);
    while (glue.listCrawls(r -> r.crawlerName("every-minute")).crawls().isEmpty()) {
      assertThat(Instant.now()).as("a scheduled crawl started").isBefore(deadline);
      Thread.sleep(200);
    }
    glue.stopCrawlerSchedule(r -> r.crawlerName("every-minute"));
  }

  @Test
  void aCrawlOfALocalCsvTreeCreatesItsTable() throws Exception {
    Path orders = lake.resolve("orders");
    for (String day : List.of("2026-01-01", "2026-01-02")) {
      Path folder = Files.createDirectories(orders.resolve("day=" + day));
      Files.writeString(
          folder.resolve("part-0.csv"),
          "id,customer,amount\n1,alice,10.5\n2,bob,20.25\n3,carol,7.0\n");
    }
    glue.createDatabase(r -> r.databaseInput(d -> d.name("crawled")));
    create(
        "local",
        r ->
            r.databaseName("crawled")
                .targets(t -> t.s3Targets(s -> s.path(orders.toUri().toString()))));
    glue.startCrawler(r -> r.name("local"));
    Crawler crawler = awaitReady("local");
    assertThat(crawler.lastCrawl().status())
        .as(String.valueOf(crawler.lastCrawl().errorMessage()))
        .isEqualTo(LastCrawlStatus.SUCCEEDED);

    Table table = glue.getTable(r -> r.databaseName("crawled").name("orders")).table();
    assertThat(table.storageDescriptor().columns())
        .extracting(software.amazon.awssdk.services.glue.model.Column::name)
        .containsExactly("id", "customer", "amount");
    assertThat(table.partitionKeys())
        .extracting(software.amazon.awssdk.services.glue.model.Column::name)
        .containsExactly("day");
    assertThat(table.parameters()).containsEntry("classification", "csv");

    CrawlerHistory crawl = glue.listCrawls(r -> r.crawlerName("local")).crawls().get(0);
    assertThat(crawl.state()).isEqualTo(CrawlerHistoryState.COMPLETED);
    assertThat(crawl.summary()).contains("\"ADD\":{\"Count\":1}");
    CrawlerMetrics metrics =
        glue.getCrawlerMetrics(r -> r.crawlerNameList("local")).crawlerMetricsList().get(0);
    assertThat(metrics.tablesCreated()).isEqualTo(1);
    assertThat(metrics.stillEstimating()).isFalse();
    assertThat(metrics.lastRuntimeSeconds()).isGreaterThanOrEqualTo(0);
    assertThat(
            glue.listCrawls(
                    r ->
                        r.crawlerName("local")
                            .filters(
                                f ->
                                    f.fieldName("STATE").filterOperator("EQ").fieldValue("FAILED")))
                .crawls())
        .isEmpty();
  }

  /** A crawl a crashed server left RUNNING is FAILED after a restart, and its crawler READY. */
  @Test
  void aCrawlCutShortByARestartIsFailed(@TempDir Path directory) {
    try (GlueTestServer first = GlueTestServer.start(directory);
        GlueClient client = first.client()) {
      client.createCrawler(
          r ->
              r.name("crashed")
                  .role("role")
                  .databaseName("lake")
                  .targets(t -> t.s3Targets(s -> s.path("s3://lake/"))));
    }
    // What the store holds after a server died mid-crawl: the crawler RUNNING, its crawl too.
    try (CatalogStore store =
        JdbcCatalogStore.open("jdbc:sqlite:" + directory.resolve("catalog.db"), null, null, 1)) {
      store.write(
          transaction -> {
            transaction.changeCrawlerState(
                "crashed", CrawlerStatus.State.READY, CrawlerStatus.State.RUNNING, "crash-1");
            transaction.createCrawl(
                CrawlRun.started("crash-1", "crashed", Instant.now().minusSeconds(5)));
            return null;
          });
    }
    try (GlueTestServer second = GlueTestServer.start(directory);
        GlueClient client = second.client()) {
      Crawler crawler = client.getCrawler(r -> r.name("crashed")).crawler();
      assertThat(crawler.state()).isEqualTo(CrawlerState.READY);
      assertThat(crawler.lastCrawl().status()).isEqualTo(LastCrawlStatus.FAILED);
      assertThat(crawler.lastCrawl().errorMessage()).contains("server");
      CrawlerHistory crawl = client.listCrawls(r -> r.crawlerName("crashed")).crawls().get(0);
      assertThat(crawl.crawlId()).isEqualTo("crash-1");
      assertThat(crawl.state()).isEqualTo(CrawlerHistoryState.FAILED);
    }
  }

  // Helpers

  private void create(
      String name,
      java.util.function.Consumer<
              software.amazon.awssdk.services.glue.model.CreateCrawlerRequest.Builder>
          customize) {
    glue.createCrawler(
        r -> {
          r.name(name)
              .role("arn:aws:iam::000000000000:role/glue")
              .databaseName("lake")
              .targets(t -> t.s3Targets(s -> s.path("s3://lake/" + name + "/")));
          customize.accept(r);
        });
  }

  private void assertBadCrawler(
      java.util.function.Consumer<software.amazon.awssdk.services.glue.model.CrawlerTargets.Builder>
          targets,
      String message) {
    assertError(
        () ->
            glue.createCrawler(
                r -> r.name("bad").role("role").databaseName("lake").targets(targets)),
        "InvalidInputException",
        message);
  }

  private CrawlerState state(String name) {
    return glue.getCrawler(r -> r.name(name)).crawler().state();
  }

  private ScheduleState schedule(String name) {
    return glue.getCrawler(r -> r.name(name)).crawler().schedule().state();
  }

  /** Polls GetCrawler until the crawler is READY again, as clients wait for a crawl. */
  private Crawler awaitReady(String name) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    Supplier<Crawler> get = () -> glue.getCrawler(r -> r.name(name)).crawler();
    Crawler crawler = get.get();
    while (crawler.state() != CrawlerState.READY || crawler.lastCrawl() == null) {
      assertThat(Instant.now()).as("crawler " + name + " READY again").isBefore(deadline);
      Thread.sleep(100);
      crawler = get.get();
    }
    return crawler;
  }
}
