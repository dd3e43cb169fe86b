package io.cairn.etl.transforms;

import java.util.List;

/**
 * An EvaluateDataQuality node with StopJobOnFailureOptions found failed rules: the run stops. The
 * message lists each failed rule with its reason.
 */
public final class DataQualityFailedException extends RuntimeException {
  private final List<String> failedRules;

  DataQualityFailedException(String node, List<String> failedRules, List<String> reasons) {
    super(message(node, failedRules, reasons));
    this.failedRules = List.copyOf(failedRules);
  }

  /** The texts of the rules that failed, as written in the ruleset. */
  public List<String> failedRules() {
    return failedRules;
  }

  private static String message(String node, List<String> rules, List<String> reasons) {
    StringBuilder message =
        new StringBuilder(node + ": " + rules.size() + " data quality rule(s) failed");
    for (int i = 0; i < rules.size(); i++) {
      message.append("; ").append(rules.get(i)).append(": ").append(reasons.get(i));
    }
    return message.toString();
  }
}
