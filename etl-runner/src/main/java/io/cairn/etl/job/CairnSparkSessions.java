package io.cairn.etl.job;

import io.cairn.etl.JobContext;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session a job runs in: Spark's Hive catalog is Cairn over Thrift ({@code
 * hive.metastore.uris}), and with an Iceberg REST URI the catalog {@link
 * JobContext#ICEBERG_CATALOG} is Cairn's Iceberg REST catalog with Iceberg's SQL extensions (MERGE
 * INTO). Paths in {@code s3://} and {@code s3a://} are Hadoop's S3A file system (see {@link
 * #s3Configuration}).
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
            .config("spark.sql.hive.manageFilesourcePartitions", "true")
            // Glue's s3:// locations are read and written by Hadoop's S3A, as s3a:// ones are.
            .config("spark.hadoop.fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem")
            .config("spark.hadoop.fs.AbstractFileSystem.s3.impl", "org.apache.hadoop.fs.s3a.S3A");
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

  /**
   * The Spark configuration ({@code spark.hadoop.fs.s3a.*}) that points S3A at an S3-compatible
   * endpoint. Keys are not among them: S3A takes them from its default chain ({@code
   * AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} in the environment, then the instance
   * role), so they never appear on a command line.
   *
   * @param endpoint the endpoint's URL; empty for AWS's own endpoint of {@code region}
   * @param pathStyleAccess buckets as {@code <endpoint>/<bucket>} instead of {@code
   *     <bucket>.<endpoint>}, as most S3-compatible stores need
   */
  public static Map<String, String> s3Configuration(
      Optional<URI> endpoint, String region, boolean pathStyleAccess) {
    Map<String, String> configuration = new LinkedHashMap<>();
    endpoint.ifPresent(
        url -> {
          configuration.put("spark.hadoop.fs.s3a.endpoint", url.toString());
          configuration.put(
              "spark.hadoop.fs.s3a.connection.ssl.enabled",
              String.valueOf(url.getScheme().equals("https")));
        });
    configuration.put("spark.hadoop.fs.s3a.endpoint.region", region);
    configuration.put("spark.hadoop.fs.s3a.path.style.access", String.valueOf(pathStyleAccess));
    return configuration;
  }
}
