package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Glue's RenameField: the field at {@code SourcePath} is renamed to the last name of {@code
 * TargetPath}; both paths must have the same parent (a rename does not move a field).
 */
public final class RenameField implements Transform {
  @Override
  public String type() {
    return "RenameField";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    List<String> source =
        Configurations.path(configuration.get("SourcePath"), "SourcePath", problems);
    List<String> target =
        Configurations.path(configuration.get("TargetPath"), "TargetPath", problems);
    if (!source.isEmpty()
        && !target.isEmpty()
        && !source.subList(0, source.size() - 1).equals(target.subList(0, target.size() - 1))) {
      problems.add("SourcePath and TargetPath must have the same parent fields");
    }
    return problems;
  }

  @Override
  public List<Dataset<Row>> apply(
      TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration) {
    Configurations.requireValid(type(), validate(configuration));
    Configurations.requireInputs(type(), inputs, 1);
    Dataset<Row> input = inputs.get(0);
    List<String> source =
        Configurations.path(configuration.get("SourcePath"), "", new ArrayList<>());
    List<String> target =
        Configurations.path(configuration.get("TargetPath"), "", new ArrayList<>());
    Fields.requireExists(type(), input.schema(), List.of(source));
    String newName = target.get(target.size() - 1);
    if (source.size() == 1) {
      return List.of(input.withColumnRenamed(Fields.find(input.schema(), source).name(), newName));
    }
    String top = Fields.find(input.schema(), source.subList(0, 1)).name();
    String inside = String.join(".", source.subList(1, source.size() - 1));
    String newPath = inside.isEmpty() ? newName : inside + "." + newName;
    String oldPath = String.join(".", source.subList(1, source.size()));
    return List.of(
        input.withColumn(
            top,
            Configurations.dropField(
                Configurations.column(List.of(top))
                    .withField(newPath, Configurations.column(source)),
                oldPath)));
  }
}
