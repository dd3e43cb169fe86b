package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.Page;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableSearch;
import io.cairn.service.CatalogService;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Glue's SearchTables over every database of the catalog, run in the store.
 *
 * <p>SearchText is matched, case-insensitively, in table names, descriptions, column and partition
 * key names and comments, and parameter keys and values; in double quotes it must be one of those
 * values whole. Filters name a field ({@code DatabaseName}, {@code Name}, {@code Description},
 * {@code Owner}, {@code TableType}, {@code CreateTime}, {@code UpdateTime}) or else a table
 * parameter; as on AWS, {@code Name} and {@code Description} match one of their words, and only the
 * time fields take a Comparator other than EQUALS (their Value in seconds since the epoch or as an
 * ISO-8601 instant). SortCriteria sorts by one of those fields.
 */
final class SearchOperations {
  static final int MAX_PAGE_SIZE = 1000;
  static final int DEFAULT_PAGE_SIZE = 100;
  private static final int MAX_VALUE_LENGTH = 1024;

  private static final Map<String, TableSearch.Field> FIELDS =
      Map.of(
          "DatabaseName", TableSearch.Field.DATABASE_NAME,
          "Name", TableSearch.Field.NAME,
          "Description", TableSearch.Field.DESCRIPTION,
          "Owner", TableSearch.Field.OWNER,
          "TableType", TableSearch.Field.TABLE_TYPE,
          "CreateTime", TableSearch.Field.CREATE_TIME,
          "UpdateTime", TableSearch.Field.UPDATE_TIME);
  private static final Map<String, TableSearch.Comparison> COMPARATORS =
      Map.of(
          "EQUALS", TableSearch.Comparison.EQUALS,
          "GREATER_THAN", TableSearch.Comparison.GREATER_THAN,
          "LESS_THAN", TableSearch.Comparison.LESS_THAN,
          "GREATER_THAN_EQUALS", TableSearch.Comparison.GREATER_THAN_OR_EQUALS,
          "LESS_THAN_EQUALS", TableSearch.Comparison.LESS_THAN_OR_EQUALS);

  private final CatalogService service;
  private final String accountId;

  SearchOperations(CatalogService service, String accountId) {
    this.service = requireNonNull(service, "service is null");
    this.accountId = requireNonNull(accountId, "accountId is null");
  }

  void registerWith(GlueOperations operations) {
    operations.register("SearchTables", this::searchTables);
  }

  private ObjectNode searchTables(GlueRequest request) {
    request.requireCatalog(accountId);
    request.enumValue("ResourceShareType", Set.of("FOREIGN", "ALL", "FEDERATED"));
    request.bool("IncludeStatusDetails");
    String text = request.string("SearchText", 1, MAX_VALUE_LENGTH);
    TableSearch.TextMatch textMatch = TableSearch.TextMatch.CONTAINED;
    if (text != null && text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
      text = text.substring(1, text.length() - 1);
      textMatch = TableSearch.TextMatch.WHOLE_VALUE;
    }
    List<TableSearch.Condition> conditions = new ArrayList<>();
    for (GlueRequest filter : request.objects("Filters", Integer.MAX_VALUE)) {
      conditions.add(condition(filter));
    }
    TableSearch.Field sortField = null;
    TableSearch.SortDirection direction = TableSearch.SortDirection.ASCENDING;
    for (GlueRequest criterion : request.objects("SortCriteria", 1)) {
      String fieldName = criterion.requiredString("FieldName", 1, MAX_VALUE_LENGTH);
      sortField = FIELDS.get(fieldName);
      if (sortField == null) {
        throw criterion.invalid(
            "FieldName",
            fieldName,
            "Cairn sorts by one of " + new java.util.TreeSet<>(FIELDS.keySet()));
      }
      if ("DESC".equals(criterion.enumValue("Sort", Set.of("ASC", "DESC")))) {
        direction = TableSearch.SortDirection.DESCENDING;
      }
    }
    Page<Table> page =
        service.searchTables(
            service.defaultCatalog(),
            new TableSearch(text, textMatch, conditions, sortField, direction),
            request.page(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE));
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("TableList");
    page.items().forEach(table -> list.add(GlueConverter.toTable(table, accountId)));
    DatabaseOperations.putNextToken(response, page);
    return response;
  }

  private static TableSearch.Condition condition(GlueRequest filter) {
    String key = filter.requiredString("Key", 1, MAX_VALUE_LENGTH);
    String value = filter.requiredString("Value", 1, MAX_VALUE_LENGTH);
    String comparatorName = filter.enumValue("Comparator", COMPARATORS.keySet());
    TableSearch.Comparison comparison =
        comparatorName == null ? TableSearch.Comparison.EQUALS : COMPARATORS.get(comparatorName);
    TableSearch.Field field = FIELDS.get(key);
    if (field != null && field.isTime()) {
      return new TableSearch.TimeCondition(field, comparison, time(filter, value));
    }
    if (comparison != TableSearch.Comparison.EQUALS) {
      throw filter.invalid(
          "Comparator", comparatorName, "only CreateTime and UpdateTime take a Comparator");
    }
    return field != null
        ? new TableSearch.TextCondition(field, value)
        : new TableSearch.ParameterCondition(key, value);
  }

  private static Instant time(GlueRequest filter, String value) {
    try {
      BigDecimal seconds = new BigDecimal(value);
      return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    } catch (NumberFormatException | ArithmeticException notSeconds) {
      try {
        return Instant.parse(value);
      } catch (DateTimeException notIso) {
        throw filter.invalid(
            "Value", value, "a time is seconds since the epoch or an ISO-8601 instant");
      }
    }
  }
}
