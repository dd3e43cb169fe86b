package io.cairn.benchmark.glue;

import static java.util.Objects.requireNonNull;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Glue endpoint (Cairn or moto) in a separate process on a loopback port; ready once a GET of its
 * probe path answers 200.
 */
final class ServerProcess implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

  private final String name;
  private final Process process;
  private final Path log;
  private final int port;

  private ServerProcess(String name, Process process, Path log, int port) {
    this.name = requireNonNull(name, "name is null");
    this.process = requireNonNull(process, "process is null");
    this.log = requireNonNull(log, "log is null");
    this.port = port;
  }

  /**
   * Runs {@code command} (a server listening on {@code port}) with its output in {@code log}, and
   * returns once {@code probePath} answers 200.
   */
  static ServerProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path log,
      int port,
      String probePath)
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
    ServerProcess server = new ServerProcess(name, process, log, port);
    try {
      server.awaitReady(probePath);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  String name() {
    return name;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The server's resident memory in MiB, from /proc (Linux), or -1 where that cannot be read. */
  long residentMebibytes() {
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

  private void awaitReady(String probePath) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(endpoint().resolve(probePath))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + ", see " + log + ":\n" + tail());
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (ConnectException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + name, e);
      }
      try {
        // Polls the probe while the server starts.
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + name, e);
      }
    }
    throw new IllegalStateException(
        name + " did not answer within " + STARTUP_TIMEOUT + ", see " + log + ":\n" + tail());
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
