package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A user-defined function (HMS Function, Glue UserDefinedFunction): a class that implements it and
 * the resources it needs. {@code className} is null only in a request that validation rejects;
 * {@code version} is the compare-and-swap counter: 0 when created, +1 per committed update.
 */
public record Function(
    FunctionName name,
    String className,
    String ownerName,
    PrincipalType ownerType,
    Instant createTime,
    FunctionType functionType,
    List<ResourceUri> resourceUris,
    long version) {
  public Function {
    requireNonNull(name, "name is null");
    functionType = functionType == null ? FunctionType.JAVA : functionType;
    resourceUris = resourceUris == null ? List.of() : List.copyOf(resourceUris);
  }

  public Function withName(FunctionName newName) {
    return new Function(
        newName, className, ownerName, ownerType, createTime, functionType, resourceUris, version);
  }

  public Function withVersion(long newVersion) {
    return new Function(
        name, className, ownerName, ownerType, createTime, functionType, resourceUris, newVersion);
  }
}
