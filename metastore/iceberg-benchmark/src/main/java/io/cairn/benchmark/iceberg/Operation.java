package io.cairn.benchmark.iceberg;

/** What the workload measures, in the order of the results table, with each row's label. */
enum Operation {
  /**
   * loadTable of the preloaded table in a new client session each time, so that the client has
   * nothing cached and the server sends the whole table, as for a new client.
   */
  LOAD_TABLE_FULL("loadTable, full response"),
  /**
   * loadTable of the unchanged preloaded table as one client repeats it: Iceberg's client sends the
   * ETag of the table it has cached ({@code If-None-Match}), and a server may answer 304.
   */
  LOAD_TABLE("loadTable, unchanged table (client's ETag)"),
  /**
   * A commit appending one data file (FastAppend); in throughput runs each client its own table.
   */
  APPEND("append commit"),
  /** A commit setting one table property: no manifest written, only the table's metadata. */
  METADATA_COMMIT("metadata-only commit"),
  /** Throughput only: appends of all clients to one table, so that commits race. */
  SHARED_APPEND("append commit, all clients to one table");

  private final String label;

  Operation(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** Whether calls one at a time are timed. */
  boolean timedAlone() {
    return this != SHARED_APPEND;
  }

  /** Whether a throughput run with concurrent clients is made. */
  boolean timedConcurrently() {
    return this != METADATA_COMMIT;
  }
}
