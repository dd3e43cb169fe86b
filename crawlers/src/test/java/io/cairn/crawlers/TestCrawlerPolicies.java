package io.cairn.crawlers;

import static io.cairn.crawlers.Trees.crawl;
import static io.cairn.crawlers.Trees.gzip;
import static io.cairn.crawlers.Trees.salesCsv;
import static io.cairn.crawlers.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.classifiers.Classification;
import io.cairn.classifiers.Classifier;
import io.cairn.classifiers.Classifiers;
import io.cairn.classifiers.Column;
import io.cairn.classifiers.FileSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestCrawlerPolicies {
  @TempDir Path temp;

  private static CrawlerConfiguration configuration(
      UpdateBehavior update, DeleteBehavior delete, Path target) {
    return Trees.configuration(
        update,
        delete,
        RecrawlBehavior.CRAWL_EVERYTHING,
        false,
        0,
        List.of(),
        Trees.targets(target.toString()));
  }

  private Path salesTree() {
    Path sales = temp.resolve("lake/sales");
    write(sales.resolve("day=01/a.csv"), salesCsv(1, 3));
    write(sales.resolve("day=02/a.csv"), salesCsv(4, 3));
    return sales;
  }

  @Test
  void aSecondCrawlOfUnchangedDataChangesNothing() {
    Path sales = salesTree();
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    crawl(Trees.configuration(sales.toString()), catalog);

    CrawlResult again = crawl(Trees.configuration(sales.toString()), catalog);

    assertThat(catalog.applied()).hasSize(1);
    assertThat(again.tablesCreated() + again.tablesUpdated() + again.partitionsAdded()).isZero();
    assertThat(again.partitionsUpdated()).isZero();
  }

  @Test
  void aGainedColumnUpdatesTheTableUnderUpdateInDatabase() {
    Path sales = salesTree();
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    crawl(configuration(UpdateBehavior.UPDATE_IN_DATABASE, DeleteBehavior.LOG, sales), catalog);
    write(
        sales.resolve("day=03/a.csv"),
        "id,name,amount,email\n7,item7,10.5,a@b\n8,item8,12.0,c@d\n");

    CrawlResult result =
        crawl(configuration(UpdateBehavior.UPDATE_IN_DATABASE, DeleteBehavior.LOG, sales), catalog);

    assertThat(catalog.table("sales").columns())
        .extracting(Column::name)
        .containsExactly("id", "name", "amount", "email");
    assertThat(catalog.partitions("sales")).containsKey(List.of("03"));
    assertThat(catalog.partitions("sales").get(List.of("01")).columns()).hasSize(3);
    assertThat(result.tablesUpdated()).isEqualTo(1);
    assertThat(result.partitionsAdded()).isEqualTo(1);
  }

  @Test
  void aGainedColumnIsOnlyLoggedUnderLogButNewPartitionsAreAdded() {
    Path sales = salesTree();
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    crawl(configuration(UpdateBehavior.LOG, DeleteBehavior.LOG, sales), catalog);
    CrawledTable before = catalog.table("sales");
    write(
        sales.resolve("day=03/a.csv"),
        "id,name,amount,email\n7,item7,10.5,a@b\n8,item8,12.0,c@d\n");
    List<String> heard = new ArrayList<>();

    CrawlResult result =
        Trees.crawler()
            .crawl(
                configuration(UpdateBehavior.LOG, DeleteBehavior.LOG, sales),
                catalog,
                new CrawlListener() {
                  @Override
                  public void log(String message) {
                    heard.add(message);
                  }
                },
                () -> false);

    assertThat(catalog.table("sales")).isEqualTo(before);
    assertThat(catalog.partitions("sales")).containsKey(List.of("03"));
    assertThat(catalog.partitions("sales").get(List.of("03")).columns()).hasSize(4);
    assertThat(result.tablesUpdated()).isZero();
    assertThat(result.partitionsAdded()).isEqualTo(1);
    assertThat(result.messages()).anyMatch(m -> m.contains("sales") && m.contains("email"));
    assertThat(heard).isEqualTo(result.messages());
  }

  @Test
  void deletedDataIsDroppedUnderDeleteFromDatabase() throws IOException {
    Path lake = deletionTree();
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    crawl(
        configuration(UpdateBehavior.UPDATE_IN_DATABASE, DeleteBehavior.DELETE_FROM_DATABASE, lake),
        catalog);
    assertThat(catalog.tableNames()).containsExactlyInAnyOrder("sales", "orders", "customers");
    deleteSome(lake);

    CrawlResult result =
        crawl(
            configuration(
                UpdateBehavior.UPDATE_IN_DATABASE, DeleteBehavior.DELETE_FROM_DATABASE, lake),
            catalog);

    assertThat(catalog.tableNames()).containsExactlyInAnyOrder("sales", "orders");
    assertThat(catalog.partitions("sales").keySet()).containsExactly(List.of("01"));
    assertThat(result.tablesDeleted()).isEqualTo(1);
    assertThat(result.partitionsDeleted()).isEqualTo(1);
  }

  @Test
  void deletedDataIsMarkedUnderDeprecateInDatabase() throws IOException {
    Path lake = deletionTree();
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    crawl(
        configuration(
            UpdateBehavior.UPDATE_IN_DATABASE, DeleteBehavior.DEPRECATE_IN_DATABASE, lake),
        catalog);
    deleteSome(lake);

    crawl(
        configuration(
            UpdateBehavior.UPDATE_IN_DATABASE, DeleteBehavior.DEPRECATE_IN_DATABASE, lake),
        catalog);

    assertThat(catalog.tableNames()).containsExactlyInAnyOrder("sales", "orders", "customers");
    assertThat(catalog.table("customers").parameters()).containsEntry("DEPRECATED_BY_CRAWLER", "1");
    assertThat(catalog.table("sales").parameters()).doesNotContainKey("DEPRECATED_BY_CRAWLER");
    assertThat(catalog.partitions("sales").get(List.of("02")).parameters())
        .containsEntry("DEPRECATED_BY_CRAWLER", "1");

    crawl(
        configuration(
            UpdateBehavior.UPDATE_IN_DATABASE, DeleteBehavior.DEPRECATE_IN_DATABASE, lake),
        catalog);
    assertThat(catalog.table("customers").parameters()).containsEntry("DEPRECATED_BY_CRAWLER", "2");
  }

  @Test
  void deletedDataIsOnlyLoggedUnderLog() throws IOException {
    Path lake = deletionTree();
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    crawl(configuration(UpdateBehavior.UPDATE_IN_DATABASE, DeleteBehavior.LOG, lake), catalog);
    deleteSome(lake);

    CrawlResult result =
        crawl(configuration(UpdateBehavior.UPDATE_IN_DATABASE, DeleteBehavior.LOG, lake), catalog);

    assertThat(catalog.tableNames()).containsExactlyInAnyOrder("sales", "orders", "customers");
    assertThat(catalog.partitions("sales")).hasSize(2);
    assertThat(result.tablesDeleted() + result.partitionsDeleted()).isZero();
    assertThat(result.messages())
        .anyMatch(m -> m.contains("customers") && m.contains("gone"))
        .anyMatch(m -> m.contains("[02]") && m.contains("gone"));
  }

  @Test
  void tablesOfOtherCrawlersAreNeverDeleted() throws IOException {
    Path lake = deletionTree();
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    crawl(
        configuration(UpdateBehavior.UPDATE_IN_DATABASE, DeleteBehavior.DELETE_FROM_DATABASE, lake),
        catalog);
    deleteSome(lake);

    CrawlerConfiguration other =
        new CrawlerConfiguration(
            "other",
            Trees.DATABASE,
            "",
            Trees.targets(lake.toString()),
            List.of(),
            UpdateBehavior.UPDATE_IN_DATABASE,
            DeleteBehavior.DELETE_FROM_DATABASE,
            RecrawlBehavior.CRAWL_EVERYTHING,
            false,
            0);
    crawl(other, catalog);

    assertThat(catalog.tableNames()).contains("customers");
  }

  private Path deletionTree() {
    Path lake = temp.resolve("lake");
    write(lake.resolve("sales/day=01/a.csv"), salesCsv(1, 3));
    write(lake.resolve("sales/day=02/a.csv"), salesCsv(4, 3));
    write(lake.resolve("orders/a.json"), "{\"order\":1,\"customer\":\"x\"}\n");
    write(
        lake.resolve("customers/a.csv"),
        "name,email,phone,city,country\nann,a@b,123,x,y\nbob,b@c,456,z,w\n");
    return lake;
  }

  private static void deleteSome(Path lake) throws IOException {
    Files.delete(lake.resolve("customers/a.csv"));
    Files.delete(lake.resolve("customers"));
    Files.delete(lake.resolve("sales/day=02/a.csv"));
    Files.delete(lake.resolve("sales/day=02"));
  }

  @Test
  void aStopBeforeApplyLeavesTheCatalogUnchanged() {
    Path sales = salesTree();
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    AtomicLong classified = new AtomicLong();

    assertThatThrownBy(
            () ->
                Trees.crawler()
                    .crawl(
                        Trees.configuration(sales.toString()),
                        catalog,
                        new CrawlListener() {
                          @Override
                          public void classified(long done, long total) {
                            classified.set(done);
                          }
                        },
                        () -> classified.get() == 2))
        .isInstanceOf(CrawlStoppedException.class);
    assertThat(classified.get()).isEqualTo(2);
    assertThat(catalog.applied()).isEmpty();
    assertThat(catalog.tableNames()).isEmpty();
  }

  @Test
  void aStopWhileListingEndsTheCrawlAtOnce() {
    Path sales = salesTree();
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    assertThatThrownBy(
            () ->
                Trees.crawler()
                    .crawl(
                        Trees.configuration(sales.toString()),
                        catalog,
                        CrawlListener.NONE,
                        () -> true))
        .isInstanceOf(CrawlStoppedException.class);
    assertThat(catalog.applied()).isEmpty();
  }

  @Test
  void aFailedApplyChangesNothing() {
    Path sales = salesTree();
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    catalog.failNextApply();

    assertThatThrownBy(() -> crawl(Trees.configuration(sales.toString()), catalog))
        .hasMessageContaining("apply failed");

    assertThat(catalog.applied()).hasSize(1);
    assertThat(catalog.tableNames()).isEmpty();
    crawl(Trees.configuration(sales.toString()), catalog);
    assertThat(catalog.tableNames()).containsExactly("sales");
  }

  @Test
  void aMissingDatabaseIsAClearError() {
    Path sales = salesTree();
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog("elsewhere");
    assertThatThrownBy(() -> crawl(Trees.configuration(sales.toString()), catalog))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Trees.DATABASE);
  }

  @Test
  void aCorruptFileAmongGoodOnesIsLoggedAndLeftOut() throws IOException {
    Path sales = salesTree();
    gzip(sales.resolve("day=01/b.csv.gz"), salesCsv(100, 50));
    byte[] whole = Files.readAllBytes(sales.resolve("day=01/b.csv.gz"));
    Files.write(sales.resolve("day=01/b.csv.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    CrawlResult result = crawl(Trees.configuration(sales.toString()), catalog);

    assertThat(catalog.tableNames()).containsExactly("sales");
    assertThat(catalog.partitions("sales").get(List.of("01")).parameters())
        .containsEntry("objectCount", "1");
    assertThat(result.messages()).anyMatch(m -> m.contains("b.csv.gz"));
  }

  /** Lines of text, with the per-file record counts the coming classifiers report. */
  private static final class LineClassifier implements Classifier {
    @Override
    public String name() {
      return "lines";
    }

    @Override
    public Classification classify(FileSample sample) {
      String text = new String(sample.bytes(), StandardCharsets.UTF_8);
      if (!text.startsWith("LINES")) {
        return Classification.unknown("no LINES marker");
      }
      long lines = text.lines().count();
      return new Classification(
          "lines",
          1.0,
          List.of(new Column("line", "string")),
          "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
          Map.of(),
          "org.apache.hadoop.mapred.TextInputFormat",
          "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
          Map.of(
              "classification", "lines",
              "recordCount", String.valueOf(lines),
              "averageRecordSize", String.valueOf(sample.length() / lines)),
          "");
    }
  }

  @Test
  void onlyTheSampleIsReadAndRecordCountsAreScaledUp() throws IOException {
    Path notes = temp.resolve("notes");
    long size = 0;
    for (int i = 0; i < 10; i++) {
      String content = "LINES\n" + "x\n".repeat(9);
      size += Files.size(write(notes.resolve(String.format("f%02d.txt", i)), content));
    }
    List<String> opened = CountingStorage.record();
    Crawler crawler =
        new Crawler(
            Classifiers.loadBuiltIn(),
            path -> new CountingStorage(LocalStorage.open(path), CountingStorage.record(), opened));
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    CrawlResult result =
        crawler.crawl(
            Trees.configuration(
                UpdateBehavior.UPDATE_IN_DATABASE,
                DeleteBehavior.LOG,
                RecrawlBehavior.CRAWL_EVERYTHING,
                false,
                0,
                List.of(new LineClassifier()),
                List.of(new CrawlTarget(notes.toString(), List.of(), 3))),
            catalog,
            CrawlListener.NONE,
            () -> false);

    assertThat(opened).containsExactlyInAnyOrder("f00.txt", "f01.txt", "f02.txt");
    assertThat(result.filesRead()).isEqualTo(3);
    assertThat(result.filesListed()).isEqualTo(10);
    Assertions.assertThat(catalog.table("notes").parameters())
        .containsEntry("classification", "lines")
        .containsEntry("objectCount", "10")
        .containsEntry("sizeKey", String.valueOf(size))
        .containsEntry("recordCount", "100")
        .containsEntry("averageRecordSize", "2");
  }
}
