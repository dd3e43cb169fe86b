package io.cairn.service;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Column;
import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.ConcurrentRunsExceededException;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.MlTaskRun;
import io.cairn.catalog.MlTransform;
import io.cairn.catalog.MlTransformArtifact;
import io.cairn.catalog.MlTransformNotReadyException;
import io.cairn.catalog.MlTransformState;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.NotFoundException;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.ValidationException;
import io.cairn.store.CatalogStore;
import io.cairn.store.StoreTransaction;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glue's ML transforms (FIND_MATCHES) and their task runs. Each task run is launched by this server
 * as its own JVM ({@link MlTaskLauncher}) and watched by one thread here, as job runs are by {@link
 * JobService}: its exit code and result decide SUCCEEDED or FAILED, a cancel or its timeout destroy
 * its process tree (STOPPED, TIMEOUT), heartbeats let any replica fail the runs of a server that
 * died.
 *
 * <p>A transform has at most one active task run, so its labels and model change one task at a
 * time; a run's outputs (labels, model, evaluation) are committed in the transaction that records
 * it SUCCEEDED, by compare-and-swap on the transform's state version as it was when the run
 * started. Labels and models live in the catalog database (encrypted with the server's key when one
 * is configured), never only on the disk of the replica that ran the task.
 */
public final class MlTransformService implements AutoCloseable {
  /** Answered as a task run's LogGroupName; the log itself is served by the browse API. */
  public static final String LOG_GROUP = "/aws-glue/ml-transforms";

  /** Glue's default Timeout of an ML transform's task runs: 48 hours. */
  public static final int DEFAULT_TIMEOUT_MINUTES = 2880;

  private static final Logger LOG = LoggerFactory.getLogger(MlTransformService.class);
  private static final Duration WATCH_INTERVAL = Duration.ofMillis(100);
  private static final Set<String> PATH_SCHEMES = Set.of("file", "s3", "s3a", "hdfs");

  private final CatalogStore store;
  private final CatalogService catalog;
  private final MlTaskLauncher launcher;
  private final ArtifactCipher cipher;
  private final Clock clock;
  private final Duration heartbeatTimeout;
  private final Map<String, RunningTask> running = new ConcurrentHashMap<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final ExecutorService runThreads;
  private final ScheduledExecutorService timer;

  /**
   * @param heartbeatTimeout an active run without a heartbeat for this long belongs to a server
   *     that died; heartbeats are sent four times as often
   */
  public MlTransformService(
      CatalogStore store,
      CatalogService catalog,
      MlTaskLauncher launcher,
      ArtifactCipher cipher,
      Clock clock,
      Duration heartbeatTimeout) {
    this.store = requireNonNull(store, "store is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.launcher = requireNonNull(launcher, "launcher is null");
    this.cipher = requireNonNull(cipher, "cipher is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.heartbeatTimeout = requireNonNull(heartbeatTimeout, "heartbeatTimeout is null");
    if (heartbeatTimeout.toMillis() < 4) {
      throw new IllegalArgumentException("heartbeatTimeout is too short: " + heartbeatTimeout);
    }
    this.runThreads = Executors.newCachedThreadPool(BackgroundThreads.daemon("cairn-ml-task"));
    this.timer =
        Executors.newSingleThreadScheduledExecutor(BackgroundThreads.daemon("cairn-ml-timer"));
  }

  /**
   * Marks the runs a dead server left active as FAILED, then sends heartbeats and looks for the
   * runs of other replicas that died.
   *
   * @param failAllRunning true when no other server shares the store (the embedded SQLite file)
   */
  public void start(boolean failAllRunning) {
    failAbandonedRuns(failAllRunning ? now().plusMillis(1) : now().minus(heartbeatTimeout));
    launcher.deleteLeftPlainCopies();
    long heartbeatMillis = heartbeatTimeout.toMillis() / 4;
    timer.scheduleWithFixedDelay(
        () -> guarded("heartbeat", this::heartbeat),
        heartbeatMillis,
        heartbeatMillis,
        TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(
        () ->
            guarded("check of stale runs", () -> failAbandonedRuns(now().minus(heartbeatTimeout))),
        heartbeatTimeout.toMillis(),
        heartbeatTimeout.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  // Transforms

  /** Glue's transform ids: {@code tfm-} and 40 hex digits. */
  public static String newTransformId() {
    return "tfm-" + randomHex();
  }

  private static String randomHex() {
    byte[] bytes = new byte[20];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Stores a new transform; its times and version (1) are set here. */
  public void createTransform(MlTransform transform) {
    MlTransform created = transform.createdAt(now());
    validate(created);
    store.write(
        transaction -> {
          transaction.createMlTransform(created);
          return null;
        });
  }

  public MlTransform loadTransform(String transformId) {
    return store.read(transaction -> requireTransform(transaction, transformId));
  }

  /** Every transform, in name order. */
  public List<MlTransform> listTransforms() {
    return store.read(StoreTransaction::listMlTransforms);
  }

  public MlTransformState loadState(String transformId) {
    return store.read(
        transaction -> {
          requireTransform(transaction, transformId);
          return transaction.loadMlTransformState(transformId);
        });
  }

  /**
   * The columns of the transform's input table as the catalog has them now; when the table is gone,
   * as its last task run read them.
   */
  public List<Column> schema(MlTransform transform, MlTransformState state) {
    try {
      Table table = catalog.loadTable(inputTable(transform.inputTables().get(0)));
      List<Column> columns = new ArrayList<>();
      if (table.storageDescriptor() != null) {
        columns.addAll(table.storageDescriptor().columns());
      }
      columns.addAll(table.partitionKeys());
      return columns;
    } catch (NotFoundException e) {
      return state.schema();
    }
  }

  /**
   * Replaces a transform's definition if its stored version is {@code expectedVersion}; a task run
   * active meanwhile goes on with the definition it started with.
   *
   * @param transform the new definition, with the transform's id and creation time
   * @throws CommitFailedException when it changed since {@code expectedVersion}
   */
  public void updateTransform(MlTransform transform, long expectedVersion) {
    validate(transform);
    store.write(
        transaction -> {
          requireTransform(transaction, transform.transformId());
          MlTransform updated = transform.withVersion(now(), expectedVersion + 1);
          if (!transaction.updateMlTransform(updated)) {
            throw new CommitFailedException(
                "ML transform "
                    + transform.transformId()
                    + " was changed concurrently; nothing was written");
          }
          return null;
        });
  }

  /**
   * Deletes a transform with its labels, model and task runs.
   *
   * @throws ValidationException while a task run of it is active
   */
  public void dropTransform(String transformId) {
    store.write(
        transaction -> {
          if (!transaction.dropMlTransform(transformId)) {
            throw new ValidationException(
                "ML transform "
                    + transformId
                    + " has an active task run; cancel it (CancelMLTaskRun) before deleting it");
          }
          return null;
        });
  }

  private void validate(MlTransform transform) {
    if (transform.inputTables().size() != 1) {
      throw new ValidationException(
          "a FIND_MATCHES transform takes exactly one table in InputRecordTables, not "
              + transform.inputTables().size());
    }
    Table table = catalog.loadTable(inputTable(transform.inputTables().get(0)));
    String key = transform.primaryKeyColumnName();
    if (key == null) {
      throw new ValidationException("FindMatchesParameters.PrimaryKeyColumnName is required");
    }
    List<Column> columns = new ArrayList<>(table.partitionKeys());
    if (table.storageDescriptor() != null) {
      columns.addAll(table.storageDescriptor().columns());
    }
    if (columns.stream().noneMatch(column -> column.name().equalsIgnoreCase(key))) {
      throw new ValidationException(
          "PrimaryKeyColumnName "
              + key
              + " is not a column of "
              + table.name().database()
              + "."
              + table.name().table());
    }
    checkFraction("PrecisionRecallTradeoff", transform.precisionRecallTradeoff());
    checkFraction("AccuracyCostTradeoff", transform.accuracyCostTradeoff());
    if ((transform.workerType() == null) != (transform.numberOfWorkers() == null)) {
      throw new ValidationException(
          "WorkerType and NumberOfWorkers are set together or not at all");
    }
    if (transform.workerType() != null && transform.maxCapacity() != null) {
      throw new ValidationException("MaxCapacity cannot be set together with WorkerType");
    }
    if (transform.workerType() != null
        && !MlTaskLauncher.workerTypes().contains(transform.workerType())) {
      throw new ValidationException("unknown WorkerType " + transform.workerType());
    }
    if (transform.numberOfWorkers() != null && transform.numberOfWorkers() < 1) {
      throw new ValidationException(
          "NumberOfWorkers must be at least 1, not " + transform.numberOfWorkers());
    }
    if (transform.maxCapacity() != null
        && !(transform.maxCapacity() >= 1 && transform.maxCapacity() <= 100)) {
      throw new ValidationException(
          "MaxCapacity must be from 1 to 100 DPUs, not " + transform.maxCapacity());
    }
    if (transform.timeoutMinutes() < 1) {
      throw new ValidationException(
          "Timeout must be at least 1 minute, not " + transform.timeoutMinutes());
    }
    if (transform.maxRetries() < 0 || transform.maxRetries() > 10) {
      throw new ValidationException(
          "MaxRetries must be from 0 to 10, not " + transform.maxRetries());
    }
    if (transform.encryptLabelsAndModel() && cipher.keyId() == null) {
      throw new ValidationException(
          "MlUserDataEncryptionMode SSE-KMS needs the server's key"
              + " (ml-transforms.encryption-key-file), and none is configured");
    }
  }

  private static void checkFraction(String name, Double value) {
    if (value != null && !(value >= 0 && value <= 1)) {
      throw new ValidationException(name + " must be from 0.0 to 1.0, not " + value);
    }
  }

  private TableName inputTable(MlTransform.InputTable input) {
    return new DatabaseName(catalog.defaultCatalog(), input.databaseName())
        .table(input.tableName());
  }

  private static MlTransform requireTransform(StoreTransaction transaction, String transformId) {
    return transaction
        .loadMlTransform(transformId)
        .orElseThrow(
            () -> new NoSuchEntityException("ML transform " + transformId + " does not exist"));
  }

  // Task runs

  /**
   * Starts a task run of the transform on this server and returns its id.
   *
   * @param properties what the task needs, by {@link MlTaskRun#properties()}'s names
   * @throws MlTransformNotReadyException when the task needs labels and the transform has none
   * @throws ConcurrentRunsExceededException while another task run of the transform is active
   */
  public String startTaskRun(
      String transformId, MlTaskRun.TaskType type, Map<String, String> properties) {
    MlTransform transform = loadTransform(transformId);
    MlTransformState state = loadState(transformId);
    checkTask(transform, state, type, properties);
    Instant now = now();
    MlTaskRun run =
        new MlTaskRun(
            "tsk-" + randomHex(),
            transformId,
            type,
            MlTaskRun.State.STARTING,
            properties,
            transform.timeoutMinutes(),
            now,
            now,
            now,
            null,
            null);
    boolean created = store.write(transaction -> transaction.createMlTaskRun(run));
    if (!created) {
      throw new ConcurrentRunsExceededException(
          "ML transform "
              + transformId
              + " has an active task run already; a transform runs one task at a time");
    }
    RunningTask task = new RunningTask(run, transform);
    running.put(run.taskRunId(), task);
    try {
      runThreads.execute(() -> watch(task));
    } catch (RejectedExecutionException e) {
      running.remove(run.taskRunId());
      end(task, MlTaskRun.State.FAILED, "the server is shutting down");
    }
    return run.taskRunId();
  }

  private void checkTask(
      MlTransform transform,
      MlTransformState state,
      MlTaskRun.TaskType type,
      Map<String, String> properties) {
    boolean needsLabels =
        switch (type) {
          case EVALUATION, EXPORT_LABELS, FIND_MATCHES, FIND_INCREMENTAL_MATCHES -> true;
          case LABELING_SET_GENERATION, IMPORT_LABELS -> false;
        };
    if (needsLabels && state.labelCount() == 0) {
      throw new MlTransformNotReadyException(
          "ML transform "
              + transform.transformId()
              + " has no labels yet (NOT_READY); import labels (StartImportLabelsTaskRun) before "
              + type);
    }
    switch (type) {
      case IMPORT_LABELS -> checkPath("InputS3Path", properties.get("inputPath"));
      case LABELING_SET_GENERATION, EXPORT_LABELS ->
          checkPath("OutputS3Path", properties.get("outputPath"));
      case FIND_MATCHES -> checkOutput(properties);
      case FIND_INCREMENTAL_MATCHES -> {
        checkOutput(properties);
        String database = properties.get("incrementalDatabase");
        String table = properties.get("incrementalTable");
        if (database == null || table == null) {
          throw new ValidationException("FIND_INCREMENTAL_MATCHES needs its new records' table");
        }
        catalog.loadTable(new DatabaseName(catalog.defaultCatalog(), database).table(table));
        if (properties.containsKey("matchedTable")) {
          catalog.loadTable(
              new DatabaseName(catalog.defaultCatalog(), properties.get("matchedDatabase"))
                  .table(properties.get("matchedTable")));
        }
      }
      case EVALUATION -> {
        // It needs the labels only.
      }
    }
  }

  private void checkOutput(Map<String, String> properties) {
    String database = properties.get("outputDatabase");
    String table = properties.get("outputTable");
    if (database == null || table == null || table.isBlank()) {
      throw new ValidationException("matching needs an output table (database and table)");
    }
    catalog.loadDatabase(new DatabaseName(catalog.defaultCatalog(), database));
  }

  /** Paths the runner reads or writes: file:, s3:, s3a: or hdfs: URIs. */
  private static void checkPath(String name, String path) {
    if (path == null || path.isBlank()) {
      throw new ValidationException(name + " is required");
    }
    try {
      URI uri = new URI(path);
      if (uri.getScheme() == null
          || !PATH_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
        throw new ValidationException(
            name + " must be an s3://, s3a://, hdfs:// or file: URI, not " + path);
      }
    } catch (URISyntaxException e) {
      throw new ValidationException(name + " is not a URI: " + path);
    }
  }

  public MlTaskRun loadTaskRun(String transformId, String taskRunId) {
    return store.read(
        transaction -> {
          requireTransform(transaction, transformId);
          return requireTaskRun(transaction, transformId, taskRunId);
        });
  }

  private static MlTaskRun requireTaskRun(
      StoreTransaction transaction, String transformId, String taskRunId) {
    return transaction
        .loadMlTaskRun(taskRunId)
        .filter(run -> run.transformId().equals(transformId))
        .orElseThrow(
            () ->
                new NoSuchEntityException(
                    "task run "
                        + taskRunId
                        + " of ML transform "
                        + transformId
                        + " does not exist"));
  }

  /** A transform's task runs, newest first. */
  public List<MlTaskRun> listTaskRuns(String transformId) {
    return store.read(
        transaction -> {
          requireTransform(transaction, transformId);
          return transaction.listMlTaskRuns(transformId);
        });
  }

  /**
   * Asks an active task run to stop: its process tree is destroyed and it ends STOPPED.
   *
   * @return the run as it is now (STOPPING)
   * @throws ValidationException when it has ended or is stopping already
   */
  public MlTaskRun cancelTaskRun(String transformId, String taskRunId) {
    MlTaskRun stopping =
        store.write(
            transaction -> {
              requireTransform(transaction, transformId);
              MlTaskRun run = requireTaskRun(transaction, transformId, taskRunId);
              if (run.state() == MlTaskRun.State.STOPPING || !run.active()) {
                throw new ValidationException(
                    "task run "
                        + taskRunId
                        + " is "
                        + run.state()
                        + "; only a starting or running task run can be cancelled");
              }
              MlTaskRun changed = run.changed(MlTaskRun.State.STOPPING, now());
              if (!transaction.changeMlTaskRun(changed, run.state())) {
                throw new CommitFailedException("task run " + taskRunId + " changed concurrently");
              }
              return changed;
            });
    RunningTask here = running.get(taskRunId);
    if (here != null) {
      here.stopRequested.set(true);
    }
    // On another replica the heartbeat carries the request there.
    return stopping;
  }

  /** The output (stdout and stderr) of a task run so far. */
  public Path logFile(String transformId, String taskRunId) {
    loadTaskRun(transformId, taskRunId);
    return launcher.logFile(taskRunId);
  }

  /** A run this server watches. */
  private static final class RunningTask {
    private final MlTaskRun started;
    private final MlTransform transform;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private long startStateVersion;

    RunningTask(MlTaskRun started, MlTransform transform) {
      this.started = started;
      this.transform = transform;
    }
  }

  private void watch(RunningTask task) {
    MlTaskRun started = task.started;
    Process process;
    try {
      process = launch(task);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not launch task run {}", started.taskRunId(), e);
      end(task, MlTaskRun.State.FAILED, "the task could not be launched: " + message(e));
      cleanUp(task);
      return;
    }
    try {
      boolean runningNow =
          store.write(
              transaction ->
                  transaction.changeMlTaskRun(
                      started.changed(MlTaskRun.State.RUNNING, now()), MlTaskRun.State.STARTING));
      if (!runningNow) {
        // Cancelled (or failed by another replica) before the process was up.
        task.stopRequested.set(true);
      }
      Instant deadline = started.startedOn().plus(Duration.ofMinutes(started.timeoutMinutes()));
      while (true) {
        if (process.waitFor(WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
          if (task.stopRequested.get()) {
            end(task, stoppedState(), stoppedMessage());
          } else {
            ended(task, process.exitValue());
          }
          return;
        }
        if (task.stopRequested.get()) {
          ProcessTrees.destroy(process);
          end(task, stoppedState(), stoppedMessage());
          return;
        }
        if (!now().isBefore(deadline)) {
          ProcessTrees.destroy(process);
          end(
              task,
              MlTaskRun.State.TIMEOUT,
              "the task run was still going after its Timeout of "
                  + started.timeoutMinutes()
                  + " minute(s) and was killed");
          return;
        }
      }
    } catch (InterruptedException e) {
      ProcessTrees.destroy(process);
      end(task, MlTaskRun.State.FAILED, "the server shut down during the task run");
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      ProcessTrees.destroy(process);
      LOG.warn("Watching task run {} failed", started.taskRunId(), e);
      end(task, MlTaskRun.State.FAILED, message(e));
    } finally {
      cleanUp(task);
    }
  }

  /** Hands the transform's current labels and model to the run, decrypted, and starts it. */
  private Process launch(RunningTask task) throws IOException {
    String transformId = task.transform.transformId();
    record Inputs(long version, MlTransformArtifact labels, MlTransformArtifact model) {}
    Inputs inputs =
        store.read(
            transaction ->
                new Inputs(
                    transaction.loadMlTransformState(transformId).version(),
                    transaction
                        .loadMlTransformArtifact(transformId, MlTransformArtifact.Kind.LABELS)
                        .orElse(null),
                    transaction
                        .loadMlTransformArtifact(transformId, MlTransformArtifact.Kind.MODEL)
                        .orElse(null)));
    task.startStateVersion = inputs.version();
    byte[] labels = inputs.labels() == null ? null : cipher.open(transformId, inputs.labels());
    byte[] model = inputs.model() == null ? null : cipher.open(transformId, inputs.model());
    return launcher.launch(task.started, task.transform, labels, model);
  }

  private void cleanUp(RunningTask task) {
    try {
      launcher.deletePlainCopies(task.started.taskRunId());
    } catch (RuntimeException e) {
      LOG.error(
          "Could not delete the labels and model copies of task run {}",
          task.started.taskRunId(),
          e);
    } finally {
      running.remove(task.started.taskRunId());
    }
  }

  /** How a run whose process exited by itself ended, by the contract's exit codes and result. */
  private void ended(RunningTask task, int exitCode) {
    String runId = task.started.taskRunId();
    MlTaskLauncher.TaskResult result = launcher.readResult(runId);
    String error = result != null && result.error() != null ? result.error() : null;
    if (exitCode == 0 && result != null && "SUCCEEDED".equals(result.status())) {
      succeeded(task, result);
    } else if (exitCode == 0) {
      end(
          task,
          MlTaskRun.State.FAILED,
          result == null
              ? "the task runner wrote no result.json"
              : or(error, "the task runner's result is " + result.status()));
    } else if (exitCode == 1) {
      end(task, MlTaskRun.State.FAILED, or(error, launcher.lastLogLine(runId)));
    } else if (exitCode == 2) {
      end(
          task,
          MlTaskRun.State.FAILED,
          "the task runner refused the task as invalid: " + or(error, launcher.lastLogLine(runId)));
    } else {
      end(
          task,
          MlTaskRun.State.FAILED,
          "the task's process exited with code "
              + exitCode
              + "; its output is in "
              + launcher.logFile(runId));
    }
  }

  private static String or(String value, String otherwise) {
    return value != null && !value.isBlank() ? lastLine(value) : otherwise;
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\\R");
    return lines[lines.length - 1];
  }

  /**
   * Records a SUCCEEDED run with what it made: its labels, model, evaluation and schema, committed
   * in the same transaction and only if the transform's state is still the one the run started
   * from; otherwise the run ends FAILED and nothing is stored.
   */
  private void succeeded(RunningTask task, MlTaskLauncher.TaskResult result) {
    String runId = task.started.taskRunId();
    String transformId = task.transform.transformId();
    if (task.transform.encryptLabelsAndModel() && cipher.keyId() == null) {
      // A replica without the key must not store an SSE-KMS transform's data in the clear.
      end(
          task,
          MlTaskRun.State.FAILED,
          "the transform's labels and model are to be encrypted (SSE-KMS) and this server has no"
              + " key (ml-transforms.encryption-key-file); its outputs were not stored");
      return;
    }
    List<MlTransformArtifact> artifacts = new ArrayList<>();
    Long labelCount = null;
    try {
      byte[] labels = launcher.labelsOutput(runId);
      if (labels != null) {
        artifacts.add(cipher.seal(transformId, MlTransformArtifact.Kind.LABELS, labels));
        labelCount = result.labelCount() != null ? result.labelCount() : records(labels);
      } else if (task.started.taskType() == MlTaskRun.TaskType.IMPORT_LABELS) {
        end(
            task,
            MlTaskRun.State.FAILED,
            "the task runner imported no labels: it wrote no " + MlTaskLauncher.LABELS_OUTPUT_FILE);
        return;
      }
      byte[] model = launcher.modelOutput(runId);
      if (model != null) {
        artifacts.add(cipher.seal(transformId, MlTransformArtifact.Kind.MODEL, model));
      }
    } catch (IOException e) {
      end(task, MlTaskRun.State.FAILED, "the task's outputs cannot be read: " + message(e));
      return;
    }
    Long newLabelCount = labelCount;
    MlTaskRun ended;
    try {
      ended =
          store.write(
              transaction -> {
                MlTaskRun current = transaction.loadMlTaskRun(runId).orElse(null);
                if (current == null || !current.active()) {
                  return null;
                }
                MlTransformState state = transaction.loadMlTransformState(transformId);
                MlTaskRun succeeded = current.ended(MlTaskRun.State.SUCCEEDED, now(), null);
                MlTaskRun changedMeanwhile =
                    current.ended(
                        MlTaskRun.State.FAILED,
                        now(),
                        "the transform's labels or model changed during the task run;"
                            + " its outputs were not stored");
                // The run's end is swapped first: a run another replica has failed meanwhile
                // (a stale heartbeat) stores nothing.
                if (state.version() != task.startStateVersion) {
                  return transaction.changeMlTaskRun(changedMeanwhile, current.state())
                      ? changedMeanwhile
                      : null;
                }
                if (!transaction.changeMlTaskRun(succeeded, current.state())) {
                  return null;
                }
                MlTransformState next =
                    new MlTransformState(
                        transformId,
                        state.version() + 1,
                        newLabelCount != null ? newLabelCount : state.labelCount(),
                        result.evaluationMetrics() != null
                            ? result.evaluationMetrics()
                            : state.evaluationMetrics(),
                        result.schema() != null ? result.schema() : state.schema());
                if (!transaction.commitMlTransformState(next, artifacts)) {
                  transaction.changeMlTaskRun(changedMeanwhile, MlTaskRun.State.SUCCEEDED);
                  return changedMeanwhile;
                }
                return succeeded;
              });
    } catch (RuntimeException e) {
      LOG.error("Could not record the end of task run {}", runId, e);
      return;
    }
    if (ended != null) {
      logEnd(ended);
    }
  }

  /** The records of a labels file: its non-empty lines after the header. */
  private static long records(byte[] labels) {
    String[] lines = new String(labels, StandardCharsets.UTF_8).split("\\R");
    long count = 0;
    for (int index = 1; index < lines.length; index++) {
      if (!lines[index].isBlank()) {
        count++;
      }
    }
    return count;
  }

  private MlTaskRun.State stoppedState() {
    return closing.get() ? MlTaskRun.State.FAILED : MlTaskRun.State.STOPPED;
  }

  private String stoppedMessage() {
    return closing.get() ? "the server shut down during the task run" : "cancelled on request";
  }

  private static String message(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** Records how a run ended, if it is still active (another replica may have failed it). */
  private void end(RunningTask task, MlTaskRun.State state, String error) {
    String runId = task.started.taskRunId();
    MlTaskRun ended;
    try {
      ended =
          store.write(
              transaction -> {
                MlTaskRun current = transaction.loadMlTaskRun(runId).orElse(null);
                if (current == null || !current.active()) {
                  return null;
                }
                MlTaskRun result = current.ended(state, now(), error);
                return transaction.changeMlTaskRun(result, current.state()) ? result : null;
              });
    } catch (RuntimeException e) {
      LOG.error(
          "Could not record the end of task run {}; it is marked FAILED once its heartbeat is"
              + " stale",
          runId,
          e);
      return;
    }
    if (ended != null) {
      logEnd(ended);
    }
  }

  private static void logEnd(MlTaskRun ended) {
    LOG.info(
        "Task run {} ({}) of ML transform {} ended {}{}",
        ended.taskRunId(),
        ended.taskType(),
        ended.transformId(),
        ended.state(),
        ended.errorString() == null ? "" : ": " + ended.errorString());
  }

  /** Tells the store this server's runs are alive and picks up cancels from any replica. */
  private void heartbeat() {
    for (RunningTask task : running.values()) {
      Instant now = now();
      boolean stopping =
          store.write(
              transaction -> {
                MlTaskRun current =
                    transaction.loadMlTaskRun(task.started.taskRunId()).orElse(null);
                if (current == null || !current.active()) {
                  return true;
                }
                transaction.changeMlTaskRun(current.alive(now), current.state());
                return current.state() == MlTaskRun.State.STOPPING;
              });
      if (stopping) {
        task.stopRequested.set(true);
      }
    }
  }

  /** Marks active runs whose heartbeat is before {@code time} FAILED. */
  void failAbandonedRuns(Instant time) {
    List<MlTaskRun> abandoned =
        store.read(transaction -> transaction.listMlTaskRunsHeartbeatBefore(time));
    for (MlTaskRun run : abandoned) {
      if (running.containsKey(run.taskRunId())) {
        continue;
      }
      MlTaskRun failed =
          run.ended(
              MlTaskRun.State.FAILED, now(), "the server running the task stopped before it ended");
      boolean changed =
          store.write(transaction -> transaction.changeMlTaskRun(failed, run.state()));
      if (changed) {
        LOG.warn("Task run {} was cut short by a server stop; marked FAILED", run.taskRunId());
      }
    }
  }

  private void guarded(String what, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      if (!closing.get()) {
        LOG.warn("ML task {} failed; trying again at its next turn", what, e);
      }
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Stops heartbeats and kills this server's task runs (each recorded FAILED: the server shut
   * down), waiting up to {@code grace} for their watchers.
   */
  public void close(Duration grace) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    timer.shutdownNow();
    running.values().forEach(task -> task.stopRequested.set(true));
    BackgroundThreads.shutdown(runThreads, grace);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
