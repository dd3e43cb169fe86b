package io.cairn.crawlers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The crawler's catalog port in memory: serves tables and partitions from what {@link #apply} got,
 * records every call to it, and on demand fails an apply before changing anything.
 */
final class InMemoryCrawlerCatalog implements CrawlerCatalog {
  private final String database;
  private Map<String, CrawledTable> tables = new LinkedHashMap<>();
  private Map<String, Map<List<String>, CrawledPartition>> partitions = new HashMap<>();
  private final List<CrawlChanges> applied = new ArrayList<>();
  private boolean failNextApply;

  InMemoryCrawlerCatalog(String database) {
    this.database = database;
  }

  @Override
  public synchronized List<CrawledTable> listTables(String database) {
    requireDatabase(database);
    return List.copyOf(tables.values());
  }

  @Override
  public synchronized List<CrawledPartition> listPartitions(String database, String table) {
    requireDatabase(database);
    if (!tables.containsKey(table)) {
      throw new IllegalArgumentException("no table " + table);
    }
    return List.copyOf(partitions.getOrDefault(table, Map.of()).values());
  }

  /** Applies all of {@code changes} to copies and swaps them in, so a failure changes nothing. */
  @Override
  public synchronized void apply(String database, CrawlChanges changes) {
    requireDatabase(database);
    applied.add(changes);
    if (failNextApply) {
      failNextApply = false;
      throw new IllegalStateException("apply failed on demand");
    }
    Map<String, CrawledTable> newTables = new LinkedHashMap<>(tables);
    Map<String, Map<List<String>, CrawledPartition>> newPartitions = new HashMap<>();
    partitions.forEach(
        (table, byValues) -> newPartitions.put(table, new LinkedHashMap<>(byValues)));
    for (CrawledTable table : changes.createTables()) {
      if (newTables.putIfAbsent(table.name(), table) != null) {
        throw new IllegalStateException("table " + table.name() + " already exists");
      }
    }
    for (CrawledTable table : changes.updateTables()) {
      if (newTables.replace(table.name(), table) == null) {
        throw new IllegalStateException("no table " + table.name() + " to update");
      }
    }
    for (String table : changes.dropTables()) {
      if (newTables.remove(table) == null) {
        throw new IllegalStateException("no table " + table + " to drop");
      }
      newPartitions.remove(table);
    }
    changes
        .addPartitions()
        .forEach(
            (table, added) -> {
              CrawledTable owner = requireTable(newTables, table);
              Map<List<String>, CrawledPartition> byValues =
                  newPartitions.computeIfAbsent(table, name -> new LinkedHashMap<>());
              for (CrawledPartition partition : added) {
                if (partition.values().size() != owner.partitionKeys().size()) {
                  throw new IllegalStateException(
                      "partition " + partition.values() + " does not fit");
                }
                if (byValues.putIfAbsent(partition.values(), partition) != null) {
                  throw new IllegalStateException("partition " + partition.values() + " exists");
                }
              }
            });
    changes
        .updatePartitions()
        .forEach(
            (table, updated) -> {
              requireTable(newTables, table);
              Map<List<String>, CrawledPartition> byValues = newPartitions.get(table);
              for (CrawledPartition partition : updated) {
                if (byValues == null || byValues.replace(partition.values(), partition) == null) {
                  throw new IllegalStateException("no partition " + partition.values());
                }
              }
            });
    changes
        .dropPartitions()
        .forEach(
            (table, dropped) -> {
              requireTable(newTables, table);
              Map<List<String>, CrawledPartition> byValues = newPartitions.get(table);
              for (List<String> values : dropped) {
                if (byValues == null || byValues.remove(values) == null) {
                  throw new IllegalStateException("no partition " + values);
                }
              }
            });
    tables = newTables;
    partitions = newPartitions;
  }

  synchronized void failNextApply() {
    failNextApply = true;
  }

  synchronized List<CrawlChanges> applied() {
    return List.copyOf(applied);
  }

  synchronized CrawledTable table(String name) {
    CrawledTable table = tables.get(name);
    if (table == null) {
      throw new AssertionError("no table " + name + " among " + tables.keySet());
    }
    return table;
  }

  synchronized List<String> tableNames() {
    return List.copyOf(tables.keySet());
  }

  synchronized Map<List<String>, CrawledPartition> partitions(String table) {
    return Map.copyOf(partitions.getOrDefault(table, Map.of()));
  }

  private static CrawledTable requireTable(Map<String, CrawledTable> tables, String name) {
    CrawledTable table = tables.get(name);
    if (table == null) {
      throw new IllegalStateException("no table " + name);
    }
    return table;
  }

  private void requireDatabase(String database) {
    if (!this.database.equals(database)) {
      throw new IllegalArgumentException("no database " + database);
    }
  }
}
