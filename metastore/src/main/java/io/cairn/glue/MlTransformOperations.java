package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.Column;
import io.cairn.catalog.FindMatchesMetrics;
import io.cairn.catalog.MlTaskRun;
import io.cairn.catalog.MlTransform;
import io.cairn.catalog.MlTransformState;
import io.cairn.service.MlTaskLauncher;
import io.cairn.service.MlTransformService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Glue's ML transform operations (FIND_MATCHES): CreateMLTransform, GetMLTransform(s),
 * ListMLTransforms, UpdateMLTransform, DeleteMLTransform, and the task runs that label, import,
 * export and evaluate (StartMLLabelingSetGenerationTaskRun, StartImportLabelsTaskRun,
 * StartExportLabelsTaskRun, StartMLEvaluationTaskRun, GetMLTaskRun(s), CancelMLTaskRun). Task runs
 * are launched by the server as their own JVMs.
 */
final class MlTransformOperations {
  static final int MAX_PAGE_SIZE = 1000;
  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_DESCRIPTION_LENGTH = 2048;
  private static final Set<String> TRANSFORM_TYPES = Set.of("FIND_MATCHES");
  private static final Set<String> ENCRYPTION_MODES = Set.of("DISABLED", "SSE-KMS");
  private static final Set<String> TRANSFORM_SORT_COLUMNS =
      Set.of("NAME", "TRANSFORM_TYPE", "STATUS", "CREATED", "LAST_MODIFIED");
  private static final Set<String> TASK_SORT_COLUMNS = Set.of("TASK_RUN_TYPE", "STATUS", "STARTED");
  private static final Set<String> SORT_DIRECTIONS = Set.of("ASCENDING", "DESCENDING");
  private static final Set<String> TASK_TYPES =
      Set.of(
          "EVALUATION",
          "LABELING_SET_GENERATION",
          "IMPORT_LABELS",
          "EXPORT_LABELS",
          "FIND_MATCHES");
  private static final Set<String> TASK_STATES =
      Set.of("STARTING", "RUNNING", "STOPPING", "STOPPED", "SUCCEEDED", "FAILED", "TIMEOUT");

  private final MlTransformService transforms;
  private final String accountId;
  private final Clock clock;

  MlTransformOperations(MlTransformService transforms, String accountId, Clock clock) {
    this.transforms = requireNonNull(transforms, "transforms is null");
    this.accountId = requireNonNull(accountId, "accountId is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  void registerWith(GlueOperations operations) {
    operations
        .register("CreateMLTransform", this::createTransform)
        .register("GetMLTransform", this::getTransform)
        .register("GetMLTransforms", this::getTransforms)
        .register("ListMLTransforms", this::listTransforms)
        .register("UpdateMLTransform", this::updateTransform)
        .register("DeleteMLTransform", this::deleteTransform)
        .register("StartMLLabelingSetGenerationTaskRun", this::startLabelingSetGeneration)
        .register("StartImportLabelsTaskRun", this::startImportLabels)
        .register("StartExportLabelsTaskRun", this::startExportLabels)
        .register("StartMLEvaluationTaskRun", this::startEvaluation)
        .register("GetMLTaskRun", this::getTaskRun)
        .register("GetMLTaskRuns", this::getTaskRuns)
        .register("CancelMLTaskRun", this::cancelTaskRun);
  }

  // Transforms

  private ObjectNode createTransform(GlueRequest request) {
    String name = request.requiredName("Name");
    List<MlTransform.InputTable> inputs = new ArrayList<>();
    List<GlueRequest> tables = request.objects("InputRecordTables", 10);
    if (tables == null) {
      throw request.invalid("InputRecordTables", null, "Member must not be null");
    }
    for (GlueRequest table : tables) {
      table.requireCatalog(accountId);
      if (table.has("ConnectionName")) {
        throw GlueException.invalidInput(
            "InputRecordTables with a ConnectionName are not supported by Cairn");
      }
      inputs.add(
          new MlTransform.InputTable(
              table.requiredName("DatabaseName"), table.requiredName("TableName")));
    }
    Parameters parameters = parameters(request.requiredObject("Parameters"));
    boolean encrypted = false;
    String kmsKeyId = null;
    GlueRequest encryption = request.object("TransformEncryption");
    if (encryption != null) {
      if (encryption.has("TaskRunSecurityConfigurationName")) {
        throw GlueException.invalidInput(
            "TransformEncryption.TaskRunSecurityConfigurationName is not supported by Cairn;"
                + " task runs are encrypted with the server's ml-transforms.encryption-key-file");
      }
      GlueRequest userData = encryption.object("MlUserDataEncryption");
      if (userData != null) {
        String mode = userData.enumValue("MlUserDataEncryptionMode", ENCRYPTION_MODES);
        if (mode == null) {
          throw userData.invalid("MlUserDataEncryptionMode", null, "Member must not be null");
        }
        encrypted = mode.equals("SSE-KMS");
        kmsKeyId = userData.name("KmsKeyId");
      }
    }
    Integer timeout = request.integer("Timeout", 1, Integer.MAX_VALUE);
    Integer maxRetries = request.integer("MaxRetries", 0, 10);
    Map<String, String> tags = request.stringMap("Tags", 50, 128, 256);
    String transformId = MlTransformService.newTransformId();
    Instant now = clock.instant();
    transforms.createTransform(
        new MlTransform(
            transformId,
            name,
            request.string("Description", 0, MAX_DESCRIPTION_LENGTH),
            inputs,
            parameters.primaryKeyColumnName(),
            parameters.precisionRecallTradeoff(),
            parameters.accuracyCostTradeoff(),
            parameters.enforceProvidedLabels(),
            request.requiredString("Role", 1, Integer.MAX_VALUE),
            request.string("GlueVersion", 1, 255),
            maxCapacity(request),
            request.enumValue("WorkerType", MlTaskLauncher.workerTypes()),
            request.integer("NumberOfWorkers", 1, Integer.MAX_VALUE),
            timeout == null ? MlTransformService.DEFAULT_TIMEOUT_MINUTES : timeout,
            maxRetries == null ? 0 : maxRetries,
            tags == null ? Map.of() : tags,
            encrypted,
            kmsKeyId,
            now,
            now,
            1));
    ObjectNode response = DatabaseOperations.empty();
    response.put("TransformId", transformId);
    return response;
  }

  private static Double maxCapacity(GlueRequest request) {
    Double capacity = request.doubleValue("MaxCapacity", 0);
    if (capacity != null && capacity.isNaN()) {
      throw request.invalid("MaxCapacity", "NaN", "Member must be a number");
    }
    return capacity;
  }

  private record Parameters(
      String primaryKeyColumnName,
      Double precisionRecallTradeoff,
      Double accuracyCostTradeoff,
      Boolean enforceProvidedLabels) {}

  private static Parameters parameters(GlueRequest parameters) {
    if (parameters.enumValue("TransformType", TRANSFORM_TYPES) == null) {
      throw parameters.invalid("TransformType", null, "Member must not be null");
    }
    GlueRequest findMatches = parameters.object("FindMatchesParameters");
    if (findMatches == null) {
      return new Parameters(null, null, null, null);
    }
    return new Parameters(
        findMatches.string("PrimaryKeyColumnName", 1, 1024),
        fraction(findMatches, "PrecisionRecallTradeoff"),
        fraction(findMatches, "AccuracyCostTradeoff"),
        findMatches.bool("EnforceProvidedLabels"));
  }

  private static Double fraction(GlueRequest request, String field) {
    Double value = request.doubleValue(field, 0.0);
    if (value != null && (value.isNaN() || value > 1.0)) {
      throw request.invalid(
          field, value.toString(), "Member must have value less than or equal to 1.0");
    }
    return value;
  }

  /** Glue's UpdateMLTransform changes the members it is given and keeps the others. */
  private ObjectNode updateTransform(GlueRequest request) {
    String transformId = request.requiredString("TransformId", 1, 255);
    MlTransform current = transforms.loadTransform(transformId);
    Parameters parameters =
        request.has("Parameters")
            ? parameters(request.requiredObject("Parameters"))
            : new Parameters(
                current.primaryKeyColumnName(),
                current.precisionRecallTradeoff(),
                current.accuracyCostTradeoff(),
                current.enforceProvidedLabels());
    boolean resources =
        request.has("MaxCapacity") || request.has("WorkerType") || request.has("NumberOfWorkers");
    Integer timeout = request.integer("Timeout", 1, Integer.MAX_VALUE);
    Integer maxRetries = request.integer("MaxRetries", 0, 10);
    String name = request.name("Name");
    String description = request.string("Description", 0, MAX_DESCRIPTION_LENGTH);
    String role = request.string("Role", 1, Integer.MAX_VALUE);
    String glueVersion = request.string("GlueVersion", 1, 255);
    Double maxCapacity = maxCapacity(request);
    String workerType = request.enumValue("WorkerType", MlTaskLauncher.workerTypes());
    Integer numberOfWorkers = request.integer("NumberOfWorkers", 1, Integer.MAX_VALUE);
    MlTransform updated =
        new MlTransform(
            transformId,
            name != null ? name : current.name(),
            request.has("Description") ? description : current.description(),
            current.inputTables(),
            parameters.primaryKeyColumnName(),
            parameters.precisionRecallTradeoff(),
            parameters.accuracyCostTradeoff(),
            parameters.enforceProvidedLabels(),
            role != null ? role : current.role(),
            glueVersion != null ? glueVersion : current.glueVersion(),
            resources ? maxCapacity : current.maxCapacity(),
            resources ? workerType : current.workerType(),
            resources ? numberOfWorkers : current.numberOfWorkers(),
            timeout != null ? timeout : current.timeoutMinutes(),
            maxRetries != null ? maxRetries : current.maxRetries(),
            current.tags(),
            current.encryptLabelsAndModel(),
            current.kmsKeyId(),
            current.creationTime(),
            current.lastModified(),
            current.version());
    transforms.updateTransform(updated, current.version());
    ObjectNode response = DatabaseOperations.empty();
    response.put("TransformId", transformId);
    return response;
  }

  private ObjectNode deleteTransform(GlueRequest request) {
    String transformId = request.requiredString("TransformId", 1, 255);
    transforms.dropTransform(transformId);
    ObjectNode response = DatabaseOperations.empty();
    response.put("TransformId", transformId);
    return response;
  }

  private ObjectNode getTransform(GlueRequest request) {
    String transformId = request.requiredString("TransformId", 1, 255);
    MlTransform transform = transforms.loadTransform(transformId);
    return toTransform(transform, transforms.loadState(transformId));
  }

  /** A transform with its state and schema, as Glue's MLTransform. */
  private record Described(MlTransform transform, MlTransformState state, List<Column> schema) {
    String status() {
      return state.labelCount() > 0 ? "READY" : "NOT_READY";
    }
  }

  /** Filter and Sort as Glue's GetMLTransforms and ListMLTransforms take them, then one page. */
  private Page<Described> select(GlueRequest request, Map<String, String> tags) {
    Predicate<Described> filter = transformFilter(request.object("Filter"));
    Comparator<Described> order = transformOrder(request.object("Sort"));
    List<Described> selected = new ArrayList<>();
    for (MlTransform transform : transforms.listTransforms()) {
      if (tags != null && !transform.tags().entrySet().containsAll(tags.entrySet())) {
        continue;
      }
      MlTransformState state = transforms.loadState(transform.transformId());
      Described described = new Described(transform, state, transforms.schema(transform, state));
      if (filter.test(described)) {
        selected.add(described);
      }
    }
    selected.sort(order);
    return page(request, selected);
  }

  private static Predicate<Described> transformFilter(GlueRequest filter) {
    if (filter == null) {
      return described -> true;
    }
    String name = filter.name("Name");
    filter.enumValue("TransformType", TRANSFORM_TYPES);
    String status = filter.enumValue("Status", Set.of("NOT_READY", "READY", "DELETING"));
    String glueVersion = filter.string("GlueVersion", 1, 255);
    Instant createdBefore = filter.timestamp("CreatedBefore");
    Instant createdAfter = filter.timestamp("CreatedAfter");
    Instant modifiedBefore = filter.timestamp("LastModifiedBefore");
    Instant modifiedAfter = filter.timestamp("LastModifiedAfter");
    List<GlueRequest> schema = filter.objects("Schema", 100);
    List<Column> columns = new ArrayList<>();
    if (schema != null) {
      for (GlueRequest column : schema) {
        columns.add(
            new Column(
                column.requiredString("Name", 1, 1024),
                or(column.string("DataType", 0, 131072), "")));
      }
    }
    return described -> {
      MlTransform transform = described.transform();
      return (name == null || transform.name().equals(name))
          && (status == null || described.status().equals(status))
          && (glueVersion == null || glueVersion.equals(transform.glueVersion()))
          && (createdBefore == null || transform.creationTime().isBefore(createdBefore))
          && (createdAfter == null || transform.creationTime().isAfter(createdAfter))
          && (modifiedBefore == null || transform.lastModified().isBefore(modifiedBefore))
          && (modifiedAfter == null || transform.lastModified().isAfter(modifiedAfter))
          && columns.stream().allMatch(column -> hasColumn(described.schema(), column));
    };
  }

  /** A filter's column matches by name (case-insensitively) and, when it has one, by type. */
  private static boolean hasColumn(List<Column> schema, Column wanted) {
    return schema.stream()
        .anyMatch(
            column ->
                column.name().equalsIgnoreCase(wanted.name())
                    && (wanted.type().isEmpty() || column.type().equalsIgnoreCase(wanted.type())));
  }

  private static Comparator<Described> transformOrder(GlueRequest sort) {
    Comparator<Described> byName = Comparator.comparing(described -> described.transform().name());
    if (sort == null) {
      return byName;
    }
    String column = requiredEnum(sort, "Column", TRANSFORM_SORT_COLUMNS);
    String direction = requiredEnum(sort, "SortDirection", SORT_DIRECTIONS);
    Comparator<Described> order =
        switch (column) {
          case "STATUS" -> Comparator.comparing(Described::status);
          case "CREATED" -> Comparator.comparing(described -> described.transform().creationTime());
          case "LAST_MODIFIED" ->
              Comparator.comparing(described -> described.transform().lastModified());
            // Every transform is a FIND_MATCHES transform.
          default -> (first, second) -> 0;
        };
    order = order.thenComparing(byName);
    return direction.equals("DESCENDING") ? order.reversed() : order;
  }

  private static String requiredEnum(GlueRequest request, String field, Set<String> allowed) {
    String value = request.enumValue(field, allowed);
    if (value == null) {
      throw request.invalid(field, null, "Member must not be null");
    }
    return value;
  }

  private ObjectNode getTransforms(GlueRequest request) {
    Page<Described> page = select(request, null);
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("Transforms");
    page.items().forEach(described -> list.add(toTransform(described)));
    if (page.nextToken() != null) {
      response.put("NextToken", page.nextToken());
    }
    return response;
  }

  private ObjectNode listTransforms(GlueRequest request) {
    Page<Described> page = select(request, request.stringMap("Tags", 50, 128, 256));
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("TransformIds");
    page.items().forEach(described -> list.add(described.transform().transformId()));
    if (page.nextToken() != null) {
      response.put("NextToken", page.nextToken());
    }
    return response;
  }

  private record Page<T>(List<T> items, String nextToken) {}

  /** One page of {@code items}; NextToken is the offset of the next page. */
  private static <T> Page<T> page(GlueRequest request, List<T> items) {
    Integer maxResults = request.integer("MaxResults", 1, MAX_PAGE_SIZE);
    int size = maxResults == null ? DEFAULT_PAGE_SIZE : maxResults;
    String token = request.string("NextToken", 0, Integer.MAX_VALUE);
    int offset = offset(token);
    int start = Math.min(offset, items.size());
    int end = Math.min(items.size(), start + size);
    return new Page<>(
        List.copyOf(items.subList(start, end)), end < items.size() ? Integer.toString(end) : null);
  }

  private static int offset(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      int offset = Integer.parseInt(token);
      if (offset < 0) {
        throw new NumberFormatException();
      }
      return offset;
    } catch (NumberFormatException e) {
      throw GlueException.invalidInput("invalid NextToken '" + token + "'");
    }
  }

  private ObjectNode toTransform(MlTransform transform, MlTransformState state) {
    return toTransform(new Described(transform, state, transforms.schema(transform, state)));
  }

  private static ObjectNode toTransform(Described described) {
    MlTransform transform = described.transform();
    MlTransformState state = described.state();
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("TransformId", transform.transformId());
    node.put("Name", transform.name());
    GlueConverter.putIfNotNull(node, "Description", transform.description());
    node.put("Status", described.status());
    GlueConverter.putTimestamp(node, "CreatedOn", transform.creationTime());
    GlueConverter.putTimestamp(node, "LastModifiedOn", transform.lastModified());
    ArrayNode tables = node.putArray("InputRecordTables");
    for (MlTransform.InputTable table : transform.inputTables()) {
      tables
          .addObject()
          .put("DatabaseName", table.databaseName())
          .put("TableName", table.tableName());
    }
    ObjectNode parameters = node.putObject("Parameters").put("TransformType", "FIND_MATCHES");
    ObjectNode findMatches = parameters.putObject("FindMatchesParameters");
    GlueConverter.putIfNotNull(
        findMatches, "PrimaryKeyColumnName", transform.primaryKeyColumnName());
    if (transform.precisionRecallTradeoff() != null) {
      findMatches.put("PrecisionRecallTradeoff", transform.precisionRecallTradeoff());
    }
    if (transform.accuracyCostTradeoff() != null) {
      findMatches.put("AccuracyCostTradeoff", transform.accuracyCostTradeoff());
    }
    if (transform.enforceProvidedLabels() != null) {
      findMatches.put("EnforceProvidedLabels", transform.enforceProvidedLabels());
    }
    if (state.evaluationMetrics() != null) {
      node.set("EvaluationMetrics", toEvaluationMetrics(state.evaluationMetrics()));
    }
    node.put("LabelCount", state.labelCount());
    ArrayNode schema = node.putArray("Schema");
    for (Column column : described.schema().subList(0, Math.min(100, described.schema().size()))) {
      schema.addObject().put("Name", column.name()).put("DataType", column.type());
    }
    node.put("Role", transform.role());
    GlueConverter.putIfNotNull(node, "GlueVersion", transform.glueVersion());
    if (transform.workerType() != null) {
      node.put("WorkerType", transform.workerType());
      node.put("NumberOfWorkers", transform.numberOfWorkers());
    } else {
      node.put(
          "MaxCapacity",
          transform.maxCapacity() == null
              ? MlTaskLauncher.DEFAULT_MAX_CAPACITY
              : transform.maxCapacity());
    }
    node.put("Timeout", transform.timeoutMinutes());
    node.put("MaxRetries", transform.maxRetries());
    ObjectNode userData =
        node.putObject("TransformEncryption")
            .putObject("MlUserDataEncryption")
            .put(
                "MlUserDataEncryptionMode",
                transform.encryptLabelsAndModel() ? "SSE-KMS" : "DISABLED");
    GlueConverter.putIfNotNull(userData, "KmsKeyId", transform.kmsKeyId());
    return node;
  }

  private static ObjectNode toEvaluationMetrics(FindMatchesMetrics metrics) {
    ObjectNode node = JsonNodeFactory.instance.objectNode().put("TransformType", "FIND_MATCHES");
    ObjectNode findMatches = node.putObject("FindMatchesMetrics");
    putNumber(findMatches, "AreaUnderPRCurve", metrics.areaUnderPrCurve());
    putNumber(findMatches, "Precision", metrics.precision());
    putNumber(findMatches, "Recall", metrics.recall());
    putNumber(findMatches, "F1", metrics.f1());
    ObjectNode confusion = findMatches.putObject("ConfusionMatrix");
    putCount(confusion, "NumTruePositives", metrics.truePositives());
    putCount(confusion, "NumFalsePositives", metrics.falsePositives());
    putCount(confusion, "NumTrueNegatives", metrics.trueNegatives());
    putCount(confusion, "NumFalseNegatives", metrics.falseNegatives());
    ArrayNode importances = findMatches.putArray("ColumnImportances");
    for (FindMatchesMetrics.ColumnImportance importance : metrics.columnImportances()) {
      ObjectNode item = importances.addObject();
      GlueConverter.putIfNotNull(item, "ColumnName", importance.columnName());
      putNumber(item, "Importance", importance.importance());
    }
    return node;
  }

  private static void putNumber(ObjectNode node, String field, Double value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static void putCount(ObjectNode node, String field, Long value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  // Task runs

  private ObjectNode startLabelingSetGeneration(GlueRequest request) {
    return started(
        transforms.startTaskRun(
            request.requiredString("TransformId", 1, 255),
            MlTaskRun.TaskType.LABELING_SET_GENERATION,
            Map.of("outputPath", request.requiredString("OutputS3Path", 1, 4096))));
  }

  private ObjectNode startImportLabels(GlueRequest request) {
    String transformId = request.requiredString("TransformId", 1, 255);
    String input = request.requiredString("InputS3Path", 1, 4096);
    Boolean replace = request.bool("ReplaceAllLabels");
    return started(
        transforms.startTaskRun(
            transformId,
            MlTaskRun.TaskType.IMPORT_LABELS,
            Map.of(
                "inputPath",
                input,
                "replaceAllLabels",
                Boolean.toString(replace != null && replace))));
  }

  private ObjectNode startExportLabels(GlueRequest request) {
    return started(
        transforms.startTaskRun(
            request.requiredString("TransformId", 1, 255),
            MlTaskRun.TaskType.EXPORT_LABELS,
            Map.of("outputPath", request.requiredString("OutputS3Path", 1, 4096))));
  }

  private ObjectNode startEvaluation(GlueRequest request) {
    return started(
        transforms.startTaskRun(
            request.requiredString("TransformId", 1, 255),
            MlTaskRun.TaskType.EVALUATION,
            Map.of()));
  }

  private static ObjectNode started(String taskRunId) {
    ObjectNode response = DatabaseOperations.empty();
    response.put("TaskRunId", taskRunId);
    return response;
  }

  private ObjectNode getTaskRun(GlueRequest request) {
    MlTaskRun run =
        transforms.loadTaskRun(
            request.requiredString("TransformId", 1, 255),
            request.requiredString("TaskRunId", 1, 255));
    ObjectNode response = toTaskRun(run);
    return response;
  }

  private ObjectNode getTaskRuns(GlueRequest request) {
    String transformId = request.requiredString("TransformId", 1, 255);
    Predicate<MlTaskRun> filter = taskRunFilter(request.object("Filter"));
    Comparator<MlTaskRun> order = taskRunOrder(request.object("Sort"));
    List<MlTaskRun> runs =
        new ArrayList<>(transforms.listTaskRuns(transformId).stream().filter(filter).toList());
    runs.sort(order);
    Page<MlTaskRun> page = page(request, runs);
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("TaskRuns");
    page.items().forEach(run -> list.add(toTaskRun(run)));
    if (page.nextToken() != null) {
      response.put("NextToken", page.nextToken());
    }
    return response;
  }

  private static Predicate<MlTaskRun> taskRunFilter(GlueRequest filter) {
    if (filter == null) {
      return run -> true;
    }
    String type = filter.enumValue("TaskRunType", TASK_TYPES);
    String status = filter.enumValue("Status", TASK_STATES);
    Instant startedBefore = filter.timestamp("StartedBefore");
    Instant startedAfter = filter.timestamp("StartedAfter");
    return run ->
        (type == null || glueTaskType(run).equals(type))
            && (status == null || run.state().name().equals(status))
            && (startedBefore == null || run.startedOn().isBefore(startedBefore))
            && (startedAfter == null || run.startedOn().isAfter(startedAfter));
  }

  /** Newest first unless sorted otherwise; runs that tie stay newest first. */
  private static Comparator<MlTaskRun> taskRunOrder(GlueRequest sort) {
    Comparator<MlTaskRun> newestFirst =
        Comparator.comparing(MlTaskRun::startedOn).thenComparing(MlTaskRun::taskRunId).reversed();
    if (sort == null) {
      return newestFirst;
    }
    String column = requiredEnum(sort, "Column", TASK_SORT_COLUMNS);
    String direction = requiredEnum(sort, "SortDirection", SORT_DIRECTIONS);
    Comparator<MlTaskRun> order =
        switch (column) {
          case "TASK_RUN_TYPE" -> Comparator.comparing(MlTransformOperations::glueTaskType);
          case "STATUS" -> Comparator.comparing(run -> run.state().name());
          default -> Comparator.comparing(MlTaskRun::startedOn);
        };
    if (direction.equals("DESCENDING")) {
      order = order.reversed();
    }
    return order.thenComparing(newestFirst);
  }

  /** Glue knows incremental matching as FIND_MATCHES. */
  private static String glueTaskType(MlTaskRun run) {
    return run.taskType() == MlTaskRun.TaskType.FIND_INCREMENTAL_MATCHES
        ? "FIND_MATCHES"
        : run.taskType().name();
  }

  private ObjectNode cancelTaskRun(GlueRequest request) {
    MlTaskRun run =
        transforms.cancelTaskRun(
            request.requiredString("TransformId", 1, 255),
            request.requiredString("TaskRunId", 1, 255));
    ObjectNode response = DatabaseOperations.empty();
    response.put("TransformId", run.transformId());
    response.put("TaskRunId", run.taskRunId());
    response.put("Status", run.state().name());
    return response;
  }

  private ObjectNode toTaskRun(MlTaskRun run) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("TransformId", run.transformId());
    node.put("TaskRunId", run.taskRunId());
    node.put("Status", run.state().name());
    node.put("LogGroupName", MlTransformService.LOG_GROUP);
    ObjectNode properties = node.putObject("Properties").put("TaskType", glueTaskType(run));
    Map<String, String> values = new LinkedHashMap<>(run.properties());
    switch (run.taskType()) {
      case IMPORT_LABELS ->
          properties
              .putObject("ImportLabelsTaskRunProperties")
              .put("InputS3Path", values.get("inputPath"))
              .put("Replace", Boolean.parseBoolean(values.get("replaceAllLabels")));
      case EXPORT_LABELS ->
          properties
              .putObject("ExportLabelsTaskRunProperties")
              .put("OutputS3Path", values.get("outputPath"));
      case LABELING_SET_GENERATION ->
          properties
              .putObject("LabelingSetGenerationTaskRunProperties")
              .put("OutputS3Path", values.get("outputPath"));
      case FIND_MATCHES, FIND_INCREMENTAL_MATCHES ->
          properties.putObject("FindMatchesTaskRunProperties");
      case EVALUATION -> {
        // Glue has no properties of an evaluation.
      }
    }
    GlueConverter.putIfNotNull(node, "ErrorString", run.errorString());
    GlueConverter.putTimestamp(node, "StartedOn", run.startedOn());
    GlueConverter.putTimestamp(node, "LastModifiedOn", run.lastModified());
    GlueConverter.putTimestamp(node, "CompletedOn", run.completedOn());
    Instant end = run.completedOn() == null ? clock.instant() : run.completedOn();
    node.put("ExecutionTime", Math.max(0, Duration.between(run.startedOn(), end).toSeconds()));
    return node;
  }

  private static <T> T or(T value, T otherwise) {
    return value != null ? value : otherwise;
  }
}
