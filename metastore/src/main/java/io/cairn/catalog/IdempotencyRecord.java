package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The final response to a request that carried an {@code Idempotency-Key} (Iceberg REST), kept so
 * that a retry with the same key gets it again instead of running the operation twice.
 *
 * @param key the client's key, unique across every operation
 * @param request what the key was first used for ({@code METHOD path}); a retry must match it
 * @param status the HTTP status of the response; {@link #PENDING} while the request runs
 * @param body the response body (JSON), empty for none
 * @param createTime when the response was stored; it is replayed until the key's lifetime ends
 */
public record IdempotencyRecord(
    String key, String request, int status, String body, Instant createTime) {
  /** The status of a key whose request has not finished yet. */
  public static final int PENDING = 0;

  public IdempotencyRecord {
    requireNonNull(key, "key is null");
    requireNonNull(request, "request is null");
    requireNonNull(body, "body is null");
    requireNonNull(createTime, "createTime is null");
  }
}
