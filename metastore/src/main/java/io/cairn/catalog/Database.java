package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * A database (Glue Database, HMS Database). {@code version} is the compare-and-swap counter: it
 * starts at 0 and each committed update increments it.
 */
public record Database(
    DatabaseName name,
    String description,
    String location,
    String managedLocation,
    Map<String, String> parameters,
    String ownerName,
    PrincipalType ownerType,
    Instant createTime,
    DatabaseName targetDatabase,
    long version) {
  public Database {
    requireNonNull(name, "name is null");
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  public Database withVersion(long newVersion) {
    return new Database(
        name,
        description,
        location,
        managedLocation,
        parameters,
        ownerName,
        ownerType,
        createTime,
        targetDatabase,
        newVersion);
  }
}
