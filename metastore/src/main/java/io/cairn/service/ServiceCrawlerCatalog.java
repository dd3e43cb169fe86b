package io.cairn.service;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Column;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.NoSuchDatabaseException;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PrincipalType;
import io.cairn.catalog.SerDeInfo;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableType;
import io.cairn.crawlers.CrawlChanges;
import io.cairn.crawlers.CrawledPartition;
import io.cairn.crawlers.CrawledTable;
import io.cairn.crawlers.CrawlerCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The crawler's port to the catalog service, for one crawl of the default catalog. It remembers the
 * version at which it read each table, so that a table someone else changed during the crawl fails
 * the crawl's {@link #apply} rather than being overwritten. A database that does not exist yet has
 * no tables, and {@link #apply} creates it with the crawl's tables, as Glue's crawler creates its
 * database.
 */
public final class ServiceCrawlerCatalog implements CrawlerCatalog {
  private static final int PAGE_SIZE = 1_000;

  private final CatalogService catalog;
  private final Map<TableName, Table> tablesRead = new ConcurrentHashMap<>();

  public ServiceCrawlerCatalog(CatalogService catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  @Override
  public List<CrawledTable> listTables(String database) {
    DatabaseName name = new DatabaseName(catalog.defaultCatalog(), database);
    List<CrawledTable> tables = new ArrayList<>();
    String token = null;
    do {
      Page<Table> page;
      try {
        page = catalog.listTables(name, null, new PageRequest(token, PAGE_SIZE));
      } catch (NoSuchDatabaseException e) {
        return List.of();
      }
      for (Table table : page.items()) {
        // Views have no storage and are never a crawler's.
        if (table.storageDescriptor() != null) {
          tablesRead.put(table.name(), table);
          tables.add(crawled(table));
        }
      }
      token = page.nextToken();
    } while (token != null);
    return tables;
  }

  @Override
  public List<CrawledPartition> listPartitions(String database, String table) {
    TableName name = new TableName(catalog.defaultCatalog(), database, table);
    List<CrawledPartition> partitions = new ArrayList<>();
    String token = null;
    do {
      Page<Partition> page = catalog.listPartitions(name, null, new PageRequest(token, PAGE_SIZE));
      for (Partition partition : page.items()) {
        partitions.add(crawled(partition));
      }
      token = page.nextToken();
    } while (token != null);
    return partitions;
  }

  @Override
  public void apply(String database, CrawlChanges changes) {
    List<Table> created = new ArrayList<>();
    for (CrawledTable table : changes.createTables()) {
      created.add(table(tableName(database, table.name()), table, null));
    }
    List<Table> updated = new ArrayList<>();
    for (CrawledTable table : changes.updateTables()) {
      TableName name = tableName(database, table.name());
      Table current = tablesRead.get(name);
      if (current == null) {
        current = catalog.loadTable(name);
      }
      updated.add(table(name, table, current));
    }
    Map<TableName, List<Partition>> added = new LinkedHashMap<>();
    changes
        .addPartitions()
        .forEach(
            (table, partitions) ->
                added.put(tableName(database, table), partitions(database, table, partitions)));
    Map<TableName, List<Partition>> replaced = new LinkedHashMap<>();
    changes
        .updatePartitions()
        .forEach(
            (table, partitions) ->
                replaced.put(tableName(database, table), partitions(database, table, partitions)));
    Map<TableName, List<List<String>>> dropped = new HashMap<>();
    changes
        .dropPartitions()
        .forEach((table, values) -> dropped.put(tableName(database, table), values));
    catalog.applyTableChanges(
        new CatalogService.TableChanges(
            new Database(
                new DatabaseName(catalog.defaultCatalog(), database),
                "created by a crawler",
                null,
                null,
                Map.of(),
                null,
                null,
                null,
                null,
                0),
            created,
            updated,
            changes.dropTables().stream().map(table -> tableName(database, table)).toList(),
            added,
            replaced,
            dropped));
  }

  private TableName tableName(String database, String table) {
    return new TableName(catalog.defaultCatalog(), database, table);
  }

  /**
   * The crawled table as the catalog keeps it: an external table. An update keeps what the crawler
   * does not decide (owner, description, retention) and the version it was read at.
   */
  private static Table table(TableName name, CrawledTable crawled, Table current) {
    Map<String, String> parameters = new HashMap<>(crawled.parameters());
    parameters.put("EXTERNAL", "TRUE");
    StorageDescriptor storage =
        storage(
            crawled.columns(),
            crawled.location(),
            crawled.inputFormat(),
            crawled.outputFormat(),
            crawled.serdeLibrary(),
            crawled.serdeParameters(),
            crawled.parameters());
    Table.Builder builder =
        current == null
            ? Table.builder().name(name).owner("owner").ownerType(PrincipalType.USER).version(0)
            : current.toBuilder();
    return builder
        .tableType(TableType.EXTERNAL_TABLE)
        .storageDescriptor(storage)
        .partitionKeys(columns(crawled.partitionKeys()))
        .parameters(parameters)
        .build();
  }

  private List<Partition> partitions(
      String database, String table, List<CrawledPartition> crawled) {
    List<Partition> partitions = new ArrayList<>(crawled.size());
    for (CrawledPartition partition : crawled) {
      partitions.add(
          new Partition(
              tableName(database, table),
              partition.values(),
              storage(
                  partition.columns(),
                  partition.location(),
                  partition.inputFormat(),
                  partition.outputFormat(),
                  partition.serdeLibrary(),
                  partition.serdeParameters(),
                  partition.parameters()),
              partition.parameters(),
              null,
              null,
              null,
              0));
    }
    return partitions;
  }

  private static StorageDescriptor storage(
      List<io.cairn.classifiers.Column> columns,
      String location,
      String inputFormat,
      String outputFormat,
      String serdeLibrary,
      Map<String, String> serdeParameters,
      Map<String, String> parameters) {
    return StorageDescriptor.builder()
        .columns(columns(columns))
        .location(location)
        .inputFormat(inputFormat)
        .outputFormat(outputFormat)
        .compressed(false)
        // Glue's crawler writes -1: the data is not bucketed.
        .numberOfBuckets(-1)
        .serdeInfo(new SerDeInfo(null, serdeLibrary, serdeParameters, null, null, null, null))
        .parameters(parameters)
        .build();
  }

  private static List<Column> columns(List<io.cairn.classifiers.Column> columns) {
    return columns.stream()
        .map(column -> new Column(column.name(), column.type(), null, null))
        .toList();
  }

  private static CrawledTable crawled(Table table) {
    StorageDescriptor storage = table.storageDescriptor();
    return new CrawledTable(
        table.name().table(),
        nullToEmpty(storage.location()),
        crawledColumns(storage.columns()),
        crawledColumns(table.partitionKeys()),
        nullToEmpty(storage.inputFormat()),
        nullToEmpty(storage.outputFormat()),
        serdeLibrary(storage),
        serdeParameters(storage),
        withoutExternal(table.parameters()));
  }

  private static CrawledPartition crawled(Partition partition) {
    StorageDescriptor storage = partition.storageDescriptor();
    if (storage == null) {
      return new CrawledPartition(
          partition.values(), "", List.of(), "", "", "", Map.of(), partition.parameters());
    }
    return new CrawledPartition(
        partition.values(),
        nullToEmpty(storage.location()),
        crawledColumns(storage.columns()),
        nullToEmpty(storage.inputFormat()),
        nullToEmpty(storage.outputFormat()),
        serdeLibrary(storage),
        serdeParameters(storage),
        partition.parameters());
  }

  private static Map<String, String> withoutExternal(Map<String, String> parameters) {
    Map<String, String> copy = new HashMap<>(parameters);
    copy.remove("EXTERNAL");
    return copy;
  }

  private static List<io.cairn.classifiers.Column> crawledColumns(List<Column> columns) {
    return columns.stream()
        .map(column -> new io.cairn.classifiers.Column(column.name(), column.type()))
        .toList();
  }

  private static String serdeLibrary(StorageDescriptor storage) {
    return storage.serdeInfo() == null
        ? ""
        : nullToEmpty(storage.serdeInfo().serializationLibrary());
  }

  private static Map<String, String> serdeParameters(StorageDescriptor storage) {
    return storage.serdeInfo() == null ? Map.of() : storage.serdeInfo().parameters();
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
