package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.Page;
import io.cairn.catalog.Trigger;
import io.cairn.service.TriggerService;
import io.cairn.service.TriggerService.LoadedTrigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Glue's trigger operations: SCHEDULED ({@code cron(…)} in UTC), CONDITIONAL (on job run and crawl
 * states) and ON_DEMAND triggers whose actions start jobs and crawlers, alone or in a workflow
 * ({@code WorkflowName}). Event batching and notifications are not supported and are refused.
 */
final class TriggerOperations {
  static final int MAX_PAGE_SIZE = 200;
  static final int MAX_ACTIONS = 50;
  static final int MAX_CONDITIONS = 50;
  private static final Set<String> TYPES = Set.of("SCHEDULED", "CONDITIONAL", "ON_DEMAND");
  private static final Set<String> LOGICALS = Set.of("AND", "ANY");
  private static final Set<String> OPERATORS = Set.of("EQUALS");

  private final TriggerService triggers;

  TriggerOperations(TriggerService triggers) {
    this.triggers = requireNonNull(triggers, "triggers is null");
  }

  void registerWith(GlueOperations operations) {
    operations
        .register("CreateTrigger", this::createTrigger)
        .register("GetTrigger", this::getTrigger)
        .register("GetTriggers", this::getTriggers)
        .register("UpdateTrigger", this::updateTrigger)
        .register("DeleteTrigger", this::deleteTrigger)
        .register("StartTrigger", this::startTrigger)
        .register("StopTrigger", this::stopTrigger);
  }

  private ObjectNode createTrigger(GlueRequest request) {
    String name = request.requiredName("Name");
    for (String member : List.of("EventBatchingCondition", "Tags")) {
      if (request.has(member)) {
        throw GlueException.invalidInput(member + " of triggers is not supported by Cairn");
      }
    }
    Trigger.Type type = Trigger.Type.valueOf(requiredType(request));
    triggers.createTrigger(
        new Trigger(
            name,
            type,
            request.string("Description", 0, 2048),
            request.name("WorkflowName"),
            request.string("Schedule", 1, Integer.MAX_VALUE),
            predicate(request.object("Predicate")),
            actions(request, true),
            0));
    if (Boolean.TRUE.equals(request.bool("StartOnCreation")) && type != Trigger.Type.ON_DEMAND) {
      triggers.startTrigger(name);
    }
    return named(name);
  }

  private static String requiredType(GlueRequest request) {
    String type = request.enumValue("Type", TYPES);
    if (type == null) {
      throw request.invalid("Type", null, "Member must not be null");
    }
    return type;
  }

  /** Glue's TriggerUpdate: the members sent replace the trigger's; the others stay. */
  private ObjectNode updateTrigger(GlueRequest request) {
    String name = request.requiredName("Name");
    GlueRequest update = request.requiredObject("TriggerUpdate");
    LoadedTrigger current = triggers.loadTrigger(name);
    Trigger trigger = current.trigger();
    String schedule = update.string("Schedule", 1, Integer.MAX_VALUE);
    GlueRequest predicate = update.object("Predicate");
    Trigger updated =
        new Trigger(
            name,
            trigger.type(),
            update.has("Description")
                ? update.string("Description", 0, 2048)
                : trigger.description(),
            trigger.workflowName(),
            schedule != null ? schedule : trigger.schedule(),
            predicate != null ? predicate(predicate) : trigger.predicate(),
            update.has("Actions") ? actions(update, true) : trigger.actions(),
            trigger.version());
    try {
      triggers.updateTrigger(updated, trigger.version());
    } catch (CommitFailedException e) {
      throw new GlueException("ConcurrentModificationException", 400, e.getMessage());
    }
    ObjectNode response = DatabaseOperations.empty();
    response.set("Trigger", toTrigger(triggers.loadTrigger(name)));
    return response;
  }

  private ObjectNode getTrigger(GlueRequest request) {
    ObjectNode response = DatabaseOperations.empty();
    response.set("Trigger", toTrigger(triggers.loadTrigger(request.requiredName("Name"))));
    return response;
  }

  private ObjectNode getTriggers(GlueRequest request) {
    if (request.has("DependentJobName")) {
      throw GlueException.invalidInput("GetTriggers by DependentJobName is not supported by Cairn");
    }
    Page<LoadedTrigger> page = triggers.listTriggers(request.page(MAX_PAGE_SIZE, 100));
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("Triggers");
    page.items().forEach(trigger -> list.add(toTrigger(trigger)));
    DatabaseOperations.putNextToken(response, page);
    return response;
  }

  private ObjectNode deleteTrigger(GlueRequest request) {
    String name = request.requiredName("Name");
    triggers.dropTrigger(name);
    return named(name);
  }

  private ObjectNode startTrigger(GlueRequest request) {
    String name = request.requiredName("Name");
    triggers.startTrigger(name);
    return named(name);
  }

  private ObjectNode stopTrigger(GlueRequest request) {
    String name = request.requiredName("Name");
    triggers.stopTrigger(name);
    return named(name);
  }

  private static ObjectNode named(String name) {
    ObjectNode response = DatabaseOperations.empty();
    response.put("Name", name);
    return response;
  }

  private static Trigger.Predicate predicate(GlueRequest predicate) {
    if (predicate == null) {
      return null;
    }
    String logical = predicate.enumValue("Logical", LOGICALS);
    List<Trigger.Condition> conditions = new ArrayList<>();
    for (GlueRequest condition : predicate.objects("Conditions", MAX_CONDITIONS)) {
      String operator = condition.enumValue("LogicalOperator", OPERATORS);
      if (operator == null) {
        throw condition.invalid("LogicalOperator", null, "Member must not be null");
      }
      String jobName = condition.name("JobName");
      String crawlerName = condition.name("CrawlerName");
      String state = condition.string("State", 1, 64);
      String crawlState = condition.string("CrawlState", 1, 64);
      if (jobName != null && crawlerName == null && state != null && crawlState == null) {
        conditions.add(new Trigger.Condition(jobName, null, state));
      } else if (crawlerName != null && jobName == null && crawlState != null && state == null) {
        conditions.add(new Trigger.Condition(null, crawlerName, crawlState));
      } else {
        throw GlueException.invalidInput(
            "each condition is a JobName with a State or a CrawlerName with a CrawlState");
      }
    }
    return new Trigger.Predicate(
        logical == null ? Trigger.Logical.AND : Trigger.Logical.valueOf(logical), conditions);
  }

  private static List<Trigger.Action> actions(GlueRequest request, boolean required) {
    List<Trigger.Action> actions = new ArrayList<>();
    for (GlueRequest action : request.objects("Actions", MAX_ACTIONS)) {
      for (String member : List.of("Timeout", "SecurityConfiguration", "NotificationProperty")) {
        if (action.has(member)) {
          throw GlueException.invalidInput(
              member + " of trigger actions is not supported by Cairn");
        }
      }
      String jobName = action.name("JobName");
      String crawlerName = action.name("CrawlerName");
      Map<String, String> arguments = action.stringMap("Arguments", 100, 255, 4096);
      if ((jobName == null) == (crawlerName == null)) {
        throw GlueException.invalidInput("each action names a JobName or a CrawlerName");
      }
      if (crawlerName != null && arguments != null) {
        throw GlueException.invalidInput("an action starting a crawler takes no Arguments");
      }
      actions.add(
          new Trigger.Action(jobName, crawlerName, arguments == null ? Map.of() : arguments));
    }
    if (required && actions.isEmpty()) {
      throw request.invalid("Actions", null, "Member must not be null");
    }
    return actions;
  }

  static ObjectNode toTrigger(LoadedTrigger loaded) {
    Trigger trigger = loaded.trigger();
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("Name", trigger.name());
    node.put("Id", trigger.name());
    node.put("Type", trigger.type().name());
    node.put("State", loaded.status().state().name());
    GlueConverter.putIfNotNull(node, "WorkflowName", trigger.workflowName());
    GlueConverter.putIfNotNull(node, "Description", trigger.description());
    GlueConverter.putIfNotNull(node, "Schedule", trigger.schedule());
    ArrayNode actions = node.putArray("Actions");
    for (Trigger.Action action : trigger.actions()) {
      ObjectNode item = actions.addObject();
      GlueConverter.putIfNotNull(item, "JobName", action.jobName());
      GlueConverter.putIfNotNull(item, "CrawlerName", action.crawlerName());
      if (action.jobName() != null) {
        ObjectNode arguments = item.putObject("Arguments");
        action.arguments().forEach(arguments::put);
      }
    }
    if (trigger.predicate() != null) {
      ObjectNode predicate = node.putObject("Predicate");
      predicate.put("Logical", trigger.predicate().logical().name());
      ArrayNode conditions = predicate.putArray("Conditions");
      for (Trigger.Condition condition : trigger.predicate().conditions()) {
        ObjectNode item = conditions.addObject().put("LogicalOperator", "EQUALS");
        if (condition.jobName() != null) {
          item.put("JobName", condition.jobName()).put("State", condition.state());
        } else {
          item.put("CrawlerName", condition.crawlerName()).put("CrawlState", condition.state());
        }
      }
    }
    return node;
  }
}
