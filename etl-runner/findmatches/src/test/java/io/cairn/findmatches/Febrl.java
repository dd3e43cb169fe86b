package io.cairn.findmatches;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A Febrl data set (../shared/data/febrl) with the entity hidden: the matcher sees a synthetic key
 * {@code id} and the record columns; the entity ({@code <n>} of {@code rec-<n>-org/dup-<k>}) stays
 * here, for scoring and for the oracle that labels labeling sets.
 */
final class Febrl {
  final Dataset<Row> records;
  final Map<String, String> entityOfKey;

  /** Records with an {@code entity} column (the truth), which the matcher does not see. */
  static Febrl ofGenerated(Dataset<Row> withEntity) {
    Map<String, String> entityOfKey = new HashMap<>();
    for (Row row : withEntity.select("id", "entity").collectAsList()) {
      entityOfKey.put(row.getString(0), Long.toString(row.getLong(1)));
    }
    return new Febrl(withEntity.drop("entity").cache(), entityOfKey);
  }

  private Febrl(Dataset<Row> records, Map<String, String> entityOfKey) {
    this.records = records;
    this.entityOfKey = entityOfKey;
  }

  static Path dataDirectory() {
    String root = System.getenv("CAIRN_REPO_ROOT");
    Path base = root == null ? Path.of("").toAbsolutePath() : Path.of(root);
    for (Path candidate = base; candidate != null; candidate = candidate.getParent()) {
      Path data = candidate.resolveSibling("shared").resolve("data").resolve("febrl");
      if (Files.isDirectory(data)) {
        return data;
      }
    }
    return Path.of("/work/shared/data/febrl");
  }

  static Febrl load(SparkSession spark, String file) throws Exception {
    List<String> lines = Files.readAllLines(dataDirectory().resolve(file));
    String[] header = lines.get(0).split(",");
    StructType schema = new StructType().add("id", DataTypes.StringType, false);
    for (int i = 1; i < header.length; i++) {
      schema = schema.add(header[i].trim(), DataTypes.StringType, true);
    }
    List<Row> rows = new ArrayList<>();
    Map<String, String> entityOfKey = new HashMap<>();
    for (int line = 1; line < lines.size(); line++) {
      String[] fields = lines.get(line).split(",", -1);
      String key = Integer.toString(line);
      String recordId = fields[0].trim();
      entityOfKey.put(key, recordId.split("-")[1]);
      Object[] values = new Object[header.length];
      values[0] = key;
      for (int i = 1; i < header.length; i++) {
        String value = i < fields.length ? fields[i].trim() : "";
        values[i] = value.isEmpty() ? null : value;
      }
      rows.add(RowFactory.create(values));
    }
    return new Febrl(spark.createDataFrame(rows, schema).cache(), entityOfKey);
  }

  /** The oracle: labels each record of the labeling sets with its true entity. */
  Labels label(Dataset<Row> labelingSets) {
    List<Labels.LabelledRecord> labelled = new ArrayList<>();
    for (Row row : labelingSets.select("labeling_set_id", "id").collectAsList()) {
      labelled.add(
          new Labels.LabelledRecord(
              row.getString(0), entityOfKey.get(row.getString(1)), row.getString(1)));
    }
    return new Labels(labelled);
  }

  /** Pairwise precision, recall, F1 of match groups against the true entities. */
  Quality score(Dataset<Row> matches) {
    Map<Long, Map<String, Integer>> cells = new HashMap<>();
    Map<String, Integer> entitySizes = new HashMap<>();
    for (Row row : matches.select("id", FindMatches.MATCH_ID_COLUMN).collectAsList()) {
      String entity = entityOfKey.get(row.getString(0));
      cells.computeIfAbsent(row.getLong(1), id -> new HashMap<>()).merge(entity, 1, Integer::sum);
      entitySizes.merge(entity, 1, Integer::sum);
    }
    long predicted = 0;
    long correct = 0;
    for (Map<String, Integer> group : cells.values()) {
      int size = group.values().stream().mapToInt(Integer::intValue).sum();
      predicted += pairs(size);
      for (int count : group.values()) {
        correct += pairs(count);
      }
    }
    long actual = entitySizes.values().stream().mapToLong(Febrl::pairs).sum();
    return new Quality(correct, predicted, actual);
  }

  /** The share of true pairs that blocking with these settings makes candidates. */
  double pairsCompleteness(FindMatches findMatches) {
    MatchInput input =
        MatchInput.of(
            records,
            RecordLayout.profile(records, "id"),
            findMatches.parameters().blocking(),
            null);
    try {
      Map<String, List<MatchRecord>> byEntity = new HashMap<>();
      for (MatchRecord record : input.records().collect()) {
        byEntity.computeIfAbsent(entityOfKey.get(record.key), e -> new ArrayList<>()).add(record);
      }
      long truePairs = 0;
      long kept = 0;
      for (List<MatchRecord> group : byEntity.values()) {
        for (int i = 0; i < group.size(); i++) {
          for (int j = i + 1; j < group.size(); j++) {
            truePairs++;
            if (CandidatePairs.isCandidate(
                group.get(i), group.get(j), findMatches.parameters().blocking(), input.count())) {
              kept++;
            }
          }
        }
      }
      return kept / (double) truePairs;
    } finally {
      input.release();
    }
  }

  private static long pairs(long n) {
    return n * (n - 1) / 2;
  }

  record Quality(long correctPairs, long predictedPairs, long truePairs) {
    double precision() {
      return predictedPairs == 0 ? 0 : correctPairs / (double) predictedPairs;
    }

    double recall() {
      return correctPairs / (double) truePairs;
    }

    double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }

  /** One round of active learning: sets from the current model, labelled by the oracle. */
  Labels labelRound(FindMatches findMatches, Labels labels, Optional<MatchModel> model, int round) {
    Dataset<Row> sets =
        findMatches.generateLabelingSets(records, labels, model, "round" + round, 10, 15);
    return labels.plus(label(sets));
  }
}
