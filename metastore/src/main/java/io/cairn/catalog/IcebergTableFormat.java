package io.cairn.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * How an Iceberg table or view is kept as a Cairn table, the same way Iceberg's own HiveCatalog and
 * GlueCatalog keep it, so that each protocol's Iceberg catalog finds what it expects: the table's
 * state is its metadata file, {@code metadata_location} points at the current one and {@code
 * previous_metadata_location} at the one before; {@code table_type} is {@code ICEBERG} (an {@code
 * EXTERNAL_TABLE}) or {@code ICEBERG-VIEW} (a {@code VIRTUAL_VIEW}); the columns mirror the current
 * schema for engines that read only the Hive columns.
 */
public final class IcebergTableFormat {
  public static final String TABLE_TYPE_PARAMETER = "table_type";
  public static final String ICEBERG_TABLE = "ICEBERG";
  public static final String ICEBERG_VIEW = "ICEBERG-VIEW";
  public static final String METADATA_LOCATION = "metadata_location";
  public static final String PREVIOUS_METADATA_LOCATION = "previous_metadata_location";

  private IcebergTableFormat() {}

  public static boolean isIcebergTable(Table table) {
    return ICEBERG_TABLE.equalsIgnoreCase(table.parameters().get(TABLE_TYPE_PARAMETER));
  }

  public static boolean isIcebergView(Table table) {
    return ICEBERG_VIEW.equalsIgnoreCase(table.parameters().get(TABLE_TYPE_PARAMETER));
  }

  /** Hive columns of an Iceberg schema, as Iceberg's HiveCatalog and GlueCatalog write them. */
  public static List<Column> columnsOf(Schema schema) {
    List<Column> columns = new ArrayList<>();
    for (Types.NestedField field : schema.columns()) {
      columns.add(new Column(field.name(), hiveType(field.type()), field.doc(), Map.of()));
    }
    return columns;
  }

  private static String hiveType(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN -> "boolean";
      case INTEGER -> "int";
      case LONG -> "bigint";
      case FLOAT -> "float";
      case DOUBLE -> "double";
      case DATE -> "date";
      case TIMESTAMP -> "timestamp";
      case DECIMAL -> {
        Types.DecimalType decimal = (Types.DecimalType) type;
        yield "decimal(" + decimal.precision() + "," + decimal.scale() + ")";
      }
      case FIXED, BINARY -> "binary";
      case STRUCT -> {
        List<String> fields = new ArrayList<>();
        for (Types.NestedField field : type.asStructType().fields()) {
          fields.add(field.name() + ":" + hiveType(field.type()));
        }
        yield "struct<" + String.join(",", fields) + ">";
      }
      case LIST -> "array<" + hiveType(type.asListType().elementType()) + ">";
      case MAP ->
          "map<"
              + hiveType(type.asMapType().keyType())
              + ","
              + hiveType(type.asMapType().valueType())
              + ">";
      default -> "string";
    };
  }
}
