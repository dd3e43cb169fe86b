package io.cairn.catalog;

/** A reference to a schema in a schema registry (Glue StorageDescriptor.SchemaReference). */
public record SchemaReference(
    String registryName,
    String schemaName,
    String schemaArn,
    String schemaVersionId,
    Long versionNumber) {}
