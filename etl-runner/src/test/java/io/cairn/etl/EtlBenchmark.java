package io.cairn.etl;

import io.cairn.etl.job.JobExecutor;
import io.cairn.etl.job.JobGraph;
import io.cairn.etl.job.NodeTypes;
import io.cairn.etl.job.RunContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The runner's overhead on one job: the same job over {@code benchmark.rows} generated rows, run
 * through {@link JobExecutor} with a Glue job graph (read Parquet → Filter → gs_derived →
 * ApplyMapping → Parquet/snappy) and as the same DataFrame operations written directly, in one
 * SparkSession, alternating, and prints each side's median and the ratio. Run it as
 * docs/etl-benchmark.md says ({@code CAIRN_ETL_BENCHMARK=1 mvn … verify}); not a test.
 */
public final class EtlBenchmark {
  private EtlBenchmark() {}

  public static void main(String[] arguments) throws Exception {
    long rows = Long.getLong("benchmark.rows", 10_000_000L);
    int repetitions = Integer.getInteger("benchmark.repetitions", 5);
    String master = System.getProperty("benchmark.master", "local[*]");
    Path directory =
        Path.of(System.getProperty("benchmark.output", "target/etl-benchmark")).toAbsolutePath();
    deleteRecursively(directory);
    Files.createDirectories(directory);
    Path input = directory.resolve("input");

    // The runner's session settings (CairnSparkSessions) less the Hive catalog, which a job that
    // reads and writes files never opens; both sides share this one session.
    SparkSession spark =
        SparkSession.builder()
            .appName("cairn-etl-benchmark")
            .master(master)
            .config("spark.ui.enabled", "false")
            .config("spark.local.dir", directory.resolve("spark-local").toString())
            .config("spark.sql.warehouse.dir", directory.resolve("warehouse").toUri().toString())
            .getOrCreate();
    try {
      long generation = System.nanoTime();
      spark
          .range(rows)
          .select(
              functions.col("id"),
              functions.col("id").mod(7).cast("int").as("quantity"),
              functions.col("id").mod(1000).cast("double").divide(4).as("price"),
              functions
                  .when(functions.col("id").mod(3).equalTo(0), "de")
                  .otherwise("fr")
                  .as("country"),
              functions.col("id").mod(30).cast("int").as("day"))
          .write()
          .parquet(input.toString());
      System.out.printf(
          Locale.ROOT,
          "input: %,d rows of Parquet written in %.1f s (%s, master %s)%n",
          rows,
          seconds(generation),
          input,
          master);

      NodeTypes types = NodeTypes.load(EtlBenchmark.class.getClassLoader());
      List<Double> runnerSeconds = new ArrayList<>();
      List<Double> directSeconds = new ArrayList<>();
      long expectedRows = -1;
      // One warm-up of each (class loading, JIT), then alternating order so that neither side
      // always runs on a warmer JVM or a fuller page cache.
      for (int repetition = 0; repetition <= repetitions; repetition++) {
        boolean runnerFirst = repetition % 2 == 0;
        for (int side = 0; side < 2; side++) {
          boolean throughRunner = (side == 0) == runnerFirst;
          Path output =
              directory.resolve("output-" + repetition + (throughRunner ? "-runner" : "-direct"));
          long start = System.nanoTime();
          if (throughRunner) {
            JobGraph graph = JobGraph.parse(job(input, output), types);
            new JobExecutor(types, line -> {})
                .run(graph, new RunContext(spark, Map.of(), Instant.now()));
          } else {
            direct(spark, input, output);
          }
          double elapsed = seconds(start);
          long written = spark.read().parquet(output.toString()).count();
          if (expectedRows < 0) {
            expectedRows = written;
          } else if (written != expectedRows) {
            throw new IllegalStateException(
                output + " has " + written + " rows, the first output " + expectedRows);
          }
          deleteRecursively(output);
          String label = repetition == 0 ? "warm-up" : "run " + repetition;
          System.out.printf(
              Locale.ROOT,
              "%-8s %-7s %6.2f s (%,d rows written)%n",
              label,
              throughRunner ? "runner" : "direct",
              elapsed,
              written);
          if (repetition > 0) {
            (throughRunner ? runnerSeconds : directSeconds).add(elapsed);
          }
        }
      }
      double runnerMedian = median(runnerSeconds);
      double directMedian = median(directSeconds);
      System.out.printf(
          Locale.ROOT,
          "%nmedian of %d: runner %.2f s, direct %.2f s, ratio runner/direct %.3f (goal <= 1.1)%n",
          repetitions,
          runnerMedian,
          directMedian,
          runnerMedian / directMedian);
    } finally {
      spark.stop();
      deleteRecursively(directory);
    }
  }

  private static String job(Path input, Path output) {
    return """
        {"in": {"S3ParquetSource": {"Name": "orders", "Paths": ["%s"]}},
         "sold": {"Filter": {"Name": "sold", "Inputs": ["in"], "Expression": "quantity > 0"}},
         "total": {"DynamicTransform": {"Name": "total", "TransformName": "gs_derived",
                   "Inputs": ["sold"],
                   "Parameters": [{"Name": "colName", "Value": ["total"]},
                                  {"Name": "expr", "Value": ["quantity * price"]}]}},
         "mapped": {"ApplyMapping": {"Name": "mapped", "Inputs": ["total"], "Mapping": [
                     {"ToKey": "id", "FromPath": ["id"], "FromType": "long", "ToType": "long"},
                     {"ToKey": "quantity", "FromPath": ["quantity"], "FromType": "int",
                      "ToType": "int"},
                     {"ToKey": "total", "FromPath": ["total"], "FromType": "double",
                      "ToType": "decimal(12,2)"},
                     {"ToKey": "country", "FromPath": ["country"], "FromType": "string",
                      "ToType": "string"},
                     {"ToKey": "day", "FromPath": ["day"], "FromType": "int", "ToType": "int"}]}},
         "out": {"S3DirectTarget": {"Name": "out", "Inputs": ["mapped"], "Path": "%s",
                 "Format": "parquet", "Compression": "snappy"}}}
        """
        .formatted(input, output);
  }

  /** The job above as a Spark developer would write it by hand. */
  private static void direct(SparkSession spark, Path input, Path output) {
    Dataset<Row> orders = spark.read().parquet(input.toString());
    orders
        .filter(functions.expr("quantity > 0"))
        .withColumn("total", functions.expr("quantity * price"))
        .select(
            functions.col("id").cast("long").as("id"),
            functions.col("quantity").cast("int").as("quantity"),
            functions.col("total").cast("decimal(12,2)").as("total"),
            functions.col("country").cast("string").as("country"),
            functions.col("day").cast("int").as("day"))
        .write()
        .mode(SaveMode.Append)
        .option("compression", "snappy")
        .parquet(output.toString());
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
