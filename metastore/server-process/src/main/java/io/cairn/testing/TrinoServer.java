package io.cairn.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A single-node Trino server (coordinator and worker in one JVM) started from the server
 * distribution archive named by the system property {@code trino.archive} (unpacked beside it on
 * first use), on the Java named by {@code trino.java.home} (Trino 476 needs Java 24 or newer). It
 * is started the way Trino's launcher starts it, without the launcher: {@code java
 * -Dconfig=etc/config.properties -cp lib/* io.trino.server.TrinoServer}, with every setting in that
 * one file.
 */
public final class TrinoServer implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

  private final Process process;
  private final Path log;
  private final int port;

  private TrinoServer(Process process, Path log, int port) {
    this.process = requireNonNull(process, "process is null");
    this.log = requireNonNull(log, "log is null");
    this.port = port;
  }

  /**
   * Starts Trino with the given catalogs (catalog name to connector properties) and returns once it
   * accepts queries. Its configuration, state and log go to a new directory under the one named by
   * {@code trino.work.directory}, which outlives the test run for reading the log.
   */
  public static TrinoServer start(Map<String, Map<String, String>> catalogs) throws IOException {
    Path base = Files.createDirectories(Path.of(requiredProperty("trino.work.directory")));
    Path directory = Files.createTempDirectory(base, "trino-");
    Path home = unpacked(Path.of(requiredProperty("trino.archive")));
    Path java = Path.of(requiredProperty("trino.java.home"), "bin", "java");
    if (!Files.isExecutable(java)) {
      throw new IllegalStateException(
          "Trino needs Java 24 or newer; no java at "
              + java
              + " (set -Dtrino.java.home to such a JDK)");
    }
    int port = freePort();
    Path etc = Files.createDirectories(directory.resolve("etc"));
    Path catalogDirectory = Files.createDirectories(etc.resolve("catalog"));
    Path data = Files.createDirectories(directory.resolve("data"));
    Map<String, String> config = new LinkedHashMap<>();
    config.put("coordinator", "true");
    config.put("node-scheduler.include-coordinator", "true");
    config.put("http-server.http.port", Integer.toString(port));
    config.put("discovery.uri", "http://127.0.0.1:" + port);
    config.put("node.environment", "cairn_test");
    config.put("node.id", "cairn-test");
    config.put("node.internal-address", "127.0.0.1");
    config.put("catalog.config-dir", catalogDirectory.toString());
    config.put("plugin.dir", home.resolve("plugin").toString());
    config.put("query.max-memory", "1GB");
    config.put("query.max-memory-per-node", "1GB");
    writeProperties(etc.resolve("config.properties"), config);
    for (Map.Entry<String, Map<String, String>> catalog : catalogs.entrySet()) {
      writeProperties(
          catalogDirectory.resolve(catalog.getKey() + ".properties"), catalog.getValue());
    }

    Path log = directory.resolve("trino.log");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-Xmx2g");
    command.add("-XX:+UseG1GC");
    command.add("-Djdk.attach.allowAttachSelf=true");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Dconfig=" + etc.resolve("config.properties"));
    command.add("-cp");
    command.add(home.resolve("lib") + "/*");
    command.add("io.trino.server.TrinoServer");
    Process process =
        new ProcessBuilder(command)
            .directory(data.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    process.getOutputStream().close();
    TrinoServer server = new TrinoServer(process, log, port);
    try {
      server.awaitStarted();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * The directory {@code archive} unpacks to, unpacked by {@code tar} if it is not there yet: the
   * archive holds hard links, which Java's and Maven's tar readers turn into empty files. It is
   * unpacked into a staging directory and moved into place, so a cut-off unpack is never used.
   */
  private static Path unpacked(Path archive) throws IOException {
    String name = archive.getFileName().toString().replaceFirst("\\.tar\\.gz$", "");
    Path home = archive.resolveSibling(name);
    if (Files.isDirectory(home)) {
      return home;
    }
    Path staging = Files.createTempDirectory(archive.getParent(), "unpacking-");
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", staging.toString())
            .inheritIO()
            .start();
    try {
      if (!tar.waitFor(10, TimeUnit.MINUTES) || tar.exitValue() != 0) {
        tar.destroyForcibly();
        throw new IllegalStateException("could not unpack " + archive + " with tar");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while unpacking " + archive, e);
    }
    Files.move(staging.resolve(name), home);
    Files.delete(staging);
    return home;
  }

  /** A new JDBC connection to this server as user {@code cairn}. */
  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "cairn");
    return DriverManager.getConnection("jdbc:trino://127.0.0.1:" + port, properties);
  }

  private void awaitStarted() throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest info =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Trino exited on start-up; see " + log);
      }
      try {
        HttpResponse<String> response = http.send(info, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"starting\":false")) {
          return;
        }
      } catch (ConnectException | HttpTimeoutException e) {
        // not listening yet, or too busy starting to answer
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while Trino starts", e);
      }
      sleep(Duration.ofSeconds(1)); // start-up polling: Trino loads its plugins for ~30 s
    }
    throw new IllegalStateException(
        "Trino did not start within " + STARTUP_TIMEOUT + "; see " + log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void writeProperties(Path file, Map<String, String> properties) {
    String text =
        properties.entrySet().stream()
            .map(entry -> entry.getKey() + "=" + entry.getValue())
            .collect(Collectors.joining("\n", "", "\n"));
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + name + " is not set (see the pom)");
    }
    return value;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while Trino starts", e);
    }
  }
}
