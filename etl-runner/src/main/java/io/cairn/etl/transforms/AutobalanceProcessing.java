package io.cairn.etl.transforms;

import io.cairn.etl.TransformContext;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Glue Studio's Autobalance Processing ({@code gs_repartition}): redistributes the rows evenly over
 * {@code numPartitionsStr} partitions (so a file target writes that many files), or, without it,
 * over the session's default parallelism.
 */
public final class AutobalanceProcessing extends VisualTransform {
  @Override
  public String type() {
    return "gs_repartition";
  }

  @Override
  void check(DynamicTransformParameters parameters, List<String> problems) {
    String partitions = parameters.optional("numPartitionsStr");
    if (partitions != null && !partitions.matches("[1-9][0-9]{0,5}")) {
      problems.add("parameter numPartitionsStr must be a whole number from 1, not " + partitions);
    }
  }

  @Override
  Dataset<Row> run(
      TransformContext context, Dataset<Row> input, DynamicTransformParameters parameters) {
    String partitions = parameters.optional("numPartitionsStr");
    int count =
        partitions == null
            ? context.spark().sparkContext().defaultParallelism()
            : Integer.parseInt(partitions);
    return input.repartition(count);
  }
}
