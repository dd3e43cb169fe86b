package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Glue's Union: the rows of all inputs, matched by column name (a column one input lacks is null
 * there, as DynamicFrames merge schemas); {@code UnionType} ALL keeps duplicates, DISTINCT does
 * not.
 */
public final class Union implements Transform {
  @Override
  public String type() {
    return "Union";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    String unionType = Configurations.requiredText(configuration, "UnionType", problems);
    if (unionType != null && !unionType.equals("ALL") && !unionType.equals("DISTINCT")) {
      problems.add("UnionType must be ALL or DISTINCT, not " + unionType);
    }
    return problems;
  }

  @Override
  public List<Dataset<Row>> apply(
      TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration) {
    Configurations.requireValid(type(), validate(configuration));
    if (inputs.size() < 2) {
      throw new IllegalArgumentException("Union takes at least 2 inputs, got " + inputs.size());
    }
    Dataset<Row> result = inputs.get(0);
    for (Dataset<Row> input : inputs.subList(1, inputs.size())) {
      result = result.unionByName(input, true);
    }
    return List.of(
        configuration.get("UnionType").asText().equals("DISTINCT") ? result.distinct() : result);
  }
}
