package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Glue's DropDuplicates: keeps one row of each group of rows equal in the top-level {@code Columns}
 * ([["a"], ["b"]]), or equal in every column when {@code Columns} is absent or empty.
 */
public final class DropDuplicates implements Transform {
  @Override
  public String type() {
    return "DropDuplicates";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    JsonNode columns = configuration.get("Columns");
    if (columns != null && !columns.isNull() && !(columns.isArray() && columns.isEmpty())) {
      for (List<String> path : Configurations.paths(configuration, "Columns", problems)) {
        if (path.size() > 1) {
          problems.add("Columns holds a nested path, only top-level columns compare: " + path);
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
    JsonNode columns = configuration.get("Columns");
    if (columns == null || columns.isNull() || columns.isEmpty()) {
      return List.of(input.dropDuplicates());
    }
    List<List<String>> paths = Configurations.paths(configuration, "Columns", new ArrayList<>());
    Fields.requireExists(type(), input.schema(), paths);
    String[] names =
        paths.stream().map(path -> Fields.find(input.schema(), path).name()).toArray(String[]::new);
    return List.of(input.dropDuplicates(names));
  }
}
