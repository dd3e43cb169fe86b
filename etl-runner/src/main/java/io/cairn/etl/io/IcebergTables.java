package io.cairn.etl.io;

import io.cairn.etl.JobContext;
import io.cairn.etl.TransformContext;

final class IcebergTables {
  private IcebergTables() {}

  /** Fails clearly when the run was started without Cairn's Iceberg REST URI. */
  static void requireCatalog(TransformContext context) {
    if (!context.spark().conf().contains("spark.sql.catalog." + JobContext.ICEBERG_CATALOG)) {
      throw new IllegalStateException(
          "this job reads or writes Iceberg tables, but the run has no Iceberg REST catalog URI");
    }
  }
}
