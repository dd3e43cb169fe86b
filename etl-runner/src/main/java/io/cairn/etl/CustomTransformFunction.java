package io.cairn.etl;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The code of a custom visual transform: the class its manifest's {@code functionName} names, in a
 * jar beside the manifest. It needs a public no-argument constructor. Its parameters have been
 * checked against the manifest before the run starts.
 */
public interface CustomTransformFunction {
  /**
   * The output from the node's one input. {@code parameters} holds each given parameter by its
   * manifest name, as the manifest's type says: {@code str} a String, {@code int} a Long, {@code
   * float} a Double, {@code bool} a Boolean, {@code complex} a Jackson JsonNode, {@code list} a
   * List of its {@code listType}; an optional parameter that was not given is absent.
   */
  Dataset<Row> apply(TransformContext context, Dataset<Row> input, Map<String, Object> parameters);
}
