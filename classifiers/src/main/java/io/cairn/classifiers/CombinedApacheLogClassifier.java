package io.cairn.classifiers;

/**
 * Glue's built-in {@code combined_apache} classifier: Apache's combined log format, the common
 * format followed by the quoted referrer and user agent.
 */
public final class CombinedApacheLogClassifier implements Classifier {
  static final String PATTERN = ApacheLogClassifier.PATTERN + " %{QS:referrer} %{QS:agent}";

  private final GrokClassifier grok = new GrokClassifier("combined_apache", PATTERN, "");

  @Override
  public String name() {
    return grok.name();
  }

  @Override
  public Classification classify(FileSample sample) {
    return grok.classify(sample);
  }
}
