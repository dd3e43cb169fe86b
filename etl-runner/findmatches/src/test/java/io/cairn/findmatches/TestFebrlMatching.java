package io.cairn.findmatches;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * FindMatches on the Febrl data sets, labels from an oracle that answers each generated labeling
 * set from the hidden ground truth (the full learning curve and knob sweeps are in the benchmark).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestFebrlMatching {
  private SparkSession spark;

  @BeforeAll
  void startSpark() {
    spark = LocalSpark.start();
    spark.sparkContext().setLogLevel("WARN");
  }

  @AfterAll
  void stopSpark() {
    spark.stop();
  }

  @Test
  void dataset2ReachesF1AboveNinetyFivePercentWithinFiveRounds() throws Exception {
    Febrl febrl = Febrl.load(spark, "dataset2.csv");
    FindMatches findMatches = new FindMatches(spark, new MatchingParameters("id", 0.5, 0.5, false));
    Labels labels = Labels.none();
    Optional<MatchModel> model = Optional.empty();
    for (int round = 1; round <= 4; round++) {
      labels = febrl.labelRound(findMatches, labels, model, round);
      model = Optional.of(findMatches.train(febrl.records, labels));
    }
    labels = febrl.labelRound(findMatches, labels, model, 5);
    FindMatches.Evaluation evaluation = findMatches.evaluate(febrl.records, labels);
    FindMatches.MatchOutcome outcome =
        findMatches.findMatches(febrl.records, evaluation.model(), labels, true);
    Febrl.Quality quality = febrl.score(outcome.matches());
    findMatches.release();

    FindMatchesMetrics estimate = evaluation.metrics();
    System.out.printf(
        "dataset2 after 5 rounds (%d labelled records): precision %.4f recall %.4f F1 %.4f;"
            + " estimate: AUPRC %.4f precision %.4f recall %.4f max F1 %.4f blocking %.4f%n",
        labels.size(),
        quality.precision(),
        quality.recall(),
        quality.f1(),
        estimate.areaUnderPrecisionRecallCurve(),
        estimate.precision(),
        estimate.recall(),
        estimate.maximumF1(),
        estimate.blockingPairsCompleteness());
    assertThat(labels.labelingSetIds()).hasSize(50);
    assertThat(quality.f1()).isGreaterThanOrEqualTo(0.95);
    assertThat(estimate.maximumF1()).isGreaterThan(0.9);
    assertThat(estimate.truePositives() + estimate.falseNegatives()).isPositive();
    assertThat(estimate.columnImportances()).containsKey("soc_sec_id");
    assertThat(outcome.matches().columns())
        .contains(FindMatches.MATCH_ID_COLUMN, FindMatches.MATCH_CONFIDENCE_COLUMN);
    assertThat(outcome.matches().count()).isEqualTo(5000);
  }

  @Test
  void enforceProvidedLabelsMakesTheOutputAgreeWithEveryLabel() throws Exception {
    Febrl febrl = Febrl.load(spark, "dataset1.csv");
    Labels oracle = trainingLabels(febrl);
    // Labels that contradict the truth, and so the model: three true duplicates labelled as
    // different entities, three unrelated records labelled as one.
    List<String> keys = new ArrayList<>(febrl.entityOfKey.keySet());
    keys.sort(null);
    Map<String, List<String>> byEntity = new HashMap<>();
    keys.forEach(
        key ->
            byEntity.computeIfAbsent(febrl.entityOfKey.get(key), e -> new ArrayList<>()).add(key));
    List<Labels.LabelledRecord> contradictions = new ArrayList<>();
    int split = 0;
    for (List<String> entity : byEntity.values()) {
      if (entity.size() >= 2 && split < 3) {
        contradictions.add(new Labels.LabelledRecord("wrong-" + split, "a", entity.get(0)));
        contradictions.add(new Labels.LabelledRecord("wrong-" + split, "b", entity.get(1)));
        split++;
      }
    }
    for (int i = 0; i < 3; i++) {
      contradictions.add(new Labels.LabelledRecord("joined", "same", keys.get(100 + 97 * i)));
    }
    Labels labels = oracle.plus(new Labels(contradictions));

    FindMatches relaxed = new FindMatches(spark, new MatchingParameters("id", 0.5, 0.5, false));
    MatchModel model = relaxed.train(febrl.records, labels);
    FindMatches.MatchOutcome free = relaxed.findMatches(febrl.records, model, labels, false);
    relaxed.release();
    FindMatches enforcing = new FindMatches(spark, new MatchingParameters("id", 0.5, 0.5, true));
    FindMatches.MatchOutcome enforced = enforcing.findMatches(febrl.records, model, labels, false);

    assertThat(free.labelViolations()).isPositive();
    assertThat(enforced.labelViolations()).isZero();
    assertThat(violations(enforced.matches(), labels)).isZero();
    assertThat(violations(free.matches(), labels)).isEqualTo(free.labelViolations());
    enforcing.release();
  }

  @Test
  void incrementalMatchingKeepsTheMatchIdOfEveryExistingRecord() throws Exception {
    Febrl febrl = Febrl.load(spark, "dataset1.csv");
    Labels labels = trainingLabels(febrl);
    FindMatches findMatches = new FindMatches(spark, new MatchingParameters("id", 0.5, 0.5, false));
    MatchModel model = findMatches.train(febrl.records, labels);
    Dataset<Row> numbered = febrl.records.withColumn("n", functions.col("id").cast("int"));
    Dataset<Row> first = numbered.filter("n <= 800").drop("n");
    Dataset<Row> later = numbered.filter("n > 800").drop("n");
    Dataset<Row> matched = findMatches.findMatches(first, model, labels, false).matches().cache();
    Map<String, Long> before = matchIds(matched);

    FindMatches.MatchOutcome incremental =
        findMatches.findIncrementalMatches(matched, later, model, labels, true);
    Map<String, Long> after = matchIds(incremental.matches());
    findMatches.release();

    assertThat(after).hasSize(1000);
    before.forEach((key, id) -> assertThat(after.get(key)).as("record %s", key).isEqualTo(id));
    Febrl.Quality quality = febrl.score(incremental.matches());
    System.out.printf(
        "dataset1 incremental (800 + 200): precision %.4f recall %.4f F1 %.4f%n",
        quality.precision(), quality.recall(), quality.f1());
    assertThat(quality.f1()).isGreaterThan(0.9);
    // Some later record joined a group that existed before it.
    assertThat(
            after.entrySet().stream()
                .filter(entry -> !before.containsKey(entry.getKey()))
                .anyMatch(entry -> before.containsValue(entry.getValue())))
        .isTrue();
  }

  private Labels trainingLabels(Febrl febrl) {
    FindMatches findMatches = new FindMatches(spark, new MatchingParameters("id", 0.5, 0.5, false));
    Labels labels = febrl.labelRound(findMatches, Labels.none(), Optional.empty(), 1);
    MatchModel model = findMatches.train(febrl.records, labels);
    labels = febrl.labelRound(findMatches, labels, Optional.of(model), 2);
    findMatches.release();
    return labels;
  }

  private static Map<String, Long> matchIds(Dataset<Row> matches) {
    Map<String, Long> ids = new HashMap<>();
    for (Row row : matches.select("id", FindMatches.MATCH_ID_COLUMN).collectAsList()) {
      ids.put(row.getString(0), row.getLong(1));
    }
    return ids;
  }

  private static long violations(Dataset<Row> matches, Labels labels) {
    Map<String, Long> ids = matchIds(matches);
    return labels.pairs().stream()
        .filter(pair -> pair.match() != ids.get(pair.keyA()).equals(ids.get(pair.keyB())))
        .count();
  }
}
