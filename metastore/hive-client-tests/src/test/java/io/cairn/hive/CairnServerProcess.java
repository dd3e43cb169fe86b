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
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf.ConfVars;

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

  /**
   * Hive 4.0.1's own client for this server, configured as a Hive deployment does: the Thrift URI,
   * no SASL, {@code set_ugi} first (as Hive's and Spark's clients do by default), one connection
   * attempt and a 30 s socket timeout. The caller closes it.
   */
  public HiveMetaStoreClient newHiveClient() throws MetaException {
    Configuration configuration = MetastoreConf.newMetastoreConf();
    MetastoreConf.setVar(configuration, ConfVars.THRIFT_URIS, "thrift://127.0.0.1:" + thriftPort());
    MetastoreConf.setBoolVar(configuration, ConfVars.USE_THRIFT_SASL, false);
    MetastoreConf.setBoolVar(configuration, ConfVars.EXECUTE_SET_UGI, true);
    MetastoreConf.setLongVar(configuration, ConfVars.THRIFT_CONNECTION_RETRIES, 1);
    MetastoreConf.setTimeVar(configuration, ConfVars.CLIENT_SOCKET_TIMEOUT, 30, TimeUnit.SECONDS);
    return new HiveMetaStoreClient(configuration);
  }

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
