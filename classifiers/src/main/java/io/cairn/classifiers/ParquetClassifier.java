package io.cairn.classifiers;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.cairn.classifiers.BinaryFormats.MalformedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/**
 * Glue's built-in Parquet classifier: the schema and row count come from the footer, which is read
 * by byte ranges at the end of the stored file, never the whole file. Types map to Hive's as Hive's
 * Parquet SerDe reads them: LIST in its 3-level form and the legacy 2-level forms (Parquet's
 * backward-compatibility rules), MAP, groups as structs, INT96 and TIMESTAMP of any unit as {@code
 * timestamp}, DECIMAL on int32, int64, fixed or binary, and STRING, ENUM, JSON and UUID as {@code
 * string}.
 */
public final class ParquetClassifier implements Classifier {
  static final byte[] MAGIC = "PAR1".getBytes(US_ASCII);

  static final String SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
  static final String INPUT_FORMAT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
  static final String OUTPUT_FORMAT =
      "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";

  /**
   * The first ranged read takes this much of the end of the file, which holds the whole footer of
   * most files; a larger footer costs a second read.
   */
  static final int TAIL_GUESS = 64 * 1024;

  /** A footer larger than this is refused rather than read into memory. */
  static final int MAX_FOOTER_LENGTH = 64 * 1024 * 1024;

  private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(US_ASCII);

  @Override
  public String name() {
    return "parquet";
  }

  @Override
  public Classification classify(FileSample sample) {
    if (!sample.startsWith(MAGIC)) {
      return Classification.unknown("no Parquet magic bytes PAR1 at the start");
    }
    if (!sample.compression().equals("none")) {
      return Classification.unknown(
          "a Parquet file compressed as a whole (" + sample.compression() + ") cannot be read");
    }
    long size = sample.size();
    if (size < 0) {
      return Classification.unknown("the size of the Parquet file is unknown");
    }
    if (size < 2L * MAGIC.length + 4) {
      return Classification.unknown("a Parquet file of " + size + " bytes is too short");
    }
    FileMetaData footer;
    try {
      footer = readFooter(sample, size);
    } catch (MalformedException e) {
      return Classification.unknown(e.getMessage());
    } catch (IOException e) {
      return Classification.unknown("the Parquet footer cannot be read: " + e.getMessage());
    }
    List<Column> columns;
    try {
      columns = columns(footer.getSchema());
    } catch (MalformedException e) {
      return Classification.unknown("malformed Parquet schema: " + e.getMessage());
    }
    long recordCount = footer.getNum_rows();
    if (recordCount < 0) {
      return Classification.unknown("the Parquet footer gives a negative row count");
    }
    return new Classification(
        "parquet",
        1.0,
        columns,
        SERDE,
        Map.of("serialization.format", "1"),
        INPUT_FORMAT,
        OUTPUT_FORMAT,
        BinaryFormats.parameters("parquet", compressionType(footer), recordCount, size),
        "");
  }

  /** The footer: its length and the magic bytes are the last 8 bytes of the file. */
  private static FileMetaData readFooter(FileSample sample, long size)
      throws IOException, MalformedException {
    int tailLength = (int) Math.min(size, TAIL_GUESS);
    byte[] tail = sample.readStored(size - tailLength, tailLength);
    if (tail.length != tailLength) {
      throw new MalformedException(
          "read " + tail.length + " of the last " + tailLength + " bytes: the file is truncated");
    }
    if (Arrays.equals(tail, tailLength - 4, tailLength, ENCRYPTED_MAGIC, 0, 4)) {
      throw new MalformedException("the Parquet footer is encrypted");
    }
    if (!Arrays.equals(tail, tailLength - 4, tailLength, MAGIC, 0, 4)) {
      throw new MalformedException(
          "no Parquet magic bytes PAR1 at the end: the file is truncated or not Parquet");
    }
    long footerLength =
        Integer.toUnsignedLong(
            ByteBuffer.wrap(tail, tailLength - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    long footerStart = size - 8 - footerLength;
    if (footerLength == 0 || footerStart < MAGIC.length) {
      throw new MalformedException(
          "the Parquet footer length "
              + footerLength
              + " does not fit a file of "
              + size
              + " bytes");
    }
    if (footerLength > MAX_FOOTER_LENGTH) {
      throw new MalformedException(
          "the Parquet footer of " + footerLength + " bytes is larger than " + MAX_FOOTER_LENGTH);
    }
    byte[] footer;
    if (footerLength + 8 <= tailLength) {
      int offset = (int) (tailLength - 8 - footerLength);
      footer = Arrays.copyOfRange(tail, offset, offset + (int) footerLength);
    } else {
      footer = sample.readStored(footerStart, (int) footerLength);
      if (footer.length != footerLength) {
        throw new MalformedException("the Parquet footer ends early: the file changed or is cut");
      }
    }
    try {
      return Util.readFileMetaData(new ByteArrayInputStream(footer));
    } catch (IOException | RuntimeException e) {
      // The footer is in memory, so any failure is its content's: Thrift reports it in both ways.
      throw new MalformedException("the Parquet footer is not valid metadata: " + e.getMessage());
    }
  }

  /**
   * The codec of the column chunks, lower-case; {@code none} when every chunk is uncompressed or
   * there are none. Writers use one codec per file, so the first compressed chunk's is taken.
   */
  private static String compressionType(FileMetaData footer) {
    if (footer.getRow_groups() != null) {
      for (RowGroup rowGroup : footer.getRow_groups()) {
        if (rowGroup.getColumns() == null) {
          continue;
        }
        for (ColumnChunk chunk : rowGroup.getColumns()) {
          if (chunk.isSetMeta_data()
              && chunk.getMeta_data().getCodec() != null
              && chunk.getMeta_data().getCodec() != CompressionCodec.UNCOMPRESSED) {
            return chunk.getMeta_data().getCodec().name().toLowerCase(Locale.ROOT);
          }
        }
      }
    }
    return "none";
  }

  /** The schema as Parquet stores it, a depth-first list of elements, made a tree again. */
  private record Node(SchemaElement element, List<Node> children) {
    String name() {
      return element.getName();
    }

    boolean isGroup() {
      return element.isSetNum_children() && !element.isSetType();
    }

    boolean isRepeated() {
      return element.getRepetition_type() == FieldRepetitionType.REPEATED;
    }

    LogicalType logicalType() {
      return element.isSetLogicalType() ? element.getLogicalType() : null;
    }

    ConvertedType convertedType() {
      return element.isSetConverted_type() ? element.getConverted_type() : null;
    }
  }

  private static List<Column> columns(List<SchemaElement> elements) throws MalformedException {
    if (elements == null || elements.isEmpty()) {
      throw new MalformedException("no schema");
    }
    int[] next = {0};
    Node root = node(elements, next, 0);
    if (next[0] != elements.size()) {
      throw new MalformedException(
          (elements.size() - next[0]) + " schema elements are outside the root");
    }
    if (root.children().isEmpty()) {
      throw new MalformedException("the schema has no columns");
    }
    List<Column> columns = new ArrayList<>();
    for (Node child : root.children()) {
      columns.add(new Column(BinaryFormats.columnName(child.name()), fieldType(child, 1)));
    }
    return columns;
  }

  private static Node node(List<SchemaElement> elements, int[] next, int depth)
      throws MalformedException {
    if (next[0] >= elements.size()) {
      throw new MalformedException("a group has more children than there are schema elements");
    }
    if (depth > BinaryFormats.MAX_NESTING) {
      throw new MalformedException("nested deeper than " + BinaryFormats.MAX_NESTING);
    }
    SchemaElement element = elements.get(next[0]++);
    if (element.getName() == null) {
      throw new MalformedException("a schema element has no name");
    }
    if (!element.isSetNum_children()) {
      if (!element.isSetType()) {
        throw new MalformedException("element " + element.getName() + " has no type");
      }
      return new Node(element, List.of());
    }
    int count = element.getNum_children();
    if (count < 0 || count > elements.size() - next[0]) {
      throw new MalformedException("group " + element.getName() + " claims " + count + " children");
    }
    List<Node> children = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      children.add(node(elements, next, depth + 1));
    }
    return new Node(element, children);
  }

  /** The type of a field: a repeated field outside a LIST or MAP is a list of its values. */
  private static String fieldType(Node node, int depth) throws MalformedException {
    String type = valueType(node, depth);
    return node.isRepeated() ? "array<" + type + ">" : type;
  }

  private static String valueType(Node node, int depth) throws MalformedException {
    if (depth > BinaryFormats.MAX_NESTING) {
      throw new MalformedException("nested deeper than " + BinaryFormats.MAX_NESTING);
    }
    if (!node.isGroup()) {
      return primitiveType(node);
    }
    LogicalType logical = node.logicalType();
    ConvertedType converted = node.convertedType();
    if ((logical != null && logical.isSetLIST()) || converted == ConvertedType.LIST) {
      return listType(node, depth);
    }
    if ((logical != null && logical.isSetMAP())
        || converted == ConvertedType.MAP
        || converted == ConvertedType.MAP_KEY_VALUE) {
      return mapType(node, depth);
    }
    return structType(node, depth);
  }

  private static String structType(Node node, int depth) throws MalformedException {
    if (node.children().isEmpty()) {
      throw new MalformedException("group " + node.name() + " has no fields");
    }
    List<String> fields = new ArrayList<>();
    for (Node child : node.children()) {
      fields.add(child.name() + ":" + fieldType(child, depth + 1));
    }
    return "struct<" + String.join(",", fields) + ">";
  }

  /**
   * A LIST group holds one repeated field. In the standard 3-level form that is a group of one
   * field, the element; the legacy 2-level forms repeat the element itself: a primitive, a group of
   * several fields, or a group named {@code array} or {@code <list>_tuple}.
   */
  private static String listType(Node node, int depth) throws MalformedException {
    if (node.children().size() != 1 || !node.children().get(0).isRepeated()) {
      throw new MalformedException("LIST " + node.name() + " does not hold one repeated field");
    }
    Node repeated = node.children().get(0);
    String element;
    if (!repeated.isGroup()) {
      element = primitiveType(repeated);
    } else if (repeated.children().size() > 1
        || repeated.name().equals("array")
        || repeated.name().equals(node.name() + "_tuple")) {
      element = structType(repeated, depth + 1);
    } else if (repeated.children().size() == 1) {
      element = fieldType(repeated.children().get(0), depth + 2);
    } else {
      throw new MalformedException("LIST " + node.name() + " has an empty element group");
    }
    return "array<" + element + ">";
  }

  /** A MAP group holds one repeated group of a required key and an optional value. */
  private static String mapType(Node node, int depth) throws MalformedException {
    if (node.children().size() != 1
        || !node.children().get(0).isGroup()
        || !node.children().get(0).isRepeated()) {
      throw new MalformedException("MAP " + node.name() + " does not hold one repeated group");
    }
    Node entry = node.children().get(0);
    if (entry.children().size() != 2) {
      throw new MalformedException(
          "the entries of MAP "
              + node.name()
              + " have "
              + entry.children().size()
              + " fields, not a key and a value");
    }
    String key = valueType(entry.children().get(0), depth + 2);
    String value = fieldType(entry.children().get(1), depth + 2);
    return "map<" + key + "," + value + ">";
  }

  private static String primitiveType(Node node) throws MalformedException {
    SchemaElement element = node.element();
    LogicalType logical = node.logicalType();
    ConvertedType converted = node.convertedType();
    if (logical != null && logical.isSetDECIMAL()) {
      return decimal(logical.getDECIMAL().getPrecision(), logical.getDECIMAL().getScale(), node);
    }
    if (logical == null && converted == ConvertedType.DECIMAL) {
      return decimal(element.getPrecision(), element.getScale(), node);
    }
    switch (element.getType()) {
      case BOOLEAN:
        return "boolean";
      case INT32:
        return int32Type(logical, converted);
      case INT64:
        return int64Type(logical, converted);
      case INT96:
        // Impala's and Hive's legacy timestamp: nanoseconds of the day and a Julian day.
        return "timestamp";
      case FLOAT:
        return "float";
      case DOUBLE:
        return "double";
      case BYTE_ARRAY:
      case FIXED_LEN_BYTE_ARRAY:
        return binaryType(logical, converted);
      default:
        throw new MalformedException(
            "column " + node.name() + " has the unknown type " + element.getType());
    }
  }

  private static String int32Type(LogicalType logical, ConvertedType converted) {
    if (logical != null) {
      if (logical.isSetDATE()) {
        return "date";
      }
      if (logical.isSetINTEGER()) {
        return integerType(logical.getINTEGER().getBitWidth(), logical.getINTEGER().isIsSigned());
      }
      // TIME in milliseconds: Hive has no time of day type, so it stays the number it is.
      return "int";
    }
    if (converted == null) {
      return "int";
    }
    return switch (converted) {
      case DATE -> "date";
      case INT_8 -> "tinyint";
      case INT_16 -> "smallint";
      case UINT_8 -> "smallint";
      case UINT_16 -> "int";
      case UINT_32 -> "bigint";
      default -> "int";
    };
  }

  private static String int64Type(LogicalType logical, ConvertedType converted) {
    if (logical != null) {
      if (logical.isSetTIMESTAMP()) {
        return "timestamp";
      }
      if (logical.isSetINTEGER()) {
        return integerType(logical.getINTEGER().getBitWidth(), logical.getINTEGER().isIsSigned());
      }
      return "bigint";
    }
    if (converted == null) {
      return "bigint";
    }
    return switch (converted) {
      case TIMESTAMP_MILLIS, TIMESTAMP_MICROS -> "timestamp";
      case UINT_64 -> "decimal(20,0)";
      default -> "bigint";
    };
  }

  /** Unsigned integers take the next wider signed type, as Spark reads them. */
  private static String integerType(int bitWidth, boolean signed) {
    return switch (bitWidth) {
      case 8 -> signed ? "tinyint" : "smallint";
      case 16 -> signed ? "smallint" : "int";
      case 32 -> signed ? "int" : "bigint";
      default -> signed ? "bigint" : "decimal(20,0)";
    };
  }

  private static String binaryType(LogicalType logical, ConvertedType converted) {
    if (logical != null) {
      if (logical.isSetSTRING()
          || logical.isSetENUM()
          || logical.isSetJSON()
          || logical.isSetUUID()) {
        return "string";
      }
      return "binary";
    }
    if (converted == ConvertedType.UTF8
        || converted == ConvertedType.ENUM
        || converted == ConvertedType.JSON) {
      return "string";
    }
    return "binary";
  }

  private static String decimal(int precision, int scale, Node node) throws MalformedException {
    if (precision <= 0 || scale < 0 || scale > precision) {
      throw new MalformedException(
          "column " + node.name() + " is DECIMAL(" + precision + "," + scale + ")");
    }
    return "decimal(" + precision + "," + scale + ")";
  }
}
