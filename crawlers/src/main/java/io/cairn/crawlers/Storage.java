package io.cairn.crawlers;

import io.cairn.classifiers.FileSource;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The files under one crawl target, folder by folder. Folders and files are named by their path
 * relative to the target, {@code ""} being the target itself and {@code /} the separator, so that
 * the crawler's grouping does not depend on where the files live.
 */
interface Storage extends Closeable {
  /**
   * The files and sub-folders directly in {@code folder}; never recursive, so that the crawler
   * decides which folders are worth listing.
   */
  Listing list(String folder) throws IOException;

  /** The stored file, for a classifier to read. */
  FileSource open(StoredFile file);

  /**
   * The location the catalog records for {@code folder}: {@code file:/abs/dir} or {@code
   * s3://bucket/dir/}.
   */
  String folderLocation(String folder);

  /** The location the catalog records for a table of one file. */
  String fileLocation(String file);

  /** Glue's folder level of {@code folder}: the bucket, or the file system's root, is level 1. */
  int level(String folder);

  /** How many files to classify at once: a few for local disks, more for network latency. */
  int parallelism();

  @Override
  default void close() throws IOException {}

  /** One stored file: its path relative to the target and its stored size in bytes. */
  record StoredFile(String path, long size) {
    public StoredFile {
      java.util.Objects.requireNonNull(path, "path is null");
    }

    String name() {
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }

  /** What one folder holds directly: files, and the names of its sub-folders. */
  record Listing(List<StoredFile> files, List<String> folders) {
    public Listing {
      files = List.copyOf(files);
      folders = List.copyOf(folders);
    }
  }

  /** {@code folder/name}, or {@code name} for the target itself. */
  static String child(String folder, String name) {
    return folder.isEmpty() ? name : folder + "/" + name;
  }

  /** Opens the storage behind a target path: {@code s3://…}, {@code file:…} or a plain path. */
  static Storage open(String targetPath, S3Settings s3) {
    if (targetPath.startsWith("s3://") || targetPath.startsWith("s3a://")) {
      return S3Storage.open(targetPath, s3);
    }
    return LocalStorage.open(targetPath);
  }
}
