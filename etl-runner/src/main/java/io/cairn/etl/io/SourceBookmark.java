package io.cairn.etl.io;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.function.Consumer;

/**
 * One source node's part of a run's job bookmark (Glue's state per transformation_ctx; Cairn keys
 * it by node id).
 *
 * @param processed what earlier runs processed; a missing node when nothing
 * @param upTo only with a paused run given a to-run: what that run had processed, the end of what
 *     is read; a missing node otherwise
 * @param recorder takes the source's state after this run, kept only if the whole job succeeds
 */
public record SourceBookmark(JsonNode processed, JsonNode upTo, Consumer<JsonNode> recorder) {
  public SourceBookmark {
    processed = processed == null ? MissingNode.getInstance() : processed;
    upTo = upTo == null ? MissingNode.getInstance() : upTo;
    requireNonNull(recorder, "recorder is null");
  }

  public void record(JsonNode state) {
    recorder.accept(requireNonNull(state, "state is null"));
  }
}
