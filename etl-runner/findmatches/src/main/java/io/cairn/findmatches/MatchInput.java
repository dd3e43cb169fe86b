package io.cairn.findmatches;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The records of one matching run: the input rows numbered 0..n-1 (the number is the record's
 * {@code index}), and each as a {@link MatchRecord} with its word frequencies and blocking words.
 * Both are cached; {@link #release()} frees them.
 */
final class MatchInput {
  private final Dataset<Row> rows;
  private final RecordLayout layout;
  private final JavaPairRDD<Row, Long> indexedRows;
  private final JavaRDD<MatchRecord> records;
  private final long count;
  private final int partitions;

  private MatchInput(
      Dataset<Row> rows,
      RecordLayout layout,
      JavaPairRDD<Row, Long> indexedRows,
      JavaRDD<MatchRecord> records,
      long count,
      int partitions) {
    this.rows = rows;
    this.layout = layout;
    this.indexedRows = indexedRows;
    this.records = records;
    this.count = count;
    this.partitions = partitions;
  }

  /**
   * {@code matchIdColumn} names the column holding already assigned match ids (incremental
   * matching), or is null.
   */
  static MatchInput of(
      Dataset<Row> rows, RecordLayout layout, BlockingSettings blocking, String matchIdColumn) {
    requireNonNull(rows, "rows is null");
    JavaPairRDD<Row, Long> indexedRows =
        rows.javaRDD().zipWithIndex().persist(StorageLevel.MEMORY_AND_DISK_SER());
    long count = indexedRows.count();
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("more than " + Integer.MAX_VALUE + " records");
    }
    int partitions =
        Math.max(rows.sparkSession().sparkContext().defaultParallelism(), (int) (count / 50_000));
    int keyIndex = fieldIndex(rows, layout.keyColumn());
    int[] columnIndexes =
        layout.columns().stream().mapToInt(column -> fieldIndex(rows, column.name())).toArray();
    int matchIdIndex = matchIdColumn == null ? -1 : fieldIndex(rows, matchIdColumn);

    JavaPairRDD<Integer, MatchRecord> plain =
        indexedRows.mapToPair(
            entry -> {
              Row row = entry._1();
              int index = entry._2().intValue();
              Object key = row.get(keyIndex);
              if (key == null) {
                throw new IllegalArgumentException(
                    "a record has no value in the primary key column " + layout.keyColumn());
              }
              String[] values = new String[columnIndexes.length];
              Set<String> words = new TreeSet<>();
              for (int c = 0; c < values.length; c++) {
                values[c] = Text.normalize(Text.asString(row.get(columnIndexes[c])));
                words.addAll(Text.words(values[c]));
              }
              long existingMatchId = MatchRecord.NO_MATCH_ID;
              if (matchIdIndex >= 0 && !row.isNullAt(matchIdIndex)) {
                existingMatchId = Long.parseLong(row.get(matchIdIndex).toString());
              }
              return new Tuple2<>(
                  index,
                  new MatchRecord(
                      index,
                      key.toString(),
                      values,
                      words.toArray(String[]::new),
                      new int[0],
                      new String[0],
                      existingMatchId));
            });
    // Words in one record only need no entry: a missing word has frequency 1. The rest travel to
    // every task as one broadcast map, which costs one combining shuffle instead of joins.
    Map<String, Integer> shared =
        plain
            .flatMapToPair(
                entry ->
                    Arrays.stream(entry._2().tokens)
                        .map(token -> new Tuple2<>(token, 1))
                        .iterator())
            .reduceByKey(Integer::sum, partitions)
            .filter(entry -> entry._2() >= 2)
            .collectAsMap();
    Broadcast<Map<String, Integer>> frequencies =
        JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext())
            .broadcast(new HashMap<>(shared));
    JavaRDD<MatchRecord> records =
        plain
            .values()
            .map(
                base -> {
                  Map<String, Integer> byToken = frequencies.value();
                  int[] tokenFrequencies = new int[base.tokens.length];
                  List<String> eligible = new ArrayList<>();
                  for (int t = 0; t < base.tokens.length; t++) {
                    tokenFrequencies[t] = byToken.getOrDefault(base.tokens[t], 1);
                    if (tokenFrequencies[t] >= 2
                        && tokenFrequencies[t] <= blocking.maximumBlockSize()) {
                      eligible.add(base.tokens[t]);
                    }
                  }
                  eligible.sort(
                      (x, y) -> {
                        int order =
                            Integer.compare(byToken.getOrDefault(x, 1), byToken.getOrDefault(y, 1));
                        return order != 0 ? order : x.compareTo(y);
                      });
                  String[] blockingTokens =
                      eligible.stream()
                          .limit(blocking.tokensPerRecord())
                          .sorted()
                          .toArray(String[]::new);
                  return new MatchRecord(
                      base.index,
                      base.key,
                      base.values,
                      base.tokens,
                      tokenFrequencies,
                      blockingTokens,
                      base.existingMatchId);
                })
            .persist(StorageLevel.MEMORY_AND_DISK_SER());
    return new MatchInput(rows, layout, indexedRows, records, count, partitions);
  }

  Dataset<Row> rows() {
    return rows;
  }

  RecordLayout layout() {
    return layout;
  }

  JavaPairRDD<Row, Long> indexedRows() {
    return indexedRows;
  }

  JavaRDD<MatchRecord> records() {
    return records;
  }

  long count() {
    return count;
  }

  int partitions() {
    return partitions;
  }

  /** The records with these primary keys, by key. */
  Map<String, MatchRecord> recordsWithKeys(Set<String> keys) {
    Set<String> wanted = Set.copyOf(keys);
    Map<String, MatchRecord> byKey = new HashMap<>();
    for (MatchRecord record : records.filter(record -> wanted.contains(record.key)).collect()) {
      byKey.put(record.key, record);
    }
    return byKey;
  }

  void release() {
    records.unpersist(false);
    indexedRows.unpersist(false);
  }

  private static int fieldIndex(Dataset<Row> rows, String name) {
    String[] columns = rows.columns();
    for (int i = 0; i < columns.length; i++) {
      if (columns[i].equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no column " + name + " in the input");
  }
}
