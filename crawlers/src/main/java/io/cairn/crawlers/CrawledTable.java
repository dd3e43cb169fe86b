package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import io.cairn.classifiers.Column;
import java.util.List;
import java.util.Map;

/**
 * A table as the crawler sees it: an external table over {@code location}. {@code parameters} are
 * the table parameters Glue's crawler writes (classification, compressionType, recordCount,
 * UPDATED_BY_CRAWLER, ...); tables the crawler reads back from the catalog carry all their
 * parameters.
 */
public record CrawledTable(
    String name,
    String location,
    List<Column> columns,
    List<Column> partitionKeys,
    String inputFormat,
    String outputFormat,
    String serdeLibrary,
    Map<String, String> serdeParameters,
    Map<String, String> parameters) {
  public CrawledTable {
    requireNonNull(name, "name is null");
    requireNonNull(location, "location is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    partitionKeys = List.copyOf(requireNonNull(partitionKeys, "partitionKeys is null"));
    requireNonNull(inputFormat, "inputFormat is null");
    requireNonNull(outputFormat, "outputFormat is null");
    requireNonNull(serdeLibrary, "serdeLibrary is null");
    serdeParameters = Map.copyOf(requireNonNull(serdeParameters, "serdeParameters is null"));
    parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
  }
}
