package io.cairn.cli;

import io.cairn.server.ConfigException;
import io.cairn.server.ServerConfig;
import io.cairn.service.CatalogService;
import io.cairn.service.ResourceArns;
import io.cairn.store.jdbc.JdbcCatalogStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the catalog lives, shared by every command that opens it: the same keys and precedence as
 * {@code cairn server} (config file, then CAIRN_* environment variables, then options), so that
 * export and import see the server's store and its ARNs (which key the tags).
 */
public final class StoreOptions {
  /** Set by the launcher to the installation directory, whose conf/ holds the default config. */
  static final String HOME_PROPERTY = "cairn.home";

  private static final Path DEFAULT_CONFIG_FILE = Path.of("conf", "cairn.properties");

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Config file. Default: conf/cairn.properties in the working directory if it exists,"
              + " else the one of the Cairn installation; none if neither exists.")
  private Path configFile;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data directory of the embedded SQLite store (server.data-dir).")
  private Path dataDirectory;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description =
          "JDBC URL of the store (store.jdbc-url), e.g."
              + " jdbc:postgresql://host:5432/cairn; default: the SQLite file in the data"
              + " directory.")
  private String jdbcUrl;

  /** The configuration: the file, then CAIRN_* environment variables, then these options. */
  ServerConfig config() {
    return ServerConfig.load(configFile(), System.getenv(), overrides());
  }

  /** The config keys these options set, for {@link ServerConfig#load}. */
  Map<String, String> overrides() {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (dataDirectory != null) {
      overrides.put(ServerConfig.DATA_DIR, dataDirectory.toString());
    }
    if (jdbcUrl != null) {
      overrides.put(ServerConfig.JDBC_URL, jdbcUrl);
    }
    return overrides;
  }

  /**
   * The config file to read, or null for none: {@code --config}, else conf/cairn.properties in the
   * working directory, else the one of the Cairn installation (the launcher's {@code cairn.home}).
   */
  Path configFile() {
    return configFile(configFile);
  }

  /** As {@link #configFile()}, for commands that take only {@code --config} ({@code explicit}). */
  static Path configFile(Path explicit) {
    Path configFile = explicit;
    if (configFile != null) {
      if (!Files.isRegularFile(configFile)) {
        throw new ConfigException("config file " + configFile.toAbsolutePath() + " does not exist");
      }
      return configFile;
    }
    if (Files.isRegularFile(DEFAULT_CONFIG_FILE)) {
      return DEFAULT_CONFIG_FILE;
    }
    String home = System.getProperty(HOME_PROPERTY);
    if (home != null) {
      Path installed = Path.of(home).resolve(DEFAULT_CONFIG_FILE);
      if (Files.isRegularFile(installed)) {
        return installed;
      }
    }
    return null;
  }

  static JdbcCatalogStore open(ServerConfig config) {
    return JdbcCatalogStore.open(
        config.effectiveJdbcUrl(),
        config.storeUser(),
        config.storePassword(),
        config.storePoolSize());
  }

  static CatalogService service(JdbcCatalogStore store, ServerConfig config) {
    return new CatalogService(
        store,
        config.defaultCatalogName(),
        new ResourceArns(config.region(), config.accountId()),
        Clock.systemUTC(),
        config.projectionMaxPartitions());
  }
}
