package io.cairn.classifiers;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.cairn.classifiers.BinaryFormats.MalformedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Glue's built-in Avro classifier: the schema comes from the container file's header, the record
 * count from the block headers of the sample, estimated by the stored size when the file is larger
 * than the sample. Records become columns; Avro types map to Hive's as Hive's AvroSerDe maps them:
 * a union of null and one type is that type, other unions are {@code uniontype}, enums are strings,
 * fixed and bytes are binary, and the logical types decimal, date and timestamps are Hive's.
 *
 * <p>The container is read here, not with Avro's {@code DataFileStream}: that decompresses every
 * block, which for the common snappy and zstandard codecs needs native libraries the server does
 * not carry, and it allocates what a corrupt length claims before reading it. The header and block
 * framing (Avro's binary encoding of a map, longs and fixed bytes) are read with every length
 * checked against the bytes there are; the schema is parsed by Avro.
 */
public final class AvroClassifier implements Classifier {
  static final byte[] MAGIC = {'O', 'b', 'j', 1};

  static final String SERDE = "org.apache.hadoop.hive.serde2.avro.AvroSerDe";
  static final String INPUT_FORMAT = "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat";
  static final String OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat";
  static final String SCHEMA_LITERAL = "avro.schema.literal";

  private static final int SYNC_LENGTH = 16;

  @Override
  public String name() {
    return "avro";
  }

  @Override
  public Classification classify(FileSample sample) {
    if (!sample.startsWith(MAGIC)) {
      return Classification.unknown("no Avro magic bytes Obj\\1 at the start");
    }
    Container container;
    try {
      container = read(sample.bytes(), sample.isComplete());
    } catch (MalformedException e) {
      return Classification.unknown(e.getMessage());
    }
    Schema schema;
    try {
      schema = new Schema.Parser().setValidateDefaults(false).parse(container.schema());
    } catch (AvroRuntimeException | IllegalArgumentException e) {
      return Classification.unknown("the Avro header holds an invalid schema: " + e.getMessage());
    }
    if (schema.getType() != Schema.Type.RECORD) {
      return Classification.unknown("the Avro schema is a " + schema.getType() + ", not a record");
    }
    List<Column> columns = new ArrayList<>();
    try {
      for (Schema.Field field : schema.getFields()) {
        columns.add(
            new Column(
                BinaryFormats.columnName(field.name()),
                hiveType(field.schema(), new HashSet<>(), 1)));
      }
    } catch (MalformedException e) {
      return Classification.unknown("unsupported Avro schema: " + e.getMessage());
    }
    if (columns.isEmpty()) {
      return Classification.unknown("the Avro record " + schema.getFullName() + " has no fields");
    }
    String compressionType =
        sample.compression().equals("none") ? container.compressionType() : sample.compression();
    Map<String, String> parameters;
    if (sample.isComplete()) {
      parameters =
          BinaryFormats.parameters("avro", compressionType, container.records(), sample.size());
    } else if (container.records() > 0 && sample.size() > 0) {
      long estimate =
          Math.round((double) container.records() * sample.size() / container.consumed());
      parameters = BinaryFormats.parameters("avro", compressionType, estimate, sample.size());
    } else {
      // The first block is larger than the sample: there is nothing to count or estimate from.
      parameters = new HashMap<>(BinaryFormats.parameters("avro", compressionType, 0, 0));
      parameters.remove("recordCount");
      parameters.remove("averageRecordSize");
    }
    String literal = schema.toString();
    parameters.put(SCHEMA_LITERAL, literal);
    return new Classification(
        "avro",
        1.0,
        columns,
        SERDE,
        Map.of(SCHEMA_LITERAL, literal, "serialization.format", "1"),
        INPUT_FORMAT,
        OUTPUT_FORMAT,
        parameters,
        "");
  }

  /**
   * What the sample tells of the container: the schema, the codec, the records in the blocks that
   * are whole in the sample, and the bytes up to the end of the last of them.
   */
  private record Container(String schema, String compressionType, long records, long consumed) {}

  private static Container read(byte[] bytes, boolean complete) throws MalformedException {
    Input input = new Input(bytes);
    Map<String, byte[]> metadata = new HashMap<>();
    byte[] sync;
    try {
      input.skip(MAGIC.length);
      for (long count = input.readLong(); count != 0; count = input.readLong()) {
        if (count < 0) {
          // A negative count is followed by the byte size of the entries, which is not needed.
          input.readLong();
          count = -count;
        }
        for (long i = 0; i < count; i++) {
          String key = new String(input.readBytes(), UTF_8);
          metadata.put(key, input.readBytes());
        }
      }
      sync = input.readFixed(SYNC_LENGTH);
    } catch (CutException e) {
      throw new MalformedException(
          complete
              ? "the Avro header is truncated"
              : "the Avro header is larger than the sample of " + bytes.length + " bytes");
    }
    byte[] schema = metadata.get("avro.schema");
    if (schema == null) {
      throw new MalformedException("the Avro header has no avro.schema");
    }
    byte[] codec = metadata.get("avro.codec");
    String compressionType = compressionType(codec == null ? "null" : new String(codec, UTF_8));

    long records = 0;
    long consumed = input.position();
    try {
      while (input.position() < bytes.length) {
        long count = input.readLong();
        long size = input.readLong();
        if (count < 0 || size < 0) {
          throw new MalformedException("an Avro block at byte " + consumed + " has negative sizes");
        }
        input.skip(size);
        if (!Arrays.equals(input.readFixed(SYNC_LENGTH), sync)) {
          throw new MalformedException(
              "the Avro block at byte " + consumed + " does not end with the file's sync marker");
        }
        records += count;
        consumed = input.position();
      }
    } catch (CutException e) {
      if (complete) {
        throw new MalformedException(
            "the Avro block at byte " + consumed + " is cut off: the file is truncated");
      }
      // The sample limit cut this block; the blocks before it are the sample.
    }
    return new Container(new String(schema, UTF_8), compressionType, records, consumed);
  }

  /** The file's codec as Glue's {@code compressionType}: {@code none} for Avro's {@code null}. */
  private static String compressionType(String codec) throws MalformedException {
    return switch (codec) {
      case "null" -> "none";
      case "zstandard" -> "zstd";
      case "deflate", "snappy", "bzip2", "xz" -> codec;
      default -> throw new MalformedException("the Avro file uses the unknown codec " + codec);
    };
  }

  private static String hiveType(Schema schema, Set<String> enclosingRecords, int depth)
      throws MalformedException {
    if (depth > BinaryFormats.MAX_NESTING) {
      throw new MalformedException("nested deeper than " + BinaryFormats.MAX_NESTING);
    }
    LogicalType logical = schema.getLogicalType();
    switch (schema.getType()) {
      case RECORD:
        return structType(schema, enclosingRecords, depth);
      case ENUM:
      case STRING:
        return "string";
      case ARRAY:
        return "array<" + hiveType(schema.getElementType(), enclosingRecords, depth + 1) + ">";
      case MAP:
        return "map<string," + hiveType(schema.getValueType(), enclosingRecords, depth + 1) + ">";
      case UNION:
        return unionType(schema, enclosingRecords, depth);
      case FIXED:
      case BYTES:
        if (logical instanceof LogicalTypes.Decimal decimal) {
          return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
        }
        return "binary";
      case INT:
        // time-millis stays the number it is: Hive has no time of day type.
        return logical instanceof LogicalTypes.Date ? "date" : "int";
      case LONG:
        return logical != null && logical.getName().contains("timestamp") ? "timestamp" : "bigint";
      case FLOAT:
        return "float";
      case DOUBLE:
        return "double";
      case BOOLEAN:
        return "boolean";
      case NULL:
        return "void";
      default:
        throw new MalformedException("the Avro type " + schema.getType() + " is unknown");
    }
  }

  private static String structType(Schema schema, Set<String> enclosingRecords, int depth)
      throws MalformedException {
    if (!enclosingRecords.add(schema.getFullName())) {
      throw new MalformedException(
          "record " + schema.getFullName() + " contains itself, which Hive types cannot express");
    }
    if (schema.getFields().isEmpty()) {
      throw new MalformedException("record " + schema.getFullName() + " has no fields");
    }
    List<String> fields = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      fields.add(field.name() + ":" + hiveType(field.schema(), enclosingRecords, depth + 1));
    }
    enclosingRecords.remove(schema.getFullName());
    return "struct<" + String.join(",", fields) + ">";
  }

  /** Null in a union only makes the value optional, which every Hive column is. */
  private static String unionType(Schema schema, Set<String> enclosingRecords, int depth)
      throws MalformedException {
    List<Schema> branches =
        schema.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).toList();
    if (branches.isEmpty()) {
      return "void";
    }
    if (branches.size() == 1) {
      return hiveType(branches.get(0), enclosingRecords, depth + 1);
    }
    List<String> types = new ArrayList<>();
    for (Schema branch : branches) {
      types.add(hiveType(branch, enclosingRecords, depth + 1));
    }
    return "uniontype<" + String.join(",", types) + ">";
  }

  /** The sample ended inside a value. */
  private static final class CutException extends Exception {
    CutException() {
      super(null, null, false, false);
    }
  }

  /** Avro's binary encoding over the sample, every length checked against what is left. */
  private static final class Input {
    private final byte[] bytes;
    private int position;

    Input(byte[] bytes) {
      this.bytes = bytes;
    }

    int position() {
      return position;
    }

    /** A zig-zag varint of at most 10 bytes. */
    long readLong() throws CutException, MalformedException {
      long raw = 0;
      for (int shift = 0; shift < 70; shift += 7) {
        if (position >= bytes.length) {
          throw new CutException();
        }
        int next = bytes[position++] & 0xff;
        raw |= (long) (next & 0x7f) << shift;
        if ((next & 0x80) == 0) {
          return (raw >>> 1) ^ -(raw & 1);
        }
      }
      throw new MalformedException("an Avro long of more than 10 bytes at byte " + position);
    }

    byte[] readBytes() throws CutException, MalformedException {
      long length = readLong();
      if (length < 0) {
        throw new MalformedException("a negative length at byte " + position);
      }
      return readFixed(length);
    }

    byte[] readFixed(long length) throws CutException {
      if (length > bytes.length - position) {
        throw new CutException();
      }
      byte[] value = Arrays.copyOfRange(bytes, position, position + (int) length);
      position += (int) length;
      return value;
    }

    void skip(long length) throws CutException {
      if (length > bytes.length - position) {
        throw new CutException();
      }
      position += (int) length;
    }
  }
}
