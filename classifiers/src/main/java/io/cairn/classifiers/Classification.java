package io.cairn.classifiers;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What a classifier decided about a file. {@code certainty} is between 0 and 1; a classification
 * with certainty 0 is {@link #UNKNOWN} and carries, in {@code reason}, why the file was not
 * recognised. A recognised file has an empty reason.
 */
public record Classification(
    String classification,
    double certainty,
    List<Column> columns,
    String serdeLibrary,
    Map<String, String> serdeParameters,
    String inputFormat,
    String outputFormat,
    Map<String, String> parameters,
    String reason) {
  public static final String UNKNOWN = "UNKNOWN";

  public Classification {
    requireNonNull(classification, "classification is null");
    if (!(certainty >= 0.0 && certainty <= 1.0)) {
      throw new IllegalArgumentException("certainty must be between 0 and 1: " + certainty);
    }
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(serdeLibrary, "serdeLibrary is null");
    serdeParameters = Map.copyOf(requireNonNull(serdeParameters, "serdeParameters is null"));
    requireNonNull(inputFormat, "inputFormat is null");
    requireNonNull(outputFormat, "outputFormat is null");
    parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
    requireNonNull(reason, "reason is null");
    if (certainty == 0.0 && reason.isEmpty()) {
      throw new IllegalArgumentException("an unrecognised file needs a reason");
    }
  }

  /** A file no classifier recognised, with the reason that is logged and kept. */
  public static Classification unknown(String reason) {
    return new Classification(UNKNOWN, 0.0, List.of(), "", Map.of(), "", "", Map.of(), reason);
  }

  public boolean isKnown() {
    return certainty > 0.0;
  }
}
