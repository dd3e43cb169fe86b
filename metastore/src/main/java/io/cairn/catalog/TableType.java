package io.cairn.catalog;

/**
 * Table types known to Hive and Glue. Iceberg tables are EXTERNAL_TABLE with table_type=ICEBERG.
 */
public final class TableType {
  public static final String EXTERNAL_TABLE = "EXTERNAL_TABLE";
  public static final String MANAGED_TABLE = "MANAGED_TABLE";
  public static final String VIRTUAL_VIEW = "VIRTUAL_VIEW";
  public static final String MATERIALIZED_VIEW = "MATERIALIZED_VIEW";

  private TableType() {}
}
