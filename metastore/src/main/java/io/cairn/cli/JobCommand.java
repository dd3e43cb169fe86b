package io.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.catalog.ValidationException;
import io.cairn.server.ConfigException;
import io.cairn.server.JobsConfig;
import io.cairn.server.ServerConfig;
import io.cairn.service.JobLauncher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn job …}: ETL jobs outside the server. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = "ETL jobs of etl-runner, run without the server's Glue job API.",
    subcommands = {JobCommand.Run.class})
public final class JobCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a job command");
  }

  /**
   * {@code cairn job run JOB.json}: one run of a job graph in its own JVM, as the server launches
   * runs, against a running Cairn server's catalogs; a progress bar by the job's nodes.
   */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run a job once: JOB.json is a Glue Studio job graph (a job's CodeGenConfigurationNodes)."
            + " The run is its own JVM of etl-runner's JobRunner, as the server launches runs, and"
            + " reads and writes the catalog of a running Cairn server.",
        "Progress goes to stderr. Exit codes: 0 succeeded, 1 failed, 2 bad usage or invalid job."
      })
  static final class Run implements Callable<Integer> {
    private static final int BAR_WIDTH = 30;

    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB.json", description = "The job graph to run.")
    private Path job;

    @Option(
        names = "--argument",
        paramLabel = "KEY=VALUE",
        description = "A job argument, as Glue's --KEY VALUE (repeatable).")
    private Map<String, String> arguments = new LinkedHashMap<>();

    @Option(
        names = "--master",
        paramLabel = "URL",
        description = "Spark master: local[*], spark://host:7077, … Default: jobs.spark-master.")
    private String master;

    @Option(
        names = "--thrift-uri",
        paramLabel = "URI",
        defaultValue = "thrift://127.0.0.1:9083",
        description =
            "The Cairn server's Hive Metastore Thrift address. Default: ${DEFAULT-VALUE}.")
    private URI thrift;

    @Option(
        names = "--iceberg-uri",
        paramLabel = "URI",
        defaultValue = "http://127.0.0.1:8181/iceberg",
        description = "The Cairn server's Iceberg REST catalog. Default: ${DEFAULT-VALUE}.")
    private URI iceberg;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "Config file with the jobs.* keys (java, options, runner class path). Default: as"
                + " cairn server finds it.")
    private Path configFile;

    @Override
    public Integer call() throws IOException, InterruptedException {
      PrintWriter err = spec.commandLine().getErr();
      JobsConfig jobs;
      int nodes;
      List<String> command;
      try {
        jobs =
            ServerConfig.load(StoreOptions.configFile(configFile), System.getenv(), Map.of())
                .jobs();
        nodes = nodes(job);
        command =
            JobLauncher.runnerCommand(
                command(jobs),
                jobs.effectiveRunnerClassPath(),
                jobs.runnerMainClass(),
                job.toAbsolutePath(),
                arguments,
                master != null ? master : jobs.sparkMaster(),
                thrift,
                iceberg);
      } catch (ConfigException | ValidationException | IllegalArgumentException e) {
        err.println("cairn job run: " + e.getMessage());
        return CommandLine.ExitCode.USAGE;
      }
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
      Process process = builder.start();
      process.getOutputStream().close();
      Progress progress = new Progress(err, System.console() != null, nodes);
      try (BufferedReader output =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
          progress.line(line);
        }
      }
      int exitCode = process.waitFor();
      progress.finish();
      err.flush();
      return exitCode;
    }

    private static List<String> command(JobsConfig jobs) {
      List<String> command = new java.util.ArrayList<>();
      command.add(jobs.effectiveJavaCommand());
      command.addAll(jobs.javaOptions());
      return command;
    }

    /** The job's nodes, for the bar; a file that is not a graph is refused here, clearly. */
    private static int nodes(Path job) {
      if (!Files.isRegularFile(job)) {
        throw new IllegalArgumentException(job + " does not exist or is not a file");
      }
      JsonNode graph;
      try {
        graph = new ObjectMapper().readTree(job.toFile());
      } catch (IOException e) {
        throw new IllegalArgumentException(job + " is not JSON: " + e.getMessage());
      }
      if (graph == null || !graph.isObject() || graph.isEmpty()) {
        throw new IllegalArgumentException(job + " is not a job graph (an object of nodes)");
      }
      return graph.size();
    }

    /**
     * Passes the runner's lines through; on a terminal, a bar of the nodes done (a source read, a
     * transform planned, a target written) stays under them.
     */
    private static final class Progress {
      private final PrintWriter err;
      private final boolean terminal;
      private final int nodes;
      private int started;

      Progress(PrintWriter err, boolean terminal, int nodes) {
        this.err = err;
        this.terminal = terminal;
        this.nodes = nodes;
      }

      void line(String line) {
        if (line.startsWith("[job] node ")
            && (line.endsWith(": reading")
                || line.endsWith(": planned")
                || line.endsWith(": written"))) {
          started = Math.min(nodes, started + 1);
        }
        if (terminal) {
          err.print("\r" + " ".repeat(BAR_WIDTH + 40) + "\r");
        }
        err.println(line);
        if (terminal) {
          int filled = started * BAR_WIDTH / nodes;
          err.print(
              "cairn job run: ["
                  + "#".repeat(filled)
                  + ".".repeat(BAR_WIDTH - filled)
                  + "] "
                  + started
                  + "/"
                  + nodes
                  + " nodes");
        }
        err.flush();
      }

      void finish() {
        if (terminal) {
          err.println();
        }
      }
    }
  }
}
