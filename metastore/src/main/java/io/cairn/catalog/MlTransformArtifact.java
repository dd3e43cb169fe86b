package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A transform's labels or model as stored in the catalog database, so that every replica hands the
 * same ones to its task runs.
 *
 * @param keyId the id of the key {@code content} is encrypted with; null when it is plain
 * @param content the labels file (CSV), or the model directory as a zip file; encrypted when {@code
 *     keyId} is set
 */
public record MlTransformArtifact(Kind kind, String keyId, ByteString content) {
  public MlTransformArtifact {
    requireNonNull(kind, "kind is null");
    requireNonNull(content, "content is null");
  }

  public enum Kind {
    LABELS,
    MODEL
  }
}
