package io.cairn.service;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.ConcurrentRunsExceededException;
import io.cairn.catalog.CrawlRun;
import io.cairn.catalog.CrawlerStatus;
import io.cairn.catalog.JobRun;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Trigger;
import io.cairn.catalog.ValidationException;
import io.cairn.catalog.Workflow;
import io.cairn.catalog.WorkflowRun;
import io.cairn.catalog.WorkflowRunAction;
import io.cairn.catalog.WorkflowStateException;
import io.cairn.service.TriggerService.LoadedTrigger;
import io.cairn.store.CatalogStore;
import io.cairn.store.StoreTransaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glue's workflows and their runs. A run starts by firing the workflow's ON_DEMAND and SCHEDULED
 * triggers; each of its ACTIVATED CONDITIONAL triggers then fires once, when the jobs and crawls
 * started in that run (never those of other runs) complete its predicate. Job runs started in a run
 * get Glue's {@code --WORKFLOW_NAME} and {@code --WORKFLOW_RUN_ID} arguments. A run is COMPLETED
 * (STOPPED after StopWorkflowRun) once none of its actions is active and none of its triggers can
 * fire any more, however its actions ended, as in Glue.
 *
 * <p>Replicas agree through the store: a trigger's firing in a run is claimed once ({@link
 * StoreTransaction#claimWorkflowRunTrigger}), and the decision that a run has ended is taken under
 * the run's lock, which a claim also takes, so a run cannot end while a trigger fires in it. A run
 * moves on when one of its actions ends in this server and, for ends that happened elsewhere or
 * were missed, at every turn of the trigger scheduler ({@link #advanceActiveRuns}).
 */
public final class WorkflowService {
  /** The job run arguments Glue passes to a job started in a workflow run. */
  public static final String WORKFLOW_NAME_ARGUMENT = "--WORKFLOW_NAME";

  public static final String WORKFLOW_RUN_ID_ARGUMENT = "--WORKFLOW_RUN_ID";

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowService.class);
  private static final int MAX_RETRIES_FOLLOWED = 100;

  private final CatalogStore store;
  private final JobService jobs;
  private final CrawlerService crawlers;
  private final Clock clock;
  private final Duration actionStartTimeout;
  private final AtomicBoolean closing = new AtomicBoolean();

  /**
   * @param actionStartTimeout an action claimed this long ago that has neither started nor failed
   *     to start belongs to a server that died while firing its trigger; it counts as ERROR then,
   *     so that its run can end
   */
  public WorkflowService(
      CatalogStore store,
      JobService jobs,
      CrawlerService crawlers,
      Clock clock,
      Duration actionStartTimeout) {
    this.store = requireNonNull(store, "store is null");
    this.jobs = requireNonNull(jobs, "jobs is null");
    this.crawlers = requireNonNull(crawlers, "crawlers is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.actionStartTimeout = requireNonNull(actionStartTimeout, "actionStartTimeout is null");
    jobs.addRunEndListener(this::jobRunEnded);
    crawlers.addCrawlEndListener(this::crawlEnded);
  }

  // Definitions

  /** Stores a new workflow; its times and version (1) are set here. */
  public void createWorkflow(Workflow workflow) {
    Instant now = now();
    Workflow created = withTimes(workflow, now, now, 1);
    validate(created);
    store.write(
        transaction -> {
          transaction.createWorkflow(created);
          return null;
        });
  }

  public Workflow loadWorkflow(String name) {
    return store.read(transaction -> requireWorkflow(transaction, name));
  }

  public Page<Workflow> listWorkflows(PageRequest page) {
    return store.read(transaction -> transaction.listWorkflows(page));
  }

  /**
   * Replaces a workflow's definition if its stored version is {@code expectedVersion}; active runs
   * keep the properties they started with.
   *
   * @throws CommitFailedException when it changed since {@code expectedVersion}
   */
  public void updateWorkflow(Workflow workflow, long expectedVersion) {
    validate(workflow);
    store.write(
        transaction -> {
          Workflow current = requireWorkflow(transaction, workflow.name());
          Workflow updated =
              withTimes(workflow, current.creationTime(), now(), expectedVersion + 1);
          if (!transaction.updateWorkflow(updated)) {
            throw new CommitFailedException(
                "workflow " + workflow.name() + " was changed concurrently; nothing was written");
          }
          return null;
        });
  }

  /**
   * Deletes a workflow with its triggers and runs, as Glue does.
   *
   * @throws NoSuchEntityException without it
   * @throws ValidationException while a run of it is active
   */
  public void dropWorkflow(String name) {
    store.write(
        transaction -> {
          if (!transaction.dropWorkflow(name)) {
            throw new ValidationException(
                "workflow "
                    + name
                    + " has an active run; stop it (StopWorkflowRun) before deleting the workflow");
          }
          return null;
        });
  }

  private static void validate(Workflow workflow) {
    if (workflow.maxConcurrentRuns() != null && workflow.maxConcurrentRuns() < 1) {
      throw new ValidationException(
          "MaxConcurrentRuns must be at least 1, not " + workflow.maxConcurrentRuns());
    }
  }

  private static Workflow requireWorkflow(StoreTransaction transaction, String name) {
    return transaction
        .loadWorkflow(name)
        .orElseThrow(() -> new NoSuchEntityException("workflow " + name + " does not exist"));
  }

  private static Workflow withTimes(
      Workflow workflow, Instant creationTime, Instant lastModified, long version) {
    return new Workflow(
        workflow.name(),
        workflow.description(),
        workflow.defaultRunProperties(),
        workflow.maxConcurrentRuns(),
        creationTime,
        lastModified,
        version);
  }

  /**
   * A workflow's triggers and the jobs and crawlers they start or watch, with, for a run, the job
   * runs and crawls of that run (a job's retries included).
   *
   * @param jobRuns per job of the graph, its runs in this run, oldest first; empty lists without a
   *     run
   * @param crawls per crawler of the graph, its crawls in this run, oldest first
   */
  public record Graph(
      List<LoadedTrigger> triggers,
      Map<String, List<JobRun>> jobRuns,
      Map<String, List<CrawlRun>> crawls) {
    public Graph {
      triggers = List.copyOf(triggers);
      jobRuns = Map.copyOf(jobRuns);
      crawls = Map.copyOf(crawls);
    }
  }

  public Graph loadGraph(String workflowName) {
    return store.read(
        transaction -> {
          requireWorkflow(transaction, workflowName);
          return graph(transaction, workflowName, List.of());
        });
  }

  private static Graph graph(
      StoreTransaction transaction, String workflowName, List<ActionOutcome> outcomes) {
    List<LoadedTrigger> triggers = new ArrayList<>();
    Map<String, List<JobRun>> jobRuns = new TreeMap<>();
    Map<String, List<CrawlRun>> crawls = new TreeMap<>();
    for (Trigger trigger : transaction.listWorkflowTriggers(workflowName)) {
      triggers.add(
          new LoadedTrigger(trigger, transaction.loadTriggerStatus(trigger.name()).orElseThrow()));
      for (Trigger.Action action : trigger.actions()) {
        if (action.jobName() != null) {
          jobRuns.putIfAbsent(action.jobName(), new ArrayList<>());
        } else {
          crawls.putIfAbsent(action.crawlerName(), new ArrayList<>());
        }
      }
      if (trigger.predicate() != null) {
        for (Trigger.Condition condition : trigger.predicate().conditions()) {
          if (condition.jobName() != null) {
            jobRuns.putIfAbsent(condition.jobName(), new ArrayList<>());
          } else {
            crawls.putIfAbsent(condition.crawlerName(), new ArrayList<>());
          }
        }
      }
    }
    for (ActionOutcome outcome : outcomes) {
      if (outcome.action().jobName() != null) {
        jobRuns
            .computeIfAbsent(outcome.action().jobName(), name -> new ArrayList<>())
            .addAll(outcome.jobRuns());
      } else if (outcome.crawl() != null) {
        crawls
            .computeIfAbsent(outcome.action().crawlerName(), name -> new ArrayList<>())
            .add(outcome.crawl());
      }
    }
    return new Graph(triggers, jobRuns, crawls);
  }

  // Runs

  /** Glue's WorkflowRunStatistics: the run's actions counted by how they are or ended. */
  public record Statistics(
      int totalActions,
      int timeoutActions,
      int failedActions,
      int stoppedActions,
      int succeededActions,
      int runningActions,
      int erroredActions,
      int waitingActions) {}

  /** A run with the statistics and graph of its actions as they are now. */
  public record LoadedRun(WorkflowRun run, Statistics statistics, Graph graph) {
    public LoadedRun {
      requireNonNull(run, "run is null");
      requireNonNull(statistics, "statistics is null");
      requireNonNull(graph, "graph is null");
    }
  }

  /**
   * Starts a run: fires every ON_DEMAND and SCHEDULED trigger of the workflow in it and returns its
   * id.
   *
   * @param runProperties override the workflow's DefaultRunProperties of the same name
   * @throws ValidationException when the workflow has no trigger to start it
   * @throws ConcurrentRunsExceededException when MaxConcurrentRuns runs are active (on any replica)
   */
  public String startWorkflowRun(String workflowName, Map<String, String> runProperties) {
    List<Trigger> starts =
        store.read(
            transaction -> {
              requireWorkflow(transaction, workflowName);
              return transaction.listWorkflowTriggers(workflowName).stream()
                  .filter(trigger -> trigger.type() != Trigger.Type.CONDITIONAL)
                  .toList();
            });
    if (starts.isEmpty()) {
      throw new ValidationException(
          "workflow "
              + workflowName
              + " has no ON_DEMAND or SCHEDULED trigger to start it; create one with its"
              + " WorkflowName");
    }
    return startRun(workflowName, runProperties, starts);
  }

  /** A SCHEDULED trigger of a workflow is due: starts a run with it. */
  void startScheduledRun(Trigger trigger) {
    try {
      String runId = startRun(trigger.workflowName(), Map.of(), List.of(trigger));
      LOG.info(
          "Trigger {} started run {} of workflow {}",
          trigger.name(),
          runId,
          trigger.workflowName());
    } catch (RuntimeException e) {
      LOG.warn(
          "Trigger {} could not start a run of workflow {}: {}",
          trigger.name(),
          trigger.workflowName(),
          e.getMessage());
    }
  }

  private String startRun(
      String workflowName, Map<String, String> runProperties, List<Trigger> starts) {
    WorkflowRun run =
        store.write(
            transaction -> {
              Workflow workflow = requireWorkflow(transaction, workflowName);
              Map<String, String> properties = new LinkedHashMap<>(workflow.defaultRunProperties());
              properties.putAll(runProperties);
              WorkflowRun started =
                  new WorkflowRun(
                      newRunId(),
                      workflowName,
                      WorkflowRun.State.RUNNING,
                      properties,
                      1,
                      now(),
                      null,
                      null);
              int limit =
                  workflow.maxConcurrentRuns() == null
                      ? Integer.MAX_VALUE
                      : workflow.maxConcurrentRuns();
              if (!transaction.createWorkflowRun(started, limit)) {
                throw new ConcurrentRunsExceededException(
                    "workflow "
                        + workflowName
                        + " already has "
                        + limit
                        + " active run(s), its MaxConcurrentRuns");
              }
              return started;
            });
    for (Trigger trigger : starts) {
      fire(run, trigger);
    }
    advance(run.runId());
    return run.runId();
  }

  /** Glue's workflow run ids: {@code wr_} and 64 hex digits. */
  private static String newRunId() {
    String hex = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    return "wr_" + hex;
  }

  public LoadedRun loadWorkflowRun(String workflowName, String runId) {
    return store.read(
        transaction -> {
          WorkflowRun run = requireRun(transaction, workflowName, runId);
          return loaded(transaction, run);
        });
  }

  /** A workflow's runs, newest first, with their statistics and graphs. */
  public List<LoadedRun> listWorkflowRuns(String workflowName, int maxRuns) {
    return store.read(
        transaction -> {
          requireWorkflow(transaction, workflowName);
          List<LoadedRun> runs = new ArrayList<>();
          for (WorkflowRun run : transaction.listWorkflowRuns(workflowName, maxRuns)) {
            runs.add(loaded(transaction, run));
          }
          return runs;
        });
  }

  /** The newest run of a workflow; null when it never ran. */
  public LoadedRun loadLastRun(String workflowName) {
    List<LoadedRun> runs = listWorkflowRuns(workflowName, 1);
    return runs.isEmpty() ? null : runs.get(0);
  }

  private LoadedRun loaded(StoreTransaction transaction, WorkflowRun run) {
    List<ActionOutcome> outcomes = outcomes(transaction, run.runId());
    return new LoadedRun(
        run, statistics(outcomes), graph(transaction, run.workflowName(), outcomes));
  }

  private static WorkflowRun requireRun(
      StoreTransaction transaction, String workflowName, String runId) {
    requireWorkflow(transaction, workflowName);
    return transaction
        .loadWorkflowRun(runId)
        .filter(run -> run.workflowName().equals(workflowName))
        .orElseThrow(
            () ->
                new NoSuchEntityException(
                    "run " + runId + " of workflow " + workflowName + " does not exist"));
  }

  /**
   * Asks a RUNNING run to stop: it fires no more triggers, its active job runs and crawls are
   * stopped, and it ends STOPPED once none of them is active.
   *
   * @throws WorkflowStateException when it is not RUNNING
   */
  public void stopWorkflowRun(String workflowName, String runId) {
    List<ActionOutcome> active =
        store.write(
            transaction -> {
              requireRun(transaction, workflowName, runId);
              WorkflowRun run = transaction.lockWorkflowRun(runId).orElseThrow();
              if (run.state() != WorkflowRun.State.RUNNING) {
                throw new WorkflowStateException(
                    "run "
                        + runId
                        + " of workflow "
                        + workflowName
                        + " is "
                        + run.state()
                        + "; only a RUNNING run can be stopped");
              }
              transaction.changeWorkflowRun(
                  run.changed(WorkflowRun.State.STOPPING, now(), null), WorkflowRun.State.RUNNING);
              return outcomes(transaction, runId).stream().filter(ActionOutcome::active).toList();
            });
    for (ActionOutcome outcome : active) {
      try {
        if (outcome.action().jobName() != null && !outcome.jobRuns().isEmpty()) {
          JobRun latest = outcome.jobRuns().get(outcome.jobRuns().size() - 1);
          jobs.stopJobRun(latest.jobName(), latest.runId());
        } else if (outcome.crawl() != null) {
          CrawlerStatus status = crawlers.loadCrawler(outcome.crawl().crawlerName()).status();
          if (outcome.crawl().crawlId().equals(status.crawlId())) {
            crawlers.stopCrawler(outcome.crawl().crawlerName());
          }
        }
      } catch (RuntimeException e) {
        LOG.info("Stopping {} of workflow run {}: {}", outcome.action(), runId, e.getMessage());
      }
    }
    advance(runId);
  }

  /** The run's properties (Glue's GetWorkflowRunProperties). */
  public Map<String, String> loadRunProperties(String workflowName, String runId) {
    return store.read(transaction -> requireRun(transaction, workflowName, runId).properties());
  }

  /**
   * Adds {@code properties} to the run's, replacing those of the same name (Glue's
   * PutWorkflowRunProperties), by compare-and-swap on the properties' version.
   *
   * @throws CommitFailedException when they changed concurrently; nothing is written then
   */
  public void putRunProperties(String workflowName, String runId, Map<String, String> properties) {
    store.write(
        transaction -> {
          WorkflowRun run = requireRun(transaction, workflowName, runId);
          Map<String, String> merged = new LinkedHashMap<>(run.properties());
          merged.putAll(properties);
          if (!transaction.changeWorkflowRunProperties(runId, merged, run.propertiesVersion())) {
            throw new CommitFailedException(
                "the properties of run "
                    + runId
                    + " were changed concurrently; nothing was written");
          }
          return null;
        });
  }

  // Progress

  /**
   * A claimed action with what became of it.
   *
   * @param jobRuns a job action's run and its retries, oldest first; empty for a crawler or before
   *     the job run started
   * @param crawl a crawler action's crawl; null for a job or before it started
   * @param abandoned claimed too long ago and neither started nor failed to start (see the
   *     constructor)
   */
  private record ActionOutcome(
      WorkflowRunAction action, List<JobRun> jobRuns, CrawlRun crawl, boolean abandoned) {
    /** Starting (claimed, not yet started), or its job run or crawl has not ended. */
    boolean active() {
      if (action.startError() != null || abandoned || vanished()) {
        return false;
      }
      if (action.actionRunId() == null) {
        return true;
      }
      if (action.jobName() != null) {
        return jobRuns.get(jobRuns.size() - 1).active();
      }
      return crawl.state() == CrawlRun.State.RUNNING;
    }

    /**
     * Started, but its job run or crawl is gone (its job or crawler was deleted, with its history):
     * an errored action, not one to wait for.
     */
    private boolean vanished() {
      return action.actionRunId() != null
          && (action.jobName() != null ? jobRuns.isEmpty() : crawl == null);
    }

    /**
     * How it ended as trigger conditions name it; null while active or when it never started or
     * vanished.
     */
    String conditionState() {
      if (active() || action.startError() != null || abandoned || vanished()) {
        return null;
      }
      if (action.jobName() != null) {
        return jobRuns.get(jobRuns.size() - 1).state().name();
      }
      return TriggerService.crawlState(crawl.state());
    }
  }

  private List<ActionOutcome> outcomes(StoreTransaction transaction, String runId) {
    Instant abandonedBefore = now().minus(actionStartTimeout);
    List<ActionOutcome> outcomes = new ArrayList<>();
    for (WorkflowRunAction action : transaction.listWorkflowRunActions(runId)) {
      List<JobRun> jobRuns = new ArrayList<>();
      CrawlRun crawl = null;
      if (action.actionRunId() != null && action.jobName() != null) {
        JobRun run = transaction.loadJobRun(action.actionRunId()).orElse(null);
        while (run != null && jobRuns.size() < MAX_RETRIES_FOLLOWED) {
          jobRuns.add(run);
          run = run.state() == JobRun.State.FAILED ? retryOf(transaction, run) : null;
        }
      } else if (action.actionRunId() != null) {
        crawl = transaction.loadCrawl(action.actionRunId()).orElse(null);
      }
      boolean abandoned =
          action.actionRunId() == null
              && action.startError() == null
              && action.fireTime().isBefore(abandonedBefore);
      outcomes.add(new ActionOutcome(action, jobRuns, crawl, abandoned));
    }
    return outcomes;
  }

  /** The run that retries a FAILED one (Glue's MaxRetries); null when none does. */
  private static JobRun retryOf(StoreTransaction transaction, JobRun failed) {
    return transaction.listJobRuns(failed.jobName(), MAX_RETRIES_FOLLOWED).stream()
        .filter(run -> failed.runId().equals(run.previousRunId()))
        .findFirst()
        .orElse(null);
  }

  private static Statistics statistics(List<ActionOutcome> outcomes) {
    int timeout = 0;
    int failed = 0;
    int stopped = 0;
    int succeeded = 0;
    int running = 0;
    int errored = 0;
    for (ActionOutcome outcome : outcomes) {
      if (outcome.active()) {
        running++;
        continue;
      }
      String state = outcome.conditionState();
      if (state == null) {
        errored++;
        continue;
      }
      switch (state) {
        case "SUCCEEDED" -> succeeded++;
        case "FAILED" -> failed++;
        case "STOPPED", "CANCELLED" -> stopped++;
        case "TIMEOUT" -> timeout++;
        default -> errored++;
      }
    }
    // Cairn starts every action at once: none waits for capacity.
    return new Statistics(
        outcomes.size(), timeout, failed, stopped, succeeded, running, errored, 0);
  }

  /** Whether the run's ended actions complete the trigger's predicate. */
  private static boolean completes(Trigger trigger, List<ActionOutcome> outcomes) {
    List<Trigger.Condition> conditions = trigger.predicate().conditions();
    Predicate<Trigger.Condition> holds =
        condition ->
            outcomes.stream()
                .anyMatch(
                    outcome ->
                        condition.state().equals(outcome.conditionState())
                            && (condition.jobName() != null
                                ? condition.jobName().equals(outcome.action().jobName())
                                : condition.crawlerName().equals(outcome.action().crawlerName())));
    return trigger.predicate().logical() == Trigger.Logical.ANY
        ? conditions.stream().anyMatch(holds)
        : conditions.stream().allMatch(holds);
  }

  /**
   * Moves a run on: fires the CONDITIONAL triggers its ended actions now complete, or, when nothing
   * is active and nothing can fire, ends it (COMPLETED, or STOPPED after a stop request).
   */
  void advance(String runId) {
    while (!closing.get()) {
      List<Trigger> due =
          store.write(
              transaction -> {
                WorkflowRun run = transaction.lockWorkflowRun(runId).orElse(null);
                if (run == null || !run.active()) {
                  return List.<Trigger>of();
                }
                List<ActionOutcome> outcomes = outcomes(transaction, runId);
                if (run.state() == WorkflowRun.State.RUNNING) {
                  Set<String> fired = new HashSet<>();
                  outcomes.forEach(outcome -> fired.add(outcome.action().triggerName()));
                  List<Trigger> completed = new ArrayList<>();
                  for (Trigger trigger : transaction.listWorkflowTriggers(run.workflowName())) {
                    if (trigger.type() == Trigger.Type.CONDITIONAL
                        && !fired.contains(trigger.name())
                        && transaction
                            .loadTriggerStatus(trigger.name())
                            .map(status -> status.state() == Trigger.State.ACTIVATED)
                            .orElse(false)
                        && completes(trigger, outcomes)) {
                      completed.add(trigger);
                    }
                  }
                  if (!completed.isEmpty()) {
                    return completed;
                  }
                }
                if (outcomes.stream().noneMatch(ActionOutcome::active)) {
                  WorkflowRun.State end =
                      run.state() == WorkflowRun.State.RUNNING
                          ? WorkflowRun.State.COMPLETED
                          : WorkflowRun.State.STOPPED;
                  if (transaction.changeWorkflowRun(run.changed(end, now(), null), run.state())) {
                    LOG.info(
                        "Run {} of workflow {} ended {}", runId, run.workflowName(), end.name());
                  }
                }
                return List.<Trigger>of();
              });
      if (due.isEmpty()) {
        return;
      }
      WorkflowRun run = store.read(transaction -> transaction.loadWorkflowRun(runId)).orElse(null);
      if (run == null) {
        return;
      }
      for (Trigger trigger : due) {
        fire(run, trigger);
      }
    }
  }

  /**
   * Fires a trigger in a run, if it has not fired there yet: claims it, then starts each action and
   * records its job run or crawl (or why it could not start).
   */
  private void fire(WorkflowRun run, Trigger trigger) {
    Instant now = now();
    List<WorkflowRunAction> actions = new ArrayList<>();
    for (int position = 0; position < trigger.actions().size(); position++) {
      Trigger.Action action = trigger.actions().get(position);
      actions.add(
          new WorkflowRunAction(
              run.runId(),
              trigger.name(),
              position,
              action.jobName(),
              action.crawlerName(),
              null,
              null,
              now));
    }
    if (!store.write(transaction -> transaction.claimWorkflowRunTrigger(actions))) {
      return;
    }
    for (WorkflowRunAction claimed : actions) {
      Trigger.Action action = trigger.actions().get(claimed.position());
      WorkflowRunAction started;
      try {
        String actionRunId;
        if (action.jobName() != null) {
          Map<String, String> arguments = new LinkedHashMap<>(action.arguments());
          arguments.put(WORKFLOW_NAME_ARGUMENT, run.workflowName());
          arguments.put(WORKFLOW_RUN_ID_ARGUMENT, run.runId());
          actionRunId = jobs.startJobRun(action.jobName(), arguments, null, trigger.name());
        } else {
          actionRunId = crawlers.startCrawler(action.crawlerName());
        }
        started = claimed.started(actionRunId, null);
        LOG.info(
            "Trigger {} started {} of {} in run {} of workflow {}",
            trigger.name(),
            actionRunId,
            action.jobName() != null
                ? "job " + action.jobName()
                : "crawler " + action.crawlerName(),
            run.runId(),
            run.workflowName());
      } catch (RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        started = claimed.started(null, message);
        LOG.warn(
            "Trigger {} could not start its action {} in run {}: {}",
            trigger.name(),
            claimed.position(),
            run.runId(),
            message);
      }
      WorkflowRunAction recorded = started;
      store.write(
          transaction -> {
            transaction.recordWorkflowRunAction(recorded);
            return null;
          });
    }
  }

  private void jobRunEnded(JobRun run) {
    String runId = run.arguments().get(WORKFLOW_RUN_ID_ARGUMENT);
    if (runId == null) {
      runId =
          store.read(transaction -> transaction.findWorkflowRunOfAction(run.runId())).orElse(null);
    }
    if (runId != null) {
      advance(runId);
    }
  }

  private void crawlEnded(CrawlRun crawl) {
    store
        .read(transaction -> transaction.findWorkflowRunOfAction(crawl.crawlId()))
        .ifPresent(this::advance);
  }

  /** Moves every active run on: ends that happened on other replicas, or were missed. */
  void advanceActiveRuns() {
    for (WorkflowRun run : store.read(transaction -> transaction.listActiveWorkflowRuns())) {
      try {
        advance(run.runId());
      } catch (RuntimeException e) {
        if (!closing.get()) {
          LOG.warn("Could not move run {} of workflow {} on", run.runId(), run.workflowName(), e);
        }
      }
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Stops moving runs on; called before the job and crawler services close. */
  public void close() {
    closing.set(true);
  }
}
