package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;

/**
 * A catalog: the top-level namespace. There is one default catalog; Glue's CatalogId (an account
 * id) and Hive's catalog name both resolve to it, and further catalogs may be added later.
 */
public record Catalog(String name, String description, String location, Instant createTime) {
  public Catalog {
    name = requireNonNull(name, "name is null").toLowerCase(Locale.ROOT);
    requireNonNull(createTime, "createTime is null");
  }
}
