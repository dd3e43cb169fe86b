package io.cairn.projection;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * What a filter allows for one partition column: any value, or a union of intervals. An interval is
 * given by a position function in the column's own order (it says of a value whether it lies below
 * the interval, in it or above it), so that the caller keeps its own comparison rules (a number
 * column compares {@code 007} equal to {@code 7}) and projection can find an interval's ends by
 * binary search where a column's values come in that order.
 */
public sealed interface ColumnDomain {
  /** Every value of the column. */
  ColumnDomain ALL = new All();

  /** No value at all: a filter that contradicts itself. */
  ColumnDomain NONE = new Intervals(List.of());

  /** The values {@code position} places at 0. */
  static ColumnDomain range(ToIntFunction<String> position) {
    return new Intervals(List.of(new Interval(position, null)));
  }

  /**
   * The values equal to one of {@code literals}, each as written; {@code compare} compares a column
   * value with a literal in the column's order.
   */
  static ColumnDomain points(List<String> literals, Comparator compare) {
    List<Interval> intervals = new ArrayList<>();
    for (String literal : literals) {
      intervals.add(new Interval(value -> compare.compare(value, literal), literal));
    }
    return new Intervals(intervals);
  }

  /** The values in both domains. */
  ColumnDomain intersect(ColumnDomain other);

  /** Compares a column value with a literal in the column's order. */
  @FunctionalInterface
  interface Comparator {
    int compare(String value, String literal);
  }

  /** Every value. */
  record All() implements ColumnDomain {
    @Override
    public ColumnDomain intersect(ColumnDomain other) {
      return other;
    }
  }

  /** The values in any of {@code intervals}; none when it is empty. */
  record Intervals(List<Interval> intervals) implements ColumnDomain {
    public Intervals {
      intervals = List.copyOf(intervals);
    }

    @Override
    public ColumnDomain intersect(ColumnDomain other) {
      if (other instanceof Intervals those) {
        List<Interval> both = new ArrayList<>();
        for (Interval mine : intervals) {
          for (Interval theirs : those.intervals) {
            both.add(mine.intersect(theirs));
          }
        }
        return new Intervals(both);
      }
      return this;
    }
  }

  /**
   * One convex set of values: {@code position} is negative for a value below it, 0 in it, positive
   * above it. {@code point} is the literal text when the interval is a single value written in the
   * filter (an injected column takes its values from there), otherwise null.
   */
  record Interval(ToIntFunction<String> position, String point) {
    public Interval {
      requireNonNull(position, "position is null");
    }

    boolean contains(String value) {
      return position.applyAsInt(value) == 0;
    }

    Interval intersect(Interval other) {
      ToIntFunction<String> mine = position;
      ToIntFunction<String> theirs = other.position;
      ToIntFunction<String> both =
          value -> {
            int a = mine.applyAsInt(value);
            int b = theirs.applyAsInt(value);
            if (a < 0 || b < 0) {
              return -1;
            }
            return a > 0 || b > 0 ? 1 : 0;
          };
      return new Interval(both, point != null ? point : other.point);
    }
  }
}
