package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A table, view or Iceberg table: every field of Glue's TableInput/Table and HMS's Table.
 *
 * <p>{@code version} is both the compare-and-swap counter and Glue's VersionId: a new table is
 * version 0 and each committed update archives the previous version and increments it.
 */
public record Table(
    TableName name,
    String description,
    String owner,
    PrincipalType ownerType,
    Instant createTime,
    Instant updateTime,
    Instant lastAccessTime,
    Instant lastAnalyzedTime,
    int retention,
    StorageDescriptor storageDescriptor,
    List<Column> partitionKeys,
    String viewOriginalText,
    String viewExpandedText,
    String tableType,
    Map<String, String> parameters,
    TableName targetTable,
    String createdBy,
    boolean rewriteEnabled,
    long version) {
  public Table {
    requireNonNull(name, "name is null");
    partitionKeys = partitionKeys == null ? List.of() : List.copyOf(partitionKeys);
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  public boolean isPartitioned() {
    return !partitionKeys.isEmpty();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .name(name)
        .description(description)
        .owner(owner)
        .ownerType(ownerType)
        .createTime(createTime)
        .updateTime(updateTime)
        .lastAccessTime(lastAccessTime)
        .lastAnalyzedTime(lastAnalyzedTime)
        .retention(retention)
        .storageDescriptor(storageDescriptor)
        .partitionKeys(partitionKeys)
        .viewOriginalText(viewOriginalText)
        .viewExpandedText(viewExpandedText)
        .tableType(tableType)
        .parameters(parameters)
        .targetTable(targetTable)
        .createdBy(createdBy)
        .rewriteEnabled(rewriteEnabled)
        .version(version);
  }

  /** Builder for the wide table type. */
  public static final class Builder {
    private TableName name;
    private String description;
    private String owner;
    private PrincipalType ownerType;
    private Instant createTime;
    private Instant updateTime;
    private Instant lastAccessTime;
    private Instant lastAnalyzedTime;
    private int retention;
    private StorageDescriptor storageDescriptor;
    private List<Column> partitionKeys = List.of();
    private String viewOriginalText;
    private String viewExpandedText;
    private String tableType;
    private Map<String, String> parameters = Map.of();
    private TableName targetTable;
    private String createdBy;
    private boolean rewriteEnabled;
    private long version;

    private Builder() {}

    public Builder name(TableName name) {
      this.name = name;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    public Builder ownerType(PrincipalType ownerType) {
      this.ownerType = ownerType;
      return this;
    }

    public Builder createTime(Instant createTime) {
      this.createTime = createTime;
      return this;
    }

    public Builder updateTime(Instant updateTime) {
      this.updateTime = updateTime;
      return this;
    }

    public Builder lastAccessTime(Instant lastAccessTime) {
      this.lastAccessTime = lastAccessTime;
      return this;
    }

    public Builder lastAnalyzedTime(Instant lastAnalyzedTime) {
      this.lastAnalyzedTime = lastAnalyzedTime;
      return this;
    }

    public Builder retention(int retention) {
      this.retention = retention;
      return this;
    }

    public Builder storageDescriptor(StorageDescriptor storageDescriptor) {
      this.storageDescriptor = storageDescriptor;
      return this;
    }

    public Builder partitionKeys(List<Column> partitionKeys) {
      this.partitionKeys = partitionKeys;
      return this;
    }

    public Builder viewOriginalText(String viewOriginalText) {
      this.viewOriginalText = viewOriginalText;
      return this;
    }

    public Builder viewExpandedText(String viewExpandedText) {
      this.viewExpandedText = viewExpandedText;
      return this;
    }

    public Builder tableType(String tableType) {
      this.tableType = tableType;
      return this;
    }

    public Builder parameters(Map<String, String> parameters) {
      this.parameters = parameters;
      return this;
    }

    public Builder targetTable(TableName targetTable) {
      this.targetTable = targetTable;
      return this;
    }

    public Builder createdBy(String createdBy) {
      this.createdBy = createdBy;
      return this;
    }

    public Builder rewriteEnabled(boolean rewriteEnabled) {
      this.rewriteEnabled = rewriteEnabled;
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    public Table build() {
      return new Table(
          name,
          description,
          owner,
          ownerType,
          createTime,
          updateTime,
          lastAccessTime,
          lastAnalyzedTime,
          retention,
          storageDescriptor,
          partitionKeys,
          viewOriginalText,
          viewExpandedText,
          tableType,
          parameters,
          targetTable,
          createdBy,
          rewriteEnabled,
          version);
    }
  }
}
