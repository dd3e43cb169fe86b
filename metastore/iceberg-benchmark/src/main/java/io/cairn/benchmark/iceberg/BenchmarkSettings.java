package io.cairn.benchmark.iceberg;

import java.nio.file.Path;
import java.util.List;

/**
 * Sizes and places of one benchmark run, read from system properties that the module's POM passes
 * on (each with the default documented in docs/iceberg-benchmark.md).
 *
 * @param servers the servers to run, in order: {@code cairn-sqlite}, {@code cairn-postgresql},
 *     {@code reference-sqlite}, {@code reference-postgresql}
 * @param snapshots snapshots of the table whose loading is timed
 * @param warmUp untimed calls before each timed series
 * @param repetitions timed calls of each latency series
 * @param clients numbers of concurrent clients of the throughput runs
 * @param throughputSeconds how long each throughput run lasts
 */
record BenchmarkSettings(
    List<Server> servers,
    int snapshots,
    int warmUp,
    int repetitions,
    List<Integer> clients,
    int throughputSeconds,
    String postgresUrl,
    String postgresUser,
    Path cairnJar,
    Path cairnLib,
    Path output) {

  /** A server the workload runs against, and the store it keeps its catalog in. */
  enum Server {
    CAIRN_SQLITE("cairn-sqlite", "Cairn (SQLite)"),
    CAIRN_POSTGRESQL("cairn-postgresql", "Cairn (PostgreSQL)"),
    REFERENCE_SQLITE("reference-sqlite", "reference (SQLite)"),
    REFERENCE_POSTGRESQL("reference-postgresql", "reference (PostgreSQL)");

    private final String key;
    private final String label;

    Server(String key, String label) {
      this.key = key;
      this.label = label;
    }

    String key() {
      return key;
    }

    String label() {
      return label;
    }

    boolean cairn() {
      return this == CAIRN_SQLITE || this == CAIRN_POSTGRESQL;
    }

    boolean postgresql() {
      return this == CAIRN_POSTGRESQL || this == REFERENCE_POSTGRESQL;
    }

    static Server of(String key) {
      for (Server server : values()) {
        if (server.key.equals(key)) {
          return server;
        }
      }
      throw new IllegalArgumentException(
          "benchmark.servers: unknown server '"
              + key
              + "' (cairn-sqlite, cairn-postgresql, reference-sqlite, reference-postgresql)");
    }
  }

  BenchmarkSettings {
    servers = List.copyOf(servers);
    clients = List.copyOf(clients);
    if (servers.isEmpty() || clients.isEmpty()) {
      throw new IllegalArgumentException(
          "benchmark.servers and benchmark.clients must not be empty");
    }
    if (snapshots < 1 || warmUp < 0 || repetitions < 1 || throughputSeconds < 1) {
      throw new IllegalArgumentException(
          "benchmark.snapshots, benchmark.repetitions and benchmark.throughput-seconds must be"
              + " positive, benchmark.warm-up not negative");
    }
    for (int count : clients) {
      if (count < 1) {
        throw new IllegalArgumentException("benchmark.clients: " + count + " is not positive");
      }
    }
  }

  static BenchmarkSettings fromSystemProperties() {
    return new BenchmarkSettings(
        split(
                property(
                    "benchmark.servers",
                    "cairn-sqlite,cairn-postgresql,reference-sqlite,reference-postgresql"))
            .stream()
            .map(Server::of)
            .toList(),
        Integer.parseInt(property("benchmark.snapshots", "100")),
        Integer.parseInt(property("benchmark.warm-up", "50")),
        Integer.parseInt(property("benchmark.repetitions", "500")),
        split(property("benchmark.clients", "1,4,16")).stream().map(Integer::parseInt).toList(),
        Integer.parseInt(property("benchmark.throughput-seconds", "10")),
        property("benchmark.postgres-url", "jdbc:postgresql://127.0.0.1:5432/postgres"),
        property("benchmark.postgres-user", "postgres"),
        Path.of(requiredProperty("cairn.server.jar")),
        Path.of(requiredProperty("cairn.server.lib")),
        Path.of(property("benchmark.output", "target/iceberg-benchmark")));
  }

  private static List<String> split(String list) {
    return List.of(list.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
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
