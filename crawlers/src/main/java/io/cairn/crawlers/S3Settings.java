package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

/**
 * How the crawler reaches {@code s3://} targets: any S3-compatible endpoint. An empty {@code
 * endpoint} means AWS's own for {@code region}; empty keys mean the AWS SDK's default credential
 * chain.
 */
public record S3Settings(
    String endpoint,
    String region,
    String accessKeyId,
    String secretAccessKey,
    boolean pathStyleAccess) {
  public static final S3Settings DEFAULT = new S3Settings("", "us-east-1", "", "", false);

  public S3Settings {
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(region, "region is null");
    requireNonNull(accessKeyId, "accessKeyId is null");
    requireNonNull(secretAccessKey, "secretAccessKey is null");
  }
}
