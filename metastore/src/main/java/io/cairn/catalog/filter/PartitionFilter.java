package io.cairn.catalog.filter;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Column;
import io.cairn.catalog.HiveTypes;
import io.cairn.catalog.PartitionNames;
import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.BoundPredicate.ValueKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A partition filter bound to a table's partition keys, ready to evaluate.
 *
 * <p>Each key compares by its declared Hive type ({@link HiveTypes#partitionKeyKind}): integral and
 * decimal keys as numbers, every other key as text. Evaluation follows SQL's three-valued logic so
 * that {@link #test} selects exactly the partitions the store's SQL selects: a comparison, IN,
 * BETWEEN or LIKE on a null value is unknown, NOT of unknown is unknown, and only partitions for
 * which the filter is true are selected. A value is null when it is {@code null} or {@link
 * PartitionNames#DEFAULT_PARTITION_NAME}; a number key's value that is not a number compares like
 * null, but IS NULL is false for it.
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
   * Binds {@code predicate} to the table's {@code partitionKeys}: key names resolve
   * case-insensitively to key positions and literals get the type their key compares by.
   *
   * @throws ValidationException when a key is not a partition key, a literal compared with a number
   *     key is not a number, an IN list is empty, or a LIKE pattern ends with its escape character
   */
  public static PartitionFilter bind(PartitionPredicate predicate, List<Column> partitionKeys) {
    requireNonNull(predicate, "predicate is null");
    requireNonNull(partitionKeys, "partitionKeys is null");
    List<Column> keys = List.copyOf(partitionKeys);
    return new PartitionFilter(
        new Binder(keys).bind(predicate), keys.stream().map(Column::name).toList());
  }

  /** The bound tree, for the store to translate into SQL. */
  public BoundPredicate root() {
    return root;
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
   * A partition value of a number key as the filter compares it, and as the store must write it
   * into its number column: null for a null value and for text that is not a plain decimal number
   * (an optional sign, digits with at most one decimal point, no exponent, no whitespace).
   */
  public static BigDecimal numberValue(String partitionValue) {
    String text = stringValue(partitionValue);
    return text != null && isPlainNumber(text) ? new BigDecimal(text) : null;
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

  private static Object comparedValue(ValueKind kind, String partitionValue) {
    return kind == ValueKind.STRING ? stringValue(partitionValue) : numberValue(partitionValue);
  }

  /**
   * Text compares by Unicode code point, the order of UTF-8 bytes: SQLite's BINARY collation and
   * PostgreSQL's "C" collation. (String.compareTo orders UTF-16 units, which differs for characters
   * beyond U+FFFF.)
   */
  private static int compare(Object left, Object right) {
    if (left instanceof BigDecimal leftNumber) {
      return leftNumber.compareTo((BigDecimal) right);
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
      result.append('\'').append(((String) value).replace("'", "''")).append('\'');
    }
  }

  /** Types a {@link PartitionPredicate} against the partition keys. */
  private static final class Binder {
    private final List<Column> keys;
    private final Map<String, Integer> keyIndexes = new HashMap<>();

    Binder(List<Column> keys) {
      this.keys = keys;
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
      return index;
    }

    private ValueKind kind(int keyIndex) {
      return HiveTypes.isNumeric(keys.get(keyIndex).type()) ? ValueKind.NUMBER : ValueKind.STRING;
    }

    private Object literal(int keyIndex, ValueKind kind, String text) {
      if (kind == ValueKind.STRING) {
        return text;
      }
      BigDecimal number = numberValue(text);
      if (number == null) {
        Column key = keys.get(keyIndex);
        throw new ValidationException(
            "'" + text + "' is not a number for key '" + key.name() + "' of type " + key.type());
      }
      return number;
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
