package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import io.cairn.classifiers.Column;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Compares what a crawl found with what the catalog holds and decides the changes under the
 * crawler's SchemaChangePolicy, as Glue does: new tables and new partitions are always added;
 * changed tables and partitions are updated under UPDATE_IN_DATABASE and only logged under LOG;
 * this crawler's tables and partitions whose data is gone are dropped, marked or logged as the
 * DeleteBehavior says.
 */
final class Planner {
  static final String UPDATED_BY_CRAWLER = "UPDATED_BY_CRAWLER";
  static final String DEPRECATED_BY_CRAWLER = "DEPRECATED_BY_CRAWLER";

  private final CrawlerConfiguration configuration;
  private final List<CrawledTable> existing;
  private final Function<String, List<CrawledPartition>> partitionsOf;
  private final Consumer<String> log;

  /**
   * @param partitionsOf the catalog's partitions of an existing table, by name
   */
  Planner(
      CrawlerConfiguration configuration,
      List<CrawledTable> existing,
      Function<String, List<CrawledPartition>> partitionsOf,
      Consumer<String> log) {
    this.configuration = requireNonNull(configuration, "configuration is null");
    this.existing = List.copyOf(requireNonNull(existing, "existing is null"));
    this.partitionsOf = requireNonNull(partitionsOf, "partitionsOf is null");
    this.log = requireNonNull(log, "log is null");
  }

  /** A table the crawl found, not yet named: {@code table.name()} is its unsanitised base name. */
  record Found(CrawledTable table, List<CrawledPartition> partitions) {
    Found {
      requireNonNull(table, "table is null");
      partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
    }
  }

  /**
   * The changes for a full crawl of {@code targetLocations}.
   *
   * @param newPartitions partitions found in new folders of existing tables, by table name (only
   *     when crawling new folders only; then nothing existing is updated or deleted)
   */
  CrawlChanges plan(
      List<Found> found,
      List<String> targetLocations,
      Map<String, List<CrawledPartition>> newPartitions,
      boolean newFoldersOnly) {
    Map<String, CrawledTable> byLocation = new HashMap<>();
    Set<String> takenNames = new HashSet<>();
    for (CrawledTable table : existing) {
      byLocation.putIfAbsent(normalize(table.location()), table);
      takenNames.add(table.name().toLowerCase(Locale.ROOT));
    }
    List<CrawledTable> creates = new ArrayList<>();
    List<CrawledTable> updates = new ArrayList<>();
    List<String> drops = new ArrayList<>();
    Map<String, List<CrawledPartition>> adds = new LinkedHashMap<>(newPartitions);
    Map<String, List<CrawledPartition>> partitionUpdates = new LinkedHashMap<>();
    Map<String, List<List<String>>> partitionDrops = new LinkedHashMap<>();
    Set<String> matched = new HashSet<>();

    for (Found table : found) {
      CrawledTable current = byLocation.get(normalize(table.table().location()));
      if (current == null) {
        String name = uniqueName(table.table(), takenNames);
        takenNames.add(name);
        creates.add(renamed(table.table(), name, table.table().parameters()));
        if (!table.partitions().isEmpty() && !table.table().partitionKeys().isEmpty()) {
          adds.put(name, table.partitions());
        }
        continue;
      }
      matched.add(current.name());
      if (newFoldersOnly) {
        continue;
      }
      planTable(table, current, updates);
      if (!table.table().partitionKeys().isEmpty() || !current.partitionKeys().isEmpty()) {
        planPartitions(table, current, adds, partitionUpdates, partitionDrops);
      }
    }
    if (!newFoldersOnly) {
      for (CrawledTable table : existing) {
        if (!matched.contains(table.name()) && isGone(table, targetLocations)) {
          planGone(table, updates, drops);
        }
      }
    }
    return new CrawlChanges(creates, updates, drops, adds, partitionUpdates, partitionDrops);
  }

  private void planTable(Found found, CrawledTable current, List<CrawledTable> updates) {
    CrawledTable crawled = found.table();
    String schemaChange = describeChange(current, crawled);
    boolean parametersChanged = !containsAll(current.parameters(), crawled.parameters());
    boolean deprecated = current.parameters().containsKey(DEPRECATED_BY_CRAWLER);
    if (schemaChange.isEmpty() && !parametersChanged && !deprecated) {
      return;
    }
    if (configuration.updateBehavior() == UpdateBehavior.LOG) {
      if (!schemaChange.isEmpty()) {
        log.accept(
            "Table "
                + current.name()
                + " changed ("
                + schemaChange
                + "); left as it is under UpdateBehavior LOG");
      }
      return;
    }
    Map<String, String> parameters = new HashMap<>(current.parameters());
    parameters.remove(DEPRECATED_BY_CRAWLER);
    parameters.putAll(crawled.parameters());
    updates.add(renamed(crawled, current.name(), parameters));
  }

  private void planPartitions(
      Found found,
      CrawledTable current,
      Map<String, List<CrawledPartition>> adds,
      Map<String, List<CrawledPartition>> partitionUpdates,
      Map<String, List<List<String>>> partitionDrops) {
    String name = current.name();
    boolean keysChanged = !current.partitionKeys().equals(found.table().partitionKeys());
    if (keysChanged && configuration.updateBehavior() == UpdateBehavior.LOG) {
      // Partitions with other keys than the table's would not fit it.
      return;
    }
    Map<List<String>, CrawledPartition> known = new LinkedHashMap<>();
    for (CrawledPartition partition : partitionsOf.apply(name)) {
      known.put(partition.values(), partition);
    }
    List<CrawledPartition> added = new ArrayList<>();
    List<CrawledPartition> updated = new ArrayList<>();
    Set<List<String>> seen = new HashSet<>();
    for (CrawledPartition partition : found.partitions()) {
      seen.add(partition.values());
      CrawledPartition old = known.get(partition.values());
      if (old == null) {
        added.add(partition);
        continue;
      }
      String schemaChange = describeChange(old, partition);
      boolean changed =
          !schemaChange.isEmpty()
              || !containsAll(old.parameters(), partition.parameters())
              || old.parameters().containsKey(DEPRECATED_BY_CRAWLER);
      if (!changed) {
        continue;
      }
      if (configuration.updateBehavior() == UpdateBehavior.LOG) {
        if (!schemaChange.isEmpty()) {
          log.accept(
              "Partition "
                  + partition.values()
                  + " of table "
                  + name
                  + " changed ("
                  + schemaChange
                  + "); left as it is under UpdateBehavior LOG");
        }
        continue;
      }
      Map<String, String> parameters = new HashMap<>(old.parameters());
      parameters.remove(DEPRECATED_BY_CRAWLER);
      parameters.putAll(partition.parameters());
      updated.add(withParameters(partition, parameters));
    }
    List<List<String>> dropped = new ArrayList<>();
    for (CrawledPartition old : known.values()) {
      if (seen.contains(old.values())) {
        continue;
      }
      switch (configuration.deleteBehavior()) {
        case DELETE_FROM_DATABASE -> dropped.add(old.values());
        case DEPRECATE_IN_DATABASE -> {
          Map<String, String> parameters = new HashMap<>(old.parameters());
          parameters.put(DEPRECATED_BY_CRAWLER, nextDeprecation(old.parameters()));
          updated.add(withParameters(old, parameters));
        }
        case LOG ->
            log.accept(
                "Partition "
                    + old.values()
                    + " of table "
                    + name
                    + ": its data at "
                    + old.location()
                    + " is gone; kept under DeleteBehavior LOG");
      }
    }
    if (!added.isEmpty()) {
      adds.put(name, added);
    }
    if (!updated.isEmpty()) {
      partitionUpdates.put(name, updated);
    }
    if (!dropped.isEmpty()) {
      partitionDrops.put(name, dropped);
    }
  }

  private void planGone(CrawledTable table, List<CrawledTable> updates, List<String> drops) {
    switch (configuration.deleteBehavior()) {
      case DELETE_FROM_DATABASE -> drops.add(table.name());
      case DEPRECATE_IN_DATABASE -> {
        Map<String, String> parameters = new HashMap<>(table.parameters());
        parameters.put(DEPRECATED_BY_CRAWLER, nextDeprecation(table.parameters()));
        updates.add(renamed(table, table.name(), parameters));
      }
      case LOG ->
          log.accept(
              "Table "
                  + table.name()
                  + ": its data at "
                  + table.location()
                  + " is gone; kept under DeleteBehavior LOG");
    }
  }

  /**
   * A table is this crawler's to delete when the crawler made it and it lies under one of the
   * targets just crawled.
   */
  private boolean isGone(CrawledTable table, List<String> targetLocations) {
    if (!configuration.name().equals(table.parameters().get(UPDATED_BY_CRAWLER))) {
      return false;
    }
    String location = normalize(table.location());
    for (String target : targetLocations) {
      String root = normalize(target);
      if (location.equals(root) || location.startsWith(root + "/")) {
        return true;
      }
    }
    return false;
  }

  /** Glue counts in {@code DEPRECATED_BY_CRAWLER} the crawls that found the data gone, from 1. */
  private static String nextDeprecation(Map<String, String> parameters) {
    String value = parameters.get(DEPRECATED_BY_CRAWLER);
    try {
      return value == null ? "1" : String.valueOf(Long.parseLong(value.strip()) + 1);
    } catch (NumberFormatException e) {
      return "1";
    }
  }

  private String uniqueName(CrawledTable table, Set<String> taken) {
    String name = tableName(configuration.tablePrefix(), table.name());
    if (!taken.contains(name)) {
      return name;
    }
    // Glue's rule on a clash: the name gets a hash suffix, here of the table's location.
    return name + "_" + hash(table.location());
  }

  /**
   * Glue's table name: lower case, every character but letters, digits and {@code _} turned to
   * {@code _}, the crawler's prefix before it.
   */
  static String tableName(String prefix, String base) {
    String name = (prefix + base).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
    }
    return out.toString();
  }

  private static String hash(String location) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  static String normalize(String location) {
    String trimmed = location.strip();
    while (trimmed.endsWith("/") && !trimmed.endsWith("//")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.startsWith("file:///")) {
      trimmed = "file:/" + trimmed.substring("file:///".length());
    }
    return trimmed;
  }

  private static boolean containsAll(Map<String, String> actual, Map<String, String> expected) {
    for (Map.Entry<String, String> entry : expected.entrySet()) {
      if (!Objects.equals(actual.get(entry.getKey()), entry.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** What differs in schema or storage, for a log line; empty when nothing does. */
  private static String describeChange(CrawledTable current, CrawledTable crawled) {
    List<String> changes = describeColumns(current.columns(), crawled.columns());
    if (!current.partitionKeys().equals(crawled.partitionKeys())) {
      changes.add(
          "partition keys "
              + names(current.partitionKeys())
              + " → "
              + names(crawled.partitionKeys()));
    }
    describeStorage(
        changes,
        List.of(current.inputFormat(), current.outputFormat(), current.serdeLibrary()),
        List.of(crawled.inputFormat(), crawled.outputFormat(), crawled.serdeLibrary()),
        current.serdeParameters(),
        crawled.serdeParameters());
    return String.join("; ", changes);
  }

  private static String describeChange(CrawledPartition current, CrawledPartition crawled) {
    List<String> changes = describeColumns(current.columns(), crawled.columns());
    describeStorage(
        changes,
        List.of(current.inputFormat(), current.outputFormat(), current.serdeLibrary()),
        List.of(crawled.inputFormat(), crawled.outputFormat(), crawled.serdeLibrary()),
        current.serdeParameters(),
        crawled.serdeParameters());
    if (!normalize(current.location()).equals(normalize(crawled.location()))) {
      changes.add("location " + current.location() + " → " + crawled.location());
    }
    return String.join("; ", changes);
  }

  private static void describeStorage(
      List<String> changes,
      List<String> current,
      List<String> crawled,
      Map<String, String> currentSerde,
      Map<String, String> crawledSerde) {
    if (!current.equals(crawled)) {
      changes.add("storage " + current + " → " + crawled);
    }
    if (!currentSerde.equals(crawledSerde)) {
      changes.add("serde parameters " + currentSerde + " → " + crawledSerde);
    }
  }

  private static List<String> describeColumns(List<Column> current, List<Column> crawled) {
    List<String> changes = new ArrayList<>();
    Map<String, String> before = new LinkedHashMap<>();
    for (Column column : current) {
      before.put(column.name().toLowerCase(Locale.ROOT), column.type());
    }
    Map<String, String> after = new LinkedHashMap<>();
    for (Column column : crawled) {
      after.put(column.name().toLowerCase(Locale.ROOT), column.type());
    }
    for (Map.Entry<String, String> column : after.entrySet()) {
      String old = before.get(column.getKey());
      if (old == null) {
        changes.add("column " + column.getKey() + " " + column.getValue() + " added");
      } else if (!old.equalsIgnoreCase(column.getValue())) {
        changes.add("column " + column.getKey() + " " + old + " → " + column.getValue());
      }
    }
    for (String name : before.keySet()) {
      if (!after.containsKey(name)) {
        changes.add("column " + name + " removed");
      }
    }
    if (changes.isEmpty()
        && !before.keySet().stream().toList().equals(after.keySet().stream().toList())) {
      changes.add("columns reordered");
    }
    return changes;
  }

  private static List<String> names(List<Column> columns) {
    return columns.stream().map(Column::name).toList();
  }

  private static CrawledTable renamed(
      CrawledTable table, String name, Map<String, String> parameters) {
    return new CrawledTable(
        name,
        table.location(),
        table.columns(),
        table.partitionKeys(),
        table.inputFormat(),
        table.outputFormat(),
        table.serdeLibrary(),
        table.serdeParameters(),
        parameters);
  }

  private static CrawledPartition withParameters(
      CrawledPartition partition, Map<String, String> parameters) {
    return new CrawledPartition(
        partition.values(),
        partition.location(),
        partition.columns(),
        partition.inputFormat(),
        partition.outputFormat(),
        partition.serdeLibrary(),
        partition.serdeParameters(),
        parameters);
  }
}
