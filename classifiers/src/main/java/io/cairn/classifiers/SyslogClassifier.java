package io.cairn.classifiers;

/**
 * A built-in {@code syslog} classifier for BSD syslog lines ({@code Feb 1 06:25:43 host
 * program[123]: message}), as a grok pattern over Logstash's SYSLOGBASE parts. Glue lists no such
 * built-in; its own are Linux kernel, Microsoft, Ruby, Squid and Redis logs.
 */
public final class SyslogClassifier implements Classifier {
  static final String PATTERN =
      "%{SYSLOGTIMESTAMP:timestamp}"
          + " (?:<%{NONNEGINT:facility:int}.%{NONNEGINT:priority:int}> )?"
          + "%{SYSLOGHOST:logsource} %{PROG:program}(?:\\[%{POSINT:pid:int}\\])?:"
          + " %{GREEDYDATA:message}";

  private final GrokClassifier grok = new GrokClassifier("syslog", PATTERN, "");

  @Override
  public String name() {
    return grok.name();
  }

  @Override
  public Classification classify(FileSample sample) {
    return grok.classify(sample);
  }
}
