package io.cairn.etl.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.TransformContext;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A source node of a job graph: no inputs, one output. */
public interface Source {
  /** The Glue node type this source reads, such as {@code S3CsvSource}. */
  String type();

  /** What is wrong with {@code configuration}, checked before a run starts; empty when valid. */
  List<String> validate(JsonNode configuration);

  Dataset<Row> read(TransformContext context, JsonNode configuration);
}
