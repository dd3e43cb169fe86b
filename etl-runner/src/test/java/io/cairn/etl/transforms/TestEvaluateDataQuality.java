package io.cairn.etl.transforms;

import static io.cairn.etl.transforms.LocalSpark.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.etl.TransformContext;
import io.cairn.etl.job.JobExecutor;
import io.cairn.etl.job.JobFailedException;
import io.cairn.etl.job.JobGraph;
import io.cairn.etl.job.NodeTypes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestEvaluateDataQuality {
  private static SparkSession spark;
  private static TransformContext context;
  private static Dataset<Row> orders;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start();
    context = LocalSpark.context(spark, Instant.parse("2024-05-01T10:00:00Z"));
    orders =
        spark
            .read()
            .schema("id INT, status STRING, price DOUBLE, code STRING")
            .json(
                spark.createDataset(
                    List.of(
                            "{'id': 1, 'status': 'new', 'price': 10.0, 'code': 'AB1'}",
                            "{'id': 2, 'status': 'shipped', 'price': 20.0, 'code': 'AB22'}",
                            "{'id': 3, 'status': 'lost', 'price': 30.0, 'code': 'x'}",
                            "{'id': 3, 'status': null, 'price': 40.0, 'code': 'CD333'}")
                        .stream()
                        .map(record -> record.replace('\'', '"'))
                        .toList(),
                    Encoders.STRING()));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static ObjectNode node(String ruleset) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("Name", "gate");
    node.put("Ruleset", ruleset);
    return node;
  }

  private static List<Dataset<Row>> apply(ObjectNode configuration) {
    return new EvaluateDataQuality().apply(context, List.of(orders), configuration);
  }

  /** Rule text → [Outcome, FailureReason, EvaluatedMetrics]. */
  private static Map<String, Row> outcomes(Dataset<Row> results) {
    return results.collectAsList().stream()
        .collect(Collectors.toMap(row -> row.getString(0), row -> row));
  }

  @Test
  void datasetRulesPassOrFailWithTheirMetrics() {
    ObjectNode configuration =
        node(
            """
            Rules = [
              RowCount between 3 and 5,
              RowCount > 4,
              IsComplete "id",
              Completeness "status" >= 0.75,
              Completeness "status" > 0.8,
              IsUnique "id",
              Uniqueness "id" = 0.5,
              IsPrimaryKey "id" "status",
              Mean "price" between 20 and 30,
              Sum "price" = 100,
              DistinctValuesCount "status" = 3,
              ColumnExists "code",
              ColumnExists "missing",
              ColumnValues "price" <= 30,
              ColumnValues "price" <= 30 with threshold >= 0.75,
              ColumnValues "status" in ["new", "shipped", "lost"] with threshold > 0.7,
              ColumnLength "code" between 0 and 6,
              ColumnValues "code" matches "[A-Z]+[0-9]+",
              Mean "status" > 1,
              IsComplete "missing",
              (RowCount > 4) or (IsComplete "id"),
              (RowCount > 4) and (IsComplete "id")
            ]
            """);
    configuration.put("Output", "EvaluationResults");

    List<Dataset<Row>> outputs = apply(configuration);

    assertThat(outputs).hasSize(1);
    assertThat(outputs.get(0).schema().simpleString())
        .isEqualTo(
            "struct<Rule:string,Outcome:string,FailureReason:string,"
                + "EvaluatedMetrics:map<string,double>>");
    Map<String, Row> outcomes = outcomes(outputs.get(0));
    assertThat(outcomes).hasSize(22);
    Map<String, String> verdicts =
        outcomes.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().getString(1)));
    assertThat(verdicts)
        .containsEntry("RowCount between 3 and 5", "Passed")
        .containsEntry("RowCount > 4", "Failed")
        .containsEntry("IsComplete \"id\"", "Passed")
        .containsEntry("Completeness \"status\" >= 0.75", "Passed")
        .containsEntry("Completeness \"status\" > 0.8", "Failed")
        .containsEntry("IsUnique \"id\"", "Failed")
        .containsEntry("Uniqueness \"id\" = 0.5", "Passed")
        .containsEntry("IsPrimaryKey \"id\" \"status\"", "Failed")
        .containsEntry("Mean \"price\" between 20 and 30", "Passed")
        .containsEntry("Sum \"price\" = 100", "Passed")
        .containsEntry("DistinctValuesCount \"status\" = 3", "Passed")
        .containsEntry("ColumnExists \"code\"", "Passed")
        .containsEntry("ColumnExists \"missing\"", "Failed")
        .containsEntry("ColumnValues \"price\" <= 30", "Failed")
        .containsEntry("ColumnValues \"price\" <= 30 with threshold >= 0.75", "Passed")
        .containsEntry(
            "ColumnValues \"status\" in [\"new\", \"shipped\", \"lost\"] with threshold > 0.7",
            "Passed")
        .containsEntry("ColumnLength \"code\" between 0 and 6", "Passed")
        .containsEntry("ColumnValues \"code\" matches \"[A-Z]+[0-9]+\"", "Failed")
        .containsEntry("Mean \"status\" > 1", "Failed")
        .containsEntry("IsComplete \"missing\"", "Failed")
        .containsEntry("(RowCount > 4) or (IsComplete \"id\")", "Passed")
        .containsEntry("(RowCount > 4) and (IsComplete \"id\")", "Failed");

    Row completeness = outcomes.get("Completeness \"status\" > 0.8");
    assertThat(completeness.getString(2))
        .contains("Value: 0.75 does not meet the constraint requirement")
        .contains("Column.status.Completeness > 0.8");
    assertThat(completeness.<String, Double>getJavaMap(3))
        .containsExactly(Map.entry("Column.status.Completeness", 0.75));
    assertThat(outcomes.get("Uniqueness \"id\" = 0.5").<String, Double>getJavaMap(3))
        .containsEntry("Column.id.Uniqueness", 0.5);
    assertThat(outcomes.get("Sum \"price\" = 100").<String, Double>getJavaMap(3))
        .containsEntry("Column.price.Sum", 100.0);
    assertThat(outcomes.get("ColumnValues \"price\" <= 30").<String, Double>getJavaMap(3))
        .containsEntry("Column.price.ColumnValues.Compliance", 0.75);
    assertThat(outcomes.get("ColumnLength \"code\" between 0 and 6").<String, Double>getJavaMap(3))
        .containsEntry("Column.code.MaximumLength", 5.0)
        .containsEntry("Column.code.MinimumLength", 1.0);
    assertThat(outcomes.get("ColumnExists \"missing\"").getString(2))
        .isEqualTo("column missing does not exist");
    assertThat(outcomes.get("Mean \"status\" > 1").getString(2))
        .isEqualTo("column status is string, not numeric");
    assertThat(outcomes.get("RowCount between 3 and 5").isNullAt(2)).isTrue();
  }

  @Test
  void withoutOutputTheRowsCarryWhichRowLevelRulesTheyPassedAndFailed() {
    List<Dataset<Row>> outputs =
        apply(
            node(
                "Rules = [ IsUnique \"id\", ColumnValues \"status\" in [\"new\", \"shipped\"],"
                    + " ColumnLength \"code\" <= 4, RowCount > 10 ]"));

    assertThat(outputs).hasSize(2);
    assertThat(outputs.get(0).count()).isEqualTo(4);
    Dataset<Row> rows = outputs.get(1);
    assertThat(rows.columns())
        .containsExactly(
            "id",
            "status",
            "price",
            "code",
            "DataQualityRulesPass",
            "DataQualityRulesFail",
            "DataQualityRulesSkip",
            "DataQualityEvaluationResult");
    Map<Double, Row> byPrice =
        rows.collectAsList().stream()
            .collect(Collectors.toMap(row -> row.getDouble(2), row -> row));
    Row first = byPrice.get(10.0);
    assertThat(first.getList(4))
        .containsExactly(
            "IsUnique \"id\"",
            "ColumnValues \"status\" in [\"new\", \"shipped\"]",
            "ColumnLength \"code\" <= 4");
    assertThat(first.getList(5)).isEmpty();
    assertThat(first.getList(6)).containsExactly("RowCount > 10");
    assertThat(first.getString(7)).isEqualTo("Passed");
    Row lost = byPrice.get(30.0);
    assertThat(lost.getList(5))
        .containsExactly("IsUnique \"id\"", "ColumnValues \"status\" in [\"new\", \"shipped\"]");
    assertThat(lost.getString(7)).isEqualTo("Failed");
    Row nullStatus = byPrice.get(40.0);
    assertThat(nullStatus.getList(5))
        .containsExactly(
            "IsUnique \"id\"",
            "ColumnValues \"status\" in [\"new\", \"shipped\"]",
            "ColumnLength \"code\" <= 4");
    assertThat(rows.filter("DataQualityEvaluationResult = 'Passed'").count()).isEqualTo(2);
  }

  @Test
  void stopJobOnFailureFailsWithTheFailedRulesAndPassesWhenAllPass() {
    ObjectNode failing = node("Rules = [ IsComplete \"id\", IsComplete \"status\", RowCount > 9 ]");
    failing.putObject("StopJobOnFailureOptions").put("StopJobOnFailureTiming", "Immediate");
    failing.put("Output", "PrimaryInput");

    assertThatThrownBy(() -> apply(failing))
        .isInstanceOfSatisfying(
            DataQualityFailedException.class,
            e ->
                assertThat(e.failedRules())
                    .containsExactly("IsComplete \"status\"", "RowCount > 9"))
        .hasMessageContaining("gate: 2 data quality rule(s) failed")
        .hasMessageContaining("Column.status.Completeness = 1.0");

    ObjectNode passing = node("Rules = [ IsComplete \"id\", RowCount = 4 ]");
    passing.putObject("StopJobOnFailureOptions").put("StopJobOnFailureTiming", "Immediate");
    passing.put("Output", "PrimaryInput");
    List<Dataset<Row>> outputs = apply(passing);
    assertThat(outputs).hasSize(1);
    assertThat(outputs.get(0).collectAsList()).isEqualTo(orders.collectAsList());
  }

  @Test
  void afterDataLoadWritesEveryTargetThenFailsTheRun(@TempDir Path directory) throws IOException {
    Path input = directory.resolve("orders");
    orders.write().json(input.toString());
    Path output = directory.resolve("loaded");
    NodeTypes types = NodeTypes.load(getClass().getClassLoader());
    JobGraph graph =
        JobGraph.parse(
            """
            {"in": {"S3JsonSource": {"Name": "orders", "Paths": ["%s"]}},
             "gate": {"EvaluateDataQuality": {"Name": "gate", "Inputs": ["in"],
               "Ruleset": "Rules = [ IsComplete \\"status\\", IsUnique \\"id\\" ]",
               "Output": "PrimaryInput",
               "StopJobOnFailureOptions": {"StopJobOnFailureTiming": "AfterDataLoad"}}},
             "out": {"S3DirectTarget": {"Name": "loaded", "Inputs": ["gate"], "Path": "%s",
               "Format": "json"}}}
            """
                .formatted(input.toUri(), output.toUri()),
            types);

    assertThatThrownBy(() -> new JobExecutor(types, line -> {}).run(graph, context))
        .isInstanceOf(JobFailedException.class)
        .hasMessageStartingWith("failed after the data load: gate: 2 data quality rule(s) failed")
        .hasRootCauseInstanceOf(DataQualityFailedException.class);
    assertThat(spark.read().json(output.toString()).count())
        .as("the target wrote every row before the run failed")
        .isEqualTo(4);
  }

  @Test
  void invalidConfigurationsAreListedBeforeARun() {
    EvaluateDataQuality transform = new EvaluateDataQuality();
    assertThat(transform.validate(json("{}"))).containsExactly("Ruleset is required");
    assertThat(
            transform.validate(
                json(
                    "{'Ruleset': 'Rules = [ Completeness \\'a\\' ]', 'Output': 'Rows',"
                        + " 'StopJobOnFailureOptions': {'StopJobOnFailureTiming': 'Later'}}")))
        .hasSize(3)
        .anySatisfy(problem -> assertThat(problem).startsWith("Ruleset: "))
        .anySatisfy(problem -> assertThat(problem).contains("PrimaryInput or EvaluationResults"))
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .isEqualTo(
                        "StopJobOnFailureTiming must be Immediate or AfterDataLoad, not Later"));
    assertThatThrownBy(() -> apply(node("Rules = [ IsUnique ]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IsUnique needs a column name");
  }
}
