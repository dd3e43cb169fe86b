package io.cairn.etl.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * A test double for the transform library (which another part of the runner provides): adds the
 * column {@code Column} computed by the SQL expression {@code Expression}. Registered only in the
 * test class path.
 */
public final class WithColumnTransform implements Transform {
  @Override
  public String type() {
    return "TestWithColumn";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    for (String field : List.of("Column", "Expression")) {
      if (configuration.path(field).asText().isEmpty()) {
        problems.add(field + " is missing");
      }
    }
    return problems;
  }

  @Override
  public List<Dataset<Row>> apply(
      TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration) {
    return List.of(
        inputs
            .get(0)
            .withColumn(
                configuration.get("Column").asText(),
                functions.expr(configuration.get("Expression").asText())));
  }
}
