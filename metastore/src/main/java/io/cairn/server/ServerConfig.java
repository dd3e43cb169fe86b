package io.cairn.server;

import static java.util.Objects.requireNonNull;

import io.cairn.crawlers.S3Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's configuration. Every key is documented with its default in {@code
 * conf/cairn.properties}.
 *
 * <p>Each value comes from the first of: a command-line option, the environment variable {@code
 * CAIRN_<KEY>} (upper case, {@code .} and {@code -} as {@code _}), the config file, the default.
 *
 * @param jdbcUrl null for the embedded SQLite file {@code <dataDirectory>/catalog.db}
 * @param storeUser null when the JDBC URL needs none
 * @param storePassword null when the JDBC URL needs none
 * @param glueAccessKeyId null to accept Glue API requests without checking their signatures; else
 *     the one access key whose Signature V4 they must carry
 * @param glueSecretAccessKey the secret of {@code glueAccessKeyId}; null exactly when it is
 * @param iceberg the Iceberg REST catalog's settings (the {@code iceberg.*} keys)
 * @param projectionMaxPartitions the most partitions one read of a projected table may compute
 * @param crawlerS3 how crawls reach {@code s3://} targets (the {@code crawler.s3.*} keys)
 * @param crawlerThreads the most crawls this server runs at once
 * @param crawlerSchedulerInterval how often the server looks for due scheduled crawls
 * @param crawlerHeartbeatTimeout a running crawl whose server sent no heartbeat for this long is
 *     marked FAILED
 * @param jobs how job runs are launched (the {@code jobs.*} keys)
 * @param mlTransforms how ML transforms' task runs are launched and their labels and models kept
 *     (the {@code ml-transforms.*} keys; the java, class path and Spark master are the jobs')
 */
public record ServerConfig(
    String bind,
    int httpPort,
    int thriftPort,
    Path dataDirectory,
    Duration shutdownGracePeriod,
    long maxRequestBodyBytes,
    String defaultCatalogName,
    String accountId,
    String region,
    String jdbcUrl,
    String storeUser,
    String storePassword,
    int storePoolSize,
    boolean thriftFramed,
    int thriftMaxConnections,
    Duration lockTimeout,
    String warehouse,
    String glueAccessKeyId,
    String glueSecretAccessKey,
    IcebergRestConfig iceberg,
    int projectionMaxPartitions,
    S3Settings crawlerS3,
    int crawlerThreads,
    Duration crawlerSchedulerInterval,
    Duration crawlerHeartbeatTimeout,
    JobsConfig jobs,
    MlTransformsConfig mlTransforms) {

  public static final String BIND = "server.bind";
  public static final String HTTP_PORT = "server.http-port";
  public static final String THRIFT_PORT = "server.thrift-port";
  public static final String DATA_DIR = "server.data-dir";
  public static final String SHUTDOWN_GRACE_PERIOD = "server.shutdown-grace-period";
  public static final String MAX_REQUEST_BODY = "server.max-request-body";
  public static final String DEFAULT_CATALOG_NAME = "catalog.default-name";
  public static final String ACCOUNT_ID = "catalog.account-id";
  public static final String REGION = "catalog.region";
  public static final String JDBC_URL = "store.jdbc-url";
  public static final String STORE_USER = "store.user";
  public static final String STORE_PASSWORD = "store.password";
  public static final String STORE_POOL_SIZE = "store.pool-size";
  public static final String THRIFT_TRANSPORT = "thrift.transport";
  public static final String THRIFT_MAX_CONNECTIONS = "thrift.max-connections";
  public static final String LOCK_TIMEOUT = "locks.timeout";
  public static final String WAREHOUSE = "catalog.warehouse";
  public static final String GLUE_ACCESS_KEY_ID = "glue.access-key-id";
  public static final String GLUE_SECRET_ACCESS_KEY = "glue.secret-access-key";
  public static final String ICEBERG_FILE_IO_IMPL = "iceberg.file-io-impl";
  public static final String ICEBERG_IDEMPOTENCY_KEY_LIFETIME = "iceberg.idempotency-key-lifetime";
  public static final String ICEBERG_BEARER_TOKENS = "iceberg.auth.bearer-tokens";
  public static final String ICEBERG_OAUTH_CLIENT_ID = "iceberg.auth.oauth-client-id";
  public static final String ICEBERG_OAUTH_CLIENT_SECRET = "iceberg.auth.oauth-client-secret";
  public static final String ICEBERG_OAUTH_TOKEN_LIFETIME = "iceberg.auth.oauth-token-lifetime";
  public static final String PROJECTION_MAX_PARTITIONS = "projection.max-partitions";
  public static final String CRAWLER_THREADS = "crawler.threads";
  public static final String CRAWLER_SCHEDULER_INTERVAL = "crawler.scheduler-interval";
  public static final String CRAWLER_HEARTBEAT_TIMEOUT = "crawler.heartbeat-timeout";
  public static final String CRAWLER_S3_ENDPOINT = "crawler.s3.endpoint";
  public static final String CRAWLER_S3_REGION = "crawler.s3.region";
  public static final String CRAWLER_S3_ACCESS_KEY_ID = "crawler.s3.access-key-id";
  public static final String CRAWLER_S3_SECRET_ACCESS_KEY = "crawler.s3.secret-access-key";
  public static final String CRAWLER_S3_PATH_STYLE_ACCESS = "crawler.s3.path-style-access";
  public static final String JOBS_JAVA_COMMAND = "jobs.java-command";
  public static final String JOBS_JAVA_OPTIONS = "jobs.java-options";
  public static final String JOBS_RUNNER_CLASS_PATH = "jobs.runner-class-path";
  public static final String JOBS_RUNNER_MAIN_CLASS = "jobs.runner-main-class";
  public static final String JOBS_SPARK_MASTER = "jobs.spark-master";
  public static final String JOBS_HEARTBEAT_TIMEOUT = "jobs.heartbeat-timeout";
  public static final String JOBS_SCHEDULER_INTERVAL = "jobs.scheduler-interval";
  public static final String ML_TRANSFORMS_RUNNER_MAIN_CLASS = "ml-transforms.runner-main-class";
  public static final String ML_TRANSFORMS_ENCRYPTION_KEY_FILE =
      "ml-transforms.encryption-key-file";

  /**
   * The JVM options Spark 3.5 needs on Java 17 (Spark's own JavaModuleOptions), as the etl-runner's
   * tests run with them.
   */
  static final String SPARK_JAVA_OPTIONS =
      "-XX:+IgnoreUnrecognizedVMOptions"
          + " --add-opens=java.base/java.lang=ALL-UNNAMED"
          + " --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
          + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
          + " --add-opens=java.base/java.io=ALL-UNNAMED"
          + " --add-opens=java.base/java.net=ALL-UNNAMED"
          + " --add-opens=java.base/java.nio=ALL-UNNAMED"
          + " --add-opens=java.base/java.util=ALL-UNNAMED"
          + " --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
          + " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
          + " --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED"
          + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
          + " --add-opens=java.base/sun.nio.cs=ALL-UNNAMED"
          + " --add-opens=java.base/sun.security.action=ALL-UNNAMED"
          + " --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
          + " --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED"
          + " -Djdk.reflect.useDirectMethodHandle=false";

  /** Every key, in the order of the documented config file. */
  public static final List<String> KEYS =
      List.of(
          BIND,
          HTTP_PORT,
          THRIFT_PORT,
          DATA_DIR,
          SHUTDOWN_GRACE_PERIOD,
          MAX_REQUEST_BODY,
          DEFAULT_CATALOG_NAME,
          ACCOUNT_ID,
          REGION,
          WAREHOUSE,
          JDBC_URL,
          STORE_USER,
          STORE_PASSWORD,
          STORE_POOL_SIZE,
          THRIFT_TRANSPORT,
          THRIFT_MAX_CONNECTIONS,
          LOCK_TIMEOUT,
          GLUE_ACCESS_KEY_ID,
          GLUE_SECRET_ACCESS_KEY,
          ICEBERG_FILE_IO_IMPL,
          ICEBERG_IDEMPOTENCY_KEY_LIFETIME,
          ICEBERG_BEARER_TOKENS,
          ICEBERG_OAUTH_CLIENT_ID,
          ICEBERG_OAUTH_CLIENT_SECRET,
          ICEBERG_OAUTH_TOKEN_LIFETIME,
          PROJECTION_MAX_PARTITIONS,
          CRAWLER_THREADS,
          CRAWLER_SCHEDULER_INTERVAL,
          CRAWLER_HEARTBEAT_TIMEOUT,
          CRAWLER_S3_ENDPOINT,
          CRAWLER_S3_REGION,
          CRAWLER_S3_ACCESS_KEY_ID,
          CRAWLER_S3_SECRET_ACCESS_KEY,
          CRAWLER_S3_PATH_STYLE_ACCESS,
          JOBS_JAVA_COMMAND,
          JOBS_JAVA_OPTIONS,
          JOBS_RUNNER_CLASS_PATH,
          JOBS_RUNNER_MAIN_CLASS,
          JOBS_SPARK_MASTER,
          JOBS_HEARTBEAT_TIMEOUT,
          JOBS_SCHEDULER_INTERVAL,
          ML_TRANSFORMS_RUNNER_MAIN_CLASS,
          ML_TRANSFORMS_ENCRYPTION_KEY_FILE);

  private static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry(BIND, "127.0.0.1"),
          Map.entry(HTTP_PORT, "8181"),
          Map.entry(THRIFT_PORT, "9083"),
          Map.entry(DATA_DIR, "./data"),
          Map.entry(SHUTDOWN_GRACE_PERIOD, "30s"),
          Map.entry(MAX_REQUEST_BODY, "10MB"),
          Map.entry(DEFAULT_CATALOG_NAME, "hive"),
          Map.entry(ACCOUNT_ID, "000000000000"),
          Map.entry(REGION, "us-east-1"),
          Map.entry(JDBC_URL, ""),
          Map.entry(STORE_USER, ""),
          Map.entry(STORE_PASSWORD, ""),
          Map.entry(STORE_POOL_SIZE, "10"),
          Map.entry(THRIFT_TRANSPORT, "buffered"),
          Map.entry(THRIFT_MAX_CONNECTIONS, "1000"),
          Map.entry(LOCK_TIMEOUT, "300s"),
          Map.entry(WAREHOUSE, ""),
          Map.entry(GLUE_ACCESS_KEY_ID, ""),
          Map.entry(GLUE_SECRET_ACCESS_KEY, ""),
          Map.entry(ICEBERG_FILE_IO_IMPL, IcebergRestConfig.DEFAULT_FILE_IO_IMPL),
          Map.entry(ICEBERG_IDEMPOTENCY_KEY_LIFETIME, "30m"),
          Map.entry(ICEBERG_BEARER_TOKENS, ""),
          Map.entry(ICEBERG_OAUTH_CLIENT_ID, ""),
          Map.entry(ICEBERG_OAUTH_CLIENT_SECRET, ""),
          Map.entry(ICEBERG_OAUTH_TOKEN_LIFETIME, "1h"),
          Map.entry(PROJECTION_MAX_PARTITIONS, "1000000"),
          Map.entry(CRAWLER_THREADS, "2"),
          Map.entry(CRAWLER_SCHEDULER_INTERVAL, "30s"),
          Map.entry(CRAWLER_HEARTBEAT_TIMEOUT, "60s"),
          Map.entry(CRAWLER_S3_ENDPOINT, ""),
          Map.entry(CRAWLER_S3_REGION, "us-east-1"),
          Map.entry(CRAWLER_S3_ACCESS_KEY_ID, ""),
          Map.entry(CRAWLER_S3_SECRET_ACCESS_KEY, ""),
          Map.entry(CRAWLER_S3_PATH_STYLE_ACCESS, "false"),
          Map.entry(JOBS_JAVA_COMMAND, ""),
          Map.entry(JOBS_JAVA_OPTIONS, SPARK_JAVA_OPTIONS),
          Map.entry(JOBS_RUNNER_CLASS_PATH, ""),
          Map.entry(JOBS_RUNNER_MAIN_CLASS, "io.cairn.etl.JobRunner"),
          Map.entry(JOBS_SPARK_MASTER, "local[*]"),
          Map.entry(JOBS_HEARTBEAT_TIMEOUT, "60s"),
          Map.entry(JOBS_SCHEDULER_INTERVAL, "30s"),
          Map.entry(ML_TRANSFORMS_RUNNER_MAIN_CLASS, "io.cairn.findmatches.TaskRunner"),
          Map.entry(ML_TRANSFORMS_ENCRYPTION_KEY_FILE, ""));

  private static final Pattern DURATION =
      Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DATA_SIZE =
      Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

  public ServerConfig {
    requireNonNull(bind, "bind is null");
    requireNonNull(dataDirectory, "dataDirectory is null");
    requireNonNull(shutdownGracePeriod, "shutdownGracePeriod is null");
    requireNonNull(defaultCatalogName, "defaultCatalogName is null");
    requireNonNull(accountId, "accountId is null");
    requireNonNull(region, "region is null");
    requireNonNull(lockTimeout, "lockTimeout is null");
    requireNonNull(iceberg, "iceberg is null");
    requireNonNull(crawlerS3, "crawlerS3 is null");
    requireNonNull(crawlerSchedulerInterval, "crawlerSchedulerInterval is null");
    requireNonNull(crawlerHeartbeatTimeout, "crawlerHeartbeatTimeout is null");
    requireNonNull(jobs, "jobs is null");
    requireNonNull(mlTransforms, "mlTransforms is null");
    if (crawlerThreads < 1) {
      throw new ConfigException(CRAWLER_THREADS + " must be positive");
    }
    if (crawlerS3.accessKeyId().isEmpty() != crawlerS3.secretAccessKey().isEmpty()) {
      throw new ConfigException(
          CRAWLER_S3_ACCESS_KEY_ID
              + " and "
              + CRAWLER_S3_SECRET_ACCESS_KEY
              + " are set together or not at all");
    }
    if (projectionMaxPartitions < 1) {
      throw new ConfigException(PROJECTION_MAX_PARTITIONS + " must be positive");
    }
    if ((glueAccessKeyId == null) != (glueSecretAccessKey == null)) {
      throw new ConfigException(
          GLUE_ACCESS_KEY_ID
              + " and "
              + GLUE_SECRET_ACCESS_KEY
              + " are set together or not at all");
    }
  }

  /** The configuration when nothing is set anywhere. */
  public static ServerConfig defaults() {
    return resolve(Map.of(), Map.of(), Map.of());
  }

  /**
   * Reads {@code file} (null for none) and resolves it with the environment and the command-line
   * overrides (keys as in the file).
   */
  public static ServerConfig load(
      Path file, Map<String, String> environment, Map<String, String> overrides) {
    Map<String, String> fileProperties = file == null ? Map.of() : readFile(file);
    try {
      return resolve(fileProperties, environment, overrides);
    } catch (ConfigException e) {
      throw file == null ? e : new ConfigException(file + ": " + e.getMessage(), e);
    }
  }

  /** The key/value pairs of a properties file, as written. */
  public static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
    return values;
  }

  /**
   * Resolves every key by precedence: {@code overrides} (command-line options), then {@code
   * environment}, then {@code fileProperties}, then the default. Environment variables that name no
   * key are ignored (other tools share the {@code CAIRN_} prefix); unknown keys in the file are an
   * error.
   */
  public static ServerConfig resolve(
      Map<String, String> fileProperties,
      Map<String, String> environment,
      Map<String, String> overrides) {
    for (String key : fileProperties.keySet()) {
      if (!DEFAULTS.containsKey(key)) {
        throw new ConfigException(
            "unknown configuration key '" + key + "'; known keys are " + String.join(", ", KEYS));
      }
    }
    for (String key : overrides.keySet()) {
      if (!DEFAULTS.containsKey(key)) {
        throw new IllegalArgumentException("unknown configuration key: " + key);
      }
    }
    Values values = new Values(fileProperties, environment, overrides);
    return new ServerConfig(
        values.nonBlank(BIND),
        values.port(HTTP_PORT),
        values.port(THRIFT_PORT),
        Path.of(values.nonBlank(DATA_DIR)),
        values.duration(SHUTDOWN_GRACE_PERIOD),
        values.dataSize(MAX_REQUEST_BODY),
        values.nonBlank(DEFAULT_CATALOG_NAME),
        values.accountId(ACCOUNT_ID),
        values.nonBlank(REGION),
        values.optional(JDBC_URL),
        values.optional(STORE_USER),
        values.optionalUntrimmed(STORE_PASSWORD),
        values.positive(STORE_POOL_SIZE),
        values.thriftFramed(THRIFT_TRANSPORT),
        values.positive(THRIFT_MAX_CONNECTIONS),
        values.positiveDuration(LOCK_TIMEOUT),
        values.optional(WAREHOUSE),
        values.optional(GLUE_ACCESS_KEY_ID),
        values.optionalUntrimmed(GLUE_SECRET_ACCESS_KEY),
        new IcebergRestConfig(
            values.nonBlank(ICEBERG_FILE_IO_IMPL),
            values.positiveDuration(ICEBERG_IDEMPOTENCY_KEY_LIFETIME),
            values.list(ICEBERG_BEARER_TOKENS),
            values.optional(ICEBERG_OAUTH_CLIENT_ID),
            values.optionalUntrimmed(ICEBERG_OAUTH_CLIENT_SECRET),
            values.positiveDuration(ICEBERG_OAUTH_TOKEN_LIFETIME)),
        values.positive(PROJECTION_MAX_PARTITIONS),
        new S3Settings(
            values.optionalOrEmpty(CRAWLER_S3_ENDPOINT),
            values.nonBlank(CRAWLER_S3_REGION),
            values.optionalOrEmpty(CRAWLER_S3_ACCESS_KEY_ID),
            values.untrimmed(CRAWLER_S3_SECRET_ACCESS_KEY),
            values.bool(CRAWLER_S3_PATH_STYLE_ACCESS)),
        values.positive(CRAWLER_THREADS),
        values.positiveDuration(CRAWLER_SCHEDULER_INTERVAL),
        values.positiveDuration(CRAWLER_HEARTBEAT_TIMEOUT),
        new JobsConfig(
            values.optional(JOBS_JAVA_COMMAND),
            java.util.Arrays.stream(values.optionalOrEmpty(JOBS_JAVA_OPTIONS).split("\\s+"))
                .filter(option -> !option.isEmpty())
                .toList(),
            values.optional(JOBS_RUNNER_CLASS_PATH),
            values.nonBlank(JOBS_RUNNER_MAIN_CLASS),
            values.nonBlank(JOBS_SPARK_MASTER),
            values.positiveDuration(JOBS_HEARTBEAT_TIMEOUT),
            values.positiveDuration(JOBS_SCHEDULER_INTERVAL)),
        new MlTransformsConfig(
            values.nonBlank(ML_TRANSFORMS_RUNNER_MAIN_CLASS),
            values.optionalPath(ML_TRANSFORMS_ENCRYPTION_KEY_FILE)));
  }

  /** The environment variable that overrides {@code key}: {@code CAIRN_} + upper snake case. */
  public static String environmentVariable(String key) {
    return "CAIRN_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The default value of {@code key} as written in the config file. */
  public static String defaultValue(String key) {
    String value = DEFAULTS.get(key);
    if (value == null) {
      throw new IllegalArgumentException("unknown configuration key: " + key);
    }
    return value;
  }

  /** The configured JDBC URL, or the embedded SQLite file in the data directory. */
  public String effectiveJdbcUrl() {
    if (jdbcUrl != null) {
      return jdbcUrl;
    }
    return "jdbc:sqlite:" + dataDirectory.toAbsolutePath().normalize().resolve("catalog.db");
  }

  /**
   * The warehouse root as a URI: the configured one, a configured absolute path as a {@code file:}
   * URI, or else {@code <data directory>/warehouse}.
   */
  public String effectiveWarehouse() {
    if (warehouse != null && warehouse.contains(":")) {
      return warehouse;
    }
    Path path = warehouse == null ? dataDirectory.resolve("warehouse") : Path.of(warehouse);
    return "file:" + path.toAbsolutePath().normalize();
  }

  /** True when the catalog lives in the SQLite file under the data directory. */
  public boolean usesEmbeddedStore() {
    return jdbcUrl == null;
  }

  @Override
  public String toString() {
    return "ServerConfig[bind=%s, httpPort=%d, thriftPort=%d, dataDirectory=%s, shutdownGracePeriod=%s, maxRequestBodyBytes=%d, defaultCatalogName=%s, accountId=%s, region=%s, jdbcUrl=%s, storeUser=%s, storePassword=%s, storePoolSize=%d, glueAccessKeyId=%s, glueSecretAccessKey=%s, iceberg=%s, projectionMaxPartitions=%d, crawlerS3=S3Settings[endpoint=%s, region=%s, accessKeyId=%s, secretAccessKey=%s, pathStyleAccess=%s], crawlerThreads=%d, crawlerSchedulerInterval=%s, crawlerHeartbeatTimeout=%s, jobs=%s, mlTransforms=%s]"
        .formatted(
            bind,
            httpPort,
            thriftPort,
            dataDirectory,
            shutdownGracePeriod,
            maxRequestBodyBytes,
            defaultCatalogName,
            accountId,
            region,
            jdbcUrl,
            storeUser,
            storePassword == null ? null : "********",
            storePoolSize,
            glueAccessKeyId,
            glueSecretAccessKey == null ? null : "********",
            iceberg,
            projectionMaxPartitions,
            crawlerS3.endpoint(),
            crawlerS3.region(),
            crawlerS3.accessKeyId(),
            crawlerS3.secretAccessKey().isEmpty() ? "" : "********",
            crawlerS3.pathStyleAccess(),
            crawlerThreads,
            crawlerSchedulerInterval,
            crawlerHeartbeatTimeout,
            jobs,
            mlTransforms);
  }

  /** Looks up values by precedence and parses them, naming the source in every error. */
  private record Values(
      Map<String, String> fileProperties,
      Map<String, String> environment,
      Map<String, String> overrides) {

    private String raw(String key) {
      return source(key).value();
    }

    private Source source(String key) {
      if (overrides.containsKey(key)) {
        return new Source(overrides.get(key), "command-line option");
      }
      String variable = environmentVariable(key);
      if (environment.containsKey(variable)) {
        return new Source(environment.get(variable), "environment variable " + variable);
      }
      if (fileProperties.containsKey(key)) {
        return new Source(fileProperties.get(key), "config file");
      }
      return new Source(DEFAULTS.get(key), "default");
    }

    String nonBlank(String key) {
      String value = raw(key).trim();
      if (value.isEmpty()) {
        throw invalid(key, "must not be empty");
      }
      return value;
    }

    String optional(String key) {
      String value = raw(key).trim();
      return value.isEmpty() ? null : value;
    }

    Path optionalPath(String key) {
      String value = optional(key);
      return value == null ? null : Path.of(value);
    }

    /** Comma-separated values, each trimmed; empty ones are left out. */
    List<String> list(String key) {
      return java.util.Arrays.stream(raw(key).split(","))
          .map(String::trim)
          .filter(value -> !value.isEmpty())
          .toList();
    }

    /** Empty when not set (settings whose users take empty as unset). */
    String optionalOrEmpty(String key) {
      return raw(key).trim();
    }

    /** A secret as written, spaces kept; empty when not set. */
    String untrimmed(String key) {
      return raw(key);
    }

    boolean bool(String key) {
      return switch (raw(key).trim().toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw invalid(key, "must be true or false");
      };
    }

    /** Passwords keep their spaces. */
    String optionalUntrimmed(String key) {
      String value = raw(key);
      return value.isEmpty() ? null : value;
    }

    int port(String key) {
      int port = integer(key);
      if (port < 0 || port > 65535) {
        throw invalid(key, "must be a port number from 0 (any free port) to 65535");
      }
      return port;
    }

    int positive(String key) {
      int value = integer(key);
      if (value < 1) {
        throw invalid(key, "must be at least 1");
      }
      return value;
    }

    Duration duration(String key) {
      Matcher matcher = DURATION.matcher(raw(key).trim());
      if (!matcher.matches()) {
        throw invalid(key, "must be a duration such as 500ms, 30s, 5m, 1h or 1d");
      }
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }

    Duration positiveDuration(String key) {
      Duration duration = duration(key);
      if (duration.isZero()) {
        throw invalid(key, "must be longer than 0");
      }
      return duration;
    }

    /** True for Thrift's framed transport, false for the buffered one. */
    boolean thriftFramed(String key) {
      return switch (raw(key).trim().toLowerCase(Locale.ROOT)) {
        case "buffered" -> false;
        case "framed" -> true;
        default -> throw invalid(key, "must be buffered or framed");
      };
    }

    /** Sizes in bytes; KB, MB and GB are multiples of 1024. */
    long dataSize(String key) {
      Matcher matcher = DATA_SIZE.matcher(raw(key).trim());
      if (!matcher.matches()) {
        throw invalid(key, "must be a size such as 65536, 512KB, 10MB or 1GB");
      }
      long unit =
          matcher.group(2) == null
              ? 1
              : switch (matcher.group(2).toUpperCase(Locale.ROOT)) {
                case "KB" -> 1L << 10;
                case "MB" -> 1L << 20;
                case "GB" -> 1L << 30;
                default -> 1;
              };
      try {
        long bytes = Math.multiplyExact(Long.parseLong(matcher.group(1)), unit);
        if (bytes < 1) {
          throw invalid(key, "must be at least 1 byte");
        }
        return bytes;
      } catch (ArithmeticException | NumberFormatException e) {
        throw invalid(key, "is too large");
      }
    }

    /** Glue's CatalogId is a 12-digit AWS account id, and clients send it verbatim. */
    String accountId(String key) {
      String value = raw(key).trim();
      if (!value.matches("\\d{12}")) {
        throw invalid(key, "must be 12 digits (an AWS account id)");
      }
      return value;
    }

    private int integer(String key) {
      try {
        return Integer.parseInt(raw(key).trim());
      } catch (NumberFormatException e) {
        throw invalid(key, "must be an integer");
      }
    }

    private ConfigException invalid(String key, String problem) {
      Source source = source(key);
      String shown =
          key.equals(STORE_PASSWORD)
                  || key.equals(GLUE_SECRET_ACCESS_KEY)
                  || key.equals(ICEBERG_BEARER_TOKENS)
                  || key.equals(ICEBERG_OAUTH_CLIENT_SECRET)
                  || key.equals(CRAWLER_S3_SECRET_ACCESS_KEY)
              ? "********"
              : source.value();
      return new ConfigException(
          "invalid value '"
              + shown
              + "' for "
              + key
              + " (from "
              + source.origin()
              + "): "
              + problem);
    }
  }

  private record Source(String value, String origin) {}
}
