package io.cairn.server;

import static java.util.Objects.requireNonNull;

import io.cairn.glue.GlueApi;
import io.cairn.iceberg.IcebergRestApi;
import io.cairn.server.browse.BrowseApi;
import io.cairn.server.browse.JobLogApi;
import io.cairn.server.browse.MlTransformApi;
import io.cairn.service.ArtifactCipher;
import io.cairn.service.CatalogService;
import io.cairn.service.ConstraintService;
import io.cairn.service.CrawlerService;
import io.cairn.service.JobLauncher;
import io.cairn.service.JobService;
import io.cairn.service.LockService;
import io.cairn.service.MlTaskLauncher;
import io.cairn.service.MlTransformService;
import io.cairn.service.PrivilegeService;
import io.cairn.service.ResourceArns;
import io.cairn.service.ServiceCrawlerCatalog;
import io.cairn.service.TriggerService;
import io.cairn.service.WorkflowService;
import io.cairn.store.CatalogStore;
import io.cairn.store.jdbc.JdbcCatalogStore;
import io.cairn.thrift.ThriftMetastoreServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Cairn server: the store, the catalog service and the HTTP port with every protocol
 * adapter mounted. {@link #close} stops it gracefully and then closes the store.
 */
public final class CairnServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CairnServer.class);

  private final ServerConfig config;
  private final CatalogStore store;
  private final CatalogService service;
  private final LockService locks;
  private final PrivilegeService privileges;
  private final ConstraintService constraints;
  private final CrawlerService crawlers;
  private final JobLauncher jobLauncher;
  private final JobService jobs;
  private final WorkflowService workflows;
  private final TriggerService triggers;
  private final MlTaskLauncher mlTaskLauncher;
  private final MlTransformService mlTransforms;
  private final HttpServer httpServer;
  private final Metrics metrics;
  private ThriftMetastoreServer thriftServer;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private CairnServer(ServerConfig config, CatalogStore store, Clock clock) {
    this.config = requireNonNull(config, "config is null");
    this.store = requireNonNull(store, "store is null");
    this.service =
        new CatalogService(
            store,
            config.defaultCatalogName(),
            new ResourceArns(config.region(), config.accountId()),
            requireNonNull(clock, "clock is null"),
            config.projectionMaxPartitions());
    this.locks = new LockService(store, clock, config.lockTimeout());
    this.privileges = new PrivilegeService(store, clock);
    this.constraints = new ConstraintService(store, service, clock);
    this.crawlers =
        new CrawlerService(
            store,
            new ServiceCrawlerCatalog(service),
            config.crawlerS3(),
            clock,
            config.crawlerThreads(),
            config.crawlerHeartbeatTimeout());
    JobsConfig jobsConfig = config.jobs();
    this.jobLauncher =
        new JobLauncher(
            jobsConfig.effectiveJavaCommand(),
            jobsConfig.javaOptions(),
            jobsConfig.effectiveRunnerClassPath(),
            jobsConfig.runnerMainClass(),
            jobsConfig.sparkMaster(),
            config.dataDirectory().toAbsolutePath().normalize().resolve("jobs").resolve("runs"));
    this.jobs = new JobService(store, jobLauncher, clock, jobsConfig.heartbeatTimeout());
    this.workflows =
        new WorkflowService(store, jobs, crawlers, clock, jobsConfig.heartbeatTimeout());
    this.triggers = new TriggerService(store, jobs, crawlers, workflows, clock);
    MlTransformsConfig mlConfig = config.mlTransforms();
    this.mlTaskLauncher =
        new MlTaskLauncher(
            jobsConfig.effectiveJavaCommand(),
            jobsConfig.javaOptions(),
            jobsConfig.effectiveRunnerClassPath(),
            mlConfig.runnerMainClass(),
            jobsConfig.sparkMaster(),
            config
                .dataDirectory()
                .toAbsolutePath()
                .normalize()
                .resolve("ml-transforms")
                .resolve("tasks"));
    this.mlTransforms =
        new MlTransformService(
            store,
            service,
            mlTaskLauncher,
            mlConfig.encryptionKeyFile() == null
                ? ArtifactCipher.none()
                : ArtifactCipher.fromKeyFile(mlConfig.encryptionKeyFile()),
            clock,
            jobsConfig.heartbeatTimeout());
    this.metrics = new Metrics(store::poolStatistics);
    this.httpServer =
        new HttpServer(
            config,
            List.of(
                BrowseApi.route(service, metrics),
                JobLogApi.route(jobs),
                MlTransformApi.route(mlTransforms),
                GlueApi.route(
                    config, service, crawlers, jobs, triggers, workflows, mlTransforms, metrics),
                IcebergRestApi.route(config, service, metrics)),
            metrics,
            this::isReady);
  }

  /**
   * Opens (and migrates) the store, ensures the default catalog and starts serving HTTP. On failure
   * everything opened so far is closed again.
   */
  public static CairnServer start(ServerConfig config) {
    if (config.usesEmbeddedStore()) {
      createDirectory(config.dataDirectory());
    }
    CatalogStore store =
        JdbcCatalogStore.open(
            config.effectiveJdbcUrl(),
            config.storeUser(),
            config.storePassword(),
            config.storePoolSize());
    CairnServer server;
    try {
      server = new CairnServer(config, store, Clock.systemUTC());
    } catch (RuntimeException | Error e) {
      store.close();
      throw e;
    }
    try {
      server.service.ensureDefaultCatalog();
      server.service.ensureDefaultDatabase(config.effectiveWarehouse());
      server.crawlers.start(config.crawlerSchedulerInterval(), config.usesEmbeddedStore());
      server.httpServer.start();
      server.thriftServer =
          ThriftMetastoreServer.start(
              config.bind(),
              config.thriftPort(),
              config.thriftFramed(),
              config.thriftMaxConnections(),
              server.service,
              config.effectiveWarehouse(),
              server.locks,
              server.privileges,
              server.constraints,
              server.metrics);
      JobLauncher.Endpoints endpoints =
          new JobLauncher.Endpoints(
              URI.create("thrift://" + hostOf(server.httpUri()) + ":" + server.thriftPort()),
              server.httpUri());
      server.jobLauncher.serverStarted(endpoints);
      server.mlTaskLauncher.serverStarted(endpoints);
      server.jobs.start(config.usesEmbeddedStore());
      server.mlTransforms.start(config.usesEmbeddedStore());
      server.triggers.start(config.jobs().schedulerInterval());
      server.ready.set(true);
      LOG.info("Cairn serving HTTP on {}, store {}", server.httpUri(), server.dataLocation());
      return server;
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  /** Serving: the store is migrated, the default catalog exists and the server is not stopping. */
  public boolean isReady() {
    return ready.get() && store.isReady();
  }

  public URI httpUri() {
    return httpServer.uri();
  }

  /** The Hive Metastore Thrift port actually listened on. */
  public int thriftPort() {
    return thriftServer.port();
  }

  public int httpPort() {
    return httpServer.port();
  }

  public List<Route> routes() {
    return httpServer.routes();
  }

  public CatalogService catalogService() {
    return service;
  }

  public CrawlerService crawlerService() {
    return crawlers;
  }

  public JobService jobService() {
    return jobs;
  }

  public MlTransformService mlTransformService() {
    return mlTransforms;
  }

  private static String hostOf(URI uri) {
    return uri.getHost();
  }

  /**
   * Where the catalog lives, for people: the data directory with the embedded SQLite file, or the
   * database URL (without user information or parameters, which may hold a password).
   */
  public String dataLocation() {
    if (config.usesEmbeddedStore()) {
      return config.dataDirectory().toAbsolutePath().normalize() + " (SQLite)";
    }
    String url = config.effectiveJdbcUrl();
    if (url.startsWith("jdbc:sqlite:")) {
      return url.substring("jdbc:sqlite:".length()) + " (SQLite)";
    }
    String withoutParameters = url.replaceFirst("[?;].*$", "").replaceFirst("//[^/@]*@", "//");
    return withoutParameters + (url.startsWith("jdbc:postgresql:") ? " (PostgreSQL)" : "");
  }

  /** Blocks until the server has stopped. */
  public void join() throws InterruptedException {
    httpServer.join();
  }

  /**
   * Stops accepting requests, lets in-flight ones finish within the grace period, then closes the
   * store. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ready.set(false);
    try {
      if (thriftServer != null) {
        thriftServer.close();
      }
      httpServer.stop();
      triggers.close();
      workflows.close();
      jobs.close(config.shutdownGracePeriod());
      mlTransforms.close(config.shutdownGracePeriod());
      crawlers.close(config.shutdownGracePeriod());
    } finally {
      store.close();
    }
  }

  private static void createDirectory(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot create the data directory " + directory.toAbsolutePath() + ": " + e, e);
    }
  }
}
