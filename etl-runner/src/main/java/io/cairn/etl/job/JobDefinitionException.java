package io.cairn.etl.job;

import java.util.List;

/** A job definition that cannot run, with every problem found; thrown before any Spark work. */
public final class JobDefinitionException extends RuntimeException {
  private final List<String> problems;

  public JobDefinitionException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid job has at least one problem");
    }
    return "invalid job: " + String.join("; ", problems);
  }
}
