package io.cairn.crawlers;

import static io.cairn.crawlers.Trees.salesCsv;
import static io.cairn.crawlers.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.classifiers.Classifiers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestCrawlerRecrawl {
  @TempDir Path temp;

  private static CrawlerConfiguration configuration(RecrawlBehavior recrawl, Path target) {
    return Trees.configuration(
        UpdateBehavior.LOG,
        DeleteBehavior.LOG,
        recrawl,
        false,
        0,
        List.of(),
        Trees.targets(target.toString()));
  }

  @Test
  void newFoldersOnlyAddsNewPartitionsWithoutReadingOrListingOldOnes() {
    Path lake = temp.resolve("lake");
    Path sales = lake.resolve("sales");
    for (int day = 1; day <= 3; day++) {
      write(sales.resolve("year=2024/day=0" + day + "/a.csv"), salesCsv(day * 10, 3));
      write(sales.resolve("year=2024/day=0" + day + "/b.csv"), salesCsv(day * 10, 3));
    }
    write(lake.resolve("orders/a.json"), "{\"order\":1,\"customer\":\"x\"}\n");
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    Trees.crawl(configuration(RecrawlBehavior.CRAWL_EVERYTHING, lake), catalog);
    assertThat(catalog.tableNames()).containsExactlyInAnyOrder("sales", "orders");
    CrawledTable salesBefore = catalog.table("sales");

    write(sales.resolve("year=2024/day=04/a.csv"), salesCsv(40, 3));
    write(sales.resolve("year=2025/day=01/a.csv"), salesCsv(50, 3));
    // A changed old file and a changed old table must not be read: only new folders are.
    write(sales.resolve("year=2024/day=01/a.csv"), "other,columns\n1,2\n");
    write(lake.resolve("orders/a.json"), "{\"totally\":\"different\"}\n");
    write(lake.resolve("customers/a.csv"), "name,email\nann,a@b\n");
    List<String> listed = CountingStorage.record();
    List<String> opened = CountingStorage.record();
    Crawler crawler =
        new Crawler(
            Classifiers.loadBuiltIn(),
            path -> new CountingStorage(LocalStorage.open(path), listed, opened));

    CrawlResult result =
        crawler.crawl(
            configuration(RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY, lake),
            catalog,
            CrawlListener.NONE,
            () -> false);

    assertThat(opened)
        .containsExactlyInAnyOrder(
            "sales/year=2024/day=04/a.csv", "sales/year=2025/day=01/a.csv", "customers/a.csv");
    assertThat(listed)
        .containsExactlyInAnyOrder(
            "",
            "sales",
            "sales/year=2024",
            "sales/year=2024/day=04",
            "sales/year=2025",
            "sales/year=2025/day=01",
            "customers");
    assertThat(catalog.partitions("sales").keySet())
        .containsExactlyInAnyOrder(
            List.of("2024", "01"),
            List.of("2024", "02"),
            List.of("2024", "03"),
            List.of("2024", "04"),
            List.of("2025", "01"));
    assertThat(catalog.partitions("sales").get(List.of("2024", "04")).location())
        .endsWith("/lake/sales/year=2024/day=04");
    assertThat(catalog.table("sales")).isEqualTo(salesBefore);
    assertThat(catalog.tableNames()).containsExactlyInAnyOrder("sales", "orders", "customers");
    assertThat(result.partitionsAdded()).isEqualTo(2);
    assertThat(result.tablesCreated()).isEqualTo(1);
    assertThat(result.tablesUpdated() + result.partitionsUpdated()).isZero();
    assertThat(result.filesRead()).isEqualTo(3);
  }

  @Test
  void newFoldersOnlyWithNothingNewChangesNothing() {
    Path sales = temp.resolve("sales");
    write(sales.resolve("day=01/a.csv"), salesCsv(1, 3));
    write(sales.resolve("day=02/a.csv"), salesCsv(1, 3));
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    Trees.crawl(configuration(RecrawlBehavior.CRAWL_EVERYTHING, sales), catalog);

    CrawlResult result =
        Trees.crawl(configuration(RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY, sales), catalog);

    assertThat(catalog.applied()).hasSize(1);
    assertThat(result.filesRead()).isZero();
  }
}
