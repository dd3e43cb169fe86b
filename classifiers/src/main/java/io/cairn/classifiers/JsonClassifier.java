package io.cairn.classifiers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Glue's built-in JSON classifier: a file of whitespace-separated JSON objects (JSON Lines), or one
 * top-level array, which Glue makes a single column named {@code array}. Objects become structs,
 * arrays become arrays; conflicting types widen as Glue does: int, bigint, double upward, any other
 * mix to string; structs merge their fields.
 */
public final class JsonClassifier implements Classifier {
  static final String JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe";

  private static final JsonFactory FACTORY = new JsonFactory();

  @Override
  public String name() {
    return "json";
  }

  @Override
  public Classification classify(FileSample sample) {
    try (JsonParser parser = FACTORY.createParser(sample.openStream())) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_ARRAY) {
        return classifyArray(parser, sample);
      }
      if (first == JsonToken.START_OBJECT) {
        return classifyObjects(parser, sample);
      }
      return Classification.unknown("neither a JSON object nor a JSON array at the start");
    } catch (StreamReadException e) {
      return Classification.unknown("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return Classification.unknown("unreadable JSON: " + e.getMessage());
    }
  }

  private static Classification classifyObjects(JsonParser parser, FileSample sample)
      throws IOException {
    Type.Struct merged = null;
    int records = 0;
    JsonToken token = JsonToken.START_OBJECT;
    while (token != null && records < FileSample.MAX_RECORDS) {
      if (token != JsonToken.START_OBJECT) {
        return Classification.unknown("record " + (records + 1) + " is not a JSON object");
      }
      Type record;
      try {
        record = read(parser);
      } catch (StreamReadException e) {
        if (!sample.isComplete() && records > 0) {
          // The sample limit cut this record; the ones before it are the sample.
          break;
        }
        throw e;
      }
      merged = (Type.Struct) Type.widen(merged, record);
      records++;
      token = nextOrCut(parser, sample);
    }
    List<Column> columns = new ArrayList<>();
    merged.fields().forEach((name, type) -> columns.add(new Column(name, Type.hiveTypeOf(type))));
    String paths = String.join(",", merged.fields().keySet());
    return classification(columns, paths, sample);
  }

  private static Classification classifyArray(JsonParser parser, FileSample sample)
      throws IOException {
    Type element = null;
    int elements = 0;
    try {
      JsonToken token = parser.nextToken();
      while (token != JsonToken.END_ARRAY && elements < FileSample.MAX_RECORDS) {
        if (token == null) {
          throw new JsonParseException(parser, "the top-level array is not closed");
        }
        element = Type.widen(element, read(parser));
        elements++;
        token = parser.nextToken();
      }
    } catch (StreamReadException e) {
      if (sample.isComplete() || elements == 0) {
        throw e;
      }
      // The sample limit cut the array; the elements read so far are the sample.
    }
    if (elements == 0) {
      return Classification.unknown("empty top-level array");
    }
    String type = "array<" + Type.hiveTypeOf(element) + ">";
    return classification(List.of(new Column("array", type)), "array", sample);
  }

  private static JsonToken nextOrCut(JsonParser parser, FileSample sample) throws IOException {
    try {
      return parser.nextToken();
    } catch (StreamReadException e) {
      if (!sample.isComplete()) {
        return null;
      }
      throw e;
    }
  }

  private static Classification classification(
      List<Column> columns, String paths, FileSample sample) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put("classification", "json");
    parameters.put("typeOfData", "file");
    parameters.put("compressionType", sample.compression());
    return new Classification(
        "json",
        1.0,
        columns,
        JSON_SERDE,
        Map.of("paths", paths),
        CsvClassifier.TEXT_INPUT_FORMAT,
        CsvClassifier.TEXT_OUTPUT_FORMAT,
        parameters,
        "");
  }

  /** The type of the value whose first token the parser is on; leaves it on the last token. */
  private static Type read(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Type> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          Type.put(fields, name, read(parser));
        }
        return new Type.Struct(fields);
      }
      case START_ARRAY -> {
        Type element = null;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          element = Type.widen(element, read(parser));
        }
        return new Type.Array(element);
      }
      case VALUE_NUMBER_INT -> {
        return new Type.Primitive(
            switch (parser.getNumberType()) {
              case INT -> PrimitiveTypes.INT;
              case LONG -> PrimitiveTypes.BIGINT;
              default -> PrimitiveTypes.DOUBLE;
            });
      }
      case VALUE_NUMBER_FLOAT -> {
        return new Type.Primitive(PrimitiveTypes.DOUBLE);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Type.Primitive(PrimitiveTypes.BOOLEAN);
      }
      case VALUE_STRING -> {
        return new Type.Primitive(PrimitiveTypes.STRING);
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new JsonParseException(parser, "unexpected token " + token);
    }
  }

  /** An inferred JSON type; {@code null} stands for a value seen only as null, or not at all. */
  sealed interface Type {
    String hiveType();

    record Primitive(String name) implements Type {
      @Override
      public String hiveType() {
        return name;
      }
    }

    record Struct(Map<String, Type> fields) implements Type {
      @Override
      public String hiveType() {
        return fields.entrySet().stream()
            .map(field -> field.getKey() + ":" + hiveTypeOf(field.getValue()))
            .collect(Collectors.joining(",", "struct<", ">"));
      }
    }

    record Array(Type element) implements Type {
      @Override
      public String hiveType() {
        return "array<" + hiveTypeOf(element) + ">";
      }
    }

    /** Adds a field, widening it with a field of the same name; null values are kept. */
    static void put(Map<String, Type> fields, String name, Type type) {
      fields.put(name, fields.containsKey(name) ? widen(fields.get(name), type) : type);
    }

    static String hiveTypeOf(Type type) {
      return type == null ? PrimitiveTypes.STRING : type.hiveType();
    }

    static Type widen(Type left, Type right) {
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
        Map<String, Type> fields = new LinkedHashMap<>(l.fields());
        r.fields().forEach((name, type) -> put(fields, name, type));
        return new Struct(fields);
      }
      if (left instanceof Array l && right instanceof Array r) {
        return new Array(widen(l.element(), r.element()));
      }
      return new Primitive(PrimitiveTypes.STRING);
    }
  }
}
