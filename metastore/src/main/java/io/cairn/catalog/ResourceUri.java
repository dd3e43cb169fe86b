package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

/** A resource a user-defined function needs at run time: a jar, a file or an archive. */
public record ResourceUri(Type type, String uri) {
  public ResourceUri {
    requireNonNull(type, "type is null");
    requireNonNull(uri, "uri is null");
  }

  /** Kind of resource (HMS ResourceType, Glue ResourceType). */
  public enum Type {
    JAR,
    FILE,
    ARCHIVE
  }
}
