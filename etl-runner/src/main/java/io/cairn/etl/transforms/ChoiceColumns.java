package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * "Choice" columns: Glue's DynamicFrame idea on DataFrames. Where a field holds values of different
 * types across records (a number in one, a string in another), the field is a struct with one
 * nullable field per type seen, named after the type ({@code boolean}, {@code long}, {@code
 * double}, {@code string}, {@code struct}, {@code array}), of which each row fills at most one; the
 * field's metadata has {@code cairn.choice = true}. ResolveChoice turns such a field into an
 * ordinary one. Choice fields appear at the top level and inside structs; inside arrays, mixed
 * element types become strings (the value's JSON text).
 */
public final class ChoiceColumns {
  /** The metadata key that marks a field as a choice. */
  public static final String METADATA_KEY = "cairn.choice";

  private static final List<String> KIND_ORDER =
      List.of("boolean", "long", "double", "string", "struct", "array");

  private ChoiceColumns() {}

  /** Whether {@code field} is a choice field. */
  public static boolean isChoice(StructField field) {
    return field.metadata().contains(METADATA_KEY) && field.metadata().getBoolean(METADATA_KEY);
  }

  /**
   * Reads JSON Lines files (one object per line; blank lines skipped) into a DataFrame whose schema
   * holds a choice field wherever records disagree on a field's type. Two passes over the files:
   * one to learn every field's types, one to build the rows. A line that is not a JSON object fails
   * the read with the line's start in the message.
   */
  public static Dataset<Row> readJson(SparkSession spark, List<String> paths) {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("readJson needs at least one path");
    }
    JavaRDD<String> lines =
        spark
            .read()
            .textFile(paths.toArray(String[]::new))
            .javaRDD()
            .filter(line -> !line.isBlank());
    JsonTypes types =
        lines.aggregate(new JsonTypes(), (seen, line) -> seen.add(parse(line)), JsonTypes::merge);
    types.kinds.add("struct");
    StructType schema = (StructType) types.toDataType();
    JavaRDD<Row> rows = lines.map(line -> (Row) toValue(parse(line), schema));
    return spark.createDataFrame(rows, schema);
  }

  static Metadata choiceMetadata() {
    return new MetadataBuilder().putBoolean(METADATA_KEY, true).build();
  }

  private static JsonNode parse(String line) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new IllegalArgumentException("Not a JSON record: " + start(line), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("Not a JSON object: " + start(line));
    }
    return node;
  }

  private static String start(String line) {
    return line.length() > 100 ? line.substring(0, 100) + "…" : line;
  }

  private static String kind(JsonNode node) {
    if (node.isBoolean()) {
      return "boolean";
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return "long";
    }
    if (node.isNumber()) {
      return "double";
    }
    if (node.isObject()) {
      return "struct";
    }
    if (node.isArray()) {
      return "array";
    }
    return "string";
  }

  private static Object toValue(JsonNode node, DataType type) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (type instanceof StructType struct) {
      if (!node.isObject()) {
        return null;
      }
      Object[] values = new Object[struct.fields().length];
      for (int i = 0; i < values.length; i++) {
        StructField field = struct.fields()[i];
        JsonNode child = node.get(field.name());
        values[i] =
            isChoice(field)
                ? choiceValue(child, (StructType) field.dataType())
                : toValue(child, field.dataType());
      }
      return RowFactory.create(values);
    }
    if (type instanceof ArrayType array) {
      if (!node.isArray()) {
        return null;
      }
      List<Object> values = new ArrayList<>();
      node.forEach(element -> values.add(toValue(element, array.elementType())));
      return scala.collection.JavaConverters.asScalaBuffer(values).toList();
    }
    if (type.equals(DataTypes.LongType)) {
      return node.isIntegralNumber() ? node.asLong() : null;
    }
    if (type.equals(DataTypes.DoubleType)) {
      return node.isNumber() ? node.asDouble() : null;
    }
    if (type.equals(DataTypes.BooleanType)) {
      return node.isBoolean() ? node.asBoolean() : null;
    }
    return node.isTextual() ? node.asText() : node.toString();
  }

  private static Object choiceValue(JsonNode node, StructType choice) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    String kind = kind(node);
    Object[] values = new Object[choice.fields().length];
    for (int i = 0; i < values.length; i++) {
      if (choice.fields()[i].name().equals(kind)) {
        values[i] = toValue(node, choice.fields()[i].dataType());
      }
    }
    return RowFactory.create(values);
  }

  /** The JSON mapper, held in a class of its own so that closures do not capture it. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /** Every type seen for one JSON value position, with the fields and elements below it. */
  private static final class JsonTypes implements Serializable {
    private static final long serialVersionUID = 1L;
    final TreeSet<String> kinds = new TreeSet<>();
    final LinkedHashMap<String, JsonTypes> fields = new LinkedHashMap<>();
    JsonTypes element;

    JsonTypes add(JsonNode node) {
      if (node == null || node.isNull()) {
        return this;
      }
      String kind = kind(node);
      kinds.add(kind);
      if (kind.equals("struct")) {
        node.fields()
            .forEachRemaining(
                entry ->
                    fields
                        .computeIfAbsent(entry.getKey(), name -> new JsonTypes())
                        .add(entry.getValue()));
      } else if (kind.equals("array")) {
        if (element == null) {
          element = new JsonTypes();
        }
        node.forEach(element::add);
      }
      return this;
    }

    JsonTypes merge(JsonTypes other) {
      kinds.addAll(other.kinds);
      for (Map.Entry<String, JsonTypes> entry : other.fields.entrySet()) {
        JsonTypes mine = fields.get(entry.getKey());
        if (mine == null) {
          fields.put(entry.getKey(), entry.getValue());
        } else {
          mine.merge(entry.getValue());
        }
      }
      if (other.element != null) {
        element = element == null ? other.element : element.merge(other.element);
      }
      return this;
    }

    DataType toDataType() {
      if (kinds.size() != 1) {
        return DataTypes.StringType;
      }
      return kindType(kinds.first());
    }

    DataType kindType(String kind) {
      return switch (kind) {
        case "boolean" -> DataTypes.BooleanType;
        case "long" -> DataTypes.LongType;
        case "double" -> DataTypes.DoubleType;
        case "struct" -> {
          List<StructField> structFields = new ArrayList<>();
          fields.forEach((name, types) -> structFields.add(types.toField(name)));
          yield DataTypes.createStructType(structFields);
        }
        case "array" ->
            DataTypes.createArrayType(
                element == null ? DataTypes.StringType : element.elementType());
        default -> DataTypes.StringType;
      };
    }

    /** Inside arrays a choice has no field to mark, so mixed numbers widen and the rest is text. */
    private DataType elementType() {
      if (kinds.equals(new TreeSet<>(List.of("double", "long")))) {
        return DataTypes.DoubleType;
      }
      return toDataType();
    }

    StructField toField(String name) {
      if (kinds.size() <= 1) {
        return DataTypes.createStructField(name, toDataType(), true);
      }
      List<StructField> variants = new ArrayList<>();
      for (String kind : KIND_ORDER) {
        if (kinds.contains(kind)) {
          variants.add(DataTypes.createStructField(kind, kindType(kind), true));
        }
      }
      return DataTypes.createStructField(
          name, DataTypes.createStructType(variants), true, choiceMetadata());
    }
  }
}
