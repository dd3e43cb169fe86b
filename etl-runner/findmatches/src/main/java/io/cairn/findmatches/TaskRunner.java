package io.cairn.findmatches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.findmatches.TaskDefinition.InvalidTaskException;
import io.cairn.findmatches.TaskDefinition.TableName;
import io.cairn.findmatches.TaskDefinition.TaskType;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.types.StructField;
import scala.Option;

/**
 * Runs one ML task run of a FindMatches transform, as the server launches it: {@code java … -cp
 * <runner class path> io.cairn.findmatches.TaskRunner <task-dir>}. Reads {@code task.json}, writes
 * {@code result.json} (and {@code labels-out.csv}, {@code model-out/} where the task makes them),
 * and exits 0 when the run succeeded, 1 when it failed, 2 when the task is invalid. Progress lines
 * ({@code progress: …}) go to stderr.
 */
public final class TaskRunner {
  static final int SUCCEEDED = 0;
  static final int FAILED = 1;
  static final int INVALID = 2;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LABELING_SETS_PER_ROUND = 10;

  /**
   * Labeling and labels files as RFC 4180 CSV, as spreadsheets read and write them: a header,
   * quotes doubled inside quoted values, line breaks allowed in them.
   */
  private static final Map<String, String> STANDARD_CSV =
      Map.of("header", "true", "escape", "\"", "multiLine", "true");

  private static final int RECORDS_PER_LABELING_SET = 15;

  private final Path taskDirectory;
  private final PrintStream progress;

  TaskRunner(Path taskDirectory, PrintStream progress) {
    this.taskDirectory = taskDirectory;
    this.progress = progress;
  }

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: io.cairn.findmatches.TaskRunner <task-dir>");
      System.exit(INVALID);
    }
    int exitCode = new TaskRunner(Path.of(args[0]), System.err).run();
    System.exit(exitCode);
  }

  /** Runs the task and returns the process exit code; never throws. */
  int run() {
    TaskDefinition task;
    try {
      task = TaskDefinition.parse(JSON.readTree(taskDirectory.resolve("task.json").toFile()));
    } catch (InvalidTaskException e) {
      return finish(failure(e.getMessage()), INVALID);
    } catch (IOException | RuntimeException e) {
      return finish(failure("cannot read task.json: " + e.getMessage()), INVALID);
    }
    progress("%s %s of transform %s", task.taskType(), task.taskRunId(), task.transformId());
    // Exit code 2 means nothing ran: the task directory's files are checked before Spark starts.
    for (Optional<String> file : List.of(task.labels(), task.model())) {
      if (file.isPresent() && !Files.exists(taskDirectory.resolve(file.get()))) {
        return finish(failure(file.get() + " is not in the task directory"), INVALID);
      }
    }
    SparkSession spark = null;
    try {
      spark = session(task);
      ObjectNode result = execute(spark, task);
      result.put("status", "SUCCEEDED");
      result.putNull("error");
      return finish(result, SUCCEEDED);
    } catch (InvalidTaskException e) {
      return finish(failure(e.getMessage()), INVALID);
    } catch (Exception | Error e) {
      // Spark's AnalysisException (no such table or column) is a checked exception thrown from
      // Scala.
      e.printStackTrace(progress);
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      return finish(failure(message.lines().findFirst().orElse(message)), FAILED);
    } finally {
      if (spark != null && !keepSession) {
        spark.stop();
      }
    }
  }

  /** Tests run several tasks in one JVM and keep their session. */
  private boolean keepSession;

  TaskRunner keepingSession() {
    keepSession = true;
    return this;
  }

  private ObjectNode execute(SparkSession spark, TaskDefinition task) throws IOException {
    ObjectNode result = JSON.createObjectNode();
    result.putNull("labelCount");
    result.putNull("evaluationMetrics");
    result.putNull("recordsProcessed");
    ObjectNode details = result.putObject("details");
    Dataset<Row> input = table(spark, task.input());
    ArrayNode schema = result.putArray("schema");
    for (StructField field : input.schema().fields()) {
      schema
          .addObject()
          .put("name", field.name())
          .put("dataType", field.dataType().catalogString());
    }
    FindMatches findMatches = new FindMatches(spark, task.parameters());
    LabelsFile labelsFile = task.labels().map(this::readLabelsFile).orElse(LabelsFile.EMPTY);
    Labels labels = labelsFile.labels(spark, task.parameters().primaryKeyColumnName());
    details.put("labelledRecords", labels.size());
    try {
      switch (task.taskType()) {
        case LABELING_SET_GENERATION -> {
          Optional<MatchModel> model = usableModel(spark, findMatches, task, input, labels, false);
          progress(
              "generating labeling sets (%s)",
              model.isPresent() ? "active learning" : "first round");
          Dataset<Row> sets =
              findMatches
                  .generateLabelingSets(
                      input,
                      labels,
                      model,
                      task.taskRunId(),
                      LABELING_SETS_PER_ROUND,
                      RECORDS_PER_LABELING_SET)
                  .cache();
          long rows = sets.count();
          // ErrorIfExists: an output path that exists is refused, never emptied first.
          sets.coalesce(1)
              .write()
              .mode(SaveMode.ErrorIfExists)
              .options(STANDARD_CSV)
              .csv(task.outputPath().orElseThrow());
          details.put("labelingSetRecords", rows);
          details.put(
              "labelingSets", sets.select(Labels.LABELING_SET_ID_COLUMN).distinct().count());
          result.put("recordsProcessed", input.count());
        }
        case IMPORT_LABELS -> {
          Dataset<Row> imported =
              spark
                  .read()
                  .options(STANDARD_CSV)
                  .option("inferSchema", "false")
                  .csv(task.inputPath().orElseThrow());
          Labels importedLabels =
              Labels.fromRows(imported, task.parameters().primaryKeyColumnName());
          if (importedLabels.isEmpty()) {
            throw new IllegalArgumentException(
                "the labels file has no labelled records: " + task.inputPath().orElseThrow());
          }
          LabelsFile importedFile = LabelsFile.of(imported);
          LabelsFile all = task.replaceAllLabels() ? importedFile : labelsFile.plus(importedFile);
          all.write(taskDirectory.resolve("labels-out.csv"));
          Labels newLabels = all.labels(spark, task.parameters().primaryKeyColumnName());
          result.put("labelCount", newLabels.size());
          details.put("importedLabelledRecords", importedLabels.size());
          progress(
              "imported %d labelled records, %d in all", importedLabels.size(), newLabels.size());
        }
        case EXPORT_LABELS -> {
          if (labelsFile.rows().isEmpty()) {
            throw new IllegalArgumentException("the transform has no labels to export");
          }
          Path exported = taskDirectory.resolve("labels-export.csv");
          labelsFile.write(exported);
          spark
              .read()
              .options(STANDARD_CSV)
              .csv(exported.toAbsolutePath().toUri().toString())
              .coalesce(1)
              .write()
              .mode(SaveMode.ErrorIfExists)
              .options(STANDARD_CSV)
              .csv(task.outputPath().orElseThrow());
          result.put("labelCount", labels.size());
        }
        case EVALUATION -> {
          progress("evaluating on held-out labelled pairs (%d labelled records)", labels.size());
          FindMatches.Evaluation evaluation = findMatches.evaluate(input, labels);
          evaluation.model().save(taskDirectory.resolve("model-out"));
          result.set("evaluationMetrics", metricsJson(evaluation.metrics()));
          details.put(
              "blockingPairsCompletenessEstimate",
              evaluation.metrics().blockingPairsCompleteness());
          details.put("evaluatedPairs", evaluation.metrics().evaluatedPairs());
          details.put("endToEndRecallEstimate", evaluation.metrics().endToEndRecallEstimate());
          result.put("recordsProcessed", input.count());
        }
        case FIND_MATCHES, FIND_INCREMENTAL_MATCHES -> {
          MatchModel model =
              usableModel(spark, findMatches, task, input, labels, true).orElseThrow();
          FindMatches.MatchOutcome outcome;
          if (task.taskType() == TaskType.FIND_MATCHES) {
            progress("matching %s", task.input().quoted());
            outcome = findMatches.findMatches(input, model, labels, task.matchConfidence());
          } else {
            Dataset<Row> additions = table(spark, task.incrementalInput().orElseThrow());
            progress(
                "matching %s against %s",
                task.incrementalInput().orElseThrow().quoted(), task.input().quoted());
            outcome =
                findMatches.findIncrementalMatches(
                    input, additions, model, labels, task.matchConfidence());
          }
          writeTable(spark, outcome.matches(), task.output().orElseThrow());
          result.put("recordsProcessed", outcome.records());
          details.put("candidatePairs", outcome.candidatePairs());
          details.put("matchedPairs", outcome.matchedPairs());
          details.put("matchGroups", outcome.matchGroups());
          details.put("chainSafeguardRejections", outcome.safeguardRejections());
          details.put("labelViolations", outcome.labelViolations());
          details.put("decisionThreshold", task.parameters().decisionThreshold());
        }
      }
    } finally {
      findMatches.release();
    }
    return result;
  }

  /**
   * The transform's model if it was trained on exactly the current labels, else one trained now
   * (written to model-out/); empty when there is nothing to learn from and {@code required} is
   * false.
   */
  private Optional<MatchModel> usableModel(
      SparkSession spark,
      FindMatches findMatches,
      TaskDefinition task,
      Dataset<Row> input,
      Labels labels,
      boolean required) {
    if (task.model().isPresent()) {
      Path directory = taskDirectory.resolve(task.model().get());
      if (Files.isDirectory(directory)) {
        MatchModel model = MatchModel.load(directory);
        if (model.labelsDigest().equals(labels.digest())) {
          progress("using the transform's model");
          return Optional.of(model);
        }
        progress("the transform's model is older than its labels; training again");
      }
    }
    if (labels.isEmpty()) {
      if (required) {
        throw new IllegalArgumentException(
            "the transform has no labels: generate labeling sets, label them and import them"
                + " first");
      }
      return Optional.empty();
    }
    progress("training on %d labelled records", labels.size());
    MatchModel model;
    try {
      model = findMatches.train(input, labels);
    } catch (IllegalArgumentException e) {
      if (required) {
        throw e;
      }
      progress("no model yet: %s", e.getMessage());
      return Optional.empty();
    }
    model.save(taskDirectory.resolve("model-out"));
    return Optional.of(model);
  }

  private static Dataset<Row> table(SparkSession spark, TableName name) {
    return spark.table(name.quoted());
  }

  /**
   * Replaces the rows of the output table, or creates it (Parquet, in its database's location) when
   * the catalog has no such table.
   */
  private void writeTable(SparkSession spark, Dataset<Row> rows, TableName name) {
    TableIdentifier identifier = new TableIdentifier(name.table(), Option.apply(name.database()));
    if (spark.sessionState().catalog().tableExists(identifier)) {
      List<String> columns = List.of(spark.table(name.quoted()).columns());
      List<String> missing = new ArrayList<>();
      List<org.apache.spark.sql.Column> ordered = new ArrayList<>();
      for (String column : columns) {
        String found = null;
        for (String candidate : rows.columns()) {
          if (candidate.equalsIgnoreCase(column)) {
            found = candidate;
          }
        }
        if (found == null) {
          missing.add(column);
        } else {
          ordered.add(rows.col(found));
        }
      }
      if (!missing.isEmpty() || columns.size() != rows.columns().length) {
        throw new IllegalArgumentException(
            "the output table "
                + name.quoted()
                + " has other columns than the matches ("
                + String.join(", ", rows.columns())
                + ")");
      }
      progress("replacing the rows of %s", name.quoted());
      Dataset<Row> snapshot = rows.select(ordered.toArray(org.apache.spark.sql.Column[]::new));
      // Materialized first: the output may be the table the matches were read from.
      snapshot = snapshot.localCheckpoint(true);
      snapshot.write().mode(SaveMode.Overwrite).insertInto(name.quoted());
    } else {
      progress("creating %s", name.quoted());
      rows.write().format("parquet").saveAsTable(name.quoted());
    }
  }

  /** Spark's and Hive's scratch files stay in the task directory. */
  private SparkSession session(TaskDefinition task) {
    Path scratch = taskDirectory.resolve("scratch").toAbsolutePath();
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName("findmatches-" + task.taskRunId())
            .master(task.sparkMaster())
            .config("spark.ui.enabled", "false")
            .config("spark.local.dir", scratch.resolve("spark-local").toString())
            .config("spark.sql.warehouse.dir", scratch.resolve("warehouse").toUri().toString())
            .config("spark.hadoop.hive.exec.scratchdir", scratch.resolve("hive").toString())
            .config(
                "spark.hadoop.hive.exec.local.scratchdir", scratch.resolve("hive-local").toString())
            .config(
                "spark.hadoop.hive.downloaded.resources.dir",
                scratch.resolve("hive-resources").toString());
    if (task.thriftUri().isPresent()) {
      builder =
          builder
              .config("spark.sql.catalogImplementation", "hive")
              .config("spark.hadoop.hive.metastore.uris", task.thriftUri().get().toString())
              .config("spark.hadoop.hive.metastore.client.socket.timeout", "60s")
              .config("spark.hadoop.hive.metastore.connect.retries", "2")
              .enableHiveSupport();
    }
    if (task.sparkMaster().startsWith("local")) {
      builder = builder.config("spark.driver.host", "127.0.0.1");
    }
    if (task.sparkExecutorMemory().isPresent()) {
      builder = builder.config("spark.executor.memory", task.sparkExecutorMemory().get());
    }
    if (task.sparkCores().isPresent()) {
      builder = builder.config("spark.cores.max", task.sparkCores().get().toString());
    }
    return builder.getOrCreate();
  }

  private static ObjectNode metricsJson(FindMatchesMetrics metrics) {
    ObjectNode evaluation = JSON.createObjectNode();
    ObjectNode findMatches = evaluation.putObject("findMatchesMetrics");
    findMatches.put("areaUnderPRCurve", metrics.areaUnderPrecisionRecallCurve());
    findMatches.put("precision", metrics.precision());
    findMatches.put("recall", metrics.recall());
    findMatches.put("f1", metrics.maximumF1());
    ObjectNode confusion = findMatches.putObject("confusionMatrix");
    confusion.put("numTruePositives", metrics.truePositives());
    confusion.put("numFalsePositives", metrics.falsePositives());
    confusion.put("numTrueNegatives", metrics.trueNegatives());
    confusion.put("numFalseNegatives", metrics.falseNegatives());
    ArrayNode importances = findMatches.putArray("columnImportances");
    metrics
        .columnImportances()
        .forEach(
            (column, importance) ->
                importances.addObject().put("columnName", column).put("importance", importance));
    return evaluation;
  }

  private ObjectNode failure(String message) {
    ObjectNode result = JSON.createObjectNode();
    result.put("status", "FAILED");
    result.put("error", message);
    result.putNull("labelCount");
    result.putNull("evaluationMetrics");
    result.putNull("schema");
    result.putNull("recordsProcessed");
    result.putObject("details");
    return result;
  }

  private int finish(ObjectNode result, int exitCode) {
    try {
      Path temporary = taskDirectory.resolve("result.json.tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), result);
      Files.move(
          temporary,
          taskDirectory.resolve("result.json"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      progress.println("cannot write result.json: " + e);
      return FAILED;
    }
    if (exitCode != SUCCEEDED) {
      progress.println("error: " + result.path("error").asText());
    }
    progress("finished: %s", result.path("status").asText());
    return exitCode;
  }

  private void progress(String format, Object... arguments) {
    progress.println("progress: " + String.format(Locale.ROOT, format, arguments));
    progress.flush();
  }

  private LabelsFile readLabelsFile(String relativePath) {
    Path path = taskDirectory.resolve(relativePath);
    if (!Files.isRegularFile(path)) {
      throw new InvalidTaskException("the labels file " + relativePath + " is not in the task dir");
    }
    return LabelsFile.read(path);
  }

  /**
   * A labeling file kept as text rows (header first), so import and export keep every column of the
   * files labelled.
   */
  record LabelsFile(List<String> header, List<List<String>> rows) {
    static final LabelsFile EMPTY = new LabelsFile(List.of(), List.of());

    static LabelsFile read(Path path) {
      try {
        List<List<String>> records = Csv.parse(Files.readString(path, StandardCharsets.UTF_8));
        if (records.isEmpty()) {
          return EMPTY;
        }
        return new LabelsFile(records.get(0), records.subList(1, records.size()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    static LabelsFile of(Dataset<Row> rows) {
      List<String> header = List.of(rows.columns());
      List<List<String>> values = new ArrayList<>();
      for (Row row : rows.collectAsList()) {
        List<String> line = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
          line.add(row.isNullAt(i) ? "" : row.get(i).toString());
        }
        values.add(line);
      }
      return new LabelsFile(header, values);
    }

    /** These rows then {@code more}'s, over the union of both headers. */
    LabelsFile plus(LabelsFile more) {
      LinkedHashSet<String> columns = new LinkedHashSet<>(header);
      columns.addAll(more.header);
      List<String> union = List.copyOf(columns);
      List<List<String>> all = new ArrayList<>(realign(union));
      all.addAll(more.realign(union));
      return new LabelsFile(union, all);
    }

    private List<List<String>> realign(List<String> columns) {
      Map<String, Integer> position = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        position.put(header.get(i), i);
      }
      List<List<String>> aligned = new ArrayList<>();
      for (List<String> row : rows) {
        List<String> line = new ArrayList<>();
        for (String column : columns) {
          Integer at = position.get(column);
          line.add(at == null || at >= row.size() ? "" : row.get(at));
        }
        aligned.add(line);
      }
      return aligned;
    }

    Labels labels(SparkSession spark, String keyColumn) {
      if (rows.isEmpty()) {
        return Labels.none();
      }
      int set = indexOf(Labels.LABELING_SET_ID_COLUMN);
      int label = indexOf(Labels.LABEL_COLUMN);
      int key = indexOf(keyColumn);
      List<Labels.LabelledRecord> records = new ArrayList<>();
      for (List<String> row : rows) {
        String setId = value(row, set);
        String labelValue = value(row, label);
        String keyValue = value(row, key);
        if (!setId.isEmpty() && !labelValue.isEmpty() && !keyValue.isEmpty()) {
          records.add(new Labels.LabelledRecord(setId, labelValue, keyValue));
        }
      }
      return new Labels(records);
    }

    private int indexOf(String column) {
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).trim().equalsIgnoreCase(column)) {
          return i;
        }
      }
      throw new IllegalArgumentException("the labels have no column " + column);
    }

    private static String value(List<String> row, int index) {
      return index < row.size() && row.get(index) != null ? row.get(index).trim() : "";
    }

    void write(Path path) {
      try (Writer writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
        writer.write(Csv.line(header));
        for (List<String> row : rows) {
          writer.write(Csv.line(row));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Reads a JSON file; for tests and tools. */
  static JsonNode readJson(Path path) throws IOException {
    return JSON.readTree(path.toFile());
  }
}
