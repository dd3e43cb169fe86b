package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What an ML transform's task runs made of it: how many records are labelled, its last evaluation
 * and the input columns its last task saw. Its labels and model are {@link MlTransformArtifact}s
 * committed with it.
 *
 * @param version 0 before any task stored something, one more on every commit (compare-and-swap)
 * @param labelCount the labelled records of its labels; 0 without labels (Glue's NOT_READY)
 * @param evaluationMetrics from its last EVALUATION task run; null before one
 * @param schema the input table's columns as its last task run read them; empty before one
 */
public record MlTransformState(
    String transformId,
    long version,
    long labelCount,
    FindMatchesMetrics evaluationMetrics,
    List<Column> schema) {
  public MlTransformState {
    requireNonNull(transformId, "transformId is null");
    schema = List.copyOf(schema);
  }

  /** The state of a transform no task run stored anything for. */
  public static MlTransformState empty(String transformId) {
    return new MlTransformState(transformId, 0, 0, null, List.of());
  }
}
