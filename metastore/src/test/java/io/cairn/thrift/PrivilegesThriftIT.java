package io.cairn.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetPrincipalsInRoleRequest;
import org.apache.hadoop.hive.metastore.api.GetRoleGrantsForPrincipalRequest;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.GrantRevokePrivilegeRequest;
import org.apache.hadoop.hive.metastore.api.GrantRevokeRoleRequest;
import org.apache.hadoop.hive.metastore.api.GrantRevokeType;
import org.apache.hadoop.hive.metastore.api.HiveObjectPrivilege;
import org.apache.hadoop.hive.metastore.api.HiveObjectRef;
import org.apache.hadoop.hive.metastore.api.HiveObjectType;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.PrincipalPrivilegeSet;
import org.apache.hadoop.hive.metastore.api.PrincipalType;
import org.apache.hadoop.hive.metastore.api.PrivilegeBag;
import org.apache.hadoop.hive.metastore.api.PrivilegeGrantInfo;
import org.apache.hadoop.hive.metastore.api.Role;
import org.apache.hadoop.hive.metastore.api.RolePrincipalGrant;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles, role membership and privilege grants through Hive 4's generated Thrift client (the stub
 * HiveMetaStoreClient wraps), against a running Cairn on SQLite. Grants are kept, not enforced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivilegesThriftIT {
  @TempDir static Path dataDirectory;

  private ThriftTestServer server;
  private TSocket socket;
  private ThriftHiveMetastore.Client client;

  @BeforeAll
  void start() throws Exception {
    server = ThriftTestServer.start(dataDirectory);
    socket = server.open();
    client = ThriftTestServer.client(socket);
  }

  @AfterAll
  void stop() {
    socket.close();
    server.close();
  }

  @Test
  void grantListRevokeList() throws Exception {
    createDatabaseAndTable("grants_db", "orders");
    HiveObjectRef orders =
        new HiveObjectRef(HiveObjectType.TABLE, "grants_db", "orders", null, null);
    HiveObjectRef january =
        new HiveObjectRef(
            HiveObjectType.PARTITION, "grants_db", "orders", List.of("2024-01"), null);
    HiveObjectRef amount =
        new HiveObjectRef(HiveObjectType.COLUMN, "GRANTS_DB", "ORDERS", null, "Amount");
    HiveObjectRef database =
        new HiveObjectRef(HiveObjectType.DATABASE, "grants_db", null, null, null);

    assertThat(
            client.grant_privileges(
                bag(
                    privilege(orders, "bob", PrincipalType.USER, "SELECT,INSERT", true),
                    privilege(january, "bob", PrincipalType.USER, "SELECT", false),
                    privilege(amount, "eng", PrincipalType.GROUP, "SELECT", false),
                    privilege(database, "bob", PrincipalType.USER, "CREATE", false))))
        .isTrue();

    List<HiveObjectPrivilege> onOrders = client.list_privileges("bob", PrincipalType.USER, orders);
    assertThat(onOrders)
        .extracting(
            granted -> granted.getGrantInfo().getPrivilege(),
            granted -> granted.getGrantInfo().getGrantor(),
            granted -> granted.getGrantInfo().getGrantorType(),
            granted -> granted.getGrantInfo().isGrantOption())
        .containsExactly(
            tuple("SELECT", "alice", PrincipalType.USER, true),
            tuple("INSERT", "alice", PrincipalType.USER, true));
    HiveObjectRef listed = onOrders.get(0).getHiveObject();
    assertThat(listed.getObjectType()).isEqualTo(HiveObjectType.TABLE);
    assertThat(listed.getDbName()).isEqualTo("grants_db");
    assertThat(listed.getObjectName()).isEqualTo("orders");
    assertThat(listed.getCatName()).isEqualTo("hive");
    assertThat(onOrders.get(0).getGrantInfo().getCreateTime()).isPositive();
    assertThat(onOrders.get(0).getAuthorizer()).isEqualTo("SQL");

    assertThat(client.list_privileges(null, null, january))
        .extracting(
            HiveObjectPrivilege::getPrincipalName,
            granted -> granted.getHiveObject().getObjectType(),
            granted -> granted.getHiveObject().getPartValues())
        .containsExactly(tuple("bob", HiveObjectType.PARTITION, List.of("2024-01")));
    assertThat(
            client.list_privileges(
                null,
                null,
                new HiveObjectRef(HiveObjectType.COLUMN, "grants_db", "orders", null, null)))
        .extracting(granted -> granted.getHiveObject().getColumnName())
        .containsExactly("amount");
    assertThat(client.list_privileges("bob", PrincipalType.USER, new HiveObjectRef()))
        .extracting(granted -> granted.getHiveObject().getObjectType())
        .containsExactly(
            HiveObjectType.TABLE,
            HiveObjectType.TABLE,
            HiveObjectType.PARTITION,
            HiveObjectType.DATABASE);

    // Revoking the grant option keeps the privilege; revoking it removes it.
    GrantRevokePrivilegeRequest revokeOption =
        new GrantRevokePrivilegeRequest(
            GrantRevokeType.REVOKE,
            bag(privilege(orders, "bob", PrincipalType.USER, "INSERT", false)));
    revokeOption.setRevokeGrantOption(true);
    assertThat(client.grant_revoke_privileges(revokeOption).isSuccess()).isTrue();
    assertThat(client.list_privileges("bob", PrincipalType.USER, orders))
        .extracting(granted -> granted.getGrantInfo().isGrantOption())
        .containsExactly(true, false);
    assertThat(
            client.revoke_privileges(
                bag(privilege(orders, "bob", PrincipalType.USER, "SELECT,INSERT", false))))
        .isTrue();
    assertThat(client.list_privileges("bob", PrincipalType.USER, orders)).isEmpty();
    assertThatThrownBy(
            () ->
                client.revoke_privileges(
                    bag(privilege(orders, "bob", PrincipalType.USER, "SELECT", false))))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("No grant (SELECT) found");

    // Dropping the table drops the grants on it, its partitions and columns; a new table of the
    // same name starts with none.
    client.drop_table("grants_db", "orders", true);
    createTable("grants_db", "orders");
    assertThat(client.list_privileges(null, null, orders)).isEmpty();
    assertThat(client.list_privileges("eng", PrincipalType.GROUP, new HiveObjectRef())).isEmpty();
    assertThat(client.list_privileges("bob", PrincipalType.USER, database)).hasSize(1);
  }

  @Test
  void rolesAndRoleMembership() throws Exception {
    assertThat(client.get_role_names()).contains("admin", "public");
    assertThat(client.create_role(new Role("it_analysts", 0, "alice"))).isTrue();
    assertThat(client.create_role(new Role("it_readers", 0, "alice"))).isTrue();
    assertThatThrownBy(() -> client.create_role(new Role("it_analysts", 0, "bob")))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("Role it_analysts already exists.");
    assertThatThrownBy(() -> client.create_role(new Role("public", 0, "bob")))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("public role implicitly exists");
    assertThatThrownBy(() -> client.drop_role("admin"))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("roles can't be dropped");
    assertThat(client.get_role_names()).contains("it_analysts", "it_readers");

    assertThat(
            client.grant_role(
                "it_analysts", "carol", PrincipalType.USER, "alice", PrincipalType.USER, false))
        .isTrue();
    GrantRevokeRoleRequest grant =
        new GrantRevokeRoleRequest(
            GrantRevokeType.GRANT, "it_readers", "it_analysts", PrincipalType.ROLE);
    grant.setGrantor("admin");
    grant.setGrantorType(PrincipalType.ROLE);
    grant.setGrantOption(true);
    assertThat(client.grant_revoke_role(grant).isSuccess()).isTrue();
    assertThatThrownBy(
            () ->
                client.grant_role(
                    "it_analysts",
                    "it_readers",
                    PrincipalType.ROLE,
                    "admin",
                    PrincipalType.ROLE,
                    false))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("no cycles allowed");

    assertThat(client.list_roles("carol", PrincipalType.USER))
        .extracting(Role::getRoleName, Role::getOwnerName)
        .containsExactly(tuple("it_analysts", "alice"), tuple("public", "public"));
    assertThat(
            client
                .get_role_grants_for_principal(
                    new GetRoleGrantsForPrincipalRequest("it_analysts", PrincipalType.ROLE))
                .getPrincipalGrants())
        .extracting(
            RolePrincipalGrant::getRoleName,
            RolePrincipalGrant::isGrantOption,
            RolePrincipalGrant::getGrantorName,
            RolePrincipalGrant::getGrantorPrincipalType)
        .containsExactly(tuple("it_readers", true, "admin", PrincipalType.ROLE));
    assertThat(
            client
                .get_principals_in_role(new GetPrincipalsInRoleRequest("it_analysts"))
                .getPrincipalGrants())
        .extracting(RolePrincipalGrant::getPrincipalName, RolePrincipalGrant::getPrincipalType)
        .containsExactly(tuple("carol", PrincipalType.USER));

    GrantRevokeRoleRequest revokeOption =
        new GrantRevokeRoleRequest(
            GrantRevokeType.REVOKE, "it_readers", "it_analysts", PrincipalType.ROLE);
    revokeOption.setGrantOption(true);
    client.grant_revoke_role(revokeOption);
    assertThat(
            client
                .get_principals_in_role(new GetPrincipalsInRoleRequest("it_readers"))
                .getPrincipalGrants())
        .extracting(RolePrincipalGrant::getPrincipalName, RolePrincipalGrant::isGrantOption)
        .containsExactly(tuple("it_analysts", false));
    assertThat(client.revoke_role("it_analysts", "carol", PrincipalType.USER)).isTrue();
    assertThat(client.list_roles("carol", PrincipalType.USER))
        .extracting(Role::getRoleName)
        .containsExactly("public");
    assertThatThrownBy(() -> client.revoke_role("it_analysts", "carol", PrincipalType.USER))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("does not have the role");

    assertThat(client.drop_role("it_analysts")).isTrue();
    assertThat(client.get_role_names()).doesNotContain("it_analysts");
    assertThat(
            client
                .get_principals_in_role(new GetPrincipalsInRoleRequest("it_readers"))
                .getPrincipalGrants())
        .isEmpty();
    assertThatThrownBy(() -> client.drop_role("it_analysts"))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void privilegeSetReachesTheUserThroughGroupsAndRoles() throws Exception {
    createDatabaseAndTable("set_db", "events");
    client.create_role(new Role("set_analysts", 0, "alice"));
    client.create_role(new Role("set_readers", 0, "alice"));
    client.grant_role(
        "set_analysts", "dave", PrincipalType.USER, "alice", PrincipalType.USER, false);
    client.grant_role(
        "set_readers", "set_analysts", PrincipalType.ROLE, "alice", PrincipalType.USER, false);
    HiveObjectRef events = new HiveObjectRef(HiveObjectType.TABLE, "set_db", "events", null, null);
    client.grant_privileges(
        bag(
            privilege(events, "dave", PrincipalType.USER, "SELECT", false),
            privilege(events, "ops", PrincipalType.GROUP, "UPDATE", false),
            privilege(events, "set_readers", PrincipalType.ROLE, "INSERT", false),
            privilege(events, "public", PrincipalType.ROLE, "ALTER", false),
            privilege(events, "erin", PrincipalType.USER, "DROP", false)));

    PrincipalPrivilegeSet set = client.get_privilege_set(events, "dave", List.of("ops"));
    assertThat(set.getUserPrivileges()).containsOnlyKeys("dave");
    assertThat(set.getUserPrivileges().get("dave"))
        .extracting(PrivilegeGrantInfo::getPrivilege)
        .containsExactly("SELECT");
    assertThat(set.getGroupPrivileges().get("ops"))
        .extracting(PrivilegeGrantInfo::getPrivilege)
        .containsExactly("UPDATE");
    assertThat(set.getRolePrivileges()).containsOnlyKeys("public", "set_analysts", "set_readers");
    assertThat(set.getRolePrivileges().get("set_readers"))
        .extracting(PrivilegeGrantInfo::getPrivilege)
        .containsExactly("INSERT");
    assertThat(set.getRolePrivileges().get("public"))
        .extracting(PrivilegeGrantInfo::getPrivilege)
        .containsExactly("ALTER");
    assertThat(set.getRolePrivileges().get("set_analysts")).isEmpty();
  }

  @Test
  void badInputIsAMetaExceptionAndChangesNothing() throws Exception {
    createDatabaseAndTable("bad_db", "items");
    HiveObjectRef items = new HiveObjectRef(HiveObjectType.TABLE, "bad_db", "items", null, null);
    HiveObjectPrivilege valid = privilege(items, "frank", PrincipalType.USER, "SELECT", false);

    // A principal type the IDL does not know (99) arrives as null: the whole bag is refused.
    try (TSocket raw = server.open()) {
      TBinaryProtocol protocol = new TBinaryProtocol(raw);
      protocol.writeMessageBegin(new TMessage("grant_privileges", TMessageType.CALL, 1));
      protocol.writeStructBegin(new TStruct("grant_privileges_args"));
      protocol.writeFieldBegin(new TField("privileges", TType.STRUCT, (short) 1));
      protocol.writeStructBegin(new TStruct("PrivilegeBag"));
      protocol.writeFieldBegin(new TField("privileges", TType.LIST, (short) 1));
      protocol.writeListBegin(new TList(TType.STRUCT, 2));
      valid.write(protocol);
      protocol.writeStructBegin(new TStruct("HiveObjectPrivilege"));
      protocol.writeFieldBegin(new TField("hiveObject", TType.STRUCT, (short) 1));
      items.write(protocol);
      protocol.writeFieldEnd();
      protocol.writeFieldBegin(new TField("principalName", TType.STRING, (short) 2));
      protocol.writeString("frank");
      protocol.writeFieldEnd();
      protocol.writeFieldBegin(new TField("principalType", TType.I32, (short) 3));
      protocol.writeI32(99);
      protocol.writeFieldEnd();
      protocol.writeFieldBegin(new TField("grantInfo", TType.STRUCT, (short) 4));
      new PrivilegeGrantInfo("INSERT", 0, "alice", PrincipalType.USER, false).write(protocol);
      protocol.writeFieldEnd();
      protocol.writeFieldStop();
      protocol.writeStructEnd();
      protocol.writeListEnd();
      protocol.writeFieldEnd();
      protocol.writeFieldStop();
      protocol.writeStructEnd();
      protocol.writeFieldEnd();
      protocol.writeFieldStop();
      protocol.writeStructEnd();
      protocol.writeMessageEnd();
      protocol.getTransport().flush();

      TMessage reply = protocol.readMessageBegin();
      assertThat(reply.type).isEqualTo(TMessageType.REPLY);
      ThriftHiveMetastore.grant_privileges_result result =
          new ThriftHiveMetastore.grant_privileges_result();
      result.read(protocol);
      Throwable refusal = result.getO1();
      assertThat(refusal).isInstanceOf(MetaException.class).hasMessageContaining("principal type");
    }
    assertThat(client.list_privileges(null, null, items)).isEmpty();

    HiveObjectPrivilege onMissingTable =
        privilege(
            new HiveObjectRef(HiveObjectType.TABLE, "bad_db", "missing", null, null),
            "frank",
            PrincipalType.USER,
            "SELECT",
            false);
    assertThatThrownBy(() -> client.grant_privileges(bag(valid, onMissingTable)))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("missing");
    HiveObjectPrivilege onMissingDatabase =
        privilege(
            new HiveObjectRef(HiveObjectType.DATABASE, "no_such_db", null, null, null),
            "frank",
            PrincipalType.USER,
            "SELECT",
            false);
    assertThatThrownBy(() -> client.grant_privileges(bag(valid, onMissingDatabase)))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("no_such_db");
    assertThatThrownBy(
            () ->
                client.grant_privileges(
                    bag(
                        valid,
                        privilege(items, "no_such_role", PrincipalType.ROLE, "SELECT", false))))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("Role no_such_role does not exist");
    client.grant_privileges(bag(valid));
    assertThatThrownBy(() -> client.grant_privileges(bag(valid)))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("SELECT is already granted");
    assertThat(client.list_privileges(null, null, items)).hasSize(1);
    assertThatThrownBy(() -> client.list_roles("frank", null))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("principal type");
    assertThatThrownBy(
            () -> client.grant_role("no_such_role", "frank", PrincipalType.USER, null, null, false))
        .isInstanceOf(MetaException.class);
    assertThat(client.list_roles("frank", PrincipalType.USER))
        .extracting(Role::getRoleName)
        .containsExactly("public");
  }

  @Test
  void refreshReplacesTheGrantsOfAnAuthorizer() throws Exception {
    createDatabaseAndTable("refresh_db", "facts");
    HiveObjectRef facts =
        new HiveObjectRef(HiveObjectType.TABLE, "refresh_db", "facts", null, null);
    client.grant_privileges(
        bag(
            privilege(facts, "gina", PrincipalType.USER, "SELECT", false),
            privilege(facts, "hank", PrincipalType.USER, "SELECT", false)));
    GrantRevokePrivilegeRequest request =
        new GrantRevokePrivilegeRequest(
            GrantRevokeType.GRANT,
            bag(
                privilege(facts, "hank", PrincipalType.USER, "SELECT", false),
                privilege(facts, "ivan", PrincipalType.USER, "INSERT", false)));
    assertThat(client.refresh_privileges(facts, "SQL", request).isSuccess()).isTrue();
    assertThat(client.list_privileges(null, null, facts))
        .extracting(
            HiveObjectPrivilege::getPrincipalName, granted -> granted.getGrantInfo().getPrivilege())
        .containsExactlyInAnyOrder(tuple("hank", "SELECT"), tuple("ivan", "INSERT"));
  }

  @Test
  void grantsSurviveARestart(@TempDir Path ownDirectory) throws Exception {
    HiveObjectRef global = new HiveObjectRef(HiveObjectType.GLOBAL, null, null, null, null);
    try (ThriftTestServer first = ThriftTestServer.start(ownDirectory);
        TSocket connection = first.open()) {
      ThriftHiveMetastore.Client before = ThriftTestServer.client(connection);
      before.create_role(new Role("durable", 0, "alice"));
      before.grant_role("durable", "judy", PrincipalType.USER, "alice", PrincipalType.USER, false);
      before.grant_privileges(
          bag(privilege(global, "durable", PrincipalType.ROLE, "CREATE", false)));
    }
    try (ThriftTestServer second = ThriftTestServer.start(ownDirectory);
        TSocket connection = second.open()) {
      ThriftHiveMetastore.Client after = ThriftTestServer.client(connection);
      assertThat(after.list_roles("judy", PrincipalType.USER))
          .extracting(Role::getRoleName)
          .containsExactly("durable", "public");
      assertThat(after.list_privileges("durable", PrincipalType.ROLE, global))
          .extracting(granted -> granted.getGrantInfo().getPrivilege())
          .containsExactly("CREATE");
      assertThat(after.get_privilege_set(global, "judy", null).getRolePrivileges().get("durable"))
          .extracting(PrivilegeGrantInfo::getPrivilege)
          .containsExactly("CREATE");
    }
  }

  // Fixtures

  private static PrivilegeBag bag(HiveObjectPrivilege... privileges) {
    return new PrivilegeBag(List.of(privileges));
  }

  /** A privilege as Hive's SQL standard authorizer sends it: granted by user alice. */
  private static HiveObjectPrivilege privilege(
      HiveObjectRef object,
      String principal,
      PrincipalType type,
      String privilege,
      boolean grantOption) {
    return new HiveObjectPrivilege(
        object,
        principal,
        type,
        new PrivilegeGrantInfo(privilege, 0, "alice", PrincipalType.USER, grantOption),
        "SQL");
  }

  private void createDatabaseAndTable(String database, String table) throws Exception {
    client.create_database(new Database(database, "", "s3://warehouse/" + database, Map.of()));
    createTable(database, table);
  }

  /** A table partitioned by month, with the partition 2024-01. */
  private void createTable(String database, String name) throws Exception {
    StorageDescriptor descriptor =
        new StorageDescriptor(
            List.of(
                new FieldSchema("id", "bigint", null), new FieldSchema("amount", "double", null)),
            "s3://warehouse/" + database + "/" + name,
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
    table.setPartitionKeys(List.of(new FieldSchema("month", "string", null)));
    table.setTableType("EXTERNAL_TABLE");
    table.setParameters(Map.of("EXTERNAL", "TRUE"));
    client.create_table(table);
    Table loaded = client.get_table_req(new GetTableRequest(database, name)).getTable();
    Partition partition = new Partition();
    partition.setDbName(database);
    partition.setTableName(name);
    partition.setValues(List.of("2024-01"));
    StorageDescriptor partitionDescriptor = loaded.getSd().deepCopy();
    partitionDescriptor.setLocation(loaded.getSd().getLocation() + "/month=2024-01");
    partition.setSd(partitionDescriptor);
    partition.setParameters(Map.of());
    client.add_partition(partition);
  }
}
