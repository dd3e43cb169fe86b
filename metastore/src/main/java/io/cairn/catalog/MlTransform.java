package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Glue ML transform of type FIND_MATCHES: which records it matches and how. Its labels, model and
 * evaluation are its {@link MlTransformState}, changed only by its task runs.
 *
 * @param transformId Glue's TransformId ({@code tfm-} and 40 hex digits), fixed at creation
 * @param name unique among transforms
 * @param description null for none
 * @param inputTables the catalog tables whose records it matches (Glue's InputRecordTables)
 * @param primaryKeyColumnName the column that identifies a record; null until set
 * @param precisionRecallTradeoff null for the runner's default (0.5)
 * @param accuracyCostTradeoff null for the runner's default (0.5)
 * @param enforceProvidedLabels null for the runner's default (false)
 * @param role the IAM role Glue runs as; kept for clients, Cairn's task runs do not assume it
 * @param glueVersion null for none; stored for clients
 * @param maxCapacity Glue's DPUs; null when workerType is set
 * @param workerType null for none; with numberOfWorkers, the Spark resources of a task run
 * @param numberOfWorkers null exactly when workerType is
 * @param timeoutMinutes a task run still going after this long is killed and ends TIMEOUT
 * @param maxRetries stored for clients; failed task runs are not retried
 * @param tags Glue's Tags given at creation
 * @param encryptLabelsAndModel Glue's MlUserDataEncryptionMode SSE-KMS: labels and model are kept
 *     encrypted with the server's key
 * @param kmsKeyId null for none; stored for clients (the server's key is used instead)
 * @param version starts at 1, one more on every update (compare-and-swap)
 */
public record MlTransform(
    String transformId,
    String name,
    String description,
    List<InputTable> inputTables,
    String primaryKeyColumnName,
    Double precisionRecallTradeoff,
    Double accuracyCostTradeoff,
    Boolean enforceProvidedLabels,
    String role,
    String glueVersion,
    Double maxCapacity,
    String workerType,
    Integer numberOfWorkers,
    int timeoutMinutes,
    int maxRetries,
    Map<String, String> tags,
    boolean encryptLabelsAndModel,
    String kmsKeyId,
    Instant creationTime,
    Instant lastModified,
    long version) {
  public MlTransform {
    requireNonNull(transformId, "transformId is null");
    requireNonNull(name, "name is null");
    inputTables = List.copyOf(inputTables);
    requireNonNull(role, "role is null");
    tags = Map.copyOf(tags);
    requireNonNull(creationTime, "creationTime is null");
    requireNonNull(lastModified, "lastModified is null");
  }

  /**
   * A catalog table of records (Glue's GlueTable); names as given, looked up case-insensitively.
   */
  public record InputTable(String databaseName, String tableName) {
    public InputTable {
      requireNonNull(databaseName, "databaseName is null");
      requireNonNull(tableName, "tableName is null");
    }
  }

  /** This transform as created at {@code time}: version 1, created and modified then. */
  public MlTransform createdAt(Instant time) {
    return new MlTransform(
        transformId,
        name,
        description,
        inputTables,
        primaryKeyColumnName,
        precisionRecallTradeoff,
        accuracyCostTradeoff,
        enforceProvidedLabels,
        role,
        glueVersion,
        maxCapacity,
        workerType,
        numberOfWorkers,
        timeoutMinutes,
        maxRetries,
        tags,
        encryptLabelsAndModel,
        kmsKeyId,
        time,
        time,
        1);
  }

  /** This transform with another definition version and modification time. */
  public MlTransform withVersion(Instant modified, long nextVersion) {
    return new MlTransform(
        transformId,
        name,
        description,
        inputTables,
        primaryKeyColumnName,
        precisionRecallTradeoff,
        accuracyCostTradeoff,
        enforceProvidedLabels,
        role,
        glueVersion,
        maxCapacity,
        workerType,
        numberOfWorkers,
        timeoutMinutes,
        maxRetries,
        tags,
        encryptLabelsAndModel,
        kmsKeyId,
        creationTime,
        modified,
        nextVersion);
  }
}
