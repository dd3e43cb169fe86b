package io.cairn.thrift;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Partition;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.service.CatalogService;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.hive.metastore.api.MetaException;

/**
 * Drops with Hive's {@code deleteData}: the data of a managed table (or of an external one whose
 * {@code external.table.purge} parameter is true) is deleted from the local file system after the
 * catalog change commits. Partition directories inside the table's directory go with it; those
 * elsewhere are deleted one by one. Locations are read before the drop: a partition added in
 * between only leaves its data behind, it never causes data of something not dropped to go.
 */
final class HiveDrops {

  private final CatalogService service;

  HiveDrops(CatalogService service) {
    this.service = requireNonNull(service, "service is null");
  }

  /** Whether dropping {@code table} with {@code deleteData} deletes its data (Hive's rule). */
  static boolean deletesData(Table table, boolean deleteData) {
    if (!deleteData || table.storageDescriptor() == null) {
      return false;
    }
    return !CatalogService.isExternal(table)
        || "TRUE".equalsIgnoreCase(table.parameters().get("external.table.purge"));
  }

  void dropTable(TableName name, boolean deleteData) {
    List<String> outside = List.of();
    if (deleteData && deletesData(service.loadTable(name), true)) {
      outside = partitionLocationsOutside(service.loadTable(name));
    }
    Table dropped = service.dropTable(name);
    if (deletesData(dropped, deleteData)) {
      outside.forEach(LocalDirectories::delete);
      LocalDirectories.delete(dropped.storageDescriptor().location());
    }
  }

  /**
   * @throws MetaException when values are missing, null or not one per partition key (Hive's
   *     answer; an empty value is only a partition that does not exist)
   */
  List<Partition> dropPartitions(TableName name, List<List<String>> values, boolean deleteData)
      throws MetaException {
    Table table = service.loadTable(name);
    for (List<String> partitionValues : values) {
      if (partitionValues == null || partitionValues.stream().anyMatch(Objects::isNull)) {
        throw new MetaException("The partition values cannot be null.");
      }
      if (partitionValues.size() != table.partitionKeys().size()) {
        throw new MetaException(
            "Invalid partition key & values; keys "
                + table.partitionKeys().stream().map(key -> key.name()).toList()
                + ", values "
                + partitionValues);
      }
    }
    List<Partition> dropped = service.dropPartitions(name, values);
    if (deletesData(table, deleteData)) {
      for (Partition partition : dropped) {
        if (partition.storageDescriptor() != null) {
          LocalDirectories.delete(partition.storageDescriptor().location());
          // As Hive: parents left empty, up to the table's directory, go too.
          LocalDirectories.deleteEmptyParents(
              partition.storageDescriptor().location(), partition.values().size() - 1);
        }
      }
    }
    return dropped;
  }

  /**
   * With {@code deleteData}, the data of the database's tables that Hive would delete, then the
   * database's directories if they are left empty. Hive deletes the database directory with
   * whatever is still in it; Cairn keeps it when it holds anything, such as an external table's
   * data.
   */
  void dropDatabase(DatabaseName name, boolean cascade, boolean deleteData) {
    List<String> locations = new ArrayList<>();
    if (deleteData && cascade) {
      for (Table table :
          HiveMetastoreHandler.all(page -> service.listTables(name, null, page), -1)) {
        if (deletesData(table, true)) {
          locations.addAll(partitionLocationsOutside(table));
          locations.add(table.storageDescriptor().location());
        }
      }
    }
    Database dropped = service.dropDatabase(name, cascade);
    if (deleteData) {
      locations.forEach(LocalDirectories::delete);
      LocalDirectories.deleteIfEmpty(dropped.managedLocation());
      LocalDirectories.deleteIfEmpty(dropped.location());
    }
  }

  private List<String> partitionLocationsOutside(Table table) {
    if (!table.isPartitioned()) {
      return List.of();
    }
    String tableLocation = table.storageDescriptor().location();
    List<String> outside = new ArrayList<>();
    for (Partition partition :
        HiveMetastoreHandler.all(page -> service.listPartitions(table.name(), null, page), -1)) {
      String location =
          partition.storageDescriptor() == null ? null : partition.storageDescriptor().location();
      if (location != null
          && (tableLocation == null || !LocalDirectories.isInside(location, tableLocation))) {
        outside.add(location);
      }
    }
    return outside;
  }
}
