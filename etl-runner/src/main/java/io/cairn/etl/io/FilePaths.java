package io.cairn.etl.io;

import java.util.List;

/**
 * The file locations a job may name: local paths and {@code file:} URIs. Glue's {@code s3://}
 * locations need Hadoop's S3A file system, which the runner does not ship (Spark 3.5.9 ships the
 * shaded Hadoop 3.3.4 client without {@code hadoop-aws}), so they are rejected before the run.
 */
final class FilePaths {
  private FilePaths() {}

  static void check(String path, List<String> problems) {
    if (path.isBlank()) {
      problems.add("a path is empty");
    } else if (path.startsWith("s3://") || path.startsWith("s3a://") || path.startsWith("s3n://")) {
      problems.add(
          "path "
              + path
              + ": S3 locations are not supported by this runner yet (no S3A file system)");
    } else if (path.contains("://") && !path.startsWith("file:")) {
      problems.add("path " + path + ": only local paths and file: URIs are supported");
    }
  }
}
