package io.cairn.findmatches;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The similarity features of a record pair: per column a missing-value indicator, exact equality,
 * Jaro-Winkler, normalized Levenshtein, padded-bigram Jaccard and an IDF-weighted word Jaccard;
 * text columns add Double Metaphone equality, numbers a relative distance, dates a distance in days
 * and a day/month swap; and over the whole record a TF-IDF cosine of all words (which sees values
 * moved between columns).
 */
final class PairFeatures implements Serializable {
  /** Record-level features belong to no one column; importances name them so. */
  static final String WHOLE_RECORD = "(whole record)";

  private static final int COMMON_FEATURES = 6;
  private static final int EDIT_LENGTH_LIMIT = 64;

  private final RecordLayout layout;
  private final int[] offsets;
  private final int size;

  PairFeatures(RecordLayout layout) {
    this.layout = requireNonNull(layout, "layout is null");
    offsets = new int[layout.columns().size()];
    int offset = 0;
    for (int c = 0; c < offsets.length; c++) {
      offsets[c] = offset;
      offset += COMMON_FEATURES + extraFeatures(layout.columns().get(c).kind());
    }
    size = offset + 1;
  }

  RecordLayout layout() {
    return layout;
  }

  int size() {
    return size;
  }

  /** Feature names, {@code column:feature}. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    for (MatchColumn column : layout.columns()) {
      for (String feature :
          List.of("missing", "exact", "jaroWinkler", "levenshtein", "bigrams", "words")) {
        names.add(column.name() + ":" + feature);
      }
      switch (column.kind()) {
        case TEXT -> names.add(column.name() + ":phonetic");
        case NUMBER -> names.add(column.name() + ":numeric");
        case DATE -> {
          names.add(column.name() + ":days");
          names.add(column.name() + ":dayMonthSwap");
        }
      }
    }
    names.add(WHOLE_RECORD + ":tfidfCosine");
    return names;
  }

  /** The column each feature belongs to ({@link #WHOLE_RECORD} for record-level ones). */
  List<String> featureColumns() {
    List<String> columns = new ArrayList<>();
    for (String name : names()) {
      columns.add(name.substring(0, name.lastIndexOf(':')));
    }
    return columns;
  }

  double[] compute(PreparedRecord a, PreparedRecord b) {
    double[] features = new double[size];
    JaroWinklerSimilarity jaroWinkler = new JaroWinklerSimilarity();
    for (int c = 0; c < offsets.length; c++) {
      int o = offsets[c];
      String x = a.record.values[c];
      String y = b.record.values[c];
      if (x == null || y == null) {
        features[o] = (x == null ? 1 : 0) + (y == null ? 1 : 0);
        continue;
      }
      features[o + 1] = x.equals(y) ? 1 : 0;
      String shortX = x.length() > EDIT_LENGTH_LIMIT ? x.substring(0, EDIT_LENGTH_LIMIT) : x;
      String shortY = y.length() > EDIT_LENGTH_LIMIT ? y.substring(0, EDIT_LENGTH_LIMIT) : y;
      features[o + 2] = jaroWinkler.apply(shortX, shortY);
      features[o + 3] =
          1.0
              - LevenshteinDistance.getDefaultInstance().apply(shortX, shortY)
                  / (double) Math.max(shortX.length(), shortY.length());
      features[o + 4] = jaccard(a.bigrams[c], b.bigrams[c]);
      features[o + 5] = weightedJaccard(a.words[c], a.wordWeights[c], b.words[c], b.wordWeights[c]);
      int e = o + COMMON_FEATURES;
      switch (layout.columns().get(c).kind()) {
        case TEXT -> features[e] = a.phoneticCodes[c].equals(b.phoneticCodes[c]) ? 1 : 0;
        case NUMBER -> features[e] = numericSimilarity(a.numbers[c], b.numbers[c]);
        case DATE -> {
          int dayA = a.epochDays[c];
          int dayB = b.epochDays[c];
          if (dayA != Integer.MIN_VALUE && dayB != Integer.MIN_VALUE) {
            features[e] = 1.0 / (1.0 + Math.abs(dayA - dayB) / 30.0);
            features[e + 1] = dayMonthSwapped(dayA, dayB) ? 1 : 0;
          }
        }
      }
    }
    features[size - 1] = tfidfCosine(a, b);
    return features;
  }

  /**
   * A similarity that needs no training, for choosing the first labeling sets: the mean of
   * Jaro-Winkler and bigram Jaccard over the columns both records have, and the whole record's
   * TF-IDF cosine.
   */
  double untrainedSimilarity(double[] features) {
    double sum = 0;
    int present = 0;
    for (int o : offsets) {
      if (features[o] == 0) {
        sum += (features[o + 2] + features[o + 4]) / 2;
        present++;
      }
    }
    double columns = present == 0 ? 0 : sum / present;
    return (columns + features[size - 1]) / 2;
  }

  private static int extraFeatures(ColumnKind kind) {
    return switch (kind) {
      case TEXT, NUMBER -> 1;
      case DATE -> 2;
    };
  }

  private static double jaccard(int[] a, int[] b) {
    if (a.length == 0 && b.length == 0) {
      return 0;
    }
    int shared = 0;
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        shared++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return shared / (double) (a.length + b.length - shared);
  }

  private static double weightedJaccard(
      String[] a, double[] weightsA, String[] b, double[] weightsB) {
    double shared = 0;
    double union = 0;
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      int order = i >= a.length ? 1 : j >= b.length ? -1 : a[i].compareTo(b[j]);
      if (order == 0) {
        shared += weightsA[i];
        union += weightsA[i];
        i++;
        j++;
      } else if (order < 0) {
        union += weightsA[i++];
      } else {
        union += weightsB[j++];
      }
    }
    return union == 0 ? 0 : shared / union;
  }

  private static double numericSimilarity(double x, double y) {
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return 0;
    }
    double scale = Math.max(Math.abs(x), Math.abs(y));
    return scale == 0 ? 1 : Math.max(0, 1 - Math.abs(x - y) / scale);
  }

  private static boolean dayMonthSwapped(int dayA, int dayB) {
    LocalDate a = LocalDate.ofEpochDay(dayA);
    LocalDate b = LocalDate.ofEpochDay(dayB);
    return a.getYear() == b.getYear()
        && a.getMonthValue() == b.getDayOfMonth()
        && a.getDayOfMonth() == b.getMonthValue()
        && dayA != dayB;
  }

  private static double tfidfCosine(PreparedRecord a, PreparedRecord b) {
    if (a.tokenNorm == 0 || b.tokenNorm == 0) {
      return 0;
    }
    MatchRecord x = a.record;
    MatchRecord y = b.record;
    double dot = 0;
    int i = 0;
    int j = 0;
    while (i < x.tokens.length && j < y.tokens.length) {
      int order = x.tokens[i].compareTo(y.tokens[j]);
      if (order == 0) {
        dot += a.tokenWeights[i] * b.tokenWeights[j];
        i++;
        j++;
      } else if (order < 0) {
        i++;
      } else {
        j++;
      }
    }
    return dot / (a.tokenNorm * b.tokenNorm);
  }
}
