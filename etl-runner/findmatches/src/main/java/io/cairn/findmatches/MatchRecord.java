package io.cairn.findmatches;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One record as the matcher sees it: its position in the input ({@code index}), its primary key,
 * its normalized column values (null = missing), all its distinct words (sorted) with how many
 * records of the input contain each, and the words whose blocks it joins (sorted). {@code
 * existingMatchId} is the match_id of an already matched record in incremental matching, else
 * {@link #NO_MATCH_ID}.
 */
final class MatchRecord implements Serializable {
  static final long NO_MATCH_ID = Long.MIN_VALUE;

  final int index;
  final String key;
  final String[] values;
  final String[] tokens;
  final int[] tokenFrequencies;
  final String[] blockingTokens;
  final long existingMatchId;

  MatchRecord(
      int index,
      String key,
      String[] values,
      String[] tokens,
      int[] tokenFrequencies,
      String[] blockingTokens,
      long existingMatchId) {
    this.index = index;
    this.key = key;
    this.values = values;
    this.tokens = tokens;
    this.tokenFrequencies = tokenFrequencies;
    this.blockingTokens = blockingTokens;
    this.existingMatchId = existingMatchId;
  }

  boolean isExisting() {
    return existingMatchId != NO_MATCH_ID;
  }

  /** How many records contain {@code token}; 1 for a word this record alone has. */
  int frequencyOf(String token) {
    int position = Arrays.binarySearch(tokens, token);
    return position >= 0 ? Math.max(1, tokenFrequencies[position]) : 1;
  }

  /** The first blocking token both records have, in sorted order, or null. */
  static String firstCommonBlockingToken(MatchRecord a, MatchRecord b) {
    int i = 0;
    int j = 0;
    while (i < a.blockingTokens.length && j < b.blockingTokens.length) {
      int order = a.blockingTokens[i].compareTo(b.blockingTokens[j]);
      if (order == 0) {
        return a.blockingTokens[i];
      }
      if (order < 0) {
        i++;
      } else {
        j++;
      }
    }
    return null;
  }

  /** The summed inverse document frequency of all words both records have. */
  static double sharedWeight(MatchRecord a, MatchRecord b, double recordCount) {
    double weight = 0;
    int i = 0;
    int j = 0;
    while (i < a.tokens.length && j < b.tokens.length) {
      int order = a.tokens[i].compareTo(b.tokens[j]);
      if (order == 0) {
        weight += inverseFrequency(a.tokenFrequencies[i], recordCount);
        i++;
        j++;
      } else if (order < 0) {
        i++;
      } else {
        j++;
      }
    }
    return weight;
  }

  static double inverseFrequency(int frequency, double recordCount) {
    return Math.log((recordCount + 1.0) / Math.max(1, frequency));
  }
}
