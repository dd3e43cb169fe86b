package io.cairn.benchmark;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TException;

/**
 * A metastore (Cairn or the stock one) in a separate JVM, serving Thrift on a loopback port. Ready
 * once it answers {@code get_all_databases}.
 */
final class ServerProcess implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

  private final String name;
  private final Process process;
  private final Path log;
  private final int thriftPort;

  private ServerProcess(String name, Process process, Path log, int thriftPort) {
    this.name = requireNonNull(name, "name is null");
    this.process = requireNonNull(process, "process is null");
    this.log = requireNonNull(log, "log is null");
    this.thriftPort = thriftPort;
  }

  /**
   * Runs {@code command} (a {@code java} command line whose server listens on {@code thriftPort})
   * with its output in {@code log}, and returns once the server answers Thrift calls.
   */
  static ServerProcess start(
      String name, List<String> command, Map<String, String> environment, Path log, int thriftPort)
      throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    ServerProcess server = new ServerProcess(name, process, log, thriftPort);
    try {
      server.awaitReady();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  static List<String> javaCommand(String maxHeap, String classPath, String mainClass) {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap,
        "-cp",
        classPath,
        mainClass);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  String name() {
    return name;
  }

  int thriftPort() {
    return thriftPort;
  }

  /** Stops the server with SIGTERM, killing it if it has not ended in 20 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    TException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + ", see " + log + ":\n" + tail());
      }
      try (MetastoreConnection connection = MetastoreConnection.open(thriftPort)) {
        connection.client().get_all_databases();
        return;
      } catch (TException e) {
        last = e;
      }
      try {
        // Polls the Thrift port while the server starts (the stock metastore creates its schema).
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + name, e);
      }
    }
    throw new IllegalStateException(
        name + " did not answer within " + STARTUP_TIMEOUT + " (" + last + "), see " + log);
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
