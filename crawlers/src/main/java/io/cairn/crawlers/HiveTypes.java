package io.cairn.crawlers;

import io.cairn.classifiers.Column;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Merges the Hive types of two schemas, as Glue does when folders become partitions of one table:
 * numbers widen (int, bigint, double), other differing primitives become string, structs take the
 * union of their fields. A complex type meeting a different kind of type does not merge: those
 * schemas are not compatible.
 */
final class HiveTypes {
  private HiveTypes() {}

  /** The union of two column lists, in first-seen order; {@code null} when they do not merge. */
  static List<Column> mergeColumns(List<Column> left, List<Column> right) {
    if (left.equals(right)) {
      return left;
    }
    Map<String, Column> merged = new LinkedHashMap<>();
    for (Column column : left) {
      merged.put(column.name().toLowerCase(Locale.ROOT), column);
    }
    for (Column column : right) {
      String key = column.name().toLowerCase(Locale.ROOT);
      Column existing = merged.get(key);
      if (existing == null) {
        merged.put(key, column);
        continue;
      }
      String type = merge(existing.type(), column.type());
      if (type == null) {
        return null;
      }
      merged.put(key, new Column(existing.name(), type));
    }
    return List.copyOf(merged.values());
  }

  /** The type holding values of both, or {@code null} when they do not merge. */
  static String merge(String left, String right) {
    if (left.equalsIgnoreCase(right)) {
      return left;
    }
    Type merged = merge(parse(left), parse(right));
    return merged == null ? null : merged.toString();
  }

  private static Type merge(Type left, Type right) {
    if (left.equals(right)) {
      return left;
    }
    if (!left.kind.equals(right.kind)) {
      if (left.isPrimitive() && right.isPrimitive()) {
        int leftRank = numericRank(left.kind);
        int rightRank = numericRank(right.kind);
        if (leftRank >= 0 && rightRank >= 0) {
          return leftRank >= rightRank ? left : right;
        }
        return Type.primitive("string");
      }
      return null;
    }
    if (left.isPrimitive()) {
      // The same primitive with different parameters, such as decimal(10,2) and decimal(12,4).
      return Type.primitive("string");
    }
    if (left.kind.equals("struct")) {
      Map<String, Type> fields = new LinkedHashMap<>(left.fields);
      for (Map.Entry<String, Type> field : right.fields.entrySet()) {
        Type existing = fields.get(field.getKey());
        if (existing == null) {
          fields.put(field.getKey(), field.getValue());
        } else {
          Type merged = merge(existing, field.getValue());
          if (merged == null) {
            return null;
          }
          fields.put(field.getKey(), merged);
        }
      }
      return new Type("struct", List.of(), fields, "");
    }
    if (left.arguments.size() != right.arguments.size()) {
      return null;
    }
    List<Type> arguments = new ArrayList<>();
    for (int i = 0; i < left.arguments.size(); i++) {
      Type merged = merge(left.arguments.get(i), right.arguments.get(i));
      if (merged == null) {
        return null;
      }
      arguments.add(merged);
    }
    return new Type(left.kind, arguments, Map.of(), "");
  }

  private static int numericRank(String kind) {
    return switch (kind) {
      case "tinyint" -> 0;
      case "smallint" -> 1;
      case "int" -> 2;
      case "bigint" -> 3;
      case "float" -> 4;
      case "double" -> 5;
      default -> -1;
    };
  }

  static Type parse(String type) {
    Parser parser = new Parser(type);
    Type parsed = parser.type();
    if (parser.position != type.length()) {
      // Not a type this parser knows: compare it as an opaque primitive.
      return Type.primitive(type.toLowerCase(Locale.ROOT));
    }
    return parsed;
  }

  /**
   * A parsed Hive type: a primitive (its {@code kind}, such as {@code int}, with any parameters in
   * {@code text}), {@code array}/{@code map}/{@code uniontype} with arguments, or a struct.
   */
  record Type(String kind, List<Type> arguments, Map<String, Type> fields, String text) {
    static Type primitive(String text) {
      int parenthesis = text.indexOf('(');
      String kind = parenthesis < 0 ? text : text.substring(0, parenthesis);
      return new Type(kind.strip(), List.of(), Map.of(), text.strip());
    }

    boolean isPrimitive() {
      return arguments.isEmpty() && fields.isEmpty() && !kind.equals("struct");
    }

    @Override
    public String toString() {
      if (kind.equals("struct")) {
        StringBuilder out = new StringBuilder("struct<");
        String separator = "";
        for (Map.Entry<String, Type> field : fields.entrySet()) {
          out.append(separator).append(field.getKey()).append(':').append(field.getValue());
          separator = ",";
        }
        return out.append('>').toString();
      }
      if (isPrimitive()) {
        return text;
      }
      StringBuilder out = new StringBuilder(kind).append('<');
      String separator = "";
      for (Type argument : arguments) {
        out.append(separator).append(argument);
        separator = ",";
      }
      return out.append('>').toString();
    }
  }

  private static final class Parser {
    private final String text;
    private int position;

    Parser(String text) {
      this.text = text;
    }

    Type type() {
      int start = position;
      while (position < text.length() && "<>,:".indexOf(text.charAt(position)) < 0) {
        if (text.charAt(position) == '(') {
          int close = text.indexOf(')', position);
          position = close < 0 ? text.length() : close + 1;
        } else {
          position++;
        }
      }
      String name = text.substring(start, position).strip().toLowerCase(Locale.ROOT);
      if (position >= text.length() || text.charAt(position) != '<') {
        return Type.primitive(name);
      }
      position++;
      if (name.equals("struct")) {
        Map<String, Type> fields = new LinkedHashMap<>();
        while (position < text.length() && text.charAt(position) != '>') {
          int colon = text.indexOf(':', position);
          if (colon < 0) {
            position = text.length() + 1;
            return Type.primitive(text);
          }
          String field = text.substring(position, colon).strip();
          position = colon + 1;
          fields.put(field, type());
          if (position < text.length() && text.charAt(position) == ',') {
            position++;
          }
        }
        position++;
        return new Type("struct", List.of(), fields, "");
      }
      List<Type> arguments = new ArrayList<>();
      while (position < text.length() && text.charAt(position) != '>') {
        arguments.add(type());
        if (position < text.length() && text.charAt(position) == ',') {
          position++;
        }
      }
      position++;
      return new Type(name, arguments, Map.of(), "");
    }
  }
}
