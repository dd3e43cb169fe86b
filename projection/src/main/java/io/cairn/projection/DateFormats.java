package io.cairn.projection;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Date projection formats: Java {@link DateTimeFormatter} patterns, read in UTC. */
final class DateFormats {
  /** The fields a chronologically sortable pattern may have, most significant first. */
  private static final List<String> SORTABLE_FIELDS = List.of("yyyy", "MM", "dd", "HH", "mm", "ss");

  private DateFormats() {}

  /**
   * The formatter for {@code pattern}; parsing fills the fields the pattern lacks with the start of
   * their range (month and day 1, time 00:00).
   *
   * @throws IllegalArgumentException if the pattern is not a valid pattern
   */
  static DateTimeFormatter formatter(String pattern) {
    return new DateTimeFormatterBuilder()
        .appendPattern(pattern)
        .parseDefaulting(ChronoField.MONTH_OF_YEAR, 1)
        .parseDefaulting(ChronoField.DAY_OF_MONTH, 1)
        .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
        .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
        .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
        .parseDefaulting(ChronoField.NANO_OF_SECOND, 0)
        .toFormatter(Locale.ROOT);
  }

  /** {@code text} read with {@code format}. */
  static LocalDateTime parse(DateTimeFormatter format, String text) {
    return LocalDateTime.parse(text, format);
  }

  /**
   * The smallest unit {@code pattern} writes, Athena's default {@code interval.unit}: empty when
   * the pattern writes no date or time field.
   */
  static Optional<ChronoUnit> smallestUnit(String pattern) {
    ChronoUnit smallest = null;
    for (String field : fields(pattern)) {
      ChronoUnit unit =
          switch (field.charAt(0)) {
            case 'S', 'n', 'N' -> ChronoUnit.MILLIS;
            case 's' -> ChronoUnit.SECONDS;
            case 'm' -> ChronoUnit.MINUTES;
            case 'H', 'h', 'k', 'K' -> ChronoUnit.HOURS;
            case 'd', 'D', 'E', 'e', 'c' -> ChronoUnit.DAYS;
            case 'w', 'W' -> ChronoUnit.WEEKS;
            case 'M', 'L' -> ChronoUnit.MONTHS;
            case 'y', 'u', 'Y' -> ChronoUnit.YEARS;
            default -> null;
          };
      if (unit != null && (smallest == null || unit.compareTo(smallest) < 0)) {
        smallest = unit;
      }
    }
    return Optional.ofNullable(smallest);
  }

  /**
   * True when text written with {@code pattern} sorts as its time does: fixed-width numeric fields
   * from year down, each at most once and in that order, with literal separators between (for
   * example {@code yyyy-MM-dd HH:mm} or {@code yyyy/MM}), and years of four digits.
   */
  static boolean sortsChronologically(String pattern) {
    int next = 0;
    List<String> fields = fields(pattern);
    if (fields.isEmpty() || !fields.get(0).equals("yyyy") && !fields.get(0).equals("uuuu")) {
      return false;
    }
    for (String field : fields) {
      String normal = field.equals("uuuu") ? "yyyy" : field;
      int rank = SORTABLE_FIELDS.indexOf(normal);
      if (normal.chars().allMatch(c -> c == 'S')) {
        rank = SORTABLE_FIELDS.size();
      }
      if (rank < next) {
        return false;
      }
      next = rank + 1;
    }
    return true;
  }

  /** The runs of pattern letters in {@code pattern}, outside quoted literals. */
  private static List<String> fields(String pattern) {
    List<String> fields = new ArrayList<>();
    boolean quoted = false;
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
        i++;
      } else if (!quoted && Character.isLetter(c)) {
        int end = i;
        while (end < pattern.length() && pattern.charAt(end) == c) {
          end++;
        }
        fields.add(pattern.substring(i, end));
        i = end;
      } else {
        i++;
      }
    }
    return fields;
  }

  /** Whether {@code text} is read by {@code format}. */
  static boolean parses(DateTimeFormatter format, String text) {
    try {
      parse(format, text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
