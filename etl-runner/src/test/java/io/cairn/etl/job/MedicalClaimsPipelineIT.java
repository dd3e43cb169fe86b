package io.cairn.etl.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.CairnServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Glue's documented medical-claims cleanup as one job graph: a DataBrew recipe (rows without an
 * amount removed, the claim date made a date and gaps filled with the last valid one, quotes and
 * {@code $} removed, the amount made a double, a {@code code } prefix stripped), a join with the
 * providers of one state, and JSON partitioned by claim date into a catalog table that Spark then
 * queries through Cairn.
 */
class MedicalClaimsPipelineIT {
  @TempDir static Path workDirectory;

  private static CairnServerProcess server;
  private static SparkSession spark;
  private static NodeTypes types;

  @BeforeAll
  static void start() throws IOException {
    server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"),
            CairnServerProcess.logFor(MedicalClaimsPipelineIT.class));
    spark = JobTestSessions.start("MedicalClaimsPipelineIT", workDirectory, server, false);
    types = NodeTypes.load(MedicalClaimsPipelineIT.class.getClassLoader());
    spark.sql("CREATE DATABASE health LOCATION '" + workDirectory.resolve("health").toUri() + "'");
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
  void claimsAreCleanedJoinedWithOneStatesProvidersAndLoadedByClaimDate() throws IOException {
    Path claims =
        csv(
            "claims",
            "claim_id,provider_id,claim_date,amount,procedure",
            "1,10,2024-01-03,\"\"\"$120.50\"\"\",code A1",
            "2,10,,$80,code B2",
            "3,20,2024-01-04,,code C3",
            "4,20,2024-01-04,$35.25,D4",
            "5,30,2024-01-05,$99,code E5",
            "6,10,,$10,code F6");
    Path providers =
        csv(
            "providers",
            "provider_id,provider_name,state",
            "10,North Clinic,WA",
            "20,Bay Care,WA",
            "30,Sun Health,CA");

    JobGraph graph =
        JobGraph.parse(
            """
            {
              "claims": {"S3CsvSource": {"Name": "Claims", "Paths": ["%s"], "WithHeader": true}},
              "clean": {"Recipe": {"Name": "Clean claims", "Inputs": ["claims"], "RecipeSteps": [
                {"Action": {"Operation": "REMOVE_MISSING", "Parameters": {"sourceColumn": "amount"}}},
                {"Action": {"Operation": "CHANGE_DATA_TYPE",
                            "Parameters": {"sourceColumn": "claim_date", "columnDataType": "date"}}},
                {"Action": {"Operation": "FILL_WITH_LAST_VALID", "Parameters": {"sourceColumn": "claim_date"}}},
                {"Action": {"Operation": "REMOVE_QUOTES", "Parameters": {"sourceColumn": "amount"}}},
                {"Action": {"Operation": "REPLACE_TEXT",
                            "Parameters": {"sourceColumn": "amount", "pattern": "$"}}},
                {"Action": {"Operation": "CHANGE_DATA_TYPE",
                            "Parameters": {"sourceColumn": "amount", "columnDataType": "double"}}},
                {"Action": {"Operation": "REPLACE_PATTERN",
                            "Parameters": {"sourceColumn": "procedure", "pattern": "^code "}}}]}},
              "providers": {"S3CsvSource": {"Name": "Providers", "Paths": ["%s"], "WithHeader": true}},
              "washington": {"Filter": {"Name": "Washington only", "Inputs": ["providers"],
                "LogicalOperator": "AND", "Filters": [{"Operation": "EQ", "Negated": false, "Values": [
                  {"Type": "COLUMNEXTRACTED", "Value": ["state"]}, {"Type": "CONSTANT", "Value": ["WA"]}]}]}},
              "joined": {"Join": {"Name": "Claims of WA providers", "Inputs": ["clean", "washington"],
                "JoinType": "equijoin", "Columns": [
                  {"From": "clean", "Keys": [["provider_id"]]},
                  {"From": "washington", "Keys": [["provider_id"]]}]}},
              "tidy": {"DropFields": {"Name": "Drop the right key", "Inputs": ["joined"],
                "Paths": [["(right) provider_id"]]}},
              "out": {"S3DirectTarget": {"Name": "Claims by date", "Inputs": ["tidy"], "Path": "%s",
                "Format": "json", "Compression": "none", "PartitionKeys": [["claim_date"]],
                "SchemaChangePolicy": {"EnableUpdateCatalog": true,
                  "UpdateBehavior": "UPDATE_IN_DATABASE", "Database": "health", "Table": "claims"}}}
            }
            """
                .formatted(claims, providers, workDirectory.resolve("health/claims")),
            types);
    new JobExecutor(types, System.err::println)
        .run(graph, new RunContext(spark, Map.of(), Instant.now()));

    assertThat(rows("SHOW PARTITIONS health.claims"))
        .containsExactly(
            "[claim_date=2024-01-03]", "[claim_date=2024-01-04]", "[claim_date=2024-01-05]");
    assertThat(
            rows(
                "SELECT claim_id, provider_id, CAST(claim_date AS STRING), amount, procedure,"
                    + " provider_name, state FROM health.claims"))
        .as(
            "claim 3 had no amount, claim 5 is a California provider's; claims 2 and 6 took the"
                + " date of the claim before them, also when that one is filtered out later")
        .containsExactly(
            "[1,10,2024-01-03,120.5,A1,North Clinic,WA]",
            "[2,10,2024-01-03,80.0,B2,North Clinic,WA]",
            "[4,20,2024-01-04,35.25,D4,Bay Care,WA]",
            "[6,10,2024-01-05,10.0,F6,North Clinic,WA]");
    assertThat(rows("SHOW TBLPROPERTIES health.claims ('classification')"))
        .containsExactly("[classification,json]");
    assertThat(rows("DESCRIBE FORMATTED health.claims"))
        .as("a Hive table with Hive's JSON SerDe, which Trino and Hive read too")
        .contains("[Serde Library,org.apache.hive.hcatalog.data.JsonSerDe,]");
  }

  private static Path csv(String name, String... lines) throws IOException {
    Path directory = Files.createDirectories(workDirectory.resolve("input").resolve(name));
    Files.write(directory.resolve("part-0.csv"), List.of(lines));
    return directory;
  }

  private static List<String> rows(String query) {
    return spark.sql(query).collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
