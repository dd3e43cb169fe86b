package io.cairn.findmatches;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A transform's labels, as Glue's labeling file has them: each labelled record is in a labeling set
 * and has a label. Within one set, records with equal labels are the same entity and records with
 * different labels are different entities; across sets nothing is implied.
 */
public final class Labels {
  public static final String LABELING_SET_ID_COLUMN = "labeling_set_id";
  public static final String LABEL_COLUMN = "label";

  /** One labelled record. */
  public record LabelledRecord(String labelingSetId, String label, String key) {
    public LabelledRecord {
      requireNonNull(labelingSetId, "labelingSetId is null");
      requireNonNull(label, "label is null");
      requireNonNull(key, "key is null");
    }
  }

  /** Two records (keys in sorted order) and whether they are one entity. */
  public record LabelledPair(String keyA, String keyB, boolean match, String labelingSetId) {}

  private final List<LabelledRecord> records;

  public Labels(List<LabelledRecord> records) {
    this.records = List.copyOf(records);
  }

  public static Labels none() {
    return new Labels(List.of());
  }

  /**
   * Labels from a labeling file's rows; rows with an empty label are unlabelled and skipped. Fails
   * when the file lacks {@code labeling_set_id}, {@code label} or the key column.
   */
  public static Labels fromRows(Dataset<Row> rows, String keyColumn) {
    String setColumn = column(rows, LABELING_SET_ID_COLUMN);
    String labelColumn = column(rows, LABEL_COLUMN);
    String key = column(rows, keyColumn);
    List<LabelledRecord> records = new ArrayList<>();
    for (Row row : rows.select(setColumn, labelColumn, key).collectAsList()) {
      String set = Text.asString(row.get(0));
      String label = Text.asString(row.get(1));
      String keyValue = Text.asString(row.get(2));
      if (set == null || set.isBlank() || label == null || label.isBlank() || keyValue == null) {
        continue;
      }
      records.add(new LabelledRecord(set.trim(), label.trim(), keyValue.trim()));
    }
    return new Labels(records);
  }

  /** Labels from a local labeling file (CSV with a header). */
  public static Labels fromCsvFile(java.nio.file.Path file, String keyColumn) {
    try {
      List<List<String>> rows =
          Csv.parse(java.nio.file.Files.readString(file, StandardCharsets.UTF_8));
      if (rows.isEmpty()) {
        return none();
      }
      List<String> header = rows.get(0);
      int set = columnIndex(header, LABELING_SET_ID_COLUMN);
      int label = columnIndex(header, LABEL_COLUMN);
      int key = columnIndex(header, keyColumn);
      List<LabelledRecord> records = new ArrayList<>();
      for (List<String> row : rows.subList(1, rows.size())) {
        String setValue = set < row.size() ? row.get(set).trim() : "";
        String labelValue = label < row.size() ? row.get(label).trim() : "";
        String keyValue = key < row.size() ? row.get(key).trim() : "";
        if (!setValue.isEmpty() && !labelValue.isEmpty() && !keyValue.isEmpty()) {
          records.add(new LabelledRecord(setValue, labelValue, keyValue));
        }
      }
      return new Labels(records);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the labels in " + file, e);
    }
  }

  private static int columnIndex(List<String> header, String name) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).trim().equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("the labels have no column " + name);
  }

  public List<LabelledRecord> records() {
    return records;
  }

  public boolean isEmpty() {
    return records.isEmpty();
  }

  public int size() {
    return records.size();
  }

  public Set<String> keys() {
    Set<String> keys = new TreeSet<>();
    records.forEach(record -> keys.add(record.key()));
    return keys;
  }

  public Set<String> labelingSetIds() {
    Set<String> ids = new TreeSet<>();
    records.forEach(record -> ids.add(record.labelingSetId()));
    return ids;
  }

  /** These labels followed by {@code more}. */
  public Labels plus(Labels more) {
    List<LabelledRecord> all = new ArrayList<>(records);
    all.addAll(more.records);
    return new Labels(all);
  }

  /**
   * Every pair of distinct records in a common labeling set. A pair labelled in several sets keeps
   * the later set's answer.
   */
  public List<LabelledPair> pairs() {
    Map<String, List<LabelledRecord>> bySet = new LinkedHashMap<>();
    for (LabelledRecord record : records) {
      bySet.computeIfAbsent(record.labelingSetId(), id -> new ArrayList<>()).add(record);
    }
    Map<List<String>, LabelledPair> pairs = new LinkedHashMap<>();
    for (List<LabelledRecord> set : bySet.values()) {
      for (int i = 0; i < set.size(); i++) {
        for (int j = i + 1; j < set.size(); j++) {
          LabelledRecord a = set.get(i);
          LabelledRecord b = set.get(j);
          if (a.key().equals(b.key())) {
            continue;
          }
          boolean ordered = a.key().compareTo(b.key()) < 0;
          String first = ordered ? a.key() : b.key();
          String second = ordered ? b.key() : a.key();
          pairs.put(
              List.of(first, second),
              new LabelledPair(first, second, a.label().equals(b.label()), a.labelingSetId()));
        }
      }
    }
    return List.copyOf(pairs.values());
  }

  /** A digest of the labels, so a model knows which labels it was trained on. */
  public String digest() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (LabelledRecord record : records) {
        digest.update(
            (record.labelingSetId() + '\u0000' + record.label() + '\u0000' + record.key() + '\n')
                .getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String column(Dataset<Row> rows, String name) {
    for (String column : rows.columns()) {
      if (column.trim().equalsIgnoreCase(name)) {
        return column;
      }
    }
    throw new IllegalArgumentException("the labels have no column " + name);
  }
}
