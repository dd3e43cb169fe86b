package io.cairn.locks;

import static java.util.Objects.requireNonNull;

/**
 * Who took a lock or opened a transaction, as the client says: for people reading {@code SHOW
 * LOCKS}, and for clients that find their own lock again by {@code agentInfo} (Iceberg's
 * HiveCatalog puts a UUID there). {@code agentInfo} may be null.
 */
public record Client(String user, String host, String agentInfo) {
  public Client {
    requireNonNull(user, "user is null");
    requireNonNull(host, "host is null");
  }
}
