package io.cairn.cli;

import io.cairn.catalog.CatalogException;
import io.cairn.server.ConfigException;
import io.cairn.server.ServerConfig;
import io.cairn.store.jdbc.JdbcCatalogStore;
import io.cairn.transfer.CatalogImportException;
import io.cairn.transfer.CatalogTransfer;
import io.cairn.transfer.ImportMode;
import io.cairn.transfer.TransferSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn import FILE [--database NAME]... [--replace]}: imports an export document in one
 * transaction. Anything wrong (malformed JSON, an invalid name or type, a database that exists
 * already without {@code --replace}, a killed process) leaves the catalog as it was.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import a JSON export (see cairn export) into the catalog, all or nothing: in one"
          + " transaction, which a failure or a killed process leaves uncommitted.",
      "Progress goes to stderr. Exit codes: 0 imported, 1 failed (nothing imported), 2 bad usage"
          + " or configuration."
    })
public final class ImportCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The export to read; - for stdin.")
  private String file;

  @Option(
      names = "--database",
      paramLabel = "NAME",
      description =
          "Import only this database of the file (repeatable): NAME in the default catalog or"
              + " CATALOG.NAME. Default: every database in the file.")
  private List<String> databases = new ArrayList<>();

  @Option(
      names = "--replace",
      description =
          "Drop databases that exist already (with all their tables and partitions) and"
              + " re-create them from the file, in the same transaction. Without it an existing"
              + " database fails the import.")
  private boolean replace;

  @Mixin private StoreOptions storeOptions;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ServerConfig config;
    try {
      config = storeOptions.config();
    } catch (ConfigException e) {
      err.println("cairn import: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    if (!file.equals("-") && !Files.isRegularFile(Path.of(file))) {
      err.println(
          "cairn import: " + file + " does not exist or is not a file; nothing was imported");
      return CommandLine.ExitCode.SOFTWARE;
    }
    long started = System.nanoTime();
    TransferSummary summary = null;
    try {
      if (config.usesEmbeddedStore()) {
        Files.createDirectories(config.dataDirectory());
      }
      try (JdbcCatalogStore store = StoreOptions.open(config);
          InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
        CatalogTransfer transfer =
            new CatalogTransfer(
                StoreOptions.service(store, config),
                Clock.systemUTC(),
                new ExportCommand.Progress(err, "import"));
        summary =
            transfer.importCatalog(
                in,
                new LinkedHashSet<>(databases),
                replace ? ImportMode.REPLACE : ImportMode.FAIL_IF_EXISTS);
      }
    } catch (CatalogImportException e) {
      return failed(err, e.getMessage(), summary);
    } catch (CatalogException e) {
      return failed(err, e.getMessage(), summary);
    } catch (IOException | UncheckedIOException e) {
      return failed(err, "cannot read " + file + ": " + e.getMessage(), summary);
    } catch (RuntimeException e) {
      return failed(err, "failed: " + e, summary);
    } finally {
      err.flush();
    }
    err.println(
        "cairn import: committed "
            + ExportCommand.Progress.describe(summary)
            + " in "
            + ExportCommand.Progress.seconds(started));
    err.flush();
    return CommandLine.ExitCode.OK;
  }

  /** {@code committed} is null unless the failure came after the commit (closing the store). */
  private static int failed(PrintWriter err, String problem, TransferSummary committed) {
    err.println("cairn import: " + problem);
    err.println(
        committed == null
            ? "cairn import: nothing was imported"
            : "cairn import: the import was committed: "
                + ExportCommand.Progress.describe(committed));
    return CommandLine.ExitCode.SOFTWARE;
  }
}
