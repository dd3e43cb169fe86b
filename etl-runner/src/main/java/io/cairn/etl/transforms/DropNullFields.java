package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * Glue's DropNullFields: drops every top-level column whose values are all null. {@code
 * NullCheckBoxList} widens "null" to empty strings ({@code IsEmpty}), the string "null" ({@code
 * IsNullString}) and the number -1 ({@code IsNegOne}); {@code NullTextList} adds values of its own
 * ({@code [{"Value": "n/a", "Datatype": {"Id": "string"}}]}).
 */
public final class DropNullFields implements Transform {
  @Override
  public String type() {
    return "DropNullFields";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    JsonNode checkBoxes = configuration.get("NullCheckBoxList");
    if (checkBoxes != null && !checkBoxes.isNull() && !checkBoxes.isObject()) {
      problems.add("NullCheckBoxList must be an object {IsEmpty, IsNullString, IsNegOne}");
    }
    JsonNode texts = configuration.get("NullTextList");
    if (texts != null && !texts.isNull()) {
      if (!texts.isArray()) {
        problems.add("NullTextList must be a list of {Value, Datatype}");
      } else {
        for (JsonNode text : texts) {
          if (!text.path("Value").isTextual()) {
            problems.add("NullTextList entry without a string Value: " + text);
          }
        }
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
    JsonNode checkBoxes = configuration.path("NullCheckBoxList");
    List<String> nullTexts = new ArrayList<>();
    for (JsonNode text : configuration.path("NullTextList")) {
      nullTexts.add(text.get("Value").asText());
    }
    StructField[] fields = input.schema().fields();
    if (fields.length == 0) {
      return List.of(input);
    }
    List<Column> counts = new ArrayList<>();
    for (StructField field : fields) {
      Column value = Configurations.column(List.of(field.name()));
      Column counted = value.isNotNull();
      if (field.dataType() instanceof StringType) {
        if (checkBoxes.path("IsEmpty").asBoolean(false)) {
          counted = counted.and(value.notEqual(""));
        }
        if (checkBoxes.path("IsNullString").asBoolean(false)) {
          counted = counted.and(functions.lower(value).notEqual("null"));
        }
      }
      if (field.dataType() instanceof NumericType && checkBoxes.path("IsNegOne").asBoolean(false)) {
        counted = counted.and(value.notEqual(-1));
      }
      for (String text : nullTexts) {
        counted = counted.and(value.cast("string").notEqual(text));
      }
      counts.add(functions.count(functions.when(counted, 1)));
    }
    Row row =
        input.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
    List<String> empty = new ArrayList<>();
    for (int i = 0; i < fields.length; i++) {
      if (row.getLong(i) == 0) {
        empty.add(fields[i].name());
      }
    }
    return List.of(input.drop(empty.toArray(String[]::new)));
  }
}
