package io.cairn.testing;

import static java.util.Objects.requireNonNull;

import java.io.File;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code cairn server} in a separate JVM, started from the server module's build output ({@code
 * metastore/target/cairn-metastore.jar} and {@code target/lib}, named by the system properties
 * {@code cairn.server.jar} and {@code cairn.server.lib} that the using module's failsafe
 * configuration sets). The server never shares the tests' class path: Spark's Hive 2.3 classes,
 * Hive 4's client and Hadoop's Jetty 9 would meet the server's Hive 4 Thrift classes and Jetty 12.
 */
public final class CairnServerProcess implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final String classPath;
  private final Path dataDirectory;
  private final List<String> storeArguments;
  private final Map<String, String> storeEnvironment;
  private final Path log;
  private final int httpPort;
  private final int thriftPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private CairnServerProcess(
      Process process,
      String classPath,
      Path dataDirectory,
      List<String> storeArguments,
      Map<String, String> storeEnvironment,
      Path log,
      int httpPort,
      int thriftPort) {
    this.process = requireNonNull(process, "process is null");
    this.classPath = requireNonNull(classPath, "classPath is null");
    this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
    this.storeArguments = List.copyOf(storeArguments);
    this.storeEnvironment = Map.copyOf(storeEnvironment);
    this.log = requireNonNull(log, "log is null");
    this.httpPort = httpPort;
    this.thriftPort = thriftPort;
  }

  /**
   * Starts the server on two free loopback ports with its catalog in {@code dataDirectory} and
   * returns once {@code /health} answers 200; its output goes to {@code log}.
   */
  public static CairnServerProcess start(Path dataDirectory, Path log) throws IOException {
    return start(dataDirectory, List.of(), Map.of(), log);
  }

  /**
   * Starts the server as {@link #start(Path, Path)} does, with more configuration given as {@code
   * CAIRN_*} environment variables (such as {@code CAIRN_JOBS_SPARK_MASTER}).
   */
  public static CairnServerProcess start(
      Path dataDirectory, Map<String, String> environment, Path log) throws IOException {
    return start(dataDirectory, List.of(), environment, log);
  }

  /**
   * Starts the server as {@link #start(Path, Path)} does, but with its catalog in the database at
   * {@code jdbcUrl} (such as a PostgreSQL database that several servers share), connecting as
   * {@code user} without a password; {@code dataDirectory} holds the rest of its files.
   */
  public static CairnServerProcess startOnDatabase(
      Path dataDirectory, String jdbcUrl, String user, Path log) throws IOException {
    return start(
        dataDirectory, List.of("--jdbc-url", jdbcUrl), Map.of("CAIRN_STORE_USER", user), log);
  }

  private static CairnServerProcess start(
      Path dataDirectory,
      List<String> storeArguments,
      Map<String, String> storeEnvironment,
      Path log)
      throws IOException {
    Path jar = Path.of(requiredProperty("cairn.server.jar"));
    Path lib = Path.of(requiredProperty("cairn.server.lib"));
    if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
      throw new IllegalStateException(
          "The server is not built: " + jar + " and " + lib + " are made by the metastore module");
    }
    int httpPort = freePort();
    int thriftPort = freePort();
    Files.createDirectories(log.getParent());
    String classPath = jar + File.pathSeparator + lib.resolve("*");
    List<String> command =
        new ArrayList<>(
            List.of(
                java(),
                "-Xmx512m",
                "-cp",
                classPath,
                "io.cairn.cli.CairnCli",
                "server",
                "--data-dir",
                dataDirectory.toString(),
                "--bind",
                "127.0.0.1",
                "--http-port",
                Integer.toString(httpPort),
                "--thrift-port",
                Integer.toString(thriftPort)));
    command.addAll(storeArguments);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(storeEnvironment);
    Process process = builder.start();
    process.getOutputStream().close();
    CairnServerProcess server =
        new CairnServerProcess(
            process,
            classPath,
            dataDirectory,
            storeArguments,
            storeEnvironment,
            log,
            httpPort,
            thriftPort);
    try {
      server.awaitHealthy();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The log file for {@code testClass}'s server, in the directory the build configures. */
  public static Path logFor(Class<?> testClass) {
    return Path.of(requiredProperty("cairn.server.log.directory"))
        .resolve("cairn-server-" + testClass.getSimpleName() + ".log");
  }

  /**
   * The log file for the server named {@code server} (e.g. {@code first}) among several that {@code
   * testClass} starts.
   */
  public static Path logFor(Class<?> testClass, String server) {
    return Path.of(requiredProperty("cairn.server.log.directory"))
        .resolve("cairn-server-" + testClass.getSimpleName() + "-" + server + ".log");
  }

  public int thriftPort() {
    return thriftPort;
  }

  /** The server's HTTP base URI ({@code http://127.0.0.1:<port>}): Glue API, browse API, health. */
  public URI httpUri() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  /**
   * How many {@code operation} calls over Thrift the server has answered successfully, from its
   * {@code cairn_requests_total{protocol="thrift", operation=…, outcome="ok"}} counter (0 before
   * the first).
   */
  public long thriftRequests(String operation) {
    return requests("thrift", operation, "ok");
  }

  /**
   * How many {@code operation} calls over the Glue API the server has answered with {@code outcome}
   * ({@code ok}, or the domain error it answered, e.g. {@code CommitFailedException} for a stale
   * VersionId), from its {@code cairn_requests_total} counter (0 before the first).
   */
  public long glueRequests(String operation, String outcome) {
    return requests("glue", operation, outcome);
  }

  private long requests(String protocol, String operation, String outcome) {
    String prefix = "cairn_requests_total{";
    String protocolLabel = "protocol=\"" + protocol + "\"";
    String operationLabel = "operation=\"" + operation + "\"";
    String outcomeLabel = "outcome=\"" + outcome + "\"";
    return metrics()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .filter(
            line ->
                line.contains(protocolLabel)
                    && line.contains(operationLabel)
                    && line.contains(outcomeLabel))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /**
   * Runs {@code cairn ARGUMENTS… --data-dir DIR} (such as {@code import FILE}) in another JVM from
   * the same build, against this server's catalog (its data directory, or the database it was
   * started on) while the server runs, as an operator would: SQLite lets the second process write.
   * Returns the command's output (also kept in a file beside the server's log); a command that
   * exits with anything but 0, or runs longer than two minutes, fails with it.
   */
  public String runCommand(String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-cp", classPath));
    command.add("io.cairn.cli.CairnCli");
    command.addAll(List.of(arguments));
    command.add("--data-dir");
    command.add(dataDirectory.toString());
    command.addAll(storeArguments);
    Path output = Files.createTempFile(log.getParent(), "cairn-" + arguments[0] + "-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().putAll(storeEnvironment);
    Process run = builder.start();
    run.getOutputStream().close();
    try {
      if (!run.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(
            "cairn "
                + String.join(" ", arguments)
                + " ran longer than "
                + COMMAND_TIMEOUT
                + ":\n"
                + Files.readString(output));
      }
    } catch (InterruptedException e) {
      run.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running cairn " + arguments[0], e);
    }
    String text = Files.readString(output);
    if (run.exitValue() != 0) {
      throw new IllegalStateException(
          "cairn "
              + String.join(" ", arguments)
              + " exited with "
              + run.exitValue()
              + ":\n"
              + text);
    }
    return text;
  }

  /** The server's output so far, for failure messages. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the server with SIGTERM (a graceful stop), killing it if it has not ended in 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private String metrics() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("/metrics answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading /metrics", e);
    }
  }

  private void awaitHealthy() throws IOException {
    URI health = URI.create("http://127.0.0.1:" + httpPort + "/health");
    HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "cairn server exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (ConnectException | HttpTimeoutException e) {
        // Not listening yet, or too busy starting (a loaded machine) to answer within the timeout.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + health, e);
      }
      try {
        // Polls the health endpoint while the server starts (migrations, ports).
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + health, e);
      }
    }
    throw new IllegalStateException(
        "cairn server not healthy within " + STARTUP_TIMEOUT + ":\n" + output());
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "System property " + name + " is not set (the module's failsafe configuration sets it)");
    }
    return value;
  }
}
