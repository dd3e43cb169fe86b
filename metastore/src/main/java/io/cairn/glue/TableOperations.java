package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.Page;
import io.cairn.catalog.PartitionIndex;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableVersion;
import io.cairn.service.CatalogService;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Glue's table and table version operations. Glue's VersionId is Cairn's table version: "0" when
 * created, one more with every update, and every version is kept (the current one included) until
 * deleted or skipped with SkipArchive.
 */
final class TableOperations {
  static final int MAX_PAGE_SIZE = 100;
  static final int MAX_BATCH_SIZE = 100;
  static final int MAX_EXPRESSION_LENGTH = 2048;
  static final int MAX_PARTITION_INDEXES = 3;

  private static final Set<String> TABLE_ATTRIBUTES = Set.of("NAME", "TABLE_TYPE");

  private final CatalogService service;
  private final String accountId;

  TableOperations(CatalogService service, String accountId) {
    this.service = requireNonNull(service, "service is null");
    this.accountId = requireNonNull(accountId, "accountId is null");
  }

  void registerWith(GlueOperations operations) {
    operations
        .register("CreateTable", this::createTable)
        .register("GetTable", this::getTable)
        .register("GetTables", this::getTables)
        .register("UpdateTable", this::updateTable)
        .register("DeleteTable", this::deleteTable)
        .register("BatchDeleteTable", this::batchDeleteTable)
        .register("GetTableVersion", this::getTableVersion)
        .register("GetTableVersions", this::getTableVersions)
        .register("DeleteTableVersion", this::deleteTableVersion)
        .register("BatchDeleteTableVersion", this::batchDeleteTableVersion);
  }

  private ObjectNode createTable(GlueRequest request) {
    DatabaseName database = database(request);
    rejectTransaction(request);
    GlueRequest input = request.requiredObject("TableInput");
    String name = tableName(request, input);
    Table table = GlueConverter.fromTableInput(database.table(name), accountId, input, null);
    List<PartitionIndex> indexes = new ArrayList<>();
    for (GlueRequest index : request.objects("PartitionIndexes", MAX_PARTITION_INDEXES)) {
      List<String> keys =
          index.requiredStrings("Keys", Integer.MAX_VALUE, GlueRequest.MAX_NAME_LENGTH);
      if (keys.isEmpty()) {
        throw index.invalid("Keys", "[]", "Member must have length greater than or equal to 1");
      }
      indexes.add(
          new PartitionIndex(index.requiredName("IndexName"), keys, PartitionIndex.Status.ACTIVE));
    }
    GlueRequest openTableFormat = request.object("OpenTableFormatInput");
    if (openTableFormat == null) {
      service.createTable(table, indexes);
      return DatabaseOperations.empty();
    }
    IcebergTables.Created iceberg = IcebergTables.create(table, openTableFormat);
    try {
      service.createTable(iceberg.table(), indexes);
    } catch (RuntimeException e) {
      // The metadata file belongs to no table now; a retry writes a new one.
      try {
        Files.deleteIfExists(iceberg.metadataFile());
      } catch (IOException deleteFailure) {
        e.addSuppressed(deleteFailure);
      }
      throw e;
    }
    return DatabaseOperations.empty();
  }

  private ObjectNode getTable(GlueRequest request) {
    TableName name = database(request).table(request.requiredName("Name"));
    rejectTransaction(request);
    if (request.has("QueryAsOfTime")) {
      throw request.invalid(
          "QueryAsOfTime", "…", "Cairn does not read governed tables as of a time");
    }
    ObjectNode response = DatabaseOperations.empty();
    response.set("Table", GlueConverter.toTable(service.loadTable(name), accountId));
    return response;
  }

  /** Tables whose names match Expression, which Cairn reads as a name pattern (see README). */
  private ObjectNode getTables(GlueRequest request) {
    DatabaseName database = database(request);
    rejectTransaction(request);
    String pattern =
        NamePatterns.fromRegularExpression(
            request, "Expression", request.string("Expression", 0, MAX_EXPRESSION_LENGTH));
    List<String> attributes = request.strings("AttributesToGet", Integer.MAX_VALUE, 64);
    if (attributes != null) {
      for (String attribute : attributes) {
        if (!TABLE_ATTRIBUTES.contains(attribute)) {
          throw request.invalid(
              "AttributesToGet",
              attribute,
              "Member must satisfy enum value set: [NAME, TABLE_TYPE]");
        }
      }
    }
    Page<Table> page = service.listTables(database, pattern, request.page(MAX_PAGE_SIZE));
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("TableList");
    for (Table table : page.items()) {
      ObjectNode node = GlueConverter.toTable(table, accountId);
      list.add(attributes == null ? node : GlueConverter.project(node, attributes));
    }
    DatabaseOperations.putNextToken(response, page);
    return response;
  }

  /**
   * Replaces the table's definition. With VersionId, only if that is still the current version
   * (otherwise ConcurrentModificationException and nothing changes); with SkipArchive, the replaced
   * version is not kept.
   */
  private ObjectNode updateTable(GlueRequest request) {
    DatabaseName database = database(request);
    rejectTransaction(request);
    for (String unsupported : List.of("ViewUpdateAction", "UpdateOpenTableFormatInput")) {
      if (request.has(unsupported)) {
        throw request.invalid(
            unsupported, "…", "Cairn does not support " + unsupported + " in UpdateTable");
      }
    }
    request.bool("Force");
    GlueRequest input = request.requiredObject("TableInput");
    TableName name = database.table(tableName(request, input));
    String versionId = request.string("VersionId", 1, GlueRequest.MAX_NAME_LENGTH);
    Boolean skipArchive = request.bool("SkipArchive");
    Table current = service.loadTable(name);
    Long expectedVersion = null;
    if (versionId != null) {
      expectedVersion = parseVersionOrNull(versionId);
      if (expectedVersion == null) {
        // A VersionId that is not a number cannot be the current one.
        expectedVersion = -1L;
      }
    } else {
      // Without VersionId AWS applies the update to whatever is current; the version read here
      // still guards against a writer that comes in between.
      expectedVersion = current.version();
    }
    Table updated = GlueConverter.fromTableInput(name, accountId, input, current);
    if (Boolean.TRUE.equals(skipArchive)) {
      service.updateTableWithoutArchive(name, updated, expectedVersion);
    } else {
      service.updateTable(name, updated, expectedVersion);
    }
    return DatabaseOperations.empty();
  }

  private ObjectNode deleteTable(GlueRequest request) {
    TableName name = database(request).table(request.requiredName("Name"));
    rejectTransaction(request);
    service.dropTable(name);
    return DatabaseOperations.empty();
  }

  /** Drops each table on its own; those that cannot be dropped are listed with the reason. */
  private ObjectNode batchDeleteTable(GlueRequest request) {
    DatabaseName database = database(request);
    rejectTransaction(request);
    List<String> names =
        request.requiredStrings("TablesToDelete", MAX_BATCH_SIZE, GlueRequest.MAX_NAME_LENGTH);
    service.loadDatabase(database);
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode errors = response.putArray("Errors");
    for (String name : names) {
      try {
        service.dropTable(database.table(name));
      } catch (RuntimeException e) {
        GlueException error = GlueApi.translate(e);
        if (error.status() >= 500) {
          throw e;
        }
        ObjectNode item = errors.addObject().put("TableName", name);
        item.putObject("ErrorDetail")
            .put("ErrorCode", error.type())
            .put("ErrorMessage", error.getMessage());
      }
    }
    return response;
  }

  /** One version; without VersionId, the current one. */
  private ObjectNode getTableVersion(GlueRequest request) {
    TableName name = table(request);
    String versionId = request.string("VersionId", 1, GlueRequest.MAX_NAME_LENGTH);
    TableVersion version;
    if (versionId == null) {
      Table table = service.loadTable(name);
      version = new TableVersion(table.version(), table);
    } else {
      version = service.loadTableVersion(name, requireVersion(name, versionId));
    }
    ObjectNode response = DatabaseOperations.empty();
    response.set("TableVersion", toTableVersion(version));
    return response;
  }

  /** Every kept version, newest first. */
  private ObjectNode getTableVersions(GlueRequest request) {
    TableName name = table(request);
    Page<TableVersion> page = service.listTableVersions(name, request.page(MAX_PAGE_SIZE));
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("TableVersions");
    page.items().forEach(version -> list.add(toTableVersion(version)));
    DatabaseOperations.putNextToken(response, page);
    return response;
  }

  private ObjectNode deleteTableVersion(GlueRequest request) {
    TableName name = table(request);
    String versionId = request.requiredString("VersionId", 1, GlueRequest.MAX_NAME_LENGTH);
    service.deleteTableVersion(name, requireVersion(name, versionId));
    return DatabaseOperations.empty();
  }

  private ObjectNode batchDeleteTableVersion(GlueRequest request) {
    TableName name = table(request);
    List<String> versionIds =
        request.requiredStrings("VersionIds", MAX_BATCH_SIZE, GlueRequest.MAX_NAME_LENGTH);
    service.loadTable(name);
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode errors = response.putArray("Errors");
    for (String versionId : versionIds) {
      try {
        service.deleteTableVersion(name, requireVersion(name, versionId));
      } catch (RuntimeException e) {
        GlueException error = GlueApi.translate(e);
        if (error.status() >= 500) {
          throw e;
        }
        ObjectNode item =
            errors.addObject().put("TableName", name.table()).put("VersionId", versionId);
        item.putObject("ErrorDetail")
            .put("ErrorCode", error.type())
            .put("ErrorMessage", error.getMessage());
      }
    }
    return response;
  }

  private ObjectNode toTableVersion(TableVersion version) {
    ObjectNode node = DatabaseOperations.empty();
    node.set("Table", GlueConverter.toTable(version.table(), accountId));
    node.put("VersionId", Long.toString(version.versionId()));
    return node;
  }

  private DatabaseName database(GlueRequest request) {
    request.requireCatalog(accountId);
    return new DatabaseName(service.defaultCatalog(), request.requiredName("DatabaseName"));
  }

  private TableName table(GlueRequest request) {
    return database(request).table(request.requiredName("TableName"));
  }

  /** The table a Create or Update names: the request's Name if given, else TableInput's. */
  private static String tableName(GlueRequest request, GlueRequest input) {
    String inputName = input.requiredName("Name");
    String name = request.name("Name");
    if (name != null && !name.equalsIgnoreCase(inputName)) {
      throw request.invalid(
          "Name", name, "Member must be the name in TableInput ('" + inputName + "')");
    }
    return inputName;
  }

  /** Lake Formation transactions (governed tables) are not part of Cairn. */
  private static void rejectTransaction(GlueRequest request) {
    if (request.string("TransactionId", 1, GlueRequest.MAX_NAME_LENGTH) != null) {
      throw request.invalid(
          "TransactionId", "…", "Cairn does not support Lake Formation transactions");
    }
  }

  private static Long parseVersionOrNull(String versionId) {
    try {
      long version = Long.parseLong(versionId);
      return version < 0 ? null : version;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long requireVersion(TableName name, String versionId) {
    Long version = parseVersionOrNull(versionId);
    if (version == null) {
      throw new NoSuchEntityException("table " + name + " has no version '" + versionId + "'");
    }
    return version;
  }
}
