package io.cairn.cli;

import io.cairn.catalog.CatalogException;
import io.cairn.catalog.TableName;
import io.cairn.server.ConfigException;
import io.cairn.server.ServerConfig;
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
import java.util.LinkedHashSet;
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
