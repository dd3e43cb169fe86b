package io.cairn.findmatches;

import java.io.Serializable;

/**
 * How broad candidate generation is. Every record joins the blocks of its {@code tokensPerRecord}
 * rarest tokens among those shared by at most {@code maximumBlockSize} records; two records in a
 * common block become a candidate pair when the inverse document frequencies of all the tokens they
 * share add up to at least {@code minimumSharedWeight} times the log of the record count.
 */
public record BlockingSettings(
    int tokensPerRecord, int maximumBlockSize, double minimumSharedWeight) implements Serializable {
  public BlockingSettings {
    if (tokensPerRecord < 1 || maximumBlockSize < 2 || minimumSharedWeight < 0) {
      throw new IllegalArgumentException("invalid blocking settings");
    }
  }

  /** Higher {@code accuracyCostTradeoff}: more blocks per record, larger blocks, weaker pairs. */
  public static BlockingSettings forTradeoff(double accuracyCostTradeoff) {
    double a = accuracyCostTradeoff;
    return new BlockingSettings(
        3 + (int) Math.round(4 * a), 40 + (int) Math.round(360 * a * a), 1.1 - 0.8 * a);
  }
}
