package io.cairn.benchmark;

import java.nio.file.Path;
import java.util.List;

/**
 * Sizes and places of one benchmark run, read from system properties that the module's POM passes
 * on (each with the default documented in docs/hms-benchmark.md).
 */
record BenchmarkSettings(
    List<String> stores,
    boolean withHive,
    int partitions,
    int largeBatch,
    int repetitions,
    int largeRepetitions,
    int threads,
    int throughputSeconds,
    String postgresUrl,
    String postgresUser,
    Path cairnJar,
    Path cairnLib,
    Path output) {

  /** Partitions per add_partitions call while loading the big table. */
  static final int LOAD_BATCH = 1000;

  /** Partitions of the small add, alter and drop operations. */
  static final int SMALL_BATCH = 100;

  BenchmarkSettings {
    stores = List.copyOf(stores);
    if (partitions < 24 * 8) {
      throw new IllegalArgumentException("benchmark.partitions must be at least 192");
    }
    if (repetitions < 1 || largeRepetitions < 1 || threads < 1 || throughputSeconds < 1) {
      throw new IllegalArgumentException("repetitions, threads and seconds must be positive");
    }
  }

  static BenchmarkSettings fromSystemProperties() {
    return new BenchmarkSettings(
        List.of(property("benchmark.stores", "derby,postgresql").split(",")),
        withHive(property("benchmark.servers", "cairn,hive")),
        Integer.parseInt(property("benchmark.partitions", "100000")),
        Integer.parseInt(property("benchmark.large-batch", "10000")),
        Integer.parseInt(property("benchmark.repetitions", "10")),
        Integer.parseInt(property("benchmark.large-repetitions", "3")),
        Integer.parseInt(property("benchmark.threads", "32")),
        Integer.parseInt(property("benchmark.throughput-seconds", "10")),
        property("benchmark.postgres-url", "jdbc:postgresql://127.0.0.1:5432/postgres"),
        property("benchmark.postgres-user", "postgres"),
        Path.of(requiredProperty("cairn.server.jar")),
        Path.of(requiredProperty("cairn.server.lib")),
        Path.of(property("benchmark.output", "target/hms-benchmark")));
  }

  /** Whether the stock metastore runs too; {@code cairn} alone profiles Cairn's side quickly. */
  private static boolean withHive(String servers) {
    return switch (servers) {
      case "cairn,hive" -> true;
      case "cairn" -> false;
      default ->
          throw new IllegalArgumentException(
              "benchmark.servers: '" + servers + "' (cairn,hive or cairn)");
    };
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
