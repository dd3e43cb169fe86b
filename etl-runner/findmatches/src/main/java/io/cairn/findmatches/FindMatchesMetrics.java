package io.cairn.findmatches;

import java.util.Map;

/**
 * Quality of a matcher as Glue reports it, computed on labelled pairs held out from training: area
 * under the precision-recall curve, precision and recall at the transform's threshold, the maximum
 * F1 over all thresholds, the confusion matrix at the threshold, and each column's importance.
 * {@code blockingPairsCompleteness} is apart from these: the share of pairs labelled as matches
 * that blocking makes candidates at all (the end-to-end recall is at most recall times this).
 */
public record FindMatchesMetrics(
    double areaUnderPrecisionRecallCurve,
    double precision,
    double recall,
    double maximumF1,
    double f1AtThreshold,
    long truePositives,
    long falsePositives,
    long trueNegatives,
    long falseNegatives,
    Map<String, Double> columnImportances,
    int evaluatedPairs,
    double blockingPairsCompleteness) {
  public FindMatchesMetrics {
    columnImportances =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columnImportances));
  }

  /** Recall over all true pairs, blocking included: recall times pairs-completeness. */
  public double endToEndRecallEstimate() {
    return recall * blockingPairsCompleteness;
  }
}
