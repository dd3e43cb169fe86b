package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.JobBookmarkEntry;
import io.cairn.catalog.JobDefinition;
import io.cairn.catalog.JobRun;
import io.cairn.catalog.NotFoundException;
import io.cairn.catalog.Page;
import io.cairn.catalog.ValidationException;
import io.cairn.service.JobService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Glue's job operations: definitions (with Glue Studio's job graph kept verbatim), StartJobRun,
 * GetJobRun(s) and BatchStopJobRun. Runs are launched by the server as their own JVMs.
 */
final class JobOperations {
  static final int MAX_PAGE_SIZE = 1000;
  static final int MAX_RUNS = 200;
  static final int MAX_STOP_BATCH = 25;
  static final int MAX_DESCRIPTION_LENGTH = 2048;
  static final int MAX_ARGUMENTS = 100;
  static final int MAX_ARGUMENT_LENGTH = 4096;

  /** Glue's default Timeout of a job: 48 hours. */
  static final int DEFAULT_TIMEOUT_MINUTES = 2880;

  private final JobService jobs;
  private final Clock clock;
  private final ObjectMapper mapper = new ObjectMapper();

  JobOperations(JobService jobs, Clock clock) {
    this.jobs = requireNonNull(jobs, "jobs is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  void registerWith(GlueOperations operations) {
    operations
        .register("CreateJob", this::createJob)
        .register("GetJob", this::getJob)
        .register("GetJobs", this::getJobs)
        .register("UpdateJob", this::updateJob)
        .register("DeleteJob", this::deleteJob)
        .register("StartJobRun", this::startJobRun)
        .register("GetJobRun", this::getJobRun)
        .register("GetJobRuns", this::getJobRuns)
        .register("BatchStopJobRun", this::batchStopJobRun)
        .register("GetJobBookmark", this::getJobBookmark)
        .register("ResetJobBookmark", this::resetJobBookmark);
  }

  private ObjectNode createJob(GlueRequest request) {
    String name = request.requiredName("Name");
    rejectUnsupported(request);
    Instant now = clock.instant();
    jobs.createJob(definition(name, request, null, now));
    ObjectNode response = DatabaseOperations.empty();
    response.put("Name", name);
    return response;
  }

  /** Glue's UpdateJob replaces the whole definition with JobUpdate; unset members get defaults. */
  private ObjectNode updateJob(GlueRequest request) {
    String name = request.requiredName("JobName");
    GlueRequest update = request.requiredObject("JobUpdate");
    rejectUnsupported(update);
    JobDefinition current = jobs.loadJob(name);
    JobDefinition updated = definition(name, update, current, current.creationTime());
    try {
      jobs.updateJob(updated, current.version());
    } catch (CommitFailedException e) {
      throw new GlueException("ConcurrentModificationException", 400, e.getMessage());
    }
    ObjectNode response = DatabaseOperations.empty();
    response.put("JobName", name);
    return response;
  }

  private JobDefinition definition(
      String name, GlueRequest request, JobDefinition current, Instant created) {
    GlueRequest command = request.requiredObject("Command");
    GlueRequest execution = request.object("ExecutionProperty");
    Integer maxConcurrentRuns =
        execution == null ? null : execution.integer("MaxConcurrentRuns", 1, Integer.MAX_VALUE);
    Integer maxRetries = request.integer("MaxRetries", 0, 10);
    Integer timeout = request.integer("Timeout", 1, Integer.MAX_VALUE);
    Map<String, String> arguments =
        request.stringMap("DefaultArguments", MAX_ARGUMENTS, 255, MAX_ARGUMENT_LENGTH);
    return new JobDefinition(
        name,
        request.string("Description", 0, MAX_DESCRIPTION_LENGTH),
        request.requiredString("Role", 1, Integer.MAX_VALUE),
        or(command.string("Name", 1, 255), "glueetl"),
        command.string("ScriptLocation", 0, 400000),
        arguments == null ? Map.of() : arguments,
        maxRetries == null ? 0 : maxRetries,
        timeout == null ? DEFAULT_TIMEOUT_MINUTES : timeout,
        maxConcurrentRuns == null ? 1 : maxConcurrentRuns,
        graph(request),
        request.string("GlueVersion", 1, 255),
        request.string("WorkerType", 1, 255),
        request.integer("NumberOfWorkers", 1, Integer.MAX_VALUE),
        created,
        clock.instant(),
        current == null ? 0 : current.version());
  }

  /** Glue Studio's job graph, kept as the JSON text of the map it was sent as. */
  private static String graph(GlueRequest request) {
    JsonNode nodes = request.document("CodeGenConfigurationNodes");
    if (nodes == null) {
      return null;
    }
    if (!nodes.isObject()) {
      throw GlueException.serialization(
          "CodeGenConfigurationNodes must be a map of node ids to nodes");
    }
    return nodes.toString();
  }

  /** What Glue takes and Cairn does not do is refused, never ignored. */
  private static void rejectUnsupported(GlueRequest request) {
    for (String member :
        List.of("Connections", "SecurityConfiguration", "NotificationProperty", "Tags")) {
      if (request.has(member)) {
        throw GlueException.invalidInput(member + " of jobs is not supported by Cairn");
      }
    }
  }

  private ObjectNode getJob(GlueRequest request) {
    ObjectNode response = DatabaseOperations.empty();
    response.set("Job", toJob(jobs.loadJob(request.requiredName("JobName"))));
    return response;
  }

  private ObjectNode getJobs(GlueRequest request) {
    Page<JobDefinition> page = jobs.listJobs(request.page(MAX_PAGE_SIZE, 100));
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("Jobs");
    page.items().forEach(job -> list.add(toJob(job)));
    DatabaseOperations.putNextToken(response, page);
    return response;
  }

  /** As Glue: deleting a job that does not exist succeeds. */
  private ObjectNode deleteJob(GlueRequest request) {
    String name = request.requiredName("JobName");
    try {
      jobs.dropJob(name);
    } catch (NotFoundException e) {
      // Nothing to delete.
    }
    ObjectNode response = DatabaseOperations.empty();
    response.put("JobName", name);
    return response;
  }

  private ObjectNode startJobRun(GlueRequest request) {
    String name = request.requiredName("JobName");
    Map<String, String> arguments =
        request.stringMap("Arguments", MAX_ARGUMENTS, 255, MAX_ARGUMENT_LENGTH);
    Integer timeout = request.integer("Timeout", 1, Integer.MAX_VALUE);
    // Glue's JobRunId: the id of a previous run to run again.
    String previousRunId = request.string("JobRunId", 1, 255);
    String runId =
        previousRunId == null
            ? jobs.startJobRun(name, arguments == null ? Map.of() : arguments, timeout, null)
            : jobs.restartJobRun(
                name, previousRunId, arguments == null ? Map.of() : arguments, timeout);
    ObjectNode response = DatabaseOperations.empty();
    response.put("JobRunId", runId);
    return response;
  }

  private ObjectNode getJobRun(GlueRequest request) {
    JobRun run =
        jobs.loadJobRun(request.requiredName("JobName"), request.requiredString("RunId", 1, 255));
    ObjectNode response = DatabaseOperations.empty();
    response.set("JobRun", toJobRun(run, clock));
    return response;
  }

  /** Newest first; NextToken is the offset of the next page. */
  private ObjectNode getJobRuns(GlueRequest request) {
    String name = request.requiredName("JobName");
    Integer maxResults = request.integer("MaxResults", 1, MAX_RUNS);
    int size = maxResults == null ? 100 : maxResults;
    String token = request.string("NextToken", 0, Integer.MAX_VALUE);
    int offset = offset(token);
    List<JobRun> runs = jobs.listJobRuns(name, offset + size + 1);
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("JobRuns");
    int end = Math.min(runs.size(), offset + size);
    for (JobRun run : runs.subList(Math.min(offset, runs.size()), end)) {
      list.add(toJobRun(run, clock));
    }
    if (runs.size() > end) {
      response.put("NextToken", Integer.toString(end));
    }
    return response;
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

  /** Each run is stopped or reported in Errors, as Glue does, without failing the others. */
  private ObjectNode batchStopJobRun(GlueRequest request) {
    String name = request.requiredName("JobName");
    List<String> runIds = request.requiredStrings("JobRunIds", MAX_STOP_BATCH, 255);
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode stopped = response.putArray("SuccessfulSubmissions");
    ArrayNode errors = response.putArray("Errors");
    for (String runId : runIds) {
      try {
        jobs.stopJobRun(name, runId);
        stopped.addObject().put("JobName", name).put("JobRunId", runId);
      } catch (RuntimeException e) {
        GlueException error = GlueApi.translate(e);
        ObjectNode item = errors.addObject().put("JobName", name).put("JobRunId", runId);
        item.putObject("ErrorDetail")
            .put("ErrorCode", error.type())
            .put("ErrorMessage", error.getMessage());
      }
    }
    return response;
  }

  private static <T> T or(T value, T otherwise) {
    return value != null ? value : otherwise;
  }

  // Responses

  private ObjectNode toJob(JobDefinition job) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("Name", job.name());
    GlueConverter.putIfNotNull(node, "Description", job.description());
    node.put("Role", job.role());
    GlueConverter.putTimestamp(node, "CreatedOn", job.creationTime());
    GlueConverter.putTimestamp(node, "LastModifiedOn", job.lastModified());
    node.putObject("ExecutionProperty").put("MaxConcurrentRuns", job.maxConcurrentRuns());
    ObjectNode command = node.putObject("Command").put("Name", job.commandName());
    GlueConverter.putIfNotNull(command, "ScriptLocation", job.scriptLocation());
    ObjectNode arguments = node.putObject("DefaultArguments");
    job.defaultArguments().forEach(arguments::put);
    node.put("MaxRetries", job.maxRetries());
    node.put("Timeout", job.timeoutMinutes());
    GlueConverter.putIfNotNull(node, "GlueVersion", job.glueVersion());
    GlueConverter.putIfNotNull(node, "WorkerType", job.workerType());
    if (job.numberOfWorkers() != null) {
      node.put("NumberOfWorkers", job.numberOfWorkers());
    }
    if (job.graph() != null) {
      try {
        node.set("CodeGenConfigurationNodes", mapper.readTree(job.graph()));
      } catch (JacksonException e) {
        throw new ValidationException("the stored job graph of " + job.name() + " is not JSON");
      }
    }
    return node;
  }

  /** With RunId: the bookmark as that run committed it. */
  private ObjectNode getJobBookmark(GlueRequest request) {
    String name = request.requiredName("JobName");
    String runId = request.has("RunId") ? request.requiredString("RunId", 1, 255) : null;
    ObjectNode response = DatabaseOperations.empty();
    response.set(
        "JobBookmarkEntry",
        toJobBookmarkEntry(
            runId == null ? jobs.loadJobBookmark(name) : jobs.loadJobBookmarkOfRun(name, runId)));
    return response;
  }

  private ObjectNode resetJobBookmark(GlueRequest request) {
    String name = request.requiredName("JobName");
    String runId = request.has("RunId") ? request.requiredString("RunId", 1, 255) : null;
    ObjectNode response = DatabaseOperations.empty();
    response.set("JobBookmarkEntry", toJobBookmarkEntry(jobs.resetJobBookmark(name, runId)));
    return response;
  }

  private static ObjectNode toJobBookmarkEntry(JobBookmarkEntry entry) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("JobName", entry.jobName());
    node.put("Version", entry.version());
    node.put("Run", entry.run());
    node.put("Attempt", entry.attempt());
    GlueConverter.putIfNotNull(node, "PreviousRunId", entry.previousRunId());
    GlueConverter.putIfNotNull(node, "RunId", entry.runId());
    node.put("JobBookmark", entry.jobBookmark());
    return node;
  }

  /** Glue's JobRun; ExecutionTime of an active run counts up to {@code clock}'s now. */
  static ObjectNode toJobRun(JobRun run, Clock clock) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("Id", run.runId());
    node.put("Attempt", run.attempt());
    GlueConverter.putIfNotNull(node, "PreviousRunId", run.previousRunId());
    GlueConverter.putIfNotNull(node, "TriggerName", run.triggerName());
    node.put("JobName", run.jobName());
    GlueConverter.putTimestamp(node, "StartedOn", run.startedOn());
    GlueConverter.putTimestamp(node, "LastModifiedOn", run.lastModified());
    GlueConverter.putTimestamp(node, "CompletedOn", run.completedOn());
    node.put("JobRunState", run.state().name());
    ObjectNode arguments = node.putObject("Arguments");
    run.arguments().forEach(arguments::put);
    GlueConverter.putIfNotNull(node, "ErrorMessage", run.errorMessage());
    Instant end = run.completedOn() == null ? clock.instant() : run.completedOn();
    node.put("ExecutionTime", Math.max(0, Duration.between(run.startedOn(), end).toSeconds()));
    node.put("Timeout", run.timeoutMinutes());
    node.put("LogGroupName", JobService.LOG_GROUP);
    return node;
  }
}
