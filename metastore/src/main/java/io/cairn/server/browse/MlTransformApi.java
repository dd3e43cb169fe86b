package io.cairn.server.browse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.CatalogException;
import io.cairn.catalog.ConcurrentRunsExceededException;
import io.cairn.catalog.MlTaskRun;
import io.cairn.catalog.MlTransformNotReadyException;
import io.cairn.catalog.NotFoundException;
import io.cairn.catalog.ValidationException;
import io.cairn.server.HttpEndpoint;
import io.cairn.server.HttpRequest;
import io.cairn.server.HttpResponse;
import io.cairn.server.Route;
import io.cairn.service.MlTransformService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Glue's API has no operation for, about ML transforms' task runs:
 *
 * <ul>
 *   <li>{@code GET /api/v1/ml-transforms/{transform id}/task-runs/{task run id}/log}: the run's
 *       output (its JVM's stdout and stderr) as plain text, growing while it goes on;
 *   <li>{@code POST /api/v1/ml-transforms/{transform id}/task-runs} with {@code {"taskType":
 *       "FIND_MATCHES", "output": {"database": …, "table": …}, "matchConfidence": false}} (or
 *       FIND_INCREMENTAL_MATCHES with {@code "incrementalInput": {"database": …, "table": …}}, the
 *       new records, and optionally {@code "matched": {"database": …, "table": …}}, the already
 *       matched table with its {@code match_id}s, by default the transform's input table): starts a
 *       task run that matches the transform's input table into a catalog table, answered with
 *       {@code {"taskRunId": …}} (201). Its status is Glue's GetMLTaskRun.
 * </ul>
 */
public final class MlTransformApi implements HttpEndpoint {
  static final String PATH = "/api/v1/ml-transforms";

  private final MlTransformService transforms;
  private final ObjectMapper json = new ObjectMapper();

  private MlTransformApi(MlTransformService transforms) {
    this.transforms = requireNonNull(transforms, "transforms is null");
  }

  public static Route route(MlTransformService transforms) {
    return Route.prefix("ML transform task runs", PATH, new MlTransformApi(transforms));
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    String[] parts = request.path().substring(PATH.length()).split("/", -1);
    // "", transform id, "task-runs"[, task run id, "log"]
    boolean start = parts.length == 3 && parts[2].equals("task-runs");
    boolean log = parts.length == 5 && parts[2].equals("task-runs") && parts[4].equals("log");
    if (!start && !log) {
      return HttpResponse.error(
          404,
          "NotFound",
          "ML task runs are started at POST "
              + PATH
              + "/{transform id}/task-runs and their logs are at "
              + PATH
              + "/{transform id}/task-runs/{task run id}/log");
    }
    try {
      if (start) {
        if (!request.method().equals("POST")) {
          return HttpResponse.methodNotAllowed(request, "POST");
        }
        return start(parts[1], request);
      }
      if (!request.method().equals("GET")) {
        return HttpResponse.methodNotAllowed(request, "GET");
      }
      Path file = transforms.logFile(parts[1], parts[3]);
      byte[] body;
      try {
        body = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        body = new byte[0];
      }
      return HttpResponse.of(200, "text/plain; charset=utf-8", body);
    } catch (NotFoundException e) {
      return HttpResponse.error(404, "EntityNotFoundException", e.getMessage());
    } catch (MlTransformNotReadyException e) {
      return HttpResponse.error(409, "MLTransformNotReadyException", e.getMessage());
    } catch (ConcurrentRunsExceededException e) {
      return HttpResponse.error(409, "ConcurrentRunsExceededException", e.getMessage());
    } catch (ValidationException e) {
      return HttpResponse.error(400, "InvalidInputException", e.getMessage());
    } catch (CatalogException e) {
      return HttpResponse.error(400, "InvalidInputException", e.getMessage());
    } catch (IOException e) {
      return HttpResponse.error(500, "InternalError", "the task run's log cannot be read");
    }
  }

  private HttpResponse start(String transformId, HttpRequest request) {
    JsonNode body;
    try {
      body = json.readTree(request.body());
    } catch (JacksonException e) {
      throw new ValidationException("the request body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ValidationException("the request body cannot be read: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      throw new ValidationException("the request body must be a JSON object");
    }
    String type = body.path("taskType").asText("");
    MlTaskRun.TaskType taskType;
    if (type.equals("FIND_MATCHES")) {
      taskType = MlTaskRun.TaskType.FIND_MATCHES;
    } else if (type.equals("FIND_INCREMENTAL_MATCHES")) {
      taskType = MlTaskRun.TaskType.FIND_INCREMENTAL_MATCHES;
    } else {
      throw new ValidationException(
          "taskType must be FIND_MATCHES or FIND_INCREMENTAL_MATCHES (the other tasks are Glue's"
              + " Start…TaskRun operations), not '"
              + type
              + "'");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    table(body, "output", "outputDatabase", "outputTable", properties);
    if (taskType == MlTaskRun.TaskType.FIND_INCREMENTAL_MATCHES) {
      table(body, "incrementalInput", "incrementalDatabase", "incrementalTable", properties);
      if (body.has("matched")) {
        table(body, "matched", "matchedDatabase", "matchedTable", properties);
      }
    }
    JsonNode confidence = body.path("matchConfidence");
    if (!confidence.isMissingNode() && !confidence.isNull() && !confidence.isBoolean()) {
      throw new ValidationException("matchConfidence must be true or false");
    }
    properties.put("matchConfidence", Boolean.toString(confidence.asBoolean(false)));
    String taskRunId = transforms.startTaskRun(transformId, taskType, properties);
    ObjectNode answer = json.createObjectNode().put("taskRunId", taskRunId);
    return HttpResponse.json(201, answer);
  }

  private static void table(
      JsonNode body,
      String field,
      String databaseProperty,
      String tableProperty,
      Map<String, String> properties) {
    JsonNode table = body.path(field);
    String database = table.path("database").asText("");
    String name = table.path("table").asText("");
    if (!table.isObject() || database.isBlank() || name.isBlank()) {
      throw new ValidationException(
          field + " must be {\"database\": \"…\", \"table\": \"…\"} naming a catalog table");
    }
    properties.put(databaseProperty, database);
    properties.put(tableProperty, name);
  }
}
