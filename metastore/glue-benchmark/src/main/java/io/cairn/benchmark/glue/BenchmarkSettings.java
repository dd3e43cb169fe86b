package io.cairn.benchmark.glue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Sizes and places of one benchmark run, read from system properties that the module's POM passes
 * on (each with the default documented in docs/glue-benchmark.md).
 *
 * @param cairnStores Cairn's stores to run on, in order ({@code sqlite}, {@code postgresql})
 * @param partitions partitions loaded into Cairn's table
 * @param motoPartitions partitions to load into moto's table; fewer are measured if the load runs
 *     out of {@code motoLoadLimit}
 * @param motoLoadLimit how long moto's load may take before it stops at the size it reached
 * @param repetitions measured calls of each GetPartitions expression, after two warm-up calls
 */
record BenchmarkSettings(
    List<String> cairnStores,
    int partitions,
    int motoPartitions,
    Duration motoLoadLimit,
    int repetitions,
    String motoCommand,
    String postgresUrl,
    String postgresUser,
    Path cairnJar,
    Path cairnLib,
    Path output) {

  /** Partitions per BatchCreatePartition call: AWS's maximum. */
  static final int BATCH = 100;

  /**
   * Days of the range expression; with {@link #BATCH} partitions a day, it selects 1,000
   * partitions.
   */
  static final int RANGE_DAYS = 10;

  BenchmarkSettings {
    cairnStores = List.copyOf(cairnStores);
    for (String store : cairnStores) {
      if (!store.equals("sqlite") && !store.equals("postgresql")) {
        throw new IllegalArgumentException(
            "benchmark.cairn-stores: unknown store '" + store + "' (sqlite, postgresql)");
      }
    }
    int smallest = 2 * RANGE_DAYS * BATCH;
    if (partitions < smallest || motoPartitions < smallest) {
      throw new IllegalArgumentException(
          "benchmark.partitions and benchmark.moto-partitions must be at least " + smallest);
    }
    if (partitions % BATCH != 0 || motoPartitions % BATCH != 0) {
      throw new IllegalArgumentException(
          "benchmark.partitions and benchmark.moto-partitions must be multiples of " + BATCH);
    }
    if (repetitions < 1 || motoLoadLimit.isNegative() || motoLoadLimit.isZero()) {
      throw new IllegalArgumentException(
          "benchmark.repetitions and benchmark.moto-load-limit-minutes must be positive");
    }
  }

  static BenchmarkSettings fromSystemProperties() {
    int partitions = Integer.parseInt(property("benchmark.partitions", "1000000"));
    return new BenchmarkSettings(
        List.of(property("benchmark.cairn-stores", "sqlite,postgresql").split(",")),
        partitions,
        Integer.parseInt(property("benchmark.moto-partitions", Integer.toString(partitions))),
        Duration.ofMinutes(Long.parseLong(property("benchmark.moto-load-limit-minutes", "30"))),
        Integer.parseInt(property("benchmark.repetitions", "10")),
        property("benchmark.moto-command", "moto_server"),
        property("benchmark.postgres-url", "jdbc:postgresql://127.0.0.1:5432/postgres"),
        property("benchmark.postgres-user", "postgres"),
        Path.of(requiredProperty("cairn.server.jar")),
        Path.of(requiredProperty("cairn.server.lib")),
        Path.of(property("benchmark.output", "target/glue-benchmark")));
  }

  private static String property(String name, String defaultValue) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "System property " + name + " is not set (the module's POM sets it)");
    }
    return value;
  }
}
