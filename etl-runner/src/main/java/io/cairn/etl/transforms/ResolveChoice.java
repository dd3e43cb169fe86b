package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.FractionalType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Glue's ResolveChoice over {@link ChoiceColumns choice fields}. {@code Specs} ({@code [{"Path":
 * "a.b", "Action": "cast:int"}]}) resolves the named fields; {@code Choice} (one action) resolves
 * every choice field; give one of them. Actions:
 *
 * <ul>
 *   <li>{@code cast:T} every variant cast to T (values that do not convert become null; struct and
 *       array variants become null unless T is their type); also casts a field that is no choice;
 *   <li>{@code project:T} only the variant of T's kind (long for integral T, double for fractional,
 *       string, boolean, struct, array), cast to T; rows holding another kind become null;
 *   <li>{@code make_cols} one field per variant, named {@code field_kind}, beside the others;
 *   <li>{@code make_struct} the struct of variants, kept as an ordinary struct;
 *   <li>{@code match_catalog} cast to the type the same field has in the catalog table {@code
 *       Database}.{@code Table}.
 * </ul>
 */
public final class ResolveChoice implements Transform {
  @Override
  public String type() {
    return "ResolveChoice";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    boolean hasSpecs = configuration.hasNonNull("Specs");
    boolean hasChoice = configuration.hasNonNull("Choice");
    if (hasSpecs == hasChoice) {
      problems.add("give either Specs or Choice, not both or neither");
      return problems;
    }
    List<String> actions = new ArrayList<>();
    if (hasChoice) {
      actions.add(configuration.get("Choice").asText());
    } else {
      JsonNode specs = configuration.get("Specs");
      if (!specs.isArray() || specs.isEmpty()) {
        problems.add("Specs must be a non-empty list of {Path, Action}");
        return problems;
      }
      for (JsonNode spec : specs) {
        if (!spec.path("Path").isTextual() || spec.get("Path").asText().isBlank()) {
          problems.add("a Specs entry has no Path: " + spec);
        }
        actions.add(spec.path("Action").asText(""));
      }
    }
    for (String action : actions) {
      validateAction(action, configuration, problems);
    }
    return problems;
  }

  private static void validateAction(String action, JsonNode configuration, List<String> problems) {
    if (action.startsWith("cast:") || action.startsWith("project:")) {
      String typeName = action.substring(action.indexOf(':') + 1);
      if (!typeName.equals("struct") && !typeName.equals("array")) {
        Configurations.dataType(typeName, "the type of " + action, problems);
      }
    } else if (action.equals("match_catalog")) {
      Configurations.requiredText(configuration, "Database", problems);
      Configurations.requiredText(configuration, "Table", problems);
    } else if (!action.equals("make_cols") && !action.equals("make_struct")) {
      problems.add(
          "action must be cast:T, project:T, make_cols, make_struct or match_catalog, not '"
              + action
              + "'");
    }
  }

  @Override
  public List<Dataset<Row>> apply(
      TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration) {
    Configurations.requireValid(type(), validate(configuration));
    Configurations.requireInputs(type(), inputs, 1);
    Dataset<Row> input = inputs.get(0);
    Map<List<String>, String> actions = new LinkedHashMap<>();
    if (configuration.hasNonNull("Choice")) {
      for (List<String> path : choicePaths(input.schema(), List.of())) {
        actions.put(path, configuration.get("Choice").asText());
      }
    } else {
      for (JsonNode spec : configuration.get("Specs")) {
        List<String> path = List.of(spec.get("Path").asText().split("\\."));
        if (Fields.find(input.schema(), path) == null) {
          throw new IllegalArgumentException(
              "ResolveChoice: no field " + spec.get("Path").asText());
        }
        actions.put(path, spec.get("Action").asText());
      }
    }
    StructType catalogSchema = null;
    if (actions.containsValue("match_catalog")) {
      String table =
          configuration.get("Database").asText() + "." + configuration.get("Table").asText();
      catalogSchema = context.spark().table(table).schema();
    }
    Dataset<Row> result = input;
    for (Map.Entry<List<String>, String> entry : actions.entrySet()) {
      result = resolve(result, entry.getKey(), entry.getValue(), catalogSchema);
    }
    return List.of(result);
  }

  private static List<List<String>> choicePaths(StructType schema, List<String> parent) {
    List<List<String>> paths = new ArrayList<>();
    for (StructField field : schema.fields()) {
      List<String> path = new ArrayList<>(parent);
      path.add(field.name());
      if (ChoiceColumns.isChoice(field)) {
        paths.add(path);
      } else if (field.dataType() instanceof StructType struct) {
        paths.addAll(choicePaths(struct, path));
      }
    }
    return paths;
  }

  private static Dataset<Row> resolve(
      Dataset<Row> input, List<String> path, String action, StructType catalogSchema) {
    StructField field = Fields.find(input.schema(), path);
    String name = Configurations.dotted(path);
    Column column = Configurations.column(path);
    boolean choice = ChoiceColumns.isChoice(field);
    if (action.equals("match_catalog")) {
      StructField catalogField = Fields.find(catalogSchema, path);
      if (catalogField == null) {
        throw new IllegalArgumentException(
            "ResolveChoice: the catalog table has no field " + name + " to match");
      }
      action = "cast:" + catalogField.dataType().sql();
    }
    if (action.startsWith("cast:")) {
      DataType target = DataType.fromDDL(action.substring(5));
      Column cast =
          choice
              ? castVariants(column, (StructType) field.dataType(), target)
              : column.cast(target);
      return replace(input, path, cast);
    }
    if (!choice) {
      throw new IllegalArgumentException(
          "ResolveChoice: " + name + " is not a choice field, so " + action + " does not apply");
    }
    StructType variants = (StructType) field.dataType();
    if (action.startsWith("project:")) {
      String typeName = action.substring(8);
      String kind = kindOf(typeName);
      Column projected = functions.lit(null);
      for (StructField variant : variants.fields()) {
        if (variant.name().equals(kind)) {
          Column value = column.getField(kind);
          projected =
              kind.equals("struct") || kind.equals("array")
                  ? value
                  : value.cast(DataType.fromDDL(typeName));
        }
      }
      if (kind.equals("struct") || kind.equals("array")) {
        return replace(input, path, projected);
      }
      return replace(input, path, projected.cast(DataType.fromDDL(typeName)));
    }
    if (action.equals("make_struct")) {
      // A new struct expression: an alias of the old field would keep its choice metadata.
      List<Column> copies = new ArrayList<>();
      for (StructField variant : variants.fields()) {
        copies.add(column.getField(variant.name()).as(variant.name()));
      }
      return replace(input, path, functions.struct(copies.toArray(Column[]::new)));
    }
    // make_cols
    Dataset<Row> result = input;
    String last = path.get(path.size() - 1);
    for (StructField variant : variants.fields()) {
      List<String> sibling = new ArrayList<>(path.subList(0, path.size() - 1));
      sibling.add(last + "_" + variant.name());
      result = replace(result, sibling, column.getField(variant.name()));
    }
    return Fields.drop(result, List.of(path));
  }

  /** Sets the field at {@code path} (added when absent); the new field is never a choice. */
  private static Dataset<Row> replace(Dataset<Row> input, List<String> path, Column value) {
    if (path.size() == 1) {
      return input.withColumn(path.get(0), value).withMetadata(path.get(0), Metadata.empty());
    }
    String top = Fields.find(input.schema(), path.subList(0, 1)).name();
    String inside = String.join(".", path.subList(1, path.size()));
    return input.withColumn(top, Configurations.column(List.of(top)).withField(inside, value));
  }

  private static Column castVariants(Column column, StructType variants, DataType target) {
    List<Column> casts = new ArrayList<>();
    for (StructField variant : variants.fields()) {
      DataType from = variant.dataType();
      boolean complex =
          from instanceof StructType || from instanceof ArrayType || from instanceof MapType;
      boolean complexTarget =
          target instanceof StructType || target instanceof ArrayType || target instanceof MapType;
      if (!complex && !complexTarget) {
        casts.add(column.getField(variant.name()).cast(target));
      } else if (from.sameType(target)) {
        casts.add(column.getField(variant.name()));
      }
    }
    if (casts.isEmpty()) {
      return functions.lit(null).cast(target);
    }
    return functions.coalesce(casts.toArray(Column[]::new)).cast(target);
  }

  private static String kindOf(String typeName) {
    if (typeName.equals("struct") || typeName.equals("array")) {
      return typeName;
    }
    DataType type = DataType.fromDDL(typeName);
    if (type instanceof IntegralType) {
      return "long";
    }
    if (type instanceof FractionalType || type instanceof org.apache.spark.sql.types.DecimalType) {
      return "double";
    }
    if (type instanceof BooleanType) {
      return "boolean";
    }
    if (type instanceof StringType) {
      return "string";
    }
    return type.typeName();
  }
}
