package io.cairn.etl.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reading the fields of a node's configuration object the way Glue's shapes define them. */
final class Settings {
  private Settings() {}

  static Optional<String> text(JsonNode configuration, String field) {
    JsonNode value = configuration.get(field);
    if (value == null || value.isNull() || !value.isValueNode() || value.asText().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(value.asText());
  }

  static String requiredText(JsonNode configuration, String field) {
    return text(configuration, field)
        .orElseThrow(() -> new IllegalArgumentException(field + " is missing"));
  }

  static boolean flag(JsonNode configuration, String field, boolean defaultValue) {
    JsonNode value = configuration.get(field);
    return value == null || value.isNull() ? defaultValue : value.asBoolean();
  }

  static List<String> strings(JsonNode configuration, String field) {
    JsonNode value = configuration.get(field);
    List<String> strings = new ArrayList<>();
    if (value != null && value.isArray()) {
      value.forEach(element -> strings.add(element.asText()));
    }
    return strings;
  }

  /**
   * Glue's {@code PartitionKeys}: a list of paths, each a list of names ({@code [["year"],
   * ["month"]]}); plain names ({@code ["year", "month"]}) are taken too.
   */
  static List<String> partitionKeys(JsonNode configuration) {
    JsonNode value = configuration.get("PartitionKeys");
    List<String> keys = new ArrayList<>();
    if (value != null && value.isArray()) {
      for (JsonNode key : value) {
        if (key.isArray()) {
          List<String> path = new ArrayList<>();
          key.forEach(part -> path.add(part.asText()));
          keys.add(String.join(".", path));
        } else {
          keys.add(key.asText());
        }
      }
    }
    return keys;
  }

  /** A problem when a required text field is missing or empty. */
  static void requireText(JsonNode configuration, String field, List<String> problems) {
    if (text(configuration, field).isEmpty()) {
      problems.add(field + " is missing");
    }
  }

  /** A problem when a text field is set to a value outside {@code allowed}. */
  static void requireOneOf(
      JsonNode configuration, String field, Set<String> allowed, List<String> problems) {
    text(configuration, field)
        .filter(value -> !allowed.contains(value))
        .ifPresent(
            value ->
                problems.add(
                    field
                        + " is '"
                        + value
                        + "'; expected one of "
                        + allowed.stream().sorted().toList()));
  }
}
