package io.cairn.classifiers;

import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.snappy.SnappyFramedInputStream;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

/**
 * A compression of a whole stored file, which is read through transparently. Formats with magic
 * bytes are recognised by them, whatever the file's name; Hadoop's Snappy and LZ4 codecs write raw
 * blocks without any, so those are recognised by the extensions Hadoop gives them ({@code .snappy},
 * {@code .lz4}).
 */
enum StreamCompression {
  NONE("none"),
  GZIP("gzip"),
  BZIP2("bzip2"),
  ZSTD("zstd"),
  /** Snappy's framing format: a stream identifier chunk, then checksummed chunks. */
  SNAPPY_FRAMED("snappy"),
  /**
   * Hadoop's {@code SnappyCodec} stream ({@code BlockCompressorStream}): each block is the 4-byte
   * big-endian length of its uncompressed bytes, then one or more chunks of a 4-byte big-endian
   * compressed length and that many bytes of raw Snappy, until the block's length is reached.
   */
  SNAPPY_HADOOP("snappy"),
  /** The LZ4 frame format (magic {@code 04 22 4D 18}), as the {@code lz4} tool writes it. */
  LZ4_FRAMED("lz4"),
  /**
   * Hadoop's {@code Lz4Codec} stream: the block layout of {@link #SNAPPY_HADOOP}, raw LZ4 inside.
   */
  LZ4_HADOOP("lz4");

  /** How many first bytes {@link #recognise} needs at most. */
  static final int MAGIC_LENGTH = 10;

  private static final byte[] BZIP2_BLOCK = {0x31, 0x41, 0x59, 0x26, 0x53, 0x59};
  private static final byte[] BZIP2_END = {0x17, 0x72, 0x45, 0x38, 0x50, (byte) 0x90};
  private static final byte[] ZSTD_FRAME = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
  private static final byte[] LZ4_FRAME = {0x04, 0x22, 0x4d, 0x18};
  private static final byte[] SNAPPY_STREAM = {
    (byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'
  };

  private final String compressionType;

  StreamCompression(String compressionType) {
    this.compressionType = compressionType;
  }

  /** The value of the {@code compressionType} table parameter, as Glue writes it. */
  String compressionType() {
    return compressionType;
  }

  /** The compression of a file from its first {@link #MAGIC_LENGTH} bytes and its name. */
  static StreamCompression recognise(byte[] head, String name) {
    if (startsWith(head, new byte[] {0x1f, (byte) 0x8b})) {
      return GZIP;
    }
    if (head.length >= 10
        && head[0] == 'B'
        && head[1] == 'Z'
        && head[2] == 'h'
        && head[3] >= '1'
        && head[3] <= '9'
        && (Arrays.equals(head, 4, 10, BZIP2_BLOCK, 0, 6)
            || Arrays.equals(head, 4, 10, BZIP2_END, 0, 6))) {
      return BZIP2;
    }
    if (startsWith(head, ZSTD_FRAME)) {
      return ZSTD;
    }
    if (startsWith(head, LZ4_FRAME)) {
      return LZ4_FRAMED;
    }
    if (startsWith(head, SNAPPY_STREAM)) {
      return SNAPPY_FRAMED;
    }
    String lowerCaseName = name.toLowerCase(Locale.ROOT);
    if (lowerCaseName.endsWith(".snappy")) {
      return SNAPPY_HADOOP;
    }
    if (lowerCaseName.endsWith(".lz4")) {
      return LZ4_HADOOP;
    }
    return NONE;
  }

  /**
   * The decompressed content of {@code stored}. Corrupt content fails with an {@link IOException}
   * or, from some of the decoders, a {@link RuntimeException}.
   */
  InputStream decompress(InputStream stored) throws IOException {
    return switch (this) {
      case NONE -> stored;
        // Concatenated members, as parallel compressors write them, are read on to the end.
      case GZIP -> new GZIPInputStream(stored);
      case BZIP2 -> new BZip2CompressorInputStream(stored, true);
      case ZSTD -> new ZstdInputStream(stored);
      case SNAPPY_FRAMED -> new SnappyFramedInputStream(stored, true);
      case SNAPPY_HADOOP -> new HadoopBlockInputStream(stored, new SnappyDecompressor());
      case LZ4_FRAMED -> new FramedLZ4CompressorInputStream(stored, true);
      case LZ4_HADOOP -> new HadoopBlockInputStream(stored, new Lz4Decompressor());
    };
  }

  private static boolean startsWith(byte[] head, byte[] magic) {
    return head.length >= magic.length
        && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
  }
}
