package io.cairn.etl.transforms;

import io.cairn.etl.TransformContext;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Glue Studio's Add Current Timestamp ({@code gs_now}): {@code colName} gets the run's start time,
 * the same in every row and on every retry of a task; with {@code dateFormat} (a Java pattern such
 * as {@code yyyyMMddHHmmss}, or Python's {@code %Y-%m-%d %H:%M:%S} codes) it is that text instead.
 */
public final class AddCurrentTimestamp extends VisualTransform {
  @Override
  public String type() {
    return "gs_now";
  }

  @Override
  void check(DynamicTransformParameters parameters, List<String> problems) {
    parameters.required("colName", problems);
    String format = parameters.optional("dateFormat");
    if (format != null) {
      try {
        DateTimeFormatter.ofPattern(javaPattern(format));
      } catch (IllegalArgumentException e) {
        problems.add("parameter dateFormat is not a date pattern: " + format);
      }
    }
  }

  @Override
  Dataset<Row> run(
      TransformContext context, Dataset<Row> input, DynamicTransformParameters parameters) {
    Column now = functions.lit(Timestamp.from(context.runStartTime()));
    String format = parameters.optional("dateFormat");
    if (format != null) {
      now = functions.date_format(now, javaPattern(format));
    }
    return input.withColumn(parameters.optional("colName"), now);
  }

  /** Python's strftime codes to Java's pattern letters; a Java pattern passes unchanged. */
  static String javaPattern(String format) {
    if (!format.contains("%")) {
      return format;
    }
    return format
        .replace("%Y", "yyyy")
        .replace("%m", "MM")
        .replace("%d", "dd")
        .replace("%H", "HH")
        .replace("%M", "mm")
        .replace("%S", "ss")
        .replace("%f", "SSSSSS")
        .replace("%y", "yy");
  }
}
