package io.cairn.store.jdbc;

import io.cairn.catalog.Column;
import io.cairn.catalog.Partition;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.TableName;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The definition column of a partition row: everything but its table, values, version and columns,
 * which have columns of their own (columns as a shared column set).
 */
record PartitionDocument(
    StorageDescriptor storageDescriptor,
    Map<String, String> parameters,
    Instant createTime,
    Instant lastAccessTime,
    Instant lastAnalyzedTime) {

  static PartitionDocument of(Partition partition) {
    StorageDescriptor descriptor = partition.storageDescriptor();
    return new PartitionDocument(
        descriptor == null ? null : descriptor.toBuilder().columns(List.of()).build(),
        partition.parameters(),
        partition.createTime(),
        partition.lastAccessTime(),
        partition.lastAnalyzedTime());
  }

  Partition toPartition(TableName table, List<String> values, List<Column> columns, long version) {
    StorageDescriptor descriptor =
        storageDescriptor == null || columns == null
            ? storageDescriptor
            : storageDescriptor.toBuilder().columns(columns).build();
    return new Partition(
        table,
        values,
        descriptor,
        parameters,
        createTime,
        lastAccessTime,
        lastAnalyzedTime,
        version);
  }
}
