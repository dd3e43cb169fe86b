package io.cairn.etl.job;

import static java.util.Objects.requireNonNull;

import io.cairn.etl.JobNode;
import io.cairn.etl.TransformContext;
import io.cairn.etl.io.BookmarkedSource;
import io.cairn.etl.io.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a valid {@link JobGraph}: each node in order, sources read, transforms given their inputs'
 * outputs (all outputs of each input, in the order of the inputs, so a SelectFromCollection node
 * sees every frame a SplitFields node produced), targets write their input. Spark computes lazily,
 * so the work happens when a target writes. Failures a transform defers to after the data load
 * ({@link TransformContext#failAfterDataLoad}) fail the run after the last node.
 */
public final class JobExecutor {
  private final NodeTypes types;
  private final Consumer<String> progress;

  public JobExecutor(NodeTypes types, Consumer<String> progress) {
    this.types = requireNonNull(types, "types is null");
    this.progress = requireNonNull(progress, "progress is null");
  }

  public void run(JobGraph graph, TransformContext context) {
    run(graph, context, null);
  }

  /**
   * @param bookmarks the run's job bookmark: sources that keep one ({@link BookmarkedSource}) read
   *     only what it has not seen; null when the run has bookmarks disabled
   */
  public void run(JobGraph graph, TransformContext runContext, JobBookmarks bookmarks) {
    List<RuntimeException> afterDataLoad = new ArrayList<>();
    TransformContext context = new GraphContext(runContext, afterDataLoad);
    Map<String, List<Dataset<Row>>> outputs = new HashMap<>();
    for (JobNode node : graph.nodes()) {
      List<Dataset<Row>> inputs = new ArrayList<>();
      node.inputs().forEach(input -> inputs.addAll(outputs.get(input)));
      String label = "node " + node.id() + " (" + node.type() + ", " + node.name() + ")";
      try {
        if (types.source(node.type()).isPresent()) {
          progress.accept(label + ": reading");
          Source source = types.source(node.type()).get();
          Dataset<Row> read =
              bookmarks != null && source instanceof BookmarkedSource bookmarked
                  ? bookmarked.read(context, node.configuration(), bookmarks.source(node.id()))
                  : source.read(context, node.configuration());
          outputs.put(node.id(), List.of(read));
        } else if (types.target(node.type()).isPresent()) {
          progress.accept(label + ": writing");
          types.target(node.type()).get().write(context, inputs.get(0), node.configuration());
          progress.accept(label + ": written");
        } else {
          List<Dataset<Row>> result =
              types
                  .transform(node.type())
                  .orElseThrow()
                  .apply(context, inputs, node.configuration());
          if (result == null || result.isEmpty()) {
            throw new IllegalStateException("the transform returned no output");
          }
          outputs.put(node.id(), List.copyOf(result));
          // Spark runs a transform's work lazily, when a target writes.
          progress.accept(label + ": planned");
        }
      } catch (Exception e) {
        // Spark throws its checked AnalysisException without declaring it.
        throw new JobFailedException(label + " failed: " + e.getMessage(), e);
      }
    }
    if (!afterDataLoad.isEmpty()) {
      JobFailedException failure =
          new JobFailedException(
              "failed after the data load: "
                  + afterDataLoad.stream()
                      .map(Throwable::getMessage)
                      .collect(Collectors.joining("; ")),
              afterDataLoad.get(0));
      afterDataLoad.stream().skip(1).forEach(failure::addSuppressed);
      throw failure;
    }
  }

  /** A run's context that keeps the failures deferred to after the data load. */
  private record GraphContext(TransformContext run, List<RuntimeException> afterDataLoad)
      implements TransformContext {
    @Override
    public SparkSession spark() {
      return run.spark();
    }

    @Override
    public Map<String, String> arguments() {
      return run.arguments();
    }

    @Override
    public Instant runStartTime() {
      return run.runStartTime();
    }

    @Override
    public void failAfterDataLoad(RuntimeException failure) {
      afterDataLoad.add(requireNonNull(failure, "failure is null"));
    }
  }
}
