package io.cairn.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.testing.CairnServerProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.AllTableConstraintsRequest;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.ForeignKeysRequest;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.PrimaryKeysRequest;
import org.apache.hadoop.hive.metastore.api.SQLAllTableConstraints;
import org.apache.hadoop.hive.metastore.api.SQLForeignKey;
import org.apache.hadoop.hive.metastore.api.SQLNotNullConstraint;
import org.apache.hadoop.hive.metastore.api.SQLPrimaryKey;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.thrift.TApplicationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hive 4.0.1's own {@link HiveMetaStoreClient} declaring, listing and dropping table constraints
 * against {@code cairn server} in a separate JVM, the calls Hive makes for {@code CREATE TABLE ...
 * PRIMARY KEY ... DISABLE NOVALIDATE}, {@code ALTER TABLE ADD CONSTRAINT} and {@code ALTER TABLE
 * DROP CONSTRAINT}.
 */
class HiveConstraintsIT {
  @TempDir static Path dataDirectory;

  private static CairnServerProcess server;
  private static HiveMetaStoreClient client;

  @BeforeAll
  static void start() throws Exception {
    server =
        CairnServerProcess.start(
            dataDirectory, Path.of(System.getProperty("cairn.server.log") + ".constraints"));
    client = HiveClients.connect(server);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void constraintsAreCreatedListedAddedAndDropped() throws Exception {
    client.createDatabase(new Database("keyed", "", "s3://warehouse/keyed.db", Map.of()));
    SQLPrimaryKey customerKey = primaryKey("customers", "id", "customers_pk");
    client.createTableWithConstraints(
        table("keyed", "customers"), List.of(customerKey), null, null, null, null, null);
    assertThat(client.getPrimaryKeys(new PrimaryKeysRequest("keyed", "customers")))
        .containsExactly(customerKey);

    SQLForeignKey orderCustomer =
        new SQLForeignKey(
            "keyed",
            "customers",
            "id",
            "keyed",
            "orders",
            "customer_id",
            1,
            0,
            0,
            "orders_customer",
            "customers_pk",
            false,
            false,
            true);
    orderCustomer.setCatName("hive");
    SQLNotNullConstraint notNull =
        new SQLNotNullConstraint(
            "hive", "keyed", "orders", "customer_id", "customer_nn", false, false, false);
    client.createTableWithConstraints(
        table("keyed", "orders"), null, List.of(orderCustomer), null, List.of(notNull), null, null);
    ForeignKeysRequest byBoth = new ForeignKeysRequest("keyed", "customers", "keyed", "orders");
    byBoth.setCatName("hive");
    assertThat(client.getForeignKeys(byBoth)).containsExactly(orderCustomer);

    client.addPrimaryKey(List.of(primaryKey("orders", "id", "orders_pk")));
    SQLAllTableConstraints all =
        client.getAllTableConstraints(new AllTableConstraintsRequest("keyed", "orders", "hive"));
    assertThat(all.getPrimaryKeys()).containsExactly(primaryKey("orders", "id", "orders_pk"));
    assertThat(all.getForeignKeys()).containsExactly(orderCustomer);
    assertThat(all.getNotNullConstraints()).containsExactly(notNull);
    assertThat(all.getUniqueConstraints()).isEmpty();

    // As in Hive's TestPrimaryKey: a second key is a MetaException, a missing table or constraint
    // an InvalidObjectException the method does not declare, so a TApplicationException.
    assertThatThrownBy(
            () -> client.addPrimaryKey(List.of(primaryKey("orders", "customer_id", "x"))))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("Primary key already exists for");
    assertThatThrownBy(() -> client.addPrimaryKey(List.of(primaryKey("nosuch", "id", "y"))))
        .isInstanceOfAny(InvalidObjectException.class, TApplicationException.class);

    client.dropConstraint("hive", "keyed", "orders", "orders_customer");
    assertThat(client.getForeignKeys(byBoth)).isEmpty();
    assertThatThrownBy(() -> client.dropConstraint("hive", "keyed", "orders", "orders_customer"))
        .isInstanceOfAny(InvalidObjectException.class, TApplicationException.class);
    client.addForeignKey(List.of(orderCustomer));
    assertThat(client.getForeignKeys(byBoth)).containsExactly(orderCustomer);

    client.dropTable("keyed", "customers");
    assertThat(client.getForeignKeys(byBoth)).isEmpty();
    assertThat(client.getPrimaryKeys(new PrimaryKeysRequest("keyed", "customers"))).isEmpty();
  }

  private static SQLPrimaryKey primaryKey(String table, String column, String name) {
    SQLPrimaryKey key = new SQLPrimaryKey("keyed", table, column, 1, name, false, false, true);
    key.setCatName("hive");
    return key;
  }

  private static Table table(String database, String name) {
    StorageDescriptor descriptor =
        new StorageDescriptor(
            List.of(
                new FieldSchema("id", "bigint", null),
                new FieldSchema("customer_id", "bigint", null)),
            "s3://warehouse/" + database + ".db/" + name,
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            false,
            -1,
            new SerDeInfo(
                null, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", Map.of()),
            List.of(),
            List.of(),
            Map.of());
    Table table = new Table();
    table.setDbName(database);
    table.setTableName(name);
    table.setOwner("alice");
    table.setSd(descriptor);
    table.setPartitionKeys(List.of());
    table.setTableType("EXTERNAL_TABLE");
    table.setParameters(Map.of("EXTERNAL", "TRUE"));
    return table;
  }
}
