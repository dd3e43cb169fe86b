package io.cairn.iceberg;

import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts a Cairn server for Iceberg's REST Compatibility Kit when the test JVM has {@code
 * cairn.rck.http-port} (the failsafe executions of the kit set it, with {@code CATALOG_URI}
 * pointing at that port): an empty catalog in a fresh data directory, {@code cairn.rck.data-dir},
 * whose warehouse is the kit's {@code CATALOG_WAREHOUSE}. Other test runs do not start anything.
 */
public final class RestCompatibilityKitServer implements LauncherSessionListener {
  private CairnServer server;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    String port = System.getProperty("cairn.rck.http-port");
    if (port == null) {
      return;
    }
    Path dataDirectory = Path.of(System.getProperty("cairn.rck.data-dir"));
    deleteRecursively(dataDirectory);
    server =
        CairnServer.start(
            ServerConfig.resolve(
                Map.of(),
                Map.of(),
                Map.of(
                    ServerConfig.HTTP_PORT,
                    port,
                    ServerConfig.THRIFT_PORT,
                    "0",
                    ServerConfig.DATA_DIR,
                    dataDirectory.toString(),
                    ServerConfig.WAREHOUSE,
                    dataDirectory.resolve("warehouse").toString())));
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
