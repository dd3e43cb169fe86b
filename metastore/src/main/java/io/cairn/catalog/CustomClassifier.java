package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import io.cairn.classifiers.ClassifierDefinition;
import java.time.Instant;

/**
 * A custom classifier kept in the catalog (Glue's Classifier): its definition, when it was created
 * and last changed, and its compare-and-swap {@code version}, 1 when created and +1 per update as
 * Glue counts it.
 */
public record CustomClassifier(
    ClassifierDefinition definition, Instant creationTime, Instant lastUpdated, long version) {
  public CustomClassifier {
    requireNonNull(definition, "definition is null");
    requireNonNull(creationTime, "creationTime is null");
    requireNonNull(lastUpdated, "lastUpdated is null");
  }

  public String name() {
    return definition.name();
  }
}
