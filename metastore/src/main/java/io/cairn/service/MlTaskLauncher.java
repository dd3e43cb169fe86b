package io.cairn.service;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.Column;
import io.cairn.catalog.FindMatchesMetrics;
import io.cairn.catalog.MlTaskRun;
import io.cairn.catalog.MlTransform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Launches one ML task run as its own JVM: {@code <java> <options> -cp <class path> <main class>
 * <task dir>}, with stdout and stderr both in {@code <task dir>/task.log}. A run's directory is
 * {@code <tasks directory>/<task run id>}.
 *
 * <p>The server and the runner talk through the task directory only (the contract in the README's
 * "FindMatches (ML transforms)"): the server writes {@code task.json} and the transform's labels
 * ({@code labels.csv}) and model ({@code model/}); the runner writes {@code result.json} and, when
 * they changed, {@code labels-out.csv} and {@code model-out/}. Once the server stored those in the
 * catalog database it deletes every copy of labels and model from the directory, keeping the log.
 */
public final class MlTaskLauncher {
  static final String TASK_FILE = "task.json";
  static final String LOG_FILE = "task.log";
  static final String RESULT_FILE = "result.json";
  static final String LABELS_FILE = "labels.csv";
  static final String MODEL_DIRECTORY = "model";
  static final String LABELS_OUTPUT_FILE = "labels-out.csv";
  static final String MODEL_OUTPUT_DIRECTORY = "model-out";

  /** Glue's default MaxCapacity of a transform without a WorkerType: 10 DPUs. */
  public static final double DEFAULT_MAX_CAPACITY = 10.0;

  /** vCPUs and memory (GB) of one worker of each Glue WorkerType; a DPU is a G.1X worker. */
  private static final Map<String, int[]> WORKERS =
      Map.of(
          "Standard", new int[] {4, 16},
          "G.025X", new int[] {2, 4},
          "G.1X", new int[] {4, 16},
          "G.2X", new int[] {8, 32},
          "G.4X", new int[] {16, 64},
          "G.8X", new int[] {32, 128},
          "Z.2X", new int[] {8, 64});

  private final List<String> javaCommand;
  private final String classPath;
  private final String mainClass;
  private final String sparkMaster;
  private final Path tasksDirectory;
  private final ObjectMapper json = new ObjectMapper();
  private volatile JobLauncher.Endpoints endpoints;

  public MlTaskLauncher(
      String java,
      List<String> javaOptions,
      String classPath,
      String mainClass,
      String sparkMaster,
      Path tasksDirectory) {
    List<String> command = new ArrayList<>();
    command.add(requireNonNull(java, "java is null"));
    command.addAll(javaOptions);
    this.javaCommand = List.copyOf(command);
    this.classPath = requireNonNull(classPath, "classPath is null");
    this.mainClass = requireNonNull(mainClass, "mainClass is null");
    this.sparkMaster = requireNonNull(sparkMaster, "sparkMaster is null");
    this.tasksDirectory = requireNonNull(tasksDirectory, "tasksDirectory is null");
  }

  /** Set once the server listens (its ports are known only then); runs launch after it. */
  public void serverStarted(JobLauncher.Endpoints endpoints) {
    this.endpoints = requireNonNull(endpoints, "endpoints is null");
  }

  /** The WorkerTypes Glue knows. */
  public static Set<String> workerTypes() {
    return WORKERS.keySet();
  }

  /** The runner's plain copy of the labels it exports (see TaskRunner). */
  private static final String LABELS_EXPORT_FILE = "labels-export.csv";

  Path taskDirectory(String taskRunId) {
    return tasksDirectory.resolve(taskRunId);
  }

  public Path logFile(String taskRunId) {
    return taskDirectory(taskRunId).resolve(LOG_FILE);
  }

  /**
   * The Spark resources of a transform's task runs: {@code NumberOfWorkers} workers of {@code
   * WorkerType} are that many times its vCPUs as Spark cores, each executor with one worker's
   * memory; {@code MaxCapacity} DPUs (a DPU being 4 vCPUs and 16 GB) are 4 cores per DPU with 16 GB
   * executors.
   */
  static SparkResources sparkResources(MlTransform transform) {
    if (transform.workerType() != null && transform.numberOfWorkers() != null) {
      int[] worker = WORKERS.getOrDefault(transform.workerType(), WORKERS.get("G.1X"));
      return new SparkResources(transform.numberOfWorkers() * worker[0], worker[1] + "g");
    }
    double capacity =
        transform.maxCapacity() == null ? DEFAULT_MAX_CAPACITY : transform.maxCapacity();
    return new SparkResources((int) Math.max(1, Math.ceil(capacity * 4)), "16g");
  }

  record SparkResources(int cores, String executorMemory) {}

  /**
   * Writes the run's task directory (task file, labels, model) and starts its JVM.
   *
   * @param labels the transform's labels file; null when it has none
   * @param model the transform's model directory as a zip file; null when it has none
   */
  Process launch(MlTaskRun run, MlTransform transform, byte[] labels, byte[] model)
      throws IOException {
    JobLauncher.Endpoints server = endpoints;
    if (server == null) {
      throw new IllegalStateException("the server's endpoints are not known yet");
    }
    Path directory = taskDirectory(run.taskRunId());
    Files.createDirectories(directory);
    if (labels != null) {
      Files.write(directory.resolve(LABELS_FILE), labels);
    }
    if (model != null) {
      unzip(model, directory.resolve(MODEL_DIRECTORY));
    }
    Files.writeString(
        directory.resolve(TASK_FILE),
        json.writerWithDefaultPrettyPrinter()
            .writeValueAsString(taskFile(run, transform, server, labels != null, model != null)),
        StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>(javaCommand);
    command.addAll(List.of("-cp", classPath, mainClass, directory.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(run.taskRunId()).toFile()));
    // Keeps Spark's driver and block manager on loopback instead of the host's address.
    builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    process.getOutputStream().close();
    return process;
  }

  private ObjectNode taskFile(
      MlTaskRun run,
      MlTransform transform,
      JobLauncher.Endpoints server,
      boolean hasLabels,
      boolean hasModel) {
    ObjectNode task = json.createObjectNode();
    task.put("taskRunId", run.taskRunId());
    task.put("taskType", run.taskType().name());
    ObjectNode definition = task.putObject("transform");
    definition.put("transformId", transform.transformId());
    definition.put("name", transform.name());
    definition.put("primaryKeyColumnName", transform.primaryKeyColumnName());
    definition.put(
        "precisionRecallTradeoff",
        transform.precisionRecallTradeoff() == null ? 0.5 : transform.precisionRecallTradeoff());
    definition.put(
        "accuracyCostTradeoff",
        transform.accuracyCostTradeoff() == null ? 0.5 : transform.accuracyCostTradeoff());
    definition.put(
        "enforceProvidedLabels",
        transform.enforceProvidedLabels() != null && transform.enforceProvidedLabels());
    MlTransform.InputTable input = transform.inputTables().get(0);
    Map<String, String> properties = run.properties();
    // An incremental run matches new records against an already matched table: the one it names,
    // else the transform's input table.
    definition
        .putObject("input")
        .put("database", properties.getOrDefault("matchedDatabase", input.databaseName()))
        .put("table", properties.getOrDefault("matchedTable", input.tableName()));
    task.putObject("catalog")
        .put("thriftUri", server.thrift().toString())
        .put("glueUri", server.http().toString().replaceAll("/$", ""))
        .put("icebergUri", server.http().resolve("/iceberg").toString());
    SparkResources resources = sparkResources(transform);
    task.put("sparkMaster", sparkMaster);
    task.put("sparkExecutorMemory", resources.executorMemory());
    task.put("sparkCores", resources.cores());
    task.put("labels", hasLabels ? LABELS_FILE : null);
    task.put("model", hasModel ? MODEL_DIRECTORY : null);
    task.put("inputPath", properties.get("inputPath"));
    task.put("replaceAllLabels", Boolean.parseBoolean(properties.get("replaceAllLabels")));
    task.put("outputPath", properties.get("outputPath"));
    if (properties.containsKey("outputTable")) {
      task.putObject("output")
          .put("database", properties.get("outputDatabase"))
          .put("table", properties.get("outputTable"));
    } else {
      task.putNull("output");
    }
    if (properties.containsKey("incrementalTable")) {
      task.putObject("incrementalInput")
          .put("database", properties.get("incrementalDatabase"))
          .put("table", properties.get("incrementalTable"));
    } else {
      task.putNull("incrementalInput");
    }
    task.put("matchConfidence", Boolean.parseBoolean(properties.get("matchConfidence")));
    return task;
  }

  /** What the runner wrote in {@code result.json}; null members when it did not say. */
  record TaskResult(
      String status,
      String error,
      Long labelCount,
      FindMatchesMetrics evaluationMetrics,
      List<Column> schema) {}

  /** The run's result.json; null when the runner wrote none (or nothing readable). */
  TaskResult readResult(String taskRunId) {
    Path file = taskDirectory(taskRunId).resolve(RESULT_FILE);
    JsonNode result;
    try {
      result = json.readTree(file.toFile());
    } catch (IOException e) {
      return null;
    }
    if (result == null || !result.isObject()) {
      return null;
    }
    List<Column> schema = null;
    if (result.path("schema").isArray()) {
      schema = new ArrayList<>();
      for (JsonNode column : result.get("schema")) {
        if (column.hasNonNull("name")) {
          schema.add(
              new Column(column.get("name").asText(), column.path("dataType").asText("string")));
        }
      }
    }
    return new TaskResult(
        text(result, "status"),
        text(result, "error"),
        result.hasNonNull("labelCount") ? result.get("labelCount").asLong() : null,
        metrics(result.path("evaluationMetrics").path("findMatchesMetrics")),
        schema);
  }

  private static FindMatchesMetrics metrics(JsonNode metrics) {
    if (!metrics.isObject()) {
      return null;
    }
    JsonNode confusion = metrics.path("confusionMatrix");
    List<FindMatchesMetrics.ColumnImportance> importances = new ArrayList<>();
    for (JsonNode column : metrics.path("columnImportances")) {
      importances.add(
          new FindMatchesMetrics.ColumnImportance(
              text(column, "columnName"), number(column, "importance")));
    }
    return new FindMatchesMetrics(
        number(metrics, "areaUnderPRCurve"),
        number(metrics, "precision"),
        number(metrics, "recall"),
        number(metrics, "f1"),
        count(confusion, "numTruePositives"),
        count(confusion, "numFalsePositives"),
        count(confusion, "numTrueNegatives"),
        count(confusion, "numFalseNegatives"),
        importances);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Double number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isNumber() ? null : value.doubleValue();
  }

  private static Long count(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isNumber() ? null : value.longValue();
  }

  /** The last line the run printed that is not a progress line; null for none. */
  String lastLogLine(String taskRunId) {
    try (Stream<String> lines = Files.lines(logFile(taskRunId), StandardCharsets.UTF_8)) {
      return lines
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("progress:"))
          .reduce((first, second) -> second)
          .orElse(null);
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  /** The run's new label set ({@code labels-out.csv}); null when it wrote none. */
  byte[] labelsOutput(String taskRunId) throws IOException {
    Path file = taskDirectory(taskRunId).resolve(LABELS_OUTPUT_FILE);
    return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
  }

  /** The run's trained model ({@code model-out/}) as a zip file; null when it wrote none. */
  byte[] modelOutput(String taskRunId) throws IOException {
    Path directory = taskDirectory(taskRunId).resolve(MODEL_OUTPUT_DIRECTORY);
    return Files.isDirectory(directory) ? zip(directory) : null;
  }

  /** Deletes the plain copies of labels and model from the run's directory; the log stays. */
  void deletePlainCopies(String taskRunId) {
    Path directory = taskDirectory(taskRunId);
    for (String name :
        List.of(
            LABELS_FILE,
            MODEL_DIRECTORY,
            LABELS_OUTPUT_FILE,
            MODEL_OUTPUT_DIRECTORY,
            LABELS_EXPORT_FILE)) {
      deleteRecursively(directory.resolve(name));
    }
  }

  /**
   * Deletes the plain copies that runs cut short by this server's death left behind; called at
   * start-up, before this server launches any run.
   */
  void deleteLeftPlainCopies() {
    if (!Files.isDirectory(tasksDirectory)) {
      return;
    }
    try (Stream<Path> directories = Files.list(tasksDirectory)) {
      for (Path directory : directories.filter(Files::isDirectory).toList()) {
        deletePlainCopies(directory.getFileName().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + tasksDirectory, e);
    }
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(each);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  /** A directory as a zip file: its regular files by their relative paths ('/'-separated). */
  static byte[] zip(Path directory) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes);
        Stream<Path> paths = Files.walk(directory)) {
      for (Path file : paths.filter(Files::isRegularFile).sorted().toList()) {
        String name = directory.relativize(file).toString().replace('\\', '/');
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** Unpacks a zip file made by {@link #zip} into {@code directory}; no entry leaves it. */
  static void unzip(byte[] content, Path directory) throws IOException {
    Files.createDirectories(directory);
    Path root = directory.toAbsolutePath().normalize();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("the stored model has an entry outside its directory: " + entry);
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          copy(zip, target);
        }
      }
    }
  }

  private static void copy(InputStream input, Path target) throws IOException {
    Files.write(target, input.readAllBytes());
  }
}
