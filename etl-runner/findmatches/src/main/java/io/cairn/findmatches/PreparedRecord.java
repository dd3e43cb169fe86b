package io.cairn.findmatches;

import java.util.List;
import org.apache.commons.codec.language.DoubleMetaphone;

/** What the similarity features need of a record, computed once per record and block. */
final class PreparedRecord {
  private static final int PHONETIC_CODE_LENGTH = 6;

  final MatchRecord record;
  final int[][] bigrams;
  final String[][] words;
  final double[][] wordWeights;
  final String[] phoneticCodes;
  final double[] numbers;
  final int[] epochDays;
  final double[] tokenWeights;
  final double tokenNorm;

  PreparedRecord(MatchRecord record, RecordLayout layout, double recordCount) {
    this.record = record;
    int columns = layout.columns().size();
    bigrams = new int[columns][];
    words = new String[columns][];
    wordWeights = new double[columns][];
    phoneticCodes = new String[columns];
    numbers = new double[columns];
    epochDays = new int[columns];
    DoubleMetaphone metaphone = new DoubleMetaphone();
    metaphone.setMaxCodeLen(PHONETIC_CODE_LENGTH);
    for (int c = 0; c < columns; c++) {
      String value = record.values[c];
      ColumnKind kind = layout.columns().get(c).kind();
      bigrams[c] = Text.bigrams(value);
      List<String> columnWords = Text.words(value);
      words[c] = columnWords.stream().distinct().sorted().toArray(String[]::new);
      wordWeights[c] = new double[words[c].length];
      for (int w = 0; w < words[c].length; w++) {
        wordWeights[c][w] =
            MatchRecord.inverseFrequency(record.frequencyOf(words[c][w]), recordCount);
      }
      phoneticCodes[c] =
          kind == ColumnKind.TEXT && value != null
              ? metaphone.doubleMetaphone(value.replace(" ", ""))
              : null;
      numbers[c] = kind == ColumnKind.NUMBER ? Text.parseNumber(value) : Double.NaN;
      epochDays[c] = kind == ColumnKind.DATE ? Text.parseEpochDay(value) : Integer.MIN_VALUE;
    }
    tokenWeights = new double[record.tokens.length];
    double norm = 0;
    for (int t = 0; t < tokenWeights.length; t++) {
      tokenWeights[t] = MatchRecord.inverseFrequency(record.tokenFrequencies[t], recordCount);
      norm += tokenWeights[t] * tokenWeights[t];
    }
    tokenNorm = Math.sqrt(norm);
  }
}
