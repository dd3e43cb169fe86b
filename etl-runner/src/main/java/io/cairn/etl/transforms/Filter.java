package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Glue's Filter: keeps the rows that match. Either Glue's shape, {@code LogicalOperator} (AND, OR)
 * over {@code Filters} of {@code {Operation: EQ|LT|GT|LTE|GTE|REGEX|ISNULL, Negated, Values}} where
 * each value is {@code {Type: COLUMNEXTRACTED|CONSTANT, Value: [...]}}, or (Cairn's addition, what
 * a Glue script's lambda does) {@code Expression}, a Spark SQL condition. A row whose condition is
 * null is dropped.
 */
public final class Filter implements Transform {
  private static final Set<String> OPERATIONS =
      Set.of("EQ", "LT", "GT", "LTE", "GTE", "REGEX", "ISNULL");

  @Override
  public String type() {
    return "Filter";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    boolean hasExpression = configuration.hasNonNull("Expression");
    boolean hasFilters = configuration.hasNonNull("Filters");
    if (hasExpression == hasFilters) {
      problems.add("give either Filters (with LogicalOperator) or Expression, not both or neither");
      return problems;
    }
    if (hasExpression) {
      String expression = Configurations.requiredText(configuration, "Expression", problems);
      if (expression != null) {
        try {
          functions.expr(expression);
        } catch (Exception e) { // Spark's ParseException is checked in Java's eyes, but undeclared
          problems.add("Expression does not parse: " + firstLine(e.getMessage()));
        }
      }
      return problems;
    }
    String operator = Configurations.optionalText(configuration, "LogicalOperator", problems);
    if (operator != null && !operator.equals("AND") && !operator.equals("OR")) {
      problems.add("LogicalOperator must be AND or OR, not " + operator);
    }
    JsonNode filters = configuration.get("Filters");
    if (!filters.isArray() || filters.isEmpty()) {
      problems.add("Filters must be a non-empty list");
      return problems;
    }
    int index = 0;
    for (JsonNode filter : filters) {
      String at = "Filters[" + index++ + "]: ";
      String operation = filter.path("Operation").asText("");
      if (!OPERATIONS.contains(operation)) {
        problems.add(at + "Operation must be one of " + OPERATIONS + ", not '" + operation + "'");
        continue;
      }
      JsonNode values = filter.path("Values");
      int expected = operation.equals("ISNULL") ? 1 : 2;
      if (!values.isArray() || values.size() != expected) {
        problems.add(at + operation + " takes " + expected + " value(s)");
        continue;
      }
      for (JsonNode value : values) {
        String valueType = value.path("Type").asText("");
        JsonNode list = value.path("Value");
        if (!valueType.equals("COLUMNEXTRACTED") && !valueType.equals("CONSTANT")) {
          problems.add(at + "a value's Type must be COLUMNEXTRACTED or CONSTANT");
        } else if (!list.isArray() || list.isEmpty()) {
          problems.add(at + "a value's Value must be a non-empty list");
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
    Dataset<Row> input = inputs.get(0);
    if (configuration.hasNonNull("Expression")) {
      return List.of(input.filter(functions.expr(configuration.get("Expression").asText())));
    }
    boolean or = configuration.path("LogicalOperator").asText("AND").equals("OR");
    Column condition = null;
    for (JsonNode filter : configuration.get("Filters")) {
      Column one = condition(filter);
      condition = condition == null ? one : or ? condition.or(one) : condition.and(one);
    }
    return List.of(input.filter(functions.coalesce(condition, functions.lit(false))));
  }

  private static Column condition(JsonNode filter) {
    JsonNode values = filter.get("Values");
    Column left = value(values.get(0));
    Column result =
        switch (filter.get("Operation").asText()) {
          case "ISNULL" -> left.isNull();
          case "EQ" -> left.equalTo(value(values.get(1)));
          case "LT" -> left.lt(value(values.get(1)));
          case "GT" -> left.gt(value(values.get(1)));
          case "LTE" -> left.leq(value(values.get(1)));
          case "GTE" -> left.geq(value(values.get(1)));
          case "REGEX" -> left.rlike(values.get(1).get("Value").get(0).asText());
          default -> throw new IllegalStateException("validated above");
        };
    return filter.path("Negated").asBoolean(false) ? functions.not(result) : result;
  }

  private static Column value(JsonNode value) {
    if (value.get("Type").asText().equals("CONSTANT")) {
      return functions.lit(value.get("Value").get(0).asText());
    }
    List<String> path = new ArrayList<>();
    for (JsonNode name : value.get("Value")) {
      path.addAll(List.of(name.asText().split("\\.")));
    }
    return Configurations.column(path);
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
