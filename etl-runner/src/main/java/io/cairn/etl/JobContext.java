package io.cairn.etl;

/**
 * What a {@link CairnJob} gets: the same session, arguments and start time a JSON job's transforms
 * get, with Cairn's catalogs configured (the session catalog is Hive over Thrift; Iceberg tables
 * are under the catalog named {@link #ICEBERG_CATALOG} when the run has an Iceberg REST URI).
 */
public interface JobContext extends TransformContext {
  /** The Spark catalog name of Cairn's Iceberg REST catalog: {@code iceberg.db.table}. */
  String ICEBERG_CATALOG = "iceberg";
}
