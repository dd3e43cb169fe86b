package io.cairn.findmatches;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained matcher: the record layout its features were computed for, a random forest (Spark
 * MLlib) over those features, and the digest of the labels it learned from. A forest suits a few
 * hundred to a few thousand labelled pairs: no feature scaling, interactions (a missing column
 * makes another matter more) come free, and its vote fraction is a usable probability.
 */
public final class MatchModel {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLASSIFIER_DIRECTORY = "classifier";
  private static final String MATCHER_FILE = "matcher.json";
  private static final int TREES = 100;
  private static final int DEPTH = 8;
  private static final long SEED = 20_260_101L;

  private final PairFeatures features;
  private final RandomForestClassificationModel forest;
  private final String labelsDigest;

  private MatchModel(
      PairFeatures features, RandomForestClassificationModel forest, String labelsDigest) {
    this.features = requireNonNull(features, "features is null");
    this.forest = requireNonNull(forest, "forest is null");
    this.labelsDigest = requireNonNull(labelsDigest, "labelsDigest is null");
  }

  /** One labelled pair's features. */
  record Example(double[] features, boolean match) {}

  static MatchModel train(
      SparkSession spark, PairFeatures features, List<Example> examples, String labelsDigest) {
    requireBothClasses(examples);
    return new MatchModel(features, fit(spark, examples), labelsDigest);
  }

  static void requireBothClasses(List<Example> examples) {
    boolean anyMatch = examples.stream().anyMatch(Example::match);
    boolean anyNonMatch = examples.stream().anyMatch(example -> !example.match());
    if (!anyMatch || !anyNonMatch) {
      throw new IllegalArgumentException(
          "the labels need at least one pair of records labelled as the same entity and one pair"
              + " labelled as different entities (found "
              + examples.size()
              + " labelled pairs)");
    }
  }

  static RandomForestClassificationModel fit(SparkSession spark, List<Example> examples) {
    StructType schema =
        new StructType()
            .add("label", DataTypes.DoubleType)
            .add("features", SQLDataTypes.VectorType());
    List<Row> rows = new ArrayList<>(examples.size());
    for (Example example : examples) {
      rows.add(RowFactory.create(example.match() ? 1.0 : 0.0, Vectors.dense(example.features())));
    }
    Dataset<Row> training = spark.createDataFrame(rows, schema).coalesce(1);
    return new RandomForestClassifier()
        .setNumTrees(TREES)
        .setMaxDepth(DEPTH)
        .setFeatureSubsetStrategy("sqrt")
        .setSeed(SEED)
        .fit(training);
  }

  static double probability(RandomForestClassificationModel forest, double[] values) {
    Vector probabilities = forest.predictProbability(Vectors.dense(values));
    return probabilities.size() > 1 ? probabilities.apply(1) : 0.0;
  }

  RecordLayout layout() {
    return features.layout();
  }

  PairFeatures features() {
    return features;
  }

  public String primaryKeyColumnName() {
    return features.layout().keyColumn();
  }

  public String labelsDigest() {
    return labelsDigest;
  }

  PairScorer scorer() {
    RandomForestClassificationModel model = forest;
    return values -> probability(model, values);
  }

  /** Each compared column's share of the forest's feature importance (summing to 1). */
  public Map<String, Double> columnImportances() {
    Vector importances = forest.featureImportances();
    List<String> columns = features.featureColumns();
    Map<String, Double> byColumn = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      byColumn.merge(columns.get(i), importances.apply(i), Double::sum);
    }
    return byColumn;
  }

  public void save(Path directory) {
    try {
      Files.createDirectories(directory);
      forest
          .write()
          .overwrite()
          .save(directory.resolve(CLASSIFIER_DIRECTORY).toAbsolutePath().toUri().toString());
      ObjectNode matcher = JSON.createObjectNode();
      matcher.put("formatVersion", 1);
      matcher.put("keyColumn", layout().keyColumn());
      matcher.put("labelsDigest", labelsDigest);
      ArrayNode columns = matcher.putArray("columns");
      for (MatchColumn column : layout().columns()) {
        columns.addObject().put("name", column.name()).put("kind", column.kind().name());
      }
      JSON.writerWithDefaultPrettyPrinter()
          .writeValue(directory.resolve(MATCHER_FILE).toFile(), matcher);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model to " + directory, e);
    }
  }

  public static MatchModel load(Path directory) {
    Path matcherFile = directory.resolve(MATCHER_FILE);
    if (!Files.isRegularFile(matcherFile)) {
      throw new IllegalArgumentException("no FindMatches model in " + directory);
    }
    try {
      JsonNode matcher = JSON.readTree(matcherFile.toFile());
      List<MatchColumn> columns = new ArrayList<>();
      for (JsonNode column : matcher.path("columns")) {
        columns.add(
            new MatchColumn(
                column.path("name").asText(), ColumnKind.valueOf(column.path("kind").asText())));
      }
      RecordLayout layout = new RecordLayout(matcher.path("keyColumn").asText(), columns);
      RandomForestClassificationModel forest =
          RandomForestClassificationModel.load(
              directory.resolve(CLASSIFIER_DIRECTORY).toAbsolutePath().toUri().toString());
      return new MatchModel(
          new PairFeatures(layout), forest, matcher.path("labelsDigest").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model in " + directory, e);
    }
  }
}
