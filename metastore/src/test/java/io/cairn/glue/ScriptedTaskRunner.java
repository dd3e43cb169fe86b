package io.cairn.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An ML task runner for tests, launched by the server in place of etl-runner's FindMatches
 * TaskRunner with the same contract ({@code <task dir>} with task.json in, result.json,
 * labels-out.csv and model-out/ out, exit codes 0, 1 and 2): it does each task deterministically
 * without Spark. Labels are merged and copied as files, the "model" is a text file naming the
 * labels it was trained on (and a nested file, so that the model is a real directory), evaluation
 * metrics are figures of the label count. A path containing {@code sleep} makes it sleep ten
 * minutes, {@code fail} makes it report a failure in result.json, {@code invalid} makes it refuse
 * the task (exit code 2), {@code crash} makes it die with a last line on stderr and no result.
 */
public final class ScriptedTaskRunner {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScriptedTaskRunner() {}

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    JsonNode task = JSON.readTree(directory.resolve("task.json").toFile());
    String type = task.path("taskType").asText();
    String key = task.path("transform").path("primaryKeyColumnName").asText("");
    if (key.isEmpty() || !task.path("taskRunId").asText().startsWith("tsk-")) {
      result(directory, "FAILED", "task.json has no primary key column or task run id", null);
      System.exit(2);
    }
    System.err.println("progress: starting " + type);
    System.out.println("task " + task);
    Path labels = task.hasNonNull("labels") ? directory.resolve(task.get("labels").asText()) : null;
    Path model = task.hasNonNull("model") ? directory.resolve(task.get("model").asText()) : null;
    if (model != null) {
      System.out.println("model-in: " + Files.readString(model.resolve("model.txt")));
    }
    String path =
        task.hasNonNull("inputPath")
            ? task.get("inputPath").asText()
            : task.path("outputPath").asText("");
    if (path.contains("sleep")) {
      // A run that goes on until the test cancels it or its timeout kills it.
      Thread.sleep(600_000);
    }
    if (path.contains("fail")) {
      result(directory, "FAILED", "first reason\nthe labels file " + path + " is not CSV", null);
      System.exit(1);
    }
    if (path.contains("invalid")) {
      result(directory, "FAILED", "the output path " + path + " is not writable", null);
      System.exit(2);
    }
    if (path.contains("crash")) {
      System.err.println("boom: the runner crashed");
      System.exit(1);
    }
    ObjectNode result = JSON.createObjectNode();
    switch (type) {
      case "LABELING_SET_GENERATION" ->
          Files.writeString(file(path), "labeling_set_id,label," + key + "\nset-1,,1\nset-1,,2\n");
      case "IMPORT_LABELS" -> {
        List<String> rows = new ArrayList<>();
        if (labels != null && !task.path("replaceAllLabels").asBoolean()) {
          rows.addAll(records(labels));
        }
        rows.addAll(records(file(path)));
        Files.writeString(
            directory.resolve("labels-out.csv"),
            "labeling_set_id,label," + key + "\n" + String.join("\n", rows) + "\n");
        result.put("labelCount", rows.size());
      }
      case "EXPORT_LABELS" -> Files.copy(labels, file(path));
      case "EVALUATION", "FIND_MATCHES", "FIND_INCREMENTAL_MATCHES" -> {
        int count = records(labels).size();
        if (model == null) {
          Path trained = directory.resolve("model-out");
          Files.createDirectories(trained.resolve("weights"));
          Files.writeString(trained.resolve("model.txt"), "trained on " + count + " labels");
          Files.write(
              trained.resolve("weights").resolve("w.bin"), new byte[] {0, 1, 2, (byte) 255});
        }
        if (type.equals("EVALUATION")) {
          ObjectNode metrics =
              result.putObject("evaluationMetrics").putObject("findMatchesMetrics");
          metrics.put("areaUnderPRCurve", 0.9).put("precision", 0.8).put("recall", 0.7);
          metrics.put("f1", 0.75);
          metrics
              .putObject("confusionMatrix")
              .put("numTruePositives", count)
              .put("numFalsePositives", 1)
              .put("numTrueNegatives", 10)
              .put("numFalseNegatives", 2);
          metrics
              .putArray("columnImportances")
              .addObject()
              .put("columnName", "name")
              .put("importance", 0.6);
        } else {
          result.put("recordsProcessed", 2);
          System.err.println("progress: matched 2 records into " + task.path("output"));
        }
      }
      default -> {
        result(directory, "FAILED", "unknown task type " + type, null);
        System.exit(2);
      }
    }
    result(directory, "SUCCEEDED", null, result);
    System.err.println("progress: done");
    System.exit(0);
  }

  private static Path file(String path) {
    return path.startsWith("file:") ? Path.of(URI.create(path)) : Path.of(path);
  }

  private static List<String> records(Path csv) throws Exception {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    return lines.subList(1, lines.size()).stream().filter(line -> !line.isBlank()).toList();
  }

  private static void result(Path directory, String status, String error, ObjectNode figures)
      throws Exception {
    ObjectNode result = figures == null ? JSON.createObjectNode() : figures;
    result.put("status", status);
    result.put("error", error);
    ArrayNode schema = result.putArray("schema");
    schema.addObject().put("name", "id").put("dataType", "int");
    schema.addObject().put("name", "name").put("dataType", "string");
    Files.writeString(directory.resolve("result.json"), result.toString());
  }
}
