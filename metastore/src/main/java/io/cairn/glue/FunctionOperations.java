package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.Database;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Function;
import io.cairn.catalog.FunctionName;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.ValidationException;
import io.cairn.service.CatalogService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** Glue's user-defined function operations. */
final class FunctionOperations {
  static final int MAX_PAGE_SIZE = 100;

  private static final Set<String> FUNCTION_TYPES =
      Set.of("REGULAR_FUNCTION", "AGGREGATE_FUNCTION", "STORED_PROCEDURE");

  private final CatalogService service;
  private final String accountId;

  FunctionOperations(CatalogService service, String accountId) {
    this.service = requireNonNull(service, "service is null");
    this.accountId = requireNonNull(accountId, "accountId is null");
  }

  void registerWith(GlueOperations operations) {
    operations
        .register("CreateUserDefinedFunction", this::createFunction)
        .register("GetUserDefinedFunction", this::getFunction)
        .register("GetUserDefinedFunctions", this::getFunctions)
        .register("UpdateUserDefinedFunction", this::updateFunction)
        .register("DeleteUserDefinedFunction", this::deleteFunction);
  }

  private ObjectNode createFunction(GlueRequest request) {
    DatabaseName database = database(request);
    service.createFunction(
        GlueConverter.fromFunctionInput(database, request.requiredObject("FunctionInput")));
    return DatabaseOperations.empty();
  }

  private ObjectNode getFunction(GlueRequest request) {
    FunctionName name = new FunctionName(database(request), request.requiredName("FunctionName"));
    ObjectNode response = DatabaseOperations.empty();
    response.set(
        "UserDefinedFunction", GlueConverter.toFunction(service.loadFunction(name), accountId));
    return response;
  }

  /**
   * Functions matching Pattern, of one database or, without DatabaseName, of every database in
   * database and function name order; the NextToken then says where in which database to go on.
   */
  private ObjectNode getFunctions(GlueRequest request) {
    request.requireCatalog(accountId);
    String databaseName = request.name("DatabaseName");
    String pattern =
        NamePatterns.fromRegularExpression(request, "Pattern", request.requiredName("Pattern"));
    request.enumValue("FunctionType", FUNCTION_TYPES);
    PageRequest page = request.page(MAX_PAGE_SIZE);
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("UserDefinedFunctions");
    if (databaseName != null) {
      Page<Function> functions =
          service.listFunctions(
              new DatabaseName(service.defaultCatalog(), databaseName), pattern, page);
      functions
          .items()
          .forEach(function -> list.add(GlueConverter.toFunction(function, accountId)));
      DatabaseOperations.putNextToken(response, functions);
      return response;
    }
    AcrossDatabases position = AcrossDatabases.decode(page.token());
    List<Function> found = new ArrayList<>();
    String next = null;
    String databasesToken = null;
    collecting:
    do {
      Page<Database> databases =
          service.listDatabases(
              service.defaultCatalog(), null, new PageRequest(databasesToken, MAX_PAGE_SIZE));
      for (Database candidate : databases.items()) {
        String candidateName = candidate.name().database();
        String token = null;
        if (position != null) {
          int order = candidateName.compareTo(position.database());
          if (order < 0 || (order == 0 && position.token() == null)) {
            continue;
          }
          token = order == 0 ? position.token() : null;
        }
        Page<Function> functions =
            service.listFunctions(
                candidate.name(), pattern, new PageRequest(token, page.size() - found.size()));
        found.addAll(functions.items());
        if (found.size() == page.size()) {
          next = new AcrossDatabases(candidateName, functions.nextToken()).encode();
          break collecting;
        }
      }
      databasesToken = databases.nextToken();
    } while (databasesToken != null);
    found.forEach(function -> list.add(GlueConverter.toFunction(function, accountId)));
    if (next != null) {
      response.put("NextToken", next);
    }
    return response;
  }

  private ObjectNode updateFunction(GlueRequest request) {
    DatabaseName database = database(request);
    FunctionName name = new FunctionName(database, request.requiredName("FunctionName"));
    Function definition =
        GlueConverter.fromFunctionInput(database, request.requiredObject("FunctionInput"));
    service.updateFunction(name, definition, null);
    return DatabaseOperations.empty();
  }

  private ObjectNode deleteFunction(GlueRequest request) {
    service.dropFunction(new FunctionName(database(request), request.requiredName("FunctionName")));
    return DatabaseOperations.empty();
  }

  private DatabaseName database(GlueRequest request) {
    request.requireCatalog(accountId);
    return new DatabaseName(service.defaultCatalog(), request.requiredName("DatabaseName"));
  }

  /**
   * Where a listing over every database goes on: inside {@code database} at the function page
   * {@code token}, or with the first database after it when {@code token} is null.
   */
  private record AcrossDatabases(String database, String token) {
    private static final String PREFIX = "udf1";

    String encode() {
      String text = String.join("\n", PREFIX, database, token == null ? "" : token);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static AcrossDatabases decode(String token) {
      if (token == null) {
        return null;
      }
      String[] parts;
      try {
        parts =
            new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
                .split("\n", -1);
      } catch (IllegalArgumentException e) {
        throw new ValidationException("invalid page token");
      }
      if (parts.length != 3 || !parts[0].equals(PREFIX) || parts[1].isEmpty()) {
        throw new ValidationException("invalid page token");
      }
      return new AcrossDatabases(parts[1], parts[2].isEmpty() ? null : parts[2]);
    }
  }
}
