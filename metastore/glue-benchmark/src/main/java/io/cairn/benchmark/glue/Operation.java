package io.cairn.benchmark.glue;

/** What the workload measures, in the order of the results table, with each row's label. */
enum Operation {
  LOAD("BatchCreatePartition of 100 (the load)"),
  EQUALS("GetPartitions `ds = <day>` (100), no index"),
  RANGE("GetPartitions `ds BETWEEN` 10 days (1,000), no index"),
  CREATE_INDEX("CreatePartitionIndex on ds, until ACTIVE"),
  EQUALS_INDEXED("GetPartitions `ds = <day>` (100), index on ds"),
  RANGE_INDEXED("GetPartitions `ds BETWEEN` 10 days (1,000), index on ds");

  private final String label;

  Operation(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
