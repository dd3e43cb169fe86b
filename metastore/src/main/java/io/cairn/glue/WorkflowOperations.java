package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.CrawlRun;
import io.cairn.catalog.JobRun;
import io.cairn.catalog.NotFoundException;
import io.cairn.catalog.Page;
import io.cairn.catalog.Trigger;
import io.cairn.catalog.Workflow;
import io.cairn.catalog.WorkflowRun;
import io.cairn.service.CrawlerService;
import io.cairn.service.TriggerService;
import io.cairn.service.TriggerService.LoadedTrigger;
import io.cairn.service.WorkflowService;
import io.cairn.service.WorkflowService.Graph;
import io.cairn.service.WorkflowService.LoadedRun;
import io.cairn.service.WorkflowService.Statistics;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Glue's workflow operations: workflows, their runs (started, stopped, read with their statistics
 * and graph) and run properties. A workflow's triggers are created with CreateTrigger's {@code
 * WorkflowName}. Blueprints, event batching and ResumeWorkflowRun are not supported.
 */
final class WorkflowOperations {
  static final int MAX_PAGE_SIZE = 25;
  static final int MAX_BATCH = 25;
  static final int MAX_RUNS = 1000;
  static final int MAX_DESCRIPTION_LENGTH = 120000;
  static final int MAX_PROPERTIES = 1000;
  static final int MAX_PROPERTY_NAME_LENGTH = 255;
  static final int MAX_PROPERTY_VALUE_LENGTH = 65536;

  private final WorkflowService workflows;
  private final Clock clock;

  WorkflowOperations(WorkflowService workflows, Clock clock) {
    this.workflows = requireNonNull(workflows, "workflows is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  void registerWith(GlueOperations operations) {
    operations
        .register("CreateWorkflow", this::createWorkflow)
        .register("GetWorkflow", this::getWorkflow)
        .register("ListWorkflows", this::listWorkflows)
        .register("BatchGetWorkflows", this::batchGetWorkflows)
        .register("UpdateWorkflow", this::updateWorkflow)
        .register("DeleteWorkflow", this::deleteWorkflow)
        .register("StartWorkflowRun", this::startWorkflowRun)
        .register("GetWorkflowRun", this::getWorkflowRun)
        .register("GetWorkflowRuns", this::getWorkflowRuns)
        .register("StopWorkflowRun", this::stopWorkflowRun)
        .register("GetWorkflowRunProperties", this::getWorkflowRunProperties)
        .register("PutWorkflowRunProperties", this::putWorkflowRunProperties);
  }

  // Workflows

  private ObjectNode createWorkflow(GlueRequest request) {
    String name = request.requiredName("Name");
    if (request.has("Tags")) {
      throw GlueException.invalidInput(
          "tags on workflows are not supported by Cairn; create the workflow without Tags");
    }
    workflows.createWorkflow(definition(name, request));
    return named(name);
  }

  /** Glue's UpdateWorkflow replaces the members sent; the others stay. */
  private ObjectNode updateWorkflow(GlueRequest request) {
    String name = request.requiredName("Name");
    Workflow current = workflows.loadWorkflow(name);
    Workflow sent = definition(name, request);
    workflows.updateWorkflow(
        new Workflow(
            name,
            request.has("Description") ? sent.description() : current.description(),
            request.has("DefaultRunProperties")
                ? sent.defaultRunProperties()
                : current.defaultRunProperties(),
            request.has("MaxConcurrentRuns")
                ? sent.maxConcurrentRuns()
                : current.maxConcurrentRuns(),
            current.creationTime(),
            current.lastModified(),
            current.version()),
        current.version());
    return named(name);
  }

  private static Workflow definition(String name, GlueRequest request) {
    Map<String, String> properties = properties(request, "DefaultRunProperties");
    Instant unset = Instant.EPOCH;
    return new Workflow(
        name,
        request.string("Description", 0, MAX_DESCRIPTION_LENGTH),
        properties == null ? Map.of() : properties,
        request.integer("MaxConcurrentRuns", 1, Integer.MAX_VALUE),
        unset,
        unset,
        0);
  }

  private static Map<String, String> properties(GlueRequest request, String field) {
    return request.stringMap(
        field, MAX_PROPERTIES, MAX_PROPERTY_NAME_LENGTH, MAX_PROPERTY_VALUE_LENGTH);
  }

  private ObjectNode getWorkflow(GlueRequest request) {
    String name = request.requiredName("Name");
    ObjectNode response = DatabaseOperations.empty();
    response.set("Workflow", toWorkflow(name, includeGraph(request)));
    return response;
  }

  private static boolean includeGraph(GlueRequest request) {
    return Boolean.TRUE.equals(request.bool("IncludeGraph"));
  }

  /** Names only, as Glue's ListWorkflows answers. */
  private ObjectNode listWorkflows(GlueRequest request) {
    Page<Workflow> page = workflows.listWorkflows(request.page(MAX_PAGE_SIZE, MAX_PAGE_SIZE));
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode names = response.putArray("Workflows");
    page.items().forEach(workflow -> names.add(workflow.name()));
    DatabaseOperations.putNextToken(response, page);
    return response;
  }

  private ObjectNode batchGetWorkflows(GlueRequest request) {
    List<String> names = request.requiredStrings("Names", MAX_BATCH, 255);
    boolean graph = includeGraph(request);
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode found = response.putArray("Workflows");
    ArrayNode missing = response.putArray("MissingWorkflows");
    for (String name : names) {
      try {
        found.add(toWorkflow(name, graph));
      } catch (NotFoundException e) {
        missing.add(name);
      }
    }
    return response;
  }

  /** As Glue: deleting a workflow that does not exist succeeds. Its triggers go with it. */
  private ObjectNode deleteWorkflow(GlueRequest request) {
    String name = request.requiredName("Name");
    try {
      workflows.dropWorkflow(name);
    } catch (NotFoundException e) {
      // Nothing to delete.
    }
    return named(name);
  }

  // Runs

  private ObjectNode startWorkflowRun(GlueRequest request) {
    String name = request.requiredName("Name");
    Map<String, String> properties = properties(request, "RunProperties");
    String runId = workflows.startWorkflowRun(name, properties == null ? Map.of() : properties);
    ObjectNode response = DatabaseOperations.empty();
    response.put("RunId", runId);
    return response;
  }

  private ObjectNode getWorkflowRun(GlueRequest request) {
    String name = request.requiredName("Name");
    String runId = request.requiredString("RunId", 1, 255);
    ObjectNode response = DatabaseOperations.empty();
    response.set(
        "Run", toWorkflowRun(workflows.loadWorkflowRun(name, runId), includeGraph(request)));
    return response;
  }

  /** Newest first; NextToken is the offset of the next page. */
  private ObjectNode getWorkflowRuns(GlueRequest request) {
    String name = request.requiredName("Name");
    Integer maxResults = request.integer("MaxResults", 1, MAX_RUNS);
    int size = maxResults == null ? MAX_RUNS : maxResults;
    int offset = offset(request.string("NextToken", 0, Integer.MAX_VALUE));
    boolean graph = includeGraph(request);
    List<LoadedRun> runs = workflows.listWorkflowRuns(name, offset + size + 1);
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("Runs");
    int end = Math.min(runs.size(), offset + size);
    for (LoadedRun run : runs.subList(Math.min(offset, runs.size()), end)) {
      list.add(toWorkflowRun(run, graph));
    }
    if (runs.size() > end) {
      response.put("NextToken", Integer.toString(end));
    }
    return response;
  }

  private static final int MAX_OFFSET = 1_000_000;

  private static int offset(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      int offset = Integer.parseInt(token);
      // Tokens are offsets this API handed out; a run history is never near this long.
      if (offset < 0 || offset > MAX_OFFSET) {
        throw new NumberFormatException();
      }
      return offset;
    } catch (NumberFormatException e) {
      throw GlueException.invalidInput("invalid NextToken '" + token + "'");
    }
  }

  private ObjectNode stopWorkflowRun(GlueRequest request) {
    workflows.stopWorkflowRun(
        request.requiredName("Name"), request.requiredString("RunId", 1, 255));
    return DatabaseOperations.empty();
  }

  private ObjectNode getWorkflowRunProperties(GlueRequest request) {
    Map<String, String> properties =
        workflows.loadRunProperties(
            request.requiredName("Name"), request.requiredString("RunId", 1, 255));
    ObjectNode response = DatabaseOperations.empty();
    ObjectNode node = response.putObject("RunProperties");
    properties.forEach(node::put);
    return response;
  }

  private ObjectNode putWorkflowRunProperties(GlueRequest request) {
    String name = request.requiredName("Name");
    String runId = request.requiredString("RunId", 1, 255);
    Map<String, String> properties = properties(request, "RunProperties");
    if (properties == null) {
      throw request.invalid("RunProperties", null, "Member must not be null");
    }
    workflows.putRunProperties(name, runId, properties);
    return DatabaseOperations.empty();
  }

  // Responses

  private static ObjectNode named(String name) {
    ObjectNode response = DatabaseOperations.empty();
    response.put("Name", name);
    return response;
  }

  private ObjectNode toWorkflow(String name, boolean includeGraph) {
    Workflow workflow = workflows.loadWorkflow(name);
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("Name", workflow.name());
    GlueConverter.putIfNotNull(node, "Description", workflow.description());
    ObjectNode properties = node.putObject("DefaultRunProperties");
    workflow.defaultRunProperties().forEach(properties::put);
    GlueConverter.putTimestamp(node, "CreatedOn", workflow.creationTime());
    GlueConverter.putTimestamp(node, "LastModifiedOn", workflow.lastModified());
    if (workflow.maxConcurrentRuns() != null) {
      node.put("MaxConcurrentRuns", workflow.maxConcurrentRuns());
    }
    LoadedRun lastRun = workflows.loadLastRun(name);
    if (lastRun != null) {
      node.set("LastRun", toWorkflowRun(lastRun, includeGraph));
    }
    if (includeGraph) {
      node.set("Graph", toGraph(workflows.loadGraph(name)));
    }
    return node;
  }

  private ObjectNode toWorkflowRun(LoadedRun loaded, boolean includeGraph) {
    WorkflowRun run = loaded.run();
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("Name", run.workflowName());
    node.put("WorkflowRunId", run.runId());
    ObjectNode properties = node.putObject("WorkflowRunProperties");
    run.properties().forEach(properties::put);
    GlueConverter.putTimestamp(node, "StartedOn", run.startedOn());
    GlueConverter.putTimestamp(node, "CompletedOn", run.completedOn());
    node.put("Status", run.state().name());
    GlueConverter.putIfNotNull(node, "ErrorMessage", run.errorMessage());
    Statistics statistics = loaded.statistics();
    node.putObject("Statistics")
        .put("TotalActions", statistics.totalActions())
        .put("TimeoutActions", statistics.timeoutActions())
        .put("FailedActions", statistics.failedActions())
        .put("StoppedActions", statistics.stoppedActions())
        .put("SucceededActions", statistics.succeededActions())
        .put("RunningActions", statistics.runningActions())
        .put("ErroredActions", statistics.erroredActions())
        .put("WaitingActions", statistics.waitingActions());
    if (includeGraph) {
      node.set("Graph", toGraph(loaded.graph()));
    }
    return node;
  }

  /**
   * Glue's WorkflowGraph: a node per trigger, job and crawler; edges from a trigger to what it
   * starts and from what a CONDITIONAL trigger watches to the trigger.
   */
  private ObjectNode toGraph(Graph graph) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    ArrayNode nodes = node.putArray("Nodes");
    ArrayNode edges = node.putArray("Edges");
    for (LoadedTrigger loaded : graph.triggers()) {
      Trigger trigger = loaded.trigger();
      ObjectNode item = nodes.addObject();
      item.put("Type", "TRIGGER").put("Name", trigger.name()).put("UniqueId", triggerId(trigger));
      item.putObject("TriggerDetails").set("Trigger", TriggerOperations.toTrigger(loaded));
      for (Trigger.Action action : trigger.actions()) {
        edges
            .addObject()
            .put("SourceId", triggerId(trigger))
            .put(
                "DestinationId",
                action.jobName() != null
                    ? jobId(action.jobName())
                    : crawlerId(action.crawlerName()));
      }
      if (trigger.predicate() != null) {
        for (Trigger.Condition condition : trigger.predicate().conditions()) {
          edges
              .addObject()
              .put(
                  "SourceId",
                  condition.jobName() != null
                      ? jobId(condition.jobName())
                      : crawlerId(condition.crawlerName()))
              .put("DestinationId", triggerId(trigger));
        }
      }
    }
    graph
        .jobRuns()
        .forEach(
            (job, runs) -> {
              ObjectNode item = nodes.addObject();
              item.put("Type", "JOB").put("Name", job).put("UniqueId", jobId(job));
              ArrayNode list = item.putObject("JobDetails").putArray("JobRuns");
              for (JobRun run : runs) {
                list.add(JobOperations.toJobRun(run, clock));
              }
            });
    graph
        .crawls()
        .forEach(
            (crawler, crawls) -> {
              ObjectNode item = nodes.addObject();
              item.put("Type", "CRAWLER").put("Name", crawler).put("UniqueId", crawlerId(crawler));
              ArrayNode list = item.putObject("CrawlerDetails").putArray("Crawls");
              for (CrawlRun crawl : crawls) {
                list.add(toCrawl(crawl));
              }
            });
    return node;
  }

  private static String triggerId(Trigger trigger) {
    return "wnode_trigger_" + trigger.name();
  }

  private static String jobId(String job) {
    return "wnode_job_" + job;
  }

  private static String crawlerId(String crawler) {
    return "wnode_crawler_" + crawler;
  }

  /** Glue's Crawl of a workflow graph (not the CrawlerHistory of ListCrawls). */
  private static ObjectNode toCrawl(CrawlRun crawl) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put(
        "State",
        crawl.state() == CrawlRun.State.RUNNING
            ? "RUNNING"
            : TriggerService.crawlState(crawl.state()));
    GlueConverter.putTimestamp(node, "StartedOn", crawl.startTime());
    GlueConverter.putTimestamp(node, "CompletedOn", crawl.endTime());
    GlueConverter.putIfNotNull(node, "ErrorMessage", crawl.errorMessage());
    node.put("LogGroup", CrawlerService.LOG_GROUP);
    node.put("LogStream", crawl.crawlerName());
    return node;
  }
}
