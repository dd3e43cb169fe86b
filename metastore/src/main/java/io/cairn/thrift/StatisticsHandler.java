package io.cairn.thrift;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Column;
import io.cairn.catalog.ColumnStatistics.BinaryData;
import io.cairn.catalog.ColumnStatistics.BooleanData;
import io.cairn.catalog.ColumnStatistics.Data;
import io.cairn.catalog.ColumnStatistics.DateData;
import io.cairn.catalog.ColumnStatistics.DecimalData;
import io.cairn.catalog.ColumnStatistics.DoubleData;
import io.cairn.catalog.ColumnStatistics.LongData;
import io.cairn.catalog.ColumnStatistics.StringData;
import io.cairn.catalog.ColumnStatistics.TimestampData;
import io.cairn.catalog.PartitionNames;
import io.cairn.catalog.TableName;
import io.cairn.catalog.ValidationException;
import io.cairn.service.CatalogService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.AggrStats;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.InvalidInputException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.PartitionsStatsRequest;
import org.apache.hadoop.hive.metastore.api.PartitionsStatsResult;
import org.apache.hadoop.hive.metastore.api.SetPartitionsStatsRequest;
import org.apache.hadoop.hive.metastore.api.SetPartitionsStatsResponse;
import org.apache.hadoop.hive.metastore.api.TableStatsRequest;
import org.apache.hadoop.hive.metastore.api.TableStatsResult;

/**
 * The Hive Metastore column statistics methods, dispatched to by {@link HandlerInvocation} as
 * {@link HiveMetastoreHandler}'s are. Partitions are named as Hive names them, {@code k1=v1/k2=v2}.
 *
 * <p>Cairn keeps one set of statistics per table and partition: Hive 4's {@code engine} argument
 * (separate statistics for Hive and Impala) is ignored, and so are write ids and valid write id
 * lists, so answers never claim {@code isStatsCompliant}.
 */
final class StatisticsHandler {
  private final CatalogService service;
  private final HiveNames names;

  StatisticsHandler(CatalogService service) {
    this.service = requireNonNull(service, "service is null");
    this.names = new HiveNames(service.defaultCatalog());
  }

  // Writes

  public boolean update_table_column_statistics(ColumnStatistics statistics) {
    service.putColumnStatistics(
        tableName(statistics.getStatsDesc()), null, ThriftConverter.fromThrift(statistics));
    return true;
  }

  public boolean update_partition_column_statistics(ColumnStatistics statistics) {
    ColumnStatisticsDesc description = statistics.getStatsDesc();
    TableName table = tableName(description);
    service.putColumnStatistics(
        table,
        partitionValues(table, description.getPartName()),
        ThriftConverter.fromThrift(statistics));
    return true;
  }

  public SetPartitionsStatsResponse update_table_column_statistics_req(
      SetPartitionsStatsRequest request) throws InvalidInputException {
    return new SetPartitionsStatsResponse(update_table_column_statistics(single(request)));
  }

  public SetPartitionsStatsResponse update_partition_column_statistics_req(
      SetPartitionsStatsRequest request) throws InvalidInputException {
    return new SetPartitionsStatsResponse(update_partition_column_statistics(single(request)));
  }

  /** As Hive: the non-aggregate requests carry exactly one set of statistics and never merge. */
  private static ColumnStatistics single(SetPartitionsStatsRequest request)
      throws InvalidInputException {
    if (request.getColStatsSize() != 1) {
      throw new InvalidInputException(
          "Expected one set of column statistics, got " + request.getColStatsSize());
    }
    if (request.isNeedMerge()) {
      throw new InvalidInputException("Merge is not supported for non-aggregate statistics");
    }
    return request.getColStats().get(0);
  }

  /**
   * Stores every set of statistics of the request, of the table or of a partition as its
   * description says, all in one transaction. With {@code needMerge}, as when Hive inserts into a
   * table that has statistics, each column's new statistics are merged with those stored (see
   * {@link #merge}), read in the same transaction.
   */
  public boolean set_aggr_stats_for(SetPartitionsStatsRequest request) {
    List<CatalogService.StatisticsUpdate> updates = new ArrayList<>();
    for (ColumnStatistics statistics : request.getColStats()) {
      ColumnStatisticsDesc description = statistics.getStatsDesc();
      TableName table = tableName(description);
      List<String> values =
          description.isIsTblLevel() ? null : partitionValues(table, description.getPartName());
      updates.add(
          new CatalogService.StatisticsUpdate(
              table, values, ThriftConverter.fromThrift(statistics)));
    }
    service.putColumnStatistics(updates, request.isNeedMerge() ? StatisticsHandler::merged : null);
    return true;
  }

  /** Hive's merge of newly sent statistics into stored ones (both of one column). */
  private static io.cairn.catalog.ColumnStatistics merged(
      io.cairn.catalog.ColumnStatistics stored, io.cairn.catalog.ColumnStatistics sent) {
    Data data = merge(stored.data(), sent.data());
    return data == null
        ? sent
        : new io.cairn.catalog.ColumnStatistics(
            sent.columnName(), sent.columnType(), sent.analyzedTime(), data);
  }

  // Reads

  /** Unlike Hive 4, which answers a column without statistics with no result, this is an error. */
  public ColumnStatistics get_table_column_statistics(
      String database, String table, String columnName) throws NoSuchObjectException {
    TableName name = tableName(null, database, table);
    List<io.cairn.catalog.ColumnStatistics> statistics =
        service.loadColumnStatistics(name, null, List.of(requireColumnName(columnName)));
    if (statistics.isEmpty()) {
      throw new NoSuchObjectException(
          "table " + name + " has no statistics for column '" + columnName + "'");
    }
    return ThriftConverter.toThrift(description(name, null), statistics);
  }

  /** As {@link #get_table_column_statistics}, of a partition. */
  public ColumnStatistics get_partition_column_statistics(
      String database, String table, String partitionName, String columnName)
      throws NoSuchObjectException {
    TableName name = tableName(null, database, table);
    List<Column> keys = service.loadTable(name).partitionKeys();
    List<String> values = PartitionNames.values(keys, requirePartitionName(partitionName));
    List<io.cairn.catalog.ColumnStatistics> statistics =
        service.loadColumnStatistics(name, values, List.of(requireColumnName(columnName)));
    if (statistics.isEmpty()) {
      throw new NoSuchObjectException(
          "partition "
              + partitionName
              + " of table "
              + name
              + " has no statistics for column '"
              + columnName
              + "'");
    }
    return ThriftConverter.toThrift(
        description(name, PartitionNames.name(keys, values)), statistics);
  }

  /** The requested columns that have statistics; the others are left out. */
  public TableStatsResult get_table_statistics_req(TableStatsRequest request) {
    TableName name = tableName(request.getCatName(), request.getDbName(), request.getTblName());
    return new TableStatsResult(
        toThrift(service.loadColumnStatistics(name, null, request.getColNames())));
  }

  /**
   * The requested columns' statistics of each named partition, keyed by the partition's name as
   * Hive writes it; partitions without statistics of those columns, or that do not exist, are left
   * out.
   */
  public PartitionsStatsResult get_partitions_statistics_req(PartitionsStatsRequest request) {
    TableName name = tableName(request.getCatName(), request.getDbName(), request.getTblName());
    List<Column> keys = service.loadTable(name).partitionKeys();
    Map<List<String>, List<io.cairn.catalog.ColumnStatistics>> statistics =
        service.loadPartitionColumnStatistics(
            name, partitionValues(keys, request.getPartNames()), request.getColNames());
    Map<String, List<ColumnStatisticsObj>> result = new HashMap<>();
    statistics.forEach(
        (values, columns) -> result.put(PartitionNames.name(keys, values), toThrift(columns)));
    return new PartitionsStatsResult(result);
  }

  /**
   * Each requested column's statistics combined over the named partitions that have them (see
   * {@link #merge}), without extrapolating to the partitions that have none. As in Hive, {@code
   * partsFound} counts the partitions that have statistics of every requested column; a column
   * without statistics in any partition, or whose partitions disagree on its kind of statistics, is
   * left out.
   */
  public AggrStats get_aggr_stats_for(PartitionsStatsRequest request) {
    TableName name = tableName(request.getCatName(), request.getDbName(), request.getTblName());
    List<Column> keys = service.loadTable(name).partitionKeys();
    List<String> columns =
        request.getColNames().stream().map(StatisticsHandler::lower).distinct().toList();
    Collection<List<io.cairn.catalog.ColumnStatistics>> partitions =
        service
            .loadPartitionColumnStatistics(
                name, partitionValues(keys, request.getPartNames()), columns)
            .values();
    Map<String, List<io.cairn.catalog.ColumnStatistics>> byColumn = new HashMap<>();
    partitions.forEach(
        partition ->
            partition.forEach(
                column ->
                    byColumn
                        .computeIfAbsent(column.columnName(), key -> new ArrayList<>())
                        .add(column)));
    List<ColumnStatisticsObj> aggregated = new ArrayList<>();
    for (String column : columns) {
      List<io.cairn.catalog.ColumnStatistics> parts = byColumn.getOrDefault(column, List.of());
      if (parts.isEmpty()) {
        continue;
      }
      Data data = parts.get(0).data();
      for (int index = 1; index < parts.size() && data != null; index++) {
        data = merge(data, parts.get(index).data());
      }
      if (data != null) {
        aggregated.add(
            ThriftConverter.toThrift(
                new io.cairn.catalog.ColumnStatistics(
                    column, parts.get(0).columnType(), null, data)));
      }
    }
    // The service returns at most one entry per column of a partition.
    long partsFound =
        partitions.stream().filter(partition -> partition.size() == columns.size()).count();
    return new AggrStats(aggregated, partsFound);
  }

  // Deletes

  /** A null column name deletes the statistics of every column. */
  public boolean delete_table_column_statistics(
      String database, String table, String columnName, String engine) {
    service.deleteColumnStatistics(tableName(null, database, table), null, columnName);
    return true;
  }

  /** A null column name deletes the statistics of every column of the partition. */
  public boolean delete_partition_column_statistics(
      String database, String table, String partitionName, String columnName, String engine) {
    TableName name = tableName(null, database, table);
    service.deleteColumnStatistics(name, partitionValues(name, partitionName), columnName);
    return true;
  }

  // Combining statistics

  /**
   * Two sets of statistics of one column combined as Hive's {@code ColumnStatsMerger}s combine
   * them: numbers of nulls, trues and falses summed, the lowest low and the highest high, the
   * longest maximum and average lengths. The number of distinct values is the largest of the two, a
   * lower bound and Hive's own answer when it does not merge sketches (its NDV tuner at the default
   * 0); Cairn does not merge the bit vectors, which are Hive's HyperLogLog or FM serializations, so
   * the result has no bit vector or histogram rather than ones that disagree with its numbers. Null
   * when the two are of different kinds (the column's type changed).
   */
  private static Data merge(Data left, Data right) {
    long numberOfNulls = left.numberOfNulls() + right.numberOfNulls();
    if (left instanceof BooleanData first && right instanceof BooleanData second) {
      return new BooleanData(
          first.numberOfTrues() + second.numberOfTrues(),
          first.numberOfFalses() + second.numberOfFalses(),
          numberOfNulls,
          null);
    }
    if (left instanceof LongData first && right instanceof LongData second) {
      return new LongData(
          lowest(first.minimum(), second.minimum()),
          highest(first.maximum(), second.maximum()),
          numberOfNulls,
          Math.max(first.numberOfDistinctValues(), second.numberOfDistinctValues()),
          null,
          null);
    }
    if (left instanceof DoubleData first && right instanceof DoubleData second) {
      return new DoubleData(
          lowest(first.minimum(), second.minimum()),
          highest(first.maximum(), second.maximum()),
          numberOfNulls,
          Math.max(first.numberOfDistinctValues(), second.numberOfDistinctValues()),
          null,
          null);
    }
    if (left instanceof DecimalData first && right instanceof DecimalData second) {
      return new DecimalData(
          lowest(first.minimum(), second.minimum()),
          highest(first.maximum(), second.maximum()),
          numberOfNulls,
          Math.max(first.numberOfDistinctValues(), second.numberOfDistinctValues()),
          null,
          null);
    }
    if (left instanceof DateData first && right instanceof DateData second) {
      return new DateData(
          lowest(first.minimum(), second.minimum()),
          highest(first.maximum(), second.maximum()),
          numberOfNulls,
          Math.max(first.numberOfDistinctValues(), second.numberOfDistinctValues()),
          null,
          null);
    }
    if (left instanceof TimestampData first && right instanceof TimestampData second) {
      return new TimestampData(
          lowest(first.minimumEpochSeconds(), second.minimumEpochSeconds()),
          highest(first.maximumEpochSeconds(), second.maximumEpochSeconds()),
          numberOfNulls,
          Math.max(first.numberOfDistinctValues(), second.numberOfDistinctValues()),
          null,
          null);
    }
    if (left instanceof StringData first && right instanceof StringData second) {
      return new StringData(
          Math.max(first.maximumLength(), second.maximumLength()),
          Math.max(first.averageLength(), second.averageLength()),
          numberOfNulls,
          Math.max(first.numberOfDistinctValues(), second.numberOfDistinctValues()),
          null);
    }
    if (left instanceof BinaryData first && right instanceof BinaryData second) {
      return new BinaryData(
          Math.max(first.maximumLength(), second.maximumLength()),
          Math.max(first.averageLength(), second.averageLength()),
          numberOfNulls,
          null);
    }
    return null;
  }

  /** The lower of two bounds, either of which may be unknown (null). */
  private static <T extends Comparable<? super T>> T lowest(T left, T right) {
    if (left == null || right == null) {
      return left == null ? right : left;
    }
    return left.compareTo(right) <= 0 ? left : right;
  }

  private static <T extends Comparable<? super T>> T highest(T left, T right) {
    if (left == null || right == null) {
      return left == null ? right : left;
    }
    return left.compareTo(right) >= 0 ? left : right;
  }

  // Names

  private TableName tableName(ColumnStatisticsDesc description) {
    return tableName(description.getCatName(), description.getDbName(), description.getTableName());
  }

  private TableName tableName(String catalog, String database, String table) {
    return names.table(catalog, database, table);
  }

  private List<String> partitionValues(TableName table, String partitionName) {
    return PartitionNames.values(
        service.loadTable(table).partitionKeys(), requirePartitionName(partitionName));
  }

  /** The values of each named partition, in the order given, without repeats. */
  private static List<List<String>> partitionValues(
      List<Column> keys, List<String> partitionNames) {
    return partitionNames.stream()
        .map(partitionName -> PartitionNames.values(keys, partitionName))
        .distinct()
        .toList();
  }

  private static String requirePartitionName(String partitionName) {
    if (partitionName == null) {
      throw new ValidationException("Partition name is missing");
    }
    return partitionName;
  }

  private static String requireColumnName(String columnName) {
    if (columnName == null) {
      throw new ValidationException("Column name is missing");
    }
    return columnName;
  }

  private static ColumnStatisticsDesc description(TableName table, String partitionName) {
    ColumnStatisticsDesc description =
        new ColumnStatisticsDesc(partitionName == null, table.database(), table.table());
    description.setCatName(table.catalog());
    description.setPartName(partitionName);
    return description;
  }

  private static List<ColumnStatisticsObj> toThrift(
      List<io.cairn.catalog.ColumnStatistics> statistics) {
    return statistics.stream()
        .map(ThriftConverter::toThrift)
        .collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
