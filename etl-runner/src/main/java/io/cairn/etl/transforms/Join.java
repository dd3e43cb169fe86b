package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Glue's Join: {@code JoinType} (equijoin, left, right, outer, leftsemi, leftanti) on the keys of
 * {@code Columns} ({@code [{From: parentId, Keys: [["id"]]}, {From: otherId, Keys: [["pid"]]}]}).
 * Where the right input has a top-level column whose name the left one has too, the right column is
 * renamed {@code (right) name} as Glue Studio's "Renamed keys for Join" step does, so the output
 * never has two columns of one name.
 */
public final class Join implements Transform {
  static final String RIGHT_PREFIX = "(right) ";

  private static final Map<String, String> JOIN_TYPES =
      Map.of(
          "equijoin", "inner",
          "left", "left_outer",
          "right", "right_outer",
          "outer", "full_outer",
          "leftsemi", "left_semi",
          "leftanti", "left_anti");

  @Override
  public String type() {
    return "Join";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    String joinType = Configurations.requiredText(configuration, "JoinType", problems);
    if (joinType != null && !JOIN_TYPES.containsKey(joinType)) {
      problems.add("JoinType must be one of " + JOIN_TYPES.keySet() + ", not " + joinType);
    }
    JsonNode columns = configuration.get("Columns");
    if (columns == null || !columns.isArray() || columns.size() != 2) {
      problems.add("Columns must hold two entries {From, Keys}, one per input");
      return problems;
    }
    List<List<String>> left = Configurations.paths(columns.get(0), "Keys", problems);
    List<List<String>> right = Configurations.paths(columns.get(1), "Keys", problems);
    if (left.size() != right.size()) {
      problems.add("both Columns entries must have the same number of Keys");
    }
    JsonNode inputs = configuration.get("Inputs");
    if (inputs != null && inputs.isArray()) {
      for (JsonNode column : columns) {
        if (column.hasNonNull("From") && !contains(inputs, column.get("From").asText())) {
          problems.add("Columns From " + column.get("From").asText() + " is not one of Inputs");
        }
      }
    }
    return problems;
  }

  @Override
  public List<Dataset<Row>> apply(
      TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration) {
    Configurations.requireValid(type(), validate(configuration));
    Configurations.requireInputs(type(), inputs, 2);
    JsonNode columns = configuration.get("Columns");
    int leftIndex = inputIndex(configuration, columns.get(0), 0);
    int rightIndex = inputIndex(configuration, columns.get(1), 1);
    if (leftIndex == rightIndex) {
      throw new IllegalArgumentException("Join: both Columns entries name the same input");
    }
    // The Columns entry listed first is the join's left side, whatever order the parents have.
    Dataset<Row> left = inputs.get(leftIndex);
    Dataset<Row> right = inputs.get(rightIndex);
    List<List<String>> leftKeys = Configurations.paths(columns.get(0), "Keys", new ArrayList<>());
    List<List<String>> rightKeys = Configurations.paths(columns.get(1), "Keys", new ArrayList<>());
    Fields.requireExists(type(), left.schema(), leftKeys);
    Fields.requireExists(type(), right.schema(), rightKeys);

    Set<String> leftNames =
        Set.of(left.columns()).stream()
            .map(name -> name.toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    Dataset<Row> renamedRight = right;
    List<List<String>> renamedRightKeys = new ArrayList<>();
    for (String name : right.columns()) {
      if (leftNames.contains(name.toLowerCase(Locale.ROOT))) {
        renamedRight = renamedRight.withColumnRenamed(name, RIGHT_PREFIX + name);
      }
    }
    for (List<String> key : rightKeys) {
      List<String> renamed = new ArrayList<>(key);
      if (leftNames.contains(key.get(0).toLowerCase(Locale.ROOT))) {
        renamed.set(0, RIGHT_PREFIX + Fields.find(right.schema(), key.subList(0, 1)).name());
      }
      renamedRightKeys.add(renamed);
    }
    Column condition = null;
    for (int i = 0; i < leftKeys.size(); i++) {
      Column equal =
          left.col(Configurations.quoted(leftKeys.get(i)))
              .equalTo(renamedRight.col(Configurations.quoted(renamedRightKeys.get(i))));
      condition = condition == null ? equal : condition.and(equal);
    }
    String joinType = JOIN_TYPES.get(configuration.get("JoinType").asText());
    return List.of(left.join(renamedRight, condition, joinType));
  }

  private static int inputIndex(JsonNode configuration, JsonNode column, int fallback) {
    JsonNode inputs = configuration.get("Inputs");
    if (inputs == null || !inputs.isArray() || !column.hasNonNull("From")) {
      return fallback;
    }
    String from = column.get("From").asText();
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).asText().equals(from)) {
        return i;
      }
    }
    return fallback;
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode element : array) {
      if (element.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
