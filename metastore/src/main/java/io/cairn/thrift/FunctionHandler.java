package io.cairn.thrift;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.FunctionName;
import io.cairn.catalog.NoSuchDatabaseException;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.service.CatalogService;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.hive.metastore.api.Function;
import org.apache.hadoop.hive.metastore.api.GetAllFunctionsResponse;

/**
 * The Hive Metastore's user-defined function methods, each one service call (dispatch and error
 * translation as for {@link HiveMetastoreHandler}, in {@link HandlerInvocation}).
 */
final class FunctionHandler {
  private static final int LISTING_PAGE = 10_000;

  private final CatalogService service;
  private final HiveNames names;

  FunctionHandler(CatalogService service) {
    this.service = requireNonNull(service, "service is null");
    this.names = new HiveNames(service.defaultCatalog());
  }

  public void create_function(Function function) {
    String catalog = function.isSetCatName() ? function.getCatName() : null;
    service.createFunction(ThriftConverter.fromThrift(names.catalog(catalog), function));
  }

  public Function get_function(String database, String function) {
    return ThriftConverter.toThrift(service.loadFunction(functionName(database, function)));
  }

  /**
   * HMS semantics: the new function replaces the stored one; a different function name renames it
   * within its database.
   */
  public void alter_function(String database, String function, Function newFunction) {
    FunctionName name = functionName(database, function);
    io.cairn.catalog.Function replacement = ThriftConverter.fromThrift(name.catalog(), newFunction);
    service.updateFunction(name, replacement, null);
  }

  public void drop_function(String database, String function) {
    service.dropFunction(functionName(database, function));
  }

  public List<String> get_functions(String database, String pattern) {
    DatabaseName name = databaseName(database);
    List<String> names = new ArrayList<>();
    forEachPage(
        token -> service.listFunctions(name, pattern, new PageRequest(token, LISTING_PAGE)),
        function -> names.add(function.name().function()));
    return names;
  }

  /** Every function of every database of the default catalog, as HMS answers it. */
  public GetAllFunctionsResponse get_all_functions() {
    List<Function> functions = new ArrayList<>();
    forEachPage(
        token ->
            service.listDatabases(
                service.defaultCatalog(), null, new PageRequest(token, LISTING_PAGE)),
        (Database database) -> {
          try {
            forEachPage(
                token ->
                    service.listFunctions(
                        database.name(), null, new PageRequest(token, LISTING_PAGE)),
                function -> functions.add(ThriftConverter.toThrift(function)));
          } catch (NoSuchDatabaseException droppedMeanwhile) {
            // Dropped since it was listed: it has no functions any more.
          }
        });
    GetAllFunctionsResponse response = new GetAllFunctionsResponse();
    response.setFunctions(functions);
    return response;
  }

  private FunctionName functionName(String database, String function) {
    return new FunctionName(
        databaseName(database), requireNonNull(function, "function name is null"));
  }

  private DatabaseName databaseName(String name) {
    return names.database(name);
  }

  private static <T> void forEachPage(
      java.util.function.Function<String, Page<T>> listing, Consumer<T> action) {
    String token = null;
    do {
      Page<T> page = listing.apply(token);
      page.items().forEach(action);
      token = page.nextToken();
    } while (token != null);
  }
}
