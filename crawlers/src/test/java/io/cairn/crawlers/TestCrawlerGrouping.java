package io.cairn.crawlers;

import static io.cairn.crawlers.Trees.configuration;
import static io.cairn.crawlers.Trees.crawl;
import static io.cairn.crawlers.Trees.gzip;
import static io.cairn.crawlers.Trees.salesCsv;
import static io.cairn.crawlers.Trees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.cairn.classifiers.Column;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestCrawlerGrouping {
  @TempDir Path temp;

  @Test
  void dailyKeyValueFoldersAreOneTableWithNamedPartitionKeys() throws Exception {
    Path sales = temp.resolve("sales");
    for (String day : List.of("01", "02")) {
      for (String month : List.of("01", "02")) {
        Path folder = sales.resolve("year=2024/month=" + month + "/day=" + day);
        write(folder.resolve("part-0.csv"), salesCsv(1, 3));
        write(folder.resolve("part-1.csv"), salesCsv(10, 2));
      }
    }
    write(sales.resolve("year=2024/month=01/day=01/_SUCCESS"), "");
    write(sales.resolve("year=2024/month=01/day=01/.part-0.csv.crc"), "garbage");
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    CrawlResult result = crawl(configuration(sales.toString()), catalog);

    assertThat(catalog.tableNames()).containsExactly("sales");
    CrawledTable table = catalog.table("sales");
    assertThat(table.location()).isEqualTo("file:" + sales.toRealPath());
    assertThat(table.partitionKeys())
        .containsExactly(
            new Column("year", "string"),
            new Column("month", "string"),
            new Column("day", "string"));
    assertThat(table.columns())
        .containsExactly(
            new Column("id", "int"), new Column("name", "string"), new Column("amount", "double"));
    assertThat(table.serdeLibrary())
        .isEqualTo("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe");
    assertThat(table.parameters())
        .contains(
            entry("classification", "csv"),
            entry("compressionType", "none"),
            entry("typeOfData", "file"),
            entry("delimiter", ","),
            entry("skip.header.line.count", "1"),
            entry("objectCount", "8"),
            entry("UPDATED_BY_CRAWLER", Trees.CRAWLER),
            entry("CrawlerSchemaDeserializerVersion", "1.0"),
            entry("CrawlerSchemaSerializerVersion", "1.0"));
    long size = 0;
    try (var files = Files.walk(sales)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
        size += Files.size(file);
      }
    }
    assertThat(table.parameters()).containsEntry("sizeKey", String.valueOf(size));
    Map<List<String>, CrawledPartition> partitions = catalog.partitions("sales");
    assertThat(partitions.keySet())
        .containsExactlyInAnyOrder(
            List.of("2024", "01", "01"),
            List.of("2024", "01", "02"),
            List.of("2024", "02", "01"),
            List.of("2024", "02", "02"));
    CrawledPartition first = partitions.get(List.of("2024", "01", "01"));
    assertThat(first.location())
        .isEqualTo("file:" + sales.toRealPath().resolve("year=2024/month=01/day=01"));
    assertThat(first.parameters())
        .contains(entry("classification", "csv"), entry("objectCount", "2"))
        .doesNotContainKey("UPDATED_BY_CRAWLER");
    assertThat(result.tablesCreated()).isEqualTo(1);
    assertThat(result.partitionsAdded()).isEqualTo(4);
    assertThat(result.filesListed()).isEqualTo(8);
    assertThat(result.filesRead()).isEqualTo(8);
    assertThat(result.bytesRead()).isEqualTo(size);
  }

  @Test
  void hourlyJsonLinesWithNestedObjectsAndArraysMergeTheirStructs() {
    Path events = temp.resolve("Events-2024");
    write(
        events.resolve("dt=2024-01-01/hour=00/a.json"),
        "{\"user\":{\"id\":1,\"name\":\"a\"},\"tags\":[\"x\",\"y\"],\"n\":1}\n"
            + "{\"user\":{\"id\":2,\"name\":\"b\"},\"tags\":[],\"n\":2}\n");
    write(
        events.resolve("dt=2024-01-01/hour=01/a.json"),
        "{\"user\":{\"id\":3,\"name\":\"c\",\"email\":\"c@x\"},\"tags\":[\"z\"],\"n\":3}\n");
    write(
        events.resolve("dt=2024-01-02/hour=00/a.json"),
        "{\"user\":{\"id\":4,\"name\":\"d\"},\"tags\":[\"q\"],\"n\":4}\n");
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration("file://" + events), catalog);

    assertThat(catalog.tableNames()).containsExactly("events_2024");
    CrawledTable table = catalog.table("events_2024");
    assertThat(table.partitionKeys())
        .containsExactly(new Column("dt", "string"), new Column("hour", "string"));
    assertThat(table.columns())
        .containsExactly(
            new Column("user", "struct<id:int,name:string,email:string>"),
            new Column("tags", "array<string>"),
            new Column("n", "int"));
    assertThat(table.parameters()).containsEntry("classification", "json");
    assertThat(table.serdeParameters()).containsEntry("paths", "user,tags,n");
    CrawledPartition hourOne = catalog.partitions("events_2024").get(List.of("2024-01-01", "01"));
    assertThat(hourOne.columns().get(0))
        .isEqualTo(new Column("user", "struct<id:int,name:string,email:string>"));
    CrawledPartition hourZero = catalog.partitions("events_2024").get(List.of("2024-01-01", "00"));
    assertThat(hourZero.columns().get(0))
        .isEqualTo(new Column("user", "struct<id:int,name:string>"));
  }

  @Test
  void foldersWithoutKeysArePartitionZeroAndOne() {
    Path logs = temp.resolve("logs");
    write(logs.resolve("2024/01/a.csv"), salesCsv(1, 2));
    write(logs.resolve("2024/02/a.csv"), salesCsv(1, 2));
    write(logs.resolve("2023/12/a.csv"), salesCsv(1, 2));
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(logs.toString()), catalog);

    assertThat(catalog.table("logs").partitionKeys())
        .containsExactly(new Column("partition_0", "string"), new Column("partition_1", "string"));
    assertThat(catalog.partitions("logs").keySet())
        .containsExactlyInAnyOrder(
            List.of("2024", "01"), List.of("2024", "02"), List.of("2023", "12"));
  }

  @Test
  void gzipCsvWithAndWithoutHeaderAreTwoTables() {
    Path root = temp.resolve("root");
    gzip(root.resolve("with_header/a.csv.gz"), salesCsv(1, 5));
    gzip(root.resolve("without_header/a.csv.gz"), "1,item1,1.5\n2,item2,3.0\n3,item3,4.5\n");
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(root.toString()), catalog);

    assertThat(catalog.tableNames()).containsExactlyInAnyOrder("with_header", "without_header");
    CrawledTable withHeader = catalog.table("with_header");
    assertThat(withHeader.parameters())
        .contains(entry("compressionType", "gzip"), entry("skip.header.line.count", "1"));
    assertThat(withHeader.partitionKeys()).isEmpty();
    assertThat(withHeader.columns())
        .extracting(Column::name)
        .containsExactly("id", "name", "amount");
    CrawledTable withoutHeader = catalog.table("without_header");
    assertThat(withoutHeader.parameters())
        .containsEntry("compressionType", "gzip")
        .doesNotContainKey("skip.header.line.count");
    assertThat(withoutHeader.columns())
        .extracting(Column::name)
        .containsExactly("col0", "col1", "col2");
    assertThat(catalog.partitions("with_header")).isEmpty();
  }

  @Test
  void siblingsOfDifferentSchemasAreSeparateTables() {
    Path mixed = temp.resolve("mixed");
    write(mixed.resolve("orders/part=1/a.csv"), salesCsv(1, 3));
    write(mixed.resolve("orders/part=2/a.csv"), salesCsv(4, 3));
    write(mixed.resolve("events/a.json"), "{\"kind\":\"click\",\"at\":\"x\"}\n");
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(mixed.toString()), catalog);

    assertThat(catalog.tableNames()).containsExactlyInAnyOrder("orders", "events");
    assertThat(catalog.table("orders").partitionKeys())
        .containsExactly(new Column("part", "string"));
    assertThat(catalog.table("events").location()).endsWith("/mixed/events");
  }

  @Test
  void filesOfTwoSchemasInOneFolderAreTablesOfOneFileEach() throws Exception {
    Path folder = temp.resolve("drop");
    write(folder.resolve("Orders.csv"), salesCsv(1, 3));
    write(folder.resolve("clicks.json"), "{\"kind\":\"click\",\"at\":\"x\"}\n");
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(folder.toString()), catalog);

    assertThat(catalog.tableNames()).containsExactlyInAnyOrder("orders_csv", "clicks_json");
    assertThat(catalog.table("orders_csv").location())
        .isEqualTo("file:" + folder.toRealPath().resolve("Orders.csv"));
  }

  @Test
  void dissimilarPartitionsAreSeparateTablesUnlessCombineCompatibleSchemas() {
    Path table = temp.resolve("table1");
    write(table.resolve("year=2017/data1.json"), "{\"a\":1,\"b\":2}\n");
    write(table.resolve("year=2018/data2.json"), "{\"c\":3,\"d\":4}\n");
    InMemoryCrawlerCatalog separate = new InMemoryCrawlerCatalog(Trees.DATABASE);

    crawl(configuration(table.toString()), separate);

    assertThat(separate.tableNames()).containsExactlyInAnyOrder("year_2017", "year_2018");
    assertThat(separate.table("year_2017").partitionKeys()).isEmpty();

    InMemoryCrawlerCatalog combined = new InMemoryCrawlerCatalog(Trees.DATABASE);
    crawl(
        Trees.configuration(
            UpdateBehavior.UPDATE_IN_DATABASE,
            DeleteBehavior.DELETE_FROM_DATABASE,
            RecrawlBehavior.CRAWL_EVERYTHING,
            true,
            0,
            List.of(),
            Trees.targets(table.toString())),
        combined);

    assertThat(combined.tableNames()).containsExactly("table1");
    assertThat(combined.table("table1").columns())
        .extracting(Column::name)
        .containsExactly("a", "b", "c", "d");
    assertThat(combined.table("table1").partitionKeys())
        .containsExactly(new Column("year", "string"));
    assertThat(combined.partitions("table1")).hasSize(2);
  }

  @Test
  void tableLevelPutsTablesAtThatDepth() throws Exception {
    Path data = temp.resolve("data");
    write(data.resolve("t1/p1/a.json"), "{\"a\":1,\"b\":2,\"c\":3}\n");
    write(data.resolve("t1/p2/a.json"), "{\"a\":1,\"b\":2,\"c\":3}\n");
    write(data.resolve("t1/p3/a.json"), "{\"x\":1,\"y\":2}\n");
    write(data.resolve("t2/p1/a.json"), "{\"k\":\"v\"}\n");
    InMemoryCrawlerCatalog byDefault = new InMemoryCrawlerCatalog(Trees.DATABASE);
    crawl(configuration(data.toString()), byDefault);
    assertThat(byDefault.tableNames()).doesNotContain("t1");

    int level = data.toRealPath().getNameCount() + 2;
    InMemoryCrawlerCatalog leveled = new InMemoryCrawlerCatalog(Trees.DATABASE);
    crawl(
        Trees.configuration(
            UpdateBehavior.UPDATE_IN_DATABASE,
            DeleteBehavior.DELETE_FROM_DATABASE,
            RecrawlBehavior.CRAWL_EVERYTHING,
            false,
            level,
            List.of(),
            Trees.targets(data.toRealPath().toString())),
        leveled);

    assertThat(leveled.tableNames()).containsExactlyInAnyOrder("t1", "t2");
    assertThat(leveled.table("t1").columns())
        .extracting(Column::name)
        .containsExactly("a", "b", "c", "x", "y");
    assertThat(leveled.table("t1").partitionKeys())
        .containsExactly(new Column("partition_0", "string"));
    assertThat(leveled.partitions("t1")).hasSize(3);
    assertThat(leveled.table("t2").location()).isEqualTo("file:" + data.toRealPath().resolve("t2"));
  }

  @Test
  void exclusionsAndHiddenFilesAreSkipped() {
    Path root = temp.resolve("root");
    write(root.resolve("keep/a.csv"), salesCsv(1, 2));
    write(root.resolve("keep/b.tmp"), "not,csv\n\"");
    write(root.resolve("keep/deep/c.tmp"), "x");
    write(root.resolve("skip/a.csv"), salesCsv(1, 2));
    write(root.resolve("notes.txt"), "hello");
    write(root.resolve("_temporary/a.csv"), salesCsv(1, 2));
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);

    CrawlResult result =
        crawl(
            Trees.configuration(
                UpdateBehavior.UPDATE_IN_DATABASE,
                DeleteBehavior.DELETE_FROM_DATABASE,
                RecrawlBehavior.CRAWL_EVERYTHING,
                false,
                0,
                List.of(),
                List.of(
                    new CrawlTarget(root.toString(), List.of("**.tmp", "skip/**", "*.txt"), 0))),
            catalog);

    assertThat(result.filesListed()).isEqualTo(1);
    assertThat(catalog.tableNames()).containsExactly("root");
    assertThat(catalog.table("root").parameters()).containsEntry("objectCount", "1");
  }

  @Test
  void aBadExclusionGlobIsAClearErrorAndChangesNothing() {
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    CrawlerConfiguration configuration =
        Trees.configuration(
            UpdateBehavior.UPDATE_IN_DATABASE,
            DeleteBehavior.DELETE_FROM_DATABASE,
            RecrawlBehavior.CRAWL_EVERYTHING,
            false,
            0,
            List.of(),
            List.of(new CrawlTarget(temp.toString(), List.of("{a,b"), 0)));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> crawl(configuration, catalog))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{a,b");
    assertThat(catalog.applied()).isEmpty();
  }

  @Test
  void aMissingTargetIsAnErrorNotDataThatIsGone() {
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> crawl(configuration(temp.resolve("nowhere").toString()), catalog))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("nowhere");
    assertThat(catalog.applied()).isEmpty();
  }

  @Test
  void namesGetThePrefixAndAHashSuffixOnAClash() throws Exception {
    write(temp.resolve("a/Sales/x.csv"), salesCsv(1, 2));
    write(temp.resolve("b/Sales/x.csv"), salesCsv(1, 2));
    InMemoryCrawlerCatalog catalog = new InMemoryCrawlerCatalog(Trees.DATABASE);
    CrawlerConfiguration configuration =
        new CrawlerConfiguration(
            Trees.CRAWLER,
            Trees.DATABASE,
            "raw_",
            Trees.targets(temp.resolve("a/Sales").toString(), temp.resolve("b/Sales").toString()),
            List.of(),
            UpdateBehavior.UPDATE_IN_DATABASE,
            DeleteBehavior.DELETE_FROM_DATABASE,
            RecrawlBehavior.CRAWL_EVERYTHING,
            false,
            0);

    crawl(configuration, catalog);

    assertThat(catalog.tableNames()).hasSize(2).contains("raw_sales");
    String other =
        catalog.tableNames().stream()
            .filter(name -> !name.equals("raw_sales"))
            .findFirst()
            .orElseThrow();
    assertThat(other).matches("raw_sales_[0-9a-f]{8}");
    assertThat(catalog.table("raw_sales").location()).endsWith("/a/Sales");
    assertThat(catalog.table(other).location()).endsWith("/b/Sales");

    crawl(configuration, catalog);
    assertThat(catalog.applied()).hasSize(1);
  }
}
