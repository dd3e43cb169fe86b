package io.cairn.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.AddCheckConstraintRequest;
import org.apache.hadoop.hive.metastore.api.AddDefaultConstraintRequest;
import org.apache.hadoop.hive.metastore.api.AddForeignKeyRequest;
import org.apache.hadoop.hive.metastore.api.AddNotNullConstraintRequest;
import org.apache.hadoop.hive.metastore.api.AddPrimaryKeyRequest;
import org.apache.hadoop.hive.metastore.api.AddUniqueConstraintRequest;
import org.apache.hadoop.hive.metastore.api.AllTableConstraintsRequest;
import org.apache.hadoop.hive.metastore.api.CheckConstraintsRequest;
import org.apache.hadoop.hive.metastore.api.CreateTableRequest;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.DefaultConstraintsRequest;
import org.apache.hadoop.hive.metastore.api.DropConstraintRequest;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.ForeignKeysRequest;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NotNullConstraintsRequest;
import org.apache.hadoop.hive.metastore.api.PrimaryKeysRequest;
import org.apache.hadoop.hive.metastore.api.SQLAllTableConstraints;
import org.apache.hadoop.hive.metastore.api.SQLCheckConstraint;
import org.apache.hadoop.hive.metastore.api.SQLDefaultConstraint;
import org.apache.hadoop.hive.metastore.api.SQLForeignKey;
import org.apache.hadoop.hive.metastore.api.SQLNotNullConstraint;
import org.apache.hadoop.hive.metastore.api.SQLPrimaryKey;
import org.apache.hadoop.hive.metastore.api.SQLUniqueConstraint;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.hadoop.hive.metastore.api.UniqueConstraintsRequest;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table constraints through Hive 4's generated Thrift client, against a running Cairn on SQLite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConstraintsThriftIT {
  @TempDir static Path dataDirectory;

  private ThriftTestServer server;

  @BeforeAll
  void start() {
    server = ThriftTestServer.start(dataDirectory);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static Table table(String database, String name) {
    StorageDescriptor descriptor =
        new StorageDescriptor(
            List.of(new FieldSchema("id", "bigint", null), new FieldSchema("name", "string", null)),
            "s3://warehouse/" + database + "/" + name,
            "org.apache.hadoop.mapred.TextInputFormat",
            "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            false,
            -1,
            new SerDeInfo(null, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", Map.of()),
            List.of(),
            List.of(),
            Map.of());
    Table table = new Table();
    table.setDbName(database);
    table.setTableName(name);
    table.setOwner("alice");
    table.setSd(descriptor);
    table.setPartitionKeys(List.of(new FieldSchema("ds", "string", null)));
    table.setTableType("EXTERNAL_TABLE");
    return table;
  }

  private static SQLPrimaryKey primaryKey(
      String database, String table, String column, int sequence, String name) {
    SQLPrimaryKey key =
        new SQLPrimaryKey(database, table, column, sequence, name, true, false, true);
    key.setCatName("hive");
    return key;
  }

  private static SQLForeignKey foreignKey(
      String parent, String parentColumn, String child, String column, String name, String key) {
    SQLForeignKey foreignKey =
        new SQLForeignKey(
            "shop",
            parent,
            parentColumn,
            "shop",
            child,
            column,
            1,
            0,
            1,
            name,
            key,
            false,
            false,
            true);
    foreignKey.setCatName("hive");
    return foreignKey;
  }

  private static List<SQLPrimaryKey> primaryKeys(ThriftHiveMetastore.Client client, String table)
      throws Exception {
    return client.get_primary_keys(new PrimaryKeysRequest("shop", table)).getPrimaryKeys();
  }

  private static List<SQLForeignKey> foreignKeys(
      ThriftHiveMetastore.Client client, String parent, String child) throws Exception {
    return client
        .get_foreign_keys(new ForeignKeysRequest("shop", parent, "shop", child))
        .getForeignKeys();
  }

  private static SQLAllTableConstraints all(ThriftHiveMetastore.Client client, String table)
      throws Exception {
    return client
        .get_all_table_constraints(new AllTableConstraintsRequest("shop", table, "hive"))
        .getAllTableConstraints();
  }

  @Test
  void createWithConstraintsAddGetAndDrop() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      client.create_database(new Database("shop", "", "s3://warehouse/shop", Map.of()));

      List<SQLPrimaryKey> customerKey =
          List.of(
              primaryKey("shop", "customers", "ID", 1, "Customer_PK"),
              primaryKey("shop", "customers", "ds", 2, "Customer_PK"));
      client.create_table_with_constraints(
          table("shop", "customers"),
          customerKey,
          null,
          List.of(
              new SQLUniqueConstraint(
                  "hive", "shop", "customers", "name", 1, null, true, false, false)),
          List.of(
              new SQLNotNullConstraint(
                  "hive", "shop", "customers", "name", "name_nn", true, true, false)),
          null,
          null);
      assertThat(primaryKeys(client, "customers"))
          .containsExactly(
              primaryKey("shop", "customers", "id", 1, "customer_pk"),
              primaryKey("shop", "customers", "ds", 2, "customer_pk"));
      SQLUniqueConstraint unique =
          client
              .get_unique_constraints(new UniqueConstraintsRequest("hive", "shop", "customers"))
              .getUniqueConstraints()
              .get(0);
      assertThat(unique.getUk_name()).matches("uk_\\d+_\\d+_0");
      assertThat(unique.getColumn_name()).isEqualTo("name");
      assertThat(
              client
                  .get_not_null_constraints(
                      new NotNullConstraintsRequest("hive", "shop", "customers"))
                  .getNotNullConstraints())
          .containsExactly(
              new SQLNotNullConstraint(
                  "hive", "shop", "customers", "name", "name_nn", true, true, false));

      // A foreign key of a table created by create_table_req, referencing the primary key.
      CreateTableRequest request = new CreateTableRequest(table("shop", "orders"));
      request.setForeignKeys(
          List.of(
              foreignKey("customers", "id", "orders", "id", "order_customer", null),
              withSequence(
                  foreignKey("customers", "ds", "orders", "ds", "order_customer", null), 2)));
      client.create_table_req(request);
      List<SQLForeignKey> expected =
          List.of(
              foreignKey("customers", "id", "orders", "id", "order_customer", "customer_pk"),
              withSequence(
                  foreignKey("customers", "ds", "orders", "ds", "order_customer", "customer_pk"),
                  2));
      assertThat(foreignKeys(client, "customers", "orders")).isEqualTo(expected);
      assertThat(foreignKeys(client, "customers", null)).isEqualTo(expected);
      assertThat(foreignKeys(client, null, "orders")).isEqualTo(expected);
      assertThat(foreignKeys(client, "orders", null)).isEmpty();

      // Each add_* on an existing table.
      client.add_primary_key(
          new AddPrimaryKeyRequest(List.of(primaryKey("shop", "orders", "name", 1, null))));
      String generated = primaryKeys(client, "orders").get(0).getPk_name();
      assertThat(generated).matches("pk_\\d+_\\d+_0");
      client.add_unique_constraint(
          new AddUniqueConstraintRequest(
              List.of(
                  new SQLUniqueConstraint(
                      "hive", "shop", "orders", "id", 1, "order_id", true, false, false))));
      client.add_not_null_constraint(
          new AddNotNullConstraintRequest(
              List.of(
                  new SQLNotNullConstraint(
                      "hive", "shop", "orders", "id", "id_nn", true, false, false))));
      SQLDefaultConstraint defaultName =
          new SQLDefaultConstraint(
              "hive", "shop", "orders", "name", "'none'", "name_default", true, false, false);
      client.add_default_constraint(new AddDefaultConstraintRequest(List.of(defaultName)));
      SQLCheckConstraint positive =
          new SQLCheckConstraint(
              "hive", "shop", "orders", "id", "id > 0", "positive_id", true, false, false);
      client.add_check_constraint(new AddCheckConstraintRequest(List.of(positive)));
      assertThat(
              client
                  .get_default_constraints(new DefaultConstraintsRequest("hive", "shop", "orders"))
                  .getDefaultConstraints())
          .containsExactly(defaultName);
      assertThat(
              client
                  .get_check_constraints(new CheckConstraintsRequest("hive", "shop", "orders"))
                  .getCheckConstraints())
          .containsExactly(positive);

      SQLAllTableConstraints orders = all(client, "orders");
      assertThat(orders.getPrimaryKeys())
          .extracting(SQLPrimaryKey::getPk_name)
          .containsExactly(generated);
      assertThat(orders.getForeignKeys()).isEqualTo(expected);
      assertThat(orders.getUniqueConstraints())
          .extracting(SQLUniqueConstraint::getUk_name)
          .containsExactly("order_id");
      assertThat(orders.getNotNullConstraints())
          .extracting(SQLNotNullConstraint::getNn_name)
          .containsExactly("id_nn");
      assertThat(orders.getDefaultConstraints()).containsExactly(defaultName);
      assertThat(orders.getCheckConstraints()).containsExactly(positive);

      client.drop_constraint(new DropConstraintRequest("shop", "orders", "POSITIVE_ID"));
      assertThat(all(client, "orders").getCheckConstraints()).isEmpty();
      client.drop_constraint(new DropConstraintRequest("shop", "orders", "order_customer"));
      assertThat(foreignKeys(client, "customers", "orders")).isEmpty();
      assertThatThrownBy(
              () ->
                  client.drop_constraint(
                      new DropConstraintRequest("shop", "orders", "order_customer")))
          .isInstanceOf(TApplicationException.class)
          .hasMessage(
              "The constraint: order_customer does not exist for the associated table:"
                  + " shop.orders");
      assertThat(primaryKeys(client, "nosuch")).isEmpty();
      assertThat(
              client.get_primary_keys(new PrimaryKeysRequest("nosuch", "orders")).getPrimaryKeys())
          .isEmpty();
    }
  }

  private static SQLForeignKey withSequence(SQLForeignKey key, int sequence) {
    key.setKey_seq(sequence);
    return key;
  }

  @Test
  void badInputChangesNothing() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      client.create_database(new Database("bad", "", "s3://warehouse/bad", Map.of()));
      Table people = table("bad", "people");
      client.create_table(people);
      client.add_primary_key(
          new AddPrimaryKeyRequest(List.of(primaryKey("bad", "people", "id", 1, "people_pk"))));

      // Unknown column: neither the table nor any constraint is created.
      assertThatThrownBy(
              () ->
                  client.create_table_with_constraints(
                      table("bad", "pets"),
                      List.of(primaryKey("bad", "pets", "id", 1, "pets_pk")),
                      null,
                      null,
                      List.of(
                          new SQLNotNullConstraint(
                              "hive", "bad", "pets", "nope", null, true, false, false)),
                      null,
                      null))
          .isInstanceOf(InvalidObjectException.class)
          .hasMessage("Parent column not found: nope");
      assertThat(client.get_all_tables("bad")).containsExactly("people");

      // A foreign key whose parent has no key matching its columns.
      SQLForeignKey byName = foreignKey("people", "name", "pets", "name", "pet_owner", null);
      byName.setPktable_db("bad");
      byName.setFktable_db("bad");
      CreateTableRequest request = new CreateTableRequest(table("bad", "pets"));
      request.setForeignKeys(List.of(byName));
      assertThatThrownBy(() -> client.create_table_req(request))
          .isInstanceOf(MetaException.class)
          .hasMessage(
              "Foreign key references name:string; but no corresponding primary key or unique"
                  + " key exists. Possible keys: [id:bigint;]");
      assertThat(client.get_all_tables("bad")).containsExactly("people");

      // A duplicate name, on create and on add.
      assertThatThrownBy(
              () ->
                  client.create_table_with_constraints(
                      table("bad", "pets"),
                      List.of(primaryKey("bad", "pets", "id", 1, "twice")),
                      null,
                      List.of(
                          new SQLUniqueConstraint(
                              "hive", "bad", "pets", "name", 1, "twice", true, false, false)),
                      null,
                      null,
                      null))
          .isInstanceOf(InvalidObjectException.class)
          .hasMessage("Constraint name already exists: bad.pets.twice");
      assertThat(client.get_all_tables("bad")).containsExactly("people");
      assertThatThrownBy(
              () ->
                  client.add_not_null_constraint(
                      new AddNotNullConstraintRequest(
                          List.of(
                              new SQLNotNullConstraint(
                                  "hive",
                                  "bad",
                                  "people",
                                  "name",
                                  "PEOPLE_PK",
                                  true,
                                  false,
                                  false)))))
          .isInstanceOf(TApplicationException.class)
          .hasMessage("Constraint name already exists: bad.people.people_pk");
      assertThatThrownBy(
              () ->
                  client.add_primary_key(
                      new AddPrimaryKeyRequest(
                          List.of(primaryKey("bad", "people", "name", 1, "second")))))
          .isInstanceOf(MetaException.class)
          .hasMessage("Primary key already exists for: hive.bad.people");
      assertThatThrownBy(
              () ->
                  client.add_foreign_key(
                      new AddForeignKeyRequest(
                          List.of(foreignKey("people", "id", "nosuch", "id", null, null)))))
          .isInstanceOf(TApplicationException.class)
          .hasMessage("Child table not found: nosuch");
      SQLAllTableConstraints constraints =
          client
              .get_all_table_constraints(new AllTableConstraintsRequest("bad", "people", "hive"))
              .getAllTableConstraints();
      assertThat(constraints.getPrimaryKeys()).hasSize(1);
      assertThat(constraints.getNotNullConstraints()).isEmpty();
      assertThat(constraints.getForeignKeys()).isEmpty();
    }
  }

  @Test
  void droppingEitherTableDropsTheForeignKeyAndRenameKeepsConstraints() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      client.create_database(new Database("shop2", "", "s3://warehouse/shop2", Map.of()));
      client.create_table_with_constraints(
          table("shop2", "parent"),
          List.of(primaryKey("shop2", "parent", "id", 1, "parent_pk")),
          null,
          null,
          null,
          null,
          null);
      SQLForeignKey key = foreignKey("parent", "id", "child", "id", "child_parent", null);
      key.setPktable_db("shop2");
      key.setFktable_db("shop2");
      client.create_table_with_constraints(
          table("shop2", "child"), null, List.of(key), null, null, null, null);

      Table renamed = table("shop2", "child");
      renamed.setTableName("kid");
      client.alter_table("shop2", "child", renamed);
      SQLForeignKey moved =
          client
              .get_foreign_keys(new ForeignKeysRequest("shop2", "parent", null, null))
              .getForeignKeys()
              .get(0);
      assertThat(moved.getFktable_name()).isEqualTo("kid");
      assertThat(moved.getFk_name()).isEqualTo("child_parent");

      client.drop_table("shop2", "parent", false);
      assertThat(
              client
                  .get_all_table_constraints(new AllTableConstraintsRequest("shop2", "kid", "hive"))
                  .getAllTableConstraints()
                  .getForeignKeys())
          .isEmpty();
      client.create_table(table("shop2", "parent"));
      assertThat(
              client.get_primary_keys(new PrimaryKeysRequest("shop2", "parent")).getPrimaryKeys())
          .isEmpty();
      assertThatThrownBy(
              () ->
                  client.drop_constraint(new DropConstraintRequest("shop2", "kid", "child_parent")))
          .isInstanceOf(TApplicationException.class);
    }
  }
}
