package io.cairn.findmatches;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Blocking and scoring in one pass. Every record is sent to the block of each of its blocking
 * words; inside a block (Java code over the block's records, no per-feature UDFs) each pair is
 * considered only in the block of the first blocking word the two records share, so a pair is
 * scored once however many blocks it shares; pairs whose shared words weigh less than the settings
 * ask are dropped before their features are computed.
 */
final class CandidatePairs {
  private CandidatePairs() {}

  /**
   * The candidate pairs scoring at least {@code minimumProbability}. With {@code onlyNewRecords},
   * pairs of two existing records (incremental matching) are skipped. {@code candidates}, if not
   * null, counts every candidate pair scored.
   */
  static JavaRDD<ScoredPair> score(
      MatchInput input,
      BlockingSettings blocking,
      PairFeatures features,
      Broadcast<PairScorer> scorer,
      double minimumProbability,
      boolean keepFeatures,
      boolean onlyNewRecords,
      LongAccumulator candidates) {
    double recordCount = input.count();
    double minimumWeight = blocking.minimumSharedWeight() * Math.log(recordCount + 1.0);
    RecordLayout layout = features.layout();
    return input
        .records()
        .flatMapToPair(
            record -> {
              List<Tuple2<String, MatchRecord>> memberships = new ArrayList<>();
              for (String token : record.blockingTokens) {
                memberships.add(new Tuple2<>(token, record));
              }
              return memberships.iterator();
            })
        .groupByKey(input.partitions())
        .flatMap(
            block -> {
              String token = block._1();
              List<MatchRecord> members = new ArrayList<>();
              block._2().forEach(members::add);
              if (members.size() < 2) {
                return Collections.emptyIterator();
              }
              PreparedRecord[] prepared = new PreparedRecord[members.size()];
              PairScorer pairScorer = scorer.value();
              List<ScoredPair> pairs = new ArrayList<>();
              for (int i = 0; i < members.size(); i++) {
                MatchRecord a = members.get(i);
                for (int j = i + 1; j < members.size(); j++) {
                  MatchRecord b = members.get(j);
                  if (onlyNewRecords && a.isExisting() && b.isExisting()) {
                    continue;
                  }
                  if (!token.equals(MatchRecord.firstCommonBlockingToken(a, b))
                      || MatchRecord.sharedWeight(a, b, recordCount) < minimumWeight) {
                    continue;
                  }
                  if (candidates != null) {
                    candidates.add(1);
                  }
                  if (prepared[i] == null) {
                    prepared[i] = new PreparedRecord(a, layout, recordCount);
                  }
                  if (prepared[j] == null) {
                    prepared[j] = new PreparedRecord(b, layout, recordCount);
                  }
                  boolean ordered = a.index < b.index;
                  PreparedRecord first = ordered ? prepared[i] : prepared[j];
                  PreparedRecord second = ordered ? prepared[j] : prepared[i];
                  double[] values = features.compute(first, second);
                  double probability = pairScorer.probability(values);
                  if (probability >= minimumProbability) {
                    pairs.add(
                        new ScoredPair(
                            first.record.index,
                            second.record.index,
                            first.record.key,
                            second.record.key,
                            probability,
                            keepFeatures ? values : null));
                  }
                }
              }
              return pairs.iterator();
            });
  }

  /** Whether blocking with these settings makes a candidate pair of the two records. */
  static boolean isCandidate(
      MatchRecord a, MatchRecord b, BlockingSettings blocking, double recordCount) {
    return MatchRecord.firstCommonBlockingToken(a, b) != null
        && MatchRecord.sharedWeight(a, b, recordCount)
            >= blocking.minimumSharedWeight() * Math.log(recordCount + 1.0);
  }
}
