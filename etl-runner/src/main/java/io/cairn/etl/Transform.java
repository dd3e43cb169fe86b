package io.cairn.etl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A transform node of a job graph: Glue's transforms (ApplyMapping, Join, ResolveChoice, …), Glue
 * Studio's visual transforms (gs_concat, gs_explode, …), recipe steps and custom transforms.
 * Implementations are found with {@link java.util.ServiceLoader} and need a public no-argument
 * constructor.
 */
public interface Transform {
  /** The node type this transform runs, as Glue names it (see {@link JobNode#type()}). */
  String type();

  /**
   * What is wrong with {@code configuration}, checked before a run starts; empty when it is valid.
   */
  default List<String> validate(JsonNode configuration) {
    return List.of();
  }

  /**
   * The node's outputs from its inputs (in the order of {@link JobNode#inputs()}). Most transforms
   * have one output; those that split (SplitFields, Relationalize) return several, which a
   * SelectFromCollection node picks from by index.
   */
  List<Dataset<Row>> apply(
      TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration);
}
