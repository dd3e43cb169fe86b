package io.cairn.classifiers;

import static java.util.Objects.requireNonNull;

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

/**
 * Glue's JSON classifier. The built-in one reads a file of whitespace-separated JSON objects (JSON
 * Lines), or one top-level array, which Glue makes a single column named {@code array}. A custom
 * one takes as records the values its {@link JsonPath} selects in each top-level value; records
 * that are objects give their members as columns, other records one column named {@code record}, as
 * Glue documents. Objects become structs, arrays become arrays; conflicting types widen as Glue
 * does: int, bigint, double upward, any other mix to string; structs merge their fields.
 */
public final class JsonClassifier implements Classifier {
  static final String JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe";

  private static final JsonFactory FACTORY = new JsonFactory();

  /** Null for the built-in classifier. */
  private final JsonPath path;

  /** Glue's built-in JSON classifier. */
  public JsonClassifier() {
    this.path = null;
  }

  /** A custom JSON classifier whose records are the values {@code path} selects. */
  JsonClassifier(JsonPath path) {
    this.path = requireNonNull(path, "path is null");
  }

  @Override
  public String name() {
    return "json";
  }

  @Override
  public Classification classify(FileSample sample) {
    try (JsonParser parser = FACTORY.createParser(sample.openStream())) {
      JsonToken first = parser.nextToken();
      if (path != null) {
        if (first == null) {
          return Classification.unknown("no JSON value");
        }
        return classifySelected(parser, sample);
      }
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

  private Classification classifyObjects(JsonParser parser, FileSample sample) throws IOException {
    InferredType.Struct merged = null;
    int records = 0;
    long start = parser.currentTokenLocation().getByteOffset();
    long end = 0;
    JsonToken token = JsonToken.START_OBJECT;
    while (token != null && records < FileSample.MAX_RECORDS) {
      if (token != JsonToken.START_OBJECT) {
        return Classification.unknown("record " + (records + 1) + " is not a JSON object");
      }
      InferredType record;
      try {
        record = read(parser);
      } catch (StreamReadException e) {
        if (!sample.isComplete() && records > 0) {
          // The sample limit cut this record; the ones before it are the sample.
          break;
        }
        throw e;
      }
      merged = (InferredType.Struct) InferredType.widen(merged, record);
      records++;
      end = parser.currentLocation().getByteOffset();
      token = nextOrCut(parser, sample);
    }
    boolean readWholeSample = token == null && records > 0 && sample.isComplete();
    List<Column> columns = new ArrayList<>();
    merged
        .fields()
        .forEach((name, type) -> columns.add(new Column(name, InferredType.hiveTypeOf(type))));
    String paths = String.join(",", merged.fields().keySet());
    return classification(
        columns, paths, sample, RecordStatistics.of(sample, records, start, end, readWholeSample));
  }

  private Classification classifyArray(JsonParser parser, FileSample sample) throws IOException {
    InferredType element = null;
    int elements = 0;
    try {
      JsonToken token = parser.nextToken();
      while (token != JsonToken.END_ARRAY && elements < FileSample.MAX_RECORDS) {
        if (token == null) {
          throw new JsonParseException(parser, "the top-level array is not closed");
        }
        element = InferredType.widen(element, read(parser));
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
    String type = "array<" + InferredType.hiveTypeOf(element) + ">";
    return classification(
        List.of(new Column("array", type)), "array", sample, RecordStatistics.singleRecord(sample));
  }

  private Classification classifySelected(JsonParser parser, FileSample sample) throws IOException {
    Selection selection = new Selection();
    boolean readWholeSample = false;
    try {
      JsonToken token = parser.currentToken();
      while (!selection.isFull()) {
        if (token == null) {
          readWholeSample = sample.isComplete();
          break;
        }
        select(parser, 0, selection);
        token = selection.isFull() ? token : parser.nextToken();
      }
    } catch (StreamReadException e) {
      if (sample.isComplete() || selection.records == 0) {
        throw e;
      }
      // The sample limit cut the last value; the records selected before it are the sample.
    }
    if (selection.records == 0) {
      return Classification.unknown("the JSON path " + path + " selects nothing in the sample");
    }
    Map<String, String> statistics =
        RecordStatistics.of(
            sample, selection.records, selection.start, selection.end, readWholeSample);
    if (selection.merged instanceof InferredType.Struct struct && !selection.sawOther) {
      List<Column> columns = new ArrayList<>();
      struct
          .fields()
          .forEach((name, type) -> columns.add(new Column(name, InferredType.hiveTypeOf(type))));
      return classification(
          columns, String.join(",", struct.fields().keySet()), sample, statistics);
    }
    String type = InferredType.hiveTypeOf(selection.merged);
    return classification(List.of(new Column("record", type)), "record", sample, statistics);
  }

  /**
   * Hands each value that the path from {@code step} on selects, in the value whose first token the
   * parser is on, to {@code selection}; leaves the parser on the value's last token unless the
   * selection filled up.
   */
  private void select(JsonParser parser, int step, Selection selection) throws IOException {
    if (step == path.steps().size()) {
      long start = parser.currentTokenLocation().getByteOffset();
      selection.add(read(parser), start, parser.currentLocation().getByteOffset());
      return;
    }
    JsonPath.Step wanted = path.steps().get(step);
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        if (wanted instanceof JsonPath.Wildcard
            || (wanted instanceof JsonPath.Member member && member.name().equals(name))) {
          select(parser, step + 1, selection);
          if (selection.isFull()) {
            return;
          }
        } else {
          parser.skipChildren();
        }
      }
    } else if (token == JsonToken.START_ARRAY) {
      int index = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        if (wanted instanceof JsonPath.Wildcard
            || (wanted instanceof JsonPath.Index wantedIndex && wantedIndex.index() == index)) {
          select(parser, step + 1, selection);
          if (selection.isFull()) {
            return;
          }
        } else {
          parser.skipChildren();
        }
        index++;
      }
    }
  }

  /** The records a path selected so far. */
  private static final class Selection {
    private InferredType merged;
    // Whether a record was neither an object nor null; then the records are one column.
    private boolean sawOther;
    private int records;
    private long start;
    private long end;

    void add(InferredType record, long startOffset, long endOffset) {
      if (records == 0) {
        start = startOffset;
      }
      if (record != null && !(record instanceof InferredType.Struct)) {
        sawOther = true;
      }
      merged = InferredType.widen(merged, record);
      records++;
      end = endOffset;
    }

    boolean isFull() {
      return records >= FileSample.MAX_RECORDS;
    }
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

  private Classification classification(
      List<Column> columns, String paths, FileSample sample, Map<String, String> statistics) {
    Map<String, String> parameters = new HashMap<>(statistics);
    parameters.put("classification", "json");
    parameters.put("typeOfData", "file");
    parameters.put("compressionType", sample.compression());
    if (path != null) {
      parameters.put("jsonPath", path.text());
    }
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
  private static InferredType read(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, InferredType> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          InferredType.put(fields, name, read(parser));
        }
        return new InferredType.Struct(fields);
      }
      case START_ARRAY -> {
        InferredType element = null;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          element = InferredType.widen(element, read(parser));
        }
        return new InferredType.Array(element);
      }
      case VALUE_NUMBER_INT -> {
        return new InferredType.Primitive(
            switch (parser.getNumberType()) {
              case INT -> PrimitiveTypes.INT;
              case LONG -> PrimitiveTypes.BIGINT;
              default -> PrimitiveTypes.DOUBLE;
            });
      }
      case VALUE_NUMBER_FLOAT -> {
        return new InferredType.Primitive(PrimitiveTypes.DOUBLE);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new InferredType.Primitive(PrimitiveTypes.BOOLEAN);
      }
      case VALUE_STRING -> {
        return new InferredType.Primitive(PrimitiveTypes.STRING);
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new JsonParseException(parser, "unexpected token " + token);
    }
  }
}
