package io.cairn.findmatches;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;

/**
 * An ML task run as the server describes it in {@code <task-dir>/task.json} (the task-run contract
 * in this module's README). Paths {@code labels} and {@code model} are relative to the task
 * directory; absent optional fields are empty.
 */
record TaskDefinition(
    String taskRunId,
    TaskType taskType,
    String transformId,
    MatchingParameters parameters,
    TableName input,
    Optional<URI> thriftUri,
    String sparkMaster,
    Optional<String> sparkExecutorMemory,
    Optional<Integer> sparkCores,
    Optional<String> labels,
    Optional<String> model,
    Optional<String> inputPath,
    boolean replaceAllLabels,
    Optional<String> outputPath,
    Optional<TableName> output,
    Optional<TableName> incrementalInput,
    boolean matchConfidence) {

  enum TaskType {
    LABELING_SET_GENERATION,
    IMPORT_LABELS,
    EXPORT_LABELS,
    EVALUATION,
    FIND_MATCHES,
    FIND_INCREMENTAL_MATCHES
  }

  /** A catalog table. */
  record TableName(String database, String table) {
    TableName {
      requireNonNull(database, "database is null");
      requireNonNull(table, "table is null");
    }

    /** Backquoted for Spark SQL, so no name is read as SQL. */
    String quoted() {
      return "`" + database.replace("`", "``") + "`.`" + table.replace("`", "``") + "`";
    }
  }

  /** Thrown for a task.json that breaks the contract (the runner's exit code 2). */
  static final class InvalidTaskException extends RuntimeException {
    InvalidTaskException(String message) {
      super(message);
    }
  }

  static TaskDefinition parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new InvalidTaskException("task.json is not a JSON object");
    }
    TaskType type;
    String typeName = requiredText(json, "taskType");
    try {
      type = TaskType.valueOf(typeName);
    } catch (IllegalArgumentException e) {
      throw new InvalidTaskException("unknown taskType " + typeName);
    }
    JsonNode transform = json.path("transform");
    if (!transform.isObject()) {
      throw new InvalidTaskException("task.json has no transform object");
    }
    MatchingParameters parameters;
    try {
      parameters =
          new MatchingParameters(
              requiredText(transform, "primaryKeyColumnName"),
              number(transform, "precisionRecallTradeoff", 0.5),
              number(transform, "accuracyCostTradeoff", 0.5),
              transform.path("enforceProvidedLabels").asBoolean(false));
    } catch (IllegalArgumentException e) {
      throw new InvalidTaskException(e.getMessage());
    }
    TableName input =
        table(transform.path("input"))
            .orElseThrow(
                () -> new InvalidTaskException("transform.input needs database and table"));
    TaskDefinition task =
        new TaskDefinition(
            optionalText(json, "taskRunId").orElse("task"),
            type,
            optionalText(transform, "transformId").orElse(""),
            parameters,
            input,
            optionalText(json.path("catalog"), "thriftUri").map(URI::create),
            optionalText(json, "sparkMaster").orElse("local[*]"),
            optionalText(json, "sparkExecutorMemory"),
            json.path("sparkCores").isInt()
                ? Optional.of(json.path("sparkCores").asInt())
                : Optional.empty(),
            optionalText(json, "labels"),
            optionalText(json, "model"),
            optionalText(json, "inputPath"),
            json.path("replaceAllLabels").asBoolean(false),
            optionalText(json, "outputPath"),
            table(json.path("output")),
            table(json.path("incrementalInput")),
            json.path("matchConfidence").asBoolean(false));
    switch (type) {
      case IMPORT_LABELS -> require(task.inputPath.isPresent(), "IMPORT_LABELS needs inputPath");
      case LABELING_SET_GENERATION, EXPORT_LABELS ->
          require(task.outputPath.isPresent(), type + " needs outputPath");
      case FIND_MATCHES -> require(task.output.isPresent(), "FIND_MATCHES needs output");
      case FIND_INCREMENTAL_MATCHES -> {
        require(task.output.isPresent(), "FIND_INCREMENTAL_MATCHES needs output");
        require(
            task.incrementalInput.isPresent(), "FIND_INCREMENTAL_MATCHES needs incrementalInput");
      }
      case EVALUATION -> {}
    }
    return task;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new InvalidTaskException(message);
    }
  }

  private static Optional<TableName> table(JsonNode node) {
    Optional<String> database = optionalText(node, "database");
    Optional<String> table = optionalText(node, "table");
    if (database.isPresent() && table.isPresent()) {
      return Optional.of(new TableName(database.get(), table.get()));
    }
    if (database.isPresent() || table.isPresent()) {
      throw new InvalidTaskException("a table needs both database and table");
    }
    return Optional.empty();
  }

  private static String requiredText(JsonNode node, String field) {
    return optionalText(node, field)
        .orElseThrow(() -> new InvalidTaskException("task.json lacks " + field));
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isBlank()
        ? Optional.of(value.asText())
        : Optional.empty();
  }

  private static double number(JsonNode node, String field, double fallback) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return fallback;
    }
    if (!value.isNumber()) {
      throw new InvalidTaskException(field + " is not a number");
    }
    return value.asDouble();
  }
}
