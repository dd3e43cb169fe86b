package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.TableName;
import io.cairn.catalog.ValidationException;
import io.cairn.service.CatalogService;
import io.cairn.service.CatalogService.ColumnStatisticsError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Glue's column statistics of tables and partitions, over the statistics Hive's Thrift clients read
 * and write: what one protocol stores, the other reads (see {@link
 * GlueConverter#fromColumnStatistics} for how the kinds map).
 */
final class ColumnStatisticsOperations {
  /** Glue's GetColumnNamesList. */
  static final int MAX_COLUMN_NAMES = 100;

  private final CatalogService service;
  private final String accountId;

  ColumnStatisticsOperations(CatalogService service, String accountId) {
    this.service = requireNonNull(service, "service is null");
    this.accountId = requireNonNull(accountId, "accountId is null");
  }

  void registerWith(GlueOperations operations) {
    operations
        .register("GetColumnStatisticsForTable", request -> get(request, false))
        .register("GetColumnStatisticsForPartition", request -> get(request, true))
        .register("UpdateColumnStatisticsForTable", request -> update(request, false))
        .register("UpdateColumnStatisticsForPartition", request -> update(request, true))
        .register("DeleteColumnStatisticsForTable", request -> delete(request, false))
        .register("DeleteColumnStatisticsForPartition", request -> delete(request, true));
  }

  /**
   * The statistics of the named columns that have them, in the order asked; each other name (a
   * column without statistics, or no column of the table) in Errors as EntityNotFoundException, as
   * AWS answers.
   */
  private ObjectNode get(GlueRequest request, boolean ofPartition) {
    TableName name = table(request);
    List<String> partitionValues = ofPartition ? partitionValues(request) : null;
    List<String> columnNames =
        request.requiredStrings("ColumnNames", MAX_COLUMN_NAMES, GlueRequest.MAX_NAME_LENGTH);
    Map<String, ColumnStatistics> found = new HashMap<>();
    for (ColumnStatistics statistics :
        service.loadColumnStatistics(name, partitionValues, columnNames)) {
      found.put(statistics.columnName(), statistics);
    }
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("ColumnStatisticsList");
    ArrayNode errors = response.putArray("Errors");
    for (String columnName : lowerCased(columnNames)) {
      ColumnStatistics statistics = found.get(columnName);
      if (statistics != null) {
        list.add(GlueConverter.toColumnStatistics(statistics));
      } else {
        ObjectNode error = errors.addObject().put("ColumnName", columnName);
        error.set(
            "Error",
            GlueConverter.toErrorDetail(
                new NoSuchEntityException(
                    "no statistics for column '"
                        + columnName
                        + "' of "
                        + name
                        + (partitionValues == null ? "" : " partition " + partitionValues))));
      }
    }
    return response;
  }

  /**
   * Stores the statistics of every entry that is valid and lists the others in Errors with the
   * statistics as sent. A missing member or a value out of range fails the whole call, as AWS's
   * request validation does.
   */
  private ObjectNode update(GlueRequest request, boolean ofPartition) {
    TableName name = table(request);
    List<String> partitionValues = ofPartition ? partitionValues(request) : null;
    if (!request.has("ColumnStatisticsList")) {
      throw request.invalid("ColumnStatisticsList", null, "Member must not be null");
    }
    List<GlueRequest> entries =
        request.objects("ColumnStatisticsList", CatalogService.MAX_BATCH_PUT_COLUMN_STATISTICS);
    JsonNode sent = request.document("ColumnStatisticsList");
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode errors = response.putArray("Errors");
    List<ColumnStatistics> statistics = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int position = 0; position < entries.size(); position++) {
      try {
        statistics.add(GlueConverter.fromColumnStatistics(entries.get(position)));
        positions.add(position);
      } catch (ValidationException e) {
        putError(errors, sent.get(position), e);
      }
    }
    for (ColumnStatisticsError error :
        service.batchPutColumnStatistics(name, partitionValues, statistics)) {
      putError(errors, sent.get(positions.get(error.position())), error.error());
    }
    return response;
  }

  /**
   * Deletes a column's statistics. A column without statistics is no error, as on AWS; a table or
   * partition that does not exist is.
   */
  private ObjectNode delete(GlueRequest request, boolean ofPartition) {
    TableName name = table(request);
    List<String> partitionValues = ofPartition ? partitionValues(request) : null;
    String columnName = request.requiredName("ColumnName");
    try {
      service.deleteColumnStatistics(name, partitionValues, columnName);
    } catch (NoSuchEntityException noStatistics) {
      // Only the statistics are missing: the service found the table and the partition first.
    }
    return DatabaseOperations.empty();
  }

  private TableName table(GlueRequest request) {
    request.requireCatalog(accountId);
    return new DatabaseName(service.defaultCatalog(), request.requiredName("DatabaseName"))
        .table(request.requiredName("TableName"));
  }

  private static List<String> partitionValues(GlueRequest request) {
    List<String> values = GlueConverter.partitionValues(request, "PartitionValues");
    if (values == null) {
      throw request.invalid("PartitionValues", null, "Member must not be null");
    }
    return values;
  }

  /** Names as Cairn keeps them, lower-cased, each once in the order asked. */
  private static Set<String> lowerCased(List<String> names) {
    Set<String> lower = new LinkedHashSet<>();
    names.forEach(name -> lower.add(name.toLowerCase(Locale.ROOT)));
    return lower;
  }

  private static void putError(ArrayNode errors, JsonNode statistics, RuntimeException error) {
    ObjectNode item = errors.addObject();
    item.set("ColumnStatistics", statistics.deepCopy());
    item.set("Error", GlueConverter.toErrorDetail(error));
  }
}
