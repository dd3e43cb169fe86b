package io.cairn.transfer;

import static io.cairn.transfer.SampleCatalog.content;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.cli.CairnCli;
import io.cairn.cli.ExportCommand;
import io.cairn.cli.ImportCommand;
import io.cairn.transfer.StoreUnderTest.Backend;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cairn export} and {@code cairn import} in-process against SQLite data directories. */
final class TransferCommandsIT {
  @TempDir Path temporaryDirectory;

  private final List<StoreUnderTest> stores = new ArrayList<>();

  @AfterEach
  void closeStores() {
    stores.forEach(StoreUnderTest::close);
  }

  private StoreUnderTest newStore() {
    StoreUnderTest store = StoreUnderTest.create(Backend.SQLITE, temporaryDirectory);
    stores.add(store);
    return store;
  }

  @Test
  void exportToFileAndImportIntoAnotherDataDirectory() throws Exception {
    StoreUnderTest source = newStore();
    SampleCatalog.populate(source, 25_000);
    source.closeStore();
    Path file = temporaryDirectory.resolve("catalog.json");

    Run export =
        run(new ExportCommand(), file.toString(), "--data-dir", source.dataDirectory().toString());

    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(export.err())
        .contains("cairn export: hive.sales.orders: 10000 partitions")
        .contains("cairn export: hive.sales.orders: 20000 partitions")
        .contains("cairn export: hive.sales.orders done (25000 partitions)")
        .containsPattern(
            "cairn export: exported 3 databases, 3 tables, 25000 partitions in \\d+\\.\\d s to ");
    assertThat(temporaryDirectory).isDirectoryNotContaining("glob:**.partial");

    Path targetDirectory = temporaryDirectory.resolve("new-data-dir");
    Run imported =
        run(new ImportCommand(), file.toString(), "--data-dir", targetDirectory.toString());

    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.err())
        .contains("cairn import: hive.sales.orders: 20000 partitions written")
        .contains("cairn import: everything written, committing")
        .containsPattern(
            "cairn import: committed 3 databases, 3 tables, 25000 partitions in \\d+\\.\\d s");
    source.reopen();
    Path again = temporaryDirectory.resolve("again.json");
    assertThat(
            run(new ExportCommand(), again.toString(), "--data-dir", targetDirectory.toString())
                .exitCode())
        .isZero();
    assertThat(content(Files.readAllBytes(again))).isEqualTo(content(source.exportAll()));
  }

  @Test
  void exportSelectedDatabaseToStandardOutput() throws Exception {
    StoreUnderTest source = newStore();
    SampleCatalog.populate(source, 10);
    source.closeStore();
    PrintStream originalOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Run run;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      run =
          run(
              new ExportCommand(),
              "-",
              "--database",
              "lake.raw",
              "--data-dir",
              source.dataDirectory().toString());
    } finally {
      System.setOut(originalOut);
    }

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("exported 1 databases, 1 tables, 0 partitions")
        .contains("to stdout");
    assertThat(content(out.toByteArray()).get("databases"))
        .singleElement()
        .satisfies(
            database -> assertThat(database.get("name").get("database").asText()).isEqualTo("raw"));
  }

  @Test
  void importFailuresSayWhatAndWhereAndThatNothingWasImported() throws Exception {
    StoreUnderTest source = newStore();
    SampleCatalog.populate(source, 100);
    byte[] document = source.exportAll();
    source.closeStore();
    String dataDirectory = source.dataDirectory().toString();

    Run missing =
        run(
            new ImportCommand(),
            temporaryDirectory.resolve("nope.json").toString(),
            "--data-dir",
            dataDirectory);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("nope.json does not exist").contains("nothing was imported");

    Path truncated = temporaryDirectory.resolve("truncated.json");
    Files.write(truncated, java.util.Arrays.copyOf(document, document.length / 2));
    Run broken =
        run(new ImportCommand(), truncated.toString(), "--replace", "--data-dir", dataDirectory);
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.err())
        .contains("invalid JSON: Unexpected end-of-input")
        .containsPattern("at line \\d+, column \\d+, /databases/")
        .contains("cairn import: nothing was imported");

    Path full = temporaryDirectory.resolve("full.json");
    Files.write(full, document);
    Run conflict =
        run(
            new ImportCommand(),
            full.toString(),
            "--database",
            "sales",
            "--data-dir",
            dataDirectory);
    assertThat(conflict.exitCode()).isEqualTo(1);
    assertThat(conflict.err())
        .contains("database hive.sales exists already")
        .contains("nothing was imported");

    Run replaced =
        run(
            new ImportCommand(),
            full.toString(),
            "--database",
            "sales",
            "--replace",
            "--data-dir",
            dataDirectory);
    assertThat(replaced.exitCode()).as(replaced.err()).isZero();
    assertThat(replaced.err()).contains("committed 1 databases, 2 tables, 100 partitions");

    Run badName =
        run(
            new ImportCommand(),
            full.toString(),
            "--database",
            "a.b.c",
            "--data-dir",
            dataDirectory);
    assertThat(badName.exitCode()).isEqualTo(1);
    assertThat(badName.err()).contains("'a.b.c' is not a database name");
  }

  @Test
  void exportFailuresAreClear() {
    StoreUnderTest source = newStore();
    SampleCatalog.populate(source, 0);
    source.closeStore();
    Path file = temporaryDirectory.resolve("out.json");

    Run unknown =
        run(
            new ExportCommand(),
            file.toString(),
            "--database",
            "nowhere",
            "--data-dir",
            source.dataDirectory().toString());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("database hive.nowhere does not exist");
    assertThat(file).doesNotExist();
    assertThat(temporaryDirectory).isDirectoryNotContaining("glob:**.partial");

    Run noCatalog =
        run(
            new ExportCommand(),
            file.toString(),
            "--data-dir",
            temporaryDirectory.resolve("empty").toString());
    assertThat(noCatalog.exitCode()).isEqualTo(2);
    assertThat(noCatalog.err()).contains("no catalog in data directory");

    Run noConfig = run(new ExportCommand(), file.toString(), "--config", "missing.properties");
    assertThat(noConfig.exitCode()).isEqualTo(2);
    assertThat(noConfig.err()).contains("missing.properties does not exist");

    Run usage = run(new ExportCommand());
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).contains("Missing required parameter: 'FILE'");
  }

  @Test
  void commandsWorkAsSubcommandsOfCairn() {
    CommandLine cairn = CairnCli.commandLine();
    if (!cairn.getSubcommands().containsKey("export")) {
      cairn.addSubcommand(new ExportCommand()).addSubcommand(new ImportCommand());
    }
    for (String command : List.of("export", "import")) {
      StringWriter out = new StringWriter();
      cairn.setOut(new PrintWriter(out));
      assertThat(cairn.execute(command, "--help")).isZero();
      assertThat(out.toString())
          .contains("Usage: cairn " + command)
          .contains("--database=NAME")
          .contains("--config=FILE")
          .contains("--data-dir=DIR")
          .contains("--jdbc-url=URL");
    }
  }

  private static Run run(Object command, String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine =
        new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(arguments);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {}
}
