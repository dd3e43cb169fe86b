package io.cairn.transfer;

import io.cairn.catalog.TableName;

/**
 * Progress of an export or an import, for a person watching a long transfer. Called on the thread
 * that runs the transfer; an import's counts are of rows written but not yet committed.
 */
public interface ProgressListener {
  /** Reports nothing. */
  ProgressListener NONE = new ProgressListener() {};

  /** The table's definition, versions, statistics and indexes are done; partitions come next. */
  default void tableStarted(TableName table) {}

  /** Called after each batch of partitions with the table's running total. */
  default void partitionsTransferred(TableName table, long partitionsSoFar) {}

  default void tableFinished(TableName table, long partitions) {}

  /** Import only: the whole document is written and the transaction commits next. */
  default void committing() {}
}
