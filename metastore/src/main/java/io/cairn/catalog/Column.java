package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** A column of a table or a partition key. {@code type} is a Hive type string, validated. */
public record Column(String name, String type, String comment, Map<String, String> parameters) {
  public Column {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  public Column(String name, String type) {
    this(name, type, null, Map.of());
  }
}
