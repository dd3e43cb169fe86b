package io.cairn.catalog.filter;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.filter.BoundPredicate.ValueKind;

/**
 * The values of one partition key within which a filter can select partitions, and the rest of the
 * filter: a partition is selected exactly when its value of the key lies between {@code low} and
 * {@code high} and {@code residual} is true for it. Made by {@link PartitionFilter#keyRange}, so
 * that a store can read the key's index over the range instead of every partition.
 *
 * @param low the lowest value, null when there is no lower bound
 * @param high the highest value, null when there is no upper bound
 * @param residual what the filter asks besides the range, null when nothing
 */
public record KeyRange(
    int keyIndex, ValueKind kind, Bound low, Bound high, BoundPredicate residual) {
  public KeyRange {
    if (keyIndex < 0) {
      throw new IllegalArgumentException("keyIndex is negative: " + keyIndex);
    }
    requireNonNull(kind, "kind is null");
    if (low == null && high == null) {
      throw new IllegalArgumentException("a key range needs a bound");
    }
    if (low != null) {
      kind.check(low.value());
    }
    if (high != null) {
      kind.check(high.value());
    }
  }

  /** One end of the range; {@code inclusive} when the value itself is in the range. */
  public record Bound(Object value, boolean inclusive) {
    public Bound {
      requireNonNull(value, "value is null");
    }
  }

  /** True when the range holds one value only: an equality. */
  public boolean isPoint() {
    return low != null
        && high != null
        && low.inclusive()
        && high.inclusive()
        && PartitionFilter.compare(low.value(), high.value()) == 0;
  }
}
