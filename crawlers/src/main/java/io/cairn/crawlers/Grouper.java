package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import io.cairn.crawlers.FolderClassifier.FileSchema;
import io.cairn.crawlers.FolderClassifier.FolderContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides, bottom-up, which folders are tables and which are partitions, as Glue's crawler does:
 * sibling folders whose schemas are compatible (same format, compression and storage; columns that
 * merge) and similar (more than {@link Schema#SIMILARITY_THRESHOLD} of their columns shared; not
 * asked under CombineCompatibleSchemas) and that are partitioned equally deep become partitions of
 * one table rooted at their parent; otherwise each is a table of its own. Files of several schemas
 * in one folder, or files beside sub-folders, are tables of one file each.
 */
final class Grouper {
  private final Map<String, FolderContent> contents;
  private final boolean combineCompatibleSchemas;

  /** The depth below the target where tables begin (TableLevelConfiguration), or -1. */
  private final int tableDepth;

  Grouper(Map<String, FolderContent> contents, boolean combineCompatibleSchemas, int tableDepth) {
    this.contents = requireNonNull(contents, "contents is null");
    this.combineCompatibleSchemas = combineCompatibleSchemas;
    this.tableDepth = tableDepth;
  }

  /** One partition of a candidate table: its folders below the table's root and its schema. */
  record Part(List<String> folderNames, String folderPath, Schema schema) {
    Part {
      folderNames = List.copyOf(folderNames);
    }
  }

  /**
   * A table the crawl found: rooted at a folder ({@code file} false) or a single file. {@code
   * parts} is one part with no folder names for an unpartitioned table.
   */
  record Candidate(String path, boolean file, List<Part> parts, Schema schema) {
    Candidate {
      parts = List.copyOf(parts);
    }

    int partitionDepth() {
      return parts.get(0).folderNames().size();
    }
  }

  private record Outcome(Candidate candidate, List<Candidate> finished) {}

  /** The tables under {@code root}. */
  List<Candidate> tables(Folder root) {
    Outcome outcome = evaluate(root);
    List<Candidate> tables = new ArrayList<>(outcome.finished());
    if (outcome.candidate() != null) {
      tables.add(0, outcome.candidate());
    }
    return tables;
  }

  private Outcome evaluate(Folder folder) {
    List<Candidate> finished = new ArrayList<>();
    FolderContent content = contents.getOrDefault(folder.path(), FolderContent.EMPTY);
    for (FileSchema file : content.files()) {
      finished.add(
          new Candidate(
              file.file().path(),
              true,
              List.of(new Part(List.of(), folder.path(), file.schema())),
              file.schema()));
    }
    List<Folder> grouped = new ArrayList<>();
    List<Candidate> candidates = new ArrayList<>();
    boolean split = false;
    for (Folder child : folder.children()) {
      Outcome outcome = evaluate(child);
      finished.addAll(outcome.finished());
      if (outcome.candidate() != null) {
        grouped.add(child);
        candidates.add(outcome.candidate());
      } else if (!outcome.finished().isEmpty()) {
        split = true;
      }
    }
    if (candidates.isEmpty()) {
      if (content.schema() != null) {
        Part whole = new Part(List.of(), folder.path(), content.schema());
        return new Outcome(
            new Candidate(folder.path(), false, List.of(whole), content.schema()), finished);
      }
      return new Outcome(null, finished);
    }
    Candidate merged =
        split || folder.holdsKnownLocation() || aboveTableLevel(folder)
            ? null
            : group(folder, grouped, candidates);
    if (merged == null) {
      finished.addAll(candidates);
    }
    return new Outcome(merged, finished);
  }

  private boolean aboveTableLevel(Folder folder) {
    return tableDepth >= 0 && folder.depth() < tableDepth;
  }

  /** The children as partitions of one table rooted at {@code folder}, or {@code null}. */
  private Candidate group(Folder folder, List<Folder> children, List<Candidate> candidates) {
    boolean ignoreSimilarity =
        combineCompatibleSchemas || (tableDepth >= 0 && folder.depth() >= tableDepth);
    Candidate first = candidates.get(0);
    Schema merged = first.schema();
    for (Candidate candidate : candidates) {
      if (candidate.file() || candidate.partitionDepth() != first.partitionDepth()) {
        return null;
      }
      if (candidate == first) {
        continue;
      }
      if (!ignoreSimilarity
          && !(first.schema().similarity(candidate.schema()) > Schema.SIMILARITY_THRESHOLD)) {
        return null;
      }
      merged = merged.combine(candidate.schema());
      if (merged == null) {
        return null;
      }
    }
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      String name = children.get(i).name();
      for (Part part : candidates.get(i).parts()) {
        List<String> names = new ArrayList<>();
        names.add(name);
        names.addAll(part.folderNames());
        parts.add(new Part(names, part.folderPath(), part.schema()));
      }
    }
    return new Candidate(folder.path(), false, parts, merged);
  }
}
