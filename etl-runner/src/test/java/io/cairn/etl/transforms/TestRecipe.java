package io.cairn.etl.transforms;

import static io.cairn.etl.transforms.LocalSpark.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.etl.TransformContext;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The medical-claims cleanup of Glue's guide, as recipe steps. */
final class TestRecipe {
  private static SparkSession spark;
  private static TransformContext context;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start();
    context = LocalSpark.context(spark, Instant.parse("2024-05-01T10:00:00Z"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void claimsCleanup() {
    Dataset<Row> claims =
        spark
            .sql(
                "select * from values "
                    + "(1, '2024-01-03', '\"$120.50\"', 'code A1', 'x'),"
                    + "(2, null, '$80', 'code B2', 'x'),"
                    + "(3, 'not a date', null, 'code C3', 'x'),"
                    + "(4, '2024-01-09', '$1,5', 'D4', 'x')"
                    + " as t(id, claim_date, amount, procedure, scratch)")
            .coalesce(1);
    String steps =
        "{'RecipeSteps': ["
            + "{'Action': {'Operation': 'REMOVE_MISSING', 'Parameters': {'sourceColumn': 'amount'}}},"
            + "{'Action': {'Operation': 'CHANGE_DATA_TYPE', 'Parameters': {'sourceColumn': 'claim_date', 'columnDataType': 'date'}}},"
            + "{'Action': {'Operation': 'FILL_WITH_LAST_VALID', 'Parameters': {'sourceColumn': 'claim_date'}}},"
            + "{'Action': {'Operation': 'REMOVE_QUOTES', 'Parameters': {'sourceColumn': 'amount'}}},"
            + "{'Action': {'Operation': 'REPLACE_TEXT', 'Parameters': {'sourceColumn': 'amount', 'pattern': '$', 'value': ''}}},"
            + "{'Action': {'Operation': 'CHANGE_DATA_TYPE', 'Parameters': {'sourceColumn': 'amount', 'columnDataType': 'double'}}},"
            + "{'Action': {'Operation': 'REPLACE_PATTERN', 'Parameters': {'sourceColumn': 'procedure', 'pattern': '^code ', 'value': ''}}},"
            + "{'Action': {'Operation': 'LOWER_CASE', 'Parameters': {'sourceColumn': 'procedure'}}},"
            + "{'Action': {'Operation': 'DELETE', 'Parameters': {'sourceColumns': '[\\u0022scratch\\u0022]'}}}]}";
    Dataset<Row> cleaned = new Recipe().apply(context, List.of(claims), json(steps)).get(0);
    assertThat(cleaned.columns()).containsExactly("id", "claim_date", "amount", "procedure");
    List<String> rows =
        cleaned.orderBy("id").collectAsList().stream()
            .map(Row::toString)
            .collect(Collectors.toList());
    assertThat(rows)
        .containsExactly(
            "[1,2024-01-03,120.5,a1]", "[2,2024-01-03,80.0,b2]", "[4,2024-01-09,null,d4]");
  }

  @Test
  void specialCharactersTrimUpperAndCustomFill() {
    Dataset<Row> input = spark.sql("select * from values (' a#b! '), (null) as t(v)").coalesce(1);
    String steps =
        "{'RecipeSteps': ["
            + "{'Action': {'Operation': 'FILL_WITH_CUSTOM', 'Parameters': {'sourceColumn': 'v', 'value': 'none'}}},"
            + "{'Action': {'Operation': 'REMOVE_SPECIAL_CHARACTERS', 'Parameters': {'sourceColumn': 'v'}}},"
            + "{'Action': {'Operation': 'TRIM', 'Parameters': {'sourceColumn': 'v'}}},"
            + "{'Action': {'Operation': 'UPPER_CASE', 'Parameters': {'sourceColumn': 'v'}}},"
            + "{'Action': {'Operation': 'RENAME', 'Parameters': {'sourceColumn': 'v', 'targetColumn': 'w'}}}]}";
    Dataset<Row> result = new Recipe().apply(context, List.of(input), json(steps)).get(0);
    assertThat(result.collectAsList().stream().map(Row::toString).collect(Collectors.toList()))
        .containsExactly("[AB]", "[NONE]");
    assertThat(result.columns()).containsExactly("w");
  }

  @Test
  void everyBadStepIsReportedBeforeAnyRuns() {
    assertThat(
            new Recipe()
                .validate(
                    json(
                        "{'RecipeSteps': ["
                            + "{'Action': {'Operation': 'MAGIC', 'Parameters': {}}},"
                            + "{'Action': {'Operation': 'CHANGE_DATA_TYPE', 'Parameters': {'sourceColumn': 'a', 'columnDataType': 'money'}}},"
                            + "{'Action': {'Operation': 'REPLACE_PATTERN', 'Parameters': {'sourceColumn': 'a', 'pattern': '('}}},"
                            + "{'Action': {'Operation': 'REMOVE_MISSING', 'Parameters': {}}}]}")))
        .hasSize(4)
        .anyMatch(problem -> problem.startsWith("RecipeSteps[0]: Operation 'MAGIC' is not one of"))
        .anyMatch(problem -> problem.startsWith("RecipeSteps[1]: columnDataType must be one of"))
        .anyMatch(
            problem -> problem.startsWith("RecipeSteps[2]: pattern is not a regular expression"))
        .contains("RecipeSteps[3]: REMOVE_MISSING needs the parameter sourceColumn");
  }
}
