package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.etl.CustomTransformFunction;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Custom visual transforms as Glue Studio defines them, from a folder: each {@code *.json} file is
 * a manifest ({@code name}, {@code displayName}, {@code description}, {@code functionName}, {@code
 * parameters}); {@code functionName} is the binary name of a {@link CustomTransformFunction} class
 * in one of the folder's {@code *.jar} files. The node type is the manifest's {@code name} (a
 * DynamicTransform with that TransformName).
 */
public final class CustomTransforms {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> TYPES = Set.of("str", "int", "float", "complex", "bool", "list");

  private CustomTransforms() {}

  /**
   * The transforms of {@code folder}; a manifest that is malformed or whose class cannot be loaded
   * fails the whole load, naming the file, so that no job runs with a half-loaded library.
   */
  public static List<Transform> load(Path folder, ClassLoader parent) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("custom transforms folder " + folder + " is not a folder");
    }
    List<Path> manifests;
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> all = files.sorted().toList();
      manifests = all.stream().filter(file -> file.toString().endsWith(".json")).toList();
      for (Path jar : all.stream().filter(file -> file.toString().endsWith(".jar")).toList()) {
        jars.add(jar.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    // Lives as long as the transforms: their classes are loaded from it during the run.
    ClassLoader classLoader = new URLClassLoader(jars.toArray(URL[]::new), parent);
    List<Transform> transforms = new ArrayList<>();
    for (Path file : manifests) {
      transforms.add(transform(file, classLoader, jars));
    }
    return List.copyOf(transforms);
  }

  private static Transform transform(Path file, ClassLoader classLoader, List<URL> jars) {
    JsonNode manifest;
    try {
      manifest = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "custom transform " + file + " is not JSON: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    String name = Configurations.requiredText(manifest, "name", problems);
    if (name != null && !IDENTIFIER.matcher(name).matches()) {
      problems.add(
          "name must be an identifier (a letter or _, then letters, digits or _): " + name);
    }
    String functionName = Configurations.requiredText(manifest, "functionName", problems);
    List<Parameter> parameters = parameters(manifest.get("parameters"), problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "custom transform " + file + ": " + String.join("; ", problems));
    }
    CustomTransformFunction function;
    try {
      Class<?> type = Class.forName(functionName, true, classLoader);
      if (!CustomTransformFunction.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(
            "custom transform "
                + file
                + ": "
                + functionName
                + " does not implement "
                + CustomTransformFunction.class.getName());
      }
      function = (CustomTransformFunction) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalArgumentException(
          "custom transform " + file + ": cannot load " + functionName + " from " + jars + ": " + e,
          e);
    }
    return new CustomTransform(name, parameters, function, jars);
  }

  private static List<Parameter> parameters(JsonNode node, List<String> problems) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      problems.add("parameters must be a list");
      return List.of();
    }
    List<Parameter> parameters = new ArrayList<>();
    for (JsonNode parameter : node) {
      String name = Configurations.requiredText(parameter, "name", problems);
      String type = Configurations.requiredText(parameter, "type", problems);
      if (type != null && !TYPES.contains(type)) {
        problems.add("parameter " + name + ": type must be one of " + TYPES + ", not " + type);
      }
      String listType = Configurations.optionalText(parameter, "listType", problems);
      if (listType != null && (!TYPES.contains(listType) || listType.equals("list"))) {
        problems.add("parameter " + name + ": listType must be str, int, float, complex or bool");
      }
      String rule = Configurations.optionalText(parameter, "validationRule", problems);
      Pattern pattern = null;
      if (rule != null) {
        try {
          pattern = Pattern.compile(rule);
        } catch (PatternSyntaxException e) {
          problems.add("parameter " + name + ": validationRule is not a regular expression");
        }
      }
      String message = Configurations.optionalText(parameter, "validationMessage", problems);
      boolean optional = parameter.path("isOptional").asBoolean(false);
      if (name != null && type != null) {
        parameters.add(
            new Parameter(
                name,
                type,
                listType == null ? "str" : listType,
                optional,
                pattern,
                message == null ? "does not match " + rule : message));
      }
    }
    return List.copyOf(parameters);
  }

  /** One parameter of a manifest; {@code rule} is null when it has no validationRule. */
  private record Parameter(
      String name, String type, String listType, boolean optional, Pattern rule, String message) {}

  private static final class CustomTransform implements Transform {
    private final String name;
    private final List<Parameter> parameters;
    private final CustomTransformFunction function;
    private final List<URL> jars;

    CustomTransform(
        String name, List<Parameter> parameters, CustomTransformFunction function, List<URL> jars) {
      this.name = name;
      this.parameters = parameters;
      this.function = function;
      this.jars = jars;
    }

    @Override
    public String type() {
      return name;
    }

    @Override
    public List<String> validate(JsonNode configuration) {
      List<String> problems = new ArrayList<>();
      values(configuration, problems);
      return problems;
    }

    @Override
    public List<Dataset<Row>> apply(
        TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration) {
      List<String> problems = new ArrayList<>();
      Map<String, Object> values = values(configuration, problems);
      Configurations.requireValid(name, problems);
      Configurations.requireInputs(name, inputs, 1);
      // Executors of a cluster load the function's classes (its UDFs, say) from these jars.
      jars.forEach(jar -> context.spark().sparkContext().addJar(jar.toString()));
      Dataset<Row> output = function.apply(context, inputs.get(0), Map.copyOf(values));
      if (output == null) {
        throw new IllegalStateException(name + " returned no output");
      }
      return List.of(output);
    }

    private Map<String, Object> values(JsonNode configuration, List<String> problems) {
      DynamicTransformParameters given = DynamicTransformParameters.of(configuration, problems);
      Map<String, Object> values = new LinkedHashMap<>();
      for (String unknown : given.names()) {
        if (parameters.stream().noneMatch(parameter -> parameter.name().equals(unknown))) {
          problems.add("parameter " + unknown + " is not in the manifest of " + name);
        }
      }
      for (Parameter parameter : parameters) {
        String text = given.optional(parameter.name());
        if (text == null || text.isEmpty()) {
          if (!parameter.optional()) {
            problems.add("parameter " + parameter.name() + " is required");
          }
          continue;
        }
        if (parameter.type().equals("list")) {
          List<Object> items = new ArrayList<>();
          for (String item : given.list(parameter.name(), problems, false)) {
            items.add(value(parameter, parameter.listType(), item, problems));
          }
          values.put(parameter.name(), items);
        } else {
          values.put(parameter.name(), value(parameter, parameter.type(), text, problems));
        }
      }
      return values;
    }

    private static Object value(
        Parameter parameter, String type, String text, List<String> problems) {
      if (parameter.rule() != null && !parameter.rule().matcher(text).find()) {
        problems.add("parameter " + parameter.name() + ": " + parameter.message());
      }
      try {
        return switch (type) {
          case "int" -> Long.parseLong(text.trim());
          case "float" -> Double.parseDouble(text.trim());
          case "bool" -> {
            if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
              throw new IllegalArgumentException();
            }
            yield Boolean.parseBoolean(text);
          }
          case "complex" -> JSON.readTree(text);
          default -> text;
        };
      } catch (IllegalArgumentException | IOException e) {
        problems.add("parameter " + parameter.name() + " is not a " + type + ": " + text);
        return null;
      }
    }
  }
}
