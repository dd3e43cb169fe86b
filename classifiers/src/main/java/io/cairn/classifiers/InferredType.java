package io.cairn.classifiers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A type inferred from nested data (JSON, XML); {@code null} stands for a value seen only as null
 * or empty, or not at all, which is a string unless other values decide.
 */
sealed interface InferredType {
  String hiveType();

  record Primitive(String name) implements InferredType {
    @Override
    public String hiveType() {
      return name;
    }
  }

  /** Fields in the order they were first seen. */
  record Struct(Map<String, InferredType> fields) implements InferredType {
    @Override
    public String hiveType() {
      return fields.entrySet().stream()
          .map(field -> field.getKey() + ":" + hiveTypeOf(field.getValue()))
          .collect(Collectors.joining(",", "struct<", ">"));
    }
  }

  record Array(InferredType element) implements InferredType {
    @Override
    public String hiveType() {
      return "array<" + hiveTypeOf(element) + ">";
    }
  }

  /** Adds a field, widening it with a field of the same name; null values are kept. */
  static void put(Map<String, InferredType> fields, String name, InferredType type) {
    fields.put(name, fields.containsKey(name) ? widen(fields.get(name), type) : type);
  }

  static String hiveTypeOf(InferredType type) {
    return type == null ? PrimitiveTypes.STRING : type.hiveType();
  }

  /**
   * The narrowest type holding both: primitives widen as {@link PrimitiveTypes#widen}, structs
   * merge their fields, arrays widen their elements; any other mix is string.
   */
  static InferredType widen(InferredType left, InferredType right) {
    if (left == null) {
      return right;
    }
    if (right == null) {
      return left;
    }
    if (left instanceof Primitive l && right instanceof Primitive r) {
      return new Primitive(PrimitiveTypes.widen(l.name(), r.name()));
    }
    if (left instanceof Struct l && right instanceof Struct r) {
      Map<String, InferredType> fields = new LinkedHashMap<>(l.fields());
      r.fields().forEach((name, type) -> put(fields, name, type));
      return new Struct(fields);
    }
    if (left instanceof Array l && right instanceof Array r) {
      return new Array(widen(l.element(), r.element()));
    }
    return new Primitive(PrimitiveTypes.STRING);
  }
}
