package io.cairn.findmatches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestMatchingParameters {
  @Test
  void higherPrecisionRecallTradeoffRaisesTheDecisionThreshold() {
    double previous = -1;
    for (double tradeoff = 0.0; tradeoff <= 1.0; tradeoff += 0.1) {
      double threshold = new MatchingParameters("id", tradeoff, 0.5, false).decisionThreshold();
      assertThat(threshold).isGreaterThanOrEqualTo(previous).isBetween(0.05, 0.95);
      previous = threshold;
    }
    assertThat(new MatchingParameters("id", 0.9, 0.5, false).decisionThreshold())
        .isGreaterThan(new MatchingParameters("id", 0.1, 0.5, false).decisionThreshold());
  }

  @Test
  void higherAccuracyCostTradeoffBroadensBlocking() {
    BlockingSettings cheap = BlockingSettings.forTradeoff(0.0);
    BlockingSettings accurate = BlockingSettings.forTradeoff(1.0);

    assertThat(accurate.tokensPerRecord()).isGreaterThan(cheap.tokensPerRecord());
    assertThat(accurate.maximumBlockSize()).isGreaterThan(cheap.maximumBlockSize());
    assertThat(accurate.minimumSharedWeight()).isLessThan(cheap.minimumSharedWeight());
  }

  @Test
  void tradeoffsOutsideZeroToOneAreRejected() {
    assertThatThrownBy(() -> new MatchingParameters("id", 1.5, 0.5, false))
        .hasMessageContaining("precisionRecallTradeoff");
    assertThatThrownBy(() -> new MatchingParameters("id", 0.5, -0.1, false))
        .hasMessageContaining("accuracyCostTradeoff");
    assertThatThrownBy(() -> new MatchingParameters(" ", 0.5, 0.5, false))
        .hasMessageContaining("primaryKeyColumnName");
  }
}
