package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.testing.CairnServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * Spark 3.5's built-in Hive client, unchanged, on a table whose partitions Cairn projects from
 * {@code projection.*} table properties: none are stored, yet Spark lists ten years of daily
 * partitions, and a query on one week gets exactly that week's seven partitions from the server and
 * reads only their directories.
 */
class SparkPartitionProjectionIT {
  @TempDir static Path workDirectory;

  private static CairnServerProcess server;
  private static ThriftCallRecorder recorder;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"),
            CairnServerProcess.logFor(SparkPartitionProjectionIT.class));
    recorder = ThriftCallRecorder.start(server.thriftPort());
    spark =
        HiveSparkSessions.builder("SparkPartitionProjectionIT", workDirectory, recorder.port())
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      if (recorder != null) {
        recorder.close();
      }
      if (server != null) {
        server.close();
      }
    }
    assertThat(recorder.unsupportedMethods())
        .as("Thrift methods Spark needed that Cairn does not serve")
        .isEmpty();
  }

  @Test
  void aWeekOfTenYearsOfDailyPartitionsIsServedAndReadAlone() {
    Path location = workDirectory.resolve("lake/daily");
    spark.sql("CREATE DATABASE projected").collectAsList();
    spark
        .sql(
            "CREATE TABLE projected.daily (id INT, note STRING) PARTITIONED BY (day STRING)"
                + " STORED AS PARQUET LOCATION '"
                + location.toUri()
                + "' TBLPROPERTIES ('projection.enabled' = 'true',"
                + " 'projection.day.type' = 'date', 'projection.day.format' = 'yyyy-MM-dd',"
                + " 'projection.day.range' = '2015-01-01,2024-12-31')")
        .collectAsList();
    // Data for four weeks around the one queried, in Hive's day=… directories; no partition is
    // added to the catalog.
    spark
        .sql(
            "SELECT CAST(id AS INT) AS id, concat('row ', id) AS note,"
                + " CAST(date_add(DATE '2020-02-17', CAST(id AS INT)) AS STRING) AS day"
                + " FROM range(28)")
        .write()
        .mode("append")
        .partitionBy("day")
        .parquet(location.toString());

    assertThat(spark.sql("SHOW PARTITIONS projected.daily").count()).isEqualTo(3653);

    long filterCalls = server.thriftRequests("get_partitions_by_filter");
    Dataset<Row> week =
        spark.sql(
            "SELECT id, day FROM projected.daily"
                + " WHERE day BETWEEN '2020-02-26' AND '2020-03-03' ORDER BY id");

    assertThat(week.collectAsList().stream().map(Row::toString).toList())
        .containsExactly(
            "[9,2020-02-26]",
            "[10,2020-02-27]",
            "[11,2020-02-28]",
            "[12,2020-02-29]",
            "[13,2020-03-01]",
            "[14,2020-03-02]",
            "[15,2020-03-03]");
    assertThat(server.thriftRequests("get_partitions_by_filter")).isGreaterThan(filterCalls);
    HadoopFsRelation relation = fileRelation(week.queryExecution().optimizedPlan());
    List<String> servedPartitions =
        JavaConverters.seqAsJavaListConverter(relation.location().rootPaths()).asJava().stream()
            .map(path -> path.getName())
            .sorted()
            .toList();
    assertThat(servedPartitions)
        .containsExactly(
            "day=2020-02-26",
            "day=2020-02-27",
            "day=2020-02-28",
            "day=2020-02-29",
            "day=2020-03-01",
            "day=2020-03-02",
            "day=2020-03-03");
    assertThat(relation.location().inputFiles())
        .allSatisfy(file -> assertThat(file).matches(".*/day=2020-0(2-2[6-9]|3-0[1-3])/[^/]+"))
        .hasSize(7);
  }

  @Test
  void rulesThatCannotBeProjectedAreRefusedWhenSparkCreatesTheTable() {
    spark.sql("CREATE DATABASE IF NOT EXISTS refused").collectAsList();
    assertThatThrownBy(
            () ->
                spark
                    .sql(
                        "CREATE TABLE refused.hourly (id INT) PARTITIONED BY (hour STRING)"
                            + " STORED AS PARQUET TBLPROPERTIES ('projection.enabled' = 'true',"
                            + " 'projection.hour.type' = 'date',"
                            + " 'projection.hour.format' = 'yyyy-MM-dd-HH',"
                            + " 'projection.hour.range' = '2020-01-01-00,NOW',"
                            + " 'projection.hour.interval.unit' = 'FORTNIGHTS')")
                    .collectAsList())
        .hasMessageContaining("projection.hour.interval.unit");
    assertThat(spark.sql("SHOW TABLES IN refused").count()).isZero();
  }

  private static HadoopFsRelation fileRelation(LogicalPlan plan) {
    List<HadoopFsRelation> relations = new ArrayList<>();
    for (LogicalPlan leaf : JavaConverters.seqAsJavaListConverter(plan.collectLeaves()).asJava()) {
      if (leaf instanceof LogicalRelation relation
          && relation.relation() instanceof HadoopFsRelation fileRelation) {
        relations.add(fileRelation);
      }
    }
    assertThat(relations).hasSize(1);
    return relations.get(0);
  }
}
