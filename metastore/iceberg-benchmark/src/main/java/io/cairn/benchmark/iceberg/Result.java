package io.cairn.benchmark.iceberg;

import java.util.List;

/**
 * What one server measured in one series: latencies in milliseconds (median and 95th percentile) of
 * calls made one at a time, or the operations per second of a throughput run (with the commits per
 * second that lost a race and were retried); or, for a series that gave no figure, why.
 */
record Result(
    int samples,
    double median,
    double p95,
    double perSecond,
    double conflictsPerSecond,
    String failure) {

  static Result ofLatencies(List<Long> nanos) {
    double[] millis = nanos.stream().mapToDouble(n -> n / 1_000_000.0).sorted().toArray();
    return new Result(
        millis.length,
        percentile(millis, 50),
        percentile(millis, 95),
        Double.NaN,
        Double.NaN,
        null);
  }

  static Result ofThroughput(long operations, long conflicts, long nanos) {
    double seconds = nanos / 1e9;
    return new Result(
        (int) operations, Double.NaN, Double.NaN, operations / seconds, conflicts / seconds, null);
  }

  static Result ofFailure(String failure) {
    return new Result(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, failure);
  }

  boolean failed() {
    return failure != null;
  }

  /** Nearest-rank percentile of sorted values. */
  private static double percentile(double[] sorted, int percent) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
