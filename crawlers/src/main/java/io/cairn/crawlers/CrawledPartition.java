package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import io.cairn.classifiers.Column;
import java.util.List;
import java.util.Map;

/** A partition of a {@link CrawledTable}: its values (one per partition key) and its folder. */
public record CrawledPartition(
    List<String> values,
    String location,
    List<Column> columns,
    String inputFormat,
    String outputFormat,
    String serdeLibrary,
    Map<String, String> serdeParameters,
    Map<String, String> parameters) {
  public CrawledPartition {
    values = List.copyOf(requireNonNull(values, "values is null"));
    requireNonNull(location, "location is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(inputFormat, "inputFormat is null");
    requireNonNull(outputFormat, "outputFormat is null");
    requireNonNull(serdeLibrary, "serdeLibrary is null");
    serdeParameters = Map.copyOf(requireNonNull(serdeParameters, "serdeParameters is null"));
    parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
  }
}
