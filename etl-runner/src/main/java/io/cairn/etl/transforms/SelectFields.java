package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Glue's SelectFields: keeps the fields at {@code Paths} (nested paths keep their parents). */
public final class SelectFields implements Transform {
  @Override
  public String type() {
    return "SelectFields";
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
    Fields.requireExists(type(), inputs.get(0).schema(), paths);
    return List.of(Fields.select(inputs.get(0), paths));
  }
}
