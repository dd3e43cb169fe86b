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
import org.apache.spark.sql.types.DataType;

/**
 * Glue's ApplyMapping (Glue Studio's "Change Schema"): each entry of {@code Mapping} takes the
 * field at {@code FromPath}, casts it from {@code FromType} to {@code ToType} and names it {@code
 * ToKey}; an entry with {@code Dropped: true} is left out, and so is every field no entry names. An
 * entry with {@code Children} builds a struct from its children's mappings, read relative to its
 * own {@code FromPath}. A value that does not convert becomes null, as in Glue.
 */
public final class ApplyMapping implements Transform {
  @Override
  public String type() {
    return "ApplyMapping";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    JsonNode mapping = configuration.get("Mapping");
    if (mapping == null || !mapping.isArray() || mapping.isEmpty()) {
      problems.add("Mapping must be a non-empty list of {ToKey, FromPath, FromType, ToType}");
      return problems;
    }
    validateEntries(mapping, "Mapping", problems);
    return problems;
  }

  private static void validateEntries(JsonNode entries, String where, List<String> problems) {
    int index = 0;
    for (JsonNode entry : entries) {
      String at = where + "[" + index++ + "]";
      if (entry.path("Dropped").asBoolean(false)) {
        continue;
      }
      List<String> entryProblems = new ArrayList<>();
      Configurations.requiredText(entry, "ToKey", entryProblems);
      Configurations.path(entry.get("FromPath"), "FromPath", entryProblems);
      JsonNode children = entry.get("Children");
      if (children != null && children.isArray() && !children.isEmpty()) {
        validateEntries(children, at + ".Children", problems);
      } else {
        String toType = Configurations.requiredText(entry, "ToType", entryProblems);
        if (toType != null) {
          Configurations.dataType(toType, "ToType", entryProblems);
        }
      }
      entryProblems.forEach(problem -> problems.add(at + ": " + problem));
    }
  }

  @Override
  public List<Dataset<Row>> apply(
      TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration) {
    Configurations.requireValid(type(), validate(configuration));
    Configurations.requireInputs(type(), inputs, 1);
    Dataset<Row> input = inputs.get(0);
    List<Column> columns = columns(input, List.of(), configuration.get("Mapping"));
    return List.of(input.select(columns.toArray(Column[]::new)));
  }

  private static List<Column> columns(Dataset<Row> input, List<String> parent, JsonNode entries) {
    List<Column> columns = new ArrayList<>();
    for (JsonNode entry : entries) {
      if (entry.path("Dropped").asBoolean(false)) {
        continue;
      }
      List<String> path = new ArrayList<>(parent);
      path.addAll(Configurations.path(entry.get("FromPath"), "FromPath", new ArrayList<>()));
      if (Fields.find(input.schema(), path) == null) {
        throw new IllegalArgumentException(
            "ApplyMapping: no field " + Configurations.dotted(path) + " in the input");
      }
      String toKey = entry.get("ToKey").asText();
      JsonNode children = entry.get("Children");
      if (children != null && children.isArray() && !children.isEmpty()) {
        columns.add(
            functions.struct(columns(input, path, children).toArray(Column[]::new)).as(toKey));
      } else {
        DataType toType = DataType.fromDDL(entry.get("ToType").asText());
        columns.add(Configurations.column(path).cast(toType).as(toKey));
      }
    }
    return columns;
  }
}
