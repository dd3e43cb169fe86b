package io.cairn.catalog;

import java.util.List;
import java.util.Map;

/** Physical storage of a table or a partition. Every field of Glue's and HMS's descriptor. */
public record StorageDescriptor(
    List<Column> columns,
    String location,
    List<String> additionalLocations,
    String inputFormat,
    String outputFormat,
    boolean compressed,
    int numberOfBuckets,
    SerDeInfo serdeInfo,
    List<String> bucketColumns,
    List<SortOrder> sortColumns,
    Map<String, String> parameters,
    SkewedInfo skewedInfo,
    boolean storedAsSubDirectories,
    SchemaReference schemaReference) {
  public StorageDescriptor {
    columns = columns == null ? List.of() : List.copyOf(columns);
    additionalLocations =
        additionalLocations == null ? List.of() : List.copyOf(additionalLocations);
    bucketColumns = bucketColumns == null ? List.of() : List.copyOf(bucketColumns);
    sortColumns = sortColumns == null ? List.of() : List.copyOf(sortColumns);
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .columns(columns)
        .location(location)
        .additionalLocations(additionalLocations)
        .inputFormat(inputFormat)
        .outputFormat(outputFormat)
        .compressed(compressed)
        .numberOfBuckets(numberOfBuckets)
        .serdeInfo(serdeInfo)
        .bucketColumns(bucketColumns)
        .sortColumns(sortColumns)
        .parameters(parameters)
        .skewedInfo(skewedInfo)
        .storedAsSubDirectories(storedAsSubDirectories)
        .schemaReference(schemaReference);
  }

  /** Builder for the wide descriptor; unset fields are empty or null. */
  public static final class Builder {
    private List<Column> columns = List.of();
    private String location;
    private List<String> additionalLocations = List.of();
    private String inputFormat;
    private String outputFormat;
    private boolean compressed;
    private int numberOfBuckets = -1;
    private SerDeInfo serdeInfo;
    private List<String> bucketColumns = List.of();
    private List<SortOrder> sortColumns = List.of();
    private Map<String, String> parameters = Map.of();
    private SkewedInfo skewedInfo;
    private boolean storedAsSubDirectories;
    private SchemaReference schemaReference;

    private Builder() {}

    public Builder columns(List<Column> columns) {
      this.columns = columns;
      return this;
    }

    public Builder location(String location) {
      this.location = location;
      return this;
    }

    public Builder additionalLocations(List<String> additionalLocations) {
      this.additionalLocations = additionalLocations;
      return this;
    }

    public Builder inputFormat(String inputFormat) {
      this.inputFormat = inputFormat;
      return this;
    }

    public Builder outputFormat(String outputFormat) {
      this.outputFormat = outputFormat;
      return this;
    }

    public Builder compressed(boolean compressed) {
      this.compressed = compressed;
      return this;
    }

    public Builder numberOfBuckets(int numberOfBuckets) {
      this.numberOfBuckets = numberOfBuckets;
      return this;
    }

    public Builder serdeInfo(SerDeInfo serdeInfo) {
      this.serdeInfo = serdeInfo;
      return this;
    }

    public Builder bucketColumns(List<String> bucketColumns) {
      this.bucketColumns = bucketColumns;
      return this;
    }

    public Builder sortColumns(List<SortOrder> sortColumns) {
      this.sortColumns = sortColumns;
      return this;
    }

    public Builder parameters(Map<String, String> parameters) {
      this.parameters = parameters;
      return this;
    }

    public Builder skewedInfo(SkewedInfo skewedInfo) {
      this.skewedInfo = skewedInfo;
      return this;
    }

    public Builder storedAsSubDirectories(boolean storedAsSubDirectories) {
      this.storedAsSubDirectories = storedAsSubDirectories;
      return this;
    }

    public Builder schemaReference(SchemaReference schemaReference) {
      this.schemaReference = schemaReference;
      return this;
    }

    public StorageDescriptor build() {
      return new StorageDescriptor(
          columns,
          location,
          additionalLocations,
          inputFormat,
          outputFormat,
          compressed,
          numberOfBuckets,
          serdeInfo,
          bucketColumns,
          sortColumns,
          parameters,
          skewedInfo,
          storedAsSubDirectories,
          schemaReference);
    }
  }
}
