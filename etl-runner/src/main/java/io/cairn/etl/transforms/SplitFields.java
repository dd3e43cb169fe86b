package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Glue's SplitFields: two outputs, the first with the fields at {@code Paths}, the second with all
 * the others; a SelectFromCollection node picks one by index.
 */
public final class SplitFields implements Transform {
  @Override
  public String type() {
    return "SplitFields";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    Configurations.paths(configuration, "Paths", problems);
    return problems;
  }

  @Override
  public List<Dataset<Row>> apply(
      TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    List<List<String>> paths = Configurations.paths(configuration, "Paths", problems);
    Configurations.requireValid(type(), problems);
    Configurations.requireInputs(type(), inputs, 1);
    Dataset<Row> input = inputs.get(0);
    Fields.requireExists(type(), input.schema(), paths);
    return List.of(Fields.select(input, paths), Fields.drop(input, paths));
  }
}
