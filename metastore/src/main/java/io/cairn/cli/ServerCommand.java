package io.cairn.cli;

import io.cairn.server.CairnServer;
import io.cairn.server.ConfigException;
import io.cairn.server.Route;
import io.cairn.server.ServerConfig;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn server}: runs the catalog server until SIGTERM (or Ctrl-C), then stops gracefully:
 * it stops accepting, lets in-flight requests finish within {@code server.shutdown-grace-period}
 * and closes the store.
 */
@Command(
    name = "server",
    description = {
      "Run the catalog server.",
      "Configuration: the config file, then CAIRN_* environment variables, then these options"
          + " (each overriding the one before). Every key is documented in conf/cairn.properties."
    })
public final class ServerCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

  @Spec private CommandSpec spec;

  @Mixin private StoreOptions storeOptions;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "HTTP port (server.http-port); 0 for any free port.")
  private Integer httpPort;

  @Option(
      names = "--thrift-port",
      paramLabel = "PORT",
      description = "Hive Metastore Thrift port (server.thrift-port).")
  private Integer thriftPort;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Address to listen on (server.bind), e.g. 0.0.0.0 for every interface.")
  private String bind;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path file;
    ServerConfig config;
    CairnServer server;
    try {
      file = storeOptions.configFile();
      config = ServerConfig.load(file, System.getenv(), overrides());
      server = CairnServer.start(config);
    } catch (ConfigException e) {
      err.println("cairn server: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    } catch (UncheckedIOException e) {
      err.println("cairn server: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    } catch (RuntimeException e) {
      LOG.error("Cairn failed to start", e);
      err.println("cairn server: failed to start: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Cairn stopping");
                  server.close();
                  LOG.info("Cairn stopped");
                },
                "cairn-shutdown"));
    out.println(
        "Cairn ready: HTTP "
            + server.httpUri()
            + " ("
            + server.routes().stream()
                .map(ServerCommand::describe)
                .collect(Collectors.joining(", "))
            + "), data in "
            + server.dataLocation());
    out.println("Hive Metastore Thrift: thrift://" + config.bind() + ":" + server.thriftPort());
    out.println(
        "Config: "
            + (file == null ? "built-in defaults" : file.toAbsolutePath().normalize())
            + " (overridable by CAIRN_* environment variables and options)");
    out.flush();
    server.join();
    return CommandLine.ExitCode.OK;
  }

  /** The config keys set by options, for {@link ServerConfig#load}. */
  Map<String, String> overrides() {
    Map<String, String> overrides = new LinkedHashMap<>(storeOptions.overrides());
    if (bind != null) {
      overrides.put(ServerConfig.BIND, bind);
    }
    if (httpPort != null) {
      overrides.put(ServerConfig.HTTP_PORT, httpPort.toString());
    }
    if (thriftPort != null) {
      overrides.put(ServerConfig.THRIFT_PORT, thriftPort.toString());
    }
    return overrides;
  }

  private static String describe(Route route) {
    return route.name() + " " + route.path();
  }
}
