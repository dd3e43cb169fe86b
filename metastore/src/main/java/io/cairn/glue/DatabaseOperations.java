package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Page;
import io.cairn.service.CatalogService;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Glue's database operations. */
final class DatabaseOperations {
  static final int MAX_PAGE_SIZE = 100;
  static final int MAX_TAGS = 50;
  static final int MAX_TAG_KEY_LENGTH = 128;
  static final int MAX_TAG_VALUE_LENGTH = 256;

  private static final Set<String> RESOURCE_SHARE_TYPES = Set.of("FOREIGN", "ALL", "FEDERATED");
  private static final Set<String> DATABASE_ATTRIBUTES = Set.of("NAME");

  private final CatalogService service;
  private final String accountId;

  DatabaseOperations(CatalogService service, String accountId) {
    this.service = requireNonNull(service, "service is null");
    this.accountId = requireNonNull(accountId, "accountId is null");
  }

  void registerWith(GlueOperations operations) {
    operations
        .register("CreateDatabase", this::createDatabase)
        .register("GetDatabase", this::getDatabase)
        .register("GetDatabases", this::getDatabases)
        .register("UpdateDatabase", this::updateDatabase)
        .register("DeleteDatabase", this::deleteDatabase);
  }

  private ObjectNode createDatabase(GlueRequest request) {
    request.requireCatalog(accountId);
    Database database =
        GlueConverter.fromDatabaseInput(
            service.defaultCatalog(), accountId, request.requiredObject("DatabaseInput"));
    Map<String, String> tags =
        request.stringMap("Tags", MAX_TAGS, MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH);
    service.createDatabase(database, tags == null ? Map.of() : tags);
    return empty();
  }

  private ObjectNode getDatabase(GlueRequest request) {
    Database database = service.loadDatabase(database(request, "Name"));
    ObjectNode response = empty();
    response.set("Database", GlueConverter.toDatabase(database, accountId));
    return response;
  }

  private ObjectNode getDatabases(GlueRequest request) {
    request.requireCatalog(accountId);
    request.enumValue("ResourceShareType", RESOURCE_SHARE_TYPES);
    List<String> attributes = attributes(request);
    Page<Database> page =
        service.listDatabases(service.defaultCatalog(), null, request.page(MAX_PAGE_SIZE));
    ObjectNode response = empty();
    ArrayNode list = response.putArray("DatabaseList");
    for (Database database : page.items()) {
      ObjectNode node = GlueConverter.toDatabase(database, accountId);
      if (attributes != null) {
        node = JsonNodeFactory.instance.objectNode().put("Name", database.name().database());
      }
      list.add(node);
    }
    putNextToken(response, page);
    return response;
  }

  /** Replaces the database's Glue fields; what Glue cannot express (its owner) stays. */
  private ObjectNode updateDatabase(GlueRequest request) {
    DatabaseName name = database(request, "Name");
    Database input =
        GlueConverter.fromDatabaseInput(
            service.defaultCatalog(), accountId, request.requiredObject("DatabaseInput"));
    Database current = service.loadDatabase(name);
    Database updated =
        new Database(
            input.name(),
            input.description(),
            input.location(),
            current.managedLocation(),
            input.parameters(),
            current.ownerName(),
            current.ownerType(),
            current.createTime(),
            input.targetDatabase(),
            current.version());
    service.updateDatabase(name, updated, current.version());
    return empty();
  }

  /** Drops the database with everything in it, as Glue does. */
  private ObjectNode deleteDatabase(GlueRequest request) {
    service.dropDatabase(database(request, "Name"), true);
    return empty();
  }

  private DatabaseName database(GlueRequest request, String field) {
    request.requireCatalog(accountId);
    return new DatabaseName(service.defaultCatalog(), request.requiredName(field));
  }

  /** AttributesToGet: null for every attribute; NAME alone is what AWS allows besides. */
  private static List<String> attributes(GlueRequest request) {
    List<String> attributes = request.strings("AttributesToGet", Integer.MAX_VALUE, 64);
    if (attributes != null) {
      for (String attribute : attributes) {
        if (!DATABASE_ATTRIBUTES.contains(attribute)) {
          throw request.invalid(
              "AttributesToGet", attribute, "Member must satisfy enum value set: [NAME]");
        }
      }
    }
    return attributes;
  }

  static ObjectNode empty() {
    return JsonNodeFactory.instance.objectNode();
  }

  static void putNextToken(ObjectNode response, Page<?> page) {
    if (page.nextToken() != null) {
      response.put("NextToken", page.nextToken());
    }
  }
}
