package io.cairn.service;

import io.cairn.catalog.Column;
import io.cairn.catalog.HiveTypes;
import io.cairn.catalog.ValidationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Glue's input limits, checked before anything is written. */
final class Validation {
  static final int MAX_NAME_LENGTH = 255;
  static final int MAX_DESCRIPTION_LENGTH = 2048;
  static final int MAX_LOCATION_LENGTH = 2056;
  static final int MAX_PARAMETER_KEY_LENGTH = 255;
  static final int MAX_PARAMETER_VALUE_LENGTH = 512_000;
  static final int MAX_COLUMN_COMMENT_LENGTH = 255;
  static final int MAX_COLUMN_TYPE_LENGTH = 131_072;
  static final int MAX_PARTITION_VALUE_LENGTH = 1024;
  static final int MAX_PARTITION_INDEXES = 3;
  static final int MAX_TAGS = 50;
  static final int MAX_TAG_KEY_LENGTH = 128;
  static final int MAX_TAG_VALUE_LENGTH = 256;

  private Validation() {}

  /**
   * A database, table or index name: 1 to 255 characters, no control characters and none of the
   * characters that separate names in ARNs, partition names and qualified names ({@code / . :}).
   */
  static String name(String what, String name) {
    if (name == null || name.isBlank()) {
      throw new ValidationException(what + " name must not be empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new ValidationException(
          what + " name is longer than " + MAX_NAME_LENGTH + " characters: " + abbreviate(name));
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c) || c == '/' || c == '.' || c == ':') {
        throw new ValidationException(
            what
                + " name '"
                + abbreviate(name)
                + "' contains the character '"
                + printable(c)
                + "' at position "
                + i);
      }
    }
    return name.toLowerCase(Locale.ROOT);
  }

  static void maxLength(String what, String value, int max) {
    if (value != null && value.length() > max) {
      throw new ValidationException(what + " is longer than " + max + " characters");
    }
  }

  static void parameters(String what, Map<String, String> parameters) {
    for (Map.Entry<String, String> entry : parameters.entrySet()) {
      if (entry.getKey().isEmpty() || entry.getKey().length() > MAX_PARAMETER_KEY_LENGTH) {
        throw new ValidationException(
            what
                + " parameter key must be 1 to "
                + MAX_PARAMETER_KEY_LENGTH
                + " characters: '"
                + abbreviate(entry.getKey())
                + "'");
      }
      if (entry.getValue() == null) {
        throw new ValidationException(what + " parameter '" + entry.getKey() + "' has no value");
      }
      if (entry.getValue().length() > MAX_PARAMETER_VALUE_LENGTH) {
        throw new ValidationException(
            what
                + " parameter '"
                + entry.getKey()
                + "' is longer than "
                + MAX_PARAMETER_VALUE_LENGTH
                + " characters");
      }
    }
  }

  /** Validates columns and returns them with canonical types; names must be unique. */
  static List<Column> columns(String what, List<Column> columns, Set<String> takenNames) {
    List<Column> result = new ArrayList<>(columns.size());
    Set<String> seen = new HashSet<>(takenNames);
    for (Column column : columns) {
      String name = column.name();
      if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
        throw new ValidationException(
            what
                + " name must be 1 to "
                + MAX_NAME_LENGTH
                + " characters: '"
                + abbreviate(name)
                + "'");
      }
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw new ValidationException("duplicate " + what + " name '" + name + "'");
      }
      maxLength(what + " '" + name + "' comment", column.comment(), MAX_COLUMN_COMMENT_LENGTH);
      maxLength(what + " '" + name + "' type", column.type(), MAX_COLUMN_TYPE_LENGTH);
      parameters(what + " '" + name + "'", column.parameters());
      String type;
      try {
        type = HiveTypes.normalize(column.type());
      } catch (ValidationException e) {
        throw new ValidationException(
            "invalid type of " + what + " '" + name + "': " + e.getMessage());
      }
      result.add(
          new Column(name.toLowerCase(Locale.ROOT), type, column.comment(), column.parameters()));
    }
    return result;
  }

  static void tags(Map<String, String> tags) {
    if (tags.size() > MAX_TAGS) {
      throw new ValidationException("a resource has at most " + MAX_TAGS + " tags");
    }
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      if (tag.getKey().isEmpty() || tag.getKey().length() > MAX_TAG_KEY_LENGTH) {
        throw new ValidationException("tag key must be 1 to " + MAX_TAG_KEY_LENGTH + " characters");
      }
      if (tag.getValue() == null || tag.getValue().length() > MAX_TAG_VALUE_LENGTH) {
        throw new ValidationException(
            "tag '"
                + tag.getKey()
                + "' value must be at most "
                + MAX_TAG_VALUE_LENGTH
                + " characters");
      }
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }

  private static String printable(char c) {
    return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
