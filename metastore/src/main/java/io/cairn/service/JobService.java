package io.cairn.service;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.ConcurrentRunsExceededException;
import io.cairn.catalog.JobBookmarkEntry;
import io.cairn.catalog.JobDefinition;
import io.cairn.catalog.JobRun;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.ValidationException;
import io.cairn.store.CatalogStore;
import io.cairn.store.StoreTransaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glue's jobs and their runs. Each run is launched by this server as its own JVM ({@link
 * JobLauncher}) and watched by one thread here: its exit code decides SUCCEEDED or FAILED, a stop
 * request or its timeout destroys its process tree (STOPPED, TIMEOUT).
 *
 * <p>As with crawls, all state lives in the store and every change of a run's state is a
 * compare-and-swap, so several replicas agree: a job's MaxConcurrentRuns holds across them, a stop
 * request reaches the replica that runs the process through its heartbeat, and a run whose server
 * died (its heartbeat stale) is marked FAILED by any replica. A FAILED run of a job with retries
 * left is started again as a new run (attempt + 1, PreviousRunId).
 */
public final class JobService implements AutoCloseable {
  /** Glue's log group of job run output, answered as a run's LogGroupName. */
  public static final String LOG_GROUP = "/aws-glue/jobs";

  private static final Logger LOG = LoggerFactory.getLogger(JobService.class);
  private static final Duration WATCH_INTERVAL = Duration.ofMillis(100);

  /** Told of every run that ended in this server, after its end is stored. */
  @FunctionalInterface
  public interface RunEndListener {
    void ended(JobRun run);
  }

  private final CatalogStore store;
  private final JobLauncher launcher;
  private final Clock clock;
  private final Duration heartbeatTimeout;
  private final Map<String, RunningJob> running = new ConcurrentHashMap<>();
  private final List<RunEndListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final ExecutorService runThreads;
  private final ScheduledExecutorService timer;

  /**
   * @param heartbeatTimeout an active run without a heartbeat for this long belongs to a server
   *     that died; heartbeats are sent four times as often
   */
  public JobService(
      CatalogStore store, JobLauncher launcher, Clock clock, Duration heartbeatTimeout) {
    this.store = requireNonNull(store, "store is null");
    this.launcher = requireNonNull(launcher, "launcher is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.heartbeatTimeout = requireNonNull(heartbeatTimeout, "heartbeatTimeout is null");
    if (heartbeatTimeout.toMillis() < 4) {
      throw new IllegalArgumentException("heartbeatTimeout is too short: " + heartbeatTimeout);
    }
    // One thread per run: it only waits for its process.
    this.runThreads = Executors.newCachedThreadPool(BackgroundThreads.daemon("cairn-job-run"));
    this.timer =
        Executors.newSingleThreadScheduledExecutor(BackgroundThreads.daemon("cairn-job-timer"));
  }

  /**
   * Marks the runs a dead server left active as FAILED, then sends heartbeats.
   *
   * @param failAllRunning true when no other server shares the store (the embedded SQLite file):
   *     every active run was then cut short by this server's own stop, however fresh its heartbeat
   */
  public void start(boolean failAllRunning) {
    failAbandonedRuns(failAllRunning ? now().plusMillis(1) : now().minus(heartbeatTimeout));
    long heartbeatMillis = heartbeatTimeout.toMillis() / 4;
    timer.scheduleWithFixedDelay(
        () -> guarded("heartbeat", this::heartbeat),
        heartbeatMillis,
        heartbeatMillis,
        TimeUnit.MILLISECONDS);
  }

  /** Calls {@code listener} for every run that ends in this server. */
  public void addRunEndListener(RunEndListener listener) {
    listeners.add(requireNonNull(listener, "listener is null"));
  }

  // Jobs

  /** Stores a new job; its times and version (1) are set here. */
  public void createJob(JobDefinition job) {
    Instant now = now();
    JobDefinition created = withTimes(job, now, now, 1);
    validate(created);
    store.write(
        transaction -> {
          transaction.createJob(created);
          return null;
        });
  }

  public JobDefinition loadJob(String name) {
    return store.read(transaction -> requireJob(transaction, name));
  }

  public Page<JobDefinition> listJobs(PageRequest page) {
    return store.read(transaction -> transaction.listJobs(page));
  }

  /**
   * Replaces a job's definition if its stored version is {@code expectedVersion}; active runs go on
   * with the definition they started with.
   *
   * @throws CommitFailedException when it changed since {@code expectedVersion}
   */
  public void updateJob(JobDefinition job, long expectedVersion) {
    validate(job);
    store.write(
        transaction -> {
          JobDefinition current = requireJob(transaction, job.name());
          JobDefinition updated =
              withTimes(job, current.creationTime(), now(), expectedVersion + 1);
          if (!transaction.updateJob(updated)) {
            throw new CommitFailedException(
                "job " + job.name() + " was changed concurrently; nothing was written");
          }
          return null;
        });
  }

  /**
   * Deletes a job and its runs.
   *
   * @throws ValidationException while a run of it is active
   */
  public void dropJob(String name) {
    store.write(
        transaction -> {
          if (!transaction.dropJob(name)) {
            throw new ValidationException(
                "job " + name + " has active runs; stop them (BatchStopJobRun) before deleting it");
          }
          return null;
        });
  }

  private static void validate(JobDefinition job) {
    if (job.maxRetries() < 0 || job.maxRetries() > 10) {
      throw new ValidationException("MaxRetries must be from 0 to 10, not " + job.maxRetries());
    }
    if (job.timeoutMinutes() < 1) {
      throw new ValidationException(
          "Timeout must be at least 1 minute, not " + job.timeoutMinutes());
    }
    if (job.maxConcurrentRuns() < 1) {
      throw new ValidationException(
          "ExecutionProperty.MaxConcurrentRuns must be at least 1, not " + job.maxConcurrentRuns());
    }
    if (job.graph() == null && job.scriptLocation() == null) {
      throw new ValidationException(
          "job "
              + job.name()
              + " needs a job graph (CodeGenConfigurationNodes) or a Command.ScriptLocation");
    }
  }

  private static JobDefinition requireJob(StoreTransaction transaction, String name) {
    return transaction
        .loadJob(name)
        .orElseThrow(() -> new NoSuchEntityException("job " + name + " does not exist"));
  }

  private static JobDefinition withTimes(
      JobDefinition job, Instant creationTime, Instant lastModified, long version) {
    return new JobDefinition(
        job.name(),
        job.description(),
        job.role(),
        job.commandName(),
        job.scriptLocation(),
        job.defaultArguments(),
        job.maxRetries(),
        job.timeoutMinutes(),
        job.maxConcurrentRuns(),
        job.graph(),
        job.glueVersion(),
        job.workerType(),
        job.numberOfWorkers(),
        creationTime,
        lastModified,
        version);
  }

  // Runs

  /**
   * Starts a run of the job on this server and returns its id.
   *
   * @param arguments override the job's DefaultArguments of the same name
   * @param timeoutMinutes null for the job's Timeout
   * @param triggerName the trigger that starts it; null for none
   * @throws ConcurrentRunsExceededException when MaxConcurrentRuns runs are active (on any replica)
   */
  public String startJobRun(
      String jobName, Map<String, String> arguments, Integer timeoutMinutes, String triggerName) {
    JobDefinition job = loadJob(jobName);
    Map<String, String> merged = new LinkedHashMap<>(job.defaultArguments());
    merged.putAll(arguments);
    return start(job, merged, timeoutMinutes, triggerName, null);
  }

  /**
   * Glue's StartJobRun with a {@code JobRunId}: runs the job again for an ended run, with that
   * run's arguments overridden by {@code arguments}, as a new run whose PreviousRunId is it.
   *
   * @throws NoSuchEntityException without the job or the run
   * @throws ValidationException when the run has not ended
   * @throws ConcurrentRunsExceededException when MaxConcurrentRuns runs are active
   */
  public String restartJobRun(
      String jobName, String previousRunId, Map<String, String> arguments, Integer timeoutMinutes) {
    JobDefinition job = loadJob(jobName);
    JobRun previous = loadJobRun(jobName, previousRunId);
    if (previous.active()) {
      throw new ValidationException(
          "job run "
              + previousRunId
              + " is "
              + previous.state()
              + "; only an ended run can be run again");
    }
    Map<String, String> merged = new LinkedHashMap<>(previous.arguments());
    merged.putAll(arguments);
    return start(
        job,
        merged,
        timeoutMinutes == null ? previous.timeoutMinutes() : timeoutMinutes,
        previous.triggerName(),
        previousRunId);
  }

  private String start(
      JobDefinition job,
      Map<String, String> arguments,
      Integer timeoutMinutes,
      String triggerName,
      String previousRunId) {
    if (timeoutMinutes != null && timeoutMinutes < 1) {
      throw new ValidationException("Timeout must be at least 1 minute, not " + timeoutMinutes);
    }
    Instant now = now();
    JobRun run =
        new JobRun(
            newRunId(),
            job.name(),
            0,
            previousRunId,
            triggerName,
            JobRun.State.STARTING,
            arguments,
            timeoutMinutes == null ? job.timeoutMinutes() : timeoutMinutes,
            now,
            now,
            now,
            null,
            null);
    create(run, job);
    return run.runId();
  }

  private void create(JobRun run, JobDefinition job) {
    BookmarkStart bookmark =
        store.read(transaction -> BookmarkStart.of(transaction, job.name(), run.arguments()));
    boolean created =
        store.write(transaction -> transaction.createJobRun(run, job.maxConcurrentRuns()));
    if (!created) {
      throw new ConcurrentRunsExceededException(
          "job "
              + job.name()
              + " already has "
              + job.maxConcurrentRuns()
              + " active run(s), its ExecutionProperty.MaxConcurrentRuns");
    }
    RunningJob runningJob = new RunningJob(run, job, bookmark);
    running.put(run.runId(), runningJob);
    try {
      runThreads.execute(() -> watch(runningJob));
    } catch (RejectedExecutionException e) {
      running.remove(run.runId());
      end(runningJob, JobRun.State.FAILED, "the server is shutting down");
    }
  }

  /** Glue's run ids: {@code jr_} and 64 hex digits. */
  private static String newRunId() {
    String hex = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    return "jr_" + hex;
  }

  public JobRun loadJobRun(String jobName, String runId) {
    return store.read(
        transaction -> {
          requireJob(transaction, jobName);
          return transaction
              .loadJobRun(runId)
              .filter(run -> run.jobName().equals(jobName))
              .orElseThrow(
                  () ->
                      new NoSuchEntityException(
                          "job run " + runId + " of job " + jobName + " does not exist"));
        });
  }

  /** A job's runs, newest first. */
  public List<JobRun> listJobRuns(String jobName, int maxRuns) {
    return store.read(
        transaction -> {
          requireJob(transaction, jobName);
          return transaction.listJobRuns(jobName, maxRuns);
        });
  }

  /**
   * Asks an active run to stop: its process tree is destroyed and it ends STOPPED.
   *
   * @throws NoSuchEntityException without the run
   * @throws ValidationException when it has ended or is stopping already
   */
  public void stopJobRun(String jobName, String runId) {
    store.write(
        transaction -> {
          JobRun run =
              transaction
                  .loadJobRun(runId)
                  .filter(found -> found.jobName().equals(jobName))
                  .orElseThrow(
                      () ->
                          new NoSuchEntityException(
                              "job run " + runId + " of job " + jobName + " does not exist"));
          if (run.state() == JobRun.State.STOPPING || !run.active()) {
            throw new ValidationException(
                "job run " + runId + " is " + run.state() + "; only a running run can be stopped");
          }
          if (!transaction.changeJobRun(run.changed(JobRun.State.STOPPING, now()), run.state())) {
            throw new CommitFailedException("job run " + runId + " changed concurrently");
          }
          return null;
        });
    RunningJob here = running.get(runId);
    if (here != null) {
      here.stopRequested.set(true);
    }
    // On another replica the heartbeat carries the request there.
  }

  /** A run this server watches. */
  private static final class RunningJob {
    private final JobRun started;
    private final JobDefinition job;
    private final BookmarkStart bookmark;
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    RunningJob(JobRun started, JobDefinition job, BookmarkStart bookmark) {
      this.started = started;
      this.job = job;
      this.bookmark = bookmark;
    }
  }

  private void watch(RunningJob run) {
    JobRun started = run.started;
    Process process;
    try {
      process = launcher.launch(started, run.job, run.bookmark.input());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not launch run {} of job {}", started.runId(), started.jobName(), e);
      end(run, JobRun.State.ERROR, "the run could not be launched: " + message(e));
      running.remove(started.runId());
      return;
    }
    try {
      boolean runningNow =
          store.write(
              transaction ->
                  transaction.changeJobRun(
                      started.changed(JobRun.State.RUNNING, now()), JobRun.State.STARTING));
      if (!runningNow) {
        // Stopped (or failed by another replica) before the process was up.
        run.stopRequested.set(true);
      }
      Instant deadline = started.startedOn().plus(Duration.ofMinutes(started.timeoutMinutes()));
      while (true) {
        if (process.waitFor(WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
          int exitCode = process.exitValue();
          if (run.stopRequested.get()) {
            end(run, stoppedState(), stoppedMessage());
          } else if (exitCode == 0) {
            end(run, JobRun.State.SUCCEEDED, null);
          } else {
            end(
                run,
                JobRun.State.FAILED,
                "the job's process exited with code "
                    + exitCode
                    + "; its output is in "
                    + launcher.logFile(started.runId()));
          }
          return;
        }
        if (run.stopRequested.get()) {
          ProcessTrees.destroy(process);
          end(run, stoppedState(), stoppedMessage());
          return;
        }
        if (!now().isBefore(deadline)) {
          ProcessTrees.destroy(process);
          end(
              run,
              JobRun.State.TIMEOUT,
              "the run was still going after its Timeout of "
                  + started.timeoutMinutes()
                  + " minute(s) and was killed");
          return;
        }
      }
    } catch (InterruptedException e) {
      ProcessTrees.destroy(process);
      end(run, JobRun.State.FAILED, "the server shut down during the run");
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      ProcessTrees.destroy(process);
      LOG.warn("Watching run {} of job {} failed", started.runId(), started.jobName(), e);
      end(run, JobRun.State.FAILED, message(e));
    } finally {
      running.remove(started.runId());
    }
  }

  private JobRun.State stoppedState() {
    return closing.get() ? JobRun.State.FAILED : JobRun.State.STOPPED;
  }

  private String stoppedMessage() {
    return closing.get() ? "the server shut down during the run" : "stopped on request";
  }

  private static String message(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /**
   * Records how a run ended, if it is still active (another replica may have marked it FAILED), and
   * then retries a FAILED one and tells the listeners. A SUCCEEDED run with bookmarks enabled
   * commits the bookmark its runner handed back in the same transaction, so the bookmark moves on
   * exactly when the run is recorded SUCCEEDED; when it cannot (no or no valid state handed back,
   * or the bookmark was reset or moved on by another run meanwhile) the run ends FAILED instead.
   */
  private void end(RunningJob runningJob, JobRun.State state, String message) {
    JobRun started = runningJob.started;
    boolean commitsBookmark =
        state == JobRun.State.SUCCEEDED
            && runningJob.bookmark.option() == BookmarkStart.Option.ENABLE;
    String handedBack = commitsBookmark ? handedBackBookmark(started.runId()) : null;
    JobRun ended;
    try {
      ended =
          store.write(
              transaction -> {
                JobRun current = transaction.loadJobRun(started.runId()).orElse(null);
                if (current == null || !current.active()) {
                  return null;
                }
                JobRun result = current.ended(state, now(), message);
                if (commitsBookmark) {
                  String problem = commitBookmark(transaction, runningJob, handedBack);
                  if (problem != null) {
                    result = current.ended(JobRun.State.FAILED, now(), problem);
                  }
                }
                return transaction.changeJobRun(result, current.state()) ? result : null;
              });
    } catch (RuntimeException e) {
      LOG.error(
          "Could not record the end of run {} of job {}; it is marked FAILED once its heartbeat"
              + " is stale",
          started.runId(),
          started.jobName(),
          e);
      return;
    }
    if (ended != null) {
      afterEnd(ended);
    }
  }

  private String handedBackBookmark(String runId) {
    try {
      return Files.readString(launcher.bookmarkOutputFile(runId), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  /** Commits a successful run's bookmark; returns why it could not, or null when it did. */
  private String commitBookmark(
      StoreTransaction transaction, RunningJob runningJob, String handedBack) {
    JobRun run = runningJob.started;
    String state = handedBack == null ? null : BookmarkStart.checkedState(handedBack);
    if (state == null) {
      return "the job's runner handed back no valid bookmark state in "
          + launcher.bookmarkOutputFile(run.runId());
    }
    JobBookmarkEntry current = transaction.loadJobBookmark(run.jobName()).orElse(null);
    long currentVersion = current == null ? 0 : current.version();
    if (currentVersion != runningJob.bookmark.startVersion()) {
      return "the job's bookmark changed during the run (reset, or committed by another run);"
          + " its bookmark was not committed";
    }
    JobBookmarkEntry next =
        new JobBookmarkEntry(
            run.jobName(),
            currentVersion + 1,
            (current == null ? 0 : current.run()) + 1,
            run.attempt(),
            run.previousRunId(),
            run.runId(),
            state);
    if (!transaction.commitJobBookmark(next)) {
      return "the job's bookmark changed during the run; its bookmark was not committed";
    }
    return null;
  }

  // Bookmarks

  /**
   * The job's bookmark (Glue's GetJobBookmark).
   *
   * @throws NoSuchEntityException without the job, or when no run of it committed a bookmark
   */
  public JobBookmarkEntry loadJobBookmark(String jobName) {
    return store.read(
        transaction -> {
          requireJob(transaction, jobName);
          return transaction
              .loadJobBookmark(jobName)
              .orElseThrow(
                  () -> new NoSuchEntityException("job " + jobName + " has no job bookmark"));
        });
  }

  /**
   * The job's bookmark as {@code runId} committed it (or as a later rewind to that run made it).
   *
   * @throws NoSuchEntityException without the job, or when that run committed no bookmark
   */
  public JobBookmarkEntry loadJobBookmarkOfRun(String jobName, String runId) {
    return store.read(
        transaction -> {
          requireJob(transaction, jobName);
          return transaction
              .loadJobBookmarkOfRun(jobName, runId)
              .orElseThrow(
                  () ->
                      new NoSuchEntityException(
                          "run " + runId + " of job " + jobName + " committed no bookmark"));
        });
  }

  /**
   * Glue's ResetJobBookmark: the job's sources are read whole again by its next run, or, with
   * {@code runId}, from where they were after that run. A run active meanwhile does not commit.
   *
   * @param runId a run that committed a bookmark of the job; null to reset to nothing
   * @return the job's new bookmark
   */
  public JobBookmarkEntry resetJobBookmark(String jobName, String runId) {
    return store.write(
        transaction -> {
          requireJob(transaction, jobName);
          JobBookmarkEntry current = transaction.loadJobBookmark(jobName).orElse(null);
          long version = current == null ? 1 : current.version() + 1;
          JobBookmarkEntry reset;
          if (runId == null) {
            reset = new JobBookmarkEntry(jobName, version, 0, 0, null, null, "{}");
          } else {
            JobBookmarkEntry target =
                transaction
                    .loadJobBookmarkOfRun(jobName, runId)
                    .orElseThrow(
                        () ->
                            new NoSuchEntityException(
                                "run " + runId + " of job " + jobName + " committed no bookmark"));
            reset =
                new JobBookmarkEntry(
                    jobName,
                    version,
                    target.run(),
                    target.attempt(),
                    target.previousRunId(),
                    target.runId(),
                    target.jobBookmark());
          }
          if (!transaction.commitJobBookmark(reset)) {
            throw new CommitFailedException(
                "the bookmark of job " + jobName + " changed concurrently; nothing was reset");
          }
          return reset;
        });
  }

  private void afterEnd(JobRun ended) {
    LOG.info(
        "Run {} of job {} ended {}{}",
        ended.runId(),
        ended.jobName(),
        ended.state(),
        ended.errorMessage() == null ? "" : ": " + ended.errorMessage());
    if (ended.state() == JobRun.State.FAILED && !closing.get()) {
      retry(ended);
    }
    for (RunEndListener listener : listeners) {
      try {
        listener.ended(ended);
      } catch (RuntimeException e) {
        LOG.warn("A listener of run {} failed", ended.runId(), e);
      }
    }
  }

  /** Glue's MaxRetries: a FAILED run is run again as a new run, at most that many times. */
  private void retry(JobRun failed) {
    JobDefinition job;
    try {
      job = loadJob(failed.jobName());
    } catch (NoSuchEntityException e) {
      return;
    }
    if (failed.attempt() >= job.maxRetries()) {
      return;
    }
    Instant now = now();
    JobRun retry =
        new JobRun(
            newRunId(),
            failed.jobName(),
            failed.attempt() + 1,
            failed.runId(),
            failed.triggerName(),
            JobRun.State.STARTING,
            failed.arguments(),
            failed.timeoutMinutes(),
            now,
            now,
            now,
            null,
            null);
    try {
      create(retry, job);
      LOG.info(
          "Retrying run {} of job {} as run {} (attempt {})",
          failed.runId(),
          failed.jobName(),
          retry.runId(),
          retry.attempt());
    } catch (RuntimeException e) {
      LOG.warn("Could not retry run {} of job {}", failed.runId(), failed.jobName(), e);
    }
  }

  /** Tells the store this server's runs are alive and picks up stop requests from any replica. */
  private void heartbeat() {
    for (RunningJob run : running.values()) {
      Instant now = now();
      boolean stopping =
          store.write(
              transaction -> {
                JobRun current = transaction.loadJobRun(run.started.runId()).orElse(null);
                if (current == null || !current.active()) {
                  return true;
                }
                transaction.changeJobRun(current.alive(now), current.state());
                return current.state() == JobRun.State.STOPPING;
              });
      if (stopping) {
        run.stopRequested.set(true);
      }
    }
  }

  /** Marks active runs whose heartbeat is before {@code time} FAILED. */
  void failAbandonedRuns(Instant time) {
    List<JobRun> abandoned =
        store.read(transaction -> transaction.listJobRunsHeartbeatBefore(time));
    for (JobRun run : abandoned) {
      if (running.containsKey(run.runId())) {
        continue;
      }
      JobRun failed =
          run.ended(
              JobRun.State.FAILED, now(), "the server running the job stopped before it ended");
      boolean changed = store.write(transaction -> transaction.changeJobRun(failed, run.state()));
      if (changed) {
        LOG.warn(
            "Run {} of job {} was cut short by a server stop; marked FAILED",
            run.runId(),
            run.jobName());
        for (RunEndListener listener : listeners) {
          listener.ended(failed);
        }
      }
    }
  }

  /** Runs of any replica whose server died: checked with the trigger scheduler. */
  public void failStaleRuns() {
    failAbandonedRuns(now().minus(heartbeatTimeout));
  }

  /** The output (stdout and stderr) of a run so far. */
  public Path logFile(String jobName, String runId) {
    loadJobRun(jobName, runId);
    return launcher.logFile(runId);
  }

  /**
   * The run's progress as its runner last wrote it (JSON; see etl-runner's ProgressListener); the
   * file is missing until the run's first Spark stage.
   */
  public Path progressFile(String jobName, String runId) {
    loadJobRun(jobName, runId);
    return launcher.progressFile(runId);
  }

  private void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      if (!closing.get()) {
        LOG.warn("Job {} failed; trying again at its next turn", what, e);
      }
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Stops heartbeats and kills this server's runs (each recorded FAILED: the server shut down),
   * waiting up to {@code grace} for their watchers.
   */
  public void close(Duration grace) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    timer.shutdownNow();
    running.values().forEach(run -> run.stopRequested.set(true));
    BackgroundThreads.shutdown(runThreads, grace);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
