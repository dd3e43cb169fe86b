package io.cairn.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.cairn.catalog.TableName;
import io.cairn.classifiers.Classifiers;
import io.cairn.crawlers.CrawlListener;
import io.cairn.crawlers.CrawlResult;
import io.cairn.crawlers.CrawlTarget;
import io.cairn.crawlers.Crawler;
import io.cairn.crawlers.CrawlerConfiguration;
import io.cairn.crawlers.DeleteBehavior;
import io.cairn.crawlers.RecrawlBehavior;
import io.cairn.crawlers.S3Settings;
import io.cairn.crawlers.UpdateBehavior;
import io.cairn.service.CatalogService;
import io.cairn.service.ResourceArns;
import io.cairn.service.ServiceCrawlerCatalog;
import io.cairn.store.jdbc.JdbcCatalogStore;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Crawls a generated tree of small JSON Lines files in daily {@code day=…} partitions into an
 * embedded SQLite catalog, then adds a few partitions and recrawls with CRAWL_NEW_FOLDERS_ONLY:
 * files per second, peak heap, and what the incremental recrawl costs next to the full crawl.
 */
@Command(
    name = "crawl",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark: crawl a tree of small files in daily partitions, then recrawl after adding a"
            + " few partitions with CRAWL_NEW_FOLDERS_ONLY.")
public final class CrawlBenchmark implements Callable<Integer> {
  private static final LocalDate FIRST_DAY = LocalDate.of(2020, 1, 1);

  @Option(
      names = "--partitions",
      defaultValue = "1000",
      description = "Daily partitions in the first crawl (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--files-per-partition",
      defaultValue = "100",
      description = "Files in each partition (default: ${DEFAULT-VALUE}).")
  int filesPerPartition;

  @Option(
      names = "--records-per-file",
      defaultValue = "5",
      description = "JSON Lines records in each file (default: ${DEFAULT-VALUE}).")
  int recordsPerFile;

  @Option(
      names = "--new-partitions",
      defaultValue = "10",
      description = "Partitions added before the recrawl (default: ${DEFAULT-VALUE}).")
  int newPartitions;

  @Option(
      names = "--directory",
      description = "Where the tree and the catalog go (default: a new temporary directory).")
  Path directory;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    boolean temporary = directory == null;
    Path root = temporary ? Files.createTempDirectory("cairn-crawl-bench") : directory;
    try {
      Path lake = root.resolve("lake");
      Path table = lake.resolve("events");
      long started = System.nanoTime();
      long bytes = write(table, 0, partitions);
      out.printf(
          Locale.ROOT,
          "wrote %,d files (%,d bytes) in %,d partitions in %.1f s%n",
          (long) partitions * filesPerPartition,
          bytes,
          partitions,
          seconds(started));
      try (JdbcCatalogStore store =
          JdbcCatalogStore.open("jdbc:sqlite:" + root.resolve("catalog.db"), null, "", 4)) {
        CatalogService service =
            new CatalogService(
                store, "hive", new ResourceArns("us-east-1", "000000000000"), Clock.systemUTC());
        service.ensureDefaultCatalog();
        Crawler crawler = new Crawler(Classifiers.loadBuiltIn(), S3Settings.DEFAULT);

        CrawlResult full =
            measure(
                "full crawl (CRAWL_EVERYTHING)",
                () ->
                    crawler.crawl(
                        configuration(lake, RecrawlBehavior.CRAWL_EVERYTHING),
                        new ServiceCrawlerCatalog(service),
                        CrawlListener.NONE,
                        () -> false));
        write(table, partitions, newPartitions);
        CrawlResult recrawl =
            measure(
                "recrawl of " + newPartitions + " new partitions (CRAWL_NEW_FOLDERS_ONLY)",
                () ->
                    crawler.crawl(
                        configuration(lake, RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY),
                        new ServiceCrawlerCatalog(service),
                        CrawlListener.NONE,
                        () -> false));
        out.printf(
            Locale.ROOT,
            "recrawl / full crawl: %.1f%% of the time%n",
            100.0 * recrawl.elapsed().toNanos() / full.elapsed().toNanos());
        long stored = service.countPartitions(new TableName("hive", "bench", "events"), null);
        out.printf(Locale.ROOT, "partitions in the catalog: %,d%n", stored);
        boolean ok =
            stored == partitions + newPartitions
                && full.partitionsAdded() == partitions
                && recrawl.partitionsAdded() == newPartitions
                && recrawl.filesRead() <= (long) newPartitions * filesPerPartition;
        if (!ok) {
          out.println("UNEXPECTED RESULT: the crawls did not find what was written");
        }
        return ok ? 0 : 1;
      }
    } finally {
      if (temporary) {
        try (var paths = Files.walk(root)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(path);
          }
        }
      }
    }
  }

  private CrawlerConfiguration configuration(Path lake, RecrawlBehavior recrawl) {
    boolean incremental = recrawl == RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY;
    return new CrawlerConfiguration(
        "bench",
        "bench",
        "",
        List.of(new CrawlTarget(lake.toString(), List.of(), 0)),
        List.of(),
        incremental ? UpdateBehavior.LOG : UpdateBehavior.UPDATE_IN_DATABASE,
        incremental ? DeleteBehavior.LOG : DeleteBehavior.DEPRECATE_IN_DATABASE,
        recrawl,
        false,
        0);
  }

  private CrawlResult measure(String label, Callable<CrawlResult> crawl) throws Exception {
    List<MemoryPoolMXBean> heap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();
    System.gc();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    CrawlResult result = crawl.call();
    // The sum of each pool's peak: an upper bound of the heap in use at any one moment.
    long peakHeap = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    double seconds = result.elapsed().toNanos() / 1e9;
    out.printf(
        Locale.ROOT,
        "%s: %.2f s, %,d files listed, %,d read (%,.0f files/s), %,d partitions added,"
            + " peak heap %,d MiB%n",
        label,
        seconds,
        result.filesListed(),
        result.filesRead(),
        result.filesRead() / seconds,
        result.partitionsAdded(),
        peakHeap >> 20);
    return result;
  }

  /** Writes partitions {@code first} to {@code first + count - 1}; returns the bytes written. */
  private long write(Path table, int first, int count) throws IOException {
    long bytes = 0;
    StringBuilder content = new StringBuilder();
    for (int partition = first; partition < first + count; partition++) {
      Path folder = table.resolve("day=" + FIRST_DAY.plusDays(partition));
      Files.createDirectories(folder);
      for (int file = 0; file < filesPerPartition; file++) {
        content.setLength(0);
        for (int record = 0; record < recordsPerFile; record++) {
          long id = ((long) partition * filesPerPartition + file) * recordsPerFile + record;
          content
              .append("{\"id\":")
              .append(id)
              .append(",\"user\":\"user-")
              .append(id % 977)
              .append("\",\"amount\":")
              .append(id % 1000 / 10.0)
              .append(",\"tags\":[\"a\",\"b\"],\"device\":{\"os\":\"linux\",\"version\":")
              .append(id % 7)
              .append("}}\n");
        }
        byte[] data = content.toString().getBytes(UTF_8);
        Files.write(folder.resolve("part-%05d.json".formatted(file)), data);
        bytes += data.length;
      }
    }
    return bytes;
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
