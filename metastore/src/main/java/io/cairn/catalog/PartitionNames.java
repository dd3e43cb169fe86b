package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Hive partition names, {@code k1=v1/k2=v2}: the form Hive uses for partition directories and for
 * {@code get_partition_by_name}, {@code get_partition_names} and {@code partition_name_to_vals}.
 * Built and parsed exactly as Hive's {@code Warehouse.makePartName} and {@code FileUtils} do, so
 * names match the directories Hive and Spark write.
 */
public final class PartitionNames {
  /**
   * The value Hive stores and shows for a null or empty partition value (Hive's default of {@code
   * hive.exec.default.partition.name}).
   */
  public static final String DEFAULT_PARTITION_NAME = "__HIVE_DEFAULT_PARTITION__";

  private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

  private PartitionNames() {}

  /**
   * The partition name of {@code values} for the partition {@code keys}: key names lower-cased,
   * keys and values path-escaped, a null or empty value written as {@link #DEFAULT_PARTITION_NAME}.
   *
   * @throws ValidationException when there is not one value per key
   */
  public static String name(List<Column> keys, List<String> values) {
    requireNonNull(keys, "keys is null");
    requireNonNull(values, "values is null");
    if (keys.size() != values.size()) {
      throw new ValidationException(
          "expected "
              + keys.size()
              + " partition values for the partition keys "
              + keyList(keys)
              + ", got "
              + values.size());
    }
    StringBuilder name = new StringBuilder();
    for (int index = 0; index < keys.size(); index++) {
      if (index > 0) {
        name.append('/');
      }
      String value = values.get(index);
      escape(keys.get(index).name().toLowerCase(Locale.ROOT), name);
      name.append('=');
      escape(value == null || value.isEmpty() ? DEFAULT_PARTITION_NAME : value, name);
    }
    return name.toString();
  }

  /**
   * The unescaped values of a partition name, in key order. A {@link #DEFAULT_PARTITION_NAME} value
   * is returned as it is, as it is stored.
   *
   * @throws ValidationException when the name is malformed or its keys are not {@code keys} in
   *     order (compared case-insensitively)
   */
  public static List<String> values(List<Column> keys, String name) {
    requireNonNull(keys, "keys is null");
    Map<String, String> spec = spec(name);
    List<String> keyNames = keys.stream().map(key -> key.name().toLowerCase(Locale.ROOT)).toList();
    if (!List.copyOf(spec.keySet()).equals(keyNames)) {
      throw new ValidationException(
          "partition name '" + name + "' does not match the partition keys " + keyList(keys));
    }
    return List.copyOf(spec.values());
  }

  /**
   * The keys (lower-cased) and values of a partition name, unescaped, in the order of the name.
   *
   * @throws ValidationException when a component is not {@code key=value} with both non-empty, or a
   *     key appears twice
   */
  public static Map<String, String> spec(String name) {
    requireNonNull(name, "name is null");
    Map<String, String> spec = new LinkedHashMap<>();
    // split with limit -1 keeps empty trailing components, so "a=1/" is reported, not ignored.
    for (String component : name.split("/", -1)) {
      int equals = component.indexOf('=');
      if (equals <= 0
          || equals == component.length() - 1
          || component.indexOf('=', equals + 1) >= 0) {
        throw malformed(name, "'" + component + "' is not key=value");
      }
      String key = unescape(component.substring(0, equals)).toLowerCase(Locale.ROOT);
      if (spec.put(key, unescape(component.substring(equals + 1))) != null) {
        throw malformed(name, "key '" + key + "' appears twice");
      }
    }
    return Collections.unmodifiableMap(spec);
  }

  private static ValidationException malformed(String name, String reason) {
    return new ValidationException("malformed partition name '" + name + "': " + reason);
  }

  private static String keyList(List<Column> keys) {
    return keys.stream()
        .map(key -> key.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /** Hive's {@code FileUtils.escapePathName}: characters unsafe in a path become {@code %XX}. */
  private static void escape(String text, StringBuilder result) {
    for (int index = 0; index < text.length(); index++) {
      char character = text.charAt(index);
      if (needsEscaping(character)) {
        result.append('%').append(HEX_DIGITS[character >> 4]).append(HEX_DIGITS[character & 0xF]);
      } else {
        result.append(character);
      }
    }
  }

  private static boolean needsEscaping(char character) {
    if (character < ' ') {
      return true;
    }
    return switch (character) {
      case '"', '#', '%', '\'', '*', '/', ':', '=', '?', '\\', '\u007F', '{', '[', ']', '^' -> true;
      default -> false;
    };
  }

  /**
   * Hive's {@code FileUtils.unescapePathName}: every {@code %XX} is decoded, including escapes Hive
   * would not have written; a {@code %} that starts no valid escape stays as it is.
   */
  public static String unescape(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    StringBuilder result = new StringBuilder(text.length());
    for (int index = 0; index < text.length(); index++) {
      char character = text.charAt(index);
      if (character == '%' && index + 2 < text.length()) {
        int high = hexValue(text.charAt(index + 1));
        int low = hexValue(text.charAt(index + 2));
        if (high >= 0 && low >= 0) {
          result.append((char) (high * 16 + low));
          index += 2;
          continue;
        }
      }
      result.append(character);
    }
    return result.toString();
  }

  private static int hexValue(char character) {
    return character < 0x80 ? Character.digit(character, 16) : -1;
  }
}
