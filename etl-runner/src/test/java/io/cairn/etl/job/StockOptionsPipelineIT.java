package io.cairn.etl.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.CairnServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Glue's documented stock-option orders pipeline as one job graph of Glue Studio nodes, run twice
 * by {@link JobExecutor} against a Cairn server: JSON orders, the instrument string split into
 * columns, a four-digit year, an expiration date, bought/sold unpivoted and their contracts
 * exploded; one branch pivots a summary by symbol and option type into one CSV file, the other
 * looks up exchange rates in a catalog table, derives {@code total_usd}, stamps the run's time and
 * writes snappy Parquet into a catalog table that the first run creates and the second gives a
 * partition.
 */
class StockOptionsPipelineIT {
  @TempDir static Path workDirectory;

  private static CairnServerProcess server;
  private static SparkSession spark;
  private static NodeTypes types;

  @BeforeAll
  static void start() throws IOException {
    server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"),
            CairnServerProcess.logFor(StockOptionsPipelineIT.class));
    spark = JobTestSessions.start("StockOptionsPipelineIT", workDirectory, server, false);
    types = NodeTypes.load(StockOptionsPipelineIT.class.getClassLoader());
    spark.sql(
        "CREATE DATABASE markets LOCATION '" + workDirectory.resolve("markets").toUri() + "'");
    spark.sql("CREATE TABLE markets.rates (currency STRING, rate DOUBLE) STORED AS PARQUET");
    spark.sql("INSERT INTO markets.rates VALUES ('usd', 1.0), ('eur', 1.25)");
  }

  @AfterAll
  static void stop() {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void ordersAreSummarisedIntoOneCsvFileAndLoadedIntoACatalogTableRunAfterRun() throws IOException {
    Path firstDay =
        orders(
            "2023-03-01",
            """
            {"order_id": 1, "instrument": "AMZN Mar 24 23 $95 PUT", "currency": "usd", "price": 2.5,
             "bought": [1, 2], "sold": [3], "day": "2023-03-01"}
            {"order_id": 2, "instrument": "AAPL Apr 21 23 $150 CALL", "currency": "eur", "price": 4.0,
             "bought": [5], "sold": [], "day": "2023-03-01"}
            """);
    Instant firstRun = Instant.parse("2023-03-01T18:00:00Z");
    run(pipeline(firstDay, "first"), firstRun);

    assertThat(
            rows(
                "SELECT symbol, type, expiration, action, contract, total_usd, day FROM markets.option_trades"))
        .containsExactly(
            "[AAPL,CALL,2023-Apr-21,bought,5,25.0,2023-03-01]",
            "[AMZN,PUT,2023-Mar-24,bought,1,2.5,2023-03-01]",
            "[AMZN,PUT,2023-Mar-24,bought,2,5.0,2023-03-01]",
            "[AMZN,PUT,2023-Mar-24,sold,3,7.5,2023-03-01]");
    assertThat(rows("SELECT DISTINCT CAST(loaded_at AS STRING) FROM markets.option_trades"))
        .as("the run's start time, the same in every row")
        .hasSize(1);
    assertThat(spark.table("markets.option_trades").columns())
        .doesNotContain("instrument", "parts", "month", "dom", "yy", "year", "bought", "sold");
    Path summary = workDirectory.resolve("summary-first");
    assertThat(dataFiles(summary)).as("autobalanced to one file").hasSize(1);
    List<String> lines = Files.readAllLines(summary.resolve(dataFiles(summary).get(0)));
    assertThat(lines.get(0))
        .as("a CSV target's header line, as Glue writes")
        .isEqualTo("symbol,CALL,PUT");
    assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrder("AAPL,5,", "AMZN,,6");

    Path secondDay =
        orders(
            "2023-03-02",
            """
            {"order_id": 3, "instrument": "MSFT Jun 16 23 $300 CALL", "currency": "usd", "price": 10.0,
             "bought": [2], "sold": [4], "day": "2023-03-02"}
            """);
    run(pipeline(secondDay, "second"), Instant.parse("2023-03-02T18:00:00Z"));

    assertThat(rows("SHOW PARTITIONS markets.option_trades"))
        .containsExactly("[day=2023-03-01]", "[day=2023-03-02]");
    assertThat(
            rows(
                "SELECT symbol, action, contract, total_usd FROM markets.option_trades WHERE day = '2023-03-02'"))
        .containsExactly("[MSFT,bought,2,20.0]", "[MSFT,sold,4,40.0]");
    assertThat(spark.table("markets.option_trades").count()).isEqualTo(6);
  }

  private static String pipeline(Path orders, String run) {
    String summary = workDirectory.resolve("summary-" + run).toString();
    return """
        {
          "orders": {"S3JsonSource": {"Name": "Orders", "Paths": ["%s"]}},
          "split": {"DynamicTransform": {"Name": "Split instrument", "TransformName": "gs_split",
            "Inputs": ["orders"], "Parameters": [
              {"Name": "colName", "Value": ["instrument"]}, {"Name": "pattern", "Value": [" "]},
              {"Name": "newColName", "Value": ["parts"]}]}},
          "columns": {"DynamicTransform": {"Name": "Array to columns", "TransformName": "gs_array_to_cols",
            "Inputs": ["split"], "Parameters": [
              {"Name": "colName", "Value": ["parts"]},
              {"Name": "colList", "Value": ["symbol,month,dom,yy,strike,type"]}]}},
          "year": {"DynamicTransform": {"Name": "Four-digit year", "TransformName": "gs_derived",
            "Inputs": ["columns"], "Parameters": [
              {"Name": "colName", "Value": ["year"]}, {"Name": "expr", "Value": ["concat('20', yy)"]}]}},
          "expiration": {"DynamicTransform": {"Name": "Expiration date", "TransformName": "gs_concat",
            "Inputs": ["year"], "Parameters": [
              {"Name": "colName", "Value": ["expiration"]},
              {"Name": "colList", "Value": ["year,month,dom"]}, {"Name": "spacer", "Value": ["-"]}]}},
          "actions": {"DynamicTransform": {"Name": "Bought and sold", "TransformName": "gs_unpivot",
            "Inputs": ["expiration"], "Parameters": [
              {"Name": "unpivotName", "Value": ["action"]}, {"Name": "unpivotValue", "Value": ["contracts"]},
              {"Name": "colList", "Value": ["bought,sold"]}]}},
          "contracts": {"DynamicTransform": {"Name": "One row per contract", "TransformName": "gs_explode",
            "Inputs": ["actions"], "Parameters": [
              {"Name": "colName", "Value": ["contracts"]}, {"Name": "newCol", "Value": ["contract"]}]}},

          "summaryFields": {"SelectFields": {"Name": "Summary fields", "Inputs": ["contracts"],
            "Paths": [["symbol"], ["type"], ["contract"]]}},
          "pivot": {"DynamicTransform": {"Name": "Contracts by type", "TransformName": "gs_pivot",
            "Inputs": ["summaryFields"], "Parameters": [
              {"Name": "aggCol", "Value": ["contract"]}, {"Name": "aggFunction", "Value": ["sum"]},
              {"Name": "colList", "Value": ["type"]}]}},
          "oneFile": {"DynamicTransform": {"Name": "Autobalance", "TransformName": "gs_repartition",
            "Inputs": ["pivot"], "Parameters": [{"Name": "numPartitionsStr", "Value": ["1"]}]}},
          "summary": {"S3DirectTarget": {"Name": "Summary CSV", "Inputs": ["oneFile"], "Path": "%s",
            "Format": "csv", "Compression": "none"}},

          "trimmed": {"DropFields": {"Name": "Drop temporary columns", "Inputs": ["contracts"],
            "Paths": [["instrument"], ["parts"], ["month"], ["dom"], ["yy"], ["year"], ["contracts"]]}},
          "rates": {"DynamicTransform": {"Name": "Exchange rates", "TransformName": "gs_lookup",
            "Inputs": ["trimmed"], "Parameters": [
              {"Name": "table", "Value": ["markets.rates"]}, {"Name": "keys", "Value": ["currency"]}]}},
          "usd": {"DynamicTransform": {"Name": "Total in USD", "TransformName": "gs_derived",
            "Inputs": ["rates"], "Parameters": [
              {"Name": "colName", "Value": ["total_usd"]},
              {"Name": "expr", "Value": ["price * contract * rate"]}]}},
          "stamped": {"DynamicTransform": {"Name": "Load time", "TransformName": "gs_now",
            "Inputs": ["usd"], "Parameters": [{"Name": "colName", "Value": ["loaded_at"]}]}},
          "trades": {"S3DirectTarget": {"Name": "Trades", "Inputs": ["stamped"], "Path": "%s",
            "Format": "parquet", "Compression": "snappy", "PartitionKeys": [["day"]],
            "SchemaChangePolicy": {"EnableUpdateCatalog": true, "UpdateBehavior": "UPDATE_IN_DATABASE",
              "Database": "markets", "Table": "option_trades"}}}
        }
        """
        .formatted(orders, summary, workDirectory.resolve("markets/option_trades"));
  }

  private static void run(String job, Instant start) {
    new JobExecutor(types, System.err::println)
        .run(JobGraph.parse(job, types), new RunContext(spark, Map.of(), start));
  }

  /** A day's orders as JSON Lines (one object per line; the text block breaks them for reading). */
  private static Path orders(String day, String objects) throws IOException {
    Path directory = Files.createDirectories(workDirectory.resolve("orders").resolve(day));
    Files.writeString(
        directory.resolve("orders.json"), objects.replace(",\n ", ", ").strip() + "\n");
    return directory;
  }

  private static List<String> dataFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(file -> file.startsWith("part-"))
          .toList();
    }
  }

  private static List<String> rows(String query) {
    return spark.sql(query).collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
