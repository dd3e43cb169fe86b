package io.cairn.etl.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.TransformContext;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A target node of a job graph: one input, written where its configuration says; no output. */
public interface Target {
  /** The Glue node type this target writes, such as {@code S3DirectTarget}. */
  String type();

  /** What is wrong with {@code configuration}, checked before a run starts; empty when valid. */
  List<String> validate(JsonNode configuration);

  void write(TransformContext context, Dataset<Row> data, JsonNode configuration);
}
