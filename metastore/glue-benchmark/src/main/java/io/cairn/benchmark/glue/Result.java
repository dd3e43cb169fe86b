package io.cairn.benchmark.glue;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one server measured for one operation: latencies in milliseconds (median and 95th
 * percentile), and for a load also its partitions per second; or, for an operation that gave no
 * figure, the server's error message.
 */
record Result(
    Operation operation, int samples, double median, double p95, double perSecond, String failure) {

  Result {
    requireNonNull(operation, "operation is null");
  }

  static Result ofLatencies(Operation operation, List<Long> nanos) {
    double[] millis = nanos.stream().mapToDouble(n -> n / 1_000_000.0).sorted().toArray();
    return new Result(
        operation, millis.length, percentile(millis, 50), percentile(millis, 95), Double.NaN, null);
  }

  /** A load: the latencies of its calls and the items it stored per second over its whole run. */
  static Result ofLoad(Operation operation, List<Long> nanos, long items, long totalNanos) {
    Result latencies = ofLatencies(operation, nanos);
    return new Result(
        operation,
        latencies.samples(),
        latencies.median(),
        latencies.p95(),
        items / (totalNanos / 1e9),
        null);
  }

  static Result ofFailure(Operation operation, String failure) {
    return new Result(operation, 0, Double.NaN, Double.NaN, Double.NaN, failure);
  }

  boolean failed() {
    return failure != null;
  }

  boolean hasThroughput() {
    return !Double.isNaN(perSecond);
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
