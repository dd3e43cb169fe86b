package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A Glue Studio visual transform (a {@code DynamicTransform} node): one input, one output, its
 * settings in {@code Parameters}. Subclasses read their parameters once in {@link #check} (adding a
 * problem for each bad one) and run in {@link #run}.
 */
abstract class VisualTransform implements Transform {
  /** Adds what is wrong with the parameters to {@code problems}. */
  abstract void check(DynamicTransformParameters parameters, List<String> problems);

  abstract Dataset<Row> run(
      TransformContext context, Dataset<Row> input, DynamicTransformParameters parameters);

  @Override
  public final List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    DynamicTransformParameters parameters = DynamicTransformParameters.of(configuration, problems);
    check(parameters, problems);
    return problems;
  }

  @Override
  public final List<Dataset<Row>> apply(
      TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration) {
    Configurations.requireValid(type(), validate(configuration));
    Configurations.requireInputs(type(), inputs, 1);
    DynamicTransformParameters parameters =
        DynamicTransformParameters.of(configuration, new ArrayList<>());
    return List.of(run(context, inputs.get(0), parameters));
  }

  static void requireColumns(String type, Dataset<Row> input, List<String> names) {
    for (String name : names) {
      if (Fields.find(input.schema(), List.of(name.split("\\."))) == null) {
        throw new IllegalArgumentException(
            type + ": no column " + name + " in the input " + input.schema().simpleString());
      }
    }
  }
}
