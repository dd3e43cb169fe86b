package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.Page;
import io.cairn.catalog.Partition;
import io.cairn.catalog.PartitionIndex;
import io.cairn.catalog.Segment;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableName;
import io.cairn.service.CatalogService;
import io.cairn.service.CatalogService.PartitionBatch;
import io.cairn.service.CatalogService.PartitionError;
import io.cairn.service.CatalogService.PartitionUpdate;
import java.util.ArrayList;
import java.util.List;

/**
 * Glue's partition and partition index operations, each one {@link CatalogService} call (see
 * docs/glue-partitions.md). Batches answer the entries that failed in {@code Errors}, each with the
 * error a single call would have given, and write the others.
 */
final class PartitionOperations {
  /** Glue's PredicateString: GetPartitions' Expression, at most 2048 characters. */
  static final int MAX_EXPRESSION_LENGTH = 2048;

  /** Glue's BoundedPartitionValueList: UpdatePartition's PartitionValueList. */
  static final int MAX_UPDATE_VALUES = 100;

  private final CatalogService service;
  private final String accountId;

  PartitionOperations(CatalogService service, String accountId) {
    this.service = requireNonNull(service, "service is null");
    this.accountId = requireNonNull(accountId, "accountId is null");
  }

  void registerWith(GlueOperations operations) {
    operations
        .register("CreatePartition", this::createPartition)
        .register("BatchCreatePartition", this::batchCreatePartition)
        .register("GetPartition", this::getPartition)
        .register("GetPartitions", this::getPartitions)
        .register("BatchGetPartition", this::batchGetPartition)
        .register("UpdatePartition", this::updatePartition)
        .register("BatchUpdatePartition", this::batchUpdatePartition)
        .register("DeletePartition", this::deletePartition)
        .register("BatchDeletePartition", this::batchDeletePartition)
        .register("CreatePartitionIndex", this::createPartitionIndex)
        .register("GetPartitionIndexes", this::getPartitionIndexes)
        .register("DeletePartitionIndex", this::deletePartitionIndex);
  }

  private ObjectNode createPartition(GlueRequest request) {
    TableName name = table(request);
    Partition partition =
        GlueConverter.fromPartitionInput(name, request.requiredObject("PartitionInput"), List.of());
    service.addPartitions(name, List.of(partition));
    return DatabaseOperations.empty();
  }

  private ObjectNode batchCreatePartition(GlueRequest request) {
    TableName name = table(request);
    List<GlueRequest> inputs =
        requiredObjects(request, "PartitionInputList", CatalogService.MAX_BATCH_CREATE_PARTITIONS);
    List<Partition> partitions = new ArrayList<>(inputs.size());
    for (GlueRequest input : inputs) {
      partitions.add(GlueConverter.fromPartitionInput(name, input, List.of()));
    }
    PartitionBatch batch = service.batchCreatePartitions(name, partitions);
    ObjectNode response = DatabaseOperations.empty();
    putErrors(response.putArray("Errors"), "PartitionValues", batch.errors());
    return response;
  }

  private ObjectNode getPartition(GlueRequest request) {
    TableName name = table(request);
    request.object("AuditContext");
    List<String> values = requiredValues(request, "PartitionValues");
    ObjectNode response = DatabaseOperations.empty();
    response.set(
        "Partition",
        GlueConverter.toPartition(service.loadPartition(name, values), accountId, false));
    return response;
  }

  /**
   * Partitions that Expression selects (Glue's expression language, evaluated in the database; an
   * expression that does not parse or bind is an InvalidInputException saying why), of one Segment,
   * a page at a time. A partition index whose first key the expression compares is used by the
   * service; the wire is the same either way.
   */
  private ObjectNode getPartitions(GlueRequest request) {
    TableName name = table(request);
    rejectTransaction(request);
    request.object("AuditContext");
    String expression = request.string("Expression", 0, MAX_EXPRESSION_LENGTH);
    GlueRequest segmentInput = request.object("Segment");
    Segment segment = null;
    if (segmentInput != null) {
      int number = segmentInput.requiredInteger("SegmentNumber", 0, Integer.MAX_VALUE);
      int total = segmentInput.requiredInteger("TotalSegments", 1, Segment.MAX_TOTAL);
      if (number >= total) {
        throw segmentInput.invalid(
            "SegmentNumber",
            Integer.toString(number),
            "Member must be less than TotalSegments (" + total + ")");
      }
      segment = new Segment(number, total);
    }
    boolean excludeColumnSchema = Boolean.TRUE.equals(request.bool("ExcludeColumnSchema"));
    Page<Partition> page =
        service.listPartitionsByExpression(
            name, expression, segment, request.page(CatalogService.MAX_PARTITIONS_PER_GLUE_PAGE));
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("Partitions");
    for (Partition partition : page.items()) {
      list.add(GlueConverter.toPartition(partition, accountId, excludeColumnSchema));
    }
    DatabaseOperations.putNextToken(response, page);
    return response;
  }

  /**
   * The partitions that exist, in the order asked. As on AWS, a partition that does not exist is in
   * neither Partitions nor UnprocessedKeys; every key is read in one snapshot, so none is left
   * unprocessed.
   */
  private ObjectNode batchGetPartition(GlueRequest request) {
    TableName name = table(request);
    request.object("AuditContext");
    request.object("QuerySessionContext");
    List<List<String>> keys = new ArrayList<>();
    for (GlueRequest key :
        requiredObjects(request, "PartitionsToGet", CatalogService.MAX_BATCH_GET_PARTITIONS)) {
      keys.add(requiredValues(key, "Values"));
    }
    PartitionBatch batch = service.batchLoadPartitions(name, keys);
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("Partitions");
    for (Partition partition : batch.partitions()) {
      list.add(GlueConverter.toPartition(partition, accountId, false));
    }
    response.putArray("UnprocessedKeys");
    return response;
  }

  /**
   * Replaces the partition PartitionValueList names with PartitionInput; other Values in the input
   * rename it, no Values keep its own.
   */
  private ObjectNode updatePartition(GlueRequest request) {
    TableName name = table(request);
    List<String> values = updateValues(request);
    Partition definition =
        GlueConverter.fromPartitionInput(name, request.requiredObject("PartitionInput"), values);
    service.updatePartition(name, values, definition, null);
    return DatabaseOperations.empty();
  }

  private ObjectNode batchUpdatePartition(GlueRequest request) {
    TableName name = table(request);
    List<GlueRequest> entries =
        requiredObjects(request, "Entries", CatalogService.MAX_BATCH_UPDATE_PARTITIONS);
    if (entries.isEmpty()) {
      throw request.invalid("Entries", "[]", "Member must have length greater than or equal to 1");
    }
    List<PartitionUpdate> updates = new ArrayList<>(entries.size());
    for (GlueRequest entry : entries) {
      List<String> values = updateValues(entry);
      updates.add(
          new PartitionUpdate(
              values,
              GlueConverter.fromPartitionInput(
                  name, entry.requiredObject("PartitionInput"), values)));
    }
    PartitionBatch batch = service.batchUpdatePartitions(name, updates);
    ObjectNode response = DatabaseOperations.empty();
    putErrors(response.putArray("Errors"), "PartitionValueList", batch.errors());
    return response;
  }

  private ObjectNode deletePartition(GlueRequest request) {
    TableName name = table(request);
    service.dropPartition(name, requiredValues(request, "PartitionValues"));
    return DatabaseOperations.empty();
  }

  private ObjectNode batchDeletePartition(GlueRequest request) {
    TableName name = table(request);
    List<List<String>> keys = new ArrayList<>();
    for (GlueRequest key :
        requiredObjects(
            request, "PartitionsToDelete", CatalogService.MAX_BATCH_DELETE_PARTITIONS)) {
      keys.add(requiredValues(key, "Values"));
    }
    PartitionBatch batch = service.batchDropPartitions(name, keys);
    ObjectNode response = DatabaseOperations.empty();
    putErrors(response.putArray("Errors"), "PartitionValues", batch.errors());
    return response;
  }

  // Partition indexes

  /**
   * Creates the index, ACTIVE at once: Cairn's partition key index already holds every partition,
   * so there is nothing to backfill (Glue reports CREATING while it backfills).
   */
  private ObjectNode createPartitionIndex(GlueRequest request) {
    TableName name = table(request);
    GlueRequest index = request.requiredObject("PartitionIndex");
    List<String> keys =
        index.requiredStrings("Keys", Integer.MAX_VALUE, GlueRequest.MAX_NAME_LENGTH);
    if (keys.isEmpty()) {
      throw index.invalid("Keys", "[]", "Member must have length greater than or equal to 1");
    }
    service.createPartitionIndex(name, index.requiredName("IndexName"), keys);
    return DatabaseOperations.empty();
  }

  /** Every index of the table, on one page (a table has at most 3), keys typed as the table's. */
  private ObjectNode getPartitionIndexes(GlueRequest request) {
    TableName name = table(request);
    request.string("NextToken", 0, Integer.MAX_VALUE);
    Table table = service.loadTable(name);
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("PartitionIndexDescriptorList");
    for (PartitionIndex index : service.listPartitionIndexes(name)) {
      list.add(GlueConverter.toPartitionIndex(index, table.partitionKeys()));
    }
    return response;
  }

  private ObjectNode deletePartitionIndex(GlueRequest request) {
    TableName name = table(request);
    service.dropPartitionIndex(name, request.requiredName("IndexName"));
    return DatabaseOperations.empty();
  }

  // Requests

  private TableName table(GlueRequest request) {
    request.requireCatalog(accountId);
    return new DatabaseName(service.defaultCatalog(), request.requiredName("DatabaseName"))
        .table(request.requiredName("TableName"));
  }

  private static List<String> requiredValues(GlueRequest request, String field) {
    List<String> values = GlueConverter.partitionValues(request, field);
    if (values == null) {
      throw request.invalid(field, null, "Member must not be null");
    }
    return values;
  }

  private static List<String> updateValues(GlueRequest request) {
    List<String> values =
        request.strings(
            "PartitionValueList", MAX_UPDATE_VALUES, GlueConverter.MAX_PARTITION_VALUE_LENGTH);
    if (values == null) {
      throw request.invalid("PartitionValueList", null, "Member must not be null");
    }
    return values;
  }

  private static List<GlueRequest> requiredObjects(GlueRequest request, String field, int maxSize) {
    if (!request.has(field)) {
      throw request.invalid(field, null, "Member must not be null");
    }
    return request.objects(field, maxSize);
  }

  /** Each failed entry as {@code {<valuesField>: […], "ErrorDetail": {…}}}. */
  private static void putErrors(ArrayNode errors, String valuesField, List<PartitionError> failed) {
    for (PartitionError error : failed) {
      ObjectNode item = errors.addObject();
      ArrayNode values = item.putArray(valuesField);
      error.values().forEach(values::add);
      item.set("ErrorDetail", GlueConverter.toErrorDetail(error.error()));
    }
  }

  /** Lake Formation transactions (governed tables) are not part of Cairn. */
  private static void rejectTransaction(GlueRequest request) {
    if (request.string("TransactionId", 1, GlueRequest.MAX_NAME_LENGTH) != null) {
      throw request.invalid(
          "TransactionId", "…", "Cairn does not support Lake Formation transactions");
    }
    if (request.has("QueryAsOfTime")) {
      throw request.invalid(
          "QueryAsOfTime", "…", "Cairn does not read governed tables as of a time");
    }
  }
}
