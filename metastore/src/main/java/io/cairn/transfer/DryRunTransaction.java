package io.cairn.transfer;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Catalog;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PartitionIndex;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableVersion;
import io.cairn.catalog.filter.PartitionFilter;
import io.cairn.store.StoreTransaction;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads see the import's transaction; writes are not applied, and the statistics and tags last
 * written are kept for the caller.
 *
 * <p>This lets the import run {@link io.cairn.service.CatalogService}'s own validation and
 * normalization (its rules are package-private) and then write the result itself, with the create
 * times and version counters of the document that the service would overwrite. It goes once the
 * service offers validation without writing.
 */
final class DryRunTransaction implements StoreTransaction {
  private final StoreTransaction delegate;
  private List<ColumnStatistics> statistics;
  private Map<String, String> tags;
  private String tagsArn;

  DryRunTransaction(StoreTransaction delegate) {
    this.delegate = requireNonNull(delegate, "delegate is null");
  }

  /** The statistics of the last {@link #putColumnStatistics}, as the service normalized them. */
  List<ColumnStatistics> takeStatistics() {
    List<ColumnStatistics> result = requireNonNull(statistics, "no statistics were written");
    statistics = null;
    return result;
  }

  /** The canonical ARN of the last {@link #putTags}. */
  String takeTagsArn() {
    String result = requireNonNull(tagsArn, "no tags were written");
    tagsArn = null;
    return result;
  }

  Map<String, String> takeTags() {
    Map<String, String> result = requireNonNull(tags, "no tags were written");
    tags = null;
    return result;
  }

  // Writes: recorded or ignored

  @Override
  public void createCatalog(Catalog catalog) {}

  @Override
  public void createDatabase(Database database) {}

  @Override
  public void updateDatabase(Database database) {}

  @Override
  public void dropDatabase(DatabaseName name) {}

  @Override
  public void createTable(Table table) {}

  @Override
  public void updateTable(TableName currentName, Table table) {}

  @Override
  public void dropTable(TableName name) {}

  @Override
  public void deleteTableVersion(TableName name, long versionId) {}

  @Override
  public void addPartitions(TableName table, List<Partition> partitions) {}

  @Override
  public void updatePartition(TableName table, List<String> currentValues, Partition partition) {}

  @Override
  public void dropPartitions(TableName table, List<List<String>> values) {}

  @Override
  public void putColumnStatistics(
      TableName table, List<String> partitionValues, List<ColumnStatistics> statistics) {
    this.statistics = List.copyOf(statistics);
  }

  @Override
  public void deleteColumnStatistics(
      TableName table, List<String> partitionValues, String columnName) {}

  @Override
  public void createPartitionIndex(TableName table, PartitionIndex index) {}

  @Override
  public void dropPartitionIndex(TableName table, String indexName) {}

  @Override
  public void putTags(String resourceArn, Map<String, String> tags) {
    this.tagsArn = resourceArn;
    this.tags = Map.copyOf(tags);
  }

  @Override
  public void removeTags(String resourceArn, Collection<String> keys) {}

  @Override
  public void removeAllTags(String resourceArn) {}

  // Reads: the import transaction's view

  @Override
  public Optional<Catalog> loadCatalog(String name) {
    return delegate.loadCatalog(name);
  }

  @Override
  public List<Catalog> listCatalogs() {
    return delegate.listCatalogs();
  }

  @Override
  public Optional<Database> loadDatabase(DatabaseName name) {
    return delegate.loadDatabase(name);
  }

  @Override
  public Page<Database> listDatabases(String catalog, String namePattern, PageRequest page) {
    return delegate.listDatabases(catalog, namePattern, page);
  }

  @Override
  public Optional<Table> loadTable(TableName name) {
    return delegate.loadTable(name);
  }

  @Override
  public Page<Table> listTables(DatabaseName database, String namePattern, PageRequest page) {
    return delegate.listTables(database, namePattern, page);
  }

  @Override
  public Page<String> listTableNames(DatabaseName database, String namePattern, PageRequest page) {
    return delegate.listTableNames(database, namePattern, page);
  }

  @Override
  public Page<TableVersion> listTableVersions(TableName name, PageRequest page) {
    return delegate.listTableVersions(name, page);
  }

  @Override
  public Optional<TableVersion> loadTableVersion(TableName name, long versionId) {
    return delegate.loadTableVersion(name, versionId);
  }

  @Override
  public Optional<Partition> loadPartition(TableName table, List<String> values) {
    return delegate.loadPartition(table, values);
  }

  @Override
  public Page<Partition> listPartitions(TableName table, PartitionFilter filter, PageRequest page) {
    return delegate.listPartitions(table, filter, page);
  }

  @Override
  public Page<String> listPartitionNames(
      TableName table, PartitionFilter filter, PageRequest page) {
    return delegate.listPartitionNames(table, filter, page);
  }

  @Override
  public long countPartitions(TableName table, PartitionFilter filter) {
    return delegate.countPartitions(table, filter);
  }

  @Override
  public List<ColumnStatistics> loadColumnStatistics(
      TableName table, List<String> partitionValues, Collection<String> columnNames) {
    return delegate.loadColumnStatistics(table, partitionValues, columnNames);
  }

  @Override
  public List<PartitionIndex> listPartitionIndexes(TableName table) {
    return delegate.listPartitionIndexes(table);
  }

  @Override
  public Map<String, String> loadTags(String resourceArn) {
    return delegate.loadTags(resourceArn);
  }
}
