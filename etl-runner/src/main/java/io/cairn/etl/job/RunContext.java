package io.cairn.etl.job;

import static java.util.Objects.requireNonNull;

import io.cairn.etl.JobContext;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The context of one run, for its transforms and for a Java job alike. */
public record RunContext(SparkSession spark, Map<String, String> arguments, Instant runStartTime)
    implements JobContext {
  public RunContext {
    requireNonNull(spark, "spark is null");
    arguments = Map.copyOf(requireNonNull(arguments, "arguments is null"));
    requireNonNull(runStartTime, "runStartTime is null");
  }
}
