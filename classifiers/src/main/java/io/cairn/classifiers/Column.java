package io.cairn.classifiers;

import static java.util.Objects.requireNonNull;

/** A column of a classified file: its name and its Hive type, such as {@code struct<a:int>}. */
public record Column(String name, String type) {
  public Column {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }
}
