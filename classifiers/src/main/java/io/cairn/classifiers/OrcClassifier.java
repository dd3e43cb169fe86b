package io.cairn.classifiers;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import io.cairn.classifiers.BinaryFormats.MalformedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.orc.OrcProto;

/**
 * Glue's built-in ORC classifier: the schema (ORC's type tree) and the row count come from the
 * file's tail, read by byte ranges at the end of the stored file: the last byte is the length of
 * the postscript before it, the postscript gives the length and the codec of the footer before it.
 * The footer is decompressed chunk by chunk as ORC writes it, with the codec the postscript names
 * (zlib as raw deflate; Snappy, LZ4, LZO and Zstandard with aircompressor).
 */
public final class OrcClassifier implements Classifier {
  static final byte[] MAGIC = "ORC".getBytes(US_ASCII);

  static final String SERDE = "org.apache.hadoop.hive.ql.io.orc.OrcSerde";
  static final String INPUT_FORMAT = "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat";
  static final String OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat";

  /** ORC's own reader reads this much of the end first; it holds the whole tail of most files. */
  static final int TAIL_GUESS = 16 * 1024;

  /** Larger footers or compression chunks are refused rather than read into memory. */
  static final int MAX_FOOTER_LENGTH = 64 * 1024 * 1024;

  private static final int MAX_COMPRESSION_BLOCK = 16 * 1024 * 1024;

  @Override
  public String name() {
    return "orc";
  }

  @Override
  public Classification classify(FileSample sample) {
    if (!sample.startsWith(MAGIC)) {
      return Classification.unknown("no ORC magic bytes at the start");
    }
    if (!sample.compression().equals("none")) {
      return Classification.unknown(
          "an ORC file compressed as a whole (" + sample.compression() + ") cannot be read");
    }
    long size = sample.size();
    if (size < 0) {
      return Classification.unknown("the size of the ORC file is unknown");
    }
    OrcProto.PostScript postScript;
    OrcProto.Footer footer;
    List<Column> columns;
    try {
      int tailLength = (int) Math.min(size, TAIL_GUESS);
      byte[] tail = sample.readStored(size - tailLength, tailLength);
      if (tail.length != tailLength || tailLength <= MAGIC.length + 1) {
        throw new MalformedException("the ORC file of " + size + " bytes is truncated");
      }
      int postScriptLength = tail[tailLength - 1] & 0xff;
      if (postScriptLength == 0 || postScriptLength + 1 > tailLength - MAGIC.length) {
        throw new MalformedException(
            "the ORC postscript length " + postScriptLength + " does not fit the file");
      }
      postScript =
          parse(
              () ->
                  OrcProto.PostScript.parseFrom(
                      Arrays.copyOfRange(tail, tailLength - 1 - postScriptLength, tailLength - 1)),
              "postscript");
      if (postScript.hasMagic() && !postScript.getMagic().equals("ORC")) {
        throw new MalformedException(
            "the ORC postscript is not one: the file is truncated or not ORC");
      }
      footer = readFooter(sample, size, tail, postScript, postScriptLength);
      columns = columns(footer);
    } catch (MalformedException e) {
      return Classification.unknown(e.getMessage());
    } catch (IOException e) {
      return Classification.unknown("the ORC tail cannot be read: " + e.getMessage());
    }
    String compressionType =
        postScript.getCompression() == OrcProto.CompressionKind.NONE
            ? "none"
            : postScript.getCompression().name().toLowerCase(Locale.ROOT);
    long recordCount = footer.getNumberOfRows();
    if (recordCount < 0) {
      return Classification.unknown("the ORC footer gives a negative row count");
    }
    return new Classification(
        "orc",
        1.0,
        columns,
        SERDE,
        Map.of("serialization.format", "1"),
        INPUT_FORMAT,
        OUTPUT_FORMAT,
        BinaryFormats.parameters("orc", compressionType, recordCount, size),
        "");
  }

  private static OrcProto.Footer readFooter(
      FileSample sample,
      long size,
      byte[] tail,
      OrcProto.PostScript postScript,
      int postScriptLength)
      throws IOException, MalformedException {
    long footerLength = postScript.getFooterLength();
    long footerStart = size - 1 - postScriptLength - footerLength;
    if (footerLength <= 0 || footerStart < MAGIC.length || footerLength > MAX_FOOTER_LENGTH) {
      throw new MalformedException(
          "the ORC footer length " + footerLength + " does not fit a file of " + size + " bytes");
    }
    byte[] stored;
    int inTail = tail.length - 1 - postScriptLength;
    if (footerLength <= inTail) {
      stored = Arrays.copyOfRange(tail, inTail - (int) footerLength, inTail);
    } else {
      stored = sample.readStored(footerStart, (int) footerLength);
      if (stored.length != footerLength) {
        throw new MalformedException("the ORC footer ends early: the file changed or is cut");
      }
    }
    byte[] footer = decompress(stored, postScript);
    return parse(() -> OrcProto.Footer.parseFrom(footer), "footer");
  }

  private interface Parse<T> {
    T parse() throws IOException;
  }

  private static <T> T parse(Parse<T> parse, String what) throws MalformedException {
    try {
      return parse.parse();
    } catch (IOException | RuntimeException e) {
      // The bytes are in memory, so any failure is their content's.
      throw new MalformedException("the ORC " + what + " is not valid: " + e.getMessage());
    }
  }

  /**
   * ORC's compressed streams are chunks, each after a 3-byte little-endian header of its length
   * times two, plus one when the chunk was stored uncompressed because compressing did not pay.
   */
  private static byte[] decompress(byte[] stored, OrcProto.PostScript postScript)
      throws MalformedException {
    OrcProto.CompressionKind kind = postScript.getCompression();
    if (kind == OrcProto.CompressionKind.NONE) {
      return stored;
    }
    long blockSize = postScript.getCompressionBlockSize();
    if (blockSize <= 0 || blockSize > MAX_COMPRESSION_BLOCK) {
      throw new MalformedException("the ORC compression block size " + blockSize + " is invalid");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[(int) blockSize];
    int position = 0;
    while (position < stored.length) {
      if (stored.length - position < 3) {
        throw new MalformedException("the ORC footer ends inside a chunk header");
      }
      int header =
          (stored[position] & 0xff)
              | (stored[position + 1] & 0xff) << 8
              | (stored[position + 2] & 0xff) << 16;
      position += 3;
      int length = header >>> 1;
      if (length > stored.length - position) {
        throw new MalformedException("an ORC footer chunk of " + length + " bytes is cut off");
      }
      if ((header & 1) == 1) {
        out.write(stored, position, length);
      } else {
        int written;
        try {
          written = decompress(kind, stored, position, length, buffer);
        } catch (RuntimeException | DataFormatException e) {
          throw new MalformedException(
              "the ORC footer does not decompress with "
                  + kind.name().toLowerCase(Locale.ROOT)
                  + ": "
                  + e.getMessage());
        }
        out.write(buffer, 0, written);
      }
      position += length;
      if (out.size() > MAX_FOOTER_LENGTH) {
        throw new MalformedException("the ORC footer is larger than " + MAX_FOOTER_LENGTH);
      }
    }
    return out.toByteArray();
  }

  private static int decompress(
      OrcProto.CompressionKind kind, byte[] input, int offset, int length, byte[] output)
      throws MalformedException, DataFormatException {
    Decompressor decompressor =
        switch (kind) {
          case ZLIB -> null;
          case SNAPPY -> new SnappyDecompressor();
          case LZ4 -> new Lz4Decompressor();
          case LZO -> new LzoDecompressor();
          case ZSTD -> new ZstdDecompressor();
          default -> throw new MalformedException("the ORC codec " + kind + " is not supported");
        };
    if (decompressor != null) {
      return decompressor.decompress(input, offset, length, output, 0, output.length);
    }
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(input, offset, length);
      int written = inflater.inflate(output);
      if (!inflater.finished()) {
        throw new DataFormatException("a chunk inflates beyond the compression block size");
      }
      return written;
    } finally {
      inflater.end();
    }
  }

  private static List<Column> columns(OrcProto.Footer footer) throws MalformedException {
    if (footer.getTypesCount() == 0) {
      throw new MalformedException("the ORC footer has no types");
    }
    OrcProto.Type root = footer.getTypes(0);
    if (root.getKind() != OrcProto.Type.Kind.STRUCT) {
      throw new MalformedException("the ORC root type is a " + root.getKind() + ", not a struct");
    }
    if (root.getSubtypesCount() != root.getFieldNamesCount() || root.getSubtypesCount() == 0) {
      throw new MalformedException("the ORC root struct has no columns or unnamed ones");
    }
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < root.getSubtypesCount(); i++) {
      columns.add(
          new Column(
              BinaryFormats.columnName(root.getFieldNames(i)),
              hiveType(footer, root.getSubtypes(i), 1)));
    }
    return columns;
  }

  /** ORC writes a type's children after it; a reference back would loop. */
  private static String hiveType(OrcProto.Footer footer, int index, int depth)
      throws MalformedException {
    if (index <= 0 || index >= footer.getTypesCount()) {
      throw new MalformedException("the ORC type tree refers to type " + index);
    }
    if (depth > BinaryFormats.MAX_NESTING) {
      throw new MalformedException("the ORC types nest deeper than " + BinaryFormats.MAX_NESTING);
    }
    OrcProto.Type type = footer.getTypes(index);
    switch (type.getKind()) {
      case BOOLEAN:
        return "boolean";
      case BYTE:
        return "tinyint";
      case SHORT:
        return "smallint";
      case INT:
        return "int";
      case LONG:
        return "bigint";
      case FLOAT:
        return "float";
      case DOUBLE:
        return "double";
      case STRING:
        return "string";
      case BINARY:
        return "binary";
      case TIMESTAMP:
        return "timestamp";
      case TIMESTAMP_INSTANT:
        return "timestamp with local time zone";
      case DATE:
        return "date";
      case VARCHAR:
        return "varchar(" + type.getMaximumLength() + ")";
      case CHAR:
        return "char(" + type.getMaximumLength() + ")";
      case DECIMAL:
        // Files of Hive 0.11 carry no precision; ORC reads them with its defaults.
        return type.getPrecision() == 0
            ? "decimal(38,10)"
            : "decimal(" + type.getPrecision() + "," + type.getScale() + ")";
      case LIST:
        return "array<" + child(footer, type, 0, 1, index, depth) + ">";
      case MAP:
        return "map<"
            + child(footer, type, 0, 2, index, depth)
            + ","
            + child(footer, type, 1, 2, index, depth)
            + ">";
      case STRUCT:
        {
          if (type.getSubtypesCount() != type.getFieldNamesCount()
              || type.getSubtypesCount() == 0) {
            throw new MalformedException("the ORC struct type " + index + " is malformed");
          }
          List<String> fields = new ArrayList<>();
          for (int i = 0; i < type.getSubtypesCount(); i++) {
            fields.add(type.getFieldNames(i) + ":" + child(footer, type, i, -1, index, depth));
          }
          return "struct<" + String.join(",", fields) + ">";
        }
      case UNION:
        {
          if (type.getSubtypesCount() == 0) {
            throw new MalformedException("the ORC union type " + index + " has no branches");
          }
          List<String> branches = new ArrayList<>();
          for (int i = 0; i < type.getSubtypesCount(); i++) {
            branches.add(child(footer, type, i, -1, index, depth));
          }
          return "uniontype<" + String.join(",", branches) + ">";
        }
      default:
        throw new MalformedException("the ORC type kind " + type.getKind() + " is unknown");
    }
  }

  /** The type of child {@code i} of a type with {@code expected} children (-1: any number). */
  private static String child(
      OrcProto.Footer footer, OrcProto.Type type, int i, int expected, int index, int depth)
      throws MalformedException {
    if (expected >= 0 && type.getSubtypesCount() != expected) {
      throw new MalformedException(
          "the ORC "
              + type.getKind()
              + " type "
              + index
              + " has "
              + type.getSubtypesCount()
              + " children");
    }
    int childIndex = type.getSubtypes(i);
    if (childIndex <= index) {
      throw new MalformedException("the ORC type tree loops at type " + index);
    }
    return hiveType(footer, childIndex, depth + 1);
  }
}
