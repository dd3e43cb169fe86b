package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import io.cairn.classifiers.Classifier;
import io.cairn.classifiers.Classifiers;
import io.cairn.classifiers.Column;
import io.cairn.crawlers.FolderClassifier.FolderContent;
import io.cairn.crawlers.Grouper.Candidate;
import io.cairn.crawlers.Grouper.Part;
import io.cairn.crawlers.Planner.Found;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Glue's crawler: walks the targets, classifies a sample of each folder's files, groups folders
 * into tables and partitions, compares them with the catalog under the crawler's policies and
 * applies every change in one {@link CrawlerCatalog#apply} call.
 */
public final class Crawler {
  /** The most messages a result keeps; a crawl of many bad files must not keep a line for each. */
  static final int MAX_MESSAGES = 1_000;

  private final Classifiers builtIn;
  private final Function<String, Storage> storages;

  public Crawler(Classifiers builtIn, S3Settings s3) {
    this(builtIn, storages(requireNonNull(s3, "s3 is null")));
  }

  private static Function<String, Storage> storages(S3Settings s3) {
    return path -> Storage.open(path, s3);
  }

  /** With the storage of each target path opened by {@code storages}; for tests that count. */
  Crawler(Classifiers builtIn, Function<String, Storage> storages) {
    this.builtIn = requireNonNull(builtIn, "builtIn is null");
    this.storages = requireNonNull(storages, "storages is null");
  }

  /**
   * Runs one crawl. {@code stopRequested} is polled between files; once it is true the crawl ends
   * with {@link CrawlStoppedException} and the catalog unchanged.
   *
   * @throws CrawlStoppedException when stopped before the catalog was changed
   * @throws java.io.UncheckedIOException when a target cannot be listed
   * @throws IllegalArgumentException when the configuration cannot be crawled (no targets, a bad
   *     exclusion glob, a table level above a target) or the database does not exist
   */
  public CrawlResult crawl(
      CrawlerConfiguration configuration,
      CrawlerCatalog catalog,
      CrawlListener listener,
      BooleanSupplier stopRequested) {
    requireNonNull(configuration, "configuration is null");
    requireNonNull(catalog, "catalog is null");
    requireNonNull(listener, "listener is null");
    requireNonNull(stopRequested, "stopRequested is null");
    if (configuration.targets().isEmpty()) {
      throw new IllegalArgumentException("crawler " + configuration.name() + " has no targets");
    }
    for (CrawlTarget target : configuration.targets()) {
      Walker.matchers(target.exclusions());
    }
    long started = System.nanoTime();
    Run run = new Run(configuration, catalog, listener, stopRequested);
    List<CrawledTable> existing = catalog.listTables(configuration.databaseName());
    run.existing = existing;
    for (CrawlTarget target : configuration.targets()) {
      run.crawl(target);
    }
    Planner planner = new Planner(configuration, existing, run::partitionsOf, run::log);
    CrawlChanges changes =
        planner.plan(
            run.found,
            run.targetLocations,
            run.newPartitions,
            configuration.recrawlBehavior() == RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY);
    if (stopRequested.getAsBoolean()) {
      throw new CrawlStoppedException("crawl stopped before changing the catalog");
    }
    if (!changes.isEmpty()) {
      catalog.apply(configuration.databaseName(), changes);
    }
    return new CrawlResult(
        changes.createTables().size(),
        changes.updateTables().size(),
        changes.dropTables().size(),
        count(changes.addPartitions()),
        count(changes.updatePartitions()),
        count(changes.dropPartitions()),
        run.filesListed,
        run.filesRead,
        run.bytesRead,
        Duration.ofNanos(System.nanoTime() - started),
        run.messages);
  }

  private static int count(Map<String, ? extends List<?>> byTable) {
    int count = 0;
    for (List<?> values : byTable.values()) {
      count += values.size();
    }
    return count;
  }

  /** The state of one crawl across its targets. */
  private final class Run {
    private final CrawlerConfiguration configuration;
    private final CrawlerCatalog catalog;
    private final CrawlListener listener;
    private final BooleanSupplier stopRequested;
    private final Classifiers classifiers;
    private final List<String> messages = new ArrayList<>();
    private final Map<String, List<CrawledPartition>> partitions = new HashMap<>();
    private final List<Found> found = new ArrayList<>();
    private final List<String> targetLocations = new ArrayList<>();
    private final Map<String, List<CrawledPartition>> newPartitions = new LinkedHashMap<>();
    private List<CrawledTable> existing = List.of();
    private int messagesLeftOut;
    private long filesListed;
    private long filesRead;
    private long bytesRead;

    Run(
        CrawlerConfiguration configuration,
        CrawlerCatalog catalog,
        CrawlListener listener,
        BooleanSupplier stopRequested) {
      this.configuration = configuration;
      this.catalog = catalog;
      this.listener = listener;
      this.stopRequested = stopRequested;
      List<Classifier> ordered = new ArrayList<>(configuration.customClassifiers());
      ordered.addAll(builtIn.classifiers());
      this.classifiers = new Classifiers(ordered);
    }

    void log(String message) {
      listener.log(message);
      if (messages.size() < MAX_MESSAGES - 1) {
        messages.add(message);
      } else {
        messagesLeftOut++;
        String more = "… and " + messagesLeftOut + " more messages";
        if (messages.size() == MAX_MESSAGES) {
          messages.set(MAX_MESSAGES - 1, more);
        } else {
          messages.add(more);
        }
      }
    }

    List<CrawledPartition> partitionsOf(String table) {
      return partitions.computeIfAbsent(
          table, name -> catalog.listPartitions(configuration.databaseName(), name));
    }

    void crawl(CrawlTarget target) {
      Storage storage = storages.apply(target.path());
      try (storage) {
        crawl(target, storage);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close the storage of " + target.path(), e);
      }
    }

    private void crawl(CrawlTarget target, Storage storage) {
      String targetLocation = storage.folderLocation("");
      targetLocations.add(targetLocation);
      int tableDepth = -1;
      if (configuration.tableLevel() > 0) {
        tableDepth = configuration.tableLevel() - storage.level("");
        if (tableDepth < 0) {
          throw new IllegalArgumentException(
              "table level "
                  + configuration.tableLevel()
                  + " is above the target "
                  + target.path()
                  + ", which is at level "
                  + storage.level(""));
        }
      }
      boolean newFoldersOnly =
          configuration.recrawlBehavior() == RecrawlBehavior.CRAWL_NEW_FOLDERS_ONLY;
      Known known = newFoldersOnly ? known(targetLocation) : new Known();
      if (known.folders.contains("")) {
        return;
      }
      long listedBefore = filesListed;
      Walker walker =
          new Walker(
              storage,
              target.exclusions(),
              known.folders,
              known.files,
              stopRequested,
              files -> listener.listed(listedBefore + files));
      Folder root = walker.walk();
      filesListed += walker.filesListed();
      List<Folder> withFiles = new ArrayList<>();
      collectWithFiles(root, withFiles);
      FolderClassifier folderClassifier =
          new FolderClassifier(
              classifiers,
              storage,
              storage.parallelism(),
              configuration.combineCompatibleSchemas(),
              stopRequested,
              listener,
              this::log);
      Map<String, FolderContent> contents;
      try {
        contents = folderClassifier.classify(withFiles, target.sampleSize());
      } finally {
        filesRead += folderClassifier.filesRead();
        bytesRead += folderClassifier.bytesRead();
      }
      for (Map.Entry<String, CrawledTable> table : known.partitionedTables.entrySet()) {
        Folder folder = find(root, table.getKey());
        if (folder != null) {
          addNewPartitions(table.getValue(), folder, contents, storage);
        }
      }
      Folder remaining = prune(root, known.partitionedTables.keySet());
      if (remaining == null) {
        return;
      }
      Grouper grouper = new Grouper(contents, configuration.combineCompatibleSchemas(), tableDepth);
      String targetName = lastSegment(Planner.normalize(targetLocation));
      for (Candidate candidate : grouper.tables(remaining)) {
        found.add(toFound(candidate, storage, targetName));
      }
    }

    /** Catalog locations under the target, relative to it; only for CRAWL_NEW_FOLDERS_ONLY. */
    private Known known(String targetLocation) {
      Known known = new Known();
      String root = Planner.normalize(targetLocation);
      for (CrawledTable table : existing) {
        String relative = relative(root, table.location());
        if (relative == null) {
          continue;
        }
        if (table.partitionKeys().isEmpty()) {
          // A table's location is a folder or, for a table of one file, that file.
          known.folders.add(relative);
          known.files.add(relative);
          continue;
        }
        known.partitionedTables.put(relative, table);
        for (CrawledPartition partition : partitionsOf(table.name())) {
          String partitionFolder = relative(root, partition.location());
          if (partitionFolder != null) {
            known.folders.add(partitionFolder);
          }
        }
      }
      return known;
    }

    /** New folders under a partitioned table of the catalog become its partitions. */
    private void addNewPartitions(
        CrawledTable table,
        Folder tableRoot,
        Map<String, FolderContent> contents,
        Storage storage) {
      int depth = table.partitionKeys().size();
      List<CrawledPartition> added = new ArrayList<>();
      List<Folder> leaves = new ArrayList<>();
      collectWithFiles(tableRoot, leaves);
      for (Folder leaf : leaves) {
        FolderContent content = contents.get(leaf.path());
        if (content == null || content.schema() == null) {
          continue;
        }
        List<String> names =
            leaf.path().equals(tableRoot.path())
                ? List.of()
                : List.of(leaf.path().substring(prefixLength(tableRoot.path())).split("/"));
        if (names.size() != depth) {
          log(
              "New folder "
                  + storage.folderLocation(leaf.path())
                  + " is not "
                  + depth
                  + " folders below table "
                  + table.name()
                  + "; left out");
          continue;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
          values.add(value(names.get(i), table.partitionKeys().get(i).name()));
        }
        added.add(partition(values, storage.folderLocation(leaf.path()), content.schema()));
      }
      if (!added.isEmpty()) {
        newPartitions.put(table.name(), added);
      }
    }

    private Found toFound(Candidate candidate, Storage storage, String targetName) {
      Schema schema = candidate.schema();
      String location =
          candidate.file()
              ? storage.fileLocation(candidate.path())
              : storage.folderLocation(candidate.path());
      String base = candidate.path().isEmpty() ? targetName : lastSegment(candidate.path());
      List<Column> keys = partitionKeys(candidate);
      CrawledTable table =
          new CrawledTable(
              base,
              location,
              schema.columns(),
              keys,
              schema.format().inputFormat(),
              schema.format().outputFormat(),
              schema.format().serdeLibrary(),
              serdeParameters(schema),
              parameters(schema, configuration.name()));
      List<CrawledPartition> partitions = new ArrayList<>();
      if (!keys.isEmpty()) {
        for (Part part : candidate.parts()) {
          List<String> values = new ArrayList<>();
          for (int i = 0; i < keys.size(); i++) {
            values.add(value(part.folderNames().get(i), keys.get(i).name()));
          }
          partitions.add(
              partition(values, storage.folderLocation(part.folderPath()), part.schema()));
        }
      }
      return new Found(table, partitions);
    }

    private CrawledPartition partition(List<String> values, String location, Schema schema) {
      Map<String, String> parameters = parameters(schema, null);
      return new CrawledPartition(
          values,
          location,
          schema.columns(),
          schema.format().inputFormat(),
          schema.format().outputFormat(),
          schema.format().serdeLibrary(),
          serdeParameters(schema),
          parameters);
    }
  }

  /** Folders and files of the catalog under one target, relative to it. */
  private static final class Known {
    private final Set<String> folders = new HashSet<>();
    private final Set<String> files = new HashSet<>();
    private final Map<String, CrawledTable> partitionedTables = new LinkedHashMap<>();
  }

  /**
   * Glue's partition keys: {@code key} for a level whose folders are all {@code key=value},
   * otherwise {@code partition_<level>} from 0; all of type string.
   */
  static List<Column> partitionKeys(Candidate candidate) {
    List<Column> keys = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (Column column : candidate.schema().columns()) {
      used.add(column.name().toLowerCase(Locale.ROOT));
    }
    for (int level = 0; level < candidate.partitionDepth(); level++) {
      String key = null;
      for (Part part : candidate.parts()) {
        String name = part.folderNames().get(level);
        int equals = name.indexOf('=');
        String partKey = equals <= 0 ? null : name.substring(0, equals).toLowerCase(Locale.ROOT);
        if (partKey == null || (key != null && !key.equals(partKey))) {
          key = null;
          break;
        }
        key = partKey;
      }
      // A key must not repeat a column or another key: Hive refuses such a table.
      if (key == null || !used.add(key)) {
        key = "partition_" + level;
        used.add(key);
      }
      keys.add(new Column(key, "string"));
    }
    return keys;
  }

  /** The value of a partition folder: what follows {@code key=}, unescaped as Hive does. */
  static String value(String folderName, String key) {
    int equals = folderName.indexOf('=');
    if (equals > 0 && folderName.substring(0, equals).equalsIgnoreCase(key)) {
      return unescape(folderName.substring(equals + 1));
    }
    return folderName;
  }

  private static String unescape(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    try {
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }

  /**
   * The parameters Glue writes: the classifier's (classification, compressionType, typeOfData,
   * delimiter, skip.header.line.count, …), the counts, and on tables {@code UPDATED_BY_CRAWLER}.
   *
   * @param crawler the crawler's name for a table, {@code null} for a partition
   */
  static Map<String, String> parameters(Schema schema, String crawler) {
    Map<String, String> parameters = new HashMap<>(schema.format().parameters());
    parameters.remove("recordCount");
    parameters.remove("averageRecordSize");
    parameters.put("classification", schema.format().classification());
    parameters.putIfAbsent("compressionType", "none");
    parameters.putIfAbsent("typeOfData", "file");
    Schema.Statistics statistics = schema.statistics();
    parameters.put("objectCount", String.valueOf(statistics.objectCount()));
    parameters.put("sizeKey", String.valueOf(statistics.sizeKey()));
    if (statistics.measured()) {
      parameters.put("recordCount", String.valueOf(statistics.recordCount()));
      parameters.put("averageRecordSize", String.valueOf(statistics.averageRecordSize()));
    }
    parameters.put("CrawlerSchemaDeserializerVersion", "1.0");
    parameters.put("CrawlerSchemaSerializerVersion", "1.0");
    if (crawler != null) {
      parameters.put(Planner.UPDATED_BY_CRAWLER, crawler);
    }
    return parameters;
  }

  /** The OpenX JSON SerDe's {@code paths} name every top-level column of the merged schema. */
  private static Map<String, String> serdeParameters(Schema schema) {
    Map<String, String> serde = schema.format().serdeParameters();
    if (!serde.containsKey("paths")) {
      return serde;
    }
    Map<String, String> merged = new HashMap<>(serde);
    merged.put("paths", String.join(",", schema.columns().stream().map(Column::name).toList()));
    return merged;
  }

  private static void collectWithFiles(Folder folder, List<Folder> into) {
    if (!folder.files().isEmpty()) {
      into.add(folder);
    }
    for (Folder child : folder.children()) {
      collectWithFiles(child, into);
    }
  }

  private static Folder find(Folder folder, String path) {
    if (folder.path().equals(path)) {
      return folder;
    }
    for (Folder child : folder.children()) {
      if (path.startsWith(prefixOf(child.path())) || path.equals(child.path())) {
        Folder found = find(child, path);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** {@code folder} without the sub-trees at {@code paths}; {@code null} if nothing is left. */
  private static Folder prune(Folder folder, Set<String> paths) {
    if (paths.contains(folder.path())) {
      return null;
    }
    if (paths.isEmpty()) {
      return folder;
    }
    List<Folder> children = new ArrayList<>();
    boolean pruned = false;
    for (Folder child : folder.children()) {
      Folder kept = prune(child, paths);
      if (kept == null || (kept.files().isEmpty() && kept.children().isEmpty())) {
        pruned = true;
      } else {
        children.add(kept);
        pruned |= kept.holdsKnownLocation();
      }
    }
    return new Folder(
        folder.path(), folder.files(), children, folder.holdsKnownLocation() || pruned);
  }

  private static String prefixOf(String path) {
    return path.isEmpty() ? "" : path + "/";
  }

  private static int prefixLength(String path) {
    return prefixOf(path).length();
  }

  /** {@code location} relative to {@code root}, or {@code null} when it is not under it. */
  private static String relative(String root, String location) {
    String normalized = Planner.normalize(location);
    if (normalized.equals(root)) {
      return "";
    }
    return normalized.startsWith(root + "/") ? normalized.substring(root.length() + 1) : null;
  }

  private static String lastSegment(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
