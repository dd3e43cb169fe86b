package io.cairn.etl;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * SparkSessions configured as a Spark deployment against a remote Hive Metastore is: the built-in
 * Hive 2.3 client with {@code hive.metastore.uris}, and everything Spark and Hive write kept under
 * one temporary directory.
 */
final class HiveSparkSessions {
  private HiveSparkSessions() {}

  /**
   * A builder for a local session whose Hive catalog is the metastore at {@code metastorePort} on
   * loopback; the caller may add configuration before {@code getOrCreate()}.
   */
  static SparkSession.Builder builder(String name, Path workDirectory, int metastorePort) {
    return SparkSession.builder()
        .appName(name)
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.local.dir", workDirectory.resolve("spark-local").toString())
        .config("spark.sql.warehouse.dir", workDirectory.resolve("warehouse").toUri().toString())
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.hadoop.hive.metastore.uris", "thrift://127.0.0.1:" + metastorePort)
        // A dead server should fail a test quickly, not after Hive's ten-minute default.
        .config("spark.hadoop.hive.metastore.client.socket.timeout", "60s")
        .config("spark.hadoop.hive.metastore.connect.retries", "2")
        // Hive's session writes scratch files; keep them out of /tmp/hive.
        .config(
            "spark.hadoop.hive.exec.scratchdir", workDirectory.resolve("hive-scratch").toString())
        .config(
            "spark.hadoop.hive.exec.local.scratchdir",
            workDirectory.resolve("hive-local-scratch").toString())
        .config(
            "spark.hadoop.hive.downloaded.resources.dir",
            workDirectory.resolve("hive-resources").toString())
        .enableHiveSupport();
  }
}
