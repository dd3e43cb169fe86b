package io.cairn.iceberg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.catalog.Catalog;
import io.cairn.catalog.TableName;
import io.cairn.server.HttpEndpoint;
import io.cairn.server.HttpRequest;
import io.cairn.server.HttpResponse;
import io.cairn.server.Metrics;
import io.cairn.server.Route;
import io.cairn.server.ServerConfig;
import io.cairn.service.CatalogService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTRequest;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.requests.CommitTransactionRequest;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RegisterViewRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Iceberg REST catalog API (the 1.11 spec) at {@code /iceberg}: clients use {@code
 * uri=http://host:port/iceberg}. Requests and responses are Iceberg's own classes, read and written
 * with Iceberg's serializers; the operations are {@link IcebergCatalog}'s, over Cairn's catalog.
 *
 * <p>Paths take an optional prefix, the name of a Cairn catalog ({@code /v1/<catalog>/namespaces}):
 * {@code GET /v1/config?warehouse=<catalog>} hands it out; without it, requests go to the default
 * catalog. Errors are Iceberg's error model ({@link IcebergErrors}). Mutations honour {@code
 * Idempotency-Key} ({@link IdempotencyKeys}); with credentials configured every request but the
 * token endpoint needs a bearer token ({@link BearerAuthentication}).
 */
public final class IcebergRestApi implements HttpEndpoint {
  public static final String PATH = "/iceberg";
  static final String PROTOCOL = "iceberg";

  private static final Logger LOG = LoggerFactory.getLogger(IcebergRestApi.class);

  /** Path segments after {@code /v1} that start a route rather than name a prefix. */
  private static final Set<String> ROUTE_ROOTS =
      Set.of("config", "oauth", "namespaces", "tables", "views", "transactions");

  private static final Pattern NAMESPACE_SEPARATOR = Pattern.compile("\u001f|%1[Ff]");

  private static final List<Endpoint> ENDPOINTS =
      List.of(
          Endpoint.V1_LIST_NAMESPACES,
          Endpoint.V1_LOAD_NAMESPACE,
          Endpoint.V1_NAMESPACE_EXISTS,
          Endpoint.V1_CREATE_NAMESPACE,
          Endpoint.V1_UPDATE_NAMESPACE,
          Endpoint.V1_DELETE_NAMESPACE,
          Endpoint.V1_COMMIT_TRANSACTION,
          Endpoint.V1_LIST_TABLES,
          Endpoint.V1_LOAD_TABLE,
          Endpoint.V1_TABLE_EXISTS,
          Endpoint.V1_CREATE_TABLE,
          Endpoint.V1_UPDATE_TABLE,
          Endpoint.V1_DELETE_TABLE,
          Endpoint.V1_RENAME_TABLE,
          Endpoint.V1_REGISTER_TABLE,
          Endpoint.V1_REPORT_METRICS,
          Endpoint.V1_LIST_VIEWS,
          Endpoint.V1_LOAD_VIEW,
          Endpoint.V1_VIEW_EXISTS,
          Endpoint.V1_CREATE_VIEW,
          Endpoint.V1_UPDATE_VIEW,
          Endpoint.V1_DELETE_VIEW,
          Endpoint.V1_RENAME_VIEW,
          Endpoint.V1_REGISTER_VIEW);

  private final CatalogService service;
  private final Metrics metrics;
  private final IcebergCatalog catalog;
  private final IdempotencyKeys idempotencyKeys;
  private final BearerAuthentication authentication;
  private final ObjectMapper mapper;

  IcebergRestApi(
      CatalogService service,
      Metrics metrics,
      IcebergCatalog catalog,
      IdempotencyKeys idempotencyKeys,
      BearerAuthentication authentication) {
    this.service = requireNonNull(service, "service is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.idempotencyKeys = requireNonNull(idempotencyKeys, "idempotencyKeys is null");
    this.authentication = requireNonNull(authentication, "authentication is null");
    this.mapper = newObjectMapper();
  }

  /** The API mounted at {@code /iceberg}, with the FileIO and credentials the config names. */
  public static Route route(ServerConfig config, CatalogService service, Metrics metrics) {
    FileIO io = CatalogUtil.loadFileIO(config.iceberg().fileIoImpl(), Map.of(), null);
    Clock clock = Clock.systemUTC();
    IcebergRestApi api =
        new IcebergRestApi(
            service,
            metrics,
            new IcebergCatalog(service, io, config.effectiveWarehouse()),
            new IdempotencyKeys(service, config.iceberg().idempotencyKeyLifetime(), clock),
            new BearerAuthentication(config.iceberg(), clock));
    return Route.prefix("Iceberg REST", PATH, api);
  }

  /**
   * Iceberg's JSON as its own REST client writes it: kebab-case names of the response classes'
   * fields, Iceberg's serializers, unknown fields ignored.
   */
  static ObjectMapper newObjectMapper() {
    ObjectMapper mapper =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .build();
    RESTSerializers.registerAll(mapper);
    return mapper;
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    List<String> segments = segments(request.path());
    String operation = "unknown";
    try {
      if (segments.equals(List.of("v1", "oauth", "tokens"))) {
        operation = "getToken";
        requireMethod(request, "POST");
        return metrics.time(PROTOCOL, operation, () -> authentication.token(request, mapper));
      }
      authentication.authenticate(request);
      if (segments.equals(List.of("v1", "config"))) {
        operation = "getConfig";
        requireMethod(request, "GET");
        return metrics.time(PROTOCOL, operation, () -> json(200, config(request)));
      }
      if (segments.size() < 2 || !segments.get(0).equals("v1")) {
        throw new NotFoundException("no Iceberg REST resource at %s", request.path());
      }
      String catalogName = service.defaultCatalog();
      List<String> route = segments.subList(1, segments.size());
      if (!ROUTE_ROOTS.contains(route.get(0))) {
        catalogName = requireCatalog(route.get(0));
        route = route.subList(1, route.size());
      }
      Operation resolved = resolve(request, catalogName, route);
      operation = resolved.name();
      String name = operation;
      if (request.method().equals("POST") || request.method().equals("DELETE")) {
        // Errors are answered inside: a 4xx is the final response a retry gets again.
        return idempotencyKeys.handle(
            request, () -> metrics.time(PROTOCOL, name, () -> run(request, name, resolved)));
      }
      return metrics.time(PROTOCOL, name, () -> run(request, name, resolved));
    } catch (RuntimeException e) {
      return error(request, operation, e);
    }
  }

  private HttpResponse run(HttpRequest request, String operation, Operation resolved) {
    try {
      return resolved.call().run();
    } catch (RuntimeException e) {
      return error(request, operation, e);
    }
  }

  private HttpResponse error(HttpRequest request, String operation, RuntimeException exception) {
    IcebergErrors.Error error = IcebergErrors.of(exception);
    if (error.code() >= 500) {
      LOG.error(
          "Iceberg REST {} {} ({}) failed", request.method(), request.path(), operation, exception);
    } else {
      LOG.debug(
          "Iceberg REST {} {} ({}): {} {}",
          request.method(),
          request.path(),
          operation,
          error.type(),
          error.message());
    }
    HttpResponse response =
        request.method().equals("HEAD")
            ? new HttpResponse(error.code(), null, Map.of(), new byte[0])
            : new HttpResponse(
                error.code(), HttpResponse.JSON, Map.of(), write(error.toResponse()));
    return error.code() == 401
        ? response.withHeader("WWW-Authenticate", "Bearer realm=\"cairn\"")
        : response;
  }

  /** A resolved route: its operation name (for metrics and logs) and what it does. */
  private record Operation(String name, Call call) {}

  @FunctionalInterface
  private interface Call {
    HttpResponse run();
  }

  private Operation resolve(HttpRequest request, String catalogName, List<String> route) {
    String method = request.method();
    String root = route.get(0);
    int size = route.size();
    if (root.equals("transactions") && size == 2 && route.get(1).equals("commit")) {
      requireMethod(request, "POST");
      return new Operation("commitTransaction", () -> commitTransaction(request, catalogName));
    }
    if ((root.equals("tables") || root.equals("views"))
        && size == 2
        && route.get(1).equals("rename")) {
      requireMethod(request, "POST");
      boolean views = root.equals("views");
      return new Operation(
          views ? "renameView" : "renameTable",
          () -> {
            RenameTableRequest rename = parse(request, RenameTableRequest.class);
            if (views) {
              catalog.renameView(catalogName, rename);
            } else {
              catalog.renameTable(catalogName, rename);
            }
            return noContent();
          });
    }
    if (!root.equals("namespaces")) {
      throw new NotFoundException("no Iceberg REST resource at %s", request.path());
    }
    if (size == 1) {
      return switch (method) {
        case "GET" ->
            new Operation(
                "listNamespaces",
                () -> {
                  String parent = request.queryParameter("parent");
                  Namespace parentNamespace =
                      parent == null || parent.isEmpty() ? Namespace.empty() : namespace(parent);
                  return json(
                      200,
                      catalog.listNamespaces(
                          catalogName,
                          parentNamespace,
                          request.queryParameter("pageToken"),
                          pageSize(request)));
                });
        case "POST" ->
            new Operation(
                "createNamespace",
                () ->
                    json(
                        200,
                        catalog.createNamespace(
                            catalogName, parse(request, CreateNamespaceRequest.class))));
        default -> throw methodNotAllowed(request, "GET, POST");
      };
    }
    Namespace namespace = namespace(route.get(1));
    if (size == 2) {
      return switch (method) {
        case "GET" ->
            new Operation(
                "loadNamespace", () -> json(200, catalog.loadNamespace(catalogName, namespace)));
        case "HEAD" ->
            new Operation(
                "namespaceExists",
                () -> {
                  catalog.loadNamespace(catalogName, namespace);
                  return noContent();
                });
        case "DELETE" ->
            new Operation(
                "dropNamespace",
                () -> {
                  catalog.dropNamespace(catalogName, namespace);
                  return noContent();
                });
        default -> throw methodNotAllowed(request, "GET, HEAD, DELETE");
      };
    }
    String collection = route.get(2);
    if (size == 3 && collection.equals("properties")) {
      requireMethod(request, "POST");
      return new Operation(
          "updateNamespaceProperties",
          () ->
              json(
                  200,
                  catalog.updateNamespaceProperties(
                      catalogName,
                      namespace,
                      parse(request, UpdateNamespacePropertiesRequest.class))));
    }
    if (size == 3 && collection.equals("register")) {
      requireMethod(request, "POST");
      return new Operation(
          "registerTable",
          () ->
              loadTableResponse(
                  catalog.registerTable(
                      catalogName, namespace, parse(request, RegisterTableRequest.class))));
    }
    if (size == 3 && collection.equals("register-view")) {
      requireMethod(request, "POST");
      return new Operation(
          "registerView",
          () ->
              json(
                  200,
                  catalog.registerView(
                      catalogName, namespace, parse(request, RegisterViewRequest.class))));
    }
    if (collection.equals("tables")) {
      return tableOperation(request, catalogName, namespace, route);
    }
    if (collection.equals("views")) {
      return viewOperation(request, catalogName, namespace, route);
    }
    throw new NotFoundException("no Iceberg REST resource at %s", request.path());
  }

  private Operation tableOperation(
      HttpRequest request, String catalogName, Namespace namespace, List<String> route) {
    String method = request.method();
    if (route.size() == 3) {
      return switch (method) {
        case "GET" ->
            new Operation(
                "listTables",
                () ->
                    json(
                        200,
                        catalog.listTables(
                            catalogName,
                            namespace,
                            request.queryParameter("pageToken"),
                            pageSize(request))));
        case "POST" ->
            new Operation(
                "createTable",
                () ->
                    loadTableResponse(
                        catalog.createTable(
                            catalogName, namespace, parse(request, CreateTableRequest.class))));
        default -> throw methodNotAllowed(request, "GET, POST");
      };
    }
    TableIdentifier identifier = TableIdentifier.of(namespace, route.get(3));
    TableName name = catalog.tableName(catalogName, identifier);
    if (route.size() == 5 && route.get(4).equals("metrics")) {
      requireMethod(request, "POST");
      return new Operation(
          "reportMetrics",
          () -> {
            ReportMetricsRequest report = parse(request, ReportMetricsRequest.class);
            catalog.tableExists(name, identifier);
            service.recordMetricsReport(
                name,
                report.reportType().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                request.bodyAsString());
            return noContent();
          });
    }
    if (route.size() != 4) {
      throw new NotFoundException("no Iceberg REST resource at %s", request.path());
    }
    return switch (method) {
      case "GET" -> new Operation("loadTable", () -> loadTable(request, name, identifier));
      case "HEAD" ->
          new Operation(
              "tableExists",
              () -> {
                catalog.tableExists(name, identifier);
                return noContent();
              });
      case "POST" ->
          new Operation(
              "updateTable",
              () ->
                  loadTableResponse(
                      catalog.commitTable(
                          name, identifier, parse(request, UpdateTableRequest.class))));
      case "DELETE" ->
          new Operation(
              "dropTable",
              () -> {
                catalog.dropTable(
                    name,
                    identifier,
                    Boolean.parseBoolean(request.queryParameter("purgeRequested")));
                return noContent();
              });
      default -> throw methodNotAllowed(request, "GET, HEAD, POST, DELETE");
    };
  }

  private Operation viewOperation(
      HttpRequest request, String catalogName, Namespace namespace, List<String> route) {
    String method = request.method();
    if (route.size() == 3) {
      return switch (method) {
        case "GET" ->
            new Operation(
                "listViews",
                () ->
                    json(
                        200,
                        catalog.listViews(
                            catalogName,
                            namespace,
                            request.queryParameter("pageToken"),
                            pageSize(request))));
        case "POST" ->
            new Operation(
                "createView",
                () ->
                    json(
                        200,
                        catalog.createView(
                            catalogName, namespace, parse(request, CreateViewRequest.class))));
        default -> throw methodNotAllowed(request, "GET, POST");
      };
    }
    if (route.size() != 4) {
      throw new NotFoundException("no Iceberg REST resource at %s", request.path());
    }
    TableIdentifier identifier = TableIdentifier.of(namespace, route.get(3));
    TableName name = viewName(catalogName, identifier);
    return switch (method) {
      case "GET" -> new Operation("loadView", () -> json(200, catalog.loadView(name, identifier)));
      case "HEAD" ->
          new Operation(
              "viewExists",
              () -> {
                catalog.viewExists(name, identifier);
                return noContent();
              });
      case "POST" ->
          new Operation(
              "updateView",
              () ->
                  json(
                      200,
                      catalog.commitView(
                          name, identifier, parse(request, UpdateTableRequest.class))));
      case "DELETE" ->
          new Operation(
              "dropView",
              () -> {
                catalog.dropView(name, identifier);
                return noContent();
              });
      default -> throw methodNotAllowed(request, "GET, HEAD, POST, DELETE");
    };
  }

  private TableName viewName(String catalogName, TableIdentifier identifier) {
    try {
      return catalog.tableName(catalogName, identifier);
    } catch (NoSuchTableException e) {
      throw new org.apache.iceberg.exceptions.NoSuchViewException(
          "View does not exist: %s", identifier);
    }
  }

  /**
   * A load answers 304 without a body when {@code If-None-Match} names the current ETag: the
   * table's metadata location, hashed, which changes with every commit.
   */
  private HttpResponse loadTable(HttpRequest request, TableName name, TableIdentifier identifier) {
    String snapshots = request.queryParameter("snapshots");
    if (snapshots != null && !snapshots.equals("all") && !snapshots.equals("refs")) {
      throw new BadRequestException("snapshots must be all or refs, not %s", snapshots);
    }
    String etag = etag(catalog.metadataLocation(name, identifier));
    String ifNoneMatch = request.header("if-none-match");
    if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
      return new HttpResponse(304, null, Map.of("ETag", etag), new byte[0]);
    }
    return loadTableResponse(catalog.loadTable(name, identifier));
  }

  private HttpResponse loadTableResponse(LoadTableResponse response) {
    HttpResponse answer = json(200, response);
    return response.metadataLocation() == null
        ? answer
        : answer.withHeader("ETag", etag(response.metadataLocation()));
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    return Arrays.stream(ifNoneMatch.split(","))
        .map(String::trim)
        .anyMatch(tag -> tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag));
  }

  static String etag(String metadataLocation) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(metadataLocation.getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse commitTransaction(HttpRequest request, String catalogName) {
    CommitTransactionRequest transaction = parse(request, CommitTransactionRequest.class);
    List<IcebergCatalog.Change> changes = new ArrayList<>();
    for (UpdateTableRequest change : transaction.tableChanges()) {
      if (change.identifier() == null) {
        throw new BadRequestException("every table change of a transaction names its table");
      }
      changes.add(
          new IcebergCatalog.Change(
              catalog.tableName(catalogName, change.identifier()),
              change.identifier(),
              change.requirements(),
              change.updates()));
    }
    catalog.commit(changes);
    return noContent();
  }

  private ConfigResponse config(HttpRequest request) {
    ConfigResponse.Builder config =
        ConfigResponse.builder()
            .withEndpoints(ENDPOINTS)
            .withIdempotencyKeyLifetime(idempotencyKeys.lifetime().toString());
    String warehouse = request.queryParameter("warehouse");
    if (warehouse != null && !warehouse.isBlank()) {
      String catalogName = warehouseCatalog(warehouse.trim());
      if (!catalogName.equals(service.defaultCatalog())) {
        config.withOverride("prefix", catalogName);
      }
    }
    return config.build();
  }

  /**
   * The catalog a client's {@code warehouse} selects: a Cairn catalog by name, or for a location
   * the default catalog (where tables go is the server's choice: {@code catalog.warehouse} or the
   * namespace's location).
   */
  private String warehouseCatalog(String warehouse) {
    for (Catalog candidate : service.listCatalogs()) {
      if (candidate.name().equalsIgnoreCase(warehouse)) {
        return candidate.name();
      }
    }
    if (warehouse.contains(":") || warehouse.startsWith("/")) {
      return service.defaultCatalog();
    }
    throw new BadRequestException(
        "no catalog named %s: a warehouse is a Cairn catalog's name or a location", warehouse);
  }

  private String requireCatalog(String prefix) {
    for (Catalog candidate : service.listCatalogs()) {
      if (candidate.name().equalsIgnoreCase(prefix)) {
        return candidate.name();
      }
    }
    throw new NotFoundException("no catalog named %s (the path's prefix)", prefix);
  }

  private <T extends RESTRequest> T parse(HttpRequest request, Class<T> type) {
    if (request.body().length == 0) {
      throw new BadRequestException("the request needs a JSON body");
    }
    T parsed;
    try {
      parsed = mapper.readValue(request.body(), type);
    } catch (JsonProcessingException e) {
      throw new BadRequestException(e, "malformed JSON request: %s", e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      // Iceberg's parsers reject missing or mistyped fields with IllegalArgumentException and
      // friends; whatever they throw about the body, nothing has been done yet.
      throw new BadRequestException(e, "malformed request: %s", e.getMessage());
    }
    if (parsed == null) {
      throw new BadRequestException("the request body is null");
    }
    try {
      parsed.validate();
    } catch (RuntimeException e) {
      throw new BadRequestException(e, "invalid request: %s", e.getMessage());
    }
    return parsed;
  }

  private HttpResponse json(int status, Object body) {
    return new HttpResponse(status, HttpResponse.JSON, Map.of(), write(body));
  }

  private byte[] write(Object body) {
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the response", e);
    }
  }

  private static HttpResponse noContent() {
    return new HttpResponse(204, null, Map.of(), new byte[0]);
  }

  private static Integer pageSize(HttpRequest request) {
    String value = request.queryParameter("pageSize");
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      int size = Integer.parseInt(value);
      if (size < 1) {
        throw new BadRequestException("pageSize must be at least 1, not %s", value);
      }
      return size;
    } catch (NumberFormatException e) {
      throw new BadRequestException("pageSize must be an integer, not %s", value);
    }
  }

  /**
   * A namespace path segment: its levels separated by the unit separator (%1F). Jetty hands the
   * path over decoded except for that control character, which it leaves as {@code %1F}; a literal
   * {@code %1F} cannot be meant, as Jetty refuses an encoded {@code %} (%25) as ambiguous.
   */
  private static Namespace namespace(String segment) {
    if (segment.isEmpty()) {
      throw new NoSuchNamespaceException("Namespace does not exist: (empty)");
    }
    return Namespace.of(NAMESPACE_SEPARATOR.split(segment, -1));
  }

  /** The decoded path segments below {@code /iceberg}. */
  private static List<String> segments(String path) {
    String rest = path.length() > PATH.length() ? path.substring(PATH.length() + 1) : "";
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    return rest.isEmpty() ? List.of() : List.of(rest.split("/", -1));
  }

  private static void requireMethod(HttpRequest request, String method) {
    if (!request.method().equals(method)) {
      throw methodNotAllowed(request, method);
    }
  }

  private static IcebergErrors.MethodNotAllowedException methodNotAllowed(
      HttpRequest request, String allowed) {
    return new IcebergErrors.MethodNotAllowedException(
        "method "
            + request.method()
            + " is not allowed on "
            + request.path()
            + " ("
            + allowed
            + ")");
  }
}
