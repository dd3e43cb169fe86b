package io.cairn.classifiers;

/**
 * Decides whether a file is in one format and, if so, its schema. Implementations are found with
 * {@link java.util.ServiceLoader} and need a public no-argument constructor.
 *
 * <p>Contract: {@link #classify} never throws for malformed or truncated content; it returns {@link
 * Classification#unknown} with the reason instead. It reads at most {@link FileSample#MAX_RECORDS}
 * records of the sample, and when the sample is not {@linkplain FileSample#isComplete() complete}
 * it ignores a last record cut off by the sample limit.
 */
public interface Classifier {
  /** The classification this classifier produces, such as {@code csv}. */
  String name();

  Classification classify(FileSample sample);
}
