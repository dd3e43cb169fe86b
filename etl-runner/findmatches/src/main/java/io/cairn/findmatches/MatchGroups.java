package io.cairn.findmatches;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Match groups from scored pairs, on the driver over primitive arrays (a million records take a few
 * tens of megabytes). Pairs at or above the threshold are merged strongest first, like connected
 * components, but with safeguards against chains: two groups merge only if at least {@code
 * minimumLinkDensity} of the record pairs between them are matches themselves, and never past
 * {@code maximumGroupSize}. A chain a–b–c–d of pairwise matches therefore stops where most of its
 * ends do not match each other.
 *
 * <p>Constraints: {@code mustLink} pairs are merged first, before any safeguard; no merge joins a
 * {@code cannotLink} pair; and records that arrive with a match id (incremental matching) keep it,
 * so two groups with different existing ids never merge.
 */
final class MatchGroups {
  static final double MINIMUM_LINK_DENSITY = 0.5;
  static final int MAXIMUM_GROUP_SIZE = 100;

  /** The outcome: per record index its match id and confidence. */
  record Result(long[] matchIds, double[] confidence, int groups, int safeguardRejections) {}

  private final int[] parent;
  private final int[] size;
  private final List<List<Integer>> members;
  private final long[] groupExistingId;
  private final Map<Integer, List<Integer>> matchedNeighbors = new HashMap<>();
  private final Map<Integer, List<Integer>> cannotLinks = new HashMap<>();
  private final double minimumLinkDensity;
  private final int maximumGroupSize;
  private int safeguardRejections;

  private MatchGroups(
      int recordCount, long[] existingMatchIds, double minimumLinkDensity, int maximumGroupSize) {
    parent = new int[recordCount];
    size = new int[recordCount];
    members = new ArrayList<>(recordCount);
    groupExistingId = existingMatchIds.clone();
    for (int i = 0; i < recordCount; i++) {
      parent[i] = i;
      size[i] = 1;
      members.add(null);
    }
    this.minimumLinkDensity = minimumLinkDensity;
    this.maximumGroupSize = maximumGroupSize;
  }

  /**
   * @param pairs scored candidate pairs; those below {@code threshold} only inform confidence
   * @param existingMatchIds per record its existing match id or {@link MatchRecord#NO_MATCH_ID}
   * @param mustLink record index pairs that must end in one group
   * @param cannotLink record index pairs that must not
   */
  static Result group(
      int recordCount,
      List<ScoredPair> pairs,
      double threshold,
      long[] existingMatchIds,
      List<int[]> mustLink,
      List<int[]> cannotLink,
      double minimumLinkDensity,
      int maximumGroupSize) {
    MatchGroups groups =
        new MatchGroups(recordCount, existingMatchIds, minimumLinkDensity, maximumGroupSize);
    Map<Long, Integer> firstWithId = new HashMap<>();
    for (int i = 0; i < recordCount; i++) {
      long id = existingMatchIds[i];
      if (id != MatchRecord.NO_MATCH_ID) {
        Integer first = firstWithId.putIfAbsent(id, i);
        if (first != null) {
          groups.union(first, i);
        }
      }
    }
    for (int[] pair : cannotLink) {
      groups.cannotLinks.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
      groups.cannotLinks.computeIfAbsent(pair[1], k -> new ArrayList<>()).add(pair[0]);
    }
    for (int[] pair : mustLink) {
      int a = groups.find(pair[0]);
      int b = groups.find(pair[1]);
      if (a != b && !groups.existingIdsConflict(a, b)) {
        groups.addMatchedNeighbors(pair[0], pair[1]);
        groups.union(a, b);
      }
    }
    List<ScoredPair> matches = new ArrayList<>();
    for (ScoredPair pair : pairs) {
      if (pair.probability() >= threshold) {
        matches.add(pair);
        groups.addMatchedNeighbors(pair.indexA(), pair.indexB());
      }
    }
    matches.sort(Comparator.comparingDouble(ScoredPair::probability).reversed());
    for (ScoredPair pair : matches) {
      int a = groups.find(pair.indexA());
      int b = groups.find(pair.indexB());
      if (a == b || groups.existingIdsConflict(a, b) || groups.cannotLinked(a, b)) {
        continue;
      }
      if (groups.size[a] + groups.size[b] > groups.maximumGroupSize
          || groups.linkDensity(a, b) < groups.minimumLinkDensity) {
        groups.safeguardRejections++;
        continue;
      }
      groups.union(a, b);
    }
    return groups.result(pairs, threshold, existingMatchIds, mustLink);
  }

  private Result result(
      List<ScoredPair> pairs, double threshold, long[] existingMatchIds, List<int[]> mustLink) {
    int recordCount = parent.length;
    long[] matchIds = new long[recordCount];
    long nextId = 0;
    for (long id : existingMatchIds) {
      if (id != MatchRecord.NO_MATCH_ID) {
        nextId = Math.max(nextId, id + 1);
      }
    }
    Map<Integer, Long> idOfRoot = new HashMap<>();
    int groupCount = 0;
    for (int i = 0; i < recordCount; i++) {
      int root = find(i);
      Long id = idOfRoot.get(root);
      if (id == null) {
        groupCount++;
        id = groupExistingId[root] != MatchRecord.NO_MATCH_ID ? groupExistingId[root] : nextId++;
        idOfRoot.put(root, id);
      }
      matchIds[i] = id;
    }
    double[] inGroupSum = new double[recordCount];
    int[] inGroupCount = new int[recordCount];
    double[] bestOutside = new double[recordCount];
    for (ScoredPair pair : pairs) {
      int a = pair.indexA();
      int b = pair.indexB();
      if (find(a) == find(b)) {
        if (pair.probability() >= threshold) {
          inGroupSum[a] += pair.probability();
          inGroupSum[b] += pair.probability();
          inGroupCount[a]++;
          inGroupCount[b]++;
        }
      } else {
        bestOutside[a] = Math.max(bestOutside[a], pair.probability());
        bestOutside[b] = Math.max(bestOutside[b], pair.probability());
      }
    }
    for (int[] pair : mustLink) {
      if (find(pair[0]) == find(pair[1])) {
        for (int index : pair) {
          inGroupSum[index] += 1;
          inGroupCount[index]++;
        }
      }
    }
    double[] confidence = new double[recordCount];
    for (int i = 0; i < recordCount; i++) {
      double together = inGroupCount[i] == 0 ? 1.0 : inGroupSum[i] / inGroupCount[i];
      confidence[i] = Math.min(together, 1.0 - bestOutside[i]);
      if (size[find(i)] > 1 && inGroupCount[i] == 0) {
        // Joined through a group (existing or labelled) rather than a scored pair of its own.
        confidence[i] = 1.0 - bestOutside[i];
      }
    }
    return new Result(matchIds, confidence, groupCount, safeguardRejections);
  }

  private void addMatchedNeighbors(int a, int b) {
    matchedNeighbors.computeIfAbsent(a, k -> new ArrayList<>()).add(b);
    matchedNeighbors.computeIfAbsent(b, k -> new ArrayList<>()).add(a);
  }

  private boolean existingIdsConflict(int rootA, int rootB) {
    return groupExistingId[rootA] != MatchRecord.NO_MATCH_ID
        && groupExistingId[rootB] != MatchRecord.NO_MATCH_ID
        && groupExistingId[rootA] != groupExistingId[rootB];
  }

  private boolean cannotLinked(int rootA, int rootB) {
    int smaller = size[rootA] <= size[rootB] ? rootA : rootB;
    int other = smaller == rootA ? rootB : rootA;
    for (int member : membersOf(smaller)) {
      for (int partner : cannotLinks.getOrDefault(member, List.of())) {
        if (find(partner) == other) {
          return true;
        }
      }
    }
    return false;
  }

  /** The share of record pairs between two groups that are matches. */
  private double linkDensity(int rootA, int rootB) {
    int smaller = size[rootA] <= size[rootB] ? rootA : rootB;
    int other = smaller == rootA ? rootB : rootA;
    int links = 0;
    for (int member : membersOf(smaller)) {
      for (int neighbor : matchedNeighbors.getOrDefault(member, List.of())) {
        if (find(neighbor) == other) {
          links++;
        }
      }
    }
    return links / ((double) size[rootA] * size[rootB]);
  }

  private List<Integer> membersOf(int root) {
    List<Integer> list = members.get(root);
    return list == null ? List.of(root) : list;
  }

  private int find(int index) {
    int root = index;
    while (parent[root] != root) {
      root = parent[root];
    }
    while (parent[index] != root) {
      int next = parent[index];
      parent[index] = root;
      index = next;
    }
    return root;
  }

  private void union(int a, int b) {
    int rootA = find(a);
    int rootB = find(b);
    if (rootA == rootB) {
      return;
    }
    if (size[rootA] < size[rootB]) {
      int swap = rootA;
      rootA = rootB;
      rootB = swap;
    }
    List<Integer> merged = new ArrayList<>(membersOf(rootA));
    merged.addAll(membersOf(rootB));
    members.set(rootA, merged);
    members.set(rootB, null);
    parent[rootB] = rootA;
    size[rootA] += size[rootB];
    if (groupExistingId[rootA] == MatchRecord.NO_MATCH_ID) {
      groupExistingId[rootA] = groupExistingId[rootB];
    }
  }

  static long[] noExistingIds(int recordCount) {
    long[] ids = new long[recordCount];
    Arrays.fill(ids, MatchRecord.NO_MATCH_ID);
    return ids;
  }
}
