package io.cairn.cli;

import io.cairn.catalog.CatalogException;
import io.cairn.catalog.TableName;
import io.cairn.server.ConfigException;
import io.cairn.server.ServerConfig;
import io.cairn.service.CatalogService;
import io.cairn.service.ResourceArns;
import io.cairn.store.jdbc.JdbcCatalogStore;
import io.cairn.transfer.CatalogTransfer;
import io.cairn.transfer.ProgressListener;
import io.cairn.transfer.TransferSummary;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn export FILE [--database NAME]...}: writes the catalog, or the named databases, as
 * one JSON document (docs/export-format.md). The export reads one consistent snapshot; a file is
 * written under a temporary name and renamed when complete, so a failed export leaves no partial
 * file.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export the catalog (or some databases) to a JSON file: databases, tables with their"
          + " versions, partitions, column statistics, partition indexes and tags.",
      "Progress goes to stderr. Exit codes: 0 done, 1 failed, 2 bad usage or configuration."
    })
public final class ExportCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to write; - for stdout.")
  private String file;

  @Option(
      names = "--database",
      paramLabel = "NAME",
      description =
          "Export only this database (repeatable): NAME in the default catalog or"
              + " CATALOG.NAME. Default: every database.")
  private List<String> databases = new ArrayList<>();

  @Mixin private StoreOptions storeOptions;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ServerConfig config;
    try {
      config = storeOptions.config();
      if (config.usesEmbeddedStore()
          && !Files.isRegularFile(config.dataDirectory().resolve("catalog.db"))) {
        throw new ConfigException(
            "no catalog in data directory "
                + config.dataDirectory().toAbsolutePath().normalize()
                + " (catalog.db does not exist)");
      }
    } catch (ConfigException e) {
      err.println("cairn export: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    long started = System.nanoTime();
    try (JdbcCatalogStore store = StoreOptions.open(config)) {
      CatalogTransfer transfer =
          new CatalogTransfer(
              StoreOptions.service(store, config), Clock.systemUTC(), new Progress(err, "export"));
      TransferSummary summary;
      if (file.equals("-")) {
        OutputStream out = new BufferedOutputStream(System.out);
        summary = transfer.export(out, new LinkedHashSet<>(databases));
        out.flush();
      } else {
        summary = exportToFile(transfer, Path.of(file));
      }
      err.println(
          "cairn export: exported "
              + Progress.describe(summary)
              + " in "
              + Progress.seconds(started)
              + (file.equals("-") ? " to stdout" : " to " + file));
      return CommandLine.ExitCode.OK;
    } catch (CatalogException e) {
      err.println("cairn export: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    } catch (IOException | UncheckedIOException e) {
      err.println("cairn export: cannot write " + file + ": " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    } catch (RuntimeException e) {
      err.println("cairn export: failed: " + e);
      return CommandLine.ExitCode.SOFTWARE;
    } finally {
      err.flush();
    }
  }

  /** Writes to a temporary file beside the target and renames it once the export is complete. */
  private TransferSummary exportToFile(CatalogTransfer transfer, Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path temporary =
        Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".partial");
    try {
      TransferSummary summary;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
        summary = transfer.export(out, new LinkedHashSet<>(databases));
      }
      try {
        Files.move(
            temporary,
            absolute,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      return summary;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Where the catalog lives: the same keys and precedence as {@code cairn server} (config file,
   * then CAIRN_* environment variables, then these options), so that export and import see the
   * server's store and its ARNs (which key the tags).
   */
  static final class StoreOptions {
    private static final Path DEFAULT_CONFIG_FILE = Path.of("conf", "cairn.properties");

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "Config file. Default: conf/cairn.properties in the working directory if it exists,"
                + " else the one of the Cairn installation; none if neither exists.")
    private Path configFile;

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "Data directory of the embedded SQLite store (server.data-dir).")
    private Path dataDirectory;

    @Option(
        names = "--jdbc-url",
        paramLabel = "URL",
        description =
            "JDBC URL of the store (store.jdbc-url), e.g."
                + " jdbc:postgresql://host:5432/cairn; default: the SQLite file in the data"
                + " directory.")
    private String jdbcUrl;

    ServerConfig config() {
      Map<String, String> overrides = new LinkedHashMap<>();
      if (dataDirectory != null) {
        overrides.put(ServerConfig.DATA_DIR, dataDirectory.toString());
      }
      if (jdbcUrl != null) {
        overrides.put(ServerConfig.JDBC_URL, jdbcUrl);
      }
      return ServerConfig.load(configFile(), System.getenv(), overrides);
    }

    /** As {@code cairn server} finds its config file. */
    private Path configFile() {
      if (configFile != null) {
        if (!Files.isRegularFile(configFile)) {
          throw new ConfigException(
              "config file " + configFile.toAbsolutePath() + " does not exist");
        }
        return configFile;
      }
      if (Files.isRegularFile(DEFAULT_CONFIG_FILE)) {
        return DEFAULT_CONFIG_FILE;
      }
      String home = System.getProperty(ServerCommand.HOME_PROPERTY);
      if (home != null) {
        Path installed = Path.of(home).resolve(DEFAULT_CONFIG_FILE);
        if (Files.isRegularFile(installed)) {
          return installed;
        }
      }
      return null;
    }

    static JdbcCatalogStore open(ServerConfig config) {
      return JdbcCatalogStore.open(
          config.effectiveJdbcUrl(),
          config.storeUser(),
          config.storePassword(),
          config.storePoolSize());
    }

    static CatalogService service(JdbcCatalogStore store, ServerConfig config) {
      return new CatalogService(
          store,
          config.defaultCatalogName(),
          new ResourceArns(config.region(), config.accountId()),
          Clock.systemUTC());
    }
  }

  /** Progress lines on stderr: one per table and one per 10,000 partitions. */
  static final class Progress implements ProgressListener {
    private static final long PARTITIONS_PER_LINE = 10_000;

    private final PrintWriter err;
    private final String command;
    private long partitionsPrinted;

    Progress(PrintWriter err, String command) {
      this.err = err;
      this.command = command;
    }

    @Override
    public void tableStarted(TableName table) {
      partitionsPrinted = 0;
    }

    @Override
    public void partitionsTransferred(TableName table, long partitionsSoFar) {
      if (partitionsSoFar / PARTITIONS_PER_LINE > partitionsPrinted / PARTITIONS_PER_LINE) {
        partitionsPrinted = partitionsSoFar;
        err.println(
            "cairn "
                + command
                + ": "
                + table
                + ": "
                + partitionsSoFar
                + " partitions"
                + (command.equals("import") ? " written" : ""));
        err.flush();
      }
    }

    @Override
    public void tableFinished(TableName table, long partitions) {
      err.println("cairn " + command + ": " + table + " done (" + partitions + " partitions)");
      err.flush();
    }

    @Override
    public void committing() {
      err.println("cairn " + command + ": everything written, committing");
      err.flush();
    }

    static String describe(TransferSummary summary) {
      return summary.databases()
          + " databases, "
          + summary.tables()
          + " tables, "
          + summary.partitions()
          + " partitions";
    }

    static String seconds(long startedNanos) {
      return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }
  }
}
