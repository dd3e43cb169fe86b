package io.cairn.server;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the server launches job runs, each as its own JVM (the {@code jobs.*} keys).
 *
 * @param javaCommand the java executable; null for the one running this server
 * @param javaOptions JVM options of every run, before the class path
 * @param runnerClassPath the runner's class path; null for the etl-runner of the installation
 *     ({@code cairn.home})
 * @param runnerMainClass the main class that runs one job
 * @param sparkMaster the Spark master runs are given
 * @param heartbeatTimeout a run whose server sent no heartbeat for this long is marked FAILED
 * @param schedulerInterval how often the server looks for due scheduled triggers and overdue runs
 */
public record JobsConfig(
    String javaCommand,
    List<String> javaOptions,
    String runnerClassPath,
    String runnerMainClass,
    String sparkMaster,
    Duration heartbeatTimeout,
    Duration schedulerInterval) {
  public JobsConfig {
    javaOptions = List.copyOf(javaOptions);
    requireNonNull(runnerMainClass, "runnerMainClass is null");
    requireNonNull(sparkMaster, "sparkMaster is null");
    requireNonNull(heartbeatTimeout, "heartbeatTimeout is null");
    requireNonNull(schedulerInterval, "schedulerInterval is null");
  }

  /** {@link #javaCommand()}, or the java executable running this process when it is not set. */
  public String effectiveJavaCommand() {
    if (javaCommand != null) {
      return javaCommand;
    }
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * {@link #runnerClassPath()}, or when it is not set the etl-runner of the installation ({@code
   * cairn.home}, else the working directory): its jar and the dependencies beside it.
   */
  public String effectiveRunnerClassPath() {
    if (runnerClassPath != null) {
      return runnerClassPath;
    }
    Path target =
        Path.of(System.getProperty("cairn.home", "."))
            .toAbsolutePath()
            .normalize()
            .resolve("etl-runner")
            .resolve("target");
    return target.resolve("cairn-etl-runner.jar")
        + File.pathSeparator
        + target.resolve("lib").resolve("*");
  }
}
