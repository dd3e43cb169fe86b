package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import io.cairn.crawlers.Storage.Listing;
import io.cairn.crawlers.Storage.StoredFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.regex.PatternSyntaxException;

/**
 * Lists a target folder by folder. Skips what Glue skips: Hive's hidden files and folders (names
 * starting with {@code _} or {@code .}, such as {@code _SUCCESS} and {@code .part.crc}), the {@code
 * _$folder$} markers of old Hadoop S3 clients, whatever matches an exclusion glob, and folders the
 * catalog already knows when crawling new folders only.
 */
final class Walker {
  private final Storage storage;
  private final List<PathMatcher> exclusions;
  private final Set<String> knownFolders;
  private final Set<String> knownFiles;
  private final BooleanSupplier stopRequested;
  private final LongConsumer listed;
  private long filesListed;

  /**
   * @param exclusions globs relative to the target, with java.nio's glob syntax, which is Glue's:
   *     {@code *} within one folder level, {@code **} across levels, {@code ?}, {@code [...]} and
   *     {@code {a,b}}
   * @param knownFolders relative paths of folders not to list (already in the catalog)
   * @param knownFiles relative paths of files to leave out (already tables of their own)
   */
  Walker(
      Storage storage,
      List<String> exclusions,
      Set<String> knownFolders,
      Set<String> knownFiles,
      BooleanSupplier stopRequested,
      LongConsumer listed) {
    this.storage = requireNonNull(storage, "storage is null");
    this.exclusions = matchers(requireNonNull(exclusions, "exclusions is null"));
    this.knownFolders = Set.copyOf(requireNonNull(knownFolders, "knownFolders is null"));
    this.knownFiles = Set.copyOf(requireNonNull(knownFiles, "knownFiles is null"));
    this.stopRequested = requireNonNull(stopRequested, "stopRequested is null");
    this.listed = requireNonNull(listed, "listed is null");
  }

  /**
   * @throws IllegalArgumentException when an exclusion is not a valid glob
   */
  static List<PathMatcher> matchers(List<String> exclusions) {
    List<PathMatcher> matchers = new ArrayList<>();
    for (String exclusion : exclusions) {
      try {
        matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + exclusion));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "exclusion pattern " + exclusion + " is not a valid glob: " + e.getDescription(), e);
      }
    }
    return List.copyOf(matchers);
  }

  long filesListed() {
    return filesListed;
  }

  Folder walk() {
    return walk("");
  }

  private Folder walk(String path) {
    if (stopRequested.getAsBoolean()) {
      throw new CrawlStoppedException("crawl stopped while listing " + path);
    }
    Listing listing;
    try {
      listing = storage.list(path);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list " + storage.folderLocation(path) + ": " + e.getMessage(), e);
    }
    List<StoredFile> files = new ArrayList<>();
    for (StoredFile file : listing.files()) {
      if (!isHidden(file.name()) && !isExcluded(file.path()) && !knownFiles.contains(file.path())) {
        files.add(file);
      }
    }
    files.sort(Comparator.comparing(StoredFile::path));
    filesListed += files.size();
    listed.accept(filesListed);
    boolean holdsKnownLocation = false;
    List<String> names = new ArrayList<>(listing.folders());
    names.sort(Comparator.naturalOrder());
    List<Folder> children = new ArrayList<>();
    for (String name : names) {
      String child = Storage.child(path, name);
      if (isHidden(name) || isExcluded(child)) {
        continue;
      }
      if (knownFolders.contains(child)) {
        holdsKnownLocation = true;
        continue;
      }
      Folder folder = walk(child);
      holdsKnownLocation |= folder.holdsKnownLocation();
      if (!folder.files().isEmpty() || !folder.children().isEmpty()) {
        children.add(folder);
      }
    }
    return new Folder(path, files, children, holdsKnownLocation);
  }

  static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".") || name.endsWith("_$folder$");
  }

  private boolean isExcluded(String relativePath) {
    if (exclusions.isEmpty()) {
      return false;
    }
    Path path = Path.of(relativePath);
    for (PathMatcher matcher : exclusions) {
      if (matcher.matches(path)) {
        return true;
      }
    }
    return false;
  }
}
