package io.cairn.transfer;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Function;
import io.cairn.catalog.NoSuchDatabaseException;
import io.cairn.catalog.NotificationEvent;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.Table;
import io.cairn.service.CatalogService;
import io.cairn.store.StoreTransaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notification events of an import: what it created, logged as the catalog service logs the
 * same changes, so that consumers following the log (replication, caches) see an import like any
 * other change. Per database in document order: DROP_DATABASE (cascade) of the database it
 * replaced, CREATE_DATABASE, then per table CREATE_TABLE, UPDATE_TABLE_COLUMN_STAT, ADD_PARTITION
 * for each batch of partitions followed by the UPDATE_PARTITION_COLUMN_STAT of each of them that
 * has statistics, and last CREATE_FUNCTION per function. Versions, indexes, tags and catalogs have
 * no events, as they have none when made through the service.
 *
 * <p>The events are appended after everything else, in the import's transaction: the store holds
 * its event counter from the first append until the commit, which makes every other writer's events
 * wait (on PostgreSQL, on every replica), so appending while the document is still read would stall
 * the whole catalog for the length of the import. They are not kept while the import runs either:
 * {@link #append} reads back what the import wrote, a batch of partitions at a time, so memory
 * stays bounded however large the import.
 */
final class ImportEvents {
  private static final int TABLE_PAGE_SIZE = 100;
  private static final int FUNCTION_PAGE_SIZE = 100;

  /** Events appended in one call, at most (one batch of partitions brings up to one per row). */
  private static final int EVENTS_PER_APPEND = 1000;

  private final StoreTransaction transaction;
  private final CatalogService service;
  private final int partitionBatchSize;

  /** The imported databases in document order, with the one each replaced (null if none). */
  private final Map<DatabaseName, Database> databases = new LinkedHashMap<>();

  private final List<NotificationEvent> pending = new ArrayList<>();

  /**
   * @param service builds the events, with its clock
   * @param partitionBatchSize partitions per ADD_PARTITION event, the import's write batch
   */
  ImportEvents(StoreTransaction transaction, CatalogService service, int partitionBatchSize) {
    this.transaction = requireNonNull(transaction, "transaction is null");
    this.service = requireNonNull(service, "service is null");
    if (partitionBatchSize < 1 || partitionBatchSize > PageRequest.MAX_SIZE) {
      throw new IllegalArgumentException("invalid partition batch size " + partitionBatchSize);
    }
    this.partitionBatchSize = partitionBatchSize;
  }

  /**
   * The import created {@code database}; {@code replaced} is the one of that name it dropped first,
   * null if there was none. Everything in the database from now on is the import's.
   */
  void databaseCreated(DatabaseName database, Database replaced) {
    databases.put(requireNonNull(database, "database is null"), replaced);
  }

  /** Appends the events of every database the import created; call it as its last write. */
  void append() {
    for (Map.Entry<DatabaseName, Database> imported : databases.entrySet()) {
      DatabaseName name = imported.getKey();
      if (imported.getValue() != null) {
        add(
            NotificationEvent.Type.DROP_DATABASE,
            name,
            null,
            Map.of("database", imported.getValue(), "cascade", true));
      }
      Database database =
          transaction
              .loadDatabase(name)
              .orElseThrow(
                  () -> new NoSuchDatabaseException("imported database " + name + " vanished"));
      add(NotificationEvent.Type.CREATE_DATABASE, name, null, Map.of("database", database));
      String token = null;
      do {
        Page<Table> page =
            transaction.listTables(name, null, new PageRequest(token, TABLE_PAGE_SIZE));
        page.items().forEach(this::appendTable);
        token = page.nextToken();
      } while (token != null);
      do {
        Page<Function> page =
            transaction.listFunctions(name, null, new PageRequest(token, FUNCTION_PAGE_SIZE));
        for (Function function : page.items()) {
          add(NotificationEvent.Type.CREATE_FUNCTION, name, null, Map.of("function", function));
        }
        token = page.nextToken();
      } while (token != null);
    }
    flush();
  }

  private void appendTable(Table table) {
    DatabaseName database = table.name().databaseName();
    String name = table.name().table();
    add(NotificationEvent.Type.CREATE_TABLE, database, name, Map.of("table", table));
    List<ColumnStatistics> statistics = transaction.loadColumnStatistics(table.name(), null, null);
    if (!statistics.isEmpty()) {
      add(
          NotificationEvent.Type.UPDATE_TABLE_COLUMN_STAT,
          database,
          name,
          Map.of("statistics", statistics));
    }
    if (!table.isPartitioned()) {
      return;
    }
    String token = null;
    do {
      Page<Partition> page =
          transaction.listPartitions(
              table.name(), null, new PageRequest(token, partitionBatchSize));
      if (!page.items().isEmpty()) {
        add(
            NotificationEvent.Type.ADD_PARTITION,
            database,
            name,
            Map.of("table", table, "partitions", page.items()));
        Map<List<String>, List<ColumnStatistics>> partitionStatistics =
            transaction.loadPartitionColumnStatistics(
                table.name(), page.items().stream().map(Partition::values).toList());
        for (Partition partition : page.items()) {
          List<ColumnStatistics> columns = partitionStatistics.get(partition.values());
          if (columns != null && !columns.isEmpty()) {
            add(
                NotificationEvent.Type.UPDATE_PARTITION_COLUMN_STAT,
                database,
                name,
                Map.of("partitionValues", partition.values(), "statistics", columns));
          }
        }
        // A batch's message holds its partitions whole; do not keep it past its batch.
        flush();
      }
      token = page.nextToken();
    } while (token != null);
  }

  private void add(
      NotificationEvent.Type type,
      DatabaseName database,
      String table,
      Map<String, Object> message) {
    pending.add(service.event(type, database, table, message));
    if (pending.size() >= EVENTS_PER_APPEND) {
      flush();
    }
  }

  private void flush() {
    if (!pending.isEmpty()) {
      transaction.appendNotifications(List.copyOf(pending));
      pending.clear();
    }
  }
}
