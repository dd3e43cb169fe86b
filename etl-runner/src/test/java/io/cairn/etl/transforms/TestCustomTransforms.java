package io.cairn.etl.transforms;

import static io.cairn.etl.transforms.LocalSpark.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import io.cairn.etl.job.JobDefinitionException;
import io.cairn.etl.job.JobGraph;
import io.cairn.etl.job.NodeTypes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestCustomTransforms {
  private static final String SOURCE =
      """
      package example;

      import io.cairn.etl.CustomTransformFunction;
      import io.cairn.etl.TransformContext;
      import java.util.List;
      import java.util.Map;
      import org.apache.spark.sql.Dataset;
      import org.apache.spark.sql.Row;
      import org.apache.spark.sql.functions;

      public final class PrefixColumn implements CustomTransformFunction {
        @Override
        public Dataset<Row> apply(
            TransformContext context, Dataset<Row> input, Map<String, Object> parameters) {
          long times = (Long) parameters.getOrDefault("times", 1L);
          String prefix = ((String) parameters.get("prefix")).repeat((int) times);
          Dataset<Row> output = input;
          for (Object column : (List<?>) parameters.get("columns")) {
            output =
                output.withColumn(
                    (String) column,
                    functions.concat(functions.lit(prefix), functions.col((String) column)));
          }
          return output;
        }
      }
      """;

  private static final String MANIFEST =
      """
      {"name": "custom_prefix", "displayName": "Prefix columns",
       "description": "Writes a prefix before the text of columns",
       "functionName": "example.PrefixColumn",
       "parameters": [
         {"name": "prefix", "displayName": "Prefix", "type": "str",
          "validationRule": "^[a-z]+$", "validationMessage": "use lower-case letters only"},
         {"name": "times", "type": "int", "isOptional": true},
         {"name": "columns", "type": "list", "listType": "str"}
       ]}
      """;

  private static SparkSession spark;
  private static TransformContext context;
  @TempDir static Path folder;

  @BeforeAll
  static void start() throws IOException {
    spark = LocalSpark.start();
    context = LocalSpark.context(spark, Instant.parse("2024-05-01T10:00:00Z"));
    writeJar(folder.resolve("prefix.jar"), compile(folder.resolve("build")));
    Files.writeString(folder.resolve("prefix.json"), MANIFEST);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Compiles {@link #SOURCE} against the test's class path; returns its classes folder. */
  private static Path compile(Path build) throws IOException {
    Path sources = Files.createDirectories(build.resolve("src/example"));
    Path classes = Files.createDirectories(build.resolve("classes"));
    Path source = Files.writeString(sources.resolve("PrefixColumn.java"), SOURCE);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int status =
        compiler.run(
            null,
            null,
            null,
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            source.toString());
    assertThat(status).as("javac exit status").isZero();
    return classes;
  }

  private static void writeJar(Path jar, Path classes) throws IOException {
    Path classFile = classes.resolve("example/PrefixColumn.class");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new ZipEntry("example/PrefixColumn.class"));
      out.write(Files.readAllBytes(classFile));
      out.closeEntry();
    }
  }

  private static Transform prefixTransform() {
    return NodeTypes.load(TestCustomTransforms.class.getClassLoader(), folder)
        .transform("custom_prefix")
        .orElseThrow();
  }

  @Test
  void aManifestAndItsJarFromTheFolderRunAsADynamicTransform() {
    Dataset<Row> input = spark.createDataset(List.of("ana", "bo"), Encoders.STRING()).toDF("name");

    List<Dataset<Row>> outputs =
        prefixTransform()
            .apply(
                context,
                List.of(input),
                json(
                    "{'Parameters': [{'Name': 'prefix', 'Value': ['x']}, {'Name': 'times',"
                        + " 'Value': ['2']}, {'Name': 'columns', 'Value': ['name']}]}"));

    assertThat(outputs.get(0).as(Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrder("xxana", "xxbo");
  }

  @Test
  void parametersAreCheckedAgainstTheManifestWhenTheJobIsParsed() {
    NodeTypes types = NodeTypes.load(TestCustomTransforms.class.getClassLoader(), folder);
    String job =
        """
        {"source": {"S3CsvSource": {"Name": "people", "Paths": ["/tmp/none"], "Separator": "comma"}},
         "prefix": {"DynamicTransform": {"Name": "prefix", "TransformName": "custom_prefix",
           "Inputs": ["source"],
           "Parameters": [{"Name": "prefix", "Value": ["X1"]}, {"Name": "times", "Value": ["two"]},
                          {"Name": "colour", "Value": ["red"]}]}},
         "target": {"S3DirectTarget": {"Name": "out", "Inputs": ["prefix"], "Path": "/tmp/out",
           "Format": "json"}}}
        """;

    assertThatThrownBy(() -> JobGraph.parse(job, types))
        .isInstanceOf(JobDefinitionException.class)
        .satisfies(
            e ->
                assertThat(((JobDefinitionException) e).problems())
                    .contains(
                        "node prefix (custom_prefix): parameter colour is not in the manifest of"
                            + " custom_prefix",
                        "node prefix (custom_prefix): parameter prefix: use lower-case letters only",
                        "node prefix (custom_prefix): parameter times is not a int: two",
                        "node prefix (custom_prefix): parameter columns is required"));
  }

  @Test
  void aManifestWithBadFieldsFailsTheLoadNamingItsFile(@TempDir Path other) throws IOException {
    Files.writeString(
        other.resolve("bad.json"),
        "{\"name\": \"1bad\", \"parameters\": [{\"name\": \"p\", \"type\": \"text\","
            + " \"validationRule\": \"(\"}]}");

    assertThatThrownBy(() -> CustomTransforms.load(other, getClass().getClassLoader()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.json")
        .hasMessageContaining("name must be an identifier")
        .hasMessageContaining("functionName is required")
        .hasMessageContaining("type must be one of")
        .hasMessageContaining("validationRule is not a regular expression");
  }

  @Test
  void aFunctionNameThatIsNotInTheJarsFailsTheLoad(@TempDir Path other) throws IOException {
    Files.writeString(
        other.resolve("missing.json"),
        "{\"name\": \"missing\", \"functionName\": \"example.Nope\"}");

    assertThatThrownBy(() -> CustomTransforms.load(other, getClass().getClassLoader()))
        .hasMessageContaining("missing.json")
        .hasMessageContaining("cannot load example.Nope");
  }
}
