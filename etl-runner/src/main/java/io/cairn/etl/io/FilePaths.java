package io.cairn.etl.io;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * The file locations a job may name: local paths, {@code file:} URIs, and {@code s3://} or {@code
 * s3a://} URIs, which Hadoop's S3A file system reads and writes (the runner's {@code --cairn-s3-*}
 * options say which endpoint). Hadoop dropped {@code s3n://} long ago, so it is refused rather than
 * left to fail at run time.
 */
final class FilePaths {
  private FilePaths() {}

  static void check(String path, List<String> problems) {
    if (path.isBlank()) {
      problems.add("a path is empty");
    } else if (path.startsWith("s3://") || path.startsWith("s3a://")) {
      String bucket;
      try {
        bucket = new URI(path.replace(" ", "%20")).getHost();
      } catch (URISyntaxException e) {
        problems.add("path " + path + " is not a valid URI: " + e.getReason());
        return;
      }
      if (bucket == null || bucket.isEmpty()) {
        problems.add("path " + path + " names no bucket (s3://BUCKET/KEY)");
      }
    } else if (path.startsWith("s3n://")) {
      problems.add("path " + path + ": s3n:// is not supported; use s3:// or s3a://");
    } else if (path.contains("://") && !path.startsWith("file:")) {
      problems.add(
          "path " + path + ": only local paths, file:, s3:// and s3a:// URIs are supported");
    }
  }
}
