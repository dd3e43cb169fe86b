package io.cairn.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.cairn.testing.CairnServerProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.GetPrincipalsInRoleRequest;
import org.apache.hadoop.hive.metastore.api.GetRoleGrantsForPrincipalRequest;
import org.apache.hadoop.hive.metastore.api.HiveObjectPrivilege;
import org.apache.hadoop.hive.metastore.api.HiveObjectRef;
import org.apache.hadoop.hive.metastore.api.HiveObjectType;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.PrincipalPrivilegeSet;
import org.apache.hadoop.hive.metastore.api.PrincipalType;
import org.apache.hadoop.hive.metastore.api.PrivilegeBag;
import org.apache.hadoop.hive.metastore.api.PrivilegeGrantInfo;
import org.apache.hadoop.hive.metastore.api.Role;
import org.apache.hadoop.hive.metastore.api.RolePrincipalGrant;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hive 4.0.1's own {@link HiveMetaStoreClient} managing roles and privileges against {@code cairn
 * server} in a separate JVM, the calls Hive's SQL standard authorization makes for {@code CREATE
 * ROLE}, {@code GRANT ROLE}, {@code GRANT SELECT ON TABLE}, {@code SHOW GRANT} and {@code REVOKE}.
 * Cairn keeps and answers grants; it enforces none.
 */
class HivePrivilegesIT {
  @TempDir static Path dataDirectory;

  private static CairnServerProcess server;
  private static HiveMetaStoreClient client;

  @BeforeAll
  static void start() throws Exception {
    server =
        CairnServerProcess.start(
            dataDirectory, Path.of(System.getProperty("cairn.server.log") + ".privileges"));
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
  void rolesAreCreatedGrantedListedRevokedAndDropped() throws Exception {
    assertThat(client.listRoleNames()).contains("admin", "public");
    assertThat(client.create_role(new Role("analysts", 0, "alice"))).isTrue();
    assertThatThrownBy(() -> client.create_role(new Role("analysts", 0, "alice")))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("Role analysts already exists.");

    assertThat(
            client.grant_role(
                "analysts", "bob", PrincipalType.USER, "alice", PrincipalType.USER, true))
        .isTrue();
    assertThat(client.list_roles("bob", PrincipalType.USER))
        .extracting(Role::getRoleName)
        .containsExactly("analysts", "public");
    assertThat(
            client
                .get_role_grants_for_principal(
                    new GetRoleGrantsForPrincipalRequest("bob", PrincipalType.USER))
                .getPrincipalGrants())
        .extracting(RolePrincipalGrant::getRoleName, RolePrincipalGrant::isGrantOption)
        .containsExactly(tuple("analysts", true), tuple("public", false));
    assertThat(
            client
                .get_principals_in_role(new GetPrincipalsInRoleRequest("analysts"))
                .getPrincipalGrants())
        .extracting(RolePrincipalGrant::getPrincipalName, RolePrincipalGrant::getGrantorName)
        .containsExactly(tuple("bob", "alice"));

    // REVOKE GRANT OPTION FOR ROLE keeps the membership.
    assertThat(client.revoke_role("analysts", "bob", PrincipalType.USER, true)).isTrue();
    assertThat(
            client
                .get_principals_in_role(new GetPrincipalsInRoleRequest("analysts"))
                .getPrincipalGrants())
        .extracting(RolePrincipalGrant::isGrantOption)
        .containsExactly(false);
    assertThat(client.revoke_role("analysts", "bob", PrincipalType.USER, false)).isTrue();
    assertThat(client.list_roles("bob", PrincipalType.USER))
        .extracting(Role::getRoleName)
        .containsExactly("public");

    assertThat(client.drop_role("analysts")).isTrue();
    assertThat(client.listRoleNames()).doesNotContain("analysts");
    assertThatThrownBy(() -> client.drop_role("public"))
        .isInstanceOf(MetaException.class)
        .hasMessageContaining("can't be dropped");
  }

  @Test
  void tablePrivilegesAreGrantedShownAndRevoked() throws Exception {
    client.createDatabase(new Database("granted", "", "s3://warehouse/granted.db", Map.of()));
    client.createTable(table("granted", "orders"));
    client.create_role(new Role("readers", 0, "alice"));
    client.grant_role("readers", "carol", PrincipalType.USER, "alice", PrincipalType.USER, false);
    HiveObjectRef orders = new HiveObjectRef(HiveObjectType.TABLE, "granted", "orders", null, null);

    assertThat(
            client.grant_privileges(
                new PrivilegeBag(
                    List.of(
                        privilege(orders, "dave", PrincipalType.USER, "SELECT"),
                        privilege(orders, "readers", PrincipalType.ROLE, "SELECT")))))
        .isTrue();

    assertThat(client.list_privileges("dave", PrincipalType.USER, orders))
        .extracting(
            HiveObjectPrivilege::getPrincipalName,
            granted -> granted.getGrantInfo().getPrivilege(),
            granted -> granted.getHiveObject().getObjectName())
        .containsExactly(tuple("dave", "SELECT", "orders"));
    assertThat(client.list_privileges(null, null, orders))
        .extracting(HiveObjectPrivilege::getPrincipalName)
        .containsExactly("dave", "readers");
    PrincipalPrivilegeSet carols = client.get_privilege_set(orders, "carol", List.of());
    assertThat(carols.getRolePrivileges().get("readers"))
        .extracting(PrivilegeGrantInfo::getPrivilege)
        .containsExactly("SELECT");
    assertThat(carols.getUserPrivileges().get("carol")).isEmpty();

    assertThatThrownBy(
            () ->
                client.grant_privileges(
                    new PrivilegeBag(
                        List.of(
                            privilege(
                                new HiveObjectRef(
                                    HiveObjectType.DATABASE, "no_such_db", null, null, null),
                                "dave",
                                PrincipalType.USER,
                                "SELECT")))))
        .isInstanceOf(MetaException.class);

    assertThat(
            client.revoke_privileges(
                new PrivilegeBag(List.of(privilege(orders, "dave", PrincipalType.USER, "SELECT"))),
                false))
        .isTrue();
    assertThat(client.list_privileges("dave", PrincipalType.USER, orders)).isEmpty();

    assertThat(
            client.refresh_privileges(
                new HiveObjectRef(HiveObjectType.TABLE, "granted", "orders", null, null),
                "SQL",
                new PrivilegeBag(List.of(privilege(orders, "erin", PrincipalType.USER, "INSERT")))))
        .isTrue();
    assertThat(client.list_privileges(null, null, orders))
        .extracting(HiveObjectPrivilege::getPrincipalName)
        .containsExactly("erin");

    client.dropTable("granted", "orders");
    client.createTable(table("granted", "orders"));
    assertThat(client.list_privileges(null, null, orders)).isEmpty();
  }

  /** As Hive's SQL standard authorizer sends a grant: by user alice, for authorizer SQL. */
  private static HiveObjectPrivilege privilege(
      HiveObjectRef object, String principal, PrincipalType type, String privilege) {
    return new HiveObjectPrivilege(
        object,
        principal,
        type,
        new PrivilegeGrantInfo(privilege, 0, "alice", PrincipalType.USER, false),
        "SQL");
  }

  private static Table table(String database, String name) {
    StorageDescriptor descriptor =
        new StorageDescriptor(
            List.of(new FieldSchema("id", "bigint", null)),
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
