package io.cairn.classifiers;

import java.util.Objects;

/**
 * Widening of inferred Hive primitive types: int, bigint and double widen upward; any other mix is
 * string.
 */
final class PrimitiveTypes {
  static final String INT = "int";
  static final String BIGINT = "bigint";
  static final String DOUBLE = "double";
  static final String BOOLEAN = "boolean";
  static final String DATE = "date";
  static final String TIMESTAMP = "timestamp";
  static final String STRING = "string";

  private PrimitiveTypes() {}

  /** The narrowest type holding both; {@code null} means no value seen yet. */
  static String widen(String left, String right) {
    if (left == null) {
      return right;
    }
    if (right == null || Objects.equals(left, right)) {
      return left;
    }
    int leftRank = numericRank(left);
    int rightRank = numericRank(right);
    if (leftRank >= 0 && rightRank >= 0) {
      return leftRank > rightRank ? left : right;
    }
    return STRING;
  }

  private static int numericRank(String type) {
    return switch (type) {
      case INT -> 0;
      case BIGINT -> 1;
      case DOUBLE -> 2;
      default -> -1;
    };
  }
}
