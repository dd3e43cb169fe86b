package io.cairn.service;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.JobDefinition;
import io.cairn.catalog.JobRun;
import io.cairn.catalog.ValidationException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Launches one job run as its own JVM, with the etl-runner's JobRunner's command line: {@code
 * <java> <options> -cp <class path> <main class> <job file> [--KEY VALUE]... --JOB_NAME <job>
 * --JOB_RUN_ID <run> --master <spark master> --metastore-uri thrift://… --iceberg-uri
 * http://…/iceberg --progress-output <run dir>/progress.json} (and, with job bookmarks, {@code
 * --bookmark-state <run dir>/bookmark.json --bookmark-output <run dir>/bookmark-next.json}), with
 * stdout and stderr both in {@code <run dir>/run.log}. A run's directory is {@code <runs
 * directory>/<run id>}.
 *
 * <p>Job bookmarks travel through the run's directory: the server writes the state the run starts
 * from, the runner writes the state after it only when its job succeeded, and the server commits
 * that on the run's SUCCEEDED transition, so a run that fails, is stopped or crashes commits
 * nothing.
 *
 * <p>The job file is the job's graph (Glue Studio's CodeGenConfigurationNodes, as sent); a job
 * without one is given its Command.ScriptLocation when that is a local file ({@code file://} or a
 * plain path).
 */
public final class JobLauncher {
  private final List<String> javaCommand;
  private final String classPath;
  private final String mainClass;
  private final String sparkMaster;
  private final Path runsDirectory;
  private volatile Endpoints endpoints;

  /** Where the runner reaches this server. */
  public record Endpoints(URI thrift, URI http) {
    public Endpoints {
      requireNonNull(thrift, "thrift is null");
      requireNonNull(http, "http is null");
    }
  }

  /**
   * @param java the java executable
   * @param javaOptions JVM options of every run
   */
  public JobLauncher(
      String java,
      List<String> javaOptions,
      String classPath,
      String mainClass,
      String sparkMaster,
      Path runsDirectory) {
    List<String> command = new ArrayList<>();
    command.add(requireNonNull(java, "java is null"));
    command.addAll(javaOptions);
    this.javaCommand = List.copyOf(command);
    this.classPath = requireNonNull(classPath, "classPath is null");
    this.mainClass = requireNonNull(mainClass, "mainClass is null");
    this.sparkMaster = requireNonNull(sparkMaster, "sparkMaster is null");
    this.runsDirectory = requireNonNull(runsDirectory, "runsDirectory is null");
  }

  /** Set once the server listens (its ports are known only then); runs launch after it. */
  public void serverStarted(Endpoints endpoints) {
    this.endpoints = requireNonNull(endpoints, "endpoints is null");
  }

  public Path logFile(String runId) {
    return runsDirectory.resolve(runId).resolve("run.log");
  }

  /** Where a run keeps its progress (stages, tasks, rows) as JSON while it runs. */
  public Path progressFile(String runId) {
    return runsDirectory.resolve(runId).resolve("progress.json");
  }

  /** Where a run with bookmarks writes its sources' state once its job succeeded. */
  public Path bookmarkOutputFile(String runId) {
    return runsDirectory.resolve(runId).resolve("bookmark-next.json");
  }

  /**
   * The command line of a run, as the etl-runner's JobRunner takes it: the job file, then the run's
   * arguments as Glue passes them to a script ({@code --KEY VALUE}, with Glue's {@code --JOB_NAME}
   * and {@code --JOB_RUN_ID}), then the server's options last, so that an argument cannot change
   * where the run's catalogs are.
   */
  List<String> command(JobRun run, Path jobFile, Path bookmarkState) {
    Endpoints server = endpoints;
    if (server == null) {
      throw new IllegalStateException("the server's endpoints are not known yet");
    }
    Map<String, String> arguments = new TreeMap<>(run.arguments());
    arguments.put("--JOB_NAME", run.jobName());
    arguments.put("--JOB_RUN_ID", run.runId());
    List<String> command =
        runnerCommand(
            javaCommand,
            classPath,
            mainClass,
            jobFile,
            arguments,
            sparkMaster,
            server.thrift(),
            server.http().resolve("/iceberg"));
    command.addAll(List.of("--progress-output", progressFile(run.runId()).toString()));
    if (bookmarkState != null) {
      command.addAll(
          List.of(
              "--bookmark-state",
              bookmarkState.toString(),
              "--bookmark-output",
              bookmarkOutputFile(run.runId()).toString()));
    }
    return command;
  }

  /**
   * The command line of etl-runner's JobRunner for one job file: {@code arguments} as {@code --KEY
   * VALUE} (sorted by key), then where the run's Spark and catalogs are — last, so that an argument
   * cannot change them.
   *
   * @throws ValidationException for an argument the runner keeps for itself ({@code --help})
   */
  public static List<String> runnerCommand(
      List<String> javaCommand,
      String classPath,
      String mainClass,
      Path jobFile,
      Map<String, String> arguments,
      String sparkMaster,
      URI thrift,
      URI iceberg) {
    List<String> command = new ArrayList<>(javaCommand);
    command.addAll(List.of("-cp", classPath, mainClass, jobFile.toString()));
    new TreeMap<>(arguments)
        .forEach(
            (key, value) -> {
              String option = key.startsWith("--") ? key : "--" + key;
              if (option.equals("--help") || option.equals("--")) {
                throw new ValidationException("a job argument cannot be named " + key);
              }
              command.add(option);
              command.add(value);
            });
    command.addAll(
        List.of(
            "--master",
            sparkMaster,
            "--metastore-uri",
            thrift.toString(),
            "--iceberg-uri",
            iceberg.toString()));
    return command;
  }

  /**
   * Writes the run's job file (and bookmark state) and starts its JVM.
   *
   * @param bookmarkInput the bookmark state the run starts from; null when bookmarks are disabled
   */
  Process launch(JobRun run, JobDefinition job, String bookmarkInput) throws IOException {
    Path directory = runsDirectory.resolve(run.runId());
    Files.createDirectories(directory);
    Path bookmarkState = null;
    if (bookmarkInput != null) {
      bookmarkState = directory.resolve("bookmark.json");
      Files.writeString(bookmarkState, bookmarkInput, StandardCharsets.UTF_8);
    }
    ProcessBuilder builder =
        new ProcessBuilder(command(run, jobFile(job, directory), bookmarkState))
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(run.runId()).toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    // Keeps Spark's driver and block manager on loopback instead of the host's address.
    builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  private static Path jobFile(JobDefinition job, Path directory) throws IOException {
    if (job.graph() != null) {
      Path file = directory.resolve("job.json");
      Files.writeString(file, job.graph(), StandardCharsets.UTF_8);
      return file;
    }
    String location = job.scriptLocation();
    Path script;
    if (location.startsWith("file:")) {
      script = Path.of(URI.create(location));
    } else if (location.contains("://")) {
      throw new ValidationException(
          "Cairn runs a job's graph (CodeGenConfigurationNodes) or a local ScriptLocation, not "
              + location);
    } else {
      script = Path.of(location);
    }
    if (!Files.isRegularFile(script)) {
      throw new ValidationException("the job's ScriptLocation " + location + " is not a file");
    }
    return script.toAbsolutePath();
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
