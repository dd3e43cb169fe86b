package io.cairn.findmatches;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The FindMatches figures of docs/findmatches-benchmark.md: learning curves on Febrl with an
 * oracle, the tradeoff knobs, EnforceProvidedLabels, incremental matching, and matching a million
 * generated person records. Run with {@code CAIRN_FINDMATCHES_BENCHMARK=1 mvn -pl
 * etl-runner/findmatches verify} (system properties {@code benchmark.records}, {@code
 * benchmark.parts}).
 */
public final class FindMatchesBenchmark {
  private final SparkSession spark;
  private final StringBuilder report = new StringBuilder();

  private FindMatchesBenchmark(SparkSession spark) {
    this.spark = spark;
  }

  public static void main(String[] args) throws Exception {
    long records = Long.getLong("benchmark.records", 1_000_000L);
    Set<String> parts =
        Set.of(System.getProperty("benchmark.parts", "curves,knobs,incremental,scale").split(","));
    Path output =
        Path.of(System.getProperty("benchmark.output", "target/findmatches-benchmark.md"));
    SparkSession spark =
        SparkSession.builder()
            .master(System.getProperty("benchmark.master", "local[*]"))
            .appName("findmatches-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.default.parallelism", "8")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    FindMatchesBenchmark benchmark = new FindMatchesBenchmark(spark);
    benchmark.line(
        "Machine: %d cores, -Xmx%d MB, Spark master %s",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        spark.sparkContext().master());
    if (parts.contains("curves")) {
      benchmark.learningCurve("dataset1.csv");
      benchmark.learningCurve("dataset2.csv");
    }
    if (parts.contains("knobs")) {
      benchmark.knobs();
    }
    if (parts.contains("incremental")) {
      benchmark.incremental();
    }
    if (parts.contains("scale")) {
      benchmark.scale(records);
    }
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.writeString(output, benchmark.report.toString());
    System.out.println("\n" + benchmark.report);
    spark.stop();
  }

  private void line(String format, Object... arguments) {
    String text = String.format(format, arguments);
    System.out.println(text);
    report.append(text).append('\n');
  }

  private void learningCurve(String file) throws Exception {
    Febrl febrl = Febrl.load(spark, file);
    FindMatches findMatches = new FindMatches(spark, new MatchingParameters("id", 0.5, 0.5, false));
    line("%n### Learning curve, %s (%d records), tradeoffs 0.5/0.5%n", file, febrl.records.count());
    line(
        "| rounds | labelled records | labelled pairs | precision | recall | F1 | blocking"
            + " pairs-completeness | estimate: AUPRC | estimate: precision | estimate: recall |"
            + " estimate: max F1 | estimate: pairs-completeness | candidate pairs | seconds |");
    line("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    double completeness = febrl.pairsCompleteness(findMatches);
    Labels labels = Labels.none();
    Optional<MatchModel> model = Optional.empty();
    long start = System.nanoTime();
    for (int round = 1; round <= 5; round++) {
      labels = febrl.labelRound(findMatches, labels, model, round);
      FindMatches.Evaluation evaluation = findMatches.evaluate(febrl.records, labels);
      model = Optional.of(evaluation.model());
      if (Set.of(1, 2, 3, 5).contains(round)) {
        FindMatches.MatchOutcome outcome =
            findMatches.findMatches(febrl.records, evaluation.model(), labels, false);
        Febrl.Quality quality = febrl.score(outcome.matches());
        FindMatchesMetrics m = evaluation.metrics();
        line(
            "| %d | %d | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %d |"
                + " %.0f |",
            round,
            labels.size(),
            labels.pairs().size(),
            quality.precision(),
            quality.recall(),
            quality.f1(),
            completeness,
            m.areaUnderPrecisionRecallCurve(),
            m.precision(),
            m.recall(),
            m.maximumF1(),
            m.blockingPairsCompleteness(),
            outcome.candidatePairs(),
            (System.nanoTime() - start) / 1e9);
      }
    }
    findMatches.release();
  }

  private void knobs() throws Exception {
    for (String file : List.of("dataset1.csv", "dataset2.csv")) {
      Febrl febrl = Febrl.load(spark, file);
      FindMatches base = new FindMatches(spark, new MatchingParameters("id", 0.5, 0.5, false));
      Labels labels = febrl.labelRound(base, Labels.none(), Optional.empty(), 1);
      MatchModel model = base.train(febrl.records, labels);
      base.release();
      line("%n### PrecisionRecallTradeoff, %s, model from 1 round of labels%n", file);
      line("| PrecisionRecallTradeoff | threshold | precision | recall | F1 | matched pairs |");
      line("|---|---|---|---|---|---|");
      for (double tradeoff : new double[] {0.1, 0.3, 0.5, 0.7, 0.9, 0.99}) {
        FindMatches findMatches =
            new FindMatches(spark, new MatchingParameters("id", tradeoff, 0.5, false));
        FindMatches.MatchOutcome outcome =
            findMatches.findMatches(febrl.records, model, labels, false);
        Febrl.Quality quality = febrl.score(outcome.matches());
        line(
            "| %.2f | %.2f | %.4f | %.4f | %.4f | %d |",
            tradeoff,
            findMatches.parameters().decisionThreshold(),
            quality.precision(),
            quality.recall(),
            quality.f1(),
            outcome.matchedPairs());
        findMatches.release();
      }
      line("%n### AccuracyCostTradeoff, %s%n", file);
      line(
          "| AccuracyCostTradeoff | blocking words per record | largest block | pairs-completeness"
              + " | candidate pairs | F1 | seconds |");
      line("|---|---|---|---|---|---|---|");
      for (double tradeoff : new double[] {0.0, 0.25, 0.5, 0.75, 1.0}) {
        FindMatches findMatches =
            new FindMatches(spark, new MatchingParameters("id", 0.5, tradeoff, false));
        double completeness = febrl.pairsCompleteness(findMatches);
        long start = System.nanoTime();
        FindMatches.MatchOutcome outcome =
            findMatches.findMatches(febrl.records, model, labels, false);
        Febrl.Quality quality = febrl.score(outcome.matches());
        BlockingSettings blocking = findMatches.parameters().blocking();
        line(
            "| %.2f | %d | %d | %.4f | %d | %.4f | %.1f |",
            tradeoff,
            blocking.tokensPerRecord(),
            blocking.maximumBlockSize(),
            completeness,
            outcome.candidatePairs(),
            quality.f1(),
            (System.nanoTime() - start) / 1e9);
        findMatches.release();
      }
    }
    Febrl febrl = Febrl.load(spark, "dataset2.csv");
    FindMatches base = new FindMatches(spark, new MatchingParameters("id", 0.5, 0.5, false));
    Labels labels = febrl.labelRound(base, Labels.none(), Optional.empty(), 1);
    labels = labels.plus(contradictions(febrl));
    MatchModel model = base.train(febrl.records, labels);
    base.release();
    line(
        "%n### EnforceProvidedLabels, dataset2.csv, 1 round of labels plus 6 contradicting the"
            + " truth%n");
    line("| EnforceProvidedLabels | labelled pairs | label violations in the output |");
    line("|---|---|---|");
    for (boolean enforce : new boolean[] {false, true}) {
      FindMatches findMatches =
          new FindMatches(spark, new MatchingParameters("id", 0.5, 0.5, enforce));
      FindMatches.MatchOutcome outcome =
          findMatches.findMatches(febrl.records, model, labels, false);
      line("| %s | %d | %d |", enforce, labels.pairs().size(), outcome.labelViolations());
      findMatches.release();
    }
  }

  private static Labels contradictions(Febrl febrl) {
    Map<String, List<String>> byEntity = new HashMap<>();
    febrl.entityOfKey.forEach(
        (key, entity) -> byEntity.computeIfAbsent(entity, e -> new ArrayList<>()).add(key));
    List<Labels.LabelledRecord> wrong = new ArrayList<>();
    int split = 0;
    List<String> entities = new ArrayList<>(byEntity.keySet());
    entities.sort(null);
    for (String entity : entities) {
      List<String> keys = byEntity.get(entity);
      if (keys.size() >= 2 && split < 3) {
        wrong.add(new Labels.LabelledRecord("wrong-" + split, "a", keys.get(0)));
        wrong.add(new Labels.LabelledRecord("wrong-" + split, "b", keys.get(1)));
        split++;
      }
    }
    for (int i = 0; i < 3; i++) {
      wrong.add(
          new Labels.LabelledRecord(
              "joined", "same", byEntity.get(entities.get(10 + 50 * i)).get(0)));
    }
    return new Labels(wrong);
  }

  private void incremental() throws Exception {
    Febrl febrl = Febrl.load(spark, "dataset2.csv");
    FindMatches findMatches = new FindMatches(spark, new MatchingParameters("id", 0.5, 0.5, false));
    Labels labels = febrl.labelRound(findMatches, Labels.none(), Optional.empty(), 1);
    labels =
        febrl.labelRound(
            findMatches, labels, Optional.of(findMatches.train(febrl.records, labels)), 2);
    MatchModel model = findMatches.train(febrl.records, labels);
    Dataset<Row> numbered = febrl.records.withColumn("n", functions.col("id").cast("int"));
    Dataset<Row> first = numbered.filter("n <= 4000").drop("n");
    Dataset<Row> later = numbered.filter("n > 4000").drop("n");
    Dataset<Row> matched = findMatches.findMatches(first, model, labels, false).matches().cache();
    Map<String, Long> before = new HashMap<>();
    matched
        .select("id", FindMatches.MATCH_ID_COLUMN)
        .collectAsList()
        .forEach(row -> before.put(row.getString(0), row.getLong(1)));
    long start = System.nanoTime();
    FindMatches.MatchOutcome outcome =
        findMatches.findIncrementalMatches(matched, later, model, labels, false);
    Map<String, Long> after = new HashMap<>();
    outcome
        .matches()
        .select("id", FindMatches.MATCH_ID_COLUMN)
        .collectAsList()
        .forEach(row -> after.put(row.getString(0), row.getLong(1)));
    double seconds = (System.nanoTime() - start) / 1e9;
    long kept =
        before.entrySet().stream().filter(e -> e.getValue().equals(after.get(e.getKey()))).count();
    long joinedExisting =
        after.entrySet().stream()
            .filter(e -> !before.containsKey(e.getKey()) && before.containsValue(e.getValue()))
            .count();
    Febrl.Quality quality = febrl.score(outcome.matches());
    line("%n### Incremental matching, dataset2.csv: 4,000 matched records, then 1,000 new%n");
    line(
        "| existing records | keeping their match_id | new records | new records joining an existing"
            + " group | F1 of all 5,000 | seconds |");
    line("|---|---|---|---|---|---|");
    line(
        "| %d | %d | %d | %d | %.4f | %.1f |",
        before.size(), kept, after.size() - before.size(), joinedExisting, quality.f1(), seconds);
    findMatches.release();
  }

  private void scale(long records) {
    int partitions = Math.max(8, (int) (records / 50_000));
    Dataset<Row> sample = PersonGenerator.generate(spark, 20_000, 0.2, 2, 4);
    Febrl labelled = Febrl.ofGenerated(sample);
    FindMatches findMatches = new FindMatches(spark, new MatchingParameters("id", 0.5, 0.5, false));
    Labels labels = Labels.none();
    Optional<MatchModel> model = Optional.empty();
    for (int round = 1; round <= 3; round++) {
      labels = labelled.labelRound(findMatches, labels, model, round);
      model = Optional.of(findMatches.train(labelled.records, labels));
    }
    FindMatches.MatchOutcome sampleOutcome =
        findMatches.findMatches(labelled.records, model.get(), labels, false);
    Febrl.Quality sampleQuality = labelled.score(sampleOutcome.matches());
    findMatches.release();

    Dataset<Row> generated = PersonGenerator.generate(spark, records, 0.2, 1, partitions);
    Dataset<Row> truth = generated.select("id", "entity");
    Dataset<Row> input = generated.drop("entity");
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    // The heap pools peak at different moments, so the whole heap's use is sampled as well.
    AtomicLong sampledPeak = new AtomicLong();
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                sampledPeak.accumulateAndGet(
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.setDaemon(true);
    sampler.start();
    long start = System.nanoTime();
    FindMatches.MatchOutcome outcome =
        findMatches.findMatches(input, model.get(), Labels.none(), true);
    long written = outcome.matches().count();
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    Dataset<Row> joined =
        outcome.matches().select("id", FindMatches.MATCH_ID_COLUMN).join(truth, "id").cache();
    long correct = pairCount(joined.groupBy(FindMatches.MATCH_ID_COLUMN, "entity").count());
    long predicted = pairCount(joined.groupBy(FindMatches.MATCH_ID_COLUMN).count());
    long actual = pairCount(joined.groupBy("entity").count());
    Febrl.Quality quality = new Febrl.Quality(correct, predicted, actual);
    findMatches.release();
    line("%n### Scale: %,d generated person records (20%% duplicates)%n", records);
    line(
        "Model: 3 rounds of 10 labeling sets on a separate 20,000-record sample (%d labelled"
            + " records; F1 on that sample %.4f).%n",
        labels.size(), sampleQuality.f1());
    line(
        "| records | seconds | records per second | candidate pairs | matched pairs | match groups"
            + " | peak heap used, sampled (MB) | heap pools' peaks summed (MB) | -Xmx (MB) |"
            + " precision | recall | F1 |");
    line("|---|---|---|---|---|---|---|---|---|---|---|---|");
    line(
        "| %d | %.0f | %.0f | %d | %d | %d | %d | %d | %d | %.4f | %.4f | %.4f |",
        written,
        seconds,
        written / seconds,
        outcome.candidatePairs(),
        outcome.matchedPairs(),
        outcome.matchGroups(),
        sampledPeak.get() / (1024 * 1024),
        peakHeap / (1024 * 1024),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        quality.precision(),
        quality.recall(),
        quality.f1());
  }

  private static long pairCount(Dataset<Row> counts) {
    Row sum =
        counts
            .agg(
                functions.sum(
                    functions.col("count").multiply(functions.col("count").minus(1)).divide(2)))
            .first();
    return sum.isNullAt(0) ? 0 : (long) sum.getDouble(0);
  }
}
