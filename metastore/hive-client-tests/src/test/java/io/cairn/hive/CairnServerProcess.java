package io.cairn.hive;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code cairn server} in a separate JVM, started from the server module's build output ({@code
 * metastore/target/cairn-metastore.jar} and {@code target/lib}). The server never shares this class
 * path: Hadoop brings Jetty 9 and Hive's client old libraries, the server runs Jetty 12.
 */
final class CairnServerProcess implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  private final int thriftPort;

  private CairnServerProcess(Process process, Path log, int thriftPort) {
    this.process = requireNonNull(process, "process is null");
    this.log = requireNonNull(log, "log is null");
    this.thriftPort = thriftPort;
  }

  /**
   * Starts the server on two free loopback ports with its catalog in {@code dataDirectory} and
   * returns once {@code /health} answers 200; its output goes to {@code log}.
   */
  static CairnServerProcess start(Path dataDirectory, Path log) throws IOException {
    Path jar = Path.of(requiredProperty("cairn.server.jar"));
    Path lib = Path.of(requiredProperty("cairn.server.lib"));
    if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
      throw new IllegalStateException(
          "The server is not built: " + jar + " and " + lib + " are made by the metastore module");
    }
    int httpPort = freePort();
    int thriftPort = freePort();
    Files.createDirectories(log.getParent());
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-cp",
            jar + File.pathSeparator + lib.resolve("*"),
            "io.cairn.cli.CairnCli",
            "server",
            "--data-dir",
            dataDirectory.toString(),
            "--bind",
            "127.0.0.1",
            "--http-port",
            Integer.toString(httpPort),
            "--thrift-port",
            Integer.toString(thriftPort));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    process.getOutputStream().close();
    CairnServerProcess server = new CairnServerProcess(process, log, thriftPort);
    try {
      server.awaitHealthy(URI.create("http://127.0.0.1:" + httpPort + "/health"));
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  int thriftPort() {
    return thriftPort;
  }

  /** The server's output so far, for failure messages. */
  String output() {
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

  private void awaitHealthy(URI health) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
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
      } catch (ConnectException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + health, e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + health, e);
      }
    }
    throw new IllegalStateException(
        "cairn server not healthy within " + STARTUP_TIMEOUT + ":\n" + output());
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
