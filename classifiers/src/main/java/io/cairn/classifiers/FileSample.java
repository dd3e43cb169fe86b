package io.cairn.classifiers;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bounded, decompressed beginning of a file that classifiers infer from. Like Glue, inference
 * looks at no more than the first {@value #MAX_RECORDS} records or {@value #MAX_BYTES} bytes.
 *
 * <p>Formats with a footer (Parquet, ORC) read the stored file by byte ranges instead, through
 * {@link #readStored}; a sample made from a stream alone cannot do that unless it holds the whole
 * file.
 */
public final class FileSample {
  public static final int MAX_RECORDS = 1_000;
  public static final int MAX_BYTES = 1 << 20;

  private final String name;
  private final long size;
  private final String compression;
  private final byte[] bytes;
  private final boolean complete;
  private final FileSource stored;

  /**
   * A sample whose stored file can be read by ranges only when {@code bytes} are the whole,
   * uncompressed file.
   *
   * @param size the stored size of the file in bytes, -1 when unknown
   * @param compression {@code none}, or the stream compression of the stored file, such as {@code
   *     gzip}
   * @param complete whether {@code bytes} hold the whole decompressed file, rather than its first
   *     {@value #MAX_BYTES} bytes
   */
  FileSample(String name, long size, String compression, byte[] bytes, boolean complete) {
    this(name, size, compression, bytes, complete, null);
  }

  /**
   * @param stored the stored file for ranged reads; {@code null} when only a stream of it was
   *     available, and then ranged reads are served from {@code bytes} if they are the whole,
   *     uncompressed file, else fail
   */
  FileSample(
      String name,
      long size,
      String compression,
      byte[] bytes,
      boolean complete,
      FileSource stored) {
    this.name = requireNonNull(name, "name is null");
    this.size = size;
    this.compression = requireNonNull(compression, "compression is null");
    this.bytes = requireNonNull(bytes, "bytes is null").clone();
    this.complete = complete;
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("a sample holds at most " + MAX_BYTES + " bytes");
    }
    if (stored == null && complete && compression.equals("none") && size == bytes.length) {
      stored = new InMemorySource(name, this.bytes);
    }
    this.stored = stored;
  }

  /**
   * A sample of plain, uncompressed content; for tests of classifiers and for callers. Ranged reads
   * see all of {@code bytes}, also beyond the first {@value #MAX_BYTES}.
   */
  public static FileSample of(String name, byte[] bytes) {
    boolean complete = bytes.length <= MAX_BYTES;
    return new FileSample(
        name,
        bytes.length,
        "none",
        complete ? bytes : Arrays.copyOf(bytes, MAX_BYTES),
        complete,
        new InMemorySource(name, bytes.clone()));
  }

  public String name() {
    return name;
  }

  public long size() {
    return size;
  }

  public String compression() {
    return compression;
  }

  public boolean isComplete() {
    return complete;
  }

  public int length() {
    return bytes.length;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public InputStream openStream() {
    return new ByteArrayInputStream(bytes);
  }

  /** Whether the sample begins with {@code prefix}; cheaper than {@link #bytes()}. */
  public boolean startsWith(byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  /**
   * {@code length} bytes of the stored (not decompressed) file from {@code position}; fewer only
   * when the file ends first.
   *
   * @throws IOException when the range cannot be read, or the file was given as a stream and the
   *     sample does not hold all of it
   */
  public byte[] readStored(long position, int length) throws IOException {
    if (position < 0 || length < 0) {
      throw new IllegalArgumentException("negative range: " + position + ", " + length);
    }
    if (stored == null) {
      throw new IOException(
          "the file was given as a stream, not as a stored file; its bytes cannot be read by"
              + " position");
    }
    return stored.read(position, length);
  }

  /** Ranged reads of a file held in memory. */
  private static final class InMemorySource implements FileSource {
    private final String name;
    private final byte[] content;

    InMemorySource(String name, byte[] content) {
      this.name = name;
      this.content = content;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public long size() {
      return content.length;
    }

    @Override
    public InputStream open() {
      return new ByteArrayInputStream(content);
    }

    @Override
    public byte[] read(long position, int length) {
      int start = (int) Math.min(position, content.length);
      int end = (int) Math.min((long) start + length, content.length);
      return Arrays.copyOfRange(content, start, end);
    }
  }
}
