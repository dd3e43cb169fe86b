package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.CairnServerProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;

/**
 * What the ITs that run etl-runner's JobRunner as its own JVM share: its class path (the jar and
 * libraries this module builds at package), the JVM flags Spark needs on Java 17, a Cairn server
 * that launches job runs with it, and AWS's Glue client pointed at that server.
 */
final class RunnerTests {
  /** The flags of Spark's own launcher (JavaModuleOptions) for Java 17. */
  static final List<String> JAVA_17_FLAGS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false");

  private RunnerTests() {}

  /** target/cairn-etl-runner.jar and target/lib/*, as a class path. */
  static String runnerClassPath() {
    Path target = Path.of("target").toAbsolutePath();
    return target.resolve("cairn-etl-runner.jar")
        + File.pathSeparator
        + target.resolve("lib")
        + "/*";
  }

  /** A Cairn server whose job runs are JVMs of this module's runner on {@code local[1]}. */
  static CairnServerProcess startServerWithRunner(Path workDirectory, Class<?> test)
      throws IOException {
    return CairnServerProcess.start(
        workDirectory.resolve("cairn"),
        Map.of(
            "CAIRN_JOBS_RUNNER_CLASS_PATH",
            runnerClassPath(),
            "CAIRN_JOBS_SPARK_MASTER",
            "local[1]"),
        CairnServerProcess.logFor(test));
  }

  /** AWS's Glue client for {@code server}, with fixed dummy keys. */
  static GlueClient glueClient(CairnServerProcess server) {
    return GlueClient.builder()
        .endpointOverride(server.httpUri())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(StaticTestCredentials.create().resolveCredentials()))
        .build();
  }

  /** Polls GetJobRun until the run has ended (at most 4 minutes) and returns it. */
  static JobRun awaitJobRunEnd(GlueClient glue, String job, String runId)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
    while (true) {
      JobRun run = glue.getJobRun(request -> request.jobName(job).runId(runId)).jobRun();
      if (run.jobRunState() != JobRunState.STARTING
          && run.jobRunState() != JobRunState.RUNNING
          && run.jobRunState() != JobRunState.STOPPING) {
        return run;
      }
      assertThat(Instant.now()).as("run %s still %s", runId, run.jobRunState()).isBefore(deadline);
      Thread.sleep(500); // a run takes seconds: its JVM starts Spark
    }
  }
}
