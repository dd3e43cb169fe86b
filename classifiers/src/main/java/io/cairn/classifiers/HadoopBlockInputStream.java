package io.cairn.classifiers;

import static java.util.Objects.requireNonNull;

import io.airlift.compress.Decompressor;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the stream Hadoop's {@code BlockCompressorStream} writes for its Snappy and LZ4 codecs (the
 * {@code .snappy} and {@code .lz4} files of Hadoop, Hive and Spark jobs). The stream is a sequence
 * of blocks; a block is the 4-byte big-endian length of its uncompressed bytes, then chunks, each a
 * 4-byte big-endian compressed length and that many bytes of the codec's raw format, until the
 * block's uncompressed length is reached. The codec itself is the library's; the framing is read
 * here so that lengths are checked before anything is allocated for them: a file of another kind
 * named {@code .snappy} must give an error, not a buffer of gigabytes.
 */
final class HadoopBlockInputStream extends InputStream {
  /**
   * Hadoop compresses at most its codec buffer size (256 KiB unless configured) into one chunk; a
   * chunk claiming to hold more than this is taken for corrupt content.
   */
  static final int MAX_CHUNK_LENGTH = 16 << 20;

  private final InputStream in;
  private final Decompressor decompressor;
  private byte[] chunk = new byte[0];
  private byte[] output = new byte[0];
  private int outputLength;
  private int position;
  private long blockRemaining;

  HadoopBlockInputStream(InputStream in, Decompressor decompressor) {
    this.in = requireNonNull(in, "in is null");
    this.decompressor = requireNonNull(decompressor, "decompressor is null");
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (position == outputLength) {
      if (blockRemaining == 0 && !readBlockHeader()) {
        return -1;
      }
      if (blockRemaining > 0) {
        readChunk();
      }
    }
    int count = Math.min(length, outputLength - position);
    System.arraycopy(output, position, buffer, offset, count);
    position += count;
    return count;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Reads the uncompressed length of the next block; false at the end of the stream. */
  private boolean readBlockHeader() throws IOException {
    int first = in.read();
    if (first == -1) {
      return false;
    }
    int length = (first << 24) | readInt(3);
    if (length < 0) {
      throw new IOException("a block of " + Integer.toUnsignedString(length) + " bytes");
    }
    blockRemaining = length;
    return true;
  }

  private void readChunk() throws IOException {
    int expected = (int) Math.min(blockRemaining, MAX_CHUNK_LENGTH);
    int compressedLength = readInt(4);
    // Hadoop's compressors never write a chunk larger than its uncompressed bytes allow.
    if (compressedLength <= 0 || compressedLength > maxCompressedLength(expected)) {
      throw new IOException(
          "a chunk of "
              + Integer.toUnsignedString(compressedLength)
              + " bytes where at most "
              + blockRemaining
              + " uncompressed bytes remain in the block");
    }
    if (chunk.length < compressedLength) {
      chunk = new byte[compressedLength];
    }
    if (in.readNBytes(chunk, 0, compressedLength) != compressedLength) {
      throw new EOFException("the stream ends inside a chunk");
    }
    if (output.length < expected) {
      output = new byte[expected];
    }
    int written = decompressor.decompress(chunk, 0, compressedLength, output, 0, expected);
    if (written <= 0) {
      throw new IOException("a chunk decompressed to nothing");
    }
    blockRemaining -= written;
    outputLength = written;
    position = 0;
  }

  private int readInt(int bytes) throws IOException {
    int value = 0;
    for (int i = 0; i < bytes; i++) {
      int next = in.read();
      if (next == -1) {
        throw new EOFException("the stream ends inside a block header");
      }
      value = (value << 8) | next;
    }
    return value;
  }

  /** A bound above both Snappy's (32 + n + n / 6) and LZ4's (n + n / 255 + 16) worst cases. */
  private static int maxCompressedLength(int uncompressedLength) {
    return 32 + uncompressedLength + uncompressedLength / 6;
  }
}
