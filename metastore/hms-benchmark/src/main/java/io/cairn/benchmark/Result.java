package io.cairn.benchmark;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one server measured for one operation: latencies in milliseconds (median and 95th percentile
 * of the measured repetitions), or successful calls per second for a throughput run. A failed
 * operation keeps the server's error message instead; a throughput run keeps its count of failed
 * calls and the first error.
 */
record Result(
    String operation,
    int samples,
    double median,
    double p95,
    boolean throughput,
    long errors,
    String failure) {

  Result {
    requireNonNull(operation, "operation is null");
  }

  static Result ofLatencies(String operation, List<Long> nanos) {
    double[] millis = nanos.stream().mapToDouble(n -> n / 1_000_000.0).sorted().toArray();
    return new Result(
        operation, millis.length, percentile(millis, 50), percentile(millis, 95), false, 0, null);
  }

  static Result ofThroughput(
      String operation, long calls, double seconds, long errors, String firstError) {
    double perSecond = calls / seconds;
    return new Result(operation, (int) calls, perSecond, perSecond, true, errors, firstError);
  }

  static Result ofFailure(String operation, String failure) {
    return new Result(operation, 0, Double.NaN, Double.NaN, false, 0, failure);
  }

  /** Whether the operation gave no figure at all. */
  boolean failed() {
    return failure != null && !throughput;
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
