package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.PageRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object of a Glue request (the request itself or a structure inside it), read field by
 * field with the checks of AWS's model: required members, string lengths, number ranges, enums.
 *
 * <p>Violations are answered as AWS's JSON services answer them: a value of the wrong JSON type is
 * a {@code SerializationException}; a missing, too long or out-of-range value an {@code
 * InvalidInputException} with AWS's wording ({@code 1 validation error detected: Value null at
 * 'databaseInput.name' failed to satisfy constraint: Member must not be null}), where the path
 * spells members in lower camel case as AWS does.
 */
final class GlueRequest {
  /** Glue's NameString and most identifiers: 1 to 255 characters on one line. */
  static final int MAX_NAME_LENGTH = 255;

  private final ObjectNode node;
  private final String path;

  private GlueRequest(ObjectNode node, String path) {
    this.node = requireNonNull(node, "node is null");
    this.path = requireNonNull(path, "path is null");
  }

  /** The request document; {@code document} must be a JSON object. */
  static GlueRequest of(JsonNode document) {
    if (!(document instanceof ObjectNode object)) {
      throw GlueException.serialization("the request body must be a JSON object");
    }
    return new GlueRequest(object, "");
  }

  /** An empty request, for operations called without a body. */
  static GlueRequest empty() {
    return new GlueRequest(JsonNodeFactory.instance.objectNode(), "");
  }

  boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  /**
   * An optional string of at most {@code maxLength} characters (and at least {@code minLength}).
   */
  String string(String field, int minLength, int maxLength) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw wrongType(field, "a string");
    }
    String text = value.textValue();
    if (text.length() < minLength) {
      throw invalid(field, text, "Member must have length greater than or equal to " + minLength);
    }
    if (text.length() > maxLength) {
      throw invalid(field, text, "Member must have length less than or equal to " + maxLength);
    }
    return text;
  }

  String requiredString(String field, int minLength, int maxLength) {
    return required(field, string(field, minLength, maxLength));
  }

  /** An optional Glue NameString: 1 to 255 characters without line breaks. */
  String name(String field) {
    String name = string(field, 1, MAX_NAME_LENGTH);
    if (name != null && (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0)) {
      throw invalid(
          field,
          name,
          "Member must satisfy regular expression pattern: [\\u0020-\\uD7FF\\uE000-\\uFFFD"
              + "\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*");
    }
    return name;
  }

  String requiredName(String field) {
    return required(field, name(field));
  }

  /** An optional value of {@code allowed}, exactly as AWS spells it. */
  String enumValue(String field, Set<String> allowed) {
    String value = string(field, 0, Integer.MAX_VALUE);
    if (value != null && !allowed.contains(value)) {
      throw invalid(
          field, value, "Member must satisfy enum value set: " + new java.util.TreeSet<>(allowed));
    }
    return value;
  }

  Integer integer(String field, long minimum, long maximum) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw wrongType(field, "an integer");
    }
    int number = value.intValue();
    if (number < minimum) {
      throw invalid(
          field,
          Integer.toString(number),
          "Member must have value greater than or equal to " + minimum);
    }
    if (number > maximum) {
      throw invalid(
          field,
          Integer.toString(number),
          "Member must have value less than or equal to " + maximum);
    }
    return number;
  }

  Long longValue(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw wrongType(field, "an integer");
    }
    return value.longValue();
  }

  /** An optional long of at least {@code minimum} (Glue's NonNegativeLong has 0). */
  Long longValue(String field, long minimum) {
    Long number = longValue(field);
    if (number != null && number < minimum) {
      throw invalid(
          field,
          Long.toString(number),
          "Member must have value greater than or equal to " + minimum);
    }
    return number;
  }

  Long requiredLong(String field, long minimum) {
    return required(field, longValue(field, minimum));
  }

  /**
   * An optional double; at least {@code minimum}. AWS's JSON protocol sends the values JSON has no
   * numbers for as the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}.
   */
  Double doubleValue(String field, double minimum) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    double number;
    if (value.isNumber()) {
      number = value.doubleValue();
    } else if (value.isTextual()
        && Set.of("NaN", "Infinity", "-Infinity").contains(value.textValue())) {
      number = Double.parseDouble(value.textValue());
    } else {
      throw wrongType(field, "a number");
    }
    if (Double.isNaN(number)) {
      return number;
    }
    if (number < minimum) {
      throw invalid(
          field, value.asText(), "Member must have value greater than or equal to " + minimum);
    }
    return number;
  }

  Double requiredDouble(String field, double minimum) {
    return required(field, doubleValue(field, minimum));
  }

  /** An optional blob, which AWS's JSON protocol sends as base64. */
  byte[] blob(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw wrongType(field, "a base64 string");
    }
    try {
      return java.util.Base64.getDecoder().decode(value.textValue());
    } catch (IllegalArgumentException e) {
      throw GlueException.serialization(
          "expected base64 at '" + pathOf(field) + "': " + e.getMessage());
    }
  }

  byte[] requiredBlob(String field) {
    return required(field, blob(field));
  }

  Integer requiredInteger(String field, long minimum, long maximum) {
    return required(field, integer(field, minimum, maximum));
  }

  Boolean bool(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      throw wrongType(field, "a boolean");
    }
    return value.booleanValue();
  }

  /** AWS's JSON protocol sends timestamps as seconds since the epoch, possibly with a fraction. */
  Instant timestamp(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      throw wrongType(field, "a timestamp (seconds since the epoch)");
    }
    BigDecimal seconds = value.decimalValue();
    try {
      BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
      long nanos =
          seconds
              .subtract(whole)
              .movePointRight(9)
              .setScale(0, java.math.RoundingMode.DOWN)
              .longValueExact();
      return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      throw invalid(field, seconds.toPlainString(), "Member must be a valid timestamp");
    }
  }

  /** A nested structure, or null when absent. */
  GlueRequest object(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof ObjectNode object)) {
      throw wrongType(field, "a structure");
    }
    return new GlueRequest(object, pathOf(field));
  }

  GlueRequest requiredObject(String field) {
    return required(field, object(field));
  }

  /** A list of structures; empty when absent. At most {@code maxSize} of them. */
  List<GlueRequest> objects(String field, int maxSize) {
    List<JsonNode> items = list(field, maxSize);
    List<GlueRequest> objects = new ArrayList<>(items.size());
    for (int index = 0; index < items.size(); index++) {
      JsonNode item = items.get(index);
      String itemPath = pathOf(field) + "." + (index + 1) + ".member";
      if (!(item instanceof ObjectNode object)) {
        throw GlueException.serialization(
            "expected a structure at '" + itemPath + "', got " + describe(item));
      }
      objects.add(new GlueRequest(object, itemPath));
    }
    return objects;
  }

  /** A list of strings, each 1 to {@code maxLength} characters; null when absent. */
  List<String> strings(String field, int maxSize, int maxLength) {
    if (value(field) == null) {
      return null;
    }
    List<String> strings = new ArrayList<>();
    for (JsonNode item : list(field, maxSize)) {
      if (!item.isTextual()) {
        throw wrongType(field, "a list of strings");
      }
      String text = item.textValue();
      if (text.isEmpty() || text.length() > maxLength) {
        throw invalid(
            field,
            text,
            "Member must satisfy constraint: [Member must have length less than or equal to "
                + maxLength
                + ", Member must have length greater than or equal to 1]");
      }
      strings.add(text);
    }
    return strings;
  }

  List<String> requiredStrings(String field, int maxSize, int maxLength) {
    return required(field, strings(field, maxSize, maxLength));
  }

  /**
   * A map of strings, in the order sent; null when absent. Keys are 1 to {@code maxKeyLength}
   * characters, values at most {@code maxValueLength}, and there are at most {@code maxSize}
   * entries.
   */
  Map<String, String> stringMap(String field, int maxSize, int maxKeyLength, int maxValueLength) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof ObjectNode object)) {
      throw wrongType(field, "a map");
    }
    if (object.size() > maxSize) {
      throw invalid(field, "{...}", "Member must have length less than or equal to " + maxSize);
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      if (!entry.getValue().isTextual()) {
        throw wrongType(field, "a map of strings");
      }
      String key = entry.getKey();
      String text = entry.getValue().textValue();
      if (key.isEmpty() || key.length() > maxKeyLength) {
        throw invalid(
            field,
            key,
            "Map keys must satisfy constraint: [Member must have length less than or equal to "
                + maxKeyLength
                + ", Member must have length greater than or equal to 1]");
      }
      if (text.length() > maxValueLength) {
        throw invalid(
            field,
            key,
            "Map value must satisfy constraint: [Member must have length less than or equal to "
                + maxValueLength
                + "]");
      }
      map.put(key, text);
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Checks the request's CatalogId: Cairn serves one Glue catalog, whose id is the configured
   * account id; absent means that one.
   */
  void requireCatalog(String accountId) {
    String catalogId = string("CatalogId", 1, MAX_NAME_LENGTH);
    if (catalogId != null && !catalogId.equals(accountId)) {
      throw GlueException.entityNotFound(
          "Catalog " + catalogId + " does not exist; this catalog's id is " + accountId);
    }
  }

  /** NextToken and MaxResults (1 to {@code maxResults}, which is also the default). */
  PageRequest page(int maxResults) {
    return page(maxResults, maxResults);
  }

  /** NextToken and MaxResults (1 to {@code maxResults}, {@code defaultResults} when absent). */
  PageRequest page(int maxResults, int defaultResults) {
    Integer size = integer("MaxResults", 1, maxResults);
    String token = string("NextToken", 0, Integer.MAX_VALUE);
    return new PageRequest(
        token == null || token.isEmpty() ? null : token, size == null ? defaultResults : size);
  }

  /** The JSON of a field as sent (for document-typed members); null when absent. */
  JsonNode document(String field) {
    return value(field);
  }

  /** The path of this structure in the request, as AWS spells it in messages. */
  String path() {
    return path;
  }

  /** An InvalidInputException about {@code field} of this structure, in AWS's wording. */
  GlueException invalid(String field, String value, String constraint) {
    return GlueException.invalidInput(
        "1 validation error detected: Value "
            + (value == null ? "null" : "'" + abbreviate(value) + "'")
            + " at '"
            + pathOf(field)
            + "' failed to satisfy constraint: "
            + constraint);
  }

  private <T> T required(String field, T value) {
    if (value == null) {
      throw invalid(field, null, "Member must not be null");
    }
    return value;
  }

  private List<JsonNode> list(String field, int maxSize) {
    JsonNode value = value(field);
    if (value == null) {
      return List.of();
    }
    if (!value.isArray()) {
      throw wrongType(field, "a list");
    }
    if (value.size() > maxSize) {
      throw invalid(field, "[...]", "Member must have length less than or equal to " + maxSize);
    }
    List<JsonNode> items = new ArrayList<>(value.size());
    value.forEach(items::add);
    return items;
  }

  /** A field's value; JSON null counts as absent, as AWS's deserializers treat it. */
  private JsonNode value(String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  private GlueException wrongType(String field, String expected) {
    return GlueException.serialization(
        "expected " + expected + " at '" + pathOf(field) + "', got " + describe(node.get(field)));
  }

  private String pathOf(String field) {
    String member =
        field.isEmpty()
            ? field
            : field.substring(0, 1).toLowerCase(Locale.ROOT) + field.substring(1);
    return path.isEmpty() ? member : path + "." + member;
  }

  private static String describe(JsonNode value) {
    return value.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String abbreviate(String text) {
    return text.length() <= 100 ? text : text.substring(0, 97) + "...";
  }
}
