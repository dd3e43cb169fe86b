package io.cairn.iceberg;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.IcebergTableFormat;
import io.cairn.catalog.InvalidOperationException;
import io.cairn.catalog.NoSuchDatabaseException;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.SerDeInfo;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableType;
import io.cairn.service.CatalogService;
import io.cairn.service.CatalogService.TableCommit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RegisterViewRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.CreateNamespaceResponse;
import org.apache.iceberg.rest.responses.GetNamespaceResponse;
import org.apache.iceberg.rest.responses.ImmutableLoadViewResponse;
import org.apache.iceberg.rest.responses.ListNamespacesResponse;
import org.apache.iceberg.rest.responses.ListTablesResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.apache.iceberg.rest.responses.LoadViewResponse;
import org.apache.iceberg.rest.responses.UpdateNamespacePropertiesResponse;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.ViewMetadata;
import org.apache.iceberg.view.ViewMetadataParser;
import org.apache.iceberg.view.ViewProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Iceberg REST catalog's operations over Cairn's catalog: plain functions from a request to its
 * response, no HTTP in them. Every change goes through {@link CatalogService}, so it is validated,
 * versioned and logged as a notification event like a change through any other protocol.
 *
 * <p><b>Namespaces</b> are Cairn databases of the request's catalog named by their levels joined
 * with {@code .}: {@code [sales]} is the database {@code sales}, the nested {@code [sales, eu]} the
 * database {@code sales.eu}. A level cannot contain {@code .} (the mapping would be ambiguous);
 * Hive and Glue clients cannot create a database with a {@code .}, so only namespaces created here
 * have one. A nested namespace needs its parent; one with children is not empty. A namespace's
 * properties are its database's parameters, plus {@code location} (the database location) and
 * {@code comment} (its description).
 *
 * <p><b>Tables and views</b> are Cairn tables kept as {@link IcebergTableFormat} says. A commit
 * reads the table's current metadata file, checks the request's requirements against it, applies
 * its updates, writes the next metadata file and swaps the table's metadata pointer with a
 * compare-and-swap on the table's version. A lost race (another commit through any protocol) is
 * retried on the new metadata if the requirements still hold, and else is a {@code
 * CommitFailedException} (409). The tables of one transaction commit in one store transaction.
 */
final class IcebergCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(IcebergCatalog.class);

  /** Attempts at a commit that lost compare-and-swap races while its requirements held. */
  private static final int COMMIT_ATTEMPTS = 4;

  private static final int LISTING_PAGE = 1000;
  private static final String LOCATION = "location";
  private static final String COMMENT = "comment";

  private final CatalogService service;
  private final FileIO io;
  private final String warehouse;

  /**
   * @param warehouse the root under which a namespace created without a location is placed ({@code
   *     <warehouse>/<name>.db}, as Hive places databases)
   */
  IcebergCatalog(CatalogService service, FileIO io, String warehouse) {
    this.service = requireNonNull(service, "service is null");
    this.io = requireNonNull(io, "io is null");
    this.warehouse = trimSlash(requireNonNull(warehouse, "warehouse is null"));
  }

  // Namespaces

  CreateNamespaceResponse createNamespace(String catalog, CreateNamespaceRequest request) {
    request.validate();
    Namespace namespace = request.namespace();
    if (namespace.isEmpty()) {
      throw new BadRequestException("a namespace needs a name");
    }
    for (String level : namespace.levels()) {
      if (level.isEmpty() || level.contains(".")) {
        throw new BadRequestException(
            "a namespace level can be neither empty nor contain '.' (Cairn joins the levels with"
                + " it): %s",
            namespace);
      }
    }
    Map<String, String> parameters = new LinkedHashMap<>(request.properties());
    String location = parameters.remove(LOCATION);
    String comment = parameters.remove(COMMENT);
    DatabaseName name = databaseName(catalog, namespace);
    if (location == null || location.isBlank()) {
      location = warehouse + "/" + name.database() + ".db";
    }
    try {
      service.createNestedDatabase(
          new Database(name, comment, location, null, parameters, null, null, null, null, 0));
    } catch (io.cairn.catalog.AlreadyExistsException e) {
      throw new AlreadyExistsException("Namespace already exists: %s", namespace);
    } catch (NoSuchDatabaseException e) {
      throw new NoSuchNamespaceException(
          "Namespace does not exist: %s",
          Namespace.of(Arrays.copyOf(namespace.levels(), namespace.length() - 1)));
    }
    return CreateNamespaceResponse.builder()
        .withNamespace(namespace)
        .setProperties(properties(service.loadDatabase(name)))
        .build();
  }

  /**
   * The direct children of {@code parent} (the top-level namespaces for the empty one), or one page
   * of them when the client asked for pages ({@code pageToken} given, empty for the first page). A
   * page holds the children among one page of the catalog's databases, so it may hold fewer than
   * {@code pageSize} before the last.
   */
  ListNamespacesResponse listNamespaces(
      String catalog, Namespace parent, String pageToken, Integer pageSize) {
    DatabaseName parentDatabase = parent.isEmpty() ? null : loadDatabase(catalog, parent).name();
    String prefix = parentDatabase == null ? "" : parentDatabase.database() + ".";
    String pattern =
        parentDatabase == null ? null : CatalogService.nestedDatabasesPattern(parentDatabase);
    Predicate<String> child =
        name -> name.startsWith(prefix) && name.indexOf('.', prefix.length()) < 0;
    ListNamespacesResponse.Builder response = ListNamespacesResponse.builder();
    String token = pageToken == null ? null : emptyToNull(pageToken);
    int size = pageToken == null ? LISTING_PAGE : pageSize(pageSize);
    do {
      Page<Database> page = service.listDatabases(catalog, pattern, new PageRequest(token, size));
      page.items().stream()
          .map(database -> database.name().database())
          .filter(child)
          .forEach(name -> response.add(namespace(name)));
      token = page.nextToken();
      if (pageToken != null) {
        return response.nextPageToken(token).build();
      }
    } while (token != null);
    return response.build();
  }

  GetNamespaceResponse loadNamespace(String catalog, Namespace namespace) {
    return GetNamespaceResponse.builder()
        .withNamespace(namespace)
        .setProperties(properties(loadDatabase(catalog, namespace)))
        .build();
  }

  void dropNamespace(String catalog, Namespace namespace) {
    DatabaseName name = databaseName(catalog, namespace);
    try {
      service.dropDatabase(name, false);
    } catch (NoSuchDatabaseException e) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    } catch (InvalidOperationException e) {
      throw new NamespaceNotEmptyException("Namespace %s is not empty", namespace);
    }
  }

  UpdateNamespacePropertiesResponse updateNamespaceProperties(
      String catalog, Namespace namespace, UpdateNamespacePropertiesRequest request) {
    request.validate();
    Set<String> removals = new HashSet<>(request.removals());
    Map<String, String> updates = request.updates();
    if (removals.contains(LOCATION)) {
      throw new UnsupportedOperationException("the location of a namespace cannot be removed");
    }
    Database current = loadDatabase(catalog, namespace);
    Map<String, String> properties = new LinkedHashMap<>(properties(current));
    List<String> missing = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (String key : removals) {
      if (properties.remove(key) == null) {
        missing.add(key);
      } else {
        removed.add(key);
      }
    }
    properties.putAll(updates);
    String location = properties.remove(LOCATION);
    String comment = properties.remove(COMMENT);
    service.updateDatabase(
        current.name(),
        new Database(
            current.name(),
            comment,
            location,
            current.managedLocation(),
            properties,
            current.ownerName(),
            current.ownerType(),
            current.createTime(),
            current.targetDatabase(),
            current.version()),
        current.version());
    return UpdateNamespacePropertiesResponse.builder()
        .addMissing(missing)
        .addRemoved(removed)
        .addUpdated(updates.keySet())
        .build();
  }

  private Database loadDatabase(String catalog, Namespace namespace) {
    try {
      return service.loadDatabase(databaseName(catalog, namespace));
    } catch (NoSuchDatabaseException e) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
  }

  /** The database of a namespace; none has an empty level or a level with a {@code .}. */
  private static DatabaseName databaseName(String catalog, Namespace namespace) {
    if (namespace.isEmpty()
        || Arrays.stream(namespace.levels())
            .anyMatch(level -> level.isEmpty() || level.contains("."))) {
      throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
    }
    return new DatabaseName(catalog, String.join(".", namespace.levels()));
  }

  /** The namespace of a database: its name's levels. */
  private static Namespace namespace(String database) {
    return Namespace.of(database.split("\\.", -1));
  }

  private static Map<String, String> properties(Database database) {
    Map<String, String> properties = new LinkedHashMap<>(database.parameters());
    if (database.location() != null) {
      properties.put(LOCATION, database.location());
    }
    if (database.description() != null) {
      properties.put(COMMENT, database.description());
    }
    return properties;
  }

  // Tables

  ListTablesResponse listTables(
      String catalog, Namespace namespace, String pageToken, Integer pageSize) {
    return list(catalog, namespace, pageToken, pageSize, IcebergTableFormat::isIcebergTable);
  }

  ListTablesResponse listViews(
      String catalog, Namespace namespace, String pageToken, Integer pageSize) {
    return list(catalog, namespace, pageToken, pageSize, IcebergTableFormat::isIcebergView);
  }

  /**
   * The tables of one kind in name order. A page holds the matching tables of one page of the
   * database's tables, so it may hold fewer than {@code pageSize} before the last.
   */
  private ListTablesResponse list(
      String catalog,
      Namespace namespace,
      String pageToken,
      Integer pageSize,
      Predicate<Table> kind) {
    DatabaseName database = loadDatabase(catalog, namespace).name();
    ListTablesResponse.Builder response = ListTablesResponse.builder();
    String token = pageToken == null ? null : emptyToNull(pageToken);
    int size = pageToken == null ? LISTING_PAGE : pageSize(pageSize);
    do {
      Page<Table> page = service.listTables(database, null, new PageRequest(token, size));
      page.items().stream()
          .filter(kind)
          .forEach(table -> response.add(TableIdentifier.of(namespace, table.name().table())));
      token = page.nextToken();
      if (pageToken != null) {
        return response.nextPageToken(token).build();
      }
    } while (token != null);
    return response.build();
  }

  /**
   * Creates the table, or with {@code stageCreate} only answers the metadata it would have (nothing
   * is written: the client commits it later with a create transaction).
   */
  LoadTableResponse createTable(String catalog, Namespace namespace, CreateTableRequest request) {
    request.validate();
    Database database = loadDatabase(catalog, namespace);
    TableName name = database.name().table(request.name());
    Optional<Table> existing = loadOptional(name);
    if (existing.isPresent()) {
      throw tableAlreadyExists(existing.get(), TableIdentifier.of(namespace, request.name()));
    }
    String location =
        request.location() == null
            ? defaultLocation(database, name)
            : trimSlash(request.location());
    TableMetadata metadata;
    try {
      metadata =
          TableMetadata.newTableMetadata(
              request.schema(),
              request.spec() == null ? PartitionSpec.unpartitioned() : request.spec(),
              request.writeOrder() == null ? SortOrder.unsorted() : request.writeOrder(),
              location,
              request.properties());
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (request.stageCreate()) {
      return LoadTableResponse.builder().withTableMetadata(metadata).build();
    }
    return LoadTableResponse.builder()
        .withTableMetadata(createFromMetadata(name, metadata))
        .build();
  }

  LoadTableResponse registerTable(
      String catalog, Namespace namespace, RegisterTableRequest request) {
    request.validate();
    Database database = loadDatabase(catalog, namespace);
    TableName name = database.name().table(request.name());
    TableMetadata metadata = TableMetadataParser.read(io, request.metadataLocation());
    Optional<Table> existing = loadOptional(name);
    if (existing.isPresent()) {
      if (!request.overwrite() || !IcebergTableFormat.isIcebergTable(existing.get())) {
        throw tableAlreadyExists(existing.get(), TableIdentifier.of(namespace, request.name()));
      }
      Table current = existing.get();
      service.updateTable(
          name,
          tableRow(current, name, metadata, current.parameters().get(metadataLocationKey())),
          current.version());
    } else {
      service.createTable(tableRow(null, name, metadata, null));
    }
    return LoadTableResponse.builder().withTableMetadata(metadata).build();
  }

  LoadTableResponse loadTable(TableName name, TableIdentifier identifier) {
    Table table = requireTable(name, identifier);
    return LoadTableResponse.builder().withTableMetadata(read(table)).build();
  }

  /**
   * The table's metadata location, which identifies its state (the ETag of a load), after checking
   * that the file is there: a client that holds the table need not load it again only if it could.
   */
  String metadataLocation(TableName name, TableIdentifier identifier) {
    String location = requireTable(name, identifier).parameters().get(metadataLocationKey());
    if (!io.newInputFile(location).exists()) {
      throw new NotFoundException("Failed to open input stream for file: %s", location);
    }
    return location;
  }

  void tableExists(TableName name, TableIdentifier identifier) {
    requireTable(name, identifier);
  }

  /** Drops the table; with {@code purge} also deletes its data and metadata files. */
  void dropTable(TableName name, TableIdentifier identifier, boolean purge) {
    Table table = requireTable(name, identifier);
    TableMetadata metadata = purge ? read(table) : null;
    service.dropTable(name);
    if (metadata != null) {
      CatalogUtil.dropTableData(io, metadata);
    }
  }

  void renameTable(String catalog, RenameTableRequest request) {
    rename(catalog, request, false);
  }

  void renameView(String catalog, RenameTableRequest request) {
    rename(catalog, request, true);
  }

  private void rename(String catalog, RenameTableRequest request, boolean view) {
    request.validate();
    TableIdentifier source = request.source();
    TableIdentifier destination = request.destination();
    TableName sourceName = tableName(catalog, source);
    Table current = view ? requireView(sourceName, source) : requireTable(sourceName, source);
    DatabaseName targetDatabase = loadDatabase(catalog, destination.namespace()).name();
    TableName targetName = targetDatabase.table(destination.name());
    if (targetName.equals(sourceName)) {
      return;
    }
    Optional<Table> existing = loadOptional(targetName);
    if (existing.isPresent()) {
      throw new AlreadyExistsException(
          "Cannot rename %s to %s. %s already exists",
          source, destination, IcebergTableFormat.isIcebergView(existing.get()) ? "View" : "Table");
    }
    try {
      service.updateTable(
          sourceName, current.toBuilder().name(targetName).build(), current.version());
    } catch (io.cairn.catalog.AlreadyExistsException e) {
      throw new AlreadyExistsException("Table already exists: %s", destination);
    }
  }

  /** A single table's commit: a create transaction's commit or an update of an existing table. */
  LoadTableResponse commitTable(
      TableName name, TableIdentifier identifier, UpdateTableRequest request) {
    if (isCreate(request)) {
      Optional<Table> existing = loadOptional(name);
      if (existing.isPresent()) {
        if (!IcebergTableFormat.isIcebergTable(existing.get())) {
          throw tableAlreadyExists(existing.get(), identifier);
        }
        TableMetadata current = read(existing.get());
        request.requirements().forEach(requirement -> requirement.validate(current));
      }
      TableMetadata.Builder builder =
          request.updates().stream()
              .filter(MetadataUpdate.UpgradeFormatVersion.class::isInstance)
              .map(update -> ((MetadataUpdate.UpgradeFormatVersion) update).formatVersion())
              .findFirst()
              .map(TableMetadata::buildFromEmpty)
              .orElseGet(TableMetadata::buildFromEmpty);
      request.updates().forEach(update -> update.applyTo(builder));
      TableMetadata metadata;
      try {
        metadata = builder.build();
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      loadDatabase(name.catalog(), identifier.namespace());
      try {
        return LoadTableResponse.builder()
            .withTableMetadata(createFromMetadata(name, metadata))
            .build();
      } catch (AlreadyExistsException e) {
        // Created by a concurrent commit since the check above: the requirement failed.
        throw new CommitFailedException(e, "Requirement failed: table already exists");
      }
    }
    TableMetadata committed =
        commit(List.of(new Change(name, identifier, request.requirements(), request.updates())))
            .get(0);
    return LoadTableResponse.builder().withTableMetadata(committed).build();
  }

  /** One table's part of a commit. */
  record Change(
      TableName name,
      TableIdentifier identifier,
      List<UpdateRequirement> requirements,
      List<MetadataUpdate> updates) {}

  /**
   * Commits the changes to existing tables together: each table's requirements are checked against
   * its current metadata and its updates applied; then every table's metadata pointer is swapped in
   * one store transaction, or none is. Returns each table's metadata after the commit, in order.
   */
  List<TableMetadata> commit(List<Change> changes) {
    Set<TableName> names = new HashSet<>();
    for (Change change : changes) {
      if (!names.add(change.name())) {
        throw new BadRequestException("table %s is changed twice", change.identifier());
      }
    }
    for (int attempt = 1; ; attempt++) {
      List<TableCommit> commits = new ArrayList<>();
      List<TableMetadata> results = new ArrayList<>();
      List<String> written = new ArrayList<>();
      try {
        for (Change change : changes) {
          Table current = requireTable(change.name(), change.identifier());
          TableMetadata base = read(current);
          change.requirements().forEach(requirement -> requirement.validate(base));
          TableMetadata.Builder builder = TableMetadata.buildFrom(base);
          change.updates().forEach(update -> update.applyTo(builder));
          TableMetadata updated;
          try {
            updated = builder.build();
          } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
          }
          if (updated.changes().isEmpty()) {
            results.add(base);
            continue;
          }
          String location = newMetadataLocation(updated, base.metadataFileLocation());
          TableMetadataParser.overwrite(updated, io.newOutputFile(location));
          written.add(location);
          TableMetadata stored =
              TableMetadata.buildFrom(updated)
                  .discardChanges()
                  .withMetadataLocation(location)
                  .build();
          results.add(stored);
          commits.add(
              new TableCommit(
                  change.name(),
                  tableRow(current, change.name(), stored, base.metadataFileLocation()),
                  current.version()));
        }
        if (!commits.isEmpty()) {
          service.commitTables(commits);
        }
        return results;
      } catch (io.cairn.catalog.CommitFailedException e) {
        deleteQuietly(written);
        if (attempt == COMMIT_ATTEMPTS) {
          throw new CommitFailedException(e, "Commit failed: %s", e.getMessage());
        }
        LOG.debug("commit attempt {} lost a race, retrying: {}", attempt, e.getMessage());
      } catch (RuntimeException e) {
        deleteQuietly(written);
        throw e;
      }
    }
  }

  private static boolean isCreate(UpdateTableRequest request) {
    boolean create =
        request.requirements().stream()
            .anyMatch(UpdateRequirement.AssertTableDoesNotExist.class::isInstance);
    if (create
        && !request.requirements().stream()
            .allMatch(UpdateRequirement.AssertTableDoesNotExist.class::isInstance)) {
      throw new BadRequestException(
          "a create transaction takes no requirement but assert-create: %s",
          request.requirements());
    }
    return create;
  }

  /** Writes the first metadata file of a new table and creates the table. */
  private TableMetadata createFromMetadata(TableName name, TableMetadata metadata) {
    String location = newMetadataLocation(metadata, null);
    TableMetadataParser.overwrite(metadata, io.newOutputFile(location));
    TableMetadata stored =
        TableMetadata.buildFrom(metadata).discardChanges().withMetadataLocation(location).build();
    try {
      service.createTable(tableRow(null, name, stored, null));
    } catch (RuntimeException e) {
      deleteQuietly(List.of(location));
      if (e instanceof io.cairn.catalog.AlreadyExistsException) {
        throw new AlreadyExistsException("Table already exists: %s", name);
      }
      throw e;
    }
    return stored;
  }

  /**
   * The table as Cairn keeps it with {@code metadata} current: {@code current} (null for a new
   * table) with the pointer parameters and the columns of the current schema.
   */
  private static Table tableRow(
      Table current, TableName name, TableMetadata metadata, String previousLocation) {
    Map<String, String> parameters =
        current == null ? new HashMap<>() : new HashMap<>(current.parameters());
    parameters.put(IcebergTableFormat.TABLE_TYPE_PARAMETER, IcebergTableFormat.ICEBERG_TABLE);
    parameters.put("EXTERNAL", "TRUE");
    parameters.put(metadataLocationKey(), metadata.metadataFileLocation());
    if (previousLocation == null) {
      parameters.remove(IcebergTableFormat.PREVIOUS_METADATA_LOCATION);
    } else {
      parameters.put(IcebergTableFormat.PREVIOUS_METADATA_LOCATION, previousLocation);
    }
    StorageDescriptor descriptor =
        current == null || current.storageDescriptor() == null
            ? StorageDescriptor.builder()
                .inputFormat("org.apache.hadoop.mapred.FileInputFormat")
                .outputFormat("org.apache.hadoop.mapred.FileOutputFormat")
                .serdeInfo(
                    SerDeInfo.of("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", Map.of()))
                .build()
            : current.storageDescriptor();
    Table.Builder builder = current == null ? Table.builder() : current.toBuilder();
    return builder
        .name(name)
        .tableType(TableType.EXTERNAL_TABLE)
        .parameters(parameters)
        .storageDescriptor(
            descriptor.toBuilder()
                .location(metadata.location())
                .columns(IcebergTableFormat.columnsOf(metadata.schema()))
                .build())
        .build();
  }

  private TableMetadata read(Table table) {
    return TableMetadataParser.read(io, table.parameters().get(metadataLocationKey()));
  }

  /**
   * {@code <metadata directory>/<version>-<uuid>.metadata.json}, the version one above the previous
   * file's, in {@code write.metadata.path} or else {@code <location>/metadata}; compressed as
   * {@code write.metadata.compression-codec} says.
   */
  private static String newMetadataLocation(TableMetadata metadata, String previousLocation) {
    String directory =
        metadata.properties().get(TableProperties.WRITE_METADATA_LOCATION) != null
            ? trimSlash(metadata.properties().get(TableProperties.WRITE_METADATA_LOCATION))
            : trimSlash(metadata.location()) + "/metadata";
    String codec =
        metadata
            .properties()
            .getOrDefault(
                TableProperties.METADATA_COMPRESSION, TableProperties.METADATA_COMPRESSION_DEFAULT);
    return String.format(
        "%s/%05d-%s%s",
        directory,
        version(previousLocation) + 1,
        UUID.randomUUID(),
        TableMetadataParser.getFileExtension(TableMetadataParser.Codec.fromName(codec)));
  }

  /**
   * The version of a metadata file named {@code <version>-<uuid>…}, -1 for none or another name.
   */
  private static int version(String metadataLocation) {
    if (metadataLocation == null) {
      return -1;
    }
    String fileName = metadataLocation.substring(metadataLocation.lastIndexOf('/') + 1);
    int dash = fileName.indexOf('-');
    try {
      return dash < 0 ? -1 : Integer.parseInt(fileName.substring(0, dash));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void deleteQuietly(List<String> locations) {
    for (String location : locations) {
      try {
        io.deleteFile(location);
      } catch (RuntimeException e) {
        LOG.warn("cannot delete the unused metadata file {}", location, e);
      }
    }
  }

  // Views

  LoadViewResponse createView(String catalog, Namespace namespace, CreateViewRequest request) {
    request.validate();
    Database database = loadDatabase(catalog, namespace);
    TableName name = database.name().table(request.name());
    TableIdentifier identifier = TableIdentifier.of(namespace, request.name());
    Optional<Table> existing = loadOptional(name);
    if (existing.isPresent()) {
      throw viewAlreadyExists(existing.get(), identifier);
    }
    request
        .viewVersion()
        .representations()
        .forEach(
            representation -> {
              if (!(representation instanceof SQLViewRepresentation)) {
                throw new BadRequestException(
                    "unsupported view representation: %s", representation.type());
              }
            });
    ViewMetadata metadata;
    try {
      metadata =
          ViewMetadata.builder()
              .setLocation(
                  request.location() == null
                      ? defaultLocation(database, name)
                      : trimSlash(request.location()))
              .setProperties(request.properties())
              .setCurrentVersion(request.viewVersion(), request.schema())
              .build();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    ViewMetadata stored = writeView(metadata, null);
    try {
      service.createTable(viewRow(null, name, stored, null));
    } catch (RuntimeException e) {
      deleteQuietly(List.of(stored.metadataFileLocation()));
      if (e instanceof io.cairn.catalog.AlreadyExistsException) {
        throw new AlreadyExistsException("View already exists: %s", identifier);
      }
      throw e;
    }
    return viewResponse(stored);
  }

  LoadViewResponse registerView(String catalog, Namespace namespace, RegisterViewRequest request) {
    request.validate();
    Database database = loadDatabase(catalog, namespace);
    TableName name = database.name().table(request.name());
    Optional<Table> existing = loadOptional(name);
    if (existing.isPresent()) {
      throw viewAlreadyExists(existing.get(), TableIdentifier.of(namespace, request.name()));
    }
    ViewMetadata metadata = ViewMetadataParser.read(io, request.metadataLocation());
    service.createTable(viewRow(null, name, metadata, null));
    return viewResponse(metadata);
  }

  LoadViewResponse loadView(TableName name, TableIdentifier identifier) {
    return viewResponse(readView(requireView(name, identifier)));
  }

  void viewExists(TableName name, TableIdentifier identifier) {
    requireView(name, identifier);
  }

  void dropView(TableName name, TableIdentifier identifier) {
    requireView(name, identifier);
    service.dropTable(name);
  }

  /** Replaces a view: as a table commit, one view, retried on lost races. */
  LoadViewResponse commitView(
      TableName name, TableIdentifier identifier, UpdateTableRequest request) {
    for (int attempt = 1; ; attempt++) {
      Table current = requireView(name, identifier);
      ViewMetadata base = readView(current);
      request.requirements().forEach(requirement -> requirement.validate(base));
      ViewMetadata.Builder builder = ViewMetadata.buildFrom(base);
      request.updates().forEach(update -> update.applyTo(builder));
      ViewMetadata updated;
      try {
        updated = builder.build();
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      if (updated.changes().isEmpty()) {
        return viewResponse(base);
      }
      ViewMetadata stored = writeView(updated, base.metadataFileLocation());
      try {
        service.updateTable(
            name, viewRow(current, name, stored, base.metadataFileLocation()), current.version());
        return viewResponse(stored);
      } catch (io.cairn.catalog.CommitFailedException e) {
        deleteQuietly(List.of(stored.metadataFileLocation()));
        if (attempt == COMMIT_ATTEMPTS) {
          throw new CommitFailedException(e, "Commit failed: %s", e.getMessage());
        }
      } catch (RuntimeException e) {
        deleteQuietly(List.of(stored.metadataFileLocation()));
        throw e;
      }
    }
  }

  private ViewMetadata writeView(ViewMetadata metadata, String previousLocation) {
    String directory =
        metadata.properties().get(ViewProperties.WRITE_METADATA_LOCATION) != null
            ? trimSlash(metadata.properties().get(ViewProperties.WRITE_METADATA_LOCATION))
            : trimSlash(metadata.location()) + "/metadata";
    String location =
        String.format(
            "%s/%05d-%s.metadata.json",
            directory, version(previousLocation) + 1, UUID.randomUUID());
    ViewMetadataParser.overwrite(metadata, io.newOutputFile(location));
    return ViewMetadata.buildFrom(metadata).setMetadataLocation(location).build();
  }

  private ViewMetadata readView(Table view) {
    return ViewMetadataParser.read(io, view.parameters().get(metadataLocationKey()));
  }

  /** A view as Iceberg's HiveCatalog keeps it: a VIRTUAL_VIEW with table_type=ICEBERG-VIEW. */
  private static Table viewRow(
      Table current, TableName name, ViewMetadata metadata, String previousLocation) {
    Map<String, String> parameters =
        current == null ? new HashMap<>() : new HashMap<>(current.parameters());
    parameters.put(IcebergTableFormat.TABLE_TYPE_PARAMETER, IcebergTableFormat.ICEBERG_VIEW);
    parameters.put(metadataLocationKey(), metadata.metadataFileLocation());
    if (previousLocation == null) {
      parameters.remove(IcebergTableFormat.PREVIOUS_METADATA_LOCATION);
    } else {
      parameters.put(IcebergTableFormat.PREVIOUS_METADATA_LOCATION, previousLocation);
    }
    String sql =
        metadata.currentVersion().representations().stream()
            .filter(SQLViewRepresentation.class::isInstance)
            .map(representation -> ((SQLViewRepresentation) representation).sql())
            .findFirst()
            .orElse(null);
    StorageDescriptor descriptor =
        current == null || current.storageDescriptor() == null
            ? StorageDescriptor.builder().build()
            : current.storageDescriptor();
    Table.Builder builder = current == null ? Table.builder() : current.toBuilder();
    return builder
        .name(name)
        .tableType(TableType.VIRTUAL_VIEW)
        .viewOriginalText(sql)
        .viewExpandedText(sql)
        .parameters(parameters)
        .storageDescriptor(
            descriptor.toBuilder()
                .location(metadata.location())
                .columns(IcebergTableFormat.columnsOf(metadata.schema()))
                .build())
        .build();
  }

  private static LoadViewResponse viewResponse(ViewMetadata metadata) {
    return ImmutableLoadViewResponse.builder()
        .metadata(metadata)
        .metadataLocation(metadata.metadataFileLocation())
        .build();
  }

  // Lookups

  TableName tableName(String catalog, TableIdentifier identifier) {
    try {
      return databaseName(catalog, identifier.namespace()).table(identifier.name());
    } catch (NoSuchNamespaceException e) {
      throw new NoSuchTableException("Table does not exist: %s", identifier);
    }
  }

  private Optional<Table> loadOptional(TableName name) {
    try {
      return Optional.of(service.loadTable(name));
    } catch (io.cairn.catalog.NoSuchTableException | NoSuchDatabaseException e) {
      return Optional.empty();
    }
  }

  private Table requireTable(TableName name, TableIdentifier identifier) {
    return loadOptional(name)
        .filter(IcebergTableFormat::isIcebergTable)
        .orElseThrow(() -> new NoSuchTableException("Table does not exist: %s", identifier));
  }

  private Table requireView(TableName name, TableIdentifier identifier) {
    return loadOptional(name)
        .filter(IcebergTableFormat::isIcebergView)
        .orElseThrow(() -> new NoSuchViewException("View does not exist: %s", identifier));
  }

  private static AlreadyExistsException tableAlreadyExists(
      Table existing, TableIdentifier identifier) {
    if (IcebergTableFormat.isIcebergView(existing)) {
      return new AlreadyExistsException("View with same name already exists: %s", identifier);
    }
    return new AlreadyExistsException("Table already exists: %s", identifier);
  }

  private static AlreadyExistsException viewAlreadyExists(
      Table existing, TableIdentifier identifier) {
    if (IcebergTableFormat.isIcebergView(existing)) {
      return new AlreadyExistsException("View already exists: %s", identifier);
    }
    return new AlreadyExistsException("Table with same name already exists: %s", identifier);
  }

  /** {@code <database location>/<name>}, as Hive places a table that names no location. */
  private String defaultLocation(Database database, TableName name) {
    String root =
        database.location() == null
            ? warehouse + "/" + name.database() + ".db"
            : trimSlash(database.location());
    return root + "/" + name.table();
  }

  private static String metadataLocationKey() {
    return IcebergTableFormat.METADATA_LOCATION;
  }

  private static int pageSize(Integer pageSize) {
    return pageSize == null ? LISTING_PAGE : Math.min(pageSize, PageRequest.MAX_SIZE);
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static String trimSlash(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }
}
