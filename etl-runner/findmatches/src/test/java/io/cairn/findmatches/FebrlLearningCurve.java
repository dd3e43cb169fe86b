package io.cairn.findmatches;

import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** Prints the learning curve on a Febrl data set: {@code main(dataset file, rounds...)}. */
public final class FebrlLearningCurve {
  public static void main(String[] args) throws Exception {
    String file = args.length > 0 ? args[0] : "dataset2.csv";
    double precisionRecall = args.length > 1 ? Double.parseDouble(args[1]) : 0.5;
    double accuracyCost = args.length > 2 ? Double.parseDouble(args[2]) : 0.5;
    SparkSession spark = LocalSpark.start();
    spark.sparkContext().setLogLevel("WARN");
    Febrl febrl = Febrl.load(spark, file);
    FindMatches findMatches =
        new FindMatches(spark, new MatchingParameters("id", precisionRecall, accuracyCost, false));
    long start = System.nanoTime();
    System.out.printf(
        "pairs-completeness %.4f (%.1f s)%n",
        febrl.pairsCompleteness(findMatches), (System.nanoTime() - start) / 1e9);
    Labels labels = Labels.none();
    Optional<MatchModel> model = Optional.empty();
    for (int round = 1; round <= 5; round++) {
      long roundStart = System.nanoTime();
      labels = febrl.labelRound(findMatches, labels, model, round);
      FindMatches.Evaluation evaluation = findMatches.evaluate(febrl.records, labels);
      model = Optional.of(evaluation.model());
      if (Set.of(1, 2, 3, 5).contains(round)) {
        FindMatches.MatchOutcome outcome =
            findMatches.findMatches(febrl.records, evaluation.model(), labels, false);
        Febrl.Quality quality = febrl.score(outcome.matches());
        FindMatchesMetrics m = evaluation.metrics();
        System.out.printf(
            "round %d labels %d pairs %d | end-to-end P %.4f R %.4f F1 %.4f | candidates %d matched"
                + " %d groups %d rejected %d | estimate AUPRC %.4f P %.4f R %.4f maxF1 %.4f PC %.4f"
                + " | %.1f s%n",
            round,
            labels.size(),
            labels.pairs().size(),
            quality.precision(),
            quality.recall(),
            quality.f1(),
            outcome.candidatePairs(),
            outcome.matchedPairs(),
            outcome.matchGroups(),
            outcome.safeguardRejections(),
            m.areaUnderPrecisionRecallCurve(),
            m.precision(),
            m.recall(),
            m.maximumF1(),
            m.blockingPairsCompleteness(),
            (System.nanoTime() - roundStart) / 1e9);
      }
    }
    spark.stop();
  }
}
