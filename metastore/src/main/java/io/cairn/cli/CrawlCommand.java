package io.cairn.cli;

import io.cairn.catalog.CatalogException;
import io.cairn.classifiers.Classifiers;
import io.cairn.crawlers.CrawlListener;
import io.cairn.crawlers.CrawlResult;
import io.cairn.crawlers.CrawlStoppedException;
import io.cairn.crawlers.CrawlTarget;
import io.cairn.crawlers.Crawler;
import io.cairn.crawlers.CrawlerConfiguration;
import io.cairn.crawlers.DeleteBehavior;
import io.cairn.crawlers.RecrawlBehavior;
import io.cairn.crawlers.UpdateBehavior;
import io.cairn.server.ConfigException;
import io.cairn.server.ServerConfig;
import io.cairn.service.ServiceCrawlerCatalog;
import io.cairn.store.jdbc.JdbcCatalogStore;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn crawl PATH --database DB}: one crawl of a local folder or S3 prefix into the
 * catalog, as a Glue crawler with these settings would run it. The crawl's changes commit at its
 * end in one transaction; a failed or interrupted crawl changes nothing.
 */
@Command(
    name = "crawl",
    mixinStandardHelpOptions = true,
    description = {
      "Crawl a folder (a local path, file:///… or s3://bucket/prefix) once: classify its files,"
          + " group them into tables and partitions as AWS Glue's crawlers do, and write them to"
          + " the catalog's store, all at once at the end.",
      "Progress and the summary go to stderr. Exit codes: 0 crawled, 1 failed (nothing changed),"
          + " 2 bad usage or configuration."
    })
public final class CrawlCommand implements Callable<Integer> {
  private static final int BAR_WIDTH = 30;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "PATH",
      description = "The folder to crawl: a local path, file:///… or s3://bucket/prefix.")
  private String path;

  @Option(
      names = "--database",
      required = true,
      paramLabel = "DB",
      description = "The database the tables go to; created if it does not exist.")
  private String database;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      defaultValue = "cairn-cli",
      description =
          "The crawler's name, written to its tables as UPDATED_BY_CRAWLER. Default: ${DEFAULT-VALUE}.")
  private String name;

  @Option(
      names = "--table-prefix",
      paramLabel = "PREFIX",
      defaultValue = "",
      description = "Put before the name of every table the crawl creates.")
  private String tablePrefix;

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description = "Skip files matching this glob, relative to PATH (repeatable), e.g. **.tmp.")
  private List<String> exclusions = new ArrayList<>();

  @Option(
      names = "--sample-size",
      paramLabel = "N",
      defaultValue = "0",
      description = "Classify only the first N files of each leaf folder (1-249); 0 for all.")
  private int sampleSize;

  @Option(
      names = "--update-behavior",
      paramLabel = "B",
      defaultValue = "UPDATE_IN_DATABASE",
      description =
          "UPDATE_IN_DATABASE or LOG (keep changed tables as they are). Default: ${DEFAULT-VALUE}.")
  private UpdateBehavior updateBehavior;

  @Option(
      names = "--delete-behavior",
      paramLabel = "B",
      defaultValue = "DEPRECATE_IN_DATABASE",
      description =
          "LOG, DELETE_FROM_DATABASE or DEPRECATE_IN_DATABASE, for tables and partitions whose"
              + " data is gone. Default: ${DEFAULT-VALUE}.")
  private DeleteBehavior deleteBehavior;

  @Option(
      names = "--new-folders-only",
      description =
          "Read only folders that are not yet tables or partitions (Glue's CRAWL_NEW_FOLDERS_ONLY).")
  private boolean newFoldersOnly;

  @Option(
      names = "--combine-compatible-schemas",
      description =
          "One table for PATH when its folders' schemas are compatible (Glue's grouping).")
  private boolean combineCompatibleSchemas;

  @Option(
      names = "--table-level",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "The folder depth where tables begin, counting the bucket or root as 1 (Glue's"
              + " TableLevelConfiguration); 0 lets the crawler decide.")
  private int tableLevel;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Run the crawl in the Cairn server at URL (its HTTP address, e.g. http://127.0.0.1:8181)"
              + " through its Glue API, instead of in this process on the store. PATH must then be"
              + " an s3:// prefix or a folder the server can read. The crawler NAME is created for"
              + " this crawl and deleted after it.")
  private URI server;

  @Mixin private StoreOptions storeOptions;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ServerConfig config;
    CrawlerConfiguration crawler;
    try {
      config = storeOptions.config();
      crawler = configuration();
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("cairn crawl: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    Progress progress = new Progress(err, System.console() != null);
    if (server != null) {
      return new RemoteCrawl(server, err, progress).run(crawler);
    }
    CrawlResult result;
    try {
      if (config.usesEmbeddedStore()) {
        Files.createDirectories(config.dataDirectory());
      }
      try (JdbcCatalogStore store = StoreOptions.open(config)) {
        var service = StoreOptions.service(store, config);
        service.ensureDefaultCatalog();
        result =
            new Crawler(Classifiers.loadBuiltIn(), config.crawlerS3())
                .crawl(crawler, new ServiceCrawlerCatalog(service), progress, () -> false);
      }
    } catch (CrawlStoppedException | CatalogException | UncheckedIOException e) {
      return failed(err, progress, e.getMessage());
    } catch (java.io.IOException | RuntimeException e) {
      return failed(err, progress, e.toString());
    }
    progress.finish();
    err.println("cairn crawl: " + summary(result));
    err.flush();
    return CommandLine.ExitCode.OK;
  }

  private CrawlerConfiguration configuration() {
    if (newFoldersOnly
        && (updateBehavior != UpdateBehavior.LOG || deleteBehavior != DeleteBehavior.LOG)) {
      throw new IllegalArgumentException(
          "--new-folders-only needs --update-behavior LOG and --delete-behavior LOG, as in Glue");
    }
    return new CrawlerConfiguration(
        name,
        database.toLowerCase(Locale.ROOT),
        tablePrefix,
        List.of(new CrawlTarget(target(path), exclusions, sampleSize)),
        List.of(),
        updateBehavior,
        deleteBehavior,
        newFoldersOnly ? RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY : RecrawlBehavior.CRAWL_EVERYTHING,
        combineCompatibleSchemas,
        tableLevel);
  }

  /** A relative local path is the caller's: the crawler gets it absolute. */
  private static String target(String path) {
    if (path.contains("://") || path.startsWith("file:")) {
      return path;
    }
    Path local = Path.of(path).toAbsolutePath().normalize();
    if (!Files.isDirectory(local)) {
      throw new IllegalArgumentException(local + " is not a folder");
    }
    return local.toString();
  }

  static String summary(CrawlResult result) {
    return summary(
            result.tablesCreated(),
            result.tablesUpdated(),
            result.tablesDeleted(),
            result.partitionsAdded(),
            result.partitionsUpdated(),
            result.partitionsDeleted())
        + String.format(
            Locale.ROOT,
            "; files read %d of %d (%s); elapsed %.1f s",
            result.filesRead(),
            result.filesListed(),
            bytes(result.bytesRead()),
            result.elapsed().toMillis() / 1000.0);
  }

  static String summary(
      long tablesCreated,
      long tablesUpdated,
      long tablesDeleted,
      long partitionsAdded,
      long partitionsUpdated,
      long partitionsDeleted) {
    return String.format(
        Locale.ROOT,
        "tables created %d, updated %d, deleted %d; partitions added %d, updated %d, deleted %d",
        tablesCreated,
        tablesUpdated,
        tablesDeleted,
        partitionsAdded,
        partitionsUpdated,
        partitionsDeleted);
  }

  private static String bytes(long bytes) {
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private static int failed(PrintWriter err, Progress progress, String problem) {
    progress.finish();
    err.println("cairn crawl: " + problem);
    err.println("cairn crawl: the catalog was not changed");
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  /**
   * A progress bar redrawn in place on a terminal; otherwise (a log, a pipe) one line at each tenth
   * of the files.
   */
  static final class Progress implements CrawlListener {
    private final PrintWriter err;
    private final boolean terminal;
    private long lastListedLine;
    private int lastTenth = -1;
    private boolean barShown;

    Progress(PrintWriter err, boolean terminal) {
      this.err = err;
      this.terminal = terminal;
    }

    @Override
    public synchronized void listed(long files) {
      if (files - lastListedLine >= 10_000) {
        lastListedLine = files;
        line("listed " + files + " files");
      }
    }

    @Override
    public synchronized void classified(long done, long total) {
      int percent = total == 0 ? 100 : (int) (done * 100 / total);
      show(percent, done + "/" + total + " files classified");
    }

    /** A bar at {@code percent} with {@code detail} beside it. */
    synchronized void show(int percent, String detail) {
      if (terminal) {
        int filled = percent * BAR_WIDTH / 100;
        err.print(
            "\rcairn crawl: ["
                + "#".repeat(filled)
                + ".".repeat(BAR_WIDTH - filled)
                + "] "
                + percent
                + "% "
                + detail
                + "   ");
        err.flush();
        barShown = true;
      } else if (percent / 10 > lastTenth) {
        lastTenth = percent / 10;
        err.println("cairn crawl: " + detail + " (" + percent + "%)");
        err.flush();
      }
    }

    @Override
    public synchronized void log(String message) {
      line(message);
    }

    synchronized void finish() {
      if (barShown) {
        err.println();
        barShown = false;
      }
    }

    private void line(String message) {
      finish();
      err.println("cairn crawl: " + message);
      err.flush();
    }
  }
}
