package io.cairn.etl.transforms;

import static java.util.Objects.requireNonNull;

import io.cairn.etl.transforms.Dqdl.CompositeRule;
import io.cairn.etl.transforms.Dqdl.Expression;
import io.cairn.etl.transforms.Dqdl.Rule;
import io.cairn.etl.transforms.Dqdl.SimpleRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Evaluates DQDL rules over a frame with plain Spark aggregations: one aggregation for every metric
 * of the ruleset, plus one grouping per column set whose uniqueness a rule asks for.
 */
final class DataQualityEvaluation {
  /** Rule types judged row by row as well as over the whole frame. */
  private static final Set<String> ROW_LEVEL_TYPES =
      Set.of(
          "Completeness",
          "IsComplete",
          "IsUnique",
          "Uniqueness",
          "ColumnValues",
          "ColumnLength",
          "IsPrimaryKey");

  /** A rule's outcome; {@code failureReason} is null when it passed. */
  record RuleOutcome(
      String rule, boolean passed, String failureReason, Map<String, Double> metrics) {
    RuleOutcome {
      requireNonNull(rule, "rule is null");
      metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
  }

  private final Dataset<Row> input;
  private final Set<String> columns;
  private final Map<String, Column> aggregates = new LinkedHashMap<>();
  private final Map<List<String>, String> uniquenessKeys = new LinkedHashMap<>();
  private Map<String, Double> values = Map.of();

  private DataQualityEvaluation(Dataset<Row> input) {
    this.input = input;
    this.columns = Set.copyOf(Arrays.asList(input.columns()));
  }

  /** Every rule's outcome, in the ruleset's order; runs Spark jobs over {@code input}. */
  static List<RuleOutcome> evaluate(Dataset<Row> input, List<Rule> rules) {
    DataQualityEvaluation evaluation = new DataQualityEvaluation(input);
    rules.forEach(evaluation::plan);
    evaluation.measure();
    return rules.stream().map(evaluation::outcome).toList();
  }

  /**
   * The input with Glue's row-level columns: DataQualityRulesPass, DataQualityRulesFail and
   * DataQualityRulesSkip (the texts of the rules the row passed, failed, or that cannot be judged
   * per row, such as RowCount or Mean) and DataQualityEvaluationResult ("Passed" when no rule
   * failed for the row, else "Failed"). A null value fails a row-level rule.
   */
  static Dataset<Row> rowLevel(Dataset<Row> input, List<Rule> rules) {
    DataQualityEvaluation evaluation = new DataQualityEvaluation(input);
    List<Column> passed = new ArrayList<>();
    List<Column> failed = new ArrayList<>();
    List<Column> skipped = new ArrayList<>();
    List<String> rowPasses = new ArrayList<>();
    Dataset<Row> result = input;
    int index = 0;
    for (Rule rule : rules) {
      Column passes = evaluation.rowCondition(rule);
      Column text = functions.lit(rule.text());
      if (passes == null) {
        skipped.add(text);
        continue;
      }
      // Windowed conditions (uniqueness) are materialized first; when/filter cannot hold windows.
      String name = "__dq_rule_" + index++;
      result = result.withColumn(name, functions.coalesce(passes, functions.lit(false)));
      rowPasses.add(name);
      passed.add(functions.when(functions.col(name), text));
      failed.add(functions.when(functions.not(functions.col(name)), text));
    }
    Column failedRules = presentOnly(failed);
    result =
        result
            .withColumn("DataQualityRulesPass", presentOnly(passed))
            .withColumn("DataQualityRulesFail", failedRules)
            .withColumn("DataQualityRulesSkip", presentOnly(skipped))
            .withColumn(
                "DataQualityEvaluationResult",
                functions
                    .when(functions.size(functions.col("DataQualityRulesFail")).gt(0), "Failed")
                    .otherwise("Passed"));
    return result.drop(rowPasses.toArray(String[]::new));
  }

  /** An array of the non-null texts among {@code texts}; empty for no texts. */
  private static Column presentOnly(List<Column> texts) {
    if (texts.isEmpty()) {
      return functions.array().cast("array<string>");
    }
    return functions.filter(functions.array(texts.toArray(Column[]::new)), Column::isNotNull);
  }

  private Column rowCondition(Rule rule) {
    if (rule instanceof CompositeRule composite) {
      Column combined = null;
      for (Rule part : composite.rules()) {
        Column one = rowCondition(part);
        if (one == null) {
          return null;
        }
        one = functions.coalesce(one, functions.lit(false));
        combined = combined == null ? one : composite.and() ? combined.and(one) : combined.or(one);
      }
      return combined;
    }
    SimpleRule simple = (SimpleRule) rule;
    if (!ROW_LEVEL_TYPES.contains(simple.type())) {
      return null;
    }
    if (!missingColumns(simple).isEmpty()) {
      return functions.lit(false);
    }
    Column column = column(simple.columns().get(0));
    return switch (simple.type()) {
      case "Completeness", "IsComplete" -> column.isNotNull();
      case "ColumnValues" -> test(simple.expression(), column);
      case "ColumnLength" -> test(simple.expression(), functions.length(column));
      case "IsUnique", "Uniqueness" -> occurrences(simple.columns()).equalTo(1);
      case "IsPrimaryKey" -> {
        Column complete = functions.lit(true);
        for (String name : simple.columns()) {
          complete = complete.and(column(name).isNotNull());
        }
        yield complete.and(occurrences(simple.columns()).equalTo(1));
      }
      default -> throw new IllegalStateException("not a row-level type: " + simple.type());
    };
  }

  private static Column occurrences(List<String> names) {
    Column[] keys = names.stream().map(DataQualityEvaluation::column).toArray(Column[]::new);
    return functions.count(functions.lit(1)).over(Window.partitionBy(keys));
  }

  /** Whether a value passes an expression; null when the value is null. */
  static Column test(Expression expression, Column value) {
    List<Object> values = expression.values();
    Column positive =
        switch (expression.operator()) {
          case EQUAL -> value.equalTo(functions.lit(values.get(0)));
          case NOT_EQUAL -> value.notEqual(functions.lit(values.get(0)));
          case GREATER -> value.gt(functions.lit(values.get(0)));
          case GREATER_OR_EQUAL -> value.geq(functions.lit(values.get(0)));
          case LESS -> value.lt(functions.lit(values.get(0)));
          case LESS_OR_EQUAL -> value.leq(functions.lit(values.get(0)));
          case BETWEEN ->
              value.gt(functions.lit(values.get(0))).and(value.lt(functions.lit(values.get(1))));
          case IN -> value.isin(values.toArray());
            // DQDL's matches is against the whole value.
          case MATCHES -> value.cast("string").rlike("^(?:" + values.get(0) + ")$");
        };
    return expression.negated() ? functions.not(positive) : positive;
  }

  private void plan(Rule rule) {
    if (rule instanceof CompositeRule composite) {
      composite.rules().forEach(this::plan);
      return;
    }
    SimpleRule simple = (SimpleRule) rule;
    if (!missingColumns(simple).isEmpty()) {
      return;
    }
    aggregate("Dataset.*.RowCount", functions.count(functions.lit(1)));
    switch (simple.type()) {
      case "Completeness", "IsComplete" -> completeness(simple.columns().get(0));
      case "Uniqueness", "IsUnique" ->
          uniquenessKeys.putIfAbsent(simple.columns(), uniqueness(simple.columns()));
      case "IsPrimaryKey" -> {
        simple.columns().forEach(this::completeness);
        uniquenessKeys.putIfAbsent(simple.columns(), uniqueness(simple.columns()));
      }
      case "Mean" ->
          aggregate(
              metricName(simple), functions.avg(column(simple.columns().get(0))).cast("double"));
      case "Sum" ->
          aggregate(
              metricName(simple), functions.sum(column(simple.columns().get(0))).cast("double"));
      case "DistinctValuesCount" ->
          aggregate(metricName(simple), functions.countDistinct(column(simple.columns().get(0))));
      case "ColumnValues" ->
          compliance(simple, test(simple.expression(), column(simple.columns().get(0))));
      case "ColumnLength" -> {
        Column length = functions.length(column(simple.columns().get(0)));
        aggregate("Column." + simple.columns().get(0) + ".MaximumLength", functions.max(length));
        aggregate("Column." + simple.columns().get(0) + ".MinimumLength", functions.min(length));
        compliance(simple, test(simple.expression(), length));
      }
      default -> {} // RowCount and ColumnExists need nothing more.
    }
  }

  private void completeness(String name) {
    aggregate(
        "Column." + name + ".Completeness",
        functions.count(column(name)).divide(functions.count(functions.lit(1))));
  }

  /** The key of a rule's compliance: the fraction of rows that pass it (null values fail). */
  private void compliance(SimpleRule rule, Column passes) {
    aggregate(
        complianceKey(rule),
        functions
            .sum(functions.when(functions.coalesce(passes, functions.lit(false)), 1).otherwise(0))
            .divide(functions.count(functions.lit(1))));
  }

  private static String complianceKey(SimpleRule rule) {
    return "compliance of " + rule.text();
  }

  private static String uniqueness(List<String> names) {
    return "Column." + String.join(",", names) + ".Uniqueness";
  }

  private void aggregate(String key, Column aggregate) {
    aggregates.putIfAbsent(key, aggregate);
  }

  private void measure() {
    Map<String, Double> measured = new LinkedHashMap<>();
    if (!aggregates.isEmpty()) {
      List<String> keys = List.copyOf(aggregates.keySet());
      Column[] named = new Column[keys.size()];
      for (int i = 0; i < keys.size(); i++) {
        named[i] = aggregates.get(keys.get(i)).cast("double").as("m" + i);
      }
      Row row = input.agg(named[0], Arrays.copyOfRange(named, 1, named.length)).first();
      for (int i = 0; i < keys.size(); i++) {
        measured.put(keys.get(i), row.isNullAt(i) ? null : row.getDouble(i));
      }
    }
    for (Map.Entry<List<String>, String> entry : uniquenessKeys.entrySet()) {
      Column[] keys =
          entry.getKey().stream().map(DataQualityEvaluation::column).toArray(Column[]::new);
      Row row =
          input
              .groupBy(keys)
              .count()
              .agg(
                  functions.sum(functions.when(functions.col("count").equalTo(1), 1).otherwise(0)),
                  functions.sum("count"))
              .first();
      double total = row.isNullAt(1) ? 0 : row.getLong(1);
      measured.put(entry.getValue(), total == 0 ? null : row.getLong(0) / total);
    }
    values = measured;
  }

  private RuleOutcome outcome(Rule rule) {
    if (rule instanceof CompositeRule composite) {
      List<RuleOutcome> parts = composite.rules().stream().map(this::outcome).toList();
      Map<String, Double> metrics = new LinkedHashMap<>();
      parts.forEach(part -> metrics.putAll(part.metrics()));
      boolean passed =
          composite.and()
              ? parts.stream().allMatch(RuleOutcome::passed)
              : parts.stream().anyMatch(RuleOutcome::passed);
      String reason =
          passed
              ? null
              : parts.stream()
                  .filter(part -> !part.passed())
                  .map(part -> part.rule() + ": " + part.failureReason())
                  .collect(Collectors.joining(composite.and() ? "; " : " and "));
      return new RuleOutcome(composite.text(), passed, reason, metrics);
    }
    SimpleRule simple = (SimpleRule) rule;
    List<String> missing = missingColumns(simple);
    if (simple.type().equals("ColumnExists")) {
      return missing.isEmpty()
          ? passed(simple, new LinkedHashMap<>())
          : failed(simple, "column " + missing.get(0) + " does not exist", new LinkedHashMap<>());
    }
    if (!missing.isEmpty()) {
      return failed(
          simple,
          "column " + String.join(", ", missing) + " does not exist",
          new LinkedHashMap<>());
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    String column = simple.columns().isEmpty() ? null : simple.columns().get(0);
    return switch (simple.type()) {
      case "RowCount" -> judge(simple, "Dataset.*.RowCount", simple.expression(), metrics);
      case "Completeness" ->
          judge(simple, "Column." + column + ".Completeness", simple.expression(), metrics);
      case "IsComplete" -> judgeEqualsOne(simple, "Column." + column + ".Completeness", metrics);
      case "Uniqueness" ->
          judge(simple, uniqueness(simple.columns()), simple.expression(), metrics);
      case "IsUnique" -> judgeEqualsOne(simple, uniqueness(simple.columns()), metrics);
      case "IsPrimaryKey" -> {
        for (String name : simple.columns()) {
          RuleOutcome complete =
              judgeEqualsOne(simple, "Column." + name + ".Completeness", metrics);
          if (!complete.passed()) {
            yield complete;
          }
        }
        yield judgeEqualsOne(simple, uniqueness(simple.columns()), metrics);
      }
      case "Mean", "Sum" -> {
        String type =
            field(column).dataType() instanceof NumericType
                ? null
                : field(column).dataType().simpleString();
        yield type != null
            ? failed(simple, "column " + column + " is " + type + ", not numeric", metrics)
            : judge(simple, metricName(simple), simple.expression(), metrics);
      }
      case "DistinctValuesCount" -> judge(simple, metricName(simple), simple.expression(), metrics);
      case "ColumnValues" ->
          compliant(simple, "Column." + column + ".ColumnValues.Compliance", metrics);
      case "ColumnLength" -> {
        record(metrics, "Column." + column + ".MaximumLength");
        record(metrics, "Column." + column + ".MinimumLength");
        yield compliant(simple, "Column." + column + ".ColumnLength.Compliance", metrics);
      }
      default -> throw new IllegalStateException("unknown rule type " + simple.type());
    };
  }

  /** ColumnValues and ColumnLength: every row passes, or the {@code with threshold} fraction. */
  private RuleOutcome compliant(SimpleRule rule, String metric, Map<String, Double> metrics) {
    Double compliance = values.get(complianceKey(rule));
    metrics.put(metric, compliance);
    if (rule.threshold() == null) {
      return compliance != null && compliance == 1.0
          ? passed(rule, metrics)
          : failed(rule, failureText(metric, compliance, "= 1.0"), metrics);
    }
    return rule.threshold().test(compliance)
        ? passed(rule, metrics)
        : failed(rule, failureText(metric, compliance, describe(rule.threshold())), metrics);
  }

  private RuleOutcome judgeEqualsOne(SimpleRule rule, String metric, Map<String, Double> metrics) {
    Double value = record(metrics, metric);
    return value != null && value == 1.0
        ? passed(rule, metrics)
        : failed(rule, failureText(metric, value, "= 1.0"), metrics);
  }

  private RuleOutcome judge(
      SimpleRule rule, String metric, Expression expression, Map<String, Double> metrics) {
    Double value = record(metrics, metric);
    return expression.test(value)
        ? passed(rule, metrics)
        : failed(rule, failureText(metric, value, describe(expression)), metrics);
  }

  private Double record(Map<String, Double> metrics, String metric) {
    Double value = values.get(metric);
    metrics.put(metric, value);
    return value;
  }

  private static String failureText(String metric, Double value, String expected) {
    if (value == null) {
      return metric + " has no value (no rows, or only nulls), expected " + expected;
    }
    return "Value: "
        + value
        + " does not meet the constraint requirement: "
        + metric
        + " "
        + expected;
  }

  private static String describe(Expression expression) {
    String values =
        switch (expression.operator()) {
          case BETWEEN -> expression.values().get(0) + " and " + expression.values().get(1);
          case IN -> expression.values().toString();
          default -> String.valueOf(expression.values().get(0));
        };
    return (expression.negated() ? "not " : "") + expression.operator().symbol() + " " + values;
  }

  private static RuleOutcome passed(SimpleRule rule, Map<String, Double> metrics) {
    metrics.values().removeIf(java.util.Objects::isNull);
    return new RuleOutcome(rule.text(), true, null, metrics);
  }

  private static RuleOutcome failed(SimpleRule rule, String reason, Map<String, Double> metrics) {
    metrics.values().removeIf(java.util.Objects::isNull);
    return new RuleOutcome(rule.text(), false, reason, metrics);
  }

  private static String metricName(SimpleRule rule) {
    return "Column." + rule.columns().get(0) + "." + rule.type();
  }

  private List<String> missingColumns(SimpleRule rule) {
    return rule.columns().stream().filter(name -> !columns.contains(name)).toList();
  }

  private StructField field(String name) {
    return input.schema().apply(name);
  }

  private static Column column(String name) {
    return Configurations.column(List.of(name));
  }
}
