package io.cairn.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.Column;
import io.cairn.catalog.HiveTypes;
import io.cairn.catalog.IcebergTableFormat;
import io.cairn.catalog.StorageDescriptor;
import io.cairn.catalog.Table;
import io.cairn.catalog.TableType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.PartitionSpecParser;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.SortOrderParser;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * CreateTable's OpenTableFormatInput: as Glue does, Cairn writes the new Iceberg table's first
 * metadata file itself ({@code <location>/metadata/00000-<uuid>.metadata.json}, with Iceberg's own
 * writer) and registers the table as Iceberg's GlueCatalog would: {@code table_type=ICEBERG},
 * {@code metadata_location} pointing at that file, an external table whose columns are the
 * schema's.
 *
 * <p>The schema, partition spec and sort order come from CreateIcebergTableInput, or without it
 * from TableInput's columns and partition keys (identity partitions). Metadata is written only to
 * the local file system: a location elsewhere is refused.
 */
final class IcebergTables {
  static final String TABLE_TYPE_PARAMETER = IcebergTableFormat.TABLE_TYPE_PARAMETER;
  static final String ICEBERG = IcebergTableFormat.ICEBERG_TABLE;
  static final String METADATA_LOCATION = IcebergTableFormat.METADATA_LOCATION;

  private IcebergTables() {}

  /** A table to create and the metadata file written for it (deleted if the create fails). */
  record Created(Table table, Path metadataFile) {}

  static Created create(Table table, GlueRequest openTableFormat) {
    GlueRequest iceberg = openTableFormat.requiredObject("IcebergInput");
    String operation = iceberg.enumValue("MetadataOperation", Set.of("CREATE"));
    if (operation == null) {
      throw iceberg.invalid("MetadataOperation", null, "Member must not be null");
    }
    String formatVersion = iceberg.string("Version", 1, GlueRequest.MAX_NAME_LENGTH);
    GlueRequest input = iceberg.object("CreateIcebergTableInput");
    Schema schema;
    PartitionSpec spec;
    SortOrder sortOrder;
    String location;
    Map<String, String> properties = new HashMap<>();
    try {
      if (input != null) {
        location = input.requiredString("Location", 1, GlueConverter.MAX_LOCATION_LENGTH);
        schema = SchemaParser.fromJson(schemaJson(input.requiredObject("Schema")));
        GlueRequest partitionSpec = input.object("PartitionSpec");
        spec =
            partitionSpec == null
                ? PartitionSpec.unpartitioned()
                : PartitionSpecParser.fromJson(schema, partitionSpecJson(partitionSpec));
        GlueRequest writeOrder = input.object("WriteOrder");
        sortOrder =
            writeOrder == null
                ? SortOrder.unsorted()
                : SortOrderParser.fromJson(schema, sortOrderJson(writeOrder));
        Map<String, String> given =
            input.stringMap("Properties", Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
        if (given != null) {
          properties.putAll(given);
        }
      } else {
        StorageDescriptor descriptor = table.storageDescriptor();
        if (descriptor == null || descriptor.location() == null) {
          throw GlueException.invalidInput(
              "an Iceberg table without CreateIcebergTableInput needs"
                  + " TableInput.StorageDescriptor.Location");
        }
        location = descriptor.location();
        List<Column> columns = new ArrayList<>(descriptor.columns());
        columns.addAll(table.partitionKeys());
        schema = schemaOf(columns);
        PartitionSpec.Builder builder = PartitionSpec.builderFor(schema);
        table.partitionKeys().forEach(key -> builder.identity(key.name()));
        spec = builder.build();
        sortOrder = SortOrder.unsorted();
      }
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      // Iceberg's parsers and builders reject what does not make an Iceberg table this way.
      throw GlueException.invalidInput("invalid Iceberg table definition: " + e.getMessage());
    }
    if (formatVersion != null) {
      properties.put("format-version", formatVersion);
    }
    String trimmedLocation =
        location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    String metadataLocation =
        trimmedLocation + "/metadata/00000-" + UUID.randomUUID() + ".metadata.json";
    Path metadataFile = localPath(metadataLocation);
    TableMetadata metadata;
    try {
      metadata =
          TableMetadata.newTableMetadata(schema, spec, sortOrder, trimmedLocation, properties);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw GlueException.invalidInput("invalid Iceberg table definition: " + e.getMessage());
    }
    try {
      Files.createDirectories(metadataFile.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + metadataFile.getParent(), e);
    }
    TableMetadataParser.write(
        metadata, org.apache.iceberg.Files.localOutput(metadataFile.toFile()));

    Map<String, String> parameters = new HashMap<>(table.parameters());
    parameters.put(TABLE_TYPE_PARAMETER, ICEBERG);
    parameters.put(METADATA_LOCATION, metadataLocation);
    StorageDescriptor descriptor =
        table.storageDescriptor() == null
            ? StorageDescriptor.builder().build()
            : table.storageDescriptor();
    StorageDescriptor.Builder updated = descriptor.toBuilder();
    if (descriptor.location() == null) {
      updated.location(trimmedLocation);
    }
    if (descriptor.columns().isEmpty()) {
      updated.columns(IcebergTableFormat.columnsOf(schema));
    }
    Table created =
        table.toBuilder()
            .tableType(table.tableType() == null ? TableType.EXTERNAL_TABLE : table.tableType())
            .parameters(parameters)
            .storageDescriptor(updated.build())
            .build();
    return new Created(created, metadataFile);
  }

  /** Metadata is written only where Cairn can write it: {@code file:} URIs and absolute paths. */
  private static Path localPath(String location) {
    if (location.startsWith("file:")) {
      return Path.of(URI.create(location.replace(" ", "%20")));
    }
    if (location.startsWith("/")) {
      return Path.of(location);
    }
    throw GlueException.invalidInput(
        "Cairn writes Iceberg metadata only to the local file system (a file: URI or an absolute"
            + " path), not to '"
            + location
            + "'");
  }

  // Glue's capitalized Iceberg shapes to Iceberg's own JSON.

  private static String schemaJson(GlueRequest schema) {
    ObjectNode json = JsonNodeFactory.instance.objectNode().put("type", "struct");
    Integer schemaId = schema.integer("SchemaId", 0, Integer.MAX_VALUE);
    json.put("schema-id", schemaId == null ? 0 : schemaId);
    JsonNode identifiers = schema.document("IdentifierFieldIds");
    if (identifiers != null) {
      json.set("identifier-field-ids", identifiers);
    }
    ArrayNode fields = json.putArray("fields");
    for (GlueRequest field : schema.objects("Fields", Integer.MAX_VALUE)) {
      ObjectNode node = fields.addObject();
      Integer id = field.integer("Id", Integer.MIN_VALUE, Integer.MAX_VALUE);
      if (id == null) {
        throw field.invalid("Id", null, "Member must not be null");
      }
      node.put("id", id);
      node.put("name", field.requiredString("Name", 1, 1024));
      Boolean required = field.bool("Required");
      if (required == null) {
        throw field.invalid("Required", null, "Member must not be null");
      }
      node.put("required", required);
      JsonNode type = field.document("Type");
      if (type == null) {
        throw field.invalid("Type", null, "Member must not be null");
      }
      node.set("type", type);
      String doc = field.string("Doc", 0, GlueConverter.MAX_COMMENT_LENGTH);
      if (doc != null) {
        node.put("doc", doc);
      }
    }
    return json.toString();
  }

  private static String partitionSpecJson(GlueRequest spec) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    Integer specId = spec.integer("SpecId", 0, Integer.MAX_VALUE);
    json.put("spec-id", specId == null ? 0 : specId);
    ArrayNode fields = json.putArray("fields");
    for (GlueRequest field : spec.objects("Fields", Integer.MAX_VALUE)) {
      ObjectNode node = fields.addObject();
      node.put("source-id", requiredInteger(field, "SourceId"));
      node.put("transform", field.requiredString("Transform", 1, Integer.MAX_VALUE));
      node.put("name", field.requiredString("Name", 1, 1024));
      Integer fieldId = field.integer("FieldId", Integer.MIN_VALUE, Integer.MAX_VALUE);
      if (fieldId != null) {
        node.put("field-id", fieldId);
      }
    }
    return json.toString();
  }

  private static String sortOrderJson(GlueRequest order) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("order-id", requiredInteger(order, "OrderId"));
    ArrayNode fields = json.putArray("fields");
    for (GlueRequest field : order.objects("Fields", Integer.MAX_VALUE)) {
      ObjectNode node = fields.addObject();
      node.put("source-id", requiredInteger(field, "SourceId"));
      node.put("transform", field.requiredString("Transform", 1, Integer.MAX_VALUE));
      String direction = field.enumValue("Direction", Set.of("asc", "desc"));
      String nullOrder = field.enumValue("NullOrder", Set.of("nulls-first", "nulls-last"));
      if (direction == null || nullOrder == null) {
        throw field.invalid(
            direction == null ? "Direction" : "NullOrder", null, "Member must not be null");
      }
      node.put("direction", direction);
      node.put("null-order", nullOrder);
    }
    return json.toString();
  }

  private static int requiredInteger(GlueRequest request, String field) {
    Integer value = request.integer(field, Integer.MIN_VALUE, Integer.MAX_VALUE);
    if (value == null) {
      throw request.invalid(field, null, "Member must not be null");
    }
    return value;
  }

  // Hive types and Iceberg types

  /** An Iceberg schema of Hive columns, every field optional, ids from 1 in column order. */
  static Schema schemaOf(List<Column> columns) {
    int[] nextId = {columns.size() + 1};
    List<Types.NestedField> fields = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      fields.add(
          Types.NestedField.optional(
              i + 1,
              column.name(),
              new HiveTypeParser(HiveTypes.normalize(column.type()), nextId).parse(),
              column.comment()));
    }
    return new Schema(fields);
  }

  /** Recursive descent over a canonical Hive type ({@link HiveTypes#normalize}). */
  private static final class HiveTypeParser {
    private final String type;
    private final int[] nextId;
    private int position;

    HiveTypeParser(String type, int[] nextId) {
      this.type = type;
      this.nextId = nextId;
    }

    Type parse() {
      if (consume("array<")) {
        int elementId = nextId[0]++;
        Type element = parse();
        expect('>');
        return Types.ListType.ofOptional(elementId, element);
      }
      if (consume("map<")) {
        int keyId = nextId[0]++;
        int valueId = nextId[0]++;
        Type key = parse();
        expect(',');
        Type value = parse();
        expect('>');
        return Types.MapType.ofOptional(keyId, valueId, key, value);
      }
      if (consume("struct<")) {
        List<Types.NestedField> fields = new ArrayList<>();
        while (!consume(">")) {
          if (!fields.isEmpty()) {
            expect(',');
          }
          int colon = type.indexOf(':', position);
          String name = type.substring(position, colon);
          position = colon + 1;
          int id = nextId[0]++;
          fields.add(Types.NestedField.optional(id, name, parse()));
        }
        return Types.StructType.of(fields);
      }
      int end = position;
      while (end < type.length() && ",<>:".indexOf(type.charAt(end)) < 0) {
        end++;
      }
      String primitive = type.substring(position, end);
      position = end;
      if (primitive.startsWith("decimal(")) {
        String[] precisionAndScale =
            primitive.substring("decimal(".length(), primitive.length() - 1).split(",");
        return Types.DecimalType.of(
            Integer.parseInt(precisionAndScale[0].trim()),
            Integer.parseInt(precisionAndScale[1].trim()));
      }
      if (primitive.startsWith("varchar(") || primitive.startsWith("char(")) {
        return Types.StringType.get();
      }
      return switch (primitive.toLowerCase(Locale.ROOT)) {
        case "boolean" -> Types.BooleanType.get();
        case "tinyint", "smallint", "int" -> Types.IntegerType.get();
        case "bigint" -> Types.LongType.get();
        case "float" -> Types.FloatType.get();
        case "double" -> Types.DoubleType.get();
        case "string" -> Types.StringType.get();
        case "date" -> Types.DateType.get();
        case "timestamp" -> Types.TimestampType.withoutZone();
        case "timestamp with local time zone" -> Types.TimestampType.withZone();
        case "binary" -> Types.BinaryType.get();
        default ->
            throw GlueException.invalidInput(
                "the Hive type '" + primitive + "' has no Iceberg type");
      };
    }

    private boolean consume(String text) {
      if (type.startsWith(text, position)) {
        position += text.length();
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (position >= type.length() || type.charAt(position) != c) {
        throw GlueException.invalidInput("cannot read the Hive type '" + type + "'");
      }
      position++;
    }
  }
}
