package io.cairn.classifiers;

import java.io.IOException;
import java.io.InputStream;

/**
 * One stored file to classify: a local file or an object in S3. Classifiers of text formats read
 * its beginning through {@link #open}; classifiers of formats with a footer (Parquet, ORC) read
 * byte ranges through {@link #read}, so that a large file is never read whole.
 */
public interface FileSource {
  /** The file's path or object key, as it is reported in reasons and logs. */
  String name();

  /** The stored (compressed) size in bytes. */
  long size();

  /** The stored content from its first byte; the caller closes the stream. */
  InputStream open() throws IOException;

  /**
   * {@code length} stored bytes from {@code position}; fewer only when the file ends first.
   *
   * @throws IOException when the range cannot be read
   */
  byte[] read(long position, int length) throws IOException;
}
