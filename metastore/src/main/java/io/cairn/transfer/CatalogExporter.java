package io.cairn.transfer;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.Catalog;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Function;
import io.cairn.catalog.NoSuchDatabaseException;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableVersion;
import io.cairn.service.ResourceArns;
import io.cairn.store.StoreTransaction;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes one export document from one read transaction. Partitions are read and written a page at a
 * time, so memory holds one page of partitions, never a whole table's.
 */
final class CatalogExporter {
  private static final int DATABASE_PAGE_SIZE = 100;
  private static final int TABLE_PAGE_SIZE = 100;
  private static final int VERSION_PAGE_SIZE = 100;
  private static final int FUNCTION_PAGE_SIZE = 100;

  private final StoreTransaction transaction;
  private final ObjectMapper mapper;
  private final JsonGenerator generator;
  private final String defaultCatalog;
  private final ResourceArns arns;
  private final int partitionPageSize;
  private final ProgressListener progress;

  private long databases;
  private long tables;
  private long partitions;

  CatalogExporter(
      StoreTransaction transaction,
      ObjectMapper mapper,
      JsonGenerator generator,
      String defaultCatalog,
      ResourceArns arns,
      int partitionPageSize,
      ProgressListener progress) {
    this.transaction = requireNonNull(transaction, "transaction is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.generator = requireNonNull(generator, "generator is null");
    this.defaultCatalog = requireNonNull(defaultCatalog, "defaultCatalog is null");
    this.arns = requireNonNull(arns, "arns is null");
    this.partitionPageSize = partitionPageSize;
    this.progress = requireNonNull(progress, "progress is null");
  }

  /** Exports the selected databases, or all of them when {@code selection} is empty. */
  TransferSummary export(Instant exportedAt, Set<DatabaseName> selection) throws IOException {
    // Check the selection before writing anything, so that a wrong name leaves no partial output.
    List<Catalog> catalogs = new ArrayList<>();
    for (Catalog catalog : transaction.listCatalogs()) {
      if (selection.isEmpty()
          || selection.stream().anyMatch(name -> name.catalog().equals(catalog.name()))) {
        catalogs.add(catalog);
      }
    }
    for (DatabaseName name : selection) {
      if (transaction.loadDatabase(name).isEmpty()) {
        throw new NoSuchDatabaseException("database " + name + " does not exist");
      }
    }

    generator.writeStartObject();
    generator.writeStringField("format", CatalogTransfer.FORMAT);
    generator.writeNumberField("formatVersion", CatalogTransfer.FORMAT_VERSION);
    generator.writeStringField("exportedAt", exportedAt.toString());
    generator.writeArrayFieldStart("catalogs");
    for (Catalog catalog : catalogs) {
      writeCatalog(catalog);
    }
    generator.writeEndArray();
    generator.writeArrayFieldStart("databases");
    if (selection.isEmpty()) {
      for (Catalog catalog : catalogs) {
        String token = null;
        do {
          Page<Database> page =
              transaction.listDatabases(
                  catalog.name(), null, new PageRequest(token, DATABASE_PAGE_SIZE));
          for (Database database : page.items()) {
            writeDatabase(database);
          }
          token = page.nextToken();
        } while (token != null);
      }
    } else {
      Set<DatabaseName> ordered =
          new TreeSet<>(
              Comparator.comparing(DatabaseName::catalog).thenComparing(DatabaseName::database));
      ordered.addAll(selection);
      for (DatabaseName name : ordered) {
        writeDatabase(
            transaction
                .loadDatabase(name)
                .orElseThrow(() -> new NoSuchEntityException("database " + name + " vanished")));
      }
    }
    generator.writeEndArray();
    generator.writeEndObject();
    generator.flush();
    return new TransferSummary(databases, tables, partitions);
  }

  private void writeCatalog(Catalog catalog) throws IOException {
    generator.writeStartObject();
    writeFields(mapper.valueToTree(catalog));
    // Tags address the default catalog only: its ARN names no catalog.
    if (catalog.name().equals(defaultCatalog)) {
      writeTags(arns.catalog());
    }
    generator.writeEndObject();
  }

  private void writeDatabase(Database database) throws IOException {
    generator.writeStartObject();
    writeFields(mapper.valueToTree(database));
    if (isTaggable(database.name())) {
      writeTags(arns.database(database.name()));
    }
    boolean started = false;
    String token = null;
    do {
      Page<Table> page =
          transaction.listTables(database.name(), null, new PageRequest(token, TABLE_PAGE_SIZE));
      for (Table table : page.items()) {
        if (!started) {
          generator.writeArrayFieldStart("tables");
          started = true;
        }
        writeTable(table);
      }
      token = page.nextToken();
    } while (token != null);
    if (started) {
      generator.writeEndArray();
    }
    writeArray("functions", functions(database.name()));
    generator.writeEndObject();
    databases++;
  }

  /** The database's functions in name order. */
  private List<Function> functions(DatabaseName database) {
    List<Function> functions = new ArrayList<>();
    String token = null;
    do {
      Page<Function> page =
          transaction.listFunctions(database, null, new PageRequest(token, FUNCTION_PAGE_SIZE));
      functions.addAll(page.items());
      token = page.nextToken();
    } while (token != null);
    return functions;
  }

  private void writeTable(Table table) throws IOException {
    TableName name = table.name();
    generator.writeStartObject();
    writeFields(mapper.valueToTree(table));
    if (isTaggable(name.databaseName())) {
      writeTags(arns.table(name));
    }
    writeArray("versions", archivedVersions(table));
    writeArray("columnStatistics", transaction.loadColumnStatistics(name, null, null));
    writeArray("partitionIndexes", transaction.listPartitionIndexes(name));
    progress.tableStarted(name);
    long count = table.isPartitioned() ? writePartitions(name) : 0;
    generator.writeEndObject();
    tables++;
    partitions += count;
    progress.tableFinished(name, count);
  }

  /** The archived versions, oldest first; the current version is the table itself. */
  private List<TableVersion> archivedVersions(Table table) {
    List<TableVersion> versions = new ArrayList<>();
    String token = null;
    do {
      Page<TableVersion> page =
          transaction.listTableVersions(table.name(), new PageRequest(token, VERSION_PAGE_SIZE));
      for (TableVersion version : page.items()) {
        if (version.versionId() != table.version()) {
          versions.add(version);
        }
      }
      token = page.nextToken();
    } while (token != null);
    versions.sort(Comparator.comparingLong(TableVersion::versionId));
    return versions;
  }

  private long writePartitions(TableName name) throws IOException {
    long count = 0;
    String token = null;
    do {
      Page<Partition> page =
          transaction.listPartitions(name, null, new PageRequest(token, partitionPageSize));
      Map<List<String>, List<ColumnStatistics>> statistics =
          transaction.loadPartitionColumnStatistics(
              name, page.items().stream().map(Partition::values).toList());
      for (Partition partition : page.items()) {
        if (count == 0) {
          generator.writeArrayFieldStart("partitions");
        }
        ObjectNode node = mapper.valueToTree(partition);
        // The enclosing table names it; repeating the name in every partition only costs space.
        node.remove("table");
        List<ColumnStatistics> partitionStatistics = statistics.get(partition.values());
        if (partitionStatistics != null) {
          node.set("columnStatistics", mapper.valueToTree(partitionStatistics));
        }
        generator.writeTree(node);
        count++;
      }
      if (!page.items().isEmpty()) {
        progress.partitionsTransferred(name, count);
      }
      token = page.nextToken();
    } while (token != null);
    if (count > 0) {
      generator.writeEndArray();
    }
    return count;
  }

  private boolean isTaggable(DatabaseName name) {
    return name.catalog().equals(defaultCatalog);
  }

  private void writeFields(ObjectNode node) throws IOException {
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      generator.writeFieldName(field.getKey());
      generator.writeTree(field.getValue());
    }
  }

  private void writeTags(String arn) throws IOException {
    Map<String, String> tags = transaction.loadTags(arn);
    if (!tags.isEmpty()) {
      generator.writeFieldName("tags");
      generator.writeTree(mapper.valueToTree(tags));
    }
  }

  private void writeArray(String field, List<?> values) throws IOException {
    if (!values.isEmpty()) {
      generator.writeFieldName(field);
      generator.writeTree(mapper.valueToTree(values));
    }
  }
}
