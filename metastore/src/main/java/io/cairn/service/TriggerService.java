package io.cairn.service;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.CrawlRun;
import io.cairn.catalog.JobRun;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Trigger;
import io.cairn.catalog.ValidationException;
import io.cairn.store.CatalogStore;
import io.cairn.store.StoreTransaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glue's triggers: SCHEDULED ones start their actions when their cron schedule is due (each due
 * time claimed by one replica through a compare-and-swap of its next run time), CONDITIONAL ones
 * when a job run or crawl that ends in this server completes their predicate, ON_DEMAND ones on
 * StartTrigger.
 *
 * <p>A CONDITIONAL trigger is evaluated by the server whose run or crawl ended, once per end (an
 * end is stored once), so it fires once across replicas.
 */
public final class TriggerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerService.class);
  private static final Set<String> JOB_STATES = Set.of("SUCCEEDED", "STOPPED", "FAILED", "TIMEOUT");
  private static final Set<String> CRAWL_STATES = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

  private final CatalogStore store;
  private final JobService jobs;
  private final CrawlerService crawlers;
  private final WorkflowService workflows;
  private final Clock clock;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final ScheduledExecutorService timer;

  public TriggerService(
      CatalogStore store,
      JobService jobs,
      CrawlerService crawlers,
      WorkflowService workflows,
      Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.jobs = requireNonNull(jobs, "jobs is null");
    this.crawlers = requireNonNull(crawlers, "crawlers is null");
    this.workflows = requireNonNull(workflows, "workflows is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.timer =
        Executors.newSingleThreadScheduledExecutor(BackgroundThreads.daemon("cairn-triggers"));
    jobs.addRunEndListener(this::jobRunEnded);
    crawlers.addCrawlEndListener(this::crawlEnded);
  }

  /**
   * Every {@code schedulerInterval}: starts due SCHEDULED triggers, fails job runs whose server
   * died and moves active workflow runs on.
   */
  public void start(Duration schedulerInterval) {
    timer.scheduleWithFixedDelay(
        this::runSchedules, 0, schedulerInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Glue's crawl state of a crawl that ended, as conditions name it. */
  public static String crawlState(CrawlRun.State state) {
    return switch (state) {
      case COMPLETED -> "SUCCEEDED";
      case STOPPED -> "CANCELLED";
      default -> state.name();
    };
  }

  // Definitions

  /** Stores a new trigger (version 1), CREATED: StartTrigger activates it. */
  public void createTrigger(Trigger trigger) {
    Trigger created = withVersion(trigger, 1);
    validate(created);
    store.write(
        transaction -> {
          requireTargets(transaction, created);
          transaction.createTrigger(
              created, new Trigger.Status(created.name(), Trigger.State.CREATED, null));
          return null;
        });
  }

  public record LoadedTrigger(Trigger trigger, Trigger.Status status) {
    public LoadedTrigger {
      requireNonNull(trigger, "trigger is null");
      requireNonNull(status, "status is null");
    }
  }

  public LoadedTrigger loadTrigger(String name) {
    return store.read(transaction -> load(transaction, name));
  }

  public Page<LoadedTrigger> listTriggers(PageRequest page) {
    return store.read(
        transaction -> {
          Page<Trigger> triggers = transaction.listTriggers(page);
          return new Page<>(
              triggers.items().stream().map(trigger -> load(transaction, trigger.name())).toList(),
              triggers.nextToken());
        });
  }

  /**
   * Replaces a trigger's definition (its type stays) if its stored version is {@code
   * expectedVersion}; an activated SCHEDULED trigger is next due by its new schedule.
   */
  public void updateTrigger(Trigger trigger, long expectedVersion) {
    Trigger updated = withVersion(trigger, expectedVersion + 1);
    validate(updated);
    store.write(
        transaction -> {
          LoadedTrigger current = load(transaction, trigger.name());
          if (current.trigger().type() != updated.type()) {
            throw new ValidationException("a trigger's Type cannot change");
          }
          if (!Objects.equals(current.trigger().workflowName(), updated.workflowName())) {
            throw new ValidationException("a trigger's WorkflowName cannot change");
          }
          requireTargets(transaction, updated);
          if (!transaction.updateTrigger(updated)) {
            throw new CommitFailedException(
                "trigger " + trigger.name() + " was changed concurrently; nothing was written");
          }
          if (updated.type() == Trigger.Type.SCHEDULED
              && current.status().state() == Trigger.State.ACTIVATED) {
            transaction.changeTriggerState(
                updated.name(),
                Trigger.State.ACTIVATED,
                Trigger.State.ACTIVATED,
                CronSchedule.parse(updated.schedule()).nextRunAfter(now()));
          }
          return null;
        });
  }

  public void dropTrigger(String name) {
    store.write(
        transaction -> {
          transaction.dropTrigger(name);
          return null;
        });
  }

  /**
   * Activates a SCHEDULED or CONDITIONAL trigger; runs an ON_DEMAND trigger's actions once.
   *
   * @throws ValidationException when it is activated already, or is the ON_DEMAND trigger of a
   *     workflow (which fires in the workflow's runs only)
   */
  public void startTrigger(String name) {
    LoadedTrigger loaded = loadTrigger(name);
    Trigger trigger = loaded.trigger();
    if (trigger.type() == Trigger.Type.ON_DEMAND && trigger.workflowName() != null) {
      throw new ValidationException(
          "trigger "
              + name
              + " starts workflow "
              + trigger.workflowName()
              + "; start the workflow with StartWorkflowRun");
    }
    if (trigger.type() == Trigger.Type.ON_DEMAND) {
      fire(trigger);
      return;
    }
    Instant next =
        trigger.type() == Trigger.Type.SCHEDULED
            ? CronSchedule.parse(trigger.schedule()).nextRunAfter(now())
            : null;
    boolean activated =
        store.write(
            transaction ->
                transaction.changeTriggerState(
                        name, Trigger.State.CREATED, Trigger.State.ACTIVATED, next)
                    || transaction.changeTriggerState(
                        name, Trigger.State.DEACTIVATED, Trigger.State.ACTIVATED, next));
    if (!activated) {
      throw new ValidationException("trigger " + name + " is activated already");
    }
  }

  /**
   * Deactivates a SCHEDULED or CONDITIONAL trigger.
   *
   * @throws ValidationException when it is not activated, or is ON_DEMAND
   */
  public void stopTrigger(String name) {
    boolean deactivated =
        store.write(
            transaction -> {
              load(transaction, name);
              return transaction.changeTriggerState(
                  name, Trigger.State.ACTIVATED, Trigger.State.DEACTIVATED, null);
            });
    if (!deactivated) {
      throw new ValidationException("trigger " + name + " is not activated");
    }
  }

  private static void validate(Trigger trigger) {
    if (trigger.actions().isEmpty()) {
      throw new ValidationException("trigger " + trigger.name() + " needs at least one action");
    }
    switch (trigger.type()) {
      case SCHEDULED -> {
        if (trigger.schedule() == null) {
          throw new ValidationException("a SCHEDULED trigger needs a Schedule");
        }
        try {
          CronSchedule.parse(trigger.schedule());
        } catch (IllegalArgumentException e) {
          throw new ValidationException(
              "invalid Schedule " + trigger.schedule() + ": " + e.getMessage());
        }
      }
      case CONDITIONAL -> {
        if (trigger.predicate() == null || trigger.predicate().conditions().isEmpty()) {
          throw new ValidationException("a CONDITIONAL trigger needs a Predicate with Conditions");
        }
        for (Trigger.Condition condition : trigger.predicate().conditions()) {
          Set<String> states = condition.jobName() != null ? JOB_STATES : CRAWL_STATES;
          if (!states.contains(condition.state())) {
            throw new ValidationException(
                "a condition on a "
                    + (condition.jobName() != null ? "job" : "crawler")
                    + " waits for one of "
                    + states.stream().sorted().toList()
                    + ", not "
                    + condition.state());
          }
        }
      }
      case ON_DEMAND -> {
        // Started by StartTrigger only.
      }
    }
    if (trigger.type() != Trigger.Type.SCHEDULED && trigger.schedule() != null) {
      throw new ValidationException("only a SCHEDULED trigger has a Schedule");
    }
    if (trigger.type() != Trigger.Type.CONDITIONAL && trigger.predicate() != null) {
      throw new ValidationException("only a CONDITIONAL trigger has a Predicate");
    }
  }

  private static void requireTargets(StoreTransaction transaction, Trigger trigger) {
    if (trigger.workflowName() != null
        && transaction.loadWorkflow(trigger.workflowName()).isEmpty()) {
      throw new NoSuchEntityException("workflow " + trigger.workflowName() + " does not exist");
    }
    for (Trigger.Action action : trigger.actions()) {
      if (action.jobName() != null && transaction.loadJob(action.jobName()).isEmpty()) {
        throw new NoSuchEntityException("job " + action.jobName() + " does not exist");
      }
      if (action.crawlerName() != null && transaction.loadCrawler(action.crawlerName()).isEmpty()) {
        throw new NoSuchEntityException("crawler " + action.crawlerName() + " does not exist");
      }
    }
  }

  private static LoadedTrigger load(StoreTransaction transaction, String name) {
    Trigger trigger =
        transaction
            .loadTrigger(name)
            .orElseThrow(() -> new NoSuchEntityException("trigger " + name + " does not exist"));
    return new LoadedTrigger(trigger, transaction.loadTriggerStatus(name).orElseThrow());
  }

  private static Trigger withVersion(Trigger trigger, long version) {
    return new Trigger(
        trigger.name(),
        trigger.type(),
        trigger.description(),
        trigger.workflowName(),
        trigger.schedule(),
        trigger.predicate(),
        trigger.actions(),
        version);
  }

  // Firing

  /** Starts every action; one that cannot start (a job at its MaxConcurrentRuns) is logged. */
  private void fire(Trigger trigger) {
    for (Trigger.Action action : trigger.actions()) {
      try {
        if (action.jobName() != null) {
          String runId =
              jobs.startJobRun(action.jobName(), action.arguments(), null, trigger.name());
          LOG.info("Trigger {} started run {} of job {}", trigger.name(), runId, action.jobName());
        } else {
          String crawlId = crawlers.startCrawler(action.crawlerName());
          LOG.info(
              "Trigger {} started crawl {} of crawler {}",
              trigger.name(),
              crawlId,
              action.crawlerName());
        }
      } catch (RuntimeException e) {
        LOG.warn("Trigger {} could not start {}: {}", trigger.name(), action, e.getMessage());
      }
    }
  }

  private void runSchedules() {
    try {
      jobs.failStaleRuns();
      Instant now = now();
      for (Trigger.Status due : store.read(transaction -> transaction.listDueTriggers(now))) {
        Trigger trigger =
            store.write(
                transaction -> {
                  Trigger found = transaction.loadTrigger(due.name()).orElse(null);
                  if (found == null || found.type() != Trigger.Type.SCHEDULED) {
                    return null;
                  }
                  boolean claimed =
                      transaction.claimTriggerRun(
                          due.name(),
                          due.nextRunTime(),
                          CronSchedule.parse(found.schedule()).nextRunAfter(now));
                  return claimed ? found : null;
                });
        if (trigger != null && trigger.workflowName() != null) {
          workflows.startScheduledRun(trigger);
        } else if (trigger != null) {
          fire(trigger);
        }
      }
      workflows.advanceActiveRuns();
    } catch (RuntimeException e) {
      if (!closing.get()) {
        LOG.warn("The trigger scheduler failed; trying again at its next turn", e);
      }
    }
  }

  private void jobRunEnded(JobRun run) {
    conditionMet(run.jobName(), null, run.state().name());
  }

  private void crawlEnded(CrawlRun crawl) {
    conditionMet(null, crawl.crawlerName(), crawlState(crawl.state()));
  }

  /**
   * Fires the activated CONDITIONAL triggers of no workflow whose predicate this end completes (a
   * workflow's fire in its runs only, see {@link WorkflowService}).
   */
  private void conditionMet(String jobName, String crawlerName, String state) {
    if (closing.get()) {
      return;
    }
    List<Trigger> conditional =
        store.read(transaction -> transaction.listActivatedTriggers(Trigger.Type.CONDITIONAL));
    for (Trigger trigger : conditional) {
      if (trigger.workflowName() != null) {
        continue;
      }
      List<Trigger.Condition> conditions = trigger.predicate().conditions();
      boolean matches =
          conditions.stream().anyMatch(condition -> is(condition, jobName, crawlerName, state));
      if (!matches) {
        continue;
      }
      boolean complete =
          trigger.predicate().logical() == Trigger.Logical.ANY
              || conditions.stream()
                  .allMatch(
                      condition -> is(condition, jobName, crawlerName, state) || holds(condition));
      if (complete) {
        fire(trigger);
      }
    }
  }

  private static boolean is(
      Trigger.Condition condition, String jobName, String crawlerName, String state) {
    return condition.state().equals(state)
        && (jobName != null
            ? jobName.equals(condition.jobName())
            : crawlerName.equals(condition.crawlerName()));
  }

  /** Whether the latest run of the condition's job (or crawl of its crawler) ended as it says. */
  private boolean holds(Trigger.Condition condition) {
    return store.read(
        transaction -> {
          if (condition.jobName() != null) {
            List<JobRun> runs = transaction.listJobRuns(condition.jobName(), 1);
            return !runs.isEmpty() && runs.get(0).state().name().equals(condition.state());
          }
          List<CrawlRun> crawls = transaction.listCrawls(condition.crawlerName(), 1);
          return !crawls.isEmpty()
              && crawls.get(0).state() != CrawlRun.State.RUNNING
              && crawlState(crawls.get(0).state()).equals(condition.state());
        });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      timer.shutdownNow();
    }
  }
}
