package io.cairn.benchmark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.SQLPrimaryKey;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.thrift.TException;

/**
 * Completes the schema of a stock metastore started with {@code
 * datanucleus.schema.autoCreateAll=true}, which creates each table of its schema only when it first
 * stores a row there. Until a constraint has been stored, {@code KEY_CONSTRAINTS} does not exist,
 * and every alter_partitions fails its direct-SQL path on it ("Table/View 'KEY_CONSTRAINTS' does
 * not exist") and falls back to the slower JDO path. A schema made by Hive's schematool has the
 * table from the start, so one table with a primary key is created and dropped before the workload,
 * untimed.
 *
 * <p>Only on Derby: on PostgreSQL the stock metastore's alter_partitions does not fail this way,
 * and creating the constraint there hangs it (DataNucleus adds the new table's foreign keys on a
 * second connection, which waits for the lock on {@code TBLS} that the metastore's own open
 * transaction holds).
 */
final class StockMetastoreSchema {
  private static final String TABLE = "cairn_benchmark_schema";

  private StockMetastoreSchema() {}

  static void complete(int port, String location) throws TException {
    StorageDescriptor storage = new StorageDescriptor();
    storage.setCols(List.of(new FieldSchema("id", "bigint", null)));
    storage.setLocation(location + "/" + TABLE);
    storage.setInputFormat("org.apache.hadoop.mapred.TextInputFormat");
    storage.setOutputFormat("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
    storage.setSerdeInfo(
        new SerDeInfo(null, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", Map.of()));
    Table table = new Table();
    table.setDbName("default");
    table.setTableName(TABLE);
    table.setOwner("bench");
    table.setSd(storage);
    table.setPartitionKeys(List.of());
    table.setParameters(new HashMap<>(Map.of("EXTERNAL", "TRUE")));
    table.setTableType("EXTERNAL_TABLE");
    SQLPrimaryKey key =
        new SQLPrimaryKey("default", TABLE, "id", 1, TABLE + "_pk", false, false, false);
    try (MetastoreConnection connection = MetastoreConnection.open(port)) {
      connection
          .client()
          .create_table_with_constraints(
              table, List.of(key), List.of(), List.of(), List.of(), List.of(), List.of());
      connection.client().drop_table("default", TABLE, false);
    }
  }
}
