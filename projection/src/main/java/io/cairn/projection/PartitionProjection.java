package io.cairn.projection;

import static java.util.Objects.requireNonNull;

import io.cairn.projection.ColumnDomain.Interval;
import io.cairn.projection.ColumnDomain.Intervals;
import io.cairn.projection.ColumnProjection.DateRange;
import io.cairn.projection.ColumnProjection.EnumValues;
import io.cairn.projection.ColumnProjection.Injected;
import io.cairn.projection.ColumnProjection.IntegerRange;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table's partition projection, read from its {@code projection.*} and {@code
 * storage.location.template} properties as Athena documents them: the partitions are computed from
 * per-column rules instead of being stored. Times are UTC; ranges are inclusive.
 *
 * <p>{@link #partitions} enumerates the partitions a filter can select, column by column: an
 * interval on a column whose values come in the column's order costs a binary search, not a walk
 * over the column's values.
 */
public final class PartitionProjection {
  /** Athena's default limit on how many partitions one query may project. */
  public static final long DEFAULT_LIMIT = 1_000_000;

  static final String ENABLED = "projection.enabled";
  static final String LOCATION_TEMPLATE = "storage.location.template";
  private static final String PREFIX = "projection.";
  private static final Pattern NOW =
      Pattern.compile(
          "NOW(?:\\s*([+-])\\s*(\\d+)\\s*(YEAR|MONTH|WEEK|DAY|HOUR|MINUTE|SECOND|MILLISECOND)S?)?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
  private static final Set<String> COLUMN_PROPERTIES =
      Set.of("type", "values", "range", "interval", "digits", "format", "interval.unit");

  private final List<PartitionColumn> columns;
  private final List<ColumnProjection> projections;
  private final String locationTemplate;
  private final String tableLocation;

  private PartitionProjection(
      List<PartitionColumn> columns,
      List<ColumnProjection> projections,
      String locationTemplate,
      String tableLocation) {
    this.columns = List.copyOf(columns);
    this.projections = List.copyOf(projections);
    this.locationTemplate = locationTemplate;
    this.tableLocation = tableLocation;
  }

  /** True when {@code parameters} switch projection on ({@code projection.enabled = true}). */
  public static boolean isEnabled(Map<String, String> parameters) {
    String enabled = parameters.get(ENABLED);
    return enabled != null && enabled.trim().equalsIgnoreCase("true");
  }

  /**
   * The projection of a table with {@code parameters}, partition {@code columns} and {@code
   * tableLocation} (may be null when a location template is set), or empty when projection is not
   * enabled. {@code NOW} in date ranges is read from {@code clock}.
   *
   * @throws ProjectionException if projection is enabled and a rule is invalid, naming the property
   */
  public static Optional<PartitionProjection> of(
      Map<String, String> parameters,
      List<PartitionColumn> columns,
      String tableLocation,
      Clock clock) {
    requireNonNull(parameters, "parameters is null");
    requireNonNull(columns, "columns is null");
    requireNonNull(clock, "clock is null");
    String enabled = parameters.get(ENABLED);
    if (enabled == null || enabled.trim().equalsIgnoreCase("false")) {
      return Optional.empty();
    }
    if (!enabled.trim().equalsIgnoreCase("true")) {
      throw ProjectionException.invalid(ENABLED, enabled, "must be true or false");
    }
    if (columns.isEmpty()) {
      throw ProjectionException.invalid(ENABLED, enabled, "the table has no partition columns");
    }
    checkNoStrayProperties(parameters, columns);
    LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC));
    List<ColumnProjection> projections = new ArrayList<>();
    for (PartitionColumn column : columns) {
      projections.add(column(parameters, column, now));
    }
    String template = parameters.get(LOCATION_TEMPLATE);
    if (template != null) {
      checkTemplate(template, columns);
    } else if (tableLocation == null || tableLocation.isBlank()) {
      throw new ProjectionException(
          "Partition projection needs the table's location or " + LOCATION_TEMPLATE);
    }
    return Optional.of(new PartitionProjection(columns, projections, template, tableLocation));
  }

  /**
   * Checks the projection rules in {@code parameters} as a table write must: nothing when
   * projection is not enabled.
   *
   * @throws ProjectionException naming the offending property
   */
  public static void validate(
      Map<String, String> parameters, List<PartitionColumn> columns, String tableLocation) {
    of(parameters, columns, tableLocation, Clock.systemUTC());
  }

  public List<PartitionColumn> columns() {
    return columns;
  }

  /**
   * The partitions (their values, in column order) whose every column lies in its domain, in the
   * order of the columns' value lists. A domain can select more than the caller's whole filter
   * would (an {@code OR} across columns, say): the caller tests each partition against its filter.
   *
   * @param domains one per partition column, in column order
   * @param limit the most partitions the answer may hold
   * @throws ProjectionException if there would be more than {@code limit} partitions, or an
   *     injected column has no values given by {@code =} or {@code IN}
   */
  public List<List<String>> partitions(List<ColumnDomain> domains, long limit) {
    if (domains.size() != columns.size()) {
      throw new IllegalArgumentException(
          "%d domains for %d columns".formatted(domains.size(), columns.size()));
    }
    List<List<String>> values = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      values.add(null);
    }
    // Bounded columns first: an empty one answers without listing an unbounded one.
    for (int i = 0; i < columns.size(); i++) {
      if (domains.get(i) instanceof Intervals intervals) {
        List<String> selected = select(i, intervals, limit);
        if (selected.isEmpty()) {
          return List.of();
        }
        values.set(i, selected);
      }
    }
    for (int i = 0; i < columns.size(); i++) {
      if (values.get(i) == null) {
        values.set(i, all(i, limit));
      }
    }
    long count = 1;
    for (List<String> column : values) {
      if (count > limit / column.size()) {
        checkLimit(limit + 1, limit);
      }
      count *= column.size();
    }
    checkLimit(count, limit);
    List<List<String>> partitions = new ArrayList<>(Math.toIntExact(count));
    product(values, 0, new String[columns.size()], partitions);
    return partitions;
  }

  /** Whether the projection has a partition with exactly these values. */
  public boolean contains(List<String> partitionValues) {
    if (partitionValues.size() != columns.size()) {
      return false;
    }
    for (int i = 0; i < columns.size(); i++) {
      String value = partitionValues.get(i);
      if (value == null || projections.get(i).indexOf(value).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The location of the partition with {@code partitionValues}: the template with each {@code
   * ${column}} replaced, or Hive's {@code column=value} directories under the table's location.
   */
  public String location(List<String> partitionValues) {
    if (locationTemplate != null) {
      Matcher matcher = TEMPLATE_VARIABLE.matcher(locationTemplate);
      StringBuilder location = new StringBuilder();
      while (matcher.find()) {
        String value = partitionValues.get(indexOf(matcher.group(1)));
        matcher.appendReplacement(location, Matcher.quoteReplacement(value));
      }
      matcher.appendTail(location);
      return location.toString();
    }
    StringBuilder location = new StringBuilder(tableLocation);
    for (int i = 0; i < columns.size(); i++) {
      if (location.charAt(location.length() - 1) != '/') {
        location.append('/');
      }
      location
          .append(HivePaths.escape(columns.get(i).name()))
          .append('=')
          .append(HivePaths.escape(partitionValues.get(i)));
    }
    return location.toString();
  }

  private List<String> select(int column, Intervals domain, long limit) {
    ColumnProjection projection = projections.get(column);
    List<Interval> intervals = domain.intervals();
    if (projection instanceof Injected) {
      Set<String> given = new LinkedHashSet<>();
      for (Interval interval : intervals) {
        if (interval.point() == null) {
          throw injectedNeedsValues(column);
        }
        if (interval.contains(interval.point())) {
          given.add(interval.point());
        }
      }
      checkLimit(given.size(), limit);
      return List.copyOf(given);
    }
    TreeSet<Long> indexes = new TreeSet<>();
    if (projection.ordered()) {
      for (Interval interval : intervals) {
        long first = firstNotBelow(projection, interval);
        long last = lastNotAbove(projection, interval);
        checkLimit(indexes.size() + Math.max(0, last - first + 1), limit);
        for (long index = first; index <= last; index++) {
          indexes.add(index);
        }
      }
    } else {
      long size = projection.size();
      for (long index = 0; index < size; index++) {
        String value = projection.value(index);
        for (Interval interval : intervals) {
          if (interval.contains(value)) {
            indexes.add(index);
            checkLimit(indexes.size(), limit);
            break;
          }
        }
      }
    }
    List<String> selected = new ArrayList<>(indexes.size());
    for (long index : indexes) {
      selected.add(projection.value(index));
    }
    return selected;
  }

  private List<String> all(int column, long limit) {
    ColumnProjection projection = projections.get(column);
    if (projection instanceof Injected) {
      throw injectedNeedsValues(column);
    }
    long size = projection.size();
    checkLimit(size, limit);
    List<String> values = new ArrayList<>((int) size);
    for (long index = 0; index < size; index++) {
      values.add(projection.value(index));
    }
    return values;
  }

  /** The first index whose value is not below {@code interval} (size when there is none). */
  private static long firstNotBelow(ColumnProjection projection, Interval interval) {
    long low = 0;
    long high = projection.size();
    while (low < high) {
      long middle = (low + high) >>> 1;
      if (interval.position().applyAsInt(projection.value(middle)) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** The last index whose value is not above {@code interval} (-1 when there is none). */
  private static long lastNotAbove(ColumnProjection projection, Interval interval) {
    long low = -1;
    long high = projection.size() - 1;
    while (low < high) {
      long middle = (low + high + 1) >>> 1;
      if (interval.position().applyAsInt(projection.value(middle)) > 0) {
        high = middle - 1;
      } else {
        low = middle;
      }
    }
    return low;
  }

  private static void product(
      List<List<String>> values, int column, String[] current, List<List<String>> out) {
    if (column == values.size()) {
      out.add(List.of(current.clone()));
      return;
    }
    for (String value : values.get(column)) {
      current[column] = value;
      product(values, column + 1, current, out);
    }
  }

  private static void checkLimit(long count, long limit) {
    if (count > limit) {
      throw new ProjectionException(
          "The filter selects more than %,d partitions of a projected table, the limit; narrow it"
              .formatted(limit));
    }
  }

  private ProjectionException injectedNeedsValues(int column) {
    String name = columns.get(column).name();
    return new ProjectionException(
        "Partition column %s is projected as injected (%s%s.type): a filter must give its values with = or IN"
            .formatted(name, PREFIX, name));
  }

  private int indexOf(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(column)) {
        return i;
      }
    }
    throw new IllegalStateException("no partition column " + column);
  }

  // Parsing and validation

  private static ColumnProjection column(
      Map<String, String> parameters, PartitionColumn column, LocalDateTime now) {
    String prefix = PREFIX + column.name() + ".";
    String typeProperty = prefix + "type";
    String type = property(parameters, column, "type");
    if (type == null) {
      throw new ProjectionException(
          "Partition projection is enabled but partition column %s has no %s"
              .formatted(column.name(), typeProperty));
    }
    return switch (type.trim().toLowerCase(Locale.ROOT)) {
      case "enum" -> enumValues(parameters, column);
      case "integer" -> integerRange(parameters, column);
      case "date" -> dateRange(parameters, column, now);
      case "injected" -> new Injected();
      default ->
          throw ProjectionException.invalid(
              typeProperty, type, "must be enum, integer, date or injected");
    };
  }

  private static ColumnProjection enumValues(
      Map<String, String> parameters, PartitionColumn column) {
    String values = required(parameters, column, "values", "an enum column lists its values");
    List<String> list = Arrays.asList(values.split(",", -1));
    if (list.stream().anyMatch(String::isEmpty)) {
      throw ProjectionException.invalid(
          name(column, "values"), values, "a comma-separated list without empty values");
    }
    if (column.isIntegral()) {
      for (String value : list) {
        parseLong(name(column, "values"), values, value);
      }
    }
    return new EnumValues(list);
  }

  private static ColumnProjection integerRange(
      Map<String, String> parameters, PartitionColumn column) {
    if (!column.isIntegral() && !column.isText()) {
      throw ProjectionException.invalid(
          name(column, "type"), "integer", "column " + column.name() + " is " + column.type());
    }
    String rangeProperty = name(column, "range");
    String range = required(parameters, column, "range", "an integer column needs min,max");
    String[] bounds = range.split(",", -1);
    if (bounds.length != 2) {
      throw ProjectionException.invalid(rangeProperty, range, "must be min,max");
    }
    long min = parseLong(rangeProperty, range, bounds[0].trim());
    long max = parseLong(rangeProperty, range, bounds[1].trim());
    if (min > max) {
      throw ProjectionException.invalid(rangeProperty, range, "min is greater than max");
    }
    long interval = positive(parameters, column, "interval", 1);
    int digits = Math.toIntExact(positiveOrZero(parameters, column, "digits"));
    IntegerRange projection = new IntegerRange(min, max, interval, digits, false);
    boolean ordered =
        column.isIntegral()
            || (min >= 0 && projection.format(min).length() == projection.format(max).length());
    return new IntegerRange(min, max, interval, digits, ordered);
  }

  private static ColumnProjection dateRange(
      Map<String, String> parameters, PartitionColumn column, LocalDateTime now) {
    if (!column.isDateOrTimestamp() && !column.isText()) {
      throw ProjectionException.invalid(
          name(column, "type"), "date", "column " + column.name() + " is " + column.type());
    }
    String formatProperty = name(column, "format");
    String pattern = required(parameters, column, "format", "a date column needs its format");
    DateTimeFormatter format;
    try {
      format = DateFormats.formatter(pattern);
    } catch (IllegalArgumentException e) {
      throw ProjectionException.invalid(formatProperty, pattern, e.getMessage());
    }
    String rangeProperty = name(column, "range");
    String range = required(parameters, column, "range", "a date column needs start,end");
    String[] bounds = range.split(",", -1);
    if (bounds.length != 2) {
      throw ProjectionException.invalid(rangeProperty, range, "must be start,end");
    }
    LocalDateTime start = dateBound(rangeProperty, range, bounds[0].trim(), format, now);
    LocalDateTime end = dateBound(rangeProperty, range, bounds[1].trim(), format, now);
    if (start.isAfter(end)) {
      throw ProjectionException.invalid(rangeProperty, range, "start is after end");
    }
    long interval = positive(parameters, column, "interval", 1);
    String unitText = property(parameters, column, "interval.unit");
    ChronoUnit unit;
    if (unitText == null) {
      unit =
          DateFormats.smallestUnit(pattern)
              .orElseThrow(
                  () ->
                      ProjectionException.invalid(
                          formatProperty, pattern, "writes no date or time field"));
    } else {
      unit = unit(name(column, "interval.unit"), unitText);
    }
    boolean ordered = column.isDateOrTimestamp() || DateFormats.sortsChronologically(pattern);
    return new DateRange(start, end, format, interval, unit, ordered);
  }

  /** A range bound: a date in the column's format, or NOW with optional arithmetic. */
  private static LocalDateTime dateBound(
      String property, String range, String bound, DateTimeFormatter format, LocalDateTime now) {
    Matcher matcher = NOW.matcher(bound);
    if (matcher.matches()) {
      LocalDateTime time = now;
      if (matcher.group(1) != null) {
        long amount = Long.parseLong(matcher.group(2));
        ChronoUnit unit = unit(property, matcher.group(3) + "S");
        time = matcher.group(1).equals("+") ? time.plus(amount, unit) : time.minus(amount, unit);
      }
      // Written and read back in the format, as a value of the column would be.
      return DateFormats.parse(format, format.format(time));
    }
    try {
      return DateFormats.parse(format, bound);
    } catch (DateTimeParseException e) {
      throw ProjectionException.invalid(
          property,
          range,
          "'%s' is neither NOW[±N UNIT] nor a date in the column's format".formatted(bound));
    }
  }

  private static ChronoUnit unit(String property, String text) {
    return switch (text.trim().toUpperCase(Locale.ROOT)) {
      case "YEARS" -> ChronoUnit.YEARS;
      case "MONTHS" -> ChronoUnit.MONTHS;
      case "WEEKS" -> ChronoUnit.WEEKS;
      case "DAYS" -> ChronoUnit.DAYS;
      case "HOURS" -> ChronoUnit.HOURS;
      case "MINUTES" -> ChronoUnit.MINUTES;
      case "SECONDS" -> ChronoUnit.SECONDS;
      case "MILLISECONDS" -> ChronoUnit.MILLIS;
      default ->
          throw ProjectionException.invalid(
              property,
              text,
              "must be YEARS, MONTHS, WEEKS, DAYS, HOURS, MINUTES, SECONDS or MILLISECONDS");
    };
  }

  /** Every projection.* and the template refer to partition columns and known rules. */
  private static void checkNoStrayProperties(
      Map<String, String> parameters, List<PartitionColumn> columns) {
    for (String key : parameters.keySet()) {
      if (!key.startsWith(PREFIX) || key.equals(ENABLED)) {
        continue;
      }
      String rest = key.substring(PREFIX.length());
      PartitionColumn column =
          columns.stream()
              .filter(candidate -> rest.startsWith(candidate.name() + "."))
              .findFirst()
              .orElseThrow(
                  () ->
                      ProjectionException.invalid(
                          key, parameters.get(key), "names no partition column of the table"));
      String rule = rest.substring(column.name().length() + 1);
      if (!COLUMN_PROPERTIES.contains(rule)) {
        throw ProjectionException.invalid(
            key, parameters.get(key), "unknown projection property '" + rule + "'");
      }
    }
  }

  private static void checkTemplate(String template, List<PartitionColumn> columns) {
    Set<String> named = new LinkedHashSet<>();
    Matcher matcher = TEMPLATE_VARIABLE.matcher(template);
    while (matcher.find()) {
      String name = matcher.group(1);
      if (columns.stream().noneMatch(column -> column.name().equalsIgnoreCase(name))) {
        throw ProjectionException.invalid(
            LOCATION_TEMPLATE, template, "${" + name + "} is not a partition column");
      }
      named.add(name.toLowerCase(Locale.ROOT));
    }
    for (PartitionColumn column : columns) {
      if (!named.contains(column.name().toLowerCase(Locale.ROOT))) {
        throw ProjectionException.invalid(
            LOCATION_TEMPLATE, template, "has no ${" + column.name() + "}");
      }
    }
  }

  private static String property(
      Map<String, String> parameters, PartitionColumn column, String rule) {
    return parameters.get(name(column, rule));
  }

  private static String name(PartitionColumn column, String rule) {
    return PREFIX + column.name() + "." + rule;
  }

  private static String required(
      Map<String, String> parameters, PartitionColumn column, String rule, String why) {
    String value = property(parameters, column, rule);
    if (value == null || value.isBlank()) {
      throw new ProjectionException(
          "Partition projection property %s is missing: %s".formatted(name(column, rule), why));
    }
    return value;
  }

  private static long positive(
      Map<String, String> parameters, PartitionColumn column, String rule, long defaultValue) {
    String text = property(parameters, column, rule);
    if (text == null) {
      return defaultValue;
    }
    long value = parseLong(name(column, rule), text, text.trim());
    if (value <= 0) {
      throw ProjectionException.invalid(name(column, rule), text, "must be a positive integer");
    }
    return value;
  }

  private static long positiveOrZero(
      Map<String, String> parameters, PartitionColumn column, String rule) {
    String text = property(parameters, column, rule);
    if (text == null) {
      return 0;
    }
    long value = parseLong(name(column, rule), text, text.trim());
    if (value <= 0 || value > 19) {
      throw ProjectionException.invalid(name(column, rule), text, "must be between 1 and 19");
    }
    return value;
  }

  private static long parseLong(String property, String whole, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ProjectionException.invalid(property, whole, "'" + text + "' is not an integer");
    }
  }
}
