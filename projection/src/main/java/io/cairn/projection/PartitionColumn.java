package io.cairn.projection;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A partition column of a projected table: its name and its Hive type ({@code string}, {@code int},
 * {@code date} …), which decides how the column's values compare and which projection types it may
 * have.
 */
public record PartitionColumn(String name, String type) {
  public PartitionColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }

  boolean isIntegral() {
    return switch (baseType()) {
      case "tinyint", "smallint", "int", "integer", "bigint" -> true;
      default -> false;
    };
  }

  boolean isDateOrTimestamp() {
    return baseType().equals("date") || baseType().equals("timestamp");
  }

  boolean isText() {
    return switch (baseType()) {
      case "string", "varchar", "char" -> true;
      default -> false;
    };
  }

  private String baseType() {
    String lower = type.trim().toLowerCase(Locale.ROOT);
    int parenthesis = lower.indexOf('(');
    return parenthesis < 0 ? lower : lower.substring(0, parenthesis).trim();
  }
}
