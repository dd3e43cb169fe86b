package io.cairn.locks;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A Hive transaction: ids come from one sequence shared by all replicas. It lives while its client
 * heartbeats it; a commit or an abort releases its locks. Committed and aborted transactions are
 * kept so that a late commit learns what became of its transaction.
 */
public record Transaction(
    long id, State state, Client client, Instant startedTime, Instant lastHeartbeat) {
  public Transaction {
    requireNonNull(state, "state is null");
    requireNonNull(client, "client is null");
    requireNonNull(startedTime, "startedTime is null");
    requireNonNull(lastHeartbeat, "lastHeartbeat is null");
  }

  public enum State {
    OPEN,
    COMMITTED,
    ABORTED
  }
}
