package io.cairn.etl;

import io.cairn.etl.job.CairnSparkSessions;
import io.cairn.etl.job.JobBookmarks;
import io.cairn.etl.job.JobDefinitionException;
import io.cairn.etl.job.JobExecutor;
import io.cairn.etl.job.JobGraph;
import io.cairn.etl.job.NodeTypes;
import io.cairn.etl.job.ProgressListener;
import io.cairn.etl.job.RunContext;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one job in this JVM, as the server launches it: a JSON job graph or a {@link CairnJob} class
 * against Cairn's catalogs. Progress goes to standard error. Exit codes: 0 the job succeeded, 1 it
 * failed while running, 2 it could not start (bad arguments or an invalid job; nothing was run).
 */
public final class JobRunner {
  static final int SUCCEEDED = 0;
  static final int FAILED = 1;
  static final int INVALID = 2;

  private static final String USAGE =
      """
      usage: java -cp 'cairn-etl-runner.jar:lib/*' io.cairn.etl.JobRunner (JOB.json | --class NAME)
             [--master MASTER] [--metastore-uri thrift://HOST:PORT] [--iceberg-uri URL]
             [--conf spark.key=value]... [--cairn-s3-endpoint URL] [--cairn-s3-region REGION]
             [--cairn-s3-path-style-access true|false] [--help] [--KEY VALUE]...

        JOB.json          a Glue job graph: CodeGenConfigurationNodes as CreateJob takes them
        --class NAME      a class implementing io.cairn.etl.CairnJob, instead of a JSON graph
        --master          Spark master (default local[*]; spark://HOST:PORT for a cluster)
        --metastore-uri   Cairn's Hive Thrift URI (default thrift://127.0.0.1:9083)
        --iceberg-uri     Cairn's Iceberg REST URI, e.g. http://127.0.0.1:8181/iceberg; without it
                          jobs cannot read or write Iceberg tables
        --conf            Spark configuration, repeatable; applied after the --cairn-s3-* options
        --cairn-s3-endpoint  the S3-compatible endpoint of s3:// and s3a:// paths (default: AWS's);
                          keys come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
        --cairn-s3-region the endpoint's region (default us-east-1)
        --cairn-s3-path-style-access  true: buckets as URL/bucket, as most S3-compatible stores
                          need (default false: bucket.host)
        --bookmark-state  the job bookmark the run starts from (the server writes it; see
                          io.cairn.etl.job.JobBookmarks); with it, sources read only what is new
        --bookmark-output where the sources' state after the run is written, once the job succeeded
        --progress-output a JSON file kept up to date with the run's progress (stages, tasks, rows;
                          see io.cairn.etl.job.ProgressListener), which the server serves
        --KEY VALUE       a job argument, as Glue's (any other --name)

      exit codes: 0 succeeded, 1 failed while running, 2 invalid arguments or job (nothing ran)
      """;

  private JobRunner() {}

  public static void main(String[] arguments) {
    System.exit(run(arguments, System.err));
  }

  static int run(String[] arguments, PrintStream err) {
    Options options;
    try {
      options = Options.parse(arguments);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE);
      return INVALID;
    }
    if (options.help()) {
      err.print(USAGE);
      return SUCCEEDED;
    }
    // Custom visual transforms (manifests and jars), as documented in docs/transforms.md.
    String customTransforms = System.getProperty("cairn.etl.custom-transforms");
    NodeTypes types;
    try {
      types =
          customTransforms == null
              ? NodeTypes.load(JobRunner.class.getClassLoader())
              : NodeTypes.load(JobRunner.class.getClassLoader(), Path.of(customTransforms));
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return INVALID;
    }
    Optional<JobGraph> graph = Optional.empty();
    Optional<CairnJob> javaJob = Optional.empty();
    try {
      if (options.jobClass().isPresent()) {
        javaJob = Optional.of(instantiate(options.jobClass().get()));
      } else {
        graph =
            Optional.of(JobGraph.parse(Files.readString(options.jobFile().orElseThrow()), types));
      }
    } catch (JobDefinitionException e) {
      err.println("invalid job " + options.jobFile().orElseThrow() + ":");
      e.problems().forEach(problem -> err.println("  " + problem));
      return INVALID;
    } catch (IOException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return INVALID;
    }
    Optional<JobBookmarks> bookmarks;
    try {
      bookmarks = options.bookmarkState().map(JobBookmarks::read);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return INVALID;
    }
    Instant start = Instant.now();
    ProgressListener progress =
        new ProgressListener(err, Duration.ofSeconds(2), options.progressOutput());
    SparkSession spark =
        CairnSparkSessions.builder(
                "cairn-job",
                options.master(),
                options.metastoreUri(),
                options.icebergUri(),
                options.configuration())
            .getOrCreate();
    try {
      spark.sparkContext().addSparkListener(progress);
      RunContext context = new RunContext(spark, options.jobArguments(), start);
      if (graph.isPresent()) {
        new JobExecutor(types, line -> err.println("[job] " + line))
            .run(graph.get(), context, bookmarks.orElse(null));
      } else {
        javaJob.orElseThrow().run(context);
      }
      if (bookmarks.isPresent() && options.bookmarkOutput().isPresent()) {
        bookmarks.get().write(options.bookmarkOutput().get());
        err.println("[job] bookmark written to " + options.bookmarkOutput().get());
      }
      err.println(
          "[job] succeeded in "
              + Duration.between(start, Instant.now()).toMillis() / 1000.0
              + " s: "
              + progress.summary());
      return SUCCEEDED;
    } catch (Exception e) {
      err.println(
          "[job] failed after "
              + Duration.between(start, Instant.now()).toMillis() / 1000.0
              + " s: "
              + e.getMessage());
      e.printStackTrace(err);
      err.println("[job] " + progress.summary());
      return FAILED;
    } finally {
      spark.stop();
    }
  }

  private static CairnJob instantiate(String name) {
    try {
      Class<?> type = Class.forName(name, true, JobRunner.class.getClassLoader());
      if (!CairnJob.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(
            name + " does not implement " + CairnJob.class.getName());
      }
      return (CairnJob) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("cannot create job class " + name + ": " + e, e);
    }
  }

  /** The command line, checked whole before anything runs. */
  record Options(
      boolean help,
      Optional<Path> jobFile,
      Optional<String> jobClass,
      String master,
      URI metastoreUri,
      Optional<URI> icebergUri,
      Map<String, String> configuration,
      Map<String, String> jobArguments,
      Optional<Path> bookmarkState,
      Optional<Path> bookmarkOutput,
      Optional<Path> progressOutput) {
    static Options parse(String[] arguments) {
      Optional<Path> jobFile = Optional.empty();
      Optional<String> jobClass = Optional.empty();
      String master = "local[*]";
      URI metastoreUri = URI.create("thrift://127.0.0.1:9083");
      Optional<URI> icebergUri = Optional.empty();
      Map<String, String> configuration = new LinkedHashMap<>();
      Map<String, String> jobArguments = new LinkedHashMap<>();
      Optional<Path> bookmarkState = Optional.empty();
      Optional<Path> bookmarkOutput = Optional.empty();
      Optional<Path> progressOutput = Optional.empty();
      Optional<URI> s3Endpoint = Optional.empty();
      Optional<String> s3Region = Optional.empty();
      Optional<Boolean> s3PathStyleAccess = Optional.empty();
      for (int index = 0; index < arguments.length; index++) {
        String argument = arguments[index];
        if (argument.equals("--help") || argument.equals("-h")) {
          return new Options(
              true,
              jobFile,
              jobClass,
              master,
              metastoreUri,
              icebergUri,
              configuration,
              jobArguments,
              bookmarkState,
              bookmarkOutput,
              progressOutput);
        }
        if (!argument.startsWith("--")) {
          if (jobFile.isPresent()) {
            throw new IllegalArgumentException("only one job file: " + argument);
          }
          jobFile = Optional.of(Path.of(argument));
          continue;
        }
        if (index + 1 >= arguments.length) {
          throw new IllegalArgumentException(argument + " needs a value");
        }
        String value = arguments[++index];
        switch (argument) {
          case "--class" -> jobClass = Optional.of(value);
          case "--master" -> master = value;
          case "--bookmark-state" -> bookmarkState = Optional.of(Path.of(value));
          case "--bookmark-output" -> bookmarkOutput = Optional.of(Path.of(value));
          case "--progress-output" -> progressOutput = Optional.of(Path.of(value));
          case "--metastore-uri" -> metastoreUri = uri(argument, value, "thrift");
          case "--iceberg-uri" -> icebergUri = Optional.of(uri(argument, value, "http"));
          case "--cairn-s3-endpoint" -> s3Endpoint = Optional.of(uri(argument, value, "http"));
          case "--cairn-s3-region" -> s3Region = Optional.of(value);
          case "--cairn-s3-path-style-access" -> {
            if (!value.equals("true") && !value.equals("false")) {
              throw new IllegalArgumentException(argument + " is true or false, not " + value);
            }
            s3PathStyleAccess = Optional.of(Boolean.parseBoolean(value));
          }
          case "--conf" -> {
            int equals = value.indexOf('=');
            if (equals <= 0) {
              throw new IllegalArgumentException("--conf takes key=value, not " + value);
            }
            configuration.put(value.substring(0, equals), value.substring(equals + 1));
          }
          default -> {
            String key = argument.substring(2);
            if (key.isEmpty()) {
              throw new IllegalArgumentException("a job argument needs a name after --");
            }
            jobArguments.put(key, value);
          }
        }
      }
      if (jobFile.isPresent() == jobClass.isPresent()) {
        throw new IllegalArgumentException("give a job file or --class, exactly one");
      }
      if (s3Endpoint.isPresent() || s3Region.isPresent() || s3PathStyleAccess.isPresent()) {
        if (s3Region.isPresent() && s3Region.get().isBlank()) {
          throw new IllegalArgumentException("--cairn-s3-region is empty");
        }
        Map<String, String> merged =
            new LinkedHashMap<>(
                CairnSparkSessions.s3Configuration(
                    s3Endpoint, s3Region.orElse("us-east-1"), s3PathStyleAccess.orElse(false)));
        merged.putAll(configuration);
        configuration = merged;
      }
      return new Options(
          false,
          jobFile,
          jobClass,
          master,
          metastoreUri,
          icebergUri,
          configuration,
          jobArguments,
          bookmarkState,
          bookmarkOutput,
          progressOutput);
    }

    private static URI uri(String option, String value, String scheme) {
      URI uri;
      try {
        uri = URI.create(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + " is not a URI: " + value);
      }
      if (uri.getScheme() == null || !uri.getScheme().startsWith(scheme)) {
        throw new IllegalArgumentException(option + " must be a " + scheme + " URI, not " + value);
      }
      return uri;
    }
  }
}
