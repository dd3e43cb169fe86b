package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * A Glue job: what one run launches and with which limits.
 *
 * @param description null for none
 * @param role the IAM role Glue runs as; kept for clients, Cairn's runs do not assume it
 * @param commandName Glue's Command.Name ({@code glueetl} for Spark jobs)
 * @param scriptLocation Glue's Command.ScriptLocation; null for none
 * @param defaultArguments arguments of every run, under the ones a run is started with
 * @param maxRetries how often a FAILED run is retried as a new run (attempt + 1)
 * @param timeoutMinutes a run still going after this long is killed and ends TIMEOUT
 * @param maxConcurrentRuns the most runs of this job that may be active at once
 * @param graph Glue Studio's CodeGenConfigurationNodes, the job graph, as the JSON text it was sent
 *     as; null for a job without one
 * @param glueVersion null for none; stored for clients
 * @param workerType null for none; stored for clients
 * @param numberOfWorkers null for none; stored for clients
 * @param version starts at 1, one more on every update (compare-and-swap)
 */
public record JobDefinition(
    String name,
    String description,
    String role,
    String commandName,
    String scriptLocation,
    Map<String, String> defaultArguments,
    int maxRetries,
    int timeoutMinutes,
    int maxConcurrentRuns,
    String graph,
    String glueVersion,
    String workerType,
    Integer numberOfWorkers,
    Instant creationTime,
    Instant lastModified,
    long version) {
  public JobDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(role, "role is null");
    requireNonNull(commandName, "commandName is null");
    defaultArguments = Map.copyOf(defaultArguments);
    requireNonNull(creationTime, "creationTime is null");
    requireNonNull(lastModified, "lastModified is null");
  }
}
