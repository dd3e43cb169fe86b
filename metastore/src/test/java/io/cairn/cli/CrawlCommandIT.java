package io.cairn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.catalog.Column;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import io.cairn.service.CatalogService;
import io.cairn.service.ResourceArns;
import io.cairn.store.jdbc.JdbcCatalogStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cairn crawl}: in-process on an embedded store, and in a running server. */
class CrawlCommandIT {
  private static final TableName SALES = new TableName("hive", "shop", "sales");

  @TempDir Path directory;

  @Test
  void crawlsIntoTheEmbeddedStoreAndThenOnlyNewFolders() throws IOException {
    Path lake = writeSales(directory.resolve("sales"), "2024-01-01", "2024-01-02");
    Path data = directory.resolve("data");

    Run first = run(lake.toString(), "--database", "Shop", "--data-dir", data.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err())
        .contains("cairn crawl: 2/2 files classified (100%)")
        .containsPattern(
            "cairn crawl: tables created 1, updated 0, deleted 0; partitions added 2, updated 0,"
                + " deleted 0; files read 2 of 2 \\(0\\.1 KiB\\); elapsed \\d+\\.\\d s");
    writeSales(lake, "2024-01-03");

    Run second =
        run(
            lake.toString(),
            "--database",
            "shop",
            "--data-dir",
            data.toString(),
            "--new-folders-only",
            "--update-behavior",
            "LOG",
            "--delete-behavior",
            "LOG");

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.err()).contains("partitions added 1,").contains("files read 1 of 1");
    try (JdbcCatalogStore store =
        JdbcCatalogStore.open("jdbc:sqlite:" + data.resolve("catalog.db"), null, null, 2)) {
      CatalogService service =
          new CatalogService(
              store, "hive", new ResourceArns("us-east-1", "000000000000"), Clock.systemUTC());
      Table table = service.loadTable(SALES);
      assertThat(table.storageDescriptor().columns())
          .extracting(Column::name, Column::type)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("id", "int"),
              org.assertj.core.groups.Tuple.tuple("name", "string"),
              org.assertj.core.groups.Tuple.tuple("amount", "double"));
      assertThat(table.parameters())
          .containsEntry("classification", "csv")
          .containsEntry("UPDATED_BY_CRAWLER", "cairn-cli");
      assertThat(
              service.listPartitions(SALES, null, new PageRequest(null, 10)).items().stream()
                  .map(Partition::values)
                  .toList())
          .containsExactly(List.of("2024-01-01"), List.of("2024-01-02"), List.of("2024-01-03"));
    }
  }

  @Test
  void crawlsInARunningServerThroughItsGlueApi() throws IOException {
    Path lake = writeSales(directory.resolve("sales"), "2024-01-01", "2024-01-02");
    try (CairnServer server =
        CairnServer.start(
            ServerConfig.resolve(
                Map.of(),
                Map.of(),
                Map.of(
                    ServerConfig.HTTP_PORT,
                    "0",
                    ServerConfig.THRIFT_PORT,
                    "0",
                    ServerConfig.DATA_DIR,
                    directory.resolve("server").toString())))) {
      Run crawl =
          run(
              lake.toString(),
              "--database",
              "shop",
              "--name",
              "one-off",
              "--server",
              server.httpUri().toString());

      assertThat(crawl.exitCode()).as(crawl.err()).isZero();
      assertThat(crawl.err())
          .contains(
              "cairn crawl: tables created 1, updated 0, deleted 0; partitions added 2, updated 0,"
                  + " deleted 0; elapsed");
      CatalogService service = server.catalogService();
      assertThat(service.loadTable(SALES).parameters())
          .containsEntry("UPDATED_BY_CRAWLER", "one-off");
      assertThat(service.countPartitions(SALES, null)).isEqualTo(2);
      // The one-off crawler is gone: the same name can crawl again.
      assertThat(
              run(
                      lake.toString(),
                      "--database",
                      "shop",
                      "--name",
                      "one-off",
                      "--server",
                      server.httpUri().toString())
                  .exitCode())
          .isZero();
    }
  }

  @Test
  void badInputIsRefusedAndChangesNothing() {
    Path data = directory.resolve("data");

    Run missing =
        run(
            directory.resolve("no-such-folder").toString(),
            "--database",
            "shop",
            "--data-dir",
            data.toString());
    assertThat(missing.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(missing.err()).contains("no-such-folder is not a folder");

    Run noServer =
        run(directory.toString(), "--database", "shop", "--server", "http://127.0.0.1:1");
    assertThat(noServer.exitCode()).isEqualTo(CommandLine.ExitCode.SOFTWARE);
    assertThat(noServer.err()).contains("cannot connect to http://127.0.0.1:1");

    Run incremental =
        run(
            directory.toString(),
            "--database",
            "shop",
            "--data-dir",
            data.toString(),
            "--new-folders-only");
    assertThat(incremental.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(incremental.err()).contains("--new-folders-only needs --update-behavior LOG");
    assertThat(data).doesNotExist();
  }

  private static Path writeSales(Path table, String... days) throws IOException {
    for (String day : days) {
      Path folder = Files.createDirectories(table.resolve("day=" + day));
      Files.writeString(
          folder.resolve("part-0.csv"), "id,name,amount\n1,apple,1.5\n2,pear,2.25\n", UTF_8);
    }
    return table;
  }

  private static Run run(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        new CommandLine(new CrawlCommand())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(arguments);
    return new Run(exitCode, err.toString());
  }

  private record Run(int exitCode, String err) {}
}
