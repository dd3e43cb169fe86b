package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import io.cairn.etl.transforms.DataQualityEvaluation.RuleOutcome;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Glue's EvaluateDataQuality node: a DQDL {@code Ruleset} evaluated over its input. {@code Output}
 * picks the one output: {@code PrimaryInput} (the input, unchanged) or {@code EvaluationResults}
 * (one row per rule: Rule, Outcome, FailureReason, EvaluatedMetrics). Without {@code Output} the
 * node has two outputs, as Glue's {@code process_rows} does: the rule outcomes (index 0) and the
 * input with the row-level columns (index 1), picked with SelectFromCollection. {@code
 * StopJobOnFailureOptions} evaluates the rules when the node is planned and, if a rule failed,
 * fails the run: with {@code StopJobOnFailureTiming: Immediate} (the default) at once, before any
 * target writes; with {@code AfterDataLoad} once every target has written.
 */
public final class EvaluateDataQuality implements Transform {
  static final StructType OUTCOME_SCHEMA =
      new StructType()
          .add("Rule", DataTypes.StringType, false)
          .add("Outcome", DataTypes.StringType, false)
          .add("FailureReason", DataTypes.StringType, true)
          .add(
              "EvaluatedMetrics",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false),
              false);

  @Override
  public String type() {
    return "EvaluateDataQuality";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    String ruleset = Configurations.requiredText(configuration, "Ruleset", problems);
    if (ruleset != null) {
      try {
        Dqdl.parse(ruleset);
      } catch (Dqdl.ParseException e) {
        problems.add("Ruleset: " + e.getMessage());
      }
    }
    String output = Configurations.optionalText(configuration, "Output", problems);
    if (output != null && !output.equals("PrimaryInput") && !output.equals("EvaluationResults")) {
      problems.add("Output must be PrimaryInput or EvaluationResults, not " + output);
    }
    JsonNode publishing = configuration.get("PublishingOptions");
    if (publishing != null && !publishing.isNull() && !publishing.isObject()) {
      problems.add("PublishingOptions must be an object");
    }
    JsonNode stop = configuration.get("StopJobOnFailureOptions");
    if (stop != null && !stop.isNull()) {
      if (!stop.isObject()) {
        problems.add("StopJobOnFailureOptions must be an object");
      } else {
        String timing = Configurations.optionalText(stop, "StopJobOnFailureTiming", problems);
        if (timing != null && !timing.equals("Immediate") && !timing.equals("AfterDataLoad")) {
          problems.add("StopJobOnFailureTiming must be Immediate or AfterDataLoad, not " + timing);
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
    List<Dqdl.Rule> rules;
    try {
      rules = Dqdl.parse(configuration.get("Ruleset").asText());
    } catch (Dqdl.ParseException e) {
      throw new IllegalStateException("validated above", e);
    }
    String output = configuration.path("Output").asText("");
    boolean stopOnFailure =
        configuration.path("StopJobOnFailureOptions").isObject()
            && !configuration.path("StopJobOnFailureOptions").isEmpty();
    if (output.equals("PrimaryInput") && !stopOnFailure) {
      // Glue would only publish the results here; Cairn has nowhere to publish them to.
      return List.of(input);
    }
    List<RuleOutcome> outcomes = DataQualityEvaluation.evaluate(input, rules);
    if (stopOnFailure) {
      List<RuleOutcome> failed = outcomes.stream().filter(outcome -> !outcome.passed()).toList();
      if (!failed.isEmpty()) {
        DataQualityFailedException failure =
            new DataQualityFailedException(
                configuration.path("Name").asText(type()),
                failed.stream().map(RuleOutcome::rule).toList(),
                failed.stream().map(RuleOutcome::failureReason).toList());
        if (configuration
            .path("StopJobOnFailureOptions")
            .path("StopJobOnFailureTiming")
            .asText("Immediate")
            .equals("AfterDataLoad")) {
          context.failAfterDataLoad(failure);
        } else {
          throw failure;
        }
      }
    }
    Dataset<Row> results = results(context, outcomes);
    return switch (output) {
      case "PrimaryInput" -> List.of(input);
      case "EvaluationResults" -> List.of(results);
      default -> List.of(results, DataQualityEvaluation.rowLevel(input, rules));
    };
  }

  private static Dataset<Row> results(TransformContext context, List<RuleOutcome> outcomes) {
    List<Row> rows =
        outcomes.stream()
            .map(
                outcome ->
                    RowFactory.create(
                        outcome.rule(),
                        outcome.passed() ? "Passed" : "Failed",
                        outcome.failureReason(),
                        outcome.metrics()))
            .toList();
    return context.spark().createDataFrame(rows, OUTCOME_SCHEMA);
  }
}
