package io.cairn.catalog.filter;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Column;
import io.cairn.catalog.HiveTypes;
import io.cairn.catalog.HiveTypes.PartitionKeyKind;
import io.cairn.catalog.PartitionNames;
import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.BoundPredicate.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A partition filter bound to a table's partition keys, ready to evaluate.
 *
 * <p>Each key compares by its declared Hive type ({@link HiveTypes#partitionKeyKind}): integral and
 * decimal keys as numbers, date keys as calendar days ({@code yyyy-MM-dd}), timestamp keys as date
 * and time ({@code yyyy-MM-dd HH:mm:ss} with up to nine digits of fraction), every other key as
 * text. LIKE matches the value's text whatever the key's type. Evaluation follows SQL's
 * three-valued logic so that {@link #test} selects exactly the partitions the store's SQL selects:
 * a comparison, IN, BETWEEN or LIKE on a null value is unknown, NOT of unknown is unknown, and only
 * partitions for which the filter is true are selected. A value is null when it is {@code null} or
 * {@link PartitionNames#DEFAULT_PARTITION_NAME}; a number, date or timestamp key's value that is
 * not one compares like null, but IS NULL is false for it.
 *
 * <p>Two sets of rules bind a tree: {@link #bind} Hive's, for filters of the Thrift API and the
 * browse API, and {@link #bindGlueExpression} Glue's, which AWS documents for GetPartitions.
 */
public final class PartitionFilter {
  /**
   * Longest text accepted as a number; longer digit strings compare like null. Keeps every number
   * within what PostgreSQL's NUMERIC stores.
   */
  private static final int MAX_NUMBER_LENGTH = 1000;

  private final BoundPredicate root;
  private final List<String> keyNames;

  private PartitionFilter(BoundPredicate root, List<String> keyNames) {
    this.root = requireNonNull(root, "root is null");
    this.keyNames = List.copyOf(keyNames);
  }

  /**
   * Binds {@code predicate} to the table's {@code partitionKeys} with Hive's rules: key names
   * resolve case-insensitively to key positions and literals get the type their key compares by;
   * any key may be filtered, LIKE on any key matches its value as text.
   *
   * @throws ValidationException when a key is not a partition key, a literal compared with a number
   *     key is not a number (with a date or timestamp key not a date or timestamp), an IN list is
   *     empty, or a LIKE pattern ends with its escape character
   */
  public static PartitionFilter bind(PartitionPredicate predicate, List<Column> partitionKeys) {
    return bind(predicate, partitionKeys, false);
  }

  /**
   * Binds {@code predicate} as {@link #bind} does, with the rules AWS documents for the {@code
   * Expression} of Glue's GetPartitions on top: only keys of type string, char, varchar, date,
   * timestamp, tinyint, smallint, int, bigint and decimal may be filtered on, LIKE only on string,
   * char and varchar keys, and a literal compared with an integral key must be a whole number.
   *
   * @throws ValidationException as {@link #bind} does, and when one of these rules is broken
   */
  public static PartitionFilter bindGlueExpression(
      PartitionPredicate predicate, List<Column> partitionKeys) {
    return bind(predicate, partitionKeys, true);
  }

  private static PartitionFilter bind(
      PartitionPredicate predicate, List<Column> partitionKeys, boolean glueRules) {
    requireNonNull(predicate, "predicate is null");
    requireNonNull(partitionKeys, "partitionKeys is null");
    List<Column> keys = List.copyOf(partitionKeys);
    return new PartitionFilter(
        new Binder(keys, glueRules).bind(predicate), keys.stream().map(Column::name).toList());
  }

  /** The bound tree, for the store to translate into SQL. */
  public BoundPredicate root() {
    return root;
  }

  /**
   * The range of values of key {@code keyIndex} outside which the filter selects nothing, taken
   * from the comparisons ({@code = < <= > >=}) and BETWEENs on that key among the filter's
   * top-level AND terms (the filter itself when it is a single term); empty when there is none.
   * Every other term is the range's {@linkplain KeyRange#residual() residual}: a partition is
   * selected exactly when its value of the key lies in the range and the residual is true for it.
   */
  public Optional<KeyRange> keyRange(int keyIndex) {
    List<BoundPredicate> terms =
        root instanceof BoundPredicate.And and ? and.terms() : List.of(root);
    List<BoundPredicate> residual = new ArrayList<>();
    ValueKind kind = null;
    KeyRange.Bound low = null;
    KeyRange.Bound high = null;
    for (BoundPredicate term : terms) {
      if (term instanceof BoundPredicate.Compare compare
          && compare.keyIndex() == keyIndex
          && compare.operator() != PartitionPredicate.Operator.NOT_EQUAL) {
        kind = compare.kind();
        Object value = compare.value();
        switch (compare.operator()) {
          case EQUAL -> {
            low = tighterLow(low, new KeyRange.Bound(value, true));
            high = tighterHigh(high, new KeyRange.Bound(value, true));
          }
          case GREATER_THAN -> low = tighterLow(low, new KeyRange.Bound(value, false));
          case GREATER_THAN_OR_EQUAL -> low = tighterLow(low, new KeyRange.Bound(value, true));
          case LESS_THAN -> high = tighterHigh(high, new KeyRange.Bound(value, false));
          case LESS_THAN_OR_EQUAL -> high = tighterHigh(high, new KeyRange.Bound(value, true));
          case NOT_EQUAL -> throw new IllegalStateException("NOT_EQUAL is no range");
        }
      } else if (term instanceof BoundPredicate.Between between && between.keyIndex() == keyIndex) {
        kind = between.kind();
        low = tighterLow(low, new KeyRange.Bound(between.low(), true));
        high = tighterHigh(high, new KeyRange.Bound(between.high(), true));
      } else {
        residual.add(term);
      }
    }
    if (kind == null) {
      return Optional.empty();
    }
    BoundPredicate rest =
        switch (residual.size()) {
          case 0 -> null;
          case 1 -> residual.get(0);
          default -> new BoundPredicate.And(residual);
        };
    return Optional.of(new KeyRange(keyIndex, kind, low, high, rest));
  }

  private static KeyRange.Bound tighterLow(KeyRange.Bound current, KeyRange.Bound candidate) {
    if (current == null) {
      return candidate;
    }
    int order = compare(candidate.value(), current.value());
    return order > 0 || order == 0 && !candidate.inclusive() ? candidate : current;
  }

  private static KeyRange.Bound tighterHigh(KeyRange.Bound current, KeyRange.Bound candidate) {
    if (current == null) {
      return candidate;
    }
    int order = compare(candidate.value(), current.value());
    return order < 0 || order == 0 && !candidate.inclusive() ? candidate : current;
  }

  /**
   * True when the partition with these values, in key order, is selected.
   *
   * @throws IllegalArgumentException when there is not one value per partition key
   */
  public boolean test(List<String> partitionValues) {
    requireNonNull(partitionValues, "partitionValues is null");
    if (partitionValues.size() != keyNames.size()) {
      throw new IllegalArgumentException(
          "expected " + keyNames.size() + " partition values, got " + partitionValues.size());
    }
    return evaluate(root, partitionValues) == Truth.TRUE;
  }

  /**
   * A partition value as the filter compares it as text, and as the store must write it into its
   * text column: null for a null value and for {@link PartitionNames#DEFAULT_PARTITION_NAME}.
   */
  public static String stringValue(String partitionValue) {
    return partitionValue == null || partitionValue.equals(PartitionNames.DEFAULT_PARTITION_NAME)
        ? null
        : partitionValue;
  }

  /**
   * A partition value of a number key as the filter compares it: null for a null value and for text
   * that is not a plain decimal number (an optional sign, digits with at most one decimal point, no
   * exponent, no whitespace).
   */
  public static BigDecimal numberValue(String partitionValue) {
    String text = stringValue(partitionValue);
    return text != null && isPlainNumber(text) ? new BigDecimal(text) : null;
  }

  /**
   * A partition value of a date key as the filter compares it: null for a null value and for text
   * that is not a date written {@code yyyy-MM-dd} (a real day of the years 0000 to 9999).
   */
  public static LocalDate dateValue(String partitionValue) {
    String text = stringValue(partitionValue);
    return text == null ? null : parseDate(text);
  }

  /**
   * A partition value of a timestamp key as the filter compares it: null for a null value and for
   * text that is not written {@code yyyy-MM-dd HH:mm:ss}, optionally with a fraction of one to nine
   * digits, naming a real day of the years 0000 to 9999 and a time of day.
   */
  public static LocalDateTime timestampValue(String partitionValue) {
    String text = stringValue(partitionValue);
    return text == null ? null : parseTimestamp(text);
  }

  /**
   * The number a store writes beside a partition value of a key of {@code kind}, for comparisons in
   * the database: the value itself for integral and decimal keys, the day counted from 1970-01-01
   * for date keys, the nanosecond counted from 1970-01-01 00:00:00 for timestamp keys; null for
   * text keys and for values that are null or not of the key's type. Its order is the order in
   * which the filter compares the values.
   */
  public static BigDecimal comparableNumber(PartitionKeyKind kind, String partitionValue) {
    requireNonNull(kind, "kind is null");
    return switch (kind) {
      case STRING -> null;
      case INTEGRAL, DECIMAL -> numberValue(partitionValue);
      case DATE -> {
        LocalDate date = dateValue(partitionValue);
        yield date == null ? null : literalNumber(date);
      }
      case TIMESTAMP -> {
        LocalDateTime timestamp = timestampValue(partitionValue);
        yield timestamp == null ? null : literalNumber(timestamp);
      }
    };
  }

  /**
   * A bound literal of a number, date or timestamp key as the number {@link #comparableNumber}
   * writes for a partition value equal to it.
   *
   * @throws IllegalArgumentException for a text literal
   */
  public static BigDecimal literalNumber(Object literal) {
    requireNonNull(literal, "literal is null");
    if (literal instanceof BigDecimal number) {
      return number;
    }
    if (literal instanceof LocalDate date) {
      return BigDecimal.valueOf(date.toEpochDay());
    }
    if (literal instanceof LocalDateTime timestamp) {
      return new BigDecimal(
          BigInteger.valueOf(timestamp.toEpochSecond(ZoneOffset.UTC))
              .multiply(NANOS_PER_SECOND)
              .add(BigInteger.valueOf(timestamp.getNano())));
    }
    throw new IllegalArgumentException("not a number, date or timestamp literal: " + literal);
  }

  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

  /** {@code yyyy-MM-dd}, strictly: four-digit year, two-digit month and day, a real date. */
  private static LocalDate parseDate(String text) {
    if (text.length() != 10
        || !digits(text, 0, 4)
        || text.charAt(4) != '-'
        || !digits(text, 5, 7)
        || text.charAt(7) != '-'
        || !digits(text, 8, 10)) {
      return null;
    }
    try {
      return LocalDate.of(
          Integer.parseInt(text, 0, 4, 10),
          Integer.parseInt(text, 5, 7, 10),
          Integer.parseInt(text, 8, 10, 10));
    } catch (DateTimeException notADay) {
      return null;
    }
  }

  /** {@code yyyy-MM-dd HH:mm:ss[.f]} with one to nine fraction digits, strictly. */
  private static LocalDateTime parseTimestamp(String text) {
    if (text.length() < 19 || text.length() == 20 || text.length() > 29 || text.charAt(10) != ' ') {
      return null;
    }
    LocalDate date = parseDate(text.substring(0, 10));
    if (date == null
        || !digits(text, 11, 13)
        || text.charAt(13) != ':'
        || !digits(text, 14, 16)
        || text.charAt(16) != ':'
        || !digits(text, 17, 19)) {
      return null;
    }
    int nanos = 0;
    if (text.length() > 19) {
      if (text.charAt(19) != '.' || !digits(text, 20, text.length())) {
        return null;
      }
      String fraction = text.substring(20);
      nanos = Integer.parseInt(fraction + "0".repeat(9 - fraction.length()));
    }
    try {
      return date.atTime(
          Integer.parseInt(text, 11, 13, 10),
          Integer.parseInt(text, 14, 16, 10),
          Integer.parseInt(text, 17, 19, 10),
          nanos);
    } catch (DateTimeException notATime) {
      return null;
    }
  }

  private static boolean digits(String text, int start, int end) {
    for (int index = start; index < end; index++) {
      char character = text.charAt(index);
      if (character < '0' || character > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isPlainNumber(String text) {
    if (text.length() > MAX_NUMBER_LENGTH) {
      return false;
    }
    int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
    boolean digits = false;
    boolean point = false;
    for (int index = start; index < text.length(); index++) {
      char character = text.charAt(index);
      if (character >= '0' && character <= '9') {
        digits = true;
      } else if (character == '.' && !point) {
        point = true;
      } else {
        return false;
      }
    }
    return digits;
  }

  /** SQL's truth values. */
  private enum Truth {
    TRUE,
    FALSE,
    UNKNOWN;

    static Truth of(boolean value) {
      return value ? TRUE : FALSE;
    }

    Truth negate() {
      return switch (this) {
        case TRUE -> FALSE;
        case FALSE -> TRUE;
        case UNKNOWN -> UNKNOWN;
      };
    }
  }

  private static Truth evaluate(BoundPredicate predicate, List<String> values) {
    if (predicate instanceof BoundPredicate.And and) {
      Truth result = Truth.TRUE;
      for (BoundPredicate term : and.terms()) {
        Truth truth = evaluate(term, values);
        if (truth == Truth.FALSE) {
          return Truth.FALSE;
        }
        if (truth == Truth.UNKNOWN) {
          result = Truth.UNKNOWN;
        }
      }
      return result;
    }
    if (predicate instanceof BoundPredicate.Or or) {
      Truth result = Truth.FALSE;
      for (BoundPredicate term : or.terms()) {
        Truth truth = evaluate(term, values);
        if (truth == Truth.TRUE) {
          return Truth.TRUE;
        }
        if (truth == Truth.UNKNOWN) {
          result = Truth.UNKNOWN;
        }
      }
      return result;
    }
    if (predicate instanceof BoundPredicate.Not not) {
      return evaluate(not.term(), values).negate();
    }
    if (predicate instanceof BoundPredicate.IsNull isNull) {
      return Truth.of(stringValue(values.get(isNull.keyIndex())) == null);
    }
    if (predicate instanceof BoundPredicate.Like like) {
      String value = stringValue(values.get(like.keyIndex()));
      return value == null ? Truth.UNKNOWN : Truth.of(LikePattern.matches(like.pattern(), value));
    }
    if (predicate instanceof BoundPredicate.Compare compare) {
      Object value = comparedValue(compare.kind(), values.get(compare.keyIndex()));
      if (value == null) {
        return Truth.UNKNOWN;
      }
      int order = compare(value, compare.value());
      return Truth.of(
          switch (compare.operator()) {
            case EQUAL -> order == 0;
            case NOT_EQUAL -> order != 0;
            case LESS_THAN -> order < 0;
            case LESS_THAN_OR_EQUAL -> order <= 0;
            case GREATER_THAN -> order > 0;
            case GREATER_THAN_OR_EQUAL -> order >= 0;
          });
    }
    if (predicate instanceof BoundPredicate.InList in) {
      Object value = comparedValue(in.kind(), values.get(in.keyIndex()));
      if (value == null) {
        return Truth.UNKNOWN;
      }
      return Truth.of(in.values().stream().anyMatch(candidate -> compare(value, candidate) == 0));
    }
    if (predicate instanceof BoundPredicate.Between between) {
      Object value = comparedValue(between.kind(), values.get(between.keyIndex()));
      if (value == null) {
        return Truth.UNKNOWN;
      }
      return Truth.of(compare(between.low(), value) <= 0 && compare(value, between.high()) <= 0);
    }
    throw new IllegalStateException("unknown predicate: " + predicate);
  }

  /**
   * How a partition value compares with a literal of {@code kind}, as the filter compares them;
   * null when the value is not one of the kind (null, or not a number, date or timestamp).
   */
  public static Integer compareWithLiteral(ValueKind kind, String partitionValue, Object literal) {
    Object value = comparedValue(kind, partitionValue);
    return value == null ? null : compare(value, literal);
  }

  private static Object comparedValue(ValueKind kind, String partitionValue) {
    return switch (kind) {
      case STRING -> stringValue(partitionValue);
      case NUMBER -> numberValue(partitionValue);
      case DATE -> dateValue(partitionValue);
      case TIMESTAMP -> timestampValue(partitionValue);
    };
  }

  /**
   * Text compares by Unicode code point, the order of UTF-8 bytes: SQLite's BINARY collation and
   * PostgreSQL's "C" collation. (String.compareTo orders UTF-16 units, which differs for characters
   * beyond U+FFFF.) Numbers, dates and timestamps compare by their natural order.
   */
  @SuppressWarnings("unchecked")
  static int compare(Object left, Object right) {
    if (!(left instanceof String)) {
      return ((Comparable<Object>) left).compareTo(right);
    }
    String leftText = (String) left;
    String rightText = (String) right;
    int leftIndex = 0;
    int rightIndex = 0;
    while (leftIndex < leftText.length() && rightIndex < rightText.length()) {
      int leftCodePoint = leftText.codePointAt(leftIndex);
      int rightCodePoint = rightText.codePointAt(rightIndex);
      if (leftCodePoint != rightCodePoint) {
        return Integer.compare(leftCodePoint, rightCodePoint);
      }
      leftIndex += Character.charCount(leftCodePoint);
      rightIndex += Character.charCount(rightCodePoint);
    }
    return Boolean.compare(leftIndex < leftText.length(), rightIndex < rightText.length());
  }

  /** Renders the filter in Glue expression syntax, with the table's key names. */
  @Override
  public String toString() {
    StringBuilder result = new StringBuilder();
    render(root, result);
    return result.toString();
  }

  private void render(BoundPredicate predicate, StringBuilder result) {
    if (predicate instanceof BoundPredicate.And and) {
      renderJunction(and.terms(), " AND ", "TRUE", result);
    } else if (predicate instanceof BoundPredicate.Or or) {
      renderJunction(or.terms(), " OR ", "FALSE", result);
    } else if (predicate instanceof BoundPredicate.Not not) {
      result.append("NOT (");
      render(not.term(), result);
      result.append(')');
    } else if (predicate instanceof BoundPredicate.Compare compare) {
      renderKey(compare.keyIndex(), result);
      result.append(' ').append(compare.operator().symbol()).append(' ');
      renderLiteral(compare.value(), result);
    } else if (predicate instanceof BoundPredicate.InList in) {
      renderKey(in.keyIndex(), result);
      result.append(" IN (");
      for (int index = 0; index < in.values().size(); index++) {
        if (index > 0) {
          result.append(", ");
        }
        renderLiteral(in.values().get(index), result);
      }
      result.append(')');
    } else if (predicate instanceof BoundPredicate.Between between) {
      renderKey(between.keyIndex(), result);
      result.append(" BETWEEN ");
      renderLiteral(between.low(), result);
      result.append(" AND ");
      renderLiteral(between.high(), result);
    } else if (predicate instanceof BoundPredicate.Like like) {
      renderKey(like.keyIndex(), result);
      result.append(" LIKE ");
      renderLiteral(like.pattern(), result);
    } else if (predicate instanceof BoundPredicate.IsNull isNull) {
      renderKey(isNull.keyIndex(), result);
      result.append(" IS NULL");
    } else {
      throw new IllegalStateException("unknown predicate: " + predicate);
    }
  }

  private void renderJunction(
      List<BoundPredicate> terms, String separator, String empty, StringBuilder result) {
    if (terms.isEmpty()) {
      result.append(empty);
      return;
    }
    for (int index = 0; index < terms.size(); index++) {
      if (index > 0) {
        result.append(separator);
      }
      BoundPredicate term = terms.get(index);
      boolean parenthesize =
          term instanceof BoundPredicate.And || term instanceof BoundPredicate.Or;
      if (parenthesize) {
        result.append('(');
      }
      render(term, result);
      if (parenthesize) {
        result.append(')');
      }
    }
  }

  private void renderKey(int keyIndex, StringBuilder result) {
    String name = keyNames.get(keyIndex);
    if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      result.append(name);
    } else {
      result.append('`').append(name.replace("`", "``")).append('`');
    }
  }

  private static void renderLiteral(Object value, StringBuilder result) {
    if (value instanceof BigDecimal number) {
      result.append(number.toPlainString());
    } else {
      result.append('\'').append(literalText(value).replace("'", "''")).append('\'');
    }
  }

  /** A text, date or timestamp literal as written in a filter. */
  private static String literalText(Object value) {
    if (value instanceof LocalDateTime timestamp) {
      String text =
          timestamp.toLocalDate()
              + String.format(
                  " %02d:%02d:%02d",
                  timestamp.getHour(), timestamp.getMinute(), timestamp.getSecond());
      if (timestamp.getNano() == 0) {
        return text;
      }
      String fraction = String.format("%09d", timestamp.getNano()).replaceFirst("0+$", "");
      return text + "." + fraction;
    }
    // LocalDate.toString is yyyy-MM-dd for the years 0000 to 9999, the only ones a filter holds.
    return value.toString();
  }

  /** Types a {@link PartitionPredicate} against the partition keys. */
  private static final class Binder {
    /** The key types Glue's GetPartitions filters on, in canonical spelling or its prefix. */
    private static final List<String> GLUE_TYPES =
        List.of(
            "string",
            "char(",
            "varchar(",
            "date",
            "timestamp",
            "tinyint",
            "smallint",
            "int",
            "bigint",
            "decimal(");

    private final List<Column> keys;
    private final boolean glueRules;
    private final Map<String, Integer> keyIndexes = new HashMap<>();

    Binder(List<Column> keys, boolean glueRules) {
      this.keys = keys;
      this.glueRules = glueRules;
      for (int index = keys.size() - 1; index >= 0; index--) {
        keyIndexes.put(keys.get(index).name().toLowerCase(Locale.ROOT), index);
      }
    }

    BoundPredicate bind(PartitionPredicate predicate) {
      if (predicate instanceof PartitionPredicate.And and) {
        return new BoundPredicate.And(bindAll(and.terms()));
      }
      if (predicate instanceof PartitionPredicate.Or or) {
        return new BoundPredicate.Or(bindAll(or.terms()));
      }
      if (predicate instanceof PartitionPredicate.Not not) {
        return new BoundPredicate.Not(bind(not.term()));
      }
      if (predicate instanceof PartitionPredicate.Comparison comparison) {
        int keyIndex = keyIndex(comparison.key());
        ValueKind kind = kind(keyIndex);
        return new BoundPredicate.Compare(
            keyIndex, kind, comparison.operator(), literal(keyIndex, kind, comparison.value()));
      }
      if (predicate instanceof PartitionPredicate.In in) {
        int keyIndex = keyIndex(in.key());
        if (in.values().isEmpty()) {
          throw new ValidationException(
              "The IN list for key '" + keys.get(keyIndex).name() + "' is empty");
        }
        ValueKind kind = kind(keyIndex);
        List<Object> values = new ArrayList<>();
        for (String value : in.values()) {
          values.add(literal(keyIndex, kind, value));
        }
        return new BoundPredicate.InList(keyIndex, kind, values);
      }
      if (predicate instanceof PartitionPredicate.Between between) {
        int keyIndex = keyIndex(between.key());
        ValueKind kind = kind(keyIndex);
        return new BoundPredicate.Between(
            keyIndex,
            kind,
            literal(keyIndex, kind, between.low()),
            literal(keyIndex, kind, between.high()));
      }
      if (predicate instanceof PartitionPredicate.Like like) {
        int keyIndex = keyIndex(like.key());
        PartitionKeyKind keyKind = keyKind(keyIndex);
        if (glueRules && keyKind != PartitionKeyKind.STRING) {
          // Glue's own wording, with the key named.
          Column key = keys.get(keyIndex);
          throw new ValidationException(
              switch (keyKind) {
                    case INTEGRAL -> "Integral";
                    case DECIMAL -> "Decimal";
                    case DATE -> "Date";
                    case TIMESTAMP -> "Timestamp";
                    case STRING -> throw new IllegalStateException();
                  }
                  + " data type doesn't support operation 'LIKE' (key '"
                  + key.name()
                  + "' of type "
                  + key.type()
                  + ")");
        }
        if (!LikePattern.isComplete(like.pattern())) {
          throw new ValidationException(
              "The LIKE pattern '"
                  + like.pattern()
                  + "' for key '"
                  + keys.get(keyIndex).name()
                  + "' ends with the escape character '\\'");
        }
        return new BoundPredicate.Like(keyIndex, like.pattern());
      }
      if (predicate instanceof PartitionPredicate.IsNull isNull) {
        return new BoundPredicate.IsNull(keyIndex(isNull.key()));
      }
      throw new IllegalStateException("unknown predicate: " + predicate);
    }

    private List<BoundPredicate> bindAll(List<PartitionPredicate> terms) {
      return terms.stream().map(this::bind).toList();
    }

    private int keyIndex(String key) {
      Integer index = keyIndexes.get(key.toLowerCase(Locale.ROOT));
      if (index == null) {
        throw new ValidationException(
            "Unknown partition key '"
                + key
                + "'; "
                + (keys.isEmpty()
                    ? "the table has no partition keys"
                    : "the table's partition keys are: "
                        + keys.stream().map(Column::name).collect(Collectors.joining(", "))));
      }
      if (glueRules) {
        Column column = keys.get(index);
        String type = column.type().toLowerCase(Locale.ROOT);
        if (GLUE_TYPES.stream()
            .noneMatch(
                glueType ->
                    glueType.endsWith("(") ? type.startsWith(glueType) : type.equals(glueType))) {
          throw new ValidationException(
              "Partition key '"
                  + column.name()
                  + "' has type "
                  + column.type()
                  + ", which a GetPartitions expression cannot filter on; the supported types are"
                  + " string, char, varchar, date, timestamp, tinyint, smallint, int, bigint and"
                  + " decimal");
        }
      }
      return index;
    }

    private PartitionKeyKind keyKind(int keyIndex) {
      return HiveTypes.partitionKeyKind(keys.get(keyIndex).type());
    }

    private ValueKind kind(int keyIndex) {
      return switch (keyKind(keyIndex)) {
        case STRING -> ValueKind.STRING;
        case INTEGRAL, DECIMAL -> ValueKind.NUMBER;
        case DATE -> ValueKind.DATE;
        case TIMESTAMP -> ValueKind.TIMESTAMP;
      };
    }

    private Object literal(int keyIndex, ValueKind kind, String text) {
      Column key = keys.get(keyIndex);
      Object literal =
          switch (kind) {
            case STRING -> text;
            case NUMBER -> numberValue(text);
            case DATE -> dateValue(text);
            case TIMESTAMP -> timestampValue(text);
          };
      if (literal == null) {
        String expected =
            switch (kind) {
              case STRING -> throw new IllegalStateException("text is always a text literal");
              case NUMBER -> "a number";
              case DATE -> "a date (yyyy-MM-dd)";
              case TIMESTAMP -> "a timestamp (yyyy-MM-dd HH:mm:ss[.fffffffff])";
            };
        throw new ValidationException(
            "'"
                + text
                + "' is not "
                + expected
                + " for key '"
                + key.name()
                + "' of type "
                + key.type());
      }
      if (glueRules && keyKind(keyIndex) == PartitionKeyKind.INTEGRAL && !isWholeNumberText(text)) {
        throw new ValidationException(
            "'" + text + "' is not an integer for key '" + key.name() + "' of type " + key.type());
      }
      return literal;
    }

    /** Digits with an optional sign: how an integer is written, without a fraction. */
    private static boolean isWholeNumberText(String text) {
      int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
      return text.length() > start && digits(text, start, text.length());
    }
  }

  /**
   * SQL LIKE matching as SQLite and PostgreSQL do it with {@code ESCAPE '\'}, by code point (one
   * {@code _} is one character, also beyond U+FFFF) and case-sensitive.
   */
  private static final class LikePattern {
    private static final int ANY_RUN = -1;
    private static final int ANY_ONE = -2;

    private LikePattern() {}

    static boolean isComplete(String pattern) {
      int backslashes = 0;
      for (int index = pattern.length() - 1; index >= 0 && pattern.charAt(index) == '\\'; index--) {
        backslashes++;
      }
      return backslashes % 2 == 0;
    }

    /** Greedy matching that backtracks only to the last {@code %}: O(text × pattern) at worst. */
    static boolean matches(String pattern, String value) {
      int[] tokens = compile(pattern);
      int[] text = value.codePoints().toArray();
      int textIndex = 0;
      int tokenIndex = 0;
      int lastRun = -1;
      int textIndexAfterRun = 0;
      while (textIndex < text.length) {
        if (tokenIndex < tokens.length
            && (tokens[tokenIndex] == ANY_ONE || tokens[tokenIndex] == text[textIndex])) {
          textIndex++;
          tokenIndex++;
        } else if (tokenIndex < tokens.length && tokens[tokenIndex] == ANY_RUN) {
          lastRun = tokenIndex++;
          textIndexAfterRun = textIndex;
        } else if (lastRun >= 0) {
          tokenIndex = lastRun + 1;
          textIndex = ++textIndexAfterRun;
        } else {
          return false;
        }
      }
      while (tokenIndex < tokens.length && tokens[tokenIndex] == ANY_RUN) {
        tokenIndex++;
      }
      return tokenIndex == tokens.length;
    }

    /** Literal characters as their code points, wildcards as negative markers. */
    private static int[] compile(String pattern) {
      int[] codePoints = pattern.codePoints().toArray();
      int[] tokens = new int[codePoints.length];
      int count = 0;
      for (int index = 0; index < codePoints.length; index++) {
        int codePoint = codePoints[index];
        if (codePoint == '\\' && index + 1 < codePoints.length) {
          tokens[count++] = codePoints[++index];
        } else if (codePoint == '%') {
          tokens[count++] = ANY_RUN;
        } else if (codePoint == '_') {
          tokens[count++] = ANY_ONE;
        } else {
          tokens[count++] = codePoint;
        }
      }
      return Arrays.copyOf(tokens, count);
    }
  }
}
