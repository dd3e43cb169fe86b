package io.cairn.service;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.catalog.CrawlRun;
import io.cairn.catalog.CrawlerDefinition;
import io.cairn.catalog.CrawlerStateException;
import io.cairn.catalog.CrawlerStateException.Reason;
import io.cairn.catalog.CrawlerStatus;
import io.cairn.catalog.CrawlerStatus.ScheduleState;
import io.cairn.catalog.CrawlerStatus.State;
import io.cairn.catalog.CustomClassifier;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.ValidationException;
import io.cairn.classifiers.Classifier;
import io.cairn.classifiers.ClassifierDefinition;
import io.cairn.classifiers.Classifiers;
import io.cairn.crawlers.CrawlListener;
import io.cairn.crawlers.CrawlResult;
import io.cairn.crawlers.CrawlStoppedException;
import io.cairn.crawlers.CrawlTarget;
import io.cairn.crawlers.Crawler;
import io.cairn.crawlers.CrawlerCatalog;
import io.cairn.crawlers.CrawlerConfiguration;
import io.cairn.crawlers.DeleteBehavior;
import io.cairn.crawlers.RecrawlBehavior;
import io.cairn.crawlers.S3Settings;
import io.cairn.crawlers.UpdateBehavior;
import io.cairn.store.CatalogStore;
import io.cairn.store.StoreTransaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glue's custom classifiers and crawlers: their definitions, one crawl at a time per crawler on a
 * thread pool of this server, and their cron schedules.
 *
 * <p>All state lives in the store and every change of a crawler's run state is a compare-and-swap,
 * so several replicas on one database agree: a crawler starts once (READY to RUNNING), a scheduled
 * run is claimed once (its next run time moved on), and a stop request reaches the replica that
 * runs the crawl through its heartbeat. A crawl whose server died (its heartbeat older than the
 * heartbeat timeout) is marked FAILED by any replica, and its crawler is READY again.
 */
public final class CrawlerService implements AutoCloseable {
  /** Glue's log group of crawler logs, answered as LastCrawl.LogGroup. */
  public static final String LOG_GROUP = "/aws-glue/crawlers";

  private static final Logger LOG = LoggerFactory.getLogger(CrawlerService.class);
  private static final Pattern S3_PATH = Pattern.compile("s3://[^/\\s]+(/.*)?");
  private static final Set<String> CONFIGURATION_KEYS = Set.of("Version", "Grouping");
  private static final Set<String> GROUPING_KEYS =
      Set.of("TableGroupingPolicy", "TableLevelConfiguration");
  private static final int METRICS_HISTORY = 100;

  private final CatalogStore store;
  private final CrawlerCatalog catalog;
  private final S3Settings s3;
  private final Clock clock;
  private final Duration heartbeatTimeout;
  private final Classifiers builtIn;
  private final ObjectMapper configurationMapper =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private final Map<String, RunningCrawl> running = new ConcurrentHashMap<>();
  private final List<Consumer<CrawlRun>> endListeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final ExecutorService crawlThreads;
  private final ScheduledExecutorService timer;

  /**
   * @param catalog where crawls write their tables
   * @param threads the most crawls this server runs at once; more wait for a thread
   * @param heartbeatTimeout a RUNNING crawl without a heartbeat for this long belongs to a server
   *     that died; heartbeats are sent four times as often
   */
  public CrawlerService(
      CatalogStore store,
      CrawlerCatalog catalog,
      S3Settings s3,
      Clock clock,
      int threads,
      Duration heartbeatTimeout) {
    this.store = requireNonNull(store, "store is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.s3 = requireNonNull(s3, "s3 is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.heartbeatTimeout = requireNonNull(heartbeatTimeout, "heartbeatTimeout is null");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
    if (heartbeatTimeout.toMillis() < 4) {
      throw new IllegalArgumentException("heartbeatTimeout is too short: " + heartbeatTimeout);
    }
    this.builtIn = Classifiers.loadBuiltIn();
    this.crawlThreads =
        Executors.newFixedThreadPool(threads, BackgroundThreads.daemon("cairn-crawl"));
    this.timer =
        Executors.newSingleThreadScheduledExecutor(BackgroundThreads.daemon("cairn-crawl-timer"));
  }

  /**
   * Marks the crawls a dead server left RUNNING as FAILED, then sends heartbeats and starts due
   * scheduled crawls every {@code schedulerInterval}.
   *
   * @param failAllRunning true when no other server shares the store (the embedded SQLite file):
   *     every RUNNING crawl was then cut short by this server's own stop, however fresh its
   *     heartbeat
   */
  public void start(Duration schedulerInterval, boolean failAllRunning) {
    failAbandonedCrawls(failAllRunning ? now().plusMillis(1) : now().minus(heartbeatTimeout));
    long heartbeatMillis = heartbeatTimeout.toMillis() / 4;
    timer.scheduleWithFixedDelay(
        () -> guarded("heartbeat", this::heartbeat),
        heartbeatMillis,
        heartbeatMillis,
        TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(
        () -> guarded("scheduler", this::runSchedules),
        0,
        schedulerInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Calls {@code listener} with every crawl that ends in this server, after its end is stored. */
  public void addCrawlEndListener(Consumer<CrawlRun> listener) {
    endListeners.add(requireNonNull(listener, "listener is null"));
  }

  private void crawlEnded(CrawlRun crawl) {
    for (Consumer<CrawlRun> listener : endListeners) {
      try {
        listener.accept(crawl);
      } catch (RuntimeException e) {
        LOG.warn("A listener of crawl {} failed", crawl.crawlId(), e);
      }
    }
  }

  // Classifiers

  /**
   * Stores a new custom classifier after building it, so that a definition its classifier rejects
   * is refused here and not by a later crawl.
   */
  public CustomClassifier createClassifier(ClassifierDefinition definition) {
    validateClassifier(definition);
    Instant now = now();
    CustomClassifier classifier = new CustomClassifier(definition, now, now, 1);
    store.write(
        transaction -> {
          transaction.createClassifier(classifier);
          return null;
        });
    return classifier;
  }

  public CustomClassifier loadClassifier(String name) {
    return store.read(transaction -> requireClassifier(transaction, name));
  }

  public Page<CustomClassifier> listClassifiers(PageRequest page) {
    return store.read(transaction -> transaction.listClassifiers(page));
  }

  /**
   * Replaces a classifier's definition if its stored version is {@code expectedVersion} (a {@link
   * io.cairn.catalog.CommitFailedException} if not); it keeps its kind.
   */
  public CustomClassifier updateClassifier(ClassifierDefinition definition, long expectedVersion) {
    validateClassifier(definition);
    return store.write(
        transaction -> {
          CustomClassifier current = requireClassifier(transaction, definition.name());
          if (current.definition().getClass() != definition.getClass()) {
            throw new ValidationException(
                "classifier "
                    + definition.name()
                    + " is a "
                    + kind(current.definition())
                    + " classifier and cannot become a "
                    + kind(definition)
                    + " classifier");
          }
          CustomClassifier updated =
              new CustomClassifier(definition, current.creationTime(), now(), expectedVersion + 1);
          transaction.updateClassifier(updated);
          return updated;
        });
  }

  public void dropClassifier(String name) {
    store.write(
        transaction -> {
          transaction.dropClassifier(name);
          return null;
        });
  }

  /** Glue's name of a classifier's kind: grok, xml, json or csv. */
  public static String kind(ClassifierDefinition definition) {
    if (definition instanceof ClassifierDefinition.Grok) {
      return "grok";
    }
    if (definition instanceof ClassifierDefinition.Xml) {
      return "xml";
    }
    if (definition instanceof ClassifierDefinition.Json) {
      return "json";
    }
    return "csv";
  }

  private static Classifier validateClassifier(ClassifierDefinition definition) {
    try {
      return definition.toClassifier();
    } catch (IllegalArgumentException e) {
      throw new ValidationException(
          "invalid "
              + kind(definition)
              + " classifier "
              + definition.name()
              + ": "
              + e.getMessage());
    }
  }

  private static CustomClassifier requireClassifier(StoreTransaction transaction, String name) {
    return transaction
        .loadClassifier(name)
        .orElseThrow(() -> new NoSuchEntityException("classifier " + name + " does not exist"));
  }

  // Crawlers

  /** A crawler with its run state and its crawls, as Glue's GetCrawler answers it. */
  public record LoadedCrawler(
      CrawlerDefinition definition,
      CrawlerStatus status,
      CrawlRun currentCrawl,
      CrawlRun lastCrawl) {
    public LoadedCrawler {
      requireNonNull(definition, "definition is null");
      requireNonNull(status, "status is null");
    }
  }

  /**
   * Stores a new crawler (its creation and update times and version are set here); with a schedule
   * it is SCHEDULED at once, as in Glue.
   */
  public void createCrawler(CrawlerDefinition crawler) {
    Instant now = now();
    CrawlerDefinition created = withTimes(crawler, now, now, 1);
    CronSchedule schedule = validateCrawler(created);
    store.write(
        transaction -> {
          requireClassifiers(transaction, created.classifiers());
          transaction.createCrawler(
              created,
              new CrawlerStatus(
                  created.name(),
                  State.READY,
                  null,
                  schedule == null ? ScheduleState.NOT_SCHEDULED : ScheduleState.SCHEDULED,
                  schedule == null ? null : schedule.nextRunAfter(now)));
          return null;
        });
  }

  public LoadedCrawler loadCrawler(String name) {
    return store.read(transaction -> loadCrawler(transaction, name));
  }

  /** Crawlers in name order with their state. */
  public Page<LoadedCrawler> listCrawlers(PageRequest page) {
    return store.read(
        transaction -> {
          Page<CrawlerDefinition> definitions = transaction.listCrawlers(page);
          List<LoadedCrawler> crawlers = new ArrayList<>();
          for (CrawlerDefinition definition : definitions.items()) {
            crawlers.add(loadCrawler(transaction, definition.name()));
          }
          return new Page<>(crawlers, definitions.nextToken());
        });
  }

  /** Crawlers in name order, by name only. */
  public Page<String> listCrawlerNames(PageRequest page) {
    return store.read(
        transaction -> {
          Page<CrawlerDefinition> definitions = transaction.listCrawlers(page);
          return new Page<>(
              definitions.items().stream().map(CrawlerDefinition::name).toList(),
              definitions.nextToken());
        });
  }

  /**
   * Replaces a READY crawler's definition if its stored version is {@code expectedVersion}. A new
   * schedule takes effect at once; a crawler that had none becomes SCHEDULED, one whose schedule is
   * removed NOT_SCHEDULED.
   *
   * @throws CrawlerStateException while it runs
   * @throws io.cairn.catalog.CommitFailedException when it changed since {@code expectedVersion}
   */
  public void updateCrawler(CrawlerDefinition crawler, long expectedVersion) {
    store.write(
        transaction -> {
          LoadedCrawler current = loadCrawler(transaction, crawler.name());
          requireReady(current.status());
          Instant now = now();
          CrawlerDefinition updated =
              withTimes(crawler, current.definition().creationTime(), now, expectedVersion + 1);
          CronSchedule schedule = validateCrawler(updated);
          requireClassifiers(transaction, updated.classifiers());
          if (!transaction.updateCrawler(updated)) {
            CrawlerStatus status = transaction.loadCrawlerStatus(crawler.name()).orElseThrow();
            requireReady(status);
            throw new io.cairn.catalog.CommitFailedException(
                "crawler " + crawler.name() + " was changed concurrently; nothing was written");
          }
          boolean hadSchedule = current.definition().schedule() != null;
          ScheduleState scheduleState = current.status().scheduleState();
          if (schedule == null) {
            transaction.changeScheduleState(
                crawler.name(), scheduleState, ScheduleState.NOT_SCHEDULED, null);
          } else if (!hadSchedule || scheduleState == ScheduleState.SCHEDULED) {
            transaction.changeScheduleState(
                crawler.name(), scheduleState, ScheduleState.SCHEDULED, schedule.nextRunAfter(now));
          }
          return null;
        });
  }

  /**
   * Deletes a READY crawler with its crawls.
   *
   * @throws CrawlerStateException while it runs
   */
  public void dropCrawler(String name) {
    store.write(
        transaction -> {
          if (!transaction.dropCrawler(name)) {
            requireReady(transaction.loadCrawlerStatus(name).orElseThrow());
          }
          return null;
        });
  }

  /**
   * Starts a crawl of a READY crawler on this server's crawl threads and returns its id.
   *
   * @throws CrawlerStateException when it is running or stopping (on any replica)
   */
  public String startCrawler(String name) {
    String crawlId = UUID.randomUUID().toString();
    CrawlRun crawl =
        store.write(
            transaction -> {
              loadCrawler(transaction, name);
              if (!transaction.changeCrawlerState(name, State.READY, State.RUNNING, crawlId)) {
                throw new CrawlerStateException(
                    Reason.CRAWLER_RUNNING, "crawler " + name + " is already running");
              }
              CrawlRun started = CrawlRun.started(crawlId, name, now());
              transaction.createCrawl(started);
              return started;
            });
    RunningCrawl run = new RunningCrawl(crawl);
    running.put(crawlId, run);
    try {
      crawlThreads.execute(() -> run(run));
    } catch (RejectedExecutionException e) {
      running.remove(crawlId);
      finish(run, CrawlRun.State.FAILED, null, "the server is shutting down");
    }
    return crawlId;
  }

  /**
   * Asks a running crawler to stop; its crawl ends STOPPED with the catalog unchanged.
   *
   * @throws CrawlerStateException when it is READY or already stopping
   */
  public void stopCrawler(String name) {
    String crawlId =
        store.write(
            transaction -> {
              CrawlerStatus status = loadCrawler(transaction, name).status();
              if (!transaction.changeCrawlerState(
                  name, State.RUNNING, State.STOPPING, status.crawlId())) {
                CrawlerStatus now = transaction.loadCrawlerStatus(name).orElseThrow();
                if (now.state() == State.STOPPING) {
                  throw new CrawlerStateException(
                      Reason.CRAWLER_STOPPING, "crawler " + name + " is already stopping");
                }
                throw new CrawlerStateException(
                    Reason.CRAWLER_NOT_RUNNING, "crawler " + name + " is not running");
              }
              return status.crawlId();
            });
    RunningCrawl run = crawlId == null ? null : running.get(crawlId);
    if (run != null) {
      run.stopRequested.set(true);
    }
    // On another replica the heartbeat carries the request there.
  }

  /**
   * Turns a crawler's schedule on.
   *
   * @throws CrawlerStateException when it has no schedule or it is on already
   */
  public void startSchedule(String name) {
    store.write(
        transaction -> {
          CrawlerDefinition crawler = loadCrawler(transaction, name).definition();
          CronSchedule schedule = requireSchedule(crawler);
          if (!transaction.changeScheduleState(
              name,
              ScheduleState.NOT_SCHEDULED,
              ScheduleState.SCHEDULED,
              schedule.nextRunAfter(now()))) {
            throw new CrawlerStateException(
                Reason.SCHEDULE_RUNNING, "the schedule of crawler " + name + " is already on");
          }
          return null;
        });
  }

  /**
   * Turns a crawler's schedule off; a running crawl goes on.
   *
   * @throws CrawlerStateException when it has no schedule or it is off already
   */
  public void stopSchedule(String name) {
    store.write(
        transaction -> {
          requireSchedule(loadCrawler(transaction, name).definition());
          if (!transaction.changeScheduleState(
              name, ScheduleState.SCHEDULED, ScheduleState.NOT_SCHEDULED, null)) {
            throw new CrawlerStateException(
                Reason.SCHEDULE_NOT_RUNNING, "the schedule of crawler " + name + " is not on");
          }
          return null;
        });
  }

  /** A crawler's crawls, newest first. */
  public List<CrawlRun> listCrawls(String name, int maxCrawls) {
    return store.read(
        transaction -> {
          loadCrawler(transaction, name);
          return transaction.listCrawls(name, maxCrawls);
        });
  }

  /** Glue's CrawlerMetrics of one crawler. */
  public record CrawlerMetrics(
      String crawlerName,
      double timeLeftSeconds,
      boolean stillEstimating,
      double lastRuntimeSeconds,
      double medianRuntimeSeconds,
      int tablesCreated,
      int tablesUpdated,
      int tablesDeleted) {
    public CrawlerMetrics {
      requireNonNull(crawlerName, "crawlerName is null");
    }
  }

  /**
   * Runtimes of its last 100 completed crawls, the table counts of the last one that ended, and for
   * a running crawl the time left: from its pace so far when it runs in this server and has
   * classified files, else the median runtime left (still estimating without a completed crawl).
   */
  public CrawlerMetrics crawlerMetrics(String name) {
    return store.read(
        transaction -> {
          LoadedCrawler crawler = loadCrawler(transaction, name);
          List<CrawlRun> crawls = transaction.listCrawls(name, METRICS_HISTORY);
          List<Double> runtimes = new ArrayList<>();
          CrawlRun lastEnded = null;
          for (CrawlRun crawl : crawls) {
            if (crawl.state() == CrawlRun.State.RUNNING) {
              continue;
            }
            if (lastEnded == null) {
              lastEnded = crawl;
            }
            if (crawl.state() == CrawlRun.State.COMPLETED) {
              runtimes.add(seconds(crawl.startTime(), crawl.endTime()));
            }
          }
          double median = median(runtimes);
          double timeLeft = 0;
          boolean estimating = false;
          CrawlRun current = crawler.currentCrawl();
          if (current != null) {
            double elapsed = seconds(current.startTime(), now());
            RunningCrawl here = running.get(current.crawlId());
            if (here != null && here.classified > 0) {
              // Running here: from its own pace over the files it found so far.
              timeLeft = elapsed * (here.toClassify - here.classified) / here.classified;
            } else {
              // Running elsewhere or not classifying yet: as Glue, from past crawls.
              estimating = runtimes.isEmpty();
              timeLeft = estimating ? 0 : Math.max(0, median - elapsed);
            }
          }
          return new CrawlerMetrics(
              name,
              timeLeft,
              estimating,
              lastEnded == null ? 0 : seconds(lastEnded.startTime(), lastEnded.endTime()),
              median,
              lastEnded == null ? 0 : lastEnded.tablesCreated(),
              lastEnded == null ? 0 : lastEnded.tablesUpdated(),
              lastEnded == null ? 0 : lastEnded.tablesDeleted());
        });
  }

  private static double seconds(Instant start, Instant end) {
    return Duration.between(start, end).toMillis() / 1000.0;
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private LoadedCrawler loadCrawler(StoreTransaction transaction, String name) {
    CrawlerDefinition definition =
        transaction
            .loadCrawler(name)
            .orElseThrow(() -> new NoSuchEntityException("crawler " + name + " does not exist"));
    CrawlerStatus status = transaction.loadCrawlerStatus(name).orElseThrow();
    CrawlRun current = null;
    CrawlRun last = null;
    for (CrawlRun crawl : transaction.listCrawls(name, 2)) {
      if (crawl.crawlId().equals(status.crawlId())) {
        current = crawl;
      } else if (last == null && crawl.state() != CrawlRun.State.RUNNING) {
        last = crawl;
      }
    }
    return new LoadedCrawler(definition, status, current, last);
  }

  private static void requireReady(CrawlerStatus status) {
    if (status.state() == State.RUNNING) {
      throw new CrawlerStateException(
          Reason.CRAWLER_RUNNING, "crawler " + status.name() + " is running");
    }
    if (status.state() == State.STOPPING) {
      throw new CrawlerStateException(
          Reason.CRAWLER_RUNNING, "crawler " + status.name() + " is stopping");
    }
  }

  private static CronSchedule requireSchedule(CrawlerDefinition crawler) {
    if (crawler.schedule() == null) {
      throw new CrawlerStateException(
          Reason.NO_SCHEDULE, "crawler " + crawler.name() + " has no schedule");
    }
    return CronSchedule.parse(crawler.schedule());
  }

  private static void requireClassifiers(StoreTransaction transaction, List<String> names) {
    for (String name : names) {
      requireClassifier(transaction, name);
    }
  }

  /** Checks what the store cannot: paths, schedule, policies, configuration. */
  private CronSchedule validateCrawler(CrawlerDefinition crawler) {
    if (crawler.targets().isEmpty()) {
      throw new ValidationException("crawler " + crawler.name() + " needs at least one target");
    }
    for (CrawlTarget target : crawler.targets()) {
      String path = target.path();
      if (!S3_PATH.matcher(path).matches() && !path.startsWith("file:/")) {
        throw new ValidationException(
            "the target path '"
                + path
                + "' is neither an S3 path (s3://bucket/prefix) nor a local one (file:///dir)");
      }
    }
    if (crawler.classifiers().size() != Set.copyOf(crawler.classifiers()).size()) {
      throw new ValidationException("crawler " + crawler.name() + " names a classifier twice");
    }
    if (crawler.recrawlBehavior() == RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY
        && (crawler.updateBehavior() != UpdateBehavior.LOG
            || crawler.deleteBehavior() != DeleteBehavior.LOG)) {
      throw new ValidationException(
          "The SchemaChangePolicy for Crawl New Folders Only Amazon S3 target can have only LOG"
              + " DeleteBehavior value and LOG UpdateBehavior value.");
    }
    readConfiguration(crawler.configuration());
    return crawler.schedule() == null ? null : CronSchedule.parse(crawler.schedule());
  }

  /** The grouping settings of Glue's crawler Configuration JSON. */
  private record Grouping(boolean combineCompatibleSchemas, int tableLevel) {}

  private Grouping readConfiguration(String configuration) {
    if (configuration == null) {
      return new Grouping(false, 0);
    }
    JsonNode root;
    try {
      root = configurationMapper.readTree(configuration);
    } catch (JacksonException e) {
      throw new ValidationException(
          "the crawler Configuration is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ValidationException("the crawler Configuration must be a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!CONFIGURATION_KEYS.contains(name)) {
        throw new ValidationException(
            "the crawler Configuration setting '"
                + name
                + "' is not supported; Cairn supports "
                + CONFIGURATION_KEYS);
      }
    }
    JsonNode version = root.get("Version");
    if (version != null && (!version.isNumber() || version.doubleValue() != 1.0)) {
      throw new ValidationException("the crawler Configuration Version must be 1.0");
    }
    JsonNode grouping = root.get("Grouping");
    if (grouping == null) {
      return new Grouping(false, 0);
    }
    if (!grouping.isObject()) {
      throw new ValidationException("the crawler Configuration's Grouping must be a JSON object");
    }
    for (Iterator<String> names = grouping.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!GROUPING_KEYS.contains(name)) {
        throw new ValidationException(
            "the crawler Configuration setting Grouping." + name + " is not supported");
      }
    }
    JsonNode policy = grouping.get("TableGroupingPolicy");
    if (policy != null
        && !(policy.isTextual() && policy.textValue().equals("CombineCompatibleSchemas"))) {
      throw new ValidationException(
          "the crawler Configuration's Grouping.TableGroupingPolicy must be"
              + " CombineCompatibleSchemas");
    }
    JsonNode level = grouping.get("TableLevelConfiguration");
    if (level != null
        && (!level.canConvertToInt() || !level.isIntegralNumber() || level.intValue() < 1)) {
      throw new ValidationException(
          "the crawler Configuration's Grouping.TableLevelConfiguration must be a positive"
              + " integer");
    }
    return new Grouping(policy != null, level == null ? 0 : level.intValue());
  }

  private static CrawlerDefinition withTimes(
      CrawlerDefinition crawler, Instant creationTime, Instant lastUpdated, long version) {
    return new CrawlerDefinition(
        crawler.name(),
        crawler.role(),
        crawler.databaseName(),
        crawler.description(),
        crawler.targets(),
        crawler.schedule(),
        crawler.classifiers(),
        crawler.tablePrefix(),
        crawler.updateBehavior(),
        crawler.deleteBehavior(),
        crawler.recrawlBehavior(),
        crawler.configuration(),
        creationTime,
        lastUpdated,
        version);
  }

  // Running crawls

  /** A crawl this server runs. */
  private static final class RunningCrawl {
    private final CrawlRun started;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    // Files classified so far and files found to classify so far; the total grows while listing.
    private volatile long classified;
    private volatile long toClassify;
    private int loggedTenths;

    RunningCrawl(CrawlRun started) {
      this.started = started;
    }
  }

  private void run(RunningCrawl run) {
    String name = run.started.crawlerName();
    try {
      CrawlerConfiguration configuration = configuration(name);
      CrawlListener listener =
          new CrawlListener() {
            @Override
            public void log(String message) {
              LOG.info("Crawler {} (crawl {}): {}", name, run.started.crawlId(), message);
            }

            @Override
            public void classified(long done, long total) {
              run.classified = done;
              run.toClassify = total;
              int tenths = total == 0 ? 10 : (int) (done * 10 / total);
              if (tenths > run.loggedTenths) {
                run.loggedTenths = tenths;
                LOG.info(
                    "Crawler {} (crawl {}): {} of {} files classified",
                    name,
                    run.started.crawlId(),
                    done,
                    total);
              }
            }
          };
      CrawlResult result =
          new Crawler(builtIn, s3)
              .crawl(configuration, catalog, listener, () -> run.stopRequested.get());
      finish(run, CrawlRun.State.COMPLETED, result, null);
    } catch (CrawlStoppedException e) {
      if (closing.get()) {
        finish(run, CrawlRun.State.FAILED, null, "the server shut down during the crawl");
      } else {
        finish(run, CrawlRun.State.STOPPED, null, "stopped on request: " + e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.warn("Crawler {} failed", name, e);
      finish(run, CrawlRun.State.FAILED, null, errorMessage(e));
    } catch (Error e) {
      finish(run, CrawlRun.State.FAILED, null, errorMessage(e));
      throw e;
    } finally {
      running.remove(run.started.crawlId());
    }
  }

  private static String errorMessage(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** What the crawl runs with, read when it begins: a later update applies to the next crawl. */
  private CrawlerConfiguration configuration(String name) {
    return store.read(
        transaction -> {
          CrawlerDefinition crawler = loadCrawler(transaction, name).definition();
          if (crawler.databaseName() == null) {
            throw new ValidationException("crawler " + name + " has no DatabaseName to write to");
          }
          List<Classifier> custom = new ArrayList<>();
          for (String classifier : crawler.classifiers()) {
            custom.add(validateClassifier(requireClassifier(transaction, classifier).definition()));
          }
          Grouping grouping = readConfiguration(crawler.configuration());
          return new CrawlerConfiguration(
              crawler.name(),
              crawler.databaseName(),
              crawler.tablePrefix(),
              crawler.targets(),
              custom,
              crawler.updateBehavior(),
              crawler.deleteBehavior(),
              crawler.recrawlBehavior(),
              grouping.combineCompatibleSchemas(),
              grouping.tableLevel());
        });
  }

  /**
   * Records how a crawl ended and makes its crawler READY, in one transaction. Does nothing when
   * another replica already marked the crawl FAILED (this server's heartbeat was too late).
   */
  private void finish(RunningCrawl run, CrawlRun.State state, CrawlResult result, String message) {
    CrawlRun started = run.started;
    Instant end = now();
    CrawlRun ended =
        result == null
            ? started.ended(state, end, message)
            : new CrawlRun(
                started.crawlId(),
                started.crawlerName(),
                state,
                started.startTime(),
                end,
                end,
                result.tablesCreated(),
                result.tablesUpdated(),
                result.tablesDeleted(),
                result.partitionsAdded(),
                result.partitionsUpdated(),
                result.partitionsDeleted(),
                message);
    try {
      boolean recorded =
          store.write(
              transaction -> {
                if (transaction.updateRunningCrawl(ended)) {
                  makeReady(transaction, started.crawlerName(), started.crawlId());
                  return true;
                }
                return false;
              });
      if (recorded) {
        crawlEnded(ended);
      }
    } catch (RuntimeException e) {
      LOG.error(
          "Could not record the end of crawl {} of crawler {}; it is marked FAILED once its"
              + " heartbeat is stale",
          started.crawlId(),
          started.crawlerName(),
          e);
    }
  }

  private static void makeReady(StoreTransaction transaction, String name, String crawlId) {
    transaction
        .loadCrawlerStatus(name)
        .filter(status -> crawlId.equals(status.crawlId()))
        .ifPresent(
            status -> transaction.changeCrawlerState(name, status.state(), State.READY, null));
  }

  /** Tells the store this server's crawls are alive and picks up stop requests from any replica. */
  private void heartbeat() {
    for (RunningCrawl run : running.values()) {
      CrawlRun started = run.started;
      Instant now = now();
      boolean alive =
          store.write(
              transaction -> {
                CrawlRun current = transaction.loadCrawl(started.crawlId()).orElse(null);
                if (current == null || current.state() != CrawlRun.State.RUNNING) {
                  return false;
                }
                transaction.updateRunningCrawl(
                    new CrawlRun(
                        current.crawlId(),
                        current.crawlerName(),
                        current.state(),
                        current.startTime(),
                        null,
                        now,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        null));
                return transaction
                    .loadCrawlerStatus(started.crawlerName())
                    .map(status -> status.state() == State.RUNNING)
                    .orElse(false);
              });
      if (!alive) {
        run.stopRequested.set(true);
      }
    }
  }

  /** Marks RUNNING crawls whose heartbeat is before {@code time} FAILED; their crawlers READY. */
  void failAbandonedCrawls(Instant time) {
    List<CrawlRun> abandoned =
        store.read(transaction -> transaction.listCrawlsHeartbeatBefore(time));
    for (CrawlRun crawl : abandoned) {
      if (running.containsKey(crawl.crawlId())) {
        continue;
      }
      Instant now = now();
      boolean failed =
          store.write(
              transaction -> {
                boolean changed =
                    transaction.updateRunningCrawl(
                        crawl.ended(
                            CrawlRun.State.FAILED,
                            now,
                            "the server running the crawl stopped before it ended"));
                if (changed) {
                  makeReady(transaction, crawl.crawlerName(), crawl.crawlId());
                }
                return changed;
              });
      if (failed) {
        LOG.warn(
            "Crawl {} of crawler {} was cut short by a server stop; marked FAILED",
            crawl.crawlId(),
            crawl.crawlerName());
      }
    }
  }

  /** Starts the crawls that are due, each claimed by exactly one replica. */
  private void runSchedules() {
    failAbandonedCrawls(now().minus(heartbeatTimeout));
    Instant now = now();
    for (CrawlerStatus due : store.read(transaction -> transaction.listDueCrawlers(now))) {
      String name = due.name();
      boolean claimed =
          store.write(
              transaction -> {
                CrawlerDefinition crawler = transaction.loadCrawler(name).orElse(null);
                if (crawler == null || crawler.schedule() == null) {
                  return false;
                }
                return transaction.claimScheduledRun(
                    name,
                    due.nextRunTime(),
                    CronSchedule.parse(crawler.schedule()).nextRunAfter(now));
              });
      if (!claimed) {
        continue;
      }
      try {
        String crawlId = startCrawler(name);
        LOG.info("Started scheduled crawl {} of crawler {}", crawlId, name);
      } catch (CrawlerStateException e) {
        LOG.info("Skipped the scheduled crawl of crawler {}: it is still running", name);
      } catch (NoSuchEntityException e) {
        // Deleted since it was listed.
      }
    }
  }

  private void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      if (!closing.get()) {
        LOG.warn("Crawler {} failed; trying again at its next turn", what, e);
      }
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Stops scheduling, asks this server's crawls to stop (each is recorded FAILED: the server shut
   * down) and waits up to {@code grace} for them.
   */
  public void close(Duration grace) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    timer.shutdownNow();
    running.values().forEach(run -> run.stopRequested.set(true));
    BackgroundThreads.shutdown(crawlThreads, grace);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
