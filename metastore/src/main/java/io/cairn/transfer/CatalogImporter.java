package io.cairn.transfer;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.AlreadyExistsException;
import io.cairn.catalog.Catalog;
import io.cairn.catalog.CatalogException;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Function;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PartitionIndex;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableVersion;
import io.cairn.catalog.ValidationException;
import io.cairn.service.CatalogValidator;
import io.cairn.service.ResourceArns;
import io.cairn.store.StoreTransaction;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an export document as a stream and writes it into one store transaction. Every object is
 * validated by {@link CatalogValidator}, the rules of every other write, and written with the
 * document's times and versions; times the document lacks are the import's start. The first problem
 * stops the import with a {@link CatalogImportException} that names its place in the document, and
 * the caller's transaction rolls everything back. The notification events of what it wrote are
 * appended last ({@link ImportEvents}).
 *
 * <p>Streaming needs some order: a database's own fields come before its {@code tables}, a table's
 * own fields and {@code versions} before its {@code partitions}, and {@code catalogs} before {@code
 * databases}. Tags, functions, statistics and indexes may come anywhere in their object. Exports
 * are written in this order.
 */
final class CatalogImporter {
  private final StoreTransaction transaction;
  private final JsonParser parser;
  private final ObjectMapper mapper;
  private final String defaultCatalog;
  private final ResourceArns arns;
  private final Set<DatabaseName> selection;
  private final ImportMode mode;
  private final int batchSize;
  private final ProgressListener progress;
  private final ImportEvents events;
  private final Instant now;

  private final ObjectReader treeReader;
  private final JavaType tagsType;
  private final JavaType versionsType;
  private final JavaType statisticsType;
  private final JavaType indexesType;
  private final JavaType functionsType;

  private final Map<String, Catalog> documentCatalogs = new LinkedHashMap<>();
  private final Set<String> ensuredCatalogs = new HashSet<>();
  private final Set<DatabaseName> importedDatabases = new HashSet<>();
  private final Set<TableName> importedTables = new HashSet<>();
  private boolean formatSeen;
  private boolean formatVersionSeen;
  private long tables;
  private long partitions;

  CatalogImporter(
      StoreTransaction transaction,
      JsonParser parser,
      ObjectMapper mapper,
      String defaultCatalog,
      ResourceArns arns,
      Clock clock,
      Set<DatabaseName> selection,
      ImportMode mode,
      int batchSize,
      ProgressListener progress,
      ImportEvents events) {
    this.transaction = requireNonNull(transaction, "transaction is null");
    this.parser = requireNonNull(parser, "parser is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.defaultCatalog = requireNonNull(defaultCatalog, "defaultCatalog is null");
    this.arns = requireNonNull(arns, "arns is null");
    this.selection = Set.copyOf(selection);
    this.mode = requireNonNull(mode, "mode is null");
    this.batchSize = batchSize;
    this.progress = requireNonNull(progress, "progress is null");
    this.events = requireNonNull(events, "events is null");
    this.now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    // The document goes on after each value read from it.
    this.treeReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.tagsType = mapper.getTypeFactory().constructMapType(Map.class, String.class, String.class);
    this.versionsType =
        mapper.getTypeFactory().constructCollectionType(List.class, TableVersion.class);
    this.statisticsType =
        mapper.getTypeFactory().constructCollectionType(List.class, ColumnStatistics.class);
    this.indexesType =
        mapper.getTypeFactory().constructCollectionType(List.class, PartitionIndex.class);
    this.functionsType =
        mapper.getTypeFactory().constructCollectionType(List.class, Function.class);
  }

  TransferSummary run() throws IOException {
    try {
      readDocument();
    } catch (JsonProcessingException e) {
      // Syntax errors: the parser knows where it stopped.
      throw new CatalogImportException(
          "invalid JSON: "
              + e.getOriginalMessage()
              + " (at "
              + new Where(e.getLocation(), pointer(parser.getParsingContext()))
              + ")",
          e);
    }
    events.append();
    return new TransferSummary(importedDatabases.size(), tables, partitions);
  }

  private void readDocument() throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw invalid(here(), "a Cairn catalog export is a JSON object", null);
    }
    while (nextField()) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "format" -> {
          String format = readText(field);
          if (!CatalogTransfer.FORMAT.equals(format)) {
            throw invalid(
                here(),
                "not a Cairn catalog export: format is '"
                    + format
                    + "', expected '"
                    + CatalogTransfer.FORMAT
                    + "'",
                null);
          }
          formatSeen = true;
        }
        case "formatVersion" -> {
          if (!parser.hasToken(JsonToken.VALUE_NUMBER_INT)
              || parser.getLongValue() != CatalogTransfer.FORMAT_VERSION) {
            throw invalid(
                here(),
                "unsupported formatVersion "
                    + parser.getText()
                    + "; this version of Cairn reads formatVersion "
                    + CatalogTransfer.FORMAT_VERSION,
                null);
          }
          formatVersionSeen = true;
        }
        case "exportedAt" -> {
          String exportedAt = readText(field);
          try {
            Instant.parse(exportedAt);
          } catch (DateTimeParseException e) {
            throw invalid(here(), "exportedAt is not an ISO-8601 instant: " + exportedAt, e);
          }
        }
        case "catalogs" -> {
          requireHeader();
          readCatalogs();
        }
        case "databases" -> {
          requireHeader();
          readDatabases();
        }
        default ->
            throw unknownField(field, "format, formatVersion, exportedAt, catalogs, databases");
      }
    }
    requireHeader();
    if (parser.nextToken() != null) {
      throw invalid(here(), "content after the end of the document", null);
    }
    for (DatabaseName name : selection) {
      if (!importedDatabases.contains(name)) {
        throw new CatalogImportException("database " + name + " is not in the document", null);
      }
    }
  }

  private void requireHeader() {
    if (!formatSeen || !formatVersionSeen) {
      throw invalid(
          here(),
          "not a Cairn catalog export: the document must start with \"format\": \""
              + CatalogTransfer.FORMAT
              + "\" and \"formatVersion\"",
          null);
    }
  }

  // Catalogs

  private void readCatalogs() throws IOException {
    expectArray("catalogs");
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      Where where = expectObject("catalog");
      ObjectNode node = readTree();
      JsonNode tagsNode = node.remove("tags");
      Catalog catalog = convert(node, Catalog.class, where, "catalog");
      Map<String, String> tags = convertTags(tagsNode, where);
      if (documentCatalogs.putIfAbsent(catalog.name(), catalog) != null) {
        throw invalid(where, "catalog " + catalog.name() + " appears twice in the document", null);
      }
      // A selective import brings databases, not catalog-wide settings such as tags.
      if (selection.isEmpty()) {
        try {
          ensureCatalog(catalog.name());
          if (!tags.isEmpty()) {
            if (!catalog.name().equals(defaultCatalog)) {
              throw new ValidationException(
                  "only the default catalog ("
                      + defaultCatalog
                      + ") has tags; catalog "
                      + catalog.name()
                      + " cannot have any");
            }
            putTags(arns.catalog(), tags);
          }
        } catch (CatalogException e) {
          throw invalid(where, "catalog " + catalog.name() + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /** Creates the catalog from the document if the target lacks it. */
  private void ensureCatalog(String name) {
    if (ensuredCatalogs.add(name) && transaction.loadCatalog(name).isEmpty()) {
      Catalog catalog = documentCatalogs.get(name);
      if (catalog != null) {
        transaction.createCatalog(catalog);
      } else if (name.equals(defaultCatalog)) {
        transaction.createCatalog(new Catalog(defaultCatalog, "Default catalog", null, now));
      } else {
        throw new NoSuchEntityException("catalog " + name + " does not exist");
      }
    }
  }

  // Databases

  private void readDatabases() throws IOException {
    expectArray("databases");
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      readDatabase();
    }
  }

  private void readDatabase() throws IOException {
    Where where = expectObject("database");
    ObjectNode fields = mapper.createObjectNode();
    JsonNode tags = null;
    JsonNode functions = null;
    Database database = null;
    boolean created = false;
    while (nextField()) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "tags" -> tags = readTree();
        case "functions" -> functions = readTree();
        case "tables" -> {
          database = createDatabase(fields, where);
          created = true;
          if (database == null) {
            parser.skipChildren();
          } else {
            readTables(database);
          }
        }
        default -> {
          requireBefore(created, field, "tables");
          fields.set(field, readTree());
        }
      }
    }
    if (!created) {
      database = createDatabase(fields, where);
    }
    if (database != null) {
      createFunctions(database.name(), functions, where);
      Map<String, String> tagMap = convertTags(tags, where);
      if (!tagMap.isEmpty()) {
        try {
          requireTaggable(database.name());
          putTags(arns.database(database.name()), tagMap);
        } catch (CatalogException e) {
          throw invalid(where, "database " + database.name() + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /** Creates the database, or returns null if the import does not select it. */
  private Database createDatabase(ObjectNode fields, Where where) {
    defaultTimes(fields, "createTime");
    Database database = convert(fields, Database.class, where, "database");
    DatabaseName name = database.name();
    if (!selection.isEmpty() && !selection.contains(name)) {
      return null;
    }
    if (!importedDatabases.add(name)) {
      throw invalid(where, "database " + name + " appears twice in the document", null);
    }
    try {
      ensureCatalog(name.catalog());
      Database replaced = transaction.loadDatabase(name).orElse(null);
      if (replaced != null) {
        if (mode == ImportMode.FAIL_IF_EXISTS) {
          AlreadyExistsException conflict =
              new AlreadyExistsException(
                  "database "
                      + name
                      + " exists already (importing with --replace drops and re-creates it)");
          throw invalid(where, conflict.getMessage(), conflict);
        }
        // As CatalogService.dropDatabase does: the tags of the database and its tables go too.
        transaction.dropDatabase(name);
        transaction.removeAllTags(arns.database(name));
        transaction.removeAllTags(arns.tablesOf(name));
      }
      // An exported catalog may hold Iceberg REST nested namespaces (databases named a.b).
      Database validated = CatalogValidator.nestedDatabase(database);
      transaction.createDatabase(validated);
      events.databaseCreated(name, replaced);
      return validated;
    } catch (CatalogException e) {
      throw invalid(where, "database " + name + ": " + e.getMessage(), e);
    }
  }

  private void createFunctions(DatabaseName database, JsonNode functions, Where where) {
    if (functions != null) {
      functions.forEach(function -> defaultTimes(function, "createTime"));
    }
    List<Function> converted = convertList(functions, functionsType, where, "functions");
    for (Function function : converted) {
      if (!function.name().databaseName().equals(database)) {
        throw invalid(
            where, "function " + function.name() + " is listed under database " + database, null);
      }
      try {
        transaction.createFunction(CatalogValidator.function(function));
      } catch (CatalogException e) {
        throw invalid(where, "function " + function.name() + ": " + e.getMessage(), e);
      }
    }
  }

  // Tables

  private void readTables(Database database) throws IOException {
    expectArray("tables");
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      readTable(database.name());
    }
  }

  private void readTable(DatabaseName database) throws IOException {
    TableParts parts = new TableParts(expectObject("table"), mapper.createObjectNode());
    Table table = null;
    long count = 0;
    while (nextField()) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "tags" -> parts.tags = readTree();
        case "columnStatistics" -> parts.statistics = readTree();
        case "partitionIndexes" -> parts.indexes = readTree();
        case "partitions" -> {
          table = createTable(database, parts);
          count = readPartitions(table);
        }
        case "versions" -> {
          requireBefore(table != null, field, "partitions");
          parts.versions = readTree();
        }
        default -> {
          requireBefore(table != null, field, "partitions");
          parts.fields.set(field, readTree());
        }
      }
    }
    if (table == null) {
      table = createTable(database, parts);
    }
    completeTable(table, parts);
    tables++;
    partitions += count;
    progress.tableFinished(table.name(), count);
  }

  /** Creates the table with its archived versions. */
  private Table createTable(DatabaseName database, TableParts parts) {
    Where where = parts.where;
    defaultTimes(parts.fields, "createTime", "updateTime");
    Table table = convert(parts.fields, Table.class, where, "table");
    TableName name = table.name();
    if (parts.versions != null) {
      parts.versions.forEach(
          version -> defaultTimes(version.get("table"), "createTime", "updateTime"));
    }
    List<TableVersion> versions = convertList(parts.versions, versionsType, where, "versions");
    if (!name.databaseName().equals(database)) {
      throw invalid(where, "table " + name + " is listed under database " + database, null);
    }
    if (!importedTables.add(name)) {
      throw invalid(where, "table " + name + " appears twice in the document", null);
    }
    try {
      Table current = CatalogValidator.table(table);
      transaction.createTable(current);
      for (TableVersion version : versions) {
        // Archived versions are kept under the table's current name, as the store does.
        Table archived =
            CatalogValidator.table(
                version.table().toBuilder().name(name).version(version.versionId()).build());
        transaction.createTableVersion(
            current.name(), new TableVersion(version.versionId(), archived));
      }
      progress.tableStarted(name);
      return current;
    } catch (CatalogException e) {
      throw invalid(where, "table " + name + ": " + e.getMessage(), e);
    }
  }

  /** Adds the table's indexes, statistics and tags, which may come before or after partitions. */
  private void completeTable(Table table, TableParts parts) {
    Where where = parts.where;
    List<ColumnStatistics> statistics = convertStatistics(parts.statistics, where);
    List<PartitionIndex> indexes =
        convertList(parts.indexes, indexesType, where, "partitionIndexes");
    Map<String, String> tags = convertTags(parts.tags, where);
    try {
      List<PartitionIndex> created = new ArrayList<>();
      for (PartitionIndex index : indexes) {
        PartitionIndex valid = CatalogValidator.partitionIndex(table, created, index);
        transaction.createPartitionIndex(table.name(), valid);
        created.add(valid);
      }
      if (!statistics.isEmpty()) {
        transaction.putColumnStatistics(
            table.name(), null, CatalogValidator.tableColumnStatistics(table, statistics));
      }
      if (!tags.isEmpty()) {
        requireTaggable(table.name().databaseName());
        putTags(arns.table(table.name()), tags);
      }
    } catch (CatalogException e) {
      throw invalid(where, "table " + table.name() + ": " + e.getMessage(), e);
    }
  }

  // Partitions

  private long readPartitions(Table table) throws IOException {
    expectArray("partitions");
    JsonNode tableName = mapper.valueToTree(table.name());
    List<PendingPartition> batch = new ArrayList<>(batchSize);
    long count = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      Where where = expectObject("partition");
      ObjectNode node = readTree();
      JsonNode statistics = node.remove("columnStatistics");
      if (node.has("table")) {
        throw invalid(
            where, "a partition has no 'table' field: it belongs to the table that lists it", null);
      }
      node.set("table", tableName);
      defaultTimes(node, "createTime");
      batch.add(
          new PendingPartition(
              convert(node, Partition.class, where, "partition"),
              convertStatistics(statistics, where),
              where));
      if (batch.size() == batchSize) {
        count += writeBatch(table, batch);
        batch.clear();
        progress.partitionsTransferred(table.name(), count);
      }
    }
    if (!batch.isEmpty()) {
      count += writeBatch(table, batch);
      progress.partitionsTransferred(table.name(), count);
    }
    return count;
  }

  private int writeBatch(Table table, List<PendingPartition> batch) {
    TableName name = table.name();
    List<Partition> validated = new ArrayList<>(batch.size());
    // Within a batch the store cannot say which partition repeats another; across batches it can.
    Set<List<String>> seen = new HashSet<>();
    for (PendingPartition pending : batch) {
      Partition partition = pending.partition();
      String what = "partition " + partition.values() + " of table " + name;
      try {
        validated.add(CatalogValidator.partition(table, partition));
      } catch (CatalogException e) {
        throw invalid(pending.where(), what + ": " + e.getMessage(), e);
      }
      if (!seen.add(partition.values())) {
        throw invalid(pending.where(), what + " appears twice in the document", null);
      }
    }
    try {
      transaction.addPartitions(name, validated);
    } catch (CatalogException e) {
      throw invalid(range(batch), "partitions of table " + name + ": " + e.getMessage(), e);
    }
    for (PendingPartition pending : batch) {
      if (!pending.statistics().isEmpty()) {
        List<String> values = pending.partition().values();
        try {
          transaction.putColumnStatistics(
              name,
              values,
              CatalogValidator.partitionColumnStatistics(table, pending.statistics()));
        } catch (CatalogException e) {
          throw invalid(
              pending.where(), "statistics of partition " + values + ": " + e.getMessage(), e);
        }
      }
    }
    return batch.size();
  }

  private static Where range(List<PendingPartition> batch) {
    Where first = batch.get(0).where();
    Where last = batch.get(batch.size() - 1).where();
    return new Where(first.location(), first.pointer() + " to " + last.pointer());
  }

  // Tags

  private void requireTaggable(DatabaseName database) {
    // Glue ARNs name no catalog, so only the default catalog's resources can be addressed.
    if (!database.catalog().equals(defaultCatalog)) {
      throw new ValidationException(
          "only databases and tables of the default catalog ("
              + defaultCatalog
              + ") have tags, not those of catalog "
              + database.catalog());
    }
  }

  /** Adds tags to those the resource has; the limit counts both. */
  private void putTags(String arn, Map<String, String> tags) {
    Map<String, String> merged = new HashMap<>(transaction.loadTags(arn));
    merged.putAll(tags);
    CatalogValidator.tags(merged);
    transaction.putTags(arn, tags);
  }

  // Parsing helpers

  private boolean nextField() throws IOException {
    JsonToken token = parser.nextToken();
    if (token == JsonToken.FIELD_NAME) {
      return true;
    }
    if (token == JsonToken.END_OBJECT) {
      return false;
    }
    throw invalid(here(), "expected a field name but found " + token, null);
  }

  /** Streaming needs a table's definition before its partitions, a database's before its tables. */
  private void requireBefore(boolean passed, String field, String section) {
    if (passed) {
      throw invalid(here(), "field '" + field + "' must come before '" + section + "'", null);
    }
  }

  private String readText(String field) throws IOException {
    if (!parser.hasToken(JsonToken.VALUE_STRING)) {
      throw invalid(here(), "'" + field + "' must be a string", null);
    }
    return parser.getText();
  }

  private void expectArray(String field) throws IOException {
    if (!parser.hasToken(JsonToken.START_ARRAY)) {
      throw invalid(here(), "'" + field + "' must be an array", null);
    }
  }

  /** Checks that the current token starts an object and returns where it starts. */
  private Where expectObject(String what) {
    if (!parser.hasToken(JsonToken.START_OBJECT)) {
      throw invalid(here(), "a " + what + " must be a JSON object", null);
    }
    return new Where(
        parser.currentTokenLocation(), pointer(parser.getParsingContext().getParent()));
  }

  /** The value at the current token as a tree; the parser stops at its last token. */
  private <T extends JsonNode> T readTree() throws IOException {
    return treeReader.readTree(parser);
  }

  private Where here() {
    return new Where(parser.currentTokenLocation(), pointer(parser.getParsingContext()));
  }

  private <T> T convert(JsonNode node, Class<T> type, Where where, String what) {
    try {
      return mapper.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw invalid(where, "invalid " + what + ": " + describe(e), e);
    }
  }

  private <T> List<T> convertList(JsonNode node, JavaType type, Where where, String what) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    try {
      return mapper.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw invalid(where, "invalid " + what + ": " + describe(e), e);
    }
  }

  private List<ColumnStatistics> convertStatistics(JsonNode node, Where where) {
    if (node != null) {
      node.forEach(statistics -> defaultTimes(statistics, "analyzedTime"));
    }
    return convertList(node, statisticsType, where, "columnStatistics");
  }

  /**
   * A time the document leaves out is the import's start, as a create through the service would set
   * it. A node that is no object is left for conversion to reject.
   */
  private void defaultTimes(JsonNode node, String... fields) {
    if (node instanceof ObjectNode object) {
      for (String field : fields) {
        if (!object.hasNonNull(field)) {
          object.set(field, mapper.valueToTree(now));
        }
      }
    }
  }

  private Map<String, String> convertTags(JsonNode node, Where where) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    try {
      Map<String, String> tags = mapper.treeToValue(node, tagsType);
      return tags == null ? Map.of() : tags;
    } catch (JsonProcessingException e) {
      throw invalid(where, "invalid tags: " + describe(e), e);
    }
  }

  /** The mapping error with the path of the offending field inside the object. */
  private static String describe(JsonProcessingException e) {
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (JsonMappingException.Reference reference : mapping.getPath()) {
        path.append('/')
            .append(
                reference.getFieldName() != null
                    ? reference.getFieldName()
                    : Integer.toString(reference.getIndex()));
      }
      return e.getOriginalMessage() + " (field " + path.substring(1) + ")";
    }
    return e.getOriginalMessage();
  }

  private CatalogImportException unknownField(String field, String known) {
    return invalid(here(), "unknown field '" + field + "' (known fields: " + known + ")", null);
  }

  private static CatalogImportException invalid(Where where, String problem, Throwable cause) {
    return new CatalogImportException(problem + " (at " + where + ")", cause);
  }

  private static String pointer(JsonStreamContext context) {
    if (context == null) {
      return "/";
    }
    JsonPointer pointer = context.pathAsPointer();
    return pointer.toString().isEmpty() ? "/" : pointer.toString();
  }

  /** A place in the document: line, column and JSON pointer. */
  private record Where(JsonLocation location, String pointer) {
    @Override
    public String toString() {
      return location == null
          ? pointer
          : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ", " + pointer;
    }
  }

  private record PendingPartition(
      Partition partition, List<ColumnStatistics> statistics, Where where) {}

  /** A table's fields and sections as read so far. */
  private static final class TableParts {
    private final Where where;
    private final ObjectNode fields;
    private JsonNode tags;
    private JsonNode versions;
    private JsonNode statistics;
    private JsonNode indexes;

    private TableParts(Where where, ObjectNode fields) {
      this.where = where;
      this.fields = fields;
    }
  }
}
