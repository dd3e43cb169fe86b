package io.cairn.etl.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.etl.JobNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job as Glue stores it in {@code CodeGenConfigurationNodes}: node ids mapped to an object with
 * one key, the node type, whose value is the node's configuration ({@code Name}, {@code Inputs},
 * and the type's own fields); a {@code DynamicTransform}'s type is its {@code TransformName}. A
 * parsed graph is valid: every type is known, every input exists, there is no cycle, and every
 * node's configuration passed its type's validation. Its nodes are in an order where each comes
 * after its inputs.
 */
public record JobGraph(List<JobNode> nodes) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public JobGraph {
    nodes = List.copyOf(nodes);
  }

  /** The graph in {@code json}, or a {@link JobDefinitionException} with every problem found. */
  public static JobGraph parse(String json, NodeTypes types) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new JobDefinitionException(List.of("the job is not JSON: " + e.getOriginalMessage()));
    }
    return parse(root, types);
  }

  public static JobGraph parse(JsonNode root, NodeTypes types) {
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw new JobDefinitionException(
          List.of("the job must be an object of nodes ({\"node-1\": {\"S3CsvSource\": {…}}, …})"));
    }
    Map<String, JobNode> nodes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      node(field.getKey(), field.getValue(), problems)
          .ifPresent(node -> nodes.put(node.id(), node));
    }
    boolean anyTarget = false;
    for (JobNode node : nodes.values()) {
      String where = "node " + node.id() + " (" + node.type() + ")";
      for (String input : node.inputs()) {
        if (!nodes.containsKey(input)) {
          problems.add(where + ": input " + input + " is not a node of the job");
        }
      }
      if (types.source(node.type()).isPresent()) {
        if (!node.inputs().isEmpty()) {
          problems.add(where + ": a source has no inputs");
        }
        types
            .source(node.type())
            .get()
            .validate(node.configuration())
            .forEach(problem -> problems.add(where + ": " + problem));
      } else if (types.target(node.type()).isPresent()) {
        anyTarget = true;
        if (node.inputs().size() != 1) {
          problems.add(where + ": a target has exactly one input");
        }
        types
            .target(node.type())
            .get()
            .validate(node.configuration())
            .forEach(problem -> problems.add(where + ": " + problem));
      } else if (types.transform(node.type()).isPresent()) {
        if (node.inputs().isEmpty()) {
          problems.add(where + ": a transform needs at least one input");
        }
        types
            .transform(node.type())
            .get()
            .validate(node.configuration())
            .forEach(problem -> problems.add(where + ": " + problem));
      } else {
        problems.add(where + ": unknown node type " + node.type());
      }
    }
    if (!nodes.isEmpty() && !anyTarget) {
      problems.add("the job has no target node, so it would write nothing");
    }
    List<JobNode> ordered = order(nodes, problems);
    if (!problems.isEmpty()) {
      throw new JobDefinitionException(problems);
    }
    return new JobGraph(ordered);
  }

  private static java.util.Optional<JobNode> node(
      String id, JsonNode wrapper, List<String> problems) {
    if (!wrapper.isObject() || wrapper.size() != 1) {
      problems.add("node " + id + " must be an object with one key, its node type");
      return java.util.Optional.empty();
    }
    Map.Entry<String, JsonNode> typed = wrapper.fields().next();
    String type = typed.getKey();
    JsonNode configuration = typed.getValue();
    if (!configuration.isObject()) {
      problems.add("node " + id + " (" + type + "): its configuration must be an object");
      return java.util.Optional.empty();
    }
    if (type.equals("DynamicTransform")) {
      JsonNode transformName = configuration.get("TransformName");
      if (transformName == null || !transformName.isTextual() || transformName.asText().isEmpty()) {
        problems.add("node " + id + " (DynamicTransform): TransformName is missing");
        return java.util.Optional.empty();
      }
      type = transformName.asText();
    }
    List<String> inputs = new ArrayList<>();
    JsonNode inputsNode = configuration.get("Inputs");
    if (inputsNode != null && !inputsNode.isNull()) {
      if (!inputsNode.isArray()) {
        problems.add("node " + id + " (" + type + "): Inputs must be a list of node ids");
        return java.util.Optional.empty();
      }
      inputsNode.forEach(input -> inputs.add(input.asText()));
    }
    String name = configuration.path("Name").asText(id);
    return java.util.Optional.of(new JobNode(id, type, name, inputs, configuration));
  }

  /** Kahn's order: a node after all its inputs; the nodes on a cycle are named as a problem. */
  private static List<JobNode> order(Map<String, JobNode> nodes, List<String> problems) {
    Map<String, Integer> waiting = new HashMap<>();
    Map<String, List<String>> consumers = new HashMap<>();
    for (JobNode node : nodes.values()) {
      long known = node.inputs().stream().filter(nodes::containsKey).count();
      waiting.put(node.id(), (int) known);
      node.inputs().stream()
          .filter(nodes::containsKey)
          .forEach(
              input -> consumers.computeIfAbsent(input, key -> new ArrayList<>()).add(node.id()));
    }
    Deque<String> ready = new ArrayDeque<>();
    nodes.keySet().stream().filter(id -> waiting.get(id) == 0).forEach(ready::add);
    List<JobNode> ordered = new ArrayList<>();
    while (!ready.isEmpty()) {
      String id = ready.removeFirst();
      ordered.add(nodes.get(id));
      for (String consumer : consumers.getOrDefault(id, List.of())) {
        if (waiting.merge(consumer, -1, Integer::sum) == 0) {
          ready.add(consumer);
        }
      }
    }
    if (ordered.size() < nodes.size()) {
      problems.add(
          "the job has a cycle; these nodes are on it or depend on it: "
              + nodes.keySet().stream().filter(id -> waiting.get(id) > 0).sorted().toList());
    }
    return ordered;
  }
}
