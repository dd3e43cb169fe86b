package io.cairn.classifiers;

import static java.util.Objects.requireNonNull;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Classifies files with an ordered list of classifiers, as Glue does: the first classification with
 * certainty 1.0 wins, else the one with the highest certainty, else {@link Classification#UNKNOWN}
 * with the reasons every classifier gave.
 */
public final class Classifiers {
  private static final System.Logger LOG = System.getLogger(Classifiers.class.getName());

  /** Enough first bytes for the magic of every format and compression recognised by it. */
  private static final int HEAD_LENGTH = StreamCompression.MAGIC_LENGTH;

  private final List<Classifier> classifiers;

  public Classifiers(List<Classifier> classifiers) {
    this.classifiers = List.copyOf(requireNonNull(classifiers, "classifiers is null"));
  }

  /** The classifiers registered with {@link ServiceLoader}, in the order they are listed. */
  public static Classifiers loadBuiltIn() {
    List<Classifier> found = new ArrayList<>();
    ServiceLoader.load(Classifier.class, Classifiers.class.getClassLoader()).forEach(found::add);
    return new Classifiers(found);
  }

  public List<Classifier> classifiers() {
    return classifiers;
  }

  /**
   * Classifies a stored file as {@link #classify(InputStream, String, long)} does, except that
   * classifiers can read the stored file by byte ranges. A file that begins with the magic bytes of
   * Parquet or ORC is not sampled beyond its first bytes: those formats keep their schema in a
   * footer, which their classifiers read by range, and their other bytes are binary pages that no
   * text classifier could read.
   *
   * @throws IOException only when the file cannot be read at all
   */
  public Classification classify(FileSource source) throws IOException {
    requireNonNull(source, "source is null");
    try (InputStream stream = source.open()) {
      PushbackInputStream input = new PushbackInputStream(stream, HEAD_LENGTH);
      byte[] head = input.readNBytes(HEAD_LENGTH);
      input.unread(head);
      if (startsWith(head, ParquetClassifier.MAGIC) || startsWith(head, OrcClassifier.MAGIC)) {
        boolean complete = head.length == source.size();
        return classify(
            new FileSample(source.name(), source.size(), "none", head, complete, source));
      }
      return classify(input, source.name(), source.size(), source);
    }
  }

  /**
   * Reads at most {@link FileSample#MAX_BYTES} decompressed bytes of {@code stream} and classifies
   * them. Compressed content (gzip, bzip2, zstd, LZ4 and Snappy frames by their magic bytes;
   * Hadoop's Snappy and LZ4 block streams by the extensions {@code .snappy} and {@code .lz4}) is
   * read through. Malformed or truncated content gives UNKNOWN with a logged reason; only a failure
   * to read the stream itself throws.
   *
   * <p>The stored file cannot be read by ranges here: a Parquet or ORC file is classified only when
   * the sample holds all of it (at most {@link FileSample#MAX_BYTES}), else it is UNKNOWN with that
   * reason. Callers with a stored file use {@link #classify(FileSource)}.
   *
   * @param size the stored size of the file in bytes, -1 when unknown
   */
  public Classification classify(InputStream stream, String name, long size) throws IOException {
    requireNonNull(stream, "stream is null");
    requireNonNull(name, "name is null");
    return classify(stream, name, size, null);
  }

  private Classification classify(InputStream stream, String name, long size, FileSource stored)
      throws IOException {
    FileSample sample;
    SourceStream source = new SourceStream(stream);
    try {
      sample = sample(source, name, size, stored);
    } catch (IOException | RuntimeException e) {
      if (source.failure != null) {
        throw source.failure;
      }
      return unknown(name, "compressed content is corrupt or truncated: " + e.getMessage());
    }
    if (sample.length() == 0) {
      return unknown(name, "the file is empty");
    }
    if (sample.isComplete() && sample.compression().equals("none") && size >= 0) {
      if (sample.length() != size) {
        return unknown(
            name, "read " + sample.length() + " bytes of a file of " + size + ": truncated");
      }
    }
    return classify(sample);
  }

  public Classification classify(FileSample sample) {
    requireNonNull(sample, "sample is null");
    Classification best = null;
    List<String> reasons = new ArrayList<>();
    for (Classifier classifier : classifiers) {
      Classification classification;
      try {
        classification = classifier.classify(sample);
      } catch (RuntimeException e) {
        // A classifier's bug must not stop a crawl; the file is then not of its format.
        LOG.log(
            Level.WARNING, "classifier " + classifier.name() + " failed on " + sample.name(), e);
        reasons.add(classifier.name() + ": failed with " + e);
        continue;
      }
      if (!classification.isKnown()) {
        reasons.add(classifier.name() + ": " + classification.reason());
        continue;
      }
      if (classification.certainty() == 1.0) {
        return classification;
      }
      if (best == null || classification.certainty() > best.certainty()) {
        best = classification;
      }
    }
    if (best != null) {
      return best;
    }
    return unknown(sample.name(), reasons.isEmpty() ? "no classifier" : String.join("; ", reasons));
  }

  private static Classification unknown(String name, String reason) {
    LOG.log(Level.INFO, "{0} classified as UNKNOWN: {1}", name, reason);
    return Classification.unknown(reason);
  }

  /**
   * Exceptions of the decompressors are about the content; this stream tells a failure to read the
   * stored bytes themselves apart from them.
   */
  private static final class SourceStream extends FilterInputStream {
    private IOException failure;

    SourceStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        return super.read(buffer, offset, length);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public long skip(long count) throws IOException {
      try {
        return super.skip(count);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }

  private static FileSample sample(InputStream stream, String name, long size, FileSource stored)
      throws IOException {
    PushbackInputStream input = new PushbackInputStream(stream, StreamCompression.MAGIC_LENGTH);
    byte[] magic = input.readNBytes(StreamCompression.MAGIC_LENGTH);
    input.unread(magic);
    StreamCompression compression = StreamCompression.recognise(magic, name);
    InputStream content = compression.decompress(input);
    byte[] bytes = content.readNBytes(FileSample.MAX_BYTES);
    boolean complete = bytes.length < FileSample.MAX_BYTES || content.read() == -1;
    return new FileSample(name, size, compression.compressionType(), bytes, complete, stored);
  }

  private static boolean startsWith(byte[] head, byte[] magic) {
    return head.length >= magic.length
        && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
  }
}
