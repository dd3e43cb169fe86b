package io.cairn.projection;

import static java.util.Objects.requireNonNull;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;

/**
 * How one partition column's values are computed. Except for {@link Injected}, a column has a
 * finite, numbered list of values: {@link #size()} of them, the {@code i}-th being {@link
 * #value(long)}. When {@link #ordered()}, that list is in the column's own order (as the column
 * compares values), so an interval's ends can be found by binary search.
 */
sealed interface ColumnProjection {
  long size();

  String value(long index);

  boolean ordered();

  /** The index of {@code value} (exactly as text), or empty when the column has no such value. */
  OptionalLong indexOf(String value);

  /** {@code projection.<col>.type = enum}: the listed values, in the order listed. */
  record EnumValues(List<String> values) implements ColumnProjection {
    public EnumValues {
      values = List.copyOf(values);
    }

    @Override
    public long size() {
      return values.size();
    }

    @Override
    public String value(long index) {
      return values.get(Math.toIntExact(index));
    }

    @Override
    public boolean ordered() {
      return false;
    }

    @Override
    public OptionalLong indexOf(String value) {
      int index = values.indexOf(value);
      return index < 0 ? OptionalLong.empty() : OptionalLong.of(index);
    }
  }

  /**
   * {@code projection.<col>.type = integer}: {@code min}, {@code min + interval}, … up to {@code
   * max} inclusive, each zero-padded to {@code digits} digits (0: no padding).
   */
  record IntegerRange(long min, long max, long interval, int digits, boolean ordered)
      implements ColumnProjection {
    @Override
    public long size() {
      return Math.subtractExact(max, min) / interval + 1;
    }

    @Override
    public String value(long index) {
      return format(min + index * interval);
    }

    String format(long number) {
      if (digits == 0) {
        return Long.toString(number);
      }
      String magnitude = Long.toString(Math.abs(number));
      String padded = "0".repeat(Math.max(0, digits - magnitude.length())) + magnitude;
      return number < 0 ? "-" + padded : padded;
    }

    @Override
    public OptionalLong indexOf(String value) {
      long number;
      try {
        number = Long.parseLong(value);
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
      if (number < min || number > max || (number - min) % interval != 0) {
        return OptionalLong.empty();
      }
      long index = (number - min) / interval;
      return value(index).equals(value) ? OptionalLong.of(index) : OptionalLong.empty();
    }
  }

  /**
   * {@code projection.<col>.type = date}: {@code start}, {@code start + interval unit}, … up to
   * {@code end} inclusive, each written with {@code format}. The i-th value is computed from the
   * start ({@code start + i × interval}), so monthly values from the 31st stay on month ends rather
   * than drifting to the 28th.
   */
  record DateRange(
      LocalDateTime start,
      LocalDateTime end,
      DateTimeFormatter format,
      long interval,
      ChronoUnit unit,
      boolean ordered)
      implements ColumnProjection {
    public DateRange {
      requireNonNull(start, "start is null");
      requireNonNull(end, "end is null");
      requireNonNull(format, "format is null");
      requireNonNull(unit, "unit is null");
    }

    @Override
    public long size() {
      if (start.isAfter(end)) {
        return 0;
      }
      long steps = unit.between(start, end) / interval;
      while (steps > 0 && at(steps).isAfter(end)) {
        steps--;
      }
      while (!at(steps + 1).isAfter(end)) {
        steps++;
      }
      return steps + 1;
    }

    LocalDateTime at(long index) {
      return start.plus(Math.multiplyExact(index, interval), unit);
    }

    @Override
    public String value(long index) {
      return format.format(at(index));
    }

    @Override
    public OptionalLong indexOf(String value) {
      LocalDateTime time;
      try {
        time = DateFormats.parse(format, value);
      } catch (DateTimeParseException e) {
        return OptionalLong.empty();
      }
      if (time.isBefore(start) || time.isAfter(end)) {
        return OptionalLong.empty();
      }
      long index = unit.between(start, time) / interval;
      // A month or year step lands on a clamped day, so the index can be one short.
      for (long candidate = index; candidate <= index + 1; candidate++) {
        if (!at(candidate).isAfter(end) && value(candidate).equals(value)) {
          return OptionalLong.of(candidate);
        }
      }
      return OptionalLong.empty();
    }
  }

  /**
   * {@code projection.<col>.type = injected}: no list of values; every query must give the column's
   * values itself, with {@code =} or {@code IN}.
   */
  record Injected() implements ColumnProjection {
    @Override
    public long size() {
      throw new UnsupportedOperationException("an injected column has no list of values");
    }

    @Override
    public String value(long index) {
      throw new UnsupportedOperationException("an injected column has no list of values");
    }

    @Override
    public boolean ordered() {
      return false;
    }

    @Override
    public OptionalLong indexOf(String value) {
      return OptionalLong.of(0);
    }
  }
}
