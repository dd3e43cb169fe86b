package io.cairn.etl.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.etl.io.SourceBookmark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's job bookmark, as the server hands it over in the run's directory: {@code {"option":
 * "job-bookmark-enable" | "job-bookmark-pause", "state": {node id: state}, "to": {node id: state}}}
 * ({@code to} only for a paused run given a to-run). The state after the run is every node's state
 * from before, replaced for the nodes that read this time; the runner writes it only when the job
 * succeeded, and the server commits it only for an enabled run.
 */
public final class JobBookmarks {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ObjectNode state;
  private final ObjectNode upTo;
  private final ObjectNode next;

  private JobBookmarks(ObjectNode state, ObjectNode upTo) {
    this.state = state;
    this.upTo = upTo;
    this.next = state.deepCopy();
  }

  /**
   * @throws IllegalArgumentException when the file is not such a bookmark
   */
  public static JobBookmarks read(Path file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the job bookmark " + file + ": " + e, e);
    }
    if (root == null || !root.path("state").isObject()) {
      throw new IllegalArgumentException("the job bookmark " + file + " has no \"state\" object");
    }
    JsonNode to = root.path("to");
    if (!to.isMissingNode() && !to.isObject()) {
      throw new IllegalArgumentException("the job bookmark " + file + "'s \"to\" is not an object");
    }
    return new JobBookmarks((ObjectNode) root.get("state"), to.isObject() ? (ObjectNode) to : null);
  }

  /** The bookmark of the source node {@code nodeId}. */
  public SourceBookmark source(String nodeId) {
    return new SourceBookmark(
        state.get(nodeId),
        upTo == null ? null : upTo.get(nodeId),
        nodeState -> {
          synchronized (next) {
            next.set(nodeId, nodeState);
          }
        });
  }

  /** Writes the state after this run. */
  public void write(Path file) throws IOException {
    String json;
    synchronized (next) {
      json = next.toString();
    }
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, json, StandardCharsets.UTF_8);
    // The server reads the file only after the process exited; the move keeps it whole anyway.
    Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
