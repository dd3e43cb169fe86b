package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import io.cairn.crawlers.Storage.StoredFile;
import java.util.List;

/**
 * A listed folder of a target, with the files and sub-folders the crawl keeps (hidden and excluded
 * ones left out, sorted by name).
 *
 * @param path relative to the target; {@code ""} is the target itself
 * @param holdsKnownLocation whether a folder below was skipped because the catalog already has it
 *     (Glue's CRAWL_NEW_FOLDERS_ONLY); such a folder cannot become a new table's root
 */
record Folder(
    String path, List<StoredFile> files, List<Folder> children, boolean holdsKnownLocation) {
  Folder {
    requireNonNull(path, "path is null");
    files = List.copyOf(requireNonNull(files, "files is null"));
    children = List.copyOf(requireNonNull(children, "children is null"));
  }

  String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  int depth() {
    return path.isEmpty() ? 0 : path.split("/").length;
  }
}
