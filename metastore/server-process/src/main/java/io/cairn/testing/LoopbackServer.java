package io.cairn.testing;

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

/**
 * A server (Cairn, a stock Hive Metastore, moto) in a separate process on a loopback port, its
 * output in a log file, for the benchmarks that compare them. Ready once its {@link Probe} passes.
 */
public final class LoopbackServer implements AutoCloseable {
  /** Checks whether the server on {@code port} answers; throws while it does not. */
  @FunctionalInterface
  public interface Probe {
    void check(int port) throws Exception;
  }

  private final String name;
  private final Process process;
  private final Path log;
  private final int port;

  private LoopbackServer(String name, Process process, Path log, int port) {
    this.name = requireNonNull(name, "name is null");
    this.process = requireNonNull(process, "process is null");
    this.log = requireNonNull(log, "log is null");
    this.port = port;
  }

  /**
   * Runs {@code command} (a server listening on {@code port}) with its output in {@code log}, and
   * returns once {@code probe} passes; stops it if that does not happen within {@code timeout}.
   */
  public static LoopbackServer start(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path log,
      int port,
      Duration timeout,
      Probe probe)
      throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException("cannot start " + name + " (" + command.get(0) + ")", e);
    }
    process.getOutputStream().close();
    LoopbackServer server = new LoopbackServer(name, process, log, port);
    try {
      server.awaitReady(timeout, probe);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The command line of a Java program run by this JVM's own {@code java}. */
  public static List<String> javaCommand(String maxHeap, String classPath, String mainClass) {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap,
        "-cp",
        classPath,
        mainClass);
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  /** The server's resident memory in MiB, from /proc (Linux), or -1 where that cannot be read. */
  public long residentMebibytes() {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // No /proc on this system: memory is not reported.
    }
    return -1;
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

  private void awaitReady(Duration timeout, Probe probe) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + ", see " + log + ":\n" + tail());
      }
      try {
        probe.check(port);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + name, e);
      } catch (Exception e) {
        last = e;
      }
      try {
        // Polls while the server starts (the stock metastore creates its schema meanwhile).
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + name, e);
      }
    }
    throw new IllegalStateException(
        name
            + " did not answer within "
            + timeout
            + " ("
            + last
            + "), see "
            + log
            + ":\n"
            + tail());
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
