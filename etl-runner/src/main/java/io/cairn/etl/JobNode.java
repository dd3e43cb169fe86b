package io.cairn.etl;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One node of a job graph as Glue Studio stores it in a job's {@code CodeGenConfigurationNodes}:
 * the node id, its type (the key of its object there, such as {@code S3CsvSource}, {@code
 * ApplyMapping} or {@code CatalogTarget}; for a {@code DynamicTransform}, its {@code TransformName}
 * such as {@code gs_concat}), its display name, its parents' ids and its whole configuration
 * object.
 */
public record JobNode(
    String id, String type, String name, List<String> inputs, JsonNode configuration) {
  public JobNode {
    requireNonNull(id, "id is null");
    requireNonNull(type, "type is null");
    requireNonNull(name, "name is null");
    inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
    requireNonNull(configuration, "configuration is null");
  }
}
