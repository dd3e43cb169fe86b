package io.cairn.findmatches;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestMatchGroups {
  private static ScoredPair pair(int a, int b, double probability) {
    return new ScoredPair(a, b, "k" + a, "k" + b, probability, null);
  }

  private static MatchGroups.Result group(
      int records, List<ScoredPair> pairs, List<int[]> mustLink, List<int[]> cannotLink) {
    return MatchGroups.group(
        records,
        pairs,
        0.5,
        MatchGroups.noExistingIds(records),
        mustLink,
        cannotLink,
        MatchGroups.MINIMUM_LINK_DENSITY,
        MatchGroups.MAXIMUM_GROUP_SIZE);
  }

  @Test
  void aChainOfPairwiseMatchesIsCutWhereItsEndsDoNotMatch() {
    // 0-1-2-3-4-5: each only matches its neighbours; connected components would make one group.
    List<ScoredPair> chain = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      chain.add(pair(i, i + 1, 0.9 - i * 0.01));
    }
    MatchGroups.Result result = group(6, chain, List.of(), List.of());

    // Strongest first: {0,1} takes 2 (one of its two pairs with 2 matches), not 3 (one of three).
    long[] ids = result.matchIds();
    assertThat(ids[1]).isEqualTo(ids[0]);
    assertThat(ids[2]).isEqualTo(ids[0]);
    assertThat(ids[3]).isNotEqualTo(ids[0]);
    assertThat(ids[4]).isEqualTo(ids[3]);
    assertThat(ids[5]).isEqualTo(ids[3]);
    assertThat(result.groups()).isEqualTo(2);
    assertThat(result.safeguardRejections()).isPositive();
  }

  @Test
  void aDenselyMatchedGroupStaysWhole() {
    List<ScoredPair> clique = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      for (int j = i + 1; j < 4; j++) {
        clique.add(pair(i, j, 0.8));
      }
    }
    clique.add(pair(4, 5, 0.3));
    MatchGroups.Result result = group(6, clique, List.of(), List.of());

    long[] ids = result.matchIds();
    assertThat(ids[1]).isEqualTo(ids[0]);
    assertThat(ids[2]).isEqualTo(ids[0]);
    assertThat(ids[3]).isEqualTo(ids[0]);
    assertThat(ids[4]).isNotEqualTo(ids[5]).isNotEqualTo(ids[0]);
    assertThat(result.groups()).isEqualTo(3);
    assertThat(result.confidence()[0]).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(result.confidence()[4]).isEqualTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void groupsNeverGrowPastTheMaximumSize() {
    List<ScoredPair> all = new ArrayList<>();
    int records = MatchGroups.MAXIMUM_GROUP_SIZE + 20;
    for (int i = 0; i < records; i++) {
      for (int j = i + 1; j < records; j++) {
        all.add(pair(i, j, 0.99));
      }
    }
    long[] ids = group(records, all, List.of(), List.of()).matchIds();

    java.util.Map<Long, Integer> sizes = new java.util.HashMap<>();
    for (long id : ids) {
      sizes.merge(id, 1, Integer::sum);
    }
    assertThat(sizes.values()).allMatch(size -> size <= MatchGroups.MAXIMUM_GROUP_SIZE);
  }

  @Test
  void labelsOverrideScores() {
    // The model matches 0-1 strongly and does not match 2-3; the labels say the opposite.
    List<ScoredPair> pairs = List.of(pair(0, 1, 0.99), pair(2, 3, 0.01));
    MatchGroups.Result result =
        group(4, pairs, List.of(new int[] {2, 3}), List.of(new int[] {0, 1}));

    assertThat(result.matchIds()[0]).isNotEqualTo(result.matchIds()[1]);
    assertThat(result.matchIds()[2]).isEqualTo(result.matchIds()[3]);
  }

  @Test
  void cannotLinkHoldsThroughAThirdRecord() {
    // 0 and 2 must stay apart, though both match 1.
    List<ScoredPair> pairs = List.of(pair(0, 1, 0.95), pair(1, 2, 0.9), pair(0, 2, 0.9));
    MatchGroups.Result result = group(3, pairs, List.of(), List.of(new int[] {0, 2}));

    assertThat(result.matchIds()[0]).isNotEqualTo(result.matchIds()[2]);
    assertThat(result.matchIds()[0]).isEqualTo(result.matchIds()[1]);
  }

  @Test
  void existingMatchIdsAreKeptAndNewRecordsJoinThem() {
    long[] existing = {40, 40, 7, MatchRecord.NO_MATCH_ID, MatchRecord.NO_MATCH_ID};
    // 3 matches the group 40 and 4 matches nothing; 1-2 would merge two existing groups.
    List<ScoredPair> pairs = List.of(pair(0, 3, 0.9), pair(1, 3, 0.8), pair(1, 2, 0.99));
    MatchGroups.Result result =
        MatchGroups.group(
            5,
            pairs,
            0.5,
            existing,
            List.of(),
            List.of(),
            MatchGroups.MINIMUM_LINK_DENSITY,
            MatchGroups.MAXIMUM_GROUP_SIZE);

    assertThat(result.matchIds()).containsExactly(40, 40, 7, 40, 41);
  }
}
