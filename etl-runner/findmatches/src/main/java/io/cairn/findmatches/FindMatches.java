package io.cairn.findmatches;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;

/**
 * Glue's FindMatches on Spark: labeling-set generation (active learning), training and evaluation
 * from labels, matching a table, and matching new records against a matched table. The design is in
 * this module's README.
 */
public final class FindMatches {
  public static final String MATCH_ID_COLUMN = "match_id";
  public static final String MATCH_CONFIDENCE_COLUMN = "match_confidence_score";

  /** Pairs with a lower probability say nothing about a record's confidence worth keeping. */
  private static final double CONFIDENCE_FLOOR = 0.2;

  private static final int EVALUATION_FOLDS = 5;
  private static final int UNCERTAIN_CANDIDATES = 400;

  private final SparkSession spark;
  private final MatchingParameters parameters;
  private Dataset<Row> preparedRows;
  private MatchInput prepared;

  public FindMatches(SparkSession spark, MatchingParameters parameters) {
    this.spark = requireNonNull(spark, "spark is null");
    this.parameters = requireNonNull(parameters, "parameters is null");
  }

  public MatchingParameters parameters() {
    return parameters;
  }

  /** What a matching run produced, and figures about it. */
  public record MatchOutcome(
      Dataset<Row> matches,
      long records,
      long candidatePairs,
      long matchedPairs,
      int matchGroups,
      int safeguardRejections,
      int labelViolations) {}

  /** A model trained on all labels, and its quality measured on held-out labelled pairs. */
  public record Evaluation(MatchModel model, FindMatchesMetrics metrics) {}

  /** Trains a model on every labelled pair whose records are in {@code records}. */
  public MatchModel train(Dataset<Row> records, Labels labels) {
    MatchInput input =
        prepare(records, RecordLayout.profile(records, parameters.primaryKeyColumnName()));
    PairFeatures features = new PairFeatures(input.layout());
    List<LabelledExample> examples = labelledExamples(input, features, labels);
    return MatchModel.train(
        spark, features, examples.stream().map(LabelledExample::example).toList(), labels.digest());
  }

  /**
   * Measures quality by k-fold cross-validation over labeling sets (pairs of one set are never
   * split between training and test), then trains the final model on all labels.
   */
  public Evaluation evaluate(Dataset<Row> records, Labels labels) {
    MatchInput input =
        prepare(records, RecordLayout.profile(records, parameters.primaryKeyColumnName()));
    PairFeatures features = new PairFeatures(input.layout());
    List<LabelledExample> examples = labelledExamples(input, features, labels);
    List<MatchModel.Example> all = examples.stream().map(LabelledExample::example).toList();
    MatchModel model = MatchModel.train(spark, features, all, labels.digest());

    List<String> setIds = new ArrayList<>(labels.labelingSetIds());
    setIds.sort(Comparator.comparingInt(String::hashCode).thenComparing(Comparator.naturalOrder()));
    int folds = Math.min(EVALUATION_FOLDS, setIds.size());
    Map<String, Integer> foldOfSet = new HashMap<>();
    for (int i = 0; i < setIds.size(); i++) {
      foldOfSet.put(setIds.get(i), i % folds);
    }
    List<double[]> heldOut = new ArrayList<>();
    for (int fold = 0; fold < folds; fold++) {
      List<MatchModel.Example> training = new ArrayList<>();
      List<LabelledExample> test = new ArrayList<>();
      for (LabelledExample example : examples) {
        if (foldOfSet.get(example.labelingSetId()) == fold) {
          test.add(example);
        } else {
          training.add(example.example());
        }
      }
      if (test.isEmpty()) {
        continue;
      }
      boolean trainable =
          training.stream().anyMatch(MatchModel.Example::match)
              && training.stream().anyMatch(example -> !example.match());
      if (!trainable) {
        continue;
      }
      RandomForestClassificationModel forest = MatchModel.fit(spark, training);
      for (LabelledExample example : test) {
        heldOut.add(
            new double[] {
              MatchModel.probability(forest, example.example().features()),
              example.example().match() ? 1 : 0
            });
      }
    }
    if (heldOut.isEmpty()) {
      // Metrics of nothing would read as zeros that were measured.
      throw new IllegalArgumentException(
          "no labelled pair could be held out from training: evaluation needs labels from at least"
              + " two labeling sets, with matching and non-matching pairs besides each");
    }
    double completeness = pairsCompleteness(input, labels);
    return new Evaluation(model, metrics(heldOut, model.columnImportances(), completeness));
  }

  /**
   * Labeling sets for a person to label: each round proposes the records whose pairs the current
   * model (or, before any model, an untrained similarity) is least sure of, spread out in feature
   * space so that sets do not repeat one kind of doubt, each set grown around its uncertain pair
   * with the records most likely to match either of them. Rows: {@code labeling_set_id}, an empty
   * {@code label}, then the record's columns.
   */
  public Dataset<Row> generateLabelingSets(
      Dataset<Row> records,
      Labels labels,
      Optional<MatchModel> model,
      String labelingSetIdPrefix,
      int setCount,
      int setSize) {
    if (setCount < 1 || setSize < 2) {
      throw new IllegalArgumentException("invalid labeling set count or size");
    }
    RecordLayout layout =
        model
            .map(MatchModel::layout)
            .orElseGet(() -> RecordLayout.profile(records, parameters.primaryKeyColumnName()));
    MatchInput input = prepare(records, layout);
    PairFeatures features = new PairFeatures(layout);
    PairScorer scorer =
        model.map(MatchModel::scorer).orElseGet(() -> PairScorer.untrained(features));
    double threshold = model.isPresent() ? parameters.decisionThreshold() : 0.5;
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<ScoredPair> scored =
        CandidatePairs.score(
                input,
                parameters.blocking(),
                features,
                context.broadcast(scorer),
                0.0,
                true,
                false,
                null)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Set<String> labelledPairs = new HashSet<>();
      for (Labels.LabelledPair pair : labels.pairs()) {
        labelledPairs.add(pair.keyA() + '\u0000' + pair.keyB());
      }
      Set<String> labelledKeys = labels.keys();
      Broadcast<Set<String>> skip = context.broadcast(labelledPairs);
      List<ScoredPair> uncertain =
          scored
              .filter(pair -> !skip.value().contains(pairKey(pair.keyA(), pair.keyB())))
              .takeOrdered(UNCERTAIN_CANDIDATES, new ByUncertainty(threshold));
      List<ScoredPair> seeds = diverseSeeds(uncertain, threshold, setCount, labelledKeys);
      Set<Integer> seedRecords = new HashSet<>();
      seeds.forEach(
          seed -> {
            seedRecords.add(seed.indexA());
            seedRecords.add(seed.indexB());
          });
      Map<Integer, List<ScoredPair>> neighbors = neighborsOf(scored, seedRecords, context);
      Set<Integer> firstLevel = new HashSet<>();
      neighbors
          .values()
          .forEach(
              list ->
                  list.forEach(
                      pair -> {
                        firstLevel.add(pair.indexA());
                        firstLevel.add(pair.indexB());
                      }));
      firstLevel.removeAll(seedRecords);
      neighbors.putAll(neighborsOf(scored, firstLevel, context));

      Map<Integer, String> setOfRecord = new LinkedHashMap<>();
      for (int s = 0; s < seeds.size(); s++) {
        String setId = labelingSetIdPrefix + "-" + (s + 1);
        // Records of this round's other sets and other seeds are not this set's to take.
        Set<Integer> taken = new HashSet<>(setOfRecord.keySet());
        taken.addAll(seedRecords);
        taken.remove(seeds.get(s).indexA());
        taken.remove(seeds.get(s).indexB());
        List<Integer> members = new ArrayList<>(growSet(seeds.get(s), neighbors, taken, setSize));
        // Few candidates around the seed (a small table): fill up with other uncertain pairs.
        for (ScoredPair pair : uncertain) {
          if (members.size() + 2 > setSize) {
            break;
          }
          if (!members.contains(pair.indexA())
              && !members.contains(pair.indexB())
              && !setOfRecord.containsKey(pair.indexA())
              && !setOfRecord.containsKey(pair.indexB())
              && !seedRecords.contains(pair.indexA())
              && !seedRecords.contains(pair.indexB())) {
            members.add(pair.indexA());
            members.add(pair.indexB());
          }
        }
        for (int member : members) {
          setOfRecord.put(member, setId);
        }
      }
      return labelingSetRows(input, setOfRecord, context);
    } finally {
      scored.unpersist(false);
    }
  }

  /** Matches every record of {@code records} with the others. */
  public MatchOutcome findMatches(
      Dataset<Row> records, MatchModel model, Labels labels, boolean withConfidence) {
    MatchInput input = prepare(records, requireColumns(records, model));
    return match(input, model, labels, withConfidence, false);
  }

  /**
   * Matches {@code newRecords} against {@code matched} (which has {@code match_id}): every record
   * of {@code matched} keeps its match id, a new record joins an existing group or starts its own.
   * The output has the records of both.
   */
  public MatchOutcome findIncrementalMatches(
      Dataset<Row> matched,
      Dataset<Row> newRecords,
      MatchModel model,
      Labels labels,
      boolean withConfidence) {
    String matchId = columnNamed(matched, MATCH_ID_COLUMN);
    if (matchId == null) {
      throw new IllegalArgumentException("the matched table has no " + MATCH_ID_COLUMN + " column");
    }
    Dataset<Row> existing = matched;
    String confidence = columnNamed(existing, MATCH_CONFIDENCE_COLUMN);
    if (confidence != null) {
      existing = existing.drop(confidence);
    }
    Dataset<Row> additions = newRecords;
    for (String reserved : new String[] {MATCH_ID_COLUMN, MATCH_CONFIDENCE_COLUMN}) {
      String column = columnNamed(additions, reserved);
      if (column != null) {
        additions = additions.drop(column);
      }
    }
    requireColumns(additions, model);
    Dataset<Row> combined =
        existing
            .withColumn(matchId, existing.col(matchId).cast(DataTypes.LongType))
            .unionByName(additions, true);
    MatchInput input = prepare(combined, requireColumns(combined, model), matchId);
    return match(input, model, labels, withConfidence, true);
  }

  private MatchOutcome match(
      MatchInput input,
      MatchModel model,
      Labels labels,
      boolean withConfidence,
      boolean incremental) {
    double threshold = parameters.decisionThreshold();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    LongAccumulator candidates = spark.sparkContext().longAccumulator("candidate pairs");
    List<ScoredPair> pairs =
        CandidatePairs.score(
                input,
                parameters.blocking(),
                model.features(),
                context.broadcast(model.scorer()),
                withConfidence ? Math.min(threshold, CONFIDENCE_FLOOR) : threshold,
                false,
                incremental,
                candidates)
            .collect();
    int recordCount = (int) input.count();
    Map<String, MatchRecord> labelled = input.recordsWithKeys(labels.keys());
    List<int[]> mustLink = new ArrayList<>();
    List<int[]> cannotLink = new ArrayList<>();
    for (Labels.LabelledPair pair : labels.pairs()) {
      MatchRecord a = labelled.get(pair.keyA());
      MatchRecord b = labelled.get(pair.keyB());
      if (a != null && b != null) {
        (pair.match() ? mustLink : cannotLink).add(new int[] {a.index, b.index});
      }
    }
    long[] existingIds = MatchGroups.noExistingIds(recordCount);
    if (incremental) {
      for (scala.Tuple2<Integer, Long> entry :
          input
              .records()
              .filter(MatchRecord::isExisting)
              .mapToPair(record -> new scala.Tuple2<>(record.index, record.existingMatchId))
              .collect()) {
        existingIds[entry._1()] = entry._2();
      }
    }
    boolean enforce = parameters.enforceProvidedLabels();
    List<ScoredPair> grouped = pairs;
    if (enforce) {
      Set<Long> excluded = new HashSet<>();
      for (int[] pair : cannotLink) {
        excluded.add(orderedPair(pair[0], pair[1]));
      }
      grouped =
          pairs.stream()
              .filter(pair -> !excluded.contains(orderedPair(pair.indexA(), pair.indexB())))
              .toList();
    }
    MatchGroups.Result result =
        MatchGroups.group(
            recordCount,
            grouped,
            threshold,
            existingIds,
            enforce ? mustLink : List.of(),
            enforce ? cannotLink : List.of(),
            MatchGroups.MINIMUM_LINK_DENSITY,
            MatchGroups.MAXIMUM_GROUP_SIZE);
    int violations = 0;
    for (int[] pair : mustLink) {
      violations += result.matchIds()[pair[0]] == result.matchIds()[pair[1]] ? 0 : 1;
    }
    for (int[] pair : cannotLink) {
      violations += result.matchIds()[pair[0]] == result.matchIds()[pair[1]] ? 1 : 0;
    }
    long matched = pairs.stream().filter(pair -> pair.probability() >= threshold).count();
    Dataset<Row> output = outputRows(input, result, withConfidence, context);
    return new MatchOutcome(
        output,
        recordCount,
        candidates.value(),
        matched,
        result.groups(),
        result.safeguardRejections(),
        violations);
  }

  private Dataset<Row> outputRows(
      MatchInput input,
      MatchGroups.Result result,
      boolean withConfidence,
      JavaSparkContext context) {
    StructType inputSchema = input.rows().schema();
    String existingMatchId = columnNamed(input.rows(), MATCH_ID_COLUMN);
    List<Integer> kept = new ArrayList<>();
    StructType schema = new StructType();
    for (int i = 0; i < inputSchema.fields().length; i++) {
      StructField field = inputSchema.fields()[i];
      if (!field.name().equals(existingMatchId)) {
        kept.add(i);
        schema = schema.add(field);
      }
    }
    schema = schema.add(MATCH_ID_COLUMN, DataTypes.LongType, false);
    if (withConfidence) {
      schema = schema.add(MATCH_CONFIDENCE_COLUMN, DataTypes.DoubleType, false);
    }
    Broadcast<long[]> matchIds = context.broadcast(result.matchIds());
    Broadcast<double[]> confidence = context.broadcast(result.confidence());
    int[] keptColumns = kept.stream().mapToInt(Integer::intValue).toArray();
    JavaRDD<Row> rows =
        input
            .indexedRows()
            .map(
                entry -> {
                  Row row = entry._1();
                  int index = entry._2().intValue();
                  Object[] values = new Object[keptColumns.length + (withConfidence ? 2 : 1)];
                  for (int i = 0; i < keptColumns.length; i++) {
                    values[i] = row.get(keptColumns[i]);
                  }
                  values[keptColumns.length] = matchIds.value()[index];
                  if (withConfidence) {
                    values[keptColumns.length + 1] = confidence.value()[index];
                  }
                  return RowFactory.create(values);
                });
    return spark.createDataFrame(rows, schema);
  }

  private Dataset<Row> labelingSetRows(
      MatchInput input, Map<Integer, String> setOfRecord, JavaSparkContext context) {
    StructType schema =
        new StructType()
            .add(Labels.LABELING_SET_ID_COLUMN, DataTypes.StringType, false)
            .add(Labels.LABEL_COLUMN, DataTypes.StringType, true);
    for (StructField field : input.rows().schema().fields()) {
      schema = schema.add(field);
    }
    Broadcast<Map<Integer, String>> sets = context.broadcast(new HashMap<>(setOfRecord));
    JavaRDD<Row> rows =
        input
            .indexedRows()
            .filter(entry -> sets.value().containsKey(entry._2().intValue()))
            .map(
                entry -> {
                  Row row = entry._1();
                  Object[] values = new Object[row.size() + 2];
                  values[0] = sets.value().get(entry._2().intValue());
                  values[1] = null;
                  for (int i = 0; i < row.size(); i++) {
                    values[i + 2] = row.get(i);
                  }
                  return RowFactory.create(values);
                });
    return spark
        .createDataFrame(rows, schema)
        .orderBy(Labels.LABELING_SET_ID_COLUMN, input.layout().keyColumn());
  }

  /** The pairs most uncertain first, each next seed as far as possible from the ones before. */
  static List<ScoredPair> diverseSeeds(
      List<ScoredPair> uncertain, double threshold, int count, Set<String> labelledKeys) {
    List<ScoredPair> candidates = new ArrayList<>();
    for (ScoredPair pair : uncertain) {
      if (!(labelledKeys.contains(pair.keyA()) && labelledKeys.contains(pair.keyB()))) {
        candidates.add(pair);
      }
    }
    if (candidates.isEmpty()) {
      candidates.addAll(uncertain);
    }
    List<ScoredPair> seeds = new ArrayList<>();
    Set<Integer> used = new HashSet<>();
    double[] nearest = new double[candidates.size()];
    Arrays.fill(nearest, Double.MAX_VALUE);
    while (seeds.size() < count) {
      int best = -1;
      double bestScore = -1;
      for (int i = 0; i < candidates.size(); i++) {
        ScoredPair pair = candidates.get(i);
        if (used.contains(pair.indexA()) || used.contains(pair.indexB())) {
          continue;
        }
        double certainty = Math.abs(pair.probability() - threshold);
        double score = seeds.isEmpty() ? -certainty : Math.min(nearest[i], 1e6) * (1.0 - certainty);
        if (best < 0 || score > bestScore) {
          best = i;
          bestScore = score;
        }
      }
      if (best < 0) {
        break;
      }
      ScoredPair seed = candidates.get(best);
      seeds.add(seed);
      used.add(seed.indexA());
      used.add(seed.indexB());
      for (int i = 0; i < candidates.size(); i++) {
        nearest[i] = Math.min(nearest[i], distance(candidates.get(i).features(), seed.features()));
      }
    }
    return seeds;
  }

  private static double distance(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  /**
   * The seed pair, then the records most likely to match any member so far, never a record that is
   * in another set of this round.
   */
  static List<Integer> growSet(
      ScoredPair seed, Map<Integer, List<ScoredPair>> neighbors, Set<Integer> taken, int setSize) {
    List<Integer> members = new ArrayList<>();
    Set<Integer> inSet = new HashSet<>();
    for (int index : new int[] {seed.indexA(), seed.indexB()}) {
      if (!taken.contains(index) && inSet.add(index)) {
        members.add(index);
      }
    }
    int expanded = 0;
    while (members.size() < setSize && expanded < members.size()) {
      int member = members.get(expanded++);
      List<ScoredPair> around = new ArrayList<>(neighbors.getOrDefault(member, List.of()));
      around.sort(Comparator.comparingDouble(ScoredPair::probability).reversed());
      for (ScoredPair pair : around) {
        int other = pair.indexA() == member ? pair.indexB() : pair.indexA();
        if (members.size() >= setSize) {
          break;
        }
        if (!taken.contains(other) && inSet.add(other)) {
          members.add(other);
        }
      }
    }
    return members;
  }

  private static Map<Integer, List<ScoredPair>> neighborsOf(
      JavaRDD<ScoredPair> scored, Set<Integer> records, JavaSparkContext context) {
    Map<Integer, List<ScoredPair>> neighbors = new HashMap<>();
    if (records.isEmpty()) {
      return neighbors;
    }
    Broadcast<Set<Integer>> wanted = context.broadcast(new HashSet<>(records));
    for (ScoredPair pair :
        scored
            .filter(
                pair ->
                    wanted.value().contains(pair.indexA())
                        || wanted.value().contains(pair.indexB()))
            .map(
                pair ->
                    new ScoredPair(
                        pair.indexA(),
                        pair.indexB(),
                        pair.keyA(),
                        pair.keyB(),
                        pair.probability(),
                        null))
            .collect()) {
      for (int index : new int[] {pair.indexA(), pair.indexB()}) {
        if (records.contains(index)) {
          neighbors.computeIfAbsent(index, k -> new ArrayList<>()).add(pair);
        }
      }
    }
    return neighbors;
  }

  /** Orders pairs by how close their probability is to the threshold. */
  private record ByUncertainty(double threshold)
      implements Comparator<ScoredPair>, java.io.Serializable {
    @Override
    public int compare(ScoredPair a, ScoredPair b) {
      int order =
          Double.compare(
              Math.abs(a.probability() - threshold), Math.abs(b.probability() - threshold));
      if (order != 0) {
        return order;
      }
      return Long.compare(orderedPair(a.indexA(), a.indexB()), orderedPair(b.indexA(), b.indexB()));
    }
  }

  /** Labelled pairs whose records are both in the input, with their features. */
  private record LabelledExample(MatchModel.Example example, String labelingSetId) {}

  private List<LabelledExample> labelledExamples(
      MatchInput input, PairFeatures features, Labels labels) {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("the transform has no labels to learn from");
    }
    Map<String, MatchRecord> byKey = input.recordsWithKeys(labels.keys());
    Map<String, PreparedRecord> prepared = new HashMap<>();
    byKey.forEach(
        (key, record) ->
            prepared.put(key, new PreparedRecord(record, features.layout(), input.count())));
    List<LabelledExample> examples = new ArrayList<>();
    for (Labels.LabelledPair pair : labels.pairs()) {
      PreparedRecord a = prepared.get(pair.keyA());
      PreparedRecord b = prepared.get(pair.keyB());
      if (a == null || b == null) {
        continue;
      }
      boolean ordered = a.record.index < b.record.index;
      double[] values = ordered ? features.compute(a, b) : features.compute(b, a);
      examples.add(
          new LabelledExample(new MatchModel.Example(values, pair.match()), pair.labelingSetId()));
    }
    return examples;
  }

  /** The share of pairs labelled as matches (both records in the input) that blocking keeps. */
  private double pairsCompleteness(MatchInput input, Labels labels) {
    Map<String, MatchRecord> byKey = input.recordsWithKeys(labels.keys());
    int matches = 0;
    int kept = 0;
    for (Labels.LabelledPair pair : labels.pairs()) {
      MatchRecord a = byKey.get(pair.keyA());
      MatchRecord b = byKey.get(pair.keyB());
      if (pair.match() && a != null && b != null) {
        matches++;
        if (CandidatePairs.isCandidate(a, b, parameters.blocking(), input.count())) {
          kept++;
        }
      }
    }
    return matches == 0 ? Double.NaN : kept / (double) matches;
  }

  private FindMatchesMetrics metrics(
      List<double[]> heldOut, Map<String, Double> importances, double completeness) {
    double threshold = parameters.decisionThreshold();
    List<double[]> ranked = new ArrayList<>(heldOut);
    ranked.sort((a, b) -> Double.compare(b[0], a[0]));
    long positives = ranked.stream().filter(entry -> entry[1] == 1).count();
    double averagePrecision = 0;
    double maximumF1 = 0;
    long truePositivesSoFar = 0;
    for (int i = 0; i < ranked.size(); i++) {
      if (ranked.get(i)[1] == 1) {
        truePositivesSoFar++;
        averagePrecision += truePositivesSoFar / (double) (i + 1);
      }
      boolean boundary = i + 1 == ranked.size() || ranked.get(i + 1)[0] != ranked.get(i)[0];
      if (boundary && positives > 0) {
        double precision = truePositivesSoFar / (double) (i + 1);
        double recall = truePositivesSoFar / (double) positives;
        if (precision + recall > 0) {
          maximumF1 = Math.max(maximumF1, 2 * precision * recall / (precision + recall));
        }
      }
    }
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (double[] entry : heldOut) {
      boolean predicted = entry[0] >= threshold;
      boolean actual = entry[1] == 1;
      if (predicted && actual) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (actual) {
        fn++;
      } else {
        tn++;
      }
    }
    double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
    double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new FindMatchesMetrics(
        positives == 0 ? 0 : averagePrecision / positives,
        precision,
        recall,
        maximumF1,
        f1,
        tp,
        fp,
        tn,
        fn,
        importances,
        heldOut.size(),
        completeness);
  }

  private MatchInput prepare(Dataset<Row> records, RecordLayout layout) {
    return prepare(records, layout, null);
  }

  /** One prepared input at a time: the steps of one task, or one labeling round, reuse it. */
  private MatchInput prepare(Dataset<Row> records, RecordLayout layout, String matchIdColumn) {
    if (prepared != null && preparedRows == records && prepared.layout().equals(layout)) {
      return prepared;
    }
    release();
    prepared = MatchInput.of(records, layout, parameters.blocking(), matchIdColumn);
    preparedRows = records;
    return prepared;
  }

  /** Frees the cached records of the last input. */
  public void release() {
    if (prepared != null) {
      prepared.release();
      prepared = null;
      preparedRows = null;
    }
  }

  private RecordLayout requireColumns(Dataset<Row> records, MatchModel model) {
    RecordLayout layout = model.layout();
    List<String> missing = new ArrayList<>();
    for (String column : concat(layout.keyColumn(), layout.columns())) {
      if (columnNamed(records, column) == null) {
        missing.add(column);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "the input lacks the model's columns " + String.join(", ", missing));
    }
    return layout;
  }

  private static List<String> concat(String key, List<MatchColumn> columns) {
    List<String> names = new ArrayList<>();
    names.add(key);
    columns.forEach(column -> names.add(column.name()));
    return names;
  }

  private static String columnNamed(Dataset<Row> rows, String name) {
    for (String column : rows.columns()) {
      if (column.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return column;
      }
    }
    return null;
  }

  private static String pairKey(String keyA, String keyB) {
    return keyA.compareTo(keyB) < 0 ? keyA + '\u0000' + keyB : keyB + '\u0000' + keyA;
  }

  private static long orderedPair(int a, int b) {
    return ((long) Math.min(a, b) << 32) | Math.max(a, b);
  }
}
