package io.cairn.classifiers;

/**
 * Glue's built-in {@code apache} classifier: Apache's common log format, through a grok pattern.
 * The pattern is Logstash's COMMONAPACHELOG with the status typed int and the size bigint, so that
 * the table's GrokSerDe reads them as numbers.
 */
public final class ApacheLogClassifier implements Classifier {
  static final String PATTERN =
      "%{IPORHOST:clientip} %{USER:ident} %{USER:auth} \\[%{HTTPDATE:timestamp}\\]"
          + " \"(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?"
          + "|%{DATA:rawrequest})\" %{NUMBER:response:int} (?:%{NUMBER:bytes:long}|-)";

  private final GrokClassifier grok = new GrokClassifier("apache", PATTERN, "");

  @Override
  public String name() {
    return grok.name();
  }

  @Override
  public Classification classify(FileSample sample) {
    return grok.classify(sample);
  }
}
