package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * A recipe node: DataBrew's recipe steps, {@code RecipeSteps: [{"Action": {"Operation":
 * "REMOVE_MISSING", "Parameters": {"sourceColumn": "amount"}}}, …]}, applied in order. Every step
 * is checked before any runs. Operations: REMOVE_MISSING, CHANGE_DATA_TYPE (a value that does not
 * convert becomes null), FILL_WITH_LAST_VALID (input order), FILL_WITH_CUSTOM, REMOVE_QUOTES,
 * REMOVE_SPECIAL_CHARACTERS, REPLACE_TEXT (literal), REPLACE_PATTERN (regular expression),
 * UPPER_CASE, LOWER_CASE, TRIM, DELETE (columns), RENAME.
 */
public final class Recipe implements Transform {
  private static final Map<String, List<String>> REQUIRED =
      Map.ofEntries(
          Map.entry("REMOVE_MISSING", List.of("sourceColumn")),
          Map.entry("CHANGE_DATA_TYPE", List.of("sourceColumn", "columnDataType")),
          Map.entry("FILL_WITH_LAST_VALID", List.of("sourceColumn")),
          Map.entry("FILL_WITH_CUSTOM", List.of("sourceColumn", "value")),
          Map.entry("REMOVE_QUOTES", List.of("sourceColumn")),
          Map.entry("REMOVE_SPECIAL_CHARACTERS", List.of("sourceColumn")),
          Map.entry("REPLACE_TEXT", List.of("sourceColumn", "pattern")),
          Map.entry("REPLACE_PATTERN", List.of("sourceColumn", "pattern")),
          Map.entry("UPPER_CASE", List.of("sourceColumn")),
          Map.entry("LOWER_CASE", List.of("sourceColumn")),
          Map.entry("TRIM", List.of("sourceColumn")),
          Map.entry("DELETE", List.of("sourceColumns")),
          Map.entry("RENAME", List.of("sourceColumn", "targetColumn")));

  private static final Map<String, String> DATA_TYPES =
      Map.of(
          "string", "string",
          "integer", "int",
          "long", "bigint",
          "double", "double",
          "float", "float",
          "boolean", "boolean",
          "date", "date",
          "timestamp", "timestamp");

  @Override
  public String type() {
    return "Recipe";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    JsonNode steps = configuration.get("RecipeSteps");
    if (steps == null || !steps.isArray() || steps.isEmpty()) {
      problems.add("RecipeSteps must be a non-empty list of {Action: {Operation, Parameters}}");
      return problems;
    }
    int index = 0;
    for (JsonNode step : steps) {
      String at = "RecipeSteps[" + index++ + "]: ";
      String operation = step.path("Action").path("Operation").asText("");
      JsonNode parameters = step.path("Action").path("Parameters");
      if (!REQUIRED.containsKey(operation)) {
        problems.add(at + "Operation '" + operation + "' is not one of " + REQUIRED.keySet());
        continue;
      }
      for (String name : REQUIRED.get(operation)) {
        if (!parameters.path(name).isTextual()) {
          problems.add(at + operation + " needs the parameter " + name);
        }
      }
      if (operation.equals("CHANGE_DATA_TYPE")
          && parameters.path("columnDataType").isTextual()
          && !DATA_TYPES.containsKey(parameters.get("columnDataType").asText())) {
        problems.add(at + "columnDataType must be one of " + DATA_TYPES.keySet());
      }
      if (operation.equals("REPLACE_PATTERN") && parameters.path("pattern").isTextual()) {
        try {
          Pattern.compile(parameters.get("pattern").asText());
        } catch (PatternSyntaxException e) {
          problems.add(at + "pattern is not a regular expression: " + e.getDescription());
        }
      }
    }
    return problems;
  }

  @Override
  public List<Dataset<Row>> apply(
      TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration) {
    Configurations.requireValid(type(), validate(configuration));
    Configurations.requireInputs(type(), inputs, 1);
    Dataset<Row> result = inputs.get(0);
    for (JsonNode step : configuration.get("RecipeSteps")) {
      result =
          step(
              result,
              step.get("Action").get("Operation").asText(),
              step.get("Action").get("Parameters"));
    }
    return List.of(result);
  }

  private static Dataset<Row> step(Dataset<Row> input, String operation, JsonNode parameters) {
    if (operation.equals("DELETE")) {
      List<String> columns = new ArrayList<>();
      for (JsonNode name : LocalJson.parseList(parameters.get("sourceColumns").asText())) {
        columns.add(name.asText());
      }
      VisualTransform.requireColumns("DELETE", input, columns);
      return input.drop(columns.toArray(String[]::new));
    }
    String source = parameters.get("sourceColumn").asText();
    VisualTransform.requireColumns(operation, input, List.of(source));
    Column column = Configurations.column(List.of(source));
    Column text = column.cast("string");
    return switch (operation) {
      case "REMOVE_MISSING" -> input.filter(column.isNotNull().and(text.notEqual("")));
      case "CHANGE_DATA_TYPE" -> input.withColumn(source, changeType(column, text, parameters));
      case "FILL_WITH_LAST_VALID" -> {
        String order = "__cairn_recipe_order";
        Dataset<Row> ordered = input.withColumn(order, functions.monotonically_increasing_id());
        Column lastValid =
            functions
                .last(column, true)
                .over(
                    Window.orderBy(order)
                        .rowsBetween(Window.unboundedPreceding(), Window.currentRow()));
        yield ordered.withColumn(source, lastValid).drop(order);
      }
      case "FILL_WITH_CUSTOM" ->
          input.withColumn(
              source,
              functions
                  .when(
                      column.isNull().or(text.equalTo("")),
                      functions.lit(parameters.get("value").asText()))
                  .otherwise(column));
      case "REMOVE_QUOTES" -> input.withColumn(source, functions.regexp_replace(text, "[\"']", ""));
      case "REMOVE_SPECIAL_CHARACTERS" ->
          input.withColumn(source, functions.regexp_replace(text, "[^\\p{L}\\p{N}\\s]", ""));
      case "REPLACE_TEXT" ->
          input.withColumn(
              source,
              functions.regexp_replace(
                  text,
                  Pattern.quote(parameters.get("pattern").asText()),
                  replacement(parameters)));
      case "REPLACE_PATTERN" ->
          input.withColumn(
              source,
              functions.regexp_replace(
                  text, parameters.get("pattern").asText(), replacement(parameters)));
      case "UPPER_CASE" -> input.withColumn(source, functions.upper(text));
      case "LOWER_CASE" -> input.withColumn(source, functions.lower(text));
      case "TRIM" -> input.withColumn(source, functions.trim(text));
      case "RENAME" -> input.withColumnRenamed(source, parameters.get("targetColumn").asText());
      default -> throw new IllegalStateException("validated above: " + operation);
    };
  }

  private static Column changeType(Column column, Column text, JsonNode parameters) {
    String target = DATA_TYPES.get(parameters.get("columnDataType").asText());
    if (Set.of("date", "timestamp").contains(target) && parameters.path("dateFormat").isTextual()) {
      String format = parameters.get("dateFormat").asText();
      return target.equals("date")
          ? functions.to_date(text, format)
          : functions.to_timestamp(text, format);
    }
    // Without ANSI mode Spark's cast gives null for a value that does not convert, as DataBrew
    // does.
    return column.cast(target);
  }

  private static String replacement(JsonNode parameters) {
    String value = parameters.path("value").asText("");
    return value.replace("\\", "\\\\").replace("$", "\\$");
  }

  /** Parses DataBrew's JSON-encoded list parameters ("[\"a\",\"b\"]"). */
  private static final class LocalJson {
    static JsonNode parseList(String text) {
      try {
        JsonNode list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        if (!list.isArray()) {
          throw new IllegalArgumentException("not a JSON list of column names: " + text);
        }
        return list;
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("not a JSON list of column names: " + text, e);
      }
    }
  }
}
