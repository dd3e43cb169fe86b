package io.cairn.hivesuite;

import java.io.File;
import java.io.IOException;
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
import java.util.Optional;

/**
 * Starts and stops the {@code cairn server} that Hive's test suite runs against, from the Maven
 * build ({@code exec:java} in pre- and post-integration-test).
 *
 * <p>{@code start DIR JAR LIB} starts the server in a separate JVM from the server module's build
 * output, with a fresh SQLite catalog in {@code DIR/data} (everything in {@code DIR} is deleted
 * first) and free loopback ports, waits until {@code /health} answers, and writes {@code
 * DIR/hive-site.xml} (the file Hive's tests take from {@code -Dtest.hms.client.configs}) and {@code
 * DIR/server.pid}; the server's output goes to {@code DIR/cairn-server.log}. {@code stop DIR} stops
 * the server of that pid file.
 */
public final class SuiteServer {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private SuiteServer() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length == 4 && args[0].equals("start")) {
      start(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
    } else if (args.length == 2 && args[0].equals("stop")) {
      stop(Path.of(args[1]));
    } else {
      throw new IllegalArgumentException(
          "usage: SuiteServer start DIR SERVER_JAR SERVER_LIB | SuiteServer stop DIR");
    }
  }

  private static void start(Path directory, Path jar, Path lib)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
      throw new IllegalStateException(
          "The server is not built: "
              + jar
              + " and "
              + lib
              + " are made by the metastore module (build with -am)");
    }
    // Every run starts from nothing: Hive's tests expect an empty catalog, and the test reports
    // of an earlier run (failsafe never deletes them) would count again in the summary.
    if (Files.exists(directory)) {
      deleteRecursively(directory);
    }
    Path dataDirectory = directory.resolve("data");
    Files.createDirectories(dataDirectory);
    Files.createDirectories(directory.resolve("tmp"));
    Path log = directory.resolve("cairn-server.log");
    int httpPort = freePort();
    int thriftPort = freePort();
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx1g",
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
    ProcessBuilder builder = new ProcessBuilder(command);
    // The warehouse Hive's tests are configured with (metastore.warehouse.dir in the POM).
    builder.environment().put("CAIRN_CATALOG_WAREHOUSE", directory.resolve("warehouse").toString());
    Process process =
        builder
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    process.getOutputStream().close();
    // Should Maven end before post-integration-test (a build failure, Ctrl-C), the server ends
    // with it: this runs inside Maven's JVM.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-cairn-server"));
    try {
      awaitHealthy(process, log, URI.create("http://127.0.0.1:" + httpPort + "/health"));
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
    Files.writeString(directory.resolve("server.pid"), Long.toString(process.pid()));
    Files.writeString(directory.resolve("hive-site.xml"), hiveSite(thriftPort));
    System.out.printf(
        "cairn server (pid %d) serves Thrift on 127.0.0.1:%d, HTTP on 127.0.0.1:%d; log %s%n",
        process.pid(), thriftPort, httpPort, log);
  }

  /**
   * The client configuration of Hive's "Cluster" metastore: Hive's test factory adds this file to
   * its own test configuration, so only what differs from it is here.
   */
  private static String hiveSite(int thriftPort) {
    return """
        <?xml version="1.0"?>
        <configuration>
          <property>
            <name>metastore.thrift.uris</name>
            <value>thrift://127.0.0.1:%d</value>
          </property>
        </configuration>
        """
        .formatted(thriftPort);
  }

  private static void stop(Path directory) throws IOException, InterruptedException {
    Path pidFile = directory.resolve("server.pid");
    if (!Files.exists(pidFile)) {
      System.out.println("no cairn server to stop: " + pidFile + " does not exist");
      return;
    }
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    Files.delete(pidFile);
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      System.out.println("cairn server (pid " + pid + ") had already ended");
      return;
    }
    // SIGTERM: a graceful stop; killed if it has not ended in time.
    handle.get().destroy();
    try {
      handle.get().onExit().get(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      handle.get().destroyForcibly();
    }
    System.out.println("cairn server (pid " + pid + ") stopped");
  }

  private static void awaitHealthy(Process process, Path log, URI health)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "cairn server exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (ConnectException e) {
        // Not listening yet.
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "cairn server not healthy within " + STARTUP_TIMEOUT + ":\n" + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
