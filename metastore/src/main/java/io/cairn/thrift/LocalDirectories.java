package io.cairn.thrift;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Directories of tables and partitions that live on this machine's file system. Hive's metastore
 * creates, moves and deletes them (engines then write into them without checking); other file
 * systems are the engines' business, so locations with another scheme are left alone and logged.
 *
 * <p>Every operation here runs after the catalog change it belongs to has committed: a failure is
 * logged and never undoes the catalog change.
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

  /** Deletes a local directory (or file) and everything in it. */
  static void delete(String location) {
    Path path = localPathOrLog(location, "delete");
    if (path == null || !Files.exists(path)) {
      return;
    }
    try {
      deleteTree(path);
    } catch (IOException | UncheckedIOException e) {
      log.warn("could not delete {}: {}", path, e.toString());
    }
  }

  /** Deletes a local directory if it is empty (or holds only empty directories). */
  static void deleteIfEmpty(String location) {
    Path path = localPath(location);
    if (path == null || !Files.isDirectory(path)) {
      return;
    }
    try (var files = Files.walk(path)) {
      if (files.anyMatch(file -> !Files.isDirectory(file))) {
        log.info("kept {}: it is not empty", path);
        return;
      }
    } catch (IOException | UncheckedIOException e) {
      log.warn("could not look into {}: {}", path, e.toString());
      return;
    }
    delete(location);
  }

  /** Deletes up to {@code levels} parents of a deleted location, nearest first, while empty. */
  static void deleteEmptyParents(String location, int levels) {
    Path path = localPath(location);
    if (path == null) {
      return;
    }
    Path parent = path.getParent();
    for (int level = 0; level < levels && parent != null; level++, parent = parent.getParent()) {
      try {
        if (!Files.isDirectory(parent)) {
          continue;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent)) {
          if (children.iterator().hasNext()) {
            return;
          }
        }
        Files.delete(parent);
      } catch (IOException e) {
        log.warn("could not delete the empty directory {}: {}", parent, e.toString());
        return;
      }
    }
  }

  /**
   * Deletes everything inside a local directory, keeping the directory (Hive's truncate). Missing
   * directories are created, as Hive leaves an empty directory behind.
   */
  static void deleteContents(String location) {
    Path path = localPathOrLog(location, "truncate");
    if (path == null) {
      return;
    }
    try {
      if (Files.isDirectory(path)) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
          for (Path child : children) {
            deleteTree(child);
          }
        }
      }
      Files.createDirectories(path);
    } catch (IOException | UncheckedIOException e) {
      log.warn("could not delete the contents of {}: {}", path, e.toString());
    }
  }

  /**
   * Moves a local directory to another local location, creating the target's parent; nothing
   * happens when the source does not exist or either location is not local.
   */
  static void move(String from, String to) {
    Path source = localPathOrLog(from, "move");
    Path target = localPathOrLog(to, "move");
    if (source == null || target == null || source.equals(target) || !Files.exists(source)) {
      return;
    }
    try {
      Files.createDirectories(target.getParent());
      Files.move(source, target);
    } catch (IOException e) {
      log.warn("could not move {} to {}: {}", source, target, e.toString());
    }
  }

  /** Whether {@code location} is local and does not exist (false for other file systems). */
  static boolean isMissing(String location) {
    Path path = localPath(location);
    return path != null && !Files.exists(path);
  }

  /** Whether {@code location} is {@code directory} or inside it (both local). */
  static boolean isInside(String location, String directory) {
    Path path = localPath(location);
    Path parent = localPath(directory);
    return path != null && parent != null && path.normalize().startsWith(parent.normalize());
  }

  /** {@code location/child}, without doubling a trailing slash. */
  static String child(String location, String child) {
    return (location.endsWith("/") ? location : location + "/") + child;
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path directory, IOException failure)
              throws IOException {
            if (failure != null) {
              throw failure;
            }
            Files.delete(directory);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static Path localPathOrLog(String location, String action) {
    Path path = localPath(location);
    if (path == null && location != null && !location.isEmpty()) {
      log.info(
          "not a local location, left for its file system's owner to {}: {}", action, location);
    }
    return path;
  }

  /**
   * The local path of a location as Hadoop's {@code Path} reads it: the text after {@code file:}
   * (and an empty or {@code localhost} authority) is the path itself, not URI-escaped, so a
   * partition directory named {@code ds=a%3Ab} is that name on disk.
   */
  private static Path localPath(String location) {
    if (location == null || location.isEmpty()) {
      return null;
    }
    String path = location;
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
      if (path.startsWith("//")) {
        int slash = path.indexOf('/', 2);
        String authority = slash < 0 ? path.substring(2) : path.substring(2, slash);
        if (!authority.isEmpty() && !authority.equals("localhost")) {
          return null;
        }
        path = slash < 0 ? "/" : path.substring(slash);
      }
    }
    return path.startsWith("/") ? Path.of(path) : null;
  }
}
