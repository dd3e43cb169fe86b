package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Glue's Unbox: the string field at {@code Path} holding JSON objects ({@code Format: json}) or CSV
 * records ({@code Format: csv}, with {@code Separator}, {@code Escaper}, {@code Quote}) is replaced
 * in place by a struct. The struct's schema is inferred from all the field's non-null values, so
 * the node runs one Spark job when it is applied; CSV fields are named {@code col0}, {@code col1},
 * … as Glue names them. A value that does not parse is null.
 */
public final class Unbox implements Transform {
  private static final String UNPARSED = "__cairn_unparsed";
  private static final List<String> CSV_OPTIONS = List.of("Separator", "Escaper", "Quote");

  @Override
  public String type() {
    return "Unbox";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    Configurations.path(configuration.get("Path"), "Path", problems);
    String format = Configurations.requiredText(configuration, "Format", problems);
    if (format != null && !List.of("json", "csv").contains(format.toLowerCase(Locale.ROOT))) {
      problems.add("Format must be json or csv, not " + format);
    }
    for (String option : CSV_OPTIONS) {
      String value = Configurations.optionalText(configuration, option, problems);
      if (value == null) {
        continue;
      }
      if (format != null && !format.equalsIgnoreCase("csv")) {
        problems.add(option + " applies only to Format csv");
      } else if (value.length() != 1) {
        problems.add(option + " must be one character, not \"" + value + "\"");
      }
    }
    return problems;
  }

  @Override
  public List<Dataset<Row>> apply(
      TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration) {
    Configurations.requireValid(type(), validate(configuration));
    Configurations.requireInputs(type(), inputs, 1);
    Dataset<Row> input = inputs.get(0);
    List<String> path = Configurations.path(configuration.get("Path"), "Path", new ArrayList<>());
    StructField field = Fields.find(input.schema(), path);
    if (field == null) {
      throw new IllegalArgumentException(
          type()
              + ": no field "
              + Configurations.dotted(path)
              + " in the input "
              + input.schema().simpleString());
    }
    if (!field.dataType().equals(DataTypes.StringType)) {
      throw new IllegalArgumentException(
          type()
              + ": field "
              + Configurations.dotted(path)
              + " is "
              + field.dataType().simpleString()
              + ", not a string");
    }
    Column value = Configurations.column(path);
    Dataset<String> texts =
        input
            .select(value.as("text"))
            .where(functions.col("text").isNotNull())
            .as(Encoders.STRING());
    Column parsed;
    if (configuration.get("Format").asText().equalsIgnoreCase("json")) {
      // Only objects: Spark would read a JSON array's elements as rows of their own.
      Dataset<String> objects = texts.filter(functions.trim(functions.col("text")).startsWith("{"));
      StructType schema =
          context.spark().read().option("mode", "DROPMALFORMED").json(objects).schema();
      requireInferred(schema, path, "JSON object");
      // Spark reads a malformed value as a struct of nulls; Glue's answer, null, needs the
      // corrupt-record column to tell the two apart.
      Column withUnparsed =
          functions.from_json(
              value,
              schema.add(UNPARSED, DataTypes.StringType),
              Map.of("columnNameOfCorruptRecord", UNPARSED));
      parsed =
          functions.when(
              withUnparsed.getField(UNPARSED).isNull(),
              Configurations.dropField(withUnparsed, UNPARSED));
    } else {
      Map<String, String> options = csvOptions(configuration);
      StructType inferred =
          context.spark().read().options(options).option("inferSchema", "true").csv(texts).schema();
      requireInferred(inferred, path, "CSV record");
      StructType schema = new StructType();
      for (int i = 0; i < inferred.fields().length; i++) {
        schema = schema.add("col" + i, inferred.fields()[i].dataType());
      }
      parsed = functions.from_csv(value, functions.lit(schema.toDDL()), options);
    }
    return List.of(replace(input, path, parsed));
  }

  private void requireInferred(StructType schema, List<String> path, String what) {
    if (schema.fields().length == 0) {
      throw new IllegalArgumentException(
          type() + ": field " + Configurations.dotted(path) + " holds no " + what + " to unbox");
    }
  }

  private static Map<String, String> csvOptions(JsonNode configuration) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("sep", text(configuration, "Separator", ","));
    options.put("escape", text(configuration, "Escaper", "\\"));
    options.put("quote", text(configuration, "Quote", "\""));
    return options;
  }

  private static String text(JsonNode configuration, String field, String fallback) {
    JsonNode node = configuration.get(field);
    return node == null || node.isNull() ? fallback : node.asText();
  }

  /** The input with the field at {@code path} replaced by {@code value}, in place. */
  private static Dataset<Row> replace(Dataset<Row> input, List<String> path, Column value) {
    String top = Fields.find(input.schema(), path.subList(0, 1)).name();
    if (path.size() == 1) {
      return input.withColumn(top, value);
    }
    List<String> nested = new ArrayList<>();
    StructType parent = (StructType) Fields.find(input.schema(), path.subList(0, 1)).dataType();
    for (String name : path.subList(1, path.size())) {
      StructField child = Fields.find(parent, List.of(name));
      nested.add(child.name());
      if (child.dataType() instanceof StructType struct) {
        parent = struct;
      }
    }
    return input.withColumn(
        top, Configurations.column(List.of(top)).withField(String.join(".", nested), value));
  }
}
