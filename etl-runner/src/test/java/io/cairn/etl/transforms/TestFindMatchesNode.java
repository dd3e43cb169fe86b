package io.cairn.etl.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.etl.FebrlPeople;
import io.cairn.etl.TransformContext;
import io.cairn.findmatches.FindMatches;
import io.cairn.findmatches.Labels;
import io.cairn.findmatches.MatchModel;
import io.cairn.findmatches.MatchingParameters;
import java.nio.file.Path;
import java.time.Instant;
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
import org.junit.jupiter.api.io.TempDir;

/** The FindMatches job node with a model trained on Febrl's dataset1 (entities hidden). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestFindMatchesNode {
  @TempDir static Path temporary;
  private SparkSession spark;
  private TransformContext context;
  private Dataset<Row> people;
  private final Map<String, String> entityOfKey = new HashMap<>();
  private Path model;

  @BeforeAll
  void trainModel() throws Exception {
    spark = LocalSpark.start();
    context = LocalSpark.context(spark, Instant.now());
    FebrlPeople febrl = FebrlPeople.load(spark);
    people = febrl.records();
    entityOfKey.putAll(febrl.entityOfKey());
    FindMatches findMatches = new FindMatches(spark, new MatchingParameters("id", 0.5, 0.5, false));
    Dataset<Row> sets =
        findMatches.generateLabelingSets(people, Labels.none(), Optional.empty(), "r1", 10, 15);
    List<Labels.LabelledRecord> labelled = new ArrayList<>();
    for (Row row : sets.select("labeling_set_id", "id").collectAsList()) {
      labelled.add(
          new Labels.LabelledRecord(
              row.getString(0), entityOfKey.get(row.getString(1)), row.getString(1)));
    }
    MatchModel trained = findMatches.train(people, new Labels(labelled));
    findMatches.release();
    model = temporary.resolve("model");
    trained.save(model);
  }

  @AfterAll
  void stopSpark() {
    spark.stop();
  }

  @Test
  void findMatchesGivesEveryRecordAMatchId() {
    Dataset<Row> matches =
        new FindMatchesNode()
            .apply(
                context,
                List.of(people),
                LocalSpark.json(
                    "{'ModelPath': '" + model + "', 'ComputeMatchConfidenceScores': true}"))
            .get(0);

    assertThat(matches.columns()).contains("match_id", "match_confidence_score", "given_name");
    assertThat(matches.count()).isEqualTo(1000);
    assertThat(pairF1(matches)).isGreaterThan(0.9);
  }

  @Test
  void findIncrementalMatchesKeepsExistingMatchIds() {
    Dataset<Row> numbered = people.withColumn("n", functions.col("id").cast("int"));
    Dataset<Row> early = numbered.filter("n <= 900").drop("n");
    Dataset<Row> later = numbered.filter("n > 900").drop("n");
    Dataset<Row> matched =
        new FindMatchesNode()
            .apply(context, List.of(early), LocalSpark.json("{'ModelPath': '" + model + "'}"))
            .get(0);
    Map<String, Long> before = ids(matched);

    Dataset<Row> all =
        new FindMatchesNode.Incremental()
            .apply(
                context, List.of(matched, later), LocalSpark.json("{'ModelPath': '" + model + "'}"))
            .get(0);

    Map<String, Long> after = ids(all);
    assertThat(after).hasSize(1000);
    before.forEach((key, id) -> assertThat(after.get(key)).isEqualTo(id));
  }

  @Test
  void invalidSettingsAreRejectedBeforeRunning() {
    assertThat(new FindMatchesNode().validate(LocalSpark.json("{}")))
        .contains("ModelPath is required");
    assertThat(
            new FindMatchesNode()
                .validate(
                    LocalSpark.json(
                        "{'ModelPath': 'm', 'PrecisionRecallTradeoff': 2, 'EnforceProvidedLabels': true}")))
        .containsExactly(
            "PrecisionRecallTradeoff must be a number from 0.0 to 1.0",
            "EnforceProvidedLabels needs LabelsPath");
    assertThatThrownBy(
            () ->
                new FindMatchesNode()
                    .apply(context, List.of(people), LocalSpark.json("{'ModelPath': '/nowhere'}")))
        .hasMessageContaining("no FindMatches model");
  }

  private static Map<String, Long> ids(Dataset<Row> matches) {
    Map<String, Long> ids = new HashMap<>();
    for (Row row : matches.select("id", "match_id").collectAsList()) {
      ids.put(row.getString(0), row.getLong(1));
    }
    return ids;
  }

  private double pairF1(Dataset<Row> matches) {
    return new FebrlPeople(people, entityOfKey).pairF1(matches);
  }
}
