package io.cairn.classifiers;

import static java.util.Objects.requireNonNull;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Classifies files with an ordered list of classifiers, as Glue does: the first classification with
 * certainty 1.0 wins, else the one with the highest certainty, else {@link Classification#UNKNOWN}
 * with the reasons every classifier gave.
 */
public final class Classifiers {
  private static final System.Logger LOG = System.getLogger(Classifiers.class.getName());

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
   * Classifies a stored file: see {@link #classify(InputStream, String, long)}.
   *
   * @throws IOException only when the file cannot be read at all
   */
  public Classification classify(FileSource source) throws IOException {
    requireNonNull(source, "source is null");
    try (InputStream stream = source.open()) {
      return classify(stream, source.name(), source.size());
    }
  }

  /**
   * Reads at most {@link FileSample#MAX_BYTES} decompressed bytes of {@code stream} and classifies
   * them. Gzip content is recognised by its magic bytes, whatever the name. Malformed or truncated
   * content gives UNKNOWN with a logged reason; only a failure to read the stream itself throws.
   *
   * @param size the stored size of the file in bytes, -1 when unknown
   */
  public Classification classify(InputStream stream, String name, long size) throws IOException {
    requireNonNull(stream, "stream is null");
    requireNonNull(name, "name is null");
    FileSample sample;
    try {
      sample = sample(stream, name, size);
    } catch (EOFException | ZipException e) {
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

  private static FileSample sample(InputStream stream, String name, long size) throws IOException {
    PushbackInputStream input = new PushbackInputStream(stream, 2);
    byte[] magic = input.readNBytes(2);
    input.unread(magic);
    boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    InputStream content = gzip ? new GZIPInputStream(input) : input;
    byte[] bytes = content.readNBytes(FileSample.MAX_BYTES);
    boolean complete = bytes.length < FileSample.MAX_BYTES || content.read() == -1;
    return new FileSample(name, size, gzip ? "gzip" : "none", bytes, complete);
  }
}
