package io.cairn.server.browse;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.AlreadyExistsException;
import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.InvalidOperationException;
import io.cairn.catalog.LimitExceededException;
import io.cairn.catalog.NotFoundException;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PartitionNames;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.catalog.TableVersion;
import io.cairn.catalog.ValidationException;
import io.cairn.catalog.filter.GlueExpressionParser;
import io.cairn.catalog.filter.PartitionPredicate;
import io.cairn.json.CatalogJson;
import io.cairn.server.HttpEndpoint;
import io.cairn.server.HttpRequest;
import io.cairn.server.HttpResponse;
import io.cairn.server.Metrics;
import io.cairn.server.Route;
import io.cairn.service.CatalogService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browse API: read-only JSON over the catalog under {@code /api/v1}, documented in {@code
 * /api/v1/openapi.yaml} (source: {@code src/main/resources/openapi/browse.yaml}).
 *
 * <p>Domain objects are written with {@link CatalogJson}, the JSON shared with the export format.
 * Listings are paged with {@code pageSize} and the opaque {@code pageToken} of the previous page's
 * {@code nextPageToken}. Errors are {@code {"error":{"code":…,"type":…,"message":…}}}.
 */
public final class BrowseApi implements HttpEndpoint {
  public static final String PATH = "/api/v1";
  public static final String PROTOCOL = "browse";
  public static final int DEFAULT_PAGE_SIZE = 100;
  public static final int MAX_PAGE_SIZE = 1000;

  /** How many of its newest versions a table document embeds; {@code /versions} pages all. */
  public static final int EMBEDDED_VERSIONS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(BrowseApi.class);
  private static final String OPENAPI_RESOURCE = "/openapi/browse.yaml";
  private static final Set<String> PAGE_PARAMETERS = Set.of("catalog", "pageSize", "pageToken");

  private final CatalogService service;
  private final Metrics metrics;
  private final ObjectMapper mapper = CatalogJson.newObjectMapper();
  private final byte[] openApiDocument;
  private final List<Operation> operations;

  public BrowseApi(CatalogService service, Metrics metrics) {
    this.service = requireNonNull(service, "service is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.openApiDocument = readOpenApiDocument();
    this.operations =
        List.of(
            new Operation("GetOpenApi", "openapi.yaml", Set.of(), this::openApi),
            new Operation("ListDatabases", "databases", PAGE_PARAMETERS, this::listDatabases),
            new Operation("GetDatabase", "databases/*", Set.of("catalog"), this::getDatabase),
            new Operation(
                "GetDatabaseTags", "databases/*/tags", Set.of("catalog"), this::getDatabaseTags),
            new Operation("ListTables", "databases/*/tables", PAGE_PARAMETERS, this::listTables),
            new Operation("GetTable", "databases/*/tables/*", Set.of("catalog"), this::getTable),
            new Operation(
                "ListTableVersions",
                "databases/*/tables/*/versions",
                PAGE_PARAMETERS,
                this::listTableVersions),
            new Operation(
                "ListPartitions",
                "databases/*/tables/*/partitions",
                union(PAGE_PARAMETERS, Set.of("filter")),
                this::listPartitions),
            new Operation(
                "GetTableTags",
                "databases/*/tables/*/tags",
                Set.of("catalog"),
                this::getTableTags));
  }

  /** The API mounted at {@link #PATH}. */
  public static Route route(CatalogService service, Metrics metrics) {
    return Route.prefix("browse API", PATH, new BrowseApi(service, metrics));
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    List<String> segments =
        Arrays.stream(request.path().substring(PATH.length()).split("/"))
            .filter(segment -> !segment.isEmpty())
            .toList();
    for (Operation operation : operations) {
      List<String> names = operation.match(segments);
      if (names == null) {
        continue;
      }
      if (!request.method().equals("GET")) {
        LOG.debug("{} {}: method not allowed", request.method(), request.path());
        return HttpResponse.methodNotAllowed(request, "GET");
      }
      try {
        return metrics.time(
            PROTOCOL,
            operation.name(),
            () -> {
              checkParameters(request, operation.parameters());
              return operation.handler().apply(new Call(request, names));
            });
      } catch (RuntimeException e) {
        return error(request, e);
      }
    }
    LOG.debug("{} {}: no such resource", request.method(), request.path());
    return HttpResponse.error(404, "NotFound", "no resource at " + request.path());
  }

  /** The HTTP status of an exception an operation throws; 500 for anything unexpected. */
  static int status(Throwable exception) {
    if (exception instanceof NotFoundException) {
      return 404;
    }
    if (exception instanceof AlreadyExistsException || exception instanceof CommitFailedException) {
      return 409;
    }
    if (exception instanceof ValidationException
        || exception instanceof InvalidOperationException
        || exception instanceof LimitExceededException) {
      return 400;
    }
    return 500;
  }

  private static HttpResponse error(HttpRequest request, RuntimeException exception) {
    int status = status(exception);
    if (status == 500) {
      LOG.error("{} {} failed", request.method(), request.path(), exception);
      return HttpResponse.error(500, "InternalServerError", "internal server error");
    }
    LOG.debug("{} {}: {}", request.method(), request.path(), exception.toString());
    return HttpResponse.error(status, exception.getClass().getSimpleName(), exception.getMessage());
  }

  // Operations

  private HttpResponse openApi(Call call) {
    return HttpResponse.of(200, "application/yaml", openApiDocument);
  }

  private HttpResponse listDatabases(Call call) {
    Page<Database> page = service.listDatabases(call.catalog(), null, call.page());
    return ok(pageDocument("databases", page, mapper::valueToTree));
  }

  private HttpResponse getDatabase(Call call) {
    return ok(mapper.valueToTree(service.loadDatabase(call.database())));
  }

  private HttpResponse getDatabaseTags(Call call) {
    DatabaseName database = call.database();
    requireDefaultCatalog(database.catalog());
    return ok(tagsDocument(service.arns().database(database)));
  }

  private HttpResponse listTables(Call call) {
    Page<Table> page = service.listTables(call.database(), null, call.page());
    return ok(pageDocument("tables", page, mapper::valueToTree));
  }

  private HttpResponse getTable(Call call) {
    TableName name = call.table();
    Table table = service.loadTable(name);
    Page<TableVersion> versions =
        service.listTableVersions(name, PageRequest.first(EMBEDDED_VERSIONS));
    ObjectNode document = mapper.valueToTree(table);
    document.set("versions", versionsArray(versions.items()));
    if (versions.nextToken() != null) {
      document.put("versionsNextPageToken", versions.nextToken());
    }
    return ok(document);
  }

  private HttpResponse listTableVersions(Call call) {
    Page<TableVersion> page = service.listTableVersions(call.table(), call.page());
    ObjectNode document = mapper.createObjectNode();
    document.set("versions", versionsArray(page.items()));
    if (page.nextToken() != null) {
      document.put("nextPageToken", page.nextToken());
    }
    return ok(document);
  }

  private HttpResponse listPartitions(Call call) {
    TableName name = call.table();
    PageRequest pageRequest = call.page();
    PartitionPredicate predicate =
        GlueExpressionParser.parse(call.request().queryParameter("filter"));
    Table table = service.loadTable(name);
    Page<Partition> page = service.listPartitions(name, predicate, pageRequest);
    return ok(
        pageDocument(
            "partitions",
            page,
            partition -> {
              ObjectNode node = mapper.valueToTree(partition);
              node.put("name", PartitionNames.name(table.partitionKeys(), partition.values()));
              return node;
            }));
  }

  private HttpResponse getTableTags(Call call) {
    TableName name = call.table();
    requireDefaultCatalog(name.catalog());
    return ok(tagsDocument(service.arns().table(name)));
  }

  // Documents

  private ObjectNode tagsDocument(String resourceArn) {
    ObjectNode document = mapper.createObjectNode();
    document.put("resourceArn", resourceArn);
    ObjectNode tags = document.putObject("tags");
    new TreeMap<>(service.loadTags(resourceArn)).forEach(tags::put);
    return document;
  }

  private ArrayNode versionsArray(List<TableVersion> versions) {
    ArrayNode array = mapper.createArrayNode();
    for (TableVersion version : versions) {
      ObjectNode node = array.addObject().put("versionId", version.versionId());
      if (version.table().updateTime() != null) {
        node.put("updateTime", version.table().updateTime().toString());
      }
    }
    return array;
  }

  private <T> ObjectNode pageDocument(String field, Page<T> page, Function<T, JsonNode> toJson) {
    ObjectNode document = mapper.createObjectNode();
    ArrayNode items = document.putArray(field);
    page.items().forEach(item -> items.add(toJson.apply(item)));
    if (page.nextToken() != null) {
      document.put("nextPageToken", page.nextToken());
    }
    return document;
  }

  private static HttpResponse ok(JsonNode document) {
    return HttpResponse.json(200, document);
  }

  // Requests

  /** Tags are keyed by Glue ARNs, which have no catalog: only the default catalog has tags. */
  private void requireDefaultCatalog(String catalog) {
    if (!catalog.equals(service.defaultCatalog())) {
      throw new ValidationException(
          "tags are kept only for the default catalog '" + service.defaultCatalog() + "'");
    }
  }

  private static void checkParameters(HttpRequest request, Set<String> allowed) {
    for (String name : request.queryParameters().keySet()) {
      if (!allowed.contains(name)) {
        throw new ValidationException(
            "unknown query parameter '"
                + name
                + "'"
                + (allowed.isEmpty()
                    ? "; this resource takes none"
                    : "; this resource takes " + String.join(", ", new TreeSet<>(allowed))));
      }
    }
  }

  private static Set<String> union(Set<String> left, Set<String> right) {
    Set<String> union = new TreeSet<>(left);
    union.addAll(right);
    return Set.copyOf(union);
  }

  private static byte[] readOpenApiDocument() {
    try (InputStream in = BrowseApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + OPENAPI_RESOURCE + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An operation of the API at a path pattern ({@code *} is one name). */
  private record Operation(
      String name, String pattern, Set<String> parameters, Function<Call, HttpResponse> handler) {
    /** The names in place of the {@code *}s, or null if the path does not match. */
    List<String> match(List<String> segments) {
      String[] parts = pattern.split("/");
      if (parts.length != segments.size()) {
        return null;
      }
      List<String> names = new ArrayList<>();
      for (int i = 0; i < parts.length; i++) {
        if (parts[i].equals("*")) {
          names.add(segments.get(i));
        } else if (!parts[i].equals(segments.get(i))) {
          return null;
        }
      }
      return names;
    }
  }

  /** One request to an operation, with the names from its path. */
  private final class Call {
    private final HttpRequest request;
    private final List<String> names;

    Call(HttpRequest request, List<String> names) {
      this.request = request;
      this.names = names;
    }

    HttpRequest request() {
      return request;
    }

    String catalog() {
      String catalog = request.queryParameter("catalog");
      return catalog == null || catalog.isBlank() ? service.defaultCatalog() : catalog;
    }

    DatabaseName database() {
      return new DatabaseName(catalog(), names.get(0));
    }

    TableName table() {
      return new TableName(catalog(), names.get(0), names.get(1));
    }

    PageRequest page() {
      String size = request.queryParameter("pageSize");
      int pageSize = DEFAULT_PAGE_SIZE;
      if (size != null) {
        try {
          pageSize = Integer.parseInt(size.trim());
        } catch (NumberFormatException e) {
          pageSize = -1;
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
          throw new ValidationException(
              "pageSize must be an integer from 1 to " + MAX_PAGE_SIZE + ", was '" + size + "'");
        }
      }
      String token = request.queryParameter("pageToken");
      return new PageRequest(token == null || token.isEmpty() ? null : token, pageSize);
    }
  }
}
