package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.crawlers.S3Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestServerConfig {

  @Test
  void defaults() {
    assertThat(ServerConfig.defaults())
        .isEqualTo(
            new ServerConfig(
                "127.0.0.1",
                8181,
                9083,
                Path.of("./data"),
                Duration.ofSeconds(30),
                10L * 1024 * 1024,
                "hive",
                "000000000000",
                "us-east-1",
                null,
                null,
                null,
                10,
                false,
                1000,
                Duration.ofMinutes(5),
                null,
                null,
                null,
                IcebergRestConfig.defaults(),
                1_000_000,
                new S3Settings("", "us-east-1", "", "", false),
                2,
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                new JobsConfig(
                    null,
                    List.of(ServerConfig.SPARK_JAVA_OPTIONS.split(" ")),
                    null,
                    "io.cairn.etl.JobRunner",
                    "local[*]",
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(30)),
                new MlTransformsConfig("io.cairn.findmatches.TaskRunner", null)));
  }

  @Test
  void explicitMapping() {
    Map<String, String> properties = fullMapping();
    assertThat(ServerConfig.resolve(properties, Map.of(), Map.of())).isEqualTo(fullyMapped());
  }

  @Test
  void environmentMapping() {
    Map<String, String> environment = new HashMap<>();
    fullMapping()
        .forEach((key, value) -> environment.put(ServerConfig.environmentVariable(key), value));
    assertThat(ServerConfig.resolve(Map.of(), environment, Map.of())).isEqualTo(fullyMapped());
  }

  @Test
  void commandLineMapping() {
    assertThat(ServerConfig.resolve(Map.of(), Map.of(), fullMapping())).isEqualTo(fullyMapped());
  }

  @Test
  void environmentVariableNames() {
    Map<String, String> names = new LinkedHashMap<>();
    ServerConfig.KEYS.forEach(key -> names.put(key, ServerConfig.environmentVariable(key)));
    assertThat(names)
        .containsExactly(
            Map.entry("server.bind", "CAIRN_SERVER_BIND"),
            Map.entry("server.http-port", "CAIRN_SERVER_HTTP_PORT"),
            Map.entry("server.thrift-port", "CAIRN_SERVER_THRIFT_PORT"),
            Map.entry("server.data-dir", "CAIRN_SERVER_DATA_DIR"),
            Map.entry("server.shutdown-grace-period", "CAIRN_SERVER_SHUTDOWN_GRACE_PERIOD"),
            Map.entry("server.max-request-body", "CAIRN_SERVER_MAX_REQUEST_BODY"),
            Map.entry("catalog.default-name", "CAIRN_CATALOG_DEFAULT_NAME"),
            Map.entry("catalog.account-id", "CAIRN_CATALOG_ACCOUNT_ID"),
            Map.entry("catalog.region", "CAIRN_CATALOG_REGION"),
            Map.entry("catalog.warehouse", "CAIRN_CATALOG_WAREHOUSE"),
            Map.entry("store.jdbc-url", "CAIRN_STORE_JDBC_URL"),
            Map.entry("store.user", "CAIRN_STORE_USER"),
            Map.entry("store.password", "CAIRN_STORE_PASSWORD"),
            Map.entry("store.pool-size", "CAIRN_STORE_POOL_SIZE"),
            Map.entry("thrift.transport", "CAIRN_THRIFT_TRANSPORT"),
            Map.entry("thrift.max-connections", "CAIRN_THRIFT_MAX_CONNECTIONS"),
            Map.entry("locks.timeout", "CAIRN_LOCKS_TIMEOUT"),
            Map.entry("glue.access-key-id", "CAIRN_GLUE_ACCESS_KEY_ID"),
            Map.entry("glue.secret-access-key", "CAIRN_GLUE_SECRET_ACCESS_KEY"),
            Map.entry("iceberg.file-io-impl", "CAIRN_ICEBERG_FILE_IO_IMPL"),
            Map.entry("iceberg.idempotency-key-lifetime", "CAIRN_ICEBERG_IDEMPOTENCY_KEY_LIFETIME"),
            Map.entry("iceberg.auth.bearer-tokens", "CAIRN_ICEBERG_AUTH_BEARER_TOKENS"),
            Map.entry("iceberg.auth.oauth-client-id", "CAIRN_ICEBERG_AUTH_OAUTH_CLIENT_ID"),
            Map.entry("iceberg.auth.oauth-client-secret", "CAIRN_ICEBERG_AUTH_OAUTH_CLIENT_SECRET"),
            Map.entry(
                "iceberg.auth.oauth-token-lifetime", "CAIRN_ICEBERG_AUTH_OAUTH_TOKEN_LIFETIME"),
            Map.entry("projection.max-partitions", "CAIRN_PROJECTION_MAX_PARTITIONS"),
            Map.entry("crawler.threads", "CAIRN_CRAWLER_THREADS"),
            Map.entry("crawler.scheduler-interval", "CAIRN_CRAWLER_SCHEDULER_INTERVAL"),
            Map.entry("crawler.heartbeat-timeout", "CAIRN_CRAWLER_HEARTBEAT_TIMEOUT"),
            Map.entry("crawler.s3.endpoint", "CAIRN_CRAWLER_S3_ENDPOINT"),
            Map.entry("crawler.s3.region", "CAIRN_CRAWLER_S3_REGION"),
            Map.entry("crawler.s3.access-key-id", "CAIRN_CRAWLER_S3_ACCESS_KEY_ID"),
            Map.entry("crawler.s3.secret-access-key", "CAIRN_CRAWLER_S3_SECRET_ACCESS_KEY"),
            Map.entry("crawler.s3.path-style-access", "CAIRN_CRAWLER_S3_PATH_STYLE_ACCESS"),
            Map.entry("jobs.java-command", "CAIRN_JOBS_JAVA_COMMAND"),
            Map.entry("jobs.java-options", "CAIRN_JOBS_JAVA_OPTIONS"),
            Map.entry("jobs.runner-class-path", "CAIRN_JOBS_RUNNER_CLASS_PATH"),
            Map.entry("jobs.runner-main-class", "CAIRN_JOBS_RUNNER_MAIN_CLASS"),
            Map.entry("jobs.spark-master", "CAIRN_JOBS_SPARK_MASTER"),
            Map.entry("jobs.heartbeat-timeout", "CAIRN_JOBS_HEARTBEAT_TIMEOUT"),
            Map.entry("jobs.scheduler-interval", "CAIRN_JOBS_SCHEDULER_INTERVAL"),
            Map.entry("ml-transforms.runner-main-class", "CAIRN_ML_TRANSFORMS_RUNNER_MAIN_CLASS"),
            Map.entry(
                "ml-transforms.encryption-key-file", "CAIRN_ML_TRANSFORMS_ENCRYPTION_KEY_FILE"));
  }

  @Test
  void glueKeysAreSetTogetherAndTheSecretIsNeverShown() {
    assertThatThrownBy(
            () ->
                ServerConfig.resolve(
                    Map.of(ServerConfig.GLUE_ACCESS_KEY_ID, "AKID"), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("glue.access-key-id and glue.secret-access-key");
    ServerConfig config =
        ServerConfig.resolve(
            Map.of(
                ServerConfig.GLUE_ACCESS_KEY_ID, "AKID",
                ServerConfig.GLUE_SECRET_ACCESS_KEY, " very secret "),
            Map.of(),
            Map.of());
    assertThat(config.glueSecretAccessKey()).isEqualTo(" very secret ");
    assertThat(config.toString()).contains("AKID").doesNotContain("very secret");
  }

  @Test
  void precedenceIsOptionThenEnvironmentThenFileThenDefault() {
    Map<String, String> file = Map.of(ServerConfig.HTTP_PORT, "1001");
    Map<String, String> environment = Map.of("CAIRN_SERVER_HTTP_PORT", "1002");
    Map<String, String> options = Map.of(ServerConfig.HTTP_PORT, "1003");

    assertThat(ServerConfig.resolve(file, environment, options).httpPort()).isEqualTo(1003);
    assertThat(ServerConfig.resolve(file, environment, Map.of()).httpPort()).isEqualTo(1002);
    assertThat(ServerConfig.resolve(file, Map.of(), Map.of()).httpPort()).isEqualTo(1001);
    assertThat(ServerConfig.resolve(Map.of(), Map.of(), Map.of()).httpPort()).isEqualTo(8181);
  }

  @Test
  void unknownFileKeyIsAnErrorNamingTheKey(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("cairn.properties");
    Files.writeString(file, "server.http-port=1\nserver.htp-port=2\n");

    assertThatThrownBy(() -> ServerConfig.load(file, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("unknown configuration key 'server.htp-port'");
  }

  @Test
  void environmentVariablesThatNameNoKeyAreIgnored() {
    Map<String, String> environment =
        Map.of("CAIRN_JAVA_OPTS", "-Xmx1g", "CAIRN_SERVER_HTTP_PORTS", "1", "PATH", "/bin");
    assertThat(ServerConfig.resolve(Map.of(), environment, Map.of()))
        .isEqualTo(ServerConfig.defaults());
  }

  @Test
  void invalidValueNamesKeyAndSource() {
    assertThatThrownBy(
            () ->
                ServerConfig.resolve(
                    Map.of(), Map.of("CAIRN_SERVER_HTTP_PORT", "eighty"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "invalid value 'eighty' for server.http-port (from environment variable"
                + " CAIRN_SERVER_HTTP_PORT): must be an integer");
    assertThatThrownBy(
            () -> ServerConfig.resolve(Map.of(ServerConfig.HTTP_PORT, "70000"), Map.of(), Map.of()))
        .hasMessageContaining("(from config file)")
        .hasMessageContaining("port number");
    assertThatThrownBy(
            () -> ServerConfig.resolve(Map.of(ServerConfig.ACCOUNT_ID, "123"), Map.of(), Map.of()))
        .hasMessageContaining("12 digits");
    assertThatThrownBy(
            () ->
                ServerConfig.resolve(Map.of(ServerConfig.STORE_POOL_SIZE, "0"), Map.of(), Map.of()))
        .hasMessageContaining("store.pool-size");
    assertThatThrownBy(
            () ->
                ServerConfig.resolve(
                    Map.of(ServerConfig.SHUTDOWN_GRACE_PERIOD, "30 seconds"), Map.of(), Map.of()))
        .hasMessageContaining("duration");
    assertThatThrownBy(
            () ->
                ServerConfig.resolve(
                    Map.of(ServerConfig.MAX_REQUEST_BODY, "10 TB"), Map.of(), Map.of()))
        .hasMessageContaining("size");
    assertThatThrownBy(
            () -> ServerConfig.resolve(Map.of(ServerConfig.BIND, " "), Map.of(), Map.of()))
        .hasMessageContaining("must not be empty");
  }

  @Test
  void durationsAndSizes() {
    assertThat(duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(duration("45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(duration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(duration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(duration("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(duration("0s")).isEqualTo(Duration.ZERO);

    assertThat(size("65536")).isEqualTo(65536);
    assertThat(size("100B")).isEqualTo(100);
    assertThat(size("512KB")).isEqualTo(512 * 1024);
    assertThat(size("10mb")).isEqualTo(10 * 1024 * 1024);
    assertThat(size("1GB")).isEqualTo(1024 * 1024 * 1024);
  }

  @Test
  void emptyJdbcUrlMeansSqliteInTheDataDirectory() {
    ServerConfig config =
        ServerConfig.resolve(Map.of(ServerConfig.DATA_DIR, "/var/lib/cairn"), Map.of(), Map.of());
    assertThat(config.usesEmbeddedStore()).isTrue();
    assertThat(config.effectiveJdbcUrl()).isEqualTo("jdbc:sqlite:/var/lib/cairn/catalog.db");

    ServerConfig relative = ServerConfig.defaults();
    assertThat(relative.effectiveJdbcUrl())
        .isEqualTo(
            "jdbc:sqlite:" + Path.of("data").toAbsolutePath().normalize().resolve("catalog.db"));

    ServerConfig postgres =
        ServerConfig.resolve(
            Map.of(ServerConfig.JDBC_URL, "jdbc:postgresql://db:5432/cairn"), Map.of(), Map.of());
    assertThat(postgres.usesEmbeddedStore()).isFalse();
    assertThat(postgres.effectiveJdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/cairn");
  }

  @Test
  void passwordIsNotShown() {
    ServerConfig config =
        ServerConfig.resolve(Map.of(), Map.of("CAIRN_STORE_PASSWORD", "s3cret "), Map.of());
    assertThat(config.storePassword()).isEqualTo("s3cret ");
    assertThat(config.toString()).doesNotContain("s3cret").contains("storePassword=********");
  }

  /** The shipped conf/cairn.properties sets every key, to its default, each under a comment. */
  @Test
  void shippedConfigFileDocumentsEveryKeyWithItsDefault() throws Exception {
    Path file = repositoryRoot().resolve("conf/cairn.properties");

    Map<String, String> properties = ServerConfig.readFile(file);
    assertThat(properties.keySet()).containsExactlyInAnyOrderElementsOf(ServerConfig.KEYS);
    ServerConfig.KEYS.forEach(
        key -> assertThat(properties.get(key)).as(key).isEqualTo(ServerConfig.defaultValue(key)));
    assertThat(ServerConfig.load(file, Map.of(), Map.of())).isEqualTo(ServerConfig.defaults());

    List<String> lines = Files.readAllLines(file);
    List<String> keysInOrder = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.isBlank() && !line.startsWith("#")) {
        keysInOrder.add(line.substring(0, line.indexOf('=')));
        assertThat(lines.get(i - 1)).as("comment above " + line).startsWith("#");
      }
    }
    assertThat(keysInOrder).isEqualTo(ServerConfig.KEYS);
  }

  static Path repositoryRoot() {
    String root = System.getenv("CAIRN_REPO_ROOT");
    return root == null ? Path.of("..") : Path.of(root);
  }

  private static Map<String, String> fullMapping() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("server.bind", "0.0.0.0");
    properties.put("server.http-port", "18181");
    properties.put("server.thrift-port", "19083");
    properties.put("server.data-dir", "/var/lib/cairn");
    properties.put("server.shutdown-grace-period", "5s");
    properties.put("server.max-request-body", "1MB");
    properties.put("catalog.default-name", "main");
    properties.put("catalog.account-id", "123456789012");
    properties.put("catalog.region", "eu-west-1");
    properties.put("catalog.warehouse", "s3://lake/warehouse");
    properties.put("store.jdbc-url", "jdbc:postgresql://db:5432/cairn");
    properties.put("store.user", "cairn");
    properties.put("store.password", "secret");
    properties.put("store.pool-size", "32");
    properties.put("thrift.transport", "framed");
    properties.put("thrift.max-connections", "200");
    properties.put("locks.timeout", "90s");
    properties.put("glue.access-key-id", "AKIDCAIRN");
    properties.put("glue.secret-access-key", "glue secret");
    properties.put("iceberg.file-io-impl", "com.example.FileIO");
    properties.put("iceberg.idempotency-key-lifetime", "2h");
    properties.put("iceberg.auth.bearer-tokens", "token-a, token-b");
    properties.put("iceberg.auth.oauth-client-id", "spark");
    properties.put("iceberg.auth.oauth-client-secret", "oauth secret");
    properties.put("iceberg.auth.oauth-token-lifetime", "10m");
    properties.put("projection.max-partitions", "5000");
    properties.put("crawler.threads", "4");
    properties.put("crawler.scheduler-interval", "10s");
    properties.put("crawler.heartbeat-timeout", "2m");
    properties.put("crawler.s3.endpoint", "http://127.0.0.1:9000");
    properties.put("crawler.s3.region", "eu-central-1");
    properties.put("crawler.s3.access-key-id", "minio");
    properties.put("crawler.s3.secret-access-key", "minio secret");
    properties.put("crawler.s3.path-style-access", "true");
    properties.put("jobs.java-command", "/opt/java/bin/java");
    properties.put("jobs.java-options", " -Xmx4g  --add-opens=java.base/java.nio=ALL-UNNAMED ");
    properties.put("jobs.runner-class-path", "/opt/cairn/runner.jar:/opt/cairn/lib/*");
    properties.put("jobs.runner-main-class", "com.example.Runner");
    properties.put("jobs.spark-master", "spark://spark:7077");
    properties.put("jobs.heartbeat-timeout", "20s");
    properties.put("jobs.scheduler-interval", "5s");
    properties.put("ml-transforms.runner-main-class", "com.example.TaskRunner");
    properties.put("ml-transforms.encryption-key-file", "/etc/cairn/ml.key");
    assertThat(properties.keySet())
        .as("every key is mapped")
        .containsExactlyElementsOf(ServerConfig.KEYS);
    return properties;
  }

  private static ServerConfig fullyMapped() {
    return new ServerConfig(
        "0.0.0.0",
        18181,
        19083,
        Path.of("/var/lib/cairn"),
        Duration.ofSeconds(5),
        1024 * 1024,
        "main",
        "123456789012",
        "eu-west-1",
        "jdbc:postgresql://db:5432/cairn",
        "cairn",
        "secret",
        32,
        true,
        200,
        Duration.ofSeconds(90),
        "s3://lake/warehouse",
        "AKIDCAIRN",
        "glue secret",
        new IcebergRestConfig(
            "com.example.FileIO",
            Duration.ofHours(2),
            List.of("token-a", "token-b"),
            "spark",
            "oauth secret",
            Duration.ofMinutes(10)),
        5000,
        new S3Settings("http://127.0.0.1:9000", "eu-central-1", "minio", "minio secret", true),
        4,
        Duration.ofSeconds(10),
        Duration.ofMinutes(2),
        new JobsConfig(
            "/opt/java/bin/java",
            List.of("-Xmx4g", "--add-opens=java.base/java.nio=ALL-UNNAMED"),
            "/opt/cairn/runner.jar:/opt/cairn/lib/*",
            "com.example.Runner",
            "spark://spark:7077",
            Duration.ofSeconds(20),
            Duration.ofSeconds(5)),
        new MlTransformsConfig("com.example.TaskRunner", Path.of("/etc/cairn/ml.key")));
  }

  @Test
  void crawlerS3KeysAreSetTogetherAndTheSecretIsNeverShown() {
    assertThatThrownBy(
            () ->
                ServerConfig.resolve(
                    Map.of(ServerConfig.CRAWLER_S3_ACCESS_KEY_ID, "minio"), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("crawler.s3.access-key-id and crawler.s3.secret-access-key");
    assertThatThrownBy(
            () ->
                ServerConfig.resolve(
                    Map.of(ServerConfig.CRAWLER_S3_PATH_STYLE_ACCESS, "yes"), Map.of(), Map.of()))
        .hasMessageContaining("crawler.s3.path-style-access")
        .hasMessageContaining("true or false");
    ServerConfig config = ServerConfig.resolve(Map.of(), Map.of(), fullMapping());
    assertThat(config.crawlerS3().secretAccessKey()).isEqualTo("minio secret");
    assertThat(config.toString()).contains("minio").doesNotContain("minio secret");
  }

  @Test
  void icebergSecretsAreNeverShown() {
    ServerConfig config =
        ServerConfig.resolve(
            Map.of(
                ServerConfig.ICEBERG_BEARER_TOKENS, "token-a",
                ServerConfig.ICEBERG_OAUTH_CLIENT_ID, "spark",
                ServerConfig.ICEBERG_OAUTH_CLIENT_SECRET, "oauth secret"),
            Map.of(),
            Map.of());
    assertThat(config.iceberg().authenticationRequired()).isTrue();
    assertThat(config.toString()).contains("spark").doesNotContain("token-a", "oauth secret");
    assertThat(ServerConfig.defaults().iceberg().authenticationRequired()).isFalse();
    assertThatThrownBy(
            () ->
                ServerConfig.resolve(
                    Map.of(ServerConfig.ICEBERG_OAUTH_CLIENT_ID, "spark"), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("iceberg.auth.oauth-client-id and iceberg.auth.oauth-client-secret");
  }

  private static Duration duration(String value) {
    return ServerConfig.resolve(
            Map.of(ServerConfig.SHUTDOWN_GRACE_PERIOD, value), Map.of(), Map.of())
        .shutdownGracePeriod();
  }

  private static long size(String value) {
    return ServerConfig.resolve(Map.of(ServerConfig.MAX_REQUEST_BODY, value), Map.of(), Map.of())
        .maxRequestBodyBytes();
  }
}
