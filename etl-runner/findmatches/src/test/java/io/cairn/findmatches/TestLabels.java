package io.cairn.findmatches;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.findmatches.Labels.LabelledPair;
import io.cairn.findmatches.Labels.LabelledRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestLabels {
  @Test
  void equalLabelsInOneSetAreMatchesAndDifferentLabelsAreNot() {
    Labels labels =
        new Labels(
            List.of(
                new LabelledRecord("s1", "x", "a"),
                new LabelledRecord("s1", "x", "b"),
                new LabelledRecord("s1", "y", "c")));

    assertThat(labels.pairs())
        .containsExactlyInAnyOrder(
            new LabelledPair("a", "b", true, "s1"),
            new LabelledPair("a", "c", false, "s1"),
            new LabelledPair("b", "c", false, "s1"));
  }

  @Test
  void equalLabelsInDifferentSetsImplyNothing() {
    Labels labels =
        new Labels(
            List.of(
                new LabelledRecord("s1", "1", "a"),
                new LabelledRecord("s1", "2", "b"),
                new LabelledRecord("s2", "1", "c"),
                new LabelledRecord("s2", "2", "d")));

    assertThat(labels.pairs())
        .containsExactlyInAnyOrder(
            new LabelledPair("a", "b", false, "s1"), new LabelledPair("c", "d", false, "s2"));
  }

  @Test
  void aPairLabelledAgainKeepsTheLaterAnswer() {
    Labels labels =
        new Labels(
            List.of(
                new LabelledRecord("s1", "1", "b"),
                new LabelledRecord("s1", "2", "a"),
                new LabelledRecord("s2", "7", "a"),
                new LabelledRecord("s2", "7", "b")));

    assertThat(labels.pairs()).containsExactly(new LabelledPair("a", "b", true, "s2"));
  }

  @Test
  void digestChangesWithTheLabels() {
    Labels one = new Labels(List.of(new LabelledRecord("s1", "1", "a")));
    Labels other = new Labels(List.of(new LabelledRecord("s1", "2", "a")));

    assertThat(one.digest())
        .isNotEqualTo(other.digest())
        .isEqualTo(one.plus(Labels.none()).digest());
  }
}
