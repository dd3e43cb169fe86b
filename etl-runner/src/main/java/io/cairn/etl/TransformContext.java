package io.cairn.etl;

import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** What a transform may use besides its inputs. */
public interface TransformContext {
  /** The run's session; its catalog is Cairn (Hive over Thrift, Iceberg through REST). */
  SparkSession spark();

  /** The run's arguments (Glue's {@code --key value} job arguments, without the dashes). */
  Map<String, String> arguments();

  /** When the run started: what "current timestamp" transforms write, the same for every row. */
  Instant runStartTime();

  /**
   * Fails the run once every target has written its data (Glue's data-quality timing {@code
   * AfterDataLoad}). A context outside a job graph's run has no later point and fails at once.
   */
  default void failAfterDataLoad(RuntimeException failure) {
    throw failure;
  }
}
