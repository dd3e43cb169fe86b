package io.cairn.service;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.ValidationException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schedule in AWS's cron syntax, {@code cron(Minutes Hours Day-of-month Month Day-of-week Year)},
 * evaluated in UTC as AWS evaluates it.
 *
 * <p>Fields take {@code *}, lists ({@code ,}), ranges ({@code -}) and increments ({@code /});
 * months {@code JAN}–{@code DEC} or 1–12, weekdays {@code SUN}–{@code SAT} or 1–7 (1 is Sunday),
 * years 1970–2199. Exactly one of Day-of-month and Day-of-week is {@code ?}. Day-of-month also
 * takes {@code L} (last day), {@code nW} (the weekday nearest day n, within the month) and {@code
 * LW} (the month's last weekday); Day-of-week takes {@code nL} (the month's last weekday n) and
 * {@code n#k} (its k-th weekday n), and a lone {@code L} (Saturday).
 */
public final class CronSchedule {
  private static final Pattern EXPRESSION = Pattern.compile("cron\\((.*)\\)", Pattern.DOTALL);
  private static final int FIRST_YEAR = 1970;
  private static final int LAST_YEAR = 2199;
  private static final Map<String, Integer> MONTHS =
      Map.ofEntries(
          Map.entry("JAN", 1),
          Map.entry("FEB", 2),
          Map.entry("MAR", 3),
          Map.entry("APR", 4),
          Map.entry("MAY", 5),
          Map.entry("JUN", 6),
          Map.entry("JUL", 7),
          Map.entry("AUG", 8),
          Map.entry("SEP", 9),
          Map.entry("OCT", 10),
          Map.entry("NOV", 11),
          Map.entry("DEC", 12));
  private static final Map<String, Integer> WEEKDAYS =
      Map.of("SUN", 1, "MON", 2, "TUE", 3, "WED", 4, "THU", 5, "FRI", 6, "SAT", 7);

  private final String expression;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet months;
  private final BitSet years;
  private final List<DayRule> dayRules;

  private CronSchedule(
      String expression,
      BitSet minutes,
      BitSet hours,
      BitSet months,
      BitSet years,
      List<DayRule> dayRules) {
    this.expression = expression;
    this.minutes = minutes;
    this.hours = hours;
    this.months = months;
    this.years = years;
    this.dayRules = List.copyOf(dayRules);
  }

  /**
   * Parses {@code cron(…)}.
   *
   * @throws ValidationException naming what is wrong
   */
  public static CronSchedule parse(String expression) {
    requireNonNull(expression, "expression is null");
    Matcher matcher = EXPRESSION.matcher(expression.trim());
    if (!matcher.matches()) {
      throw invalid(
          expression,
          "it must have the form cron(Minutes Hours Day-of-month Month" + " Day-of-week Year)");
    }
    String[] fields = matcher.group(1).trim().split("\\s+");
    if (fields.length != 6) {
      throw invalid(expression, "it must have 6 fields, not " + fields.length);
    }
    try {
      BitSet minutes = numbers(fields[0], 0, 59, Map.of(), "Minutes");
      BitSet hours = numbers(fields[1], 0, 23, Map.of(), "Hours");
      BitSet months = numbers(fields[3], 1, 12, MONTHS, "Month");
      BitSet years = numbers(fields[5], FIRST_YEAR, LAST_YEAR, Map.of(), "Year");
      boolean anyDayOfMonth = fields[2].equals("?");
      boolean anyDayOfWeek = fields[4].equals("?");
      if (anyDayOfMonth == anyDayOfWeek) {
        throw new IllegalArgumentException(
            "exactly one of Day-of-month and Day-of-week must be '?'");
      }
      List<DayRule> dayRules = anyDayOfWeek ? daysOfMonth(fields[2]) : daysOfWeek(fields[4]);
      return new CronSchedule(expression.trim(), minutes, hours, months, years, dayRules);
    } catch (IllegalArgumentException e) {
      throw invalid(expression, e.getMessage());
    }
  }

  /** The expression as written. */
  public String expression() {
    return expression;
  }

  /**
   * The first time after {@code time} (whole minutes, UTC) the schedule fires, or null when it
   * never fires again.
   */
  public Instant nextRunAfter(Instant time) {
    LocalDateTime start =
        LocalDateTime.ofInstant(time, ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MINUTES)
            .plusMinutes(1);
    LocalDate date = start.toLocalDate();
    boolean firstDay = true;
    while (date.getYear() <= LAST_YEAR) {
      if (!years.get(date.getYear())) {
        int nextYear = years.nextSetBit(date.getYear() + 1);
        if (nextYear < 0) {
          return null;
        }
        date = LocalDate.of(nextYear, 1, 1);
        firstDay = false;
        continue;
      }
      if (!months.get(date.getMonthValue())) {
        date = date.with(TemporalAdjusters.firstDayOfNextMonth());
        firstDay = false;
        continue;
      }
      if (matchesDay(date)) {
        int fromHour = firstDay ? start.getHour() : 0;
        for (int hour = hours.nextSetBit(fromHour); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
          int fromMinute = firstDay && hour == start.getHour() ? start.getMinute() : 0;
          int minute = minutes.nextSetBit(fromMinute);
          if (minute >= 0) {
            return date.atTime(hour, minute).toInstant(ZoneOffset.UTC);
          }
        }
      }
      date = date.plusDays(1);
      firstDay = false;
    }
    return null;
  }

  private boolean matchesDay(LocalDate date) {
    for (DayRule rule : dayRules) {
      if (rule.matches(date)) {
        return true;
      }
    }
    return false;
  }

  /** One item of the day field that decides whether a date fires. */
  @FunctionalInterface
  private interface DayRule {
    boolean matches(LocalDate date);
  }

  private static List<DayRule> daysOfMonth(String field) {
    List<DayRule> rules = new ArrayList<>();
    BitSet plain = new BitSet();
    for (String item : items(field, "Day-of-month")) {
      String upper = item.toUpperCase(Locale.ROOT);
      if (upper.equals("L")) {
        rules.add(date -> date.getDayOfMonth() == date.lengthOfMonth());
      } else if (upper.equals("LW")) {
        rules.add(date -> date.equals(nearestWeekday(date.withDayOfMonth(date.lengthOfMonth()))));
      } else if (upper.endsWith("W")) {
        int day = number(upper.substring(0, upper.length() - 1), 1, 31, Map.of(), "Day-of-month");
        rules.add(
            date ->
                day <= date.lengthOfMonth()
                    && date.equals(nearestWeekday(date.withDayOfMonth(day))));
      } else {
        plain.or(numbers(item, 1, 31, Map.of(), "Day-of-month"));
      }
    }
    if (!plain.isEmpty()) {
      rules.add(date -> plain.get(date.getDayOfMonth()));
    }
    return rules;
  }

  /** The weekday nearest {@code date} without leaving its month, as cron's {@code W} means. */
  private static LocalDate nearestWeekday(LocalDate date) {
    DayOfWeek day = date.getDayOfWeek();
    if (day == DayOfWeek.SATURDAY) {
      return date.getDayOfMonth() == 1 ? date.plusDays(2) : date.minusDays(1);
    }
    if (day == DayOfWeek.SUNDAY) {
      return date.getDayOfMonth() == date.lengthOfMonth() ? date.minusDays(2) : date.plusDays(1);
    }
    return date;
  }

  private static List<DayRule> daysOfWeek(String field) {
    List<DayRule> rules = new ArrayList<>();
    BitSet plain = new BitSet();
    for (String item : items(field, "Day-of-week")) {
      String upper = item.toUpperCase(Locale.ROOT);
      if (upper.equals("L")) {
        plain.set(7);
      } else if (upper.endsWith("L")) {
        int weekday = number(upper.substring(0, upper.length() - 1), 1, 7, WEEKDAYS, "Day-of-week");
        rules.add(
            date -> weekday(date) == weekday && date.plusDays(7).getMonth() != date.getMonth());
      } else if (upper.contains("#")) {
        String[] parts = upper.split("#", -1);
        if (parts.length != 2) {
          throw new IllegalArgumentException("invalid Day-of-week value '" + item + "'");
        }
        int weekday = number(parts[0], 1, 7, WEEKDAYS, "Day-of-week");
        int nth = number(parts[1], 1, 5, Map.of(), "the # of Day-of-week");
        rules.add(date -> weekday(date) == weekday && (date.getDayOfMonth() - 1) / 7 + 1 == nth);
      } else {
        plain.or(numbers(item, 1, 7, WEEKDAYS, "Day-of-week"));
      }
    }
    if (!plain.isEmpty()) {
      rules.add(date -> plain.get(weekday(date)));
    }
    return rules;
  }

  /** AWS's weekday number: 1 is Sunday, 7 Saturday. */
  private static int weekday(LocalDate date) {
    return date.getDayOfWeek().getValue() % 7 + 1;
  }

  private static List<String> items(String field, String name) {
    String[] items = field.split(",", -1);
    for (String item : items) {
      if (item.isEmpty()) {
        throw new IllegalArgumentException("empty item in " + name + " '" + field + "'");
      }
    }
    return List.of(items);
  }

  /** A field of {@code *}, numbers, names, ranges and increments. */
  private static BitSet numbers(
      String field, int minimum, int maximum, Map<String, Integer> names, String name) {
    BitSet values = new BitSet();
    for (String item : items(field, name)) {
      String range = item;
      int step = 1;
      int slash = item.indexOf('/');
      if (slash >= 0) {
        range = item.substring(0, slash);
        step =
            number(item.substring(slash + 1), 1, maximum - minimum + 1, Map.of(), name + " step");
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = minimum;
        to = maximum;
      } else if (range.contains("-")) {
        String[] bounds = range.split("-", -1);
        if (bounds.length != 2) {
          throw new IllegalArgumentException("invalid " + name + " range '" + item + "'");
        }
        from = number(bounds[0], minimum, maximum, names, name);
        to = number(bounds[1], minimum, maximum, names, name);
      } else {
        from = number(range, minimum, maximum, names, name);
        to = slash >= 0 ? maximum : from;
      }
      // A range that wraps (FRI-MON, NOV-FEB) runs to the end and on from the start.
      int span = to >= from ? to - from : to - from + (maximum - minimum + 1);
      for (int offset = 0; offset <= span; offset += step) {
        int value = from + offset;
        values.set(value > maximum ? value - (maximum - minimum + 1) : value);
      }
    }
    return values;
  }

  private static int number(
      String text, int minimum, int maximum, Map<String, Integer> names, String name) {
    Integer named = names.get(text.toUpperCase(Locale.ROOT));
    int value;
    if (named != null) {
      value = named;
    } else {
      if (!text.matches("\\d{1,4}")) {
        throw new IllegalArgumentException("invalid " + name + " value '" + text + "'");
      }
      value = Integer.parseInt(text);
    }
    if (value < minimum || value > maximum) {
      throw new IllegalArgumentException(
          name + " value " + value + " is not between " + minimum + " and " + maximum);
    }
    return value;
  }

  private static ValidationException invalid(String expression, String problem) {
    return new ValidationException("invalid schedule expression '" + expression + "': " + problem);
  }

  @Override
  public String toString() {
    return expression;
  }
}
