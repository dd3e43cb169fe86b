package io.cairn.findmatches;

import java.io.Serializable;

/** The probability that a pair with these features describes one entity. */
interface PairScorer extends Serializable {
  double probability(double[] features);

  /**
   * Before any labels: the untrained similarity, stretched so that 0.5 sits where matching and
   * non-matching candidate pairs usually meet.
   */
  static PairScorer untrained(PairFeatures features) {
    return values -> Math.max(0, Math.min(1, (features.untrainedSimilarity(values) - 0.45) / 0.4));
  }
}
