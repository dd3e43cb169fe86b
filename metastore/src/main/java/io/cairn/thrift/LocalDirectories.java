package io.cairn.thrift;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Directories of tables and partitions that live on this machine's file system. Hive's metastore
 * creates them (engines then write into them without checking); other file systems are the engines'
 * business.
 */
final class LocalDirectories {
  private static final Logger log = LoggerFactory.getLogger(LocalDirectories.class);

  private LocalDirectories() {}

  /** Creates the directory of a {@code file:} location or absolute path; others are left alone. */
  static void create(String location) {
    Path path = localPath(location);
    if (path == null) {
      return;
    }
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      // The catalog entry stands; the engine will report the missing directory if it needs it.
      log.warn("could not create the directory {}: {}", path, e.toString());
    }
  }

  /** The local path of a {@code file:} location or absolute path; null for other locations. */
  static Path localPath(String location) {
    if (location == null || location.isEmpty()) {
      return null;
    }
    if (location.startsWith("/")) {
      return Path.of(location);
    }
    try {
      URI uri = URI.create(location);
      return "file".equals(uri.getScheme()) ? Path.of(uri) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
