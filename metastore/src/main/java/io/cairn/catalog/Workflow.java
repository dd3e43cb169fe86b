package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * A Glue workflow: a named group of triggers whose runs it tracks together. Its triggers name it
 * ({@link Trigger#workflowName()}); a run starts with its ON_DEMAND or SCHEDULED triggers.
 *
 * @param description null for none
 * @param defaultRunProperties the properties every run starts with, under the ones it is started
 *     with
 * @param maxConcurrentRuns the most runs that may be active at once; null for no limit
 * @param version starts at 1, one more on every update (compare-and-swap)
 */
public record Workflow(
    String name,
    String description,
    Map<String, String> defaultRunProperties,
    Integer maxConcurrentRuns,
    Instant creationTime,
    Instant lastModified,
    long version) {
  public Workflow {
    requireNonNull(name, "name is null");
    defaultRunProperties = Map.copyOf(defaultRunProperties);
    requireNonNull(creationTime, "creationTime is null");
    requireNonNull(lastModified, "lastModified is null");
  }
}
