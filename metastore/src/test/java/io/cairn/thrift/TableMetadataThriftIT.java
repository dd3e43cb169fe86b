package io.cairn.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.facebook.fb303.fb_status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.AlreadyExistsException;
import org.apache.hadoop.hive.metastore.api.AlterCatalogRequest;
import org.apache.hadoop.hive.metastore.api.Catalog;
import org.apache.hadoop.hive.metastore.api.CreateCatalogRequest;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.DropCatalogRequest;
import org.apache.hadoop.hive.metastore.api.ExtendedTableInfo;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetCatalogRequest;
import org.apache.hadoop.hive.metastore.api.GetDatabaseRequest;
import org.apache.hadoop.hive.metastore.api.GetFieldsRequest;
import org.apache.hadoop.hive.metastore.api.GetSchemaRequest;
import org.apache.hadoop.hive.metastore.api.GetTablesExtRequest;
import org.apache.hadoop.hive.metastore.api.GetTablesExtRequestFields;
import org.apache.hadoop.hive.metastore.api.InvalidObjectException;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.PrincipalType;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.TableMeta;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.hadoop.hive.metastore.api.UnknownDBException;
import org.apache.hadoop.hive.metastore.api.UnknownTableException;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogs, table descriptions (get_table_meta, get_tables_ext, get_table_names_by_filter,
 * get_fields, get_schema) and per-connection settings through Hive 4's generated Thrift client,
 * against a running Cairn on SQLite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableMetadataThriftIT {
  @TempDir static Path dataDirectory;
  @TempDir static Path warehouse;

  private ThriftTestServer server;

  @BeforeAll
  void start() throws Exception {
    server = ThriftTestServer.start(dataDirectory);
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      client.create_database(new Database("meta_sales", "", "s3://warehouse/sales", Map.of()));
      client.create_database(new Database("meta_hr", "", "s3://warehouse/hr", Map.of()));
      client.create_table(table("meta_sales", "orders", "EXTERNAL_TABLE", "alice", "Orders"));
      client.create_table(table("meta_sales", "returns", "MANAGED_TABLE", "bob", null));
      client.create_table(table("meta_sales", "order_view", "VIRTUAL_VIEW", "alice", null));
      client.create_table(table("meta_hr", "staff", "MANAGED_TABLE", "carol", "People"));
    }
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static Table table(
      String database, String name, String type, String owner, String comment) {
    StorageDescriptor descriptor =
        new StorageDescriptor(
            List.of(
                new FieldSchema("id", "bigint", "the id"), new FieldSchema("note", "string", null)),
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
    table.setOwner(owner);
    table.setOwnerType(PrincipalType.USER);
    table.setSd(descriptor);
    table.setPartitionKeys(List.of(new FieldSchema("ds", "string", null)));
    table.setTableType(type);
    Map<String, String> parameters = new HashMap<>();
    parameters.put("owner_team", owner.equals("alice") ? "analytics" : "core");
    if (comment != null) {
      parameters.put("comment", comment);
    }
    table.setParameters(parameters);
    table.setLastAccessTime(owner.equals("bob") ? 2_000 : 1_000);
    return table;
  }

  @Test
  void tableMetaAcrossDatabasesByPatternAndType() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);

      List<TableMeta> all = client.get_table_meta("meta_*", "*", List.of());
      assertThat(all)
          .extracting(meta -> meta.getDbName() + "." + meta.getTableName())
          .containsExactlyInAnyOrder(
              "meta_sales.orders", "meta_sales.returns", "meta_sales.order_view", "meta_hr.staff");
      TableMeta orders =
          all.stream().filter(meta -> meta.getTableName().equals("orders")).findFirst().get();
      assertThat(orders.getTableType()).isEqualTo("EXTERNAL_TABLE");
      assertThat(orders.getComments()).isEqualTo("Orders");
      assertThat(orders.getOwnerName()).isEqualTo("alice");
      assertThat(orders.getOwnerType()).isEqualTo(PrincipalType.USER);
      assertThat(orders.getCatName()).isEqualTo("hive");

      assertThat(client.get_table_meta("@hive#meta_sales", "ord*|ret*", List.of("MANAGED_TABLE")))
          .extracting(TableMeta::getTableName)
          .containsExactly("returns");
      assertThat(client.get_table_meta("meta_hr|meta_sales", "*", List.of("VIRTUAL_VIEW")))
          .extracting(TableMeta::getTableName)
          .containsExactly("order_view");
      assertThat(client.get_table_meta("no_such_db*", "*", List.of())).isEmpty();
    }
  }

  @Test
  void tablesExtWithAccessTypeAndLimit() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      GetTablesExtRequest request = new GetTablesExtRequest("hive", "meta_sales", "*", -1);
      request.setRequestedFields(GetTablesExtRequestFields.ACCESS_TYPE.getValue());
      List<ExtendedTableInfo> tables = client.get_tables_ext(request);
      assertThat(tables)
          .extracting(ExtendedTableInfo::getTblName)
          .containsExactly("order_view", "orders", "returns");
      assertThat(tables).allMatch(info -> info.getAccessType() == 8);

      request.setLimit(2);
      request.setTableNamePattern("o*");
      assertThat(client.get_tables_ext(request))
          .extracting(ExtendedTableInfo::getTblName)
          .containsExactly("order_view", "orders");
    }
  }

  @Test
  void tableNamesByFilterOnOwnerParametersTypeAndLastAccess() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      assertThat(
              client.get_table_names_by_filter(
                  "meta_sales", "hive_filter_field_owner__ = \"alice\"", (short) -1))
          .containsExactly("order_view", "orders");
      assertThat(
              client.get_table_names_by_filter(
                  "meta_sales",
                  "hive_filter_field_params__owner_team <> \"analytics\"",
                  (short) -1))
          .containsExactly("returns");
      assertThat(
              client.get_table_names_by_filter(
                  "meta_sales",
                  "hive_filter_field_tableType__ = \"EXTERNAL_TABLE\" or hive_filter_field_last_access__ > 1500",
                  (short) -1))
          .containsExactly("orders", "returns");
      assertThat(
              client.get_table_names_by_filter(
                  "meta_sales", "hive_filter_field_tableName__ like \"ord.*\"", (short) 1))
          .containsExactly("order_view");

      assertThatThrownBy(
              () ->
                  client.get_table_names_by_filter(
                      "meta_sales", "hive_filter_field_params__owner_team > \"a\"", (short) -1))
          .isInstanceOf(MetaException.class)
          .hasMessageContaining("only =, <> and LIKE");
      assertThatThrownBy(
              () -> client.get_table_names_by_filter("meta_sales", "owner = \"alice\"", (short) -1))
          .isInstanceOf(MetaException.class)
          .hasMessageContaining("invalid key name");
      assertThatThrownBy(
              () ->
                  client.get_table_names_by_filter(
                      "meta_sales", "hive_filter_field_owner__ = ", (short) -1))
          .isInstanceOf(MetaException.class);
      assertThatThrownBy(
              () ->
                  client.get_table_names_by_filter(
                      "no_such_db", "hive_filter_field_owner__ = \"a\"", (short) -1))
          .isInstanceOf(UnknownDBException.class);
    }
  }

  @Test
  void fieldsAndSchema() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      assertThat(client.get_fields("meta_sales", "orders"))
          .extracting(FieldSchema::getName)
          .containsExactly("id", "note");
      assertThat(client.get_schema("meta_sales", "orders"))
          .extracting(field -> field.getName() + ":" + field.getType())
          .containsExactly("id:bigint", "note:string", "ds:string");
      assertThat(client.get_fields_req(new GetFieldsRequest("meta_hr", "staff")).getFields())
          .hasSize(2);
      assertThat(client.get_schema_req(new GetSchemaRequest("meta_hr", "staff")).getFields())
          .hasSize(3);
      assertThat(client.get_schema_with_environment_context("meta_sales", "orders.id", null))
          .hasSize(3);

      assertThatThrownBy(() -> client.get_fields("meta_sales", "no_such_table"))
          .isInstanceOf(UnknownTableException.class);
      assertThatThrownBy(() -> client.get_schema("no_such_db", "orders"))
          .isInstanceOf(UnknownDBException.class);
    }
  }

  @Test
  void catalogsCreateGetAlterAndDrop() throws Exception {
    Path location = warehouse.resolve("analytics");
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      Catalog catalog = new Catalog("Analytics", location.toString());
      catalog.setDescription("the analytics team");
      client.create_catalog(new CreateCatalogRequest(catalog));

      assertThat(Files.isDirectory(location)).isTrue();
      Catalog loaded = client.get_catalog(new GetCatalogRequest("analytics")).getCatalog();
      assertThat(loaded.getName()).isEqualTo("analytics");
      assertThat(loaded.getDescription()).isEqualTo("the analytics team");
      assertThat(loaded.getLocationUri()).isEqualTo(location.toString());
      assertThat(loaded.getCreateTime()).isPositive();
      assertThat(client.get_catalogs().getNames()).contains("hive", "analytics");
      GetDatabaseRequest defaultDatabase = new GetDatabaseRequest();
      defaultDatabase.setName("default");
      defaultDatabase.setCatalogName("analytics");
      assertThat(client.get_database_req(defaultDatabase).getLocationUri())
          .isEqualTo("file:" + location);

      assertThatThrownBy(() -> client.create_catalog(new CreateCatalogRequest(catalog)))
          .isInstanceOf(AlreadyExistsException.class);
      assertThatThrownBy(
              () ->
                  client.create_catalog(new CreateCatalogRequest(new Catalog("no_location", null))))
          .isInstanceOf(InvalidObjectException.class)
          .hasMessageContaining("location");

      Catalog changed = loaded.deepCopy();
      changed.setDescription("renamed team");
      changed.setLocationUri(null);
      client.alter_catalog(new AlterCatalogRequest("analytics", changed));
      Catalog altered = client.get_catalog(new GetCatalogRequest("analytics")).getCatalog();
      assertThat(altered.getDescription()).isEqualTo("renamed team");
      assertThat(altered.getLocationUri()).isEqualTo(location.toString());
      Catalog renamed = altered.deepCopy();
      renamed.setName("other");
      assertThatThrownBy(() -> client.alter_catalog(new AlterCatalogRequest("analytics", renamed)))
          .isInstanceOf(InvalidOperationException.class);

      Database extra = new Database("extra", "", "s3://warehouse/extra", Map.of());
      extra.setCatalogName("analytics");
      client.create_database(extra);
      assertThatThrownBy(() -> client.drop_catalog(new DropCatalogRequest("analytics")))
          .isInstanceOf(InvalidOperationException.class);
      assertThat(client.get_catalogs().getNames()).contains("analytics");
      client.drop_database("@analytics#extra", false, false);

      client.drop_catalog(new DropCatalogRequest("analytics"));
      assertThat(client.get_catalogs().getNames()).doesNotContain("analytics");
      assertThat(Files.exists(location)).isFalse();
      assertThatThrownBy(() -> client.get_catalog(new GetCatalogRequest("analytics")))
          .isInstanceOf(NoSuchObjectException.class);
      assertThatThrownBy(() -> client.drop_catalog(new DropCatalogRequest("analytics")))
          .isInstanceOf(NoSuchObjectException.class);
      assertThatThrownBy(() -> client.drop_catalog(new DropCatalogRequest("hive")))
          .isInstanceOf(MetaException.class);
    }
  }

  @Test
  void metaConfIsPerConnectionAndValidated() throws Exception {
    try (TSocket first = server.open();
        TSocket second = server.open()) {
      ThriftHiveMetastore.Client one = ThriftTestServer.client(first);
      ThriftHiveMetastore.Client two = ThriftTestServer.client(second);
      assertThat(one.getMetaConf("metastore.try.direct.sql")).isEqualTo("true");
      one.setMetaConf("hive.metastore.try.direct.sql", "false");
      assertThat(one.getMetaConf("metastore.try.direct.sql")).isEqualTo("false");
      assertThat(two.getMetaConf("hive.metastore.try.direct.sql")).isEqualTo("true");

      assertThatThrownBy(() -> one.setMetaConf("metastore.try.direct.sql", "maybe"))
          .isInstanceOf(MetaException.class)
          .hasMessageContaining("Invalid configuration value");
      assertThatThrownBy(() -> one.setMetaConf("javax.jdo.option.ConnectionURL", "x"))
          .isInstanceOf(MetaException.class)
          .hasMessageContaining("Invalid configuration key");
      assertThatThrownBy(() -> one.getMetaConf("no.such.key")).isInstanceOf(MetaException.class);
      assertThat(one.getMetaConf("metastore.try.direct.sql")).isEqualTo("false");
    }
    try (TSocket again = server.open()) {
      assertThat(ThriftTestServer.client(again).getMetaConf("metastore.try.direct.sql"))
          .as("a new connection starts from the defaults")
          .isEqualTo("true");
    }
  }

  @Test
  void missingNamesAreMetaExceptionsAsInHive() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      assertThatThrownBy(() -> client.get_fields(null, "orders"))
          .isInstanceOf(MetaException.class)
          .hasMessageContaining("database name");
      Table nameless = table("meta_sales", "nameless", "MANAGED_TABLE", "alice", null);
      nameless.setTableName(null);
      assertThatThrownBy(() -> client.create_table(nameless)).isInstanceOf(MetaException.class);
      assertThat(client.get_fields("meta_sales", "orders")).hasSize(2);
    }
  }

  @Test
  void fb303Identity() throws Exception {
    try (TSocket socket = server.open()) {
      ThriftHiveMetastore.Client client = ThriftTestServer.client(socket);
      assertThat(client.getName()).isEqualTo("Cairn");
      assertThat(client.getVersion()).isNotBlank();
      assertThat(client.getStatus()).isEqualTo(fb_status.ALIVE);
      assertThat(client.aliveSince()).isPositive();
    }
  }
}
