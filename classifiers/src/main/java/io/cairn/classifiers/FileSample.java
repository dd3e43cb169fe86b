package io.cairn.classifiers;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bounded, decompressed beginning of a file that classifiers infer from. Like Glue, inference
 * looks at no more than the first {@value #MAX_RECORDS} records or {@value #MAX_BYTES} bytes.
 */
public final class FileSample {
  public static final int MAX_RECORDS = 1_000;
  public static final int MAX_BYTES = 1 << 20;

  private final String name;
  private final long size;
  private final String compression;
  private final byte[] bytes;
  private final boolean complete;

  /**
   * @param size the stored size of the file in bytes, -1 when unknown
   * @param compression {@code none} or {@code gzip}
   * @param complete whether {@code bytes} hold the whole decompressed file, rather than its first
   *     {@value #MAX_BYTES} bytes
   */
  FileSample(String name, long size, String compression, byte[] bytes, boolean complete) {
    this.name = requireNonNull(name, "name is null");
    this.size = size;
    this.compression = requireNonNull(compression, "compression is null");
    this.bytes = requireNonNull(bytes, "bytes is null").clone();
    this.complete = complete;
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("a sample holds at most " + MAX_BYTES + " bytes");
    }
  }

  /** A sample of plain, uncompressed content; for tests of classifiers and for callers. */
  public static FileSample of(String name, byte[] bytes) {
    boolean complete = bytes.length <= MAX_BYTES;
    return new FileSample(
        name, bytes.length, "none", complete ? bytes : Arrays.copyOf(bytes, MAX_BYTES), complete);
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
}
