package io.cairn.etl.job;

import io.cairn.etl.JobContext;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session a job runs in: Spark's Hive catalog is Cairn over Thrift ({@code
 * hive.metastore.uris}), and with an Iceberg REST URI the catalog {@link
 * JobContext#ICEBERG_CATALOG} is Cairn's Iceberg REST catalog with Iceberg's SQL extensions (MERGE
 * INTO).
 */
public final class CairnSparkSessions {
  private CairnSparkSessions() {}

  /**
   * A builder the caller may still add to; {@code configuration} is Spark configuration ({@code
   * spark.*}) applied last, so it can override anything here.
   */
  public static SparkSession.Builder builder(
      String applicationName,
      String master,
      URI metastoreUri,
      Optional<URI> icebergRestUri,
      Map<String, String> configuration) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(applicationName)
            .master(master)
            .config("spark.ui.enabled", "false")
            .config("spark.sql.catalogImplementation", "hive")
            .config("spark.hadoop.hive.metastore.uris", metastoreUri.toString())
            // A dead server should fail a run in a minute, not after Hive's ten-minute default.
            .config("spark.hadoop.hive.metastore.client.socket.timeout", "60s")
            .config("spark.hadoop.hive.metastore.connect.retries", "2")
            // Partitions a job adds are listed from the catalog, not found by listing folders.
            .config("spark.sql.hive.manageFilesourcePartitions", "true");
    if (icebergRestUri.isPresent()) {
      String catalog = "spark.sql.catalog." + JobContext.ICEBERG_CATALOG;
      builder =
          builder
              .config(
                  "spark.sql.extensions",
                  "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
              .config(catalog, "org.apache.iceberg.spark.SparkCatalog")
              .config(catalog + ".type", "rest")
              .config(catalog + ".uri", icebergRestUri.get().toString())
              // Every read loads the table, so a job sees commits made while it runs.
              .config(catalog + ".cache-enabled", "false");
    }
    for (Map.Entry<String, String> entry : configuration.entrySet()) {
      builder = builder.config(entry.getKey(), entry.getValue());
    }
    return builder.enableHiveSupport();
  }
}
