package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import io.cairn.findmatches.FindMatches;
import io.cairn.findmatches.Labels;
import io.cairn.findmatches.MatchModel;
import io.cairn.findmatches.MatchingParameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * FindMatches in a job graph. Glue's job graph has no such node (in Glue, scripts call {@code
 * FindMatches.apply(frame, transformId)} and {@code FindIncrementalMatches.apply(...)}), so Cairn
 * names two: {@code FindMatches} (one input: every record matched with the others) and {@code
 * FindIncrementalMatches} (two inputs: an already matched table with {@code match_id}, then the new
 * records). {@code ModelPath}: a trained model directory (what an ML task run leaves as model-out/,
 * and the server keeps as the transform's model); {@code LabelsPath}: the transform's labeling
 * file, needed for {@code EnforceProvidedLabels}; {@code PrecisionRecallTradeoff} and {@code
 * AccuracyCostTradeoff} (default 0.5); {@code ComputeMatchConfidenceScores} (default false).
 */
public class FindMatchesNode implements Transform {
  private final String type;
  private final int inputs;

  public FindMatchesNode() {
    this("FindMatches", 1);
  }

  FindMatchesNode(String type, int inputs) {
    this.type = type;
    this.inputs = inputs;
  }

  /** The two-input form. */
  public static final class Incremental extends FindMatchesNode {
    public Incremental() {
      super("FindIncrementalMatches", 2);
    }
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    Configurations.requiredText(configuration, "ModelPath", problems);
    Configurations.optionalText(configuration, "LabelsPath", problems);
    for (String field : List.of("PrecisionRecallTradeoff", "AccuracyCostTradeoff")) {
      JsonNode value = configuration.get(field);
      if (value != null
          && !value.isNull()
          && !(value.isNumber() && value.asDouble() >= 0 && value.asDouble() <= 1)) {
        problems.add(field + " must be a number from 0.0 to 1.0");
      }
    }
    for (String field : List.of("EnforceProvidedLabels", "ComputeMatchConfidenceScores")) {
      JsonNode value = configuration.get(field);
      if (value != null && !value.isNull() && !value.isBoolean()) {
        problems.add(field + " must be true or false");
      }
    }
    if (configuration.path("EnforceProvidedLabels").asBoolean(false)
        && !configuration.hasNonNull("LabelsPath")) {
      problems.add("EnforceProvidedLabels needs LabelsPath");
    }
    return problems;
  }

  @Override
  public List<Dataset<Row>> apply(
      TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration) {
    Configurations.requireValid(type(), validate(configuration));
    Configurations.requireInputs(type(), inputs, this.inputs);
    MatchModel model = MatchModel.load(Path.of(configuration.get("ModelPath").asText()));
    String key = model.primaryKeyColumnName();
    Labels labels =
        configuration.hasNonNull("LabelsPath")
            ? Labels.fromCsvFile(Path.of(configuration.get("LabelsPath").asText()), key)
            : Labels.none();
    FindMatches findMatches =
        new FindMatches(
            context.spark(),
            new MatchingParameters(
                key,
                configuration.path("PrecisionRecallTradeoff").asDouble(0.5),
                configuration.path("AccuracyCostTradeoff").asDouble(0.5),
                configuration.path("EnforceProvidedLabels").asBoolean(false)));
    boolean confidence = configuration.path("ComputeMatchConfidenceScores").asBoolean(false);
    // The output is materialized before the matcher's cached records are freed.
    Dataset<Row> matches =
        (this.inputs == 1
                ? findMatches.findMatches(inputs.get(0), model, labels, confidence)
                : findMatches.findIncrementalMatches(
                    inputs.get(0), inputs.get(1), model, labels, confidence))
            .matches()
            .localCheckpoint(true);
    findMatches.release();
    return List.of(matches);
  }
}
