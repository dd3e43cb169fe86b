package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Glue's SelectFromCollection: the output at {@code Index} of its parent's collection. Its inputs
 * are all the outputs of its one parent (SplitFields, Relationalize, a custom transform), in order.
 */
public final class SelectFromCollection implements Transform {
  @Override
  public String type() {
    return "SelectFromCollection";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    JsonNode index = configuration.get("Index");
    if (index == null
        || !index.canConvertToInt()
        || !index.isIntegralNumber()
        || index.asInt() < 0) {
      problems.add("Index must be a whole number of at least 0");
    }
    return problems;
  }

  @Override
  public List<Dataset<Row>> apply(
      TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration) {
    Configurations.requireValid(type(), validate(configuration));
    int index = configuration.get("Index").asInt();
    if (index >= inputs.size()) {
      throw new IllegalArgumentException(
          "SelectFromCollection: Index "
              + index
              + " is beyond the collection of "
              + inputs.size()
              + " output(s)");
    }
    return List.of(inputs.get(index));
  }
}
