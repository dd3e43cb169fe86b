package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import io.cairn.classifiers.Classification;
import io.cairn.classifiers.Column;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The merged schema and format of a set of files (one file, one folder, one table) with the counts
 * Glue writes as table and partition parameters.
 *
 * @param format the classification of the first file: its storage and format parameters stand for
 *     the set
 * @param columns the union of the files' columns
 */
record Schema(Classification format, List<Column> columns, Statistics statistics) {
  /**
   * Glue's partition threshold: sibling schemas are one table's partitions when they share more
   * than this share of their columns (AWS knowledge center, "How does the AWS Glue crawler detect
   * the schema?").
   */
  static final double SIMILARITY_THRESHOLD = 0.7;

  Schema {
    requireNonNull(format, "format is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(statistics, "statistics is null");
  }

  static Schema of(Classification classification, long size) {
    return new Schema(
        classification, classification.columns(), Statistics.of(classification, size));
  }

  /**
   * Glue's data compatibility: the same format, compression and storage. Everything else (header
   * lines, quoting) may differ from partition to partition.
   */
  boolean isCompatible(Schema other) {
    return format.classification().equals(other.format.classification())
        && format.serdeLibrary().equals(other.format.serdeLibrary())
        && format.inputFormat().equals(other.format.inputFormat())
        && format.outputFormat().equals(other.format.outputFormat())
        && Objects.equals(parameter("compressionType"), other.parameter("compressionType"))
        && Objects.equals(parameter("delimiter"), other.parameter("delimiter"));
  }

  /** The share of all column names that both have, from 0 to 1. */
  double similarity(Schema other) {
    Set<String> left = names(columns);
    Set<String> right = names(other.columns);
    Set<String> union = new HashSet<>(left);
    union.addAll(right);
    if (union.isEmpty()) {
      return 1.0;
    }
    left.retainAll(right);
    return (double) left.size() / union.size();
  }

  /**
   * This and {@code other} as one schema, or {@code null} when they are not compatible, their
   * columns do not merge, or (unless {@code ignoreSimilarity}, Glue's CombineCompatibleSchemas)
   * they are not similar enough.
   */
  Schema mergeWith(Schema other, boolean ignoreSimilarity) {
    if (!isCompatible(other)) {
      return null;
    }
    if (columns.equals(other.columns)) {
      return new Schema(format, columns, statistics.plus(other.statistics));
    }
    if (!ignoreSimilarity && !(similarity(other) > SIMILARITY_THRESHOLD)) {
      return null;
    }
    List<Column> merged = HiveTypes.mergeColumns(columns, other.columns);
    if (merged == null) {
      return null;
    }
    return new Schema(format, merged, statistics.plus(other.statistics));
  }

  /** This and {@code other} as one schema whatever their similarity, or {@code null}. */
  Schema combine(Schema other) {
    return mergeWith(other, true);
  }

  Schema withStatistics(Statistics replacement) {
    return new Schema(format, columns, replacement);
  }

  String parameter(String key) {
    return format.parameters().get(key);
  }

  private static Set<String> names(List<Column> columns) {
    Set<String> names = new HashSet<>();
    for (Column column : columns) {
      names.add(column.name().toLowerCase(Locale.ROOT));
    }
    return names;
  }

  /**
   * Counts over a set of files. {@code records} and {@code recordBytes} are estimates over all
   * {@code objectCount} files, scaled up from the files classified; {@code measured} is false when
   * no classifier reported record counts, and then neither is written.
   */
  record Statistics(
      long objectCount, long sizeKey, double records, double recordBytes, boolean measured) {
    static final Statistics NONE = new Statistics(0, 0, 0, 0, false);

    static Statistics of(Classification classification, long size) {
      Long records = number(classification.parameters().get("recordCount"));
      if (records == null) {
        return new Statistics(1, size, 0, 0, false);
      }
      Long average = number(classification.parameters().get("averageRecordSize"));
      double bytes = average == null ? size : (double) average * records;
      return new Statistics(1, size, records, bytes, true);
    }

    Statistics plus(Statistics other) {
      return new Statistics(
          objectCount + other.objectCount,
          sizeKey + other.sizeKey,
          records + other.records,
          recordBytes + other.recordBytes,
          measured || other.measured);
    }

    /**
     * These counts, measured over {@code classified} files of a folder, extended to all its files:
     * {@code unclassified} more files of {@code unclassifiedBytes} bytes, assumed alike.
     */
    Statistics extendedTo(long unclassified, long unclassifiedBytes, long classified) {
      if (unclassified == 0) {
        return this;
      }
      double scale = classified == 0 ? 1.0 : (double) (classified + unclassified) / classified;
      return new Statistics(
          objectCount + unclassified,
          sizeKey + unclassifiedBytes,
          records * scale,
          recordBytes * scale,
          measured);
    }

    long recordCount() {
      return Math.round(records);
    }

    long averageRecordSize() {
      return records == 0 ? 0 : Math.round(recordBytes / records);
    }

    private static Long number(String value) {
      if (value == null) {
        return null;
      }
      try {
        return Long.parseLong(value.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
