package io.cairn.locks;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A lock on one or more objects, acquired or waiting as a whole. {@code transactionId} is 0 when
 * the lock belongs to no transaction; such a lock lives while its client heartbeats it, a
 * transaction's locks while the transaction does, and they are released when it ends. {@code
 * acquiredAt} is null while the lock waits.
 */
public record Lock(
    long id,
    long transactionId,
    List<LockComponent> components,
    State state,
    Client client,
    Instant lastHeartbeat,
    Instant acquiredAt) {
  public Lock {
    components = List.copyOf(requireNonNull(components, "components is null"));
    requireNonNull(state, "state is null");
    requireNonNull(client, "client is null");
    requireNonNull(lastHeartbeat, "lastHeartbeat is null");
    if ((state == State.ACQUIRED) != (acquiredAt != null)) {
      throw new IllegalArgumentException("acquiredAt is set exactly when the lock is acquired");
    }
  }

  public boolean belongsToTransaction() {
    return transactionId != 0;
  }

  public enum State {
    WAITING,
    ACQUIRED
  }
}
