package io.cairn.findmatches;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * A FindMatches transform's tuning, as Glue's {@code FindMatchesParameters}: {@code
 * precisionRecallTradeoff} (higher = more precision) sets the classifier's decision threshold,
 * {@code accuracyCostTradeoff} (higher = more accuracy) sets how broad blocking is, and {@code
 * enforceProvidedLabels} makes the output agree with every label.
 */
public record MatchingParameters(
    String primaryKeyColumnName,
    double precisionRecallTradeoff,
    double accuracyCostTradeoff,
    boolean enforceProvidedLabels)
    implements Serializable {
  public MatchingParameters {
    requireNonNull(primaryKeyColumnName, "primaryKeyColumnName is null");
    if (primaryKeyColumnName.isBlank()) {
      throw new IllegalArgumentException("primaryKeyColumnName is empty");
    }
    requireTradeoff("precisionRecallTradeoff", precisionRecallTradeoff);
    requireTradeoff("accuracyCostTradeoff", accuracyCostTradeoff);
  }

  /**
   * The match probability at or above which a candidate pair is a match. The tradeoff maps linearly
   * onto the classifier's probability (0.5 is the classifier's own boundary), kept off the extremes
   * where a forest's vote fractions say nothing more.
   */
  public double decisionThreshold() {
    return Math.min(0.95, Math.max(0.05, precisionRecallTradeoff));
  }

  public BlockingSettings blocking() {
    return BlockingSettings.forTradeoff(accuracyCostTradeoff);
  }

  private static void requireTradeoff(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be between 0.0 and 1.0: " + value);
    }
  }
}
