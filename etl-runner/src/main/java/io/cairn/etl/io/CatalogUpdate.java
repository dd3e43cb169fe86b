package io.cairn.etl.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * Glue's {@code SchemaChangePolicy} of a target ({@code EnableUpdateCatalog}, {@code
 * UpdateBehavior}): what the job does to the catalog table besides writing its files.
 */
enum CatalogUpdate {
  /** Only files are written; the table and its partitions stay as they are. */
  NONE,
  /** The schema stays; partitions the run wrote are added. */
  LOG,
  /**
   * The table is created on the first run; later runs add the data's new columns to it and the
   * partitions they wrote.
   */
  UPDATE_IN_DATABASE;

  static CatalogUpdate of(JsonNode configuration) {
    JsonNode policy = configuration.path("SchemaChangePolicy");
    if (!policy.path("EnableUpdateCatalog").asBoolean(false)) {
      return NONE;
    }
    return Settings.text(policy, "UpdateBehavior").orElse("UPDATE_IN_DATABASE").equals("LOG")
        ? LOG
        : UPDATE_IN_DATABASE;
  }

  static void validate(JsonNode configuration, List<String> problems) {
    JsonNode policy = configuration.path("SchemaChangePolicy");
    if (!policy.isMissingNode() && !policy.isObject()) {
      problems.add("SchemaChangePolicy must be an object");
      return;
    }
    Settings.requireOneOf(policy, "UpdateBehavior", Set.of("UPDATE_IN_DATABASE", "LOG"), problems);
  }
}
