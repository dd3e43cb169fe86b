package io.cairn.etl.job;

import io.cairn.testing.CairnServerProcess;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The local Spark session of a job test, built as {@link io.cairn.etl.JobRunner} builds a run's:
 * Cairn over Thrift as its catalog (and Cairn's Iceberg REST catalog when asked), everything Spark
 * and Hive write under the test's directory.
 */
public final class JobTestSessions {
  private JobTestSessions() {}

  static SparkSession start(
      String name, Path workDirectory, CairnServerProcess server, boolean withIceberg) {
    return start(name, workDirectory, server, withIceberg, Map.of());
  }

  /**
   * @param configuration more Spark configuration, such as {@link
   *     CairnSparkSessions#s3Configuration}'s
   */
  public static SparkSession start(
      String name,
      Path workDirectory,
      CairnServerProcess server,
      boolean withIceberg,
      Map<String, String> configuration) {
    Map<String, String> all =
        new HashMap<>(
            Map.of(
                "spark.sql.shuffle.partitions", "2",
                "spark.local.dir", workDirectory.resolve("spark-local").toString(),
                "spark.sql.warehouse.dir", workDirectory.resolve("warehouse").toUri().toString(),
                "spark.hadoop.hive.exec.scratchdir",
                    workDirectory.resolve("hive-scratch").toString(),
                "spark.hadoop.hive.exec.local.scratchdir",
                    workDirectory.resolve("hive-local-scratch").toString()));
    all.putAll(configuration);
    return CairnSparkSessions.builder(
            name,
            "local[2]",
            URI.create("thrift://127.0.0.1:" + server.thriftPort()),
            withIceberg ? Optional.of(URI.create(server.httpUri() + "/iceberg")) : Optional.empty(),
            all)
        .getOrCreate();
  }
}
