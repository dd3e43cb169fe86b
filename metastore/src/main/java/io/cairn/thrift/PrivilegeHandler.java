package io.cairn.thrift;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.PrincipalType;
import io.cairn.catalog.ValidationException;
import io.cairn.security.ObjectType;
import io.cairn.security.PrivilegeFilter;
import io.cairn.security.PrivilegeGrant;
import io.cairn.security.SecurableObject;
import io.cairn.service.PrivilegeService;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hive.metastore.api.GetPrincipalsInRoleRequest;
import org.apache.hadoop.hive.metastore.api.GetPrincipalsInRoleResponse;
import org.apache.hadoop.hive.metastore.api.GetRoleGrantsForPrincipalRequest;
import org.apache.hadoop.hive.metastore.api.GetRoleGrantsForPrincipalResponse;
import org.apache.hadoop.hive.metastore.api.GrantRevokePrivilegeRequest;
import org.apache.hadoop.hive.metastore.api.GrantRevokePrivilegeResponse;
import org.apache.hadoop.hive.metastore.api.GrantRevokeRoleRequest;
import org.apache.hadoop.hive.metastore.api.GrantRevokeRoleResponse;
import org.apache.hadoop.hive.metastore.api.GrantRevokeType;
import org.apache.hadoop.hive.metastore.api.HiveObjectPrivilege;
import org.apache.hadoop.hive.metastore.api.HiveObjectRef;
import org.apache.hadoop.hive.metastore.api.HiveObjectType;
import org.apache.hadoop.hive.metastore.api.PrincipalPrivilegeSet;
import org.apache.hadoop.hive.metastore.api.PrivilegeBag;
import org.apache.hadoop.hive.metastore.api.Role;
import org.apache.hadoop.hive.metastore.api.RolePrincipalGrant;

/**
 * Hive's role and privilege calls over {@link PrivilegeService}, dispatched to by {@link
 * HandlerInvocation}. Grants are kept and answered; none is enforced. These methods declare only
 * MetaException, so every refusal (a missing object or role, a duplicate grant, revoking what was
 * not granted, an unknown principal type) reaches the client as a MetaException with the message,
 * as Hive's metastore sends it.
 */
final class PrivilegeHandler {
  private final PrivilegeService privileges;
  private final HiveNames names;

  PrivilegeHandler(PrivilegeService privileges, String defaultCatalog) {
    this.privileges = requireNonNull(privileges, "privileges is null");
    this.names = new HiveNames(defaultCatalog);
  }

  // Roles

  public boolean create_role(Role role) {
    ThriftConverter.requiredRole(role);
    privileges.createRole(role.getRoleName(), role.getOwnerName());
    return true;
  }

  public boolean drop_role(String roleName) {
    privileges.dropRole(roleName);
    return true;
  }

  public List<String> get_role_names() {
    return new ArrayList<>(privileges.listRoleNames());
  }

  public boolean grant_role(
      String roleName,
      String principalName,
      org.apache.hadoop.hive.metastore.api.PrincipalType principalType,
      String grantor,
      org.apache.hadoop.hive.metastore.api.PrincipalType grantorType,
      boolean grantOption) {
    privileges.grantRole(
        roleName,
        principalName,
        ThriftConverter.requiredPrincipalType(principalType, "principal type"),
        grantor,
        ThriftConverter.fromThrift(grantorType),
        grantOption);
    return true;
  }

  public boolean revoke_role(
      String roleName,
      String principalName,
      org.apache.hadoop.hive.metastore.api.PrincipalType principalType) {
    privileges.revokeRole(
        roleName,
        principalName,
        ThriftConverter.requiredPrincipalType(principalType, "principal type"));
    return true;
  }

  /** Hive 4's client grants and revokes roles this way; a revoke may take only the grant option. */
  public GrantRevokeRoleResponse grant_revoke_role(GrantRevokeRoleRequest request) {
    GrantRevokeType type = requestType(request.getRequestType());
    if (type == GrantRevokeType.GRANT) {
      grant_role(
          request.getRoleName(),
          request.getPrincipalName(),
          request.getPrincipalType(),
          request.getGrantor(),
          request.getGrantorType(),
          request.isSetGrantOption() && request.isGrantOption());
    } else if (request.isSetGrantOption() && request.isGrantOption()) {
      privileges.revokeRoleGrantOption(
          request.getRoleName(),
          request.getPrincipalName(),
          ThriftConverter.requiredPrincipalType(request.getPrincipalType(), "principal type"));
    } else {
      revoke_role(request.getRoleName(), request.getPrincipalName(), request.getPrincipalType());
    }
    GrantRevokeRoleResponse response = new GrantRevokeRoleResponse();
    response.setSuccess(true);
    return response;
  }

  public List<Role> list_roles(
      String principalName, org.apache.hadoop.hive.metastore.api.PrincipalType principalType) {
    List<Role> roles = new ArrayList<>();
    for (io.cairn.security.Role role :
        privileges.listRolesOf(
            principalName,
            ThriftConverter.requiredPrincipalType(principalType, "principal type"))) {
      roles.add(ThriftConverter.toThrift(role));
    }
    return roles;
  }

  public GetPrincipalsInRoleResponse get_principals_in_role(GetPrincipalsInRoleRequest request) {
    return new GetPrincipalsInRoleResponse(
        roleGrants(privileges.listRoleMembers(request.getRoleName())));
  }

  public GetRoleGrantsForPrincipalResponse get_role_grants_for_principal(
      GetRoleGrantsForPrincipalRequest request) {
    return new GetRoleGrantsForPrincipalResponse(
        roleGrants(
            privileges.listRoleGrantsOf(
                request.getPrincipal_name(),
                ThriftConverter.requiredPrincipalType(
                    request.getPrincipal_type(), "principal type"))));
  }

  private static List<RolePrincipalGrant> roleGrants(List<io.cairn.security.RoleGrant> grants) {
    return new ArrayList<>(grants.stream().map(ThriftConverter::toThrift).toList());
  }

  // Privileges

  public boolean grant_privileges(PrivilegeBag bag) {
    privileges.grantPrivileges(grants(bag));
    return true;
  }

  public boolean revoke_privileges(PrivilegeBag bag) {
    privileges.revokePrivileges(grants(bag));
    return true;
  }

  /** Hive 4's client grants and revokes privileges this way. */
  public GrantRevokePrivilegeResponse grant_revoke_privileges(GrantRevokePrivilegeRequest request) {
    GrantRevokeType type = requestType(request.getRequestType());
    if (type == GrantRevokeType.GRANT) {
      grant_privileges(request.getPrivileges());
    } else if (request.isSetRevokeGrantOption() && request.isRevokeGrantOption()) {
      privileges.revokeGrantOptions(grants(request.getPrivileges()));
    } else {
      revoke_privileges(request.getPrivileges());
    }
    GrantRevokePrivilegeResponse response = new GrantRevokePrivilegeResponse();
    response.setSuccess(true);
    return response;
  }

  /**
   * Replaces the grants of {@code authorizer} on a database, a table, or (a COLUMN reference
   * without a column name) a table's columns with the request's privileges.
   */
  public GrantRevokePrivilegeResponse refresh_privileges(
      HiveObjectRef objectToRefresh, String authorizer, GrantRevokePrivilegeRequest request) {
    requireReference(objectToRefresh);
    SecurableObject object;
    if (objectToRefresh.getObjectType() == HiveObjectType.COLUMN) {
      if (objectToRefresh.getColumnName() != null) {
        throw new ValidationException("a refresh of column privileges names no column");
      }
      HiveObjectRef anyColumn = new HiveObjectRef(objectToRefresh);
      anyColumn.setColumnName(PrivilegeFilter.ANY_COLUMN);
      object = object(anyColumn);
    } else {
      object = object(objectToRefresh);
    }
    privileges.refreshPrivileges(
        object, authorizer, request == null ? List.of() : grants(request.getPrivileges()));
    GrantRevokePrivilegeResponse response = new GrantRevokePrivilegeResponse();
    response.setSuccess(true);
    return response;
  }

  /**
   * Hive's listing: a null principal name lists every principal's grants; a null object type every
   * grant of the principal; a reference without a database every grant of its type; a COLUMN
   * reference without a column name every column of its table (or partition).
   */
  public List<HiveObjectPrivilege> list_privileges(
      String principalName,
      org.apache.hadoop.hive.metastore.api.PrincipalType principalType,
      HiveObjectRef reference) {
    PrincipalType type =
        principalName == null
            ? null
            : ThriftConverter.requiredPrincipalType(principalType, "principal type");
    PrivilegeFilter filter;
    if (reference == null || reference.getObjectType() == null) {
      filter = new PrivilegeFilter(principalName, type, null, null, null);
    } else if (reference.getObjectType() != HiveObjectType.GLOBAL
        && reference.getDbName() == null) {
      filter =
          new PrivilegeFilter(
              principalName, type, objectType(reference.getObjectType()), null, null);
    } else {
      HiveObjectRef exact = reference;
      if (reference.getObjectType() == HiveObjectType.COLUMN && reference.getColumnName() == null) {
        exact = new HiveObjectRef(reference);
        exact.setColumnName(PrivilegeFilter.ANY_COLUMN);
      }
      SecurableObject object = object(exact);
      filter = new PrivilegeFilter(principalName, type, object.type(), object, null);
    }
    return new ArrayList<>(
        privileges.listPrivileges(filter).stream().map(ThriftConverter::toThrift).toList());
  }

  public PrincipalPrivilegeSet get_privilege_set(
      HiveObjectRef reference, String userName, List<String> groupNames) {
    requireReference(reference);
    return ThriftConverter.toThrift(
        privileges.loadPrivilegeSet(object(reference), userName, groupNames));
  }

  private List<PrivilegeGrant> grants(PrivilegeBag bag) {
    if (bag == null || bag.getPrivileges() == null) {
      return List.of();
    }
    List<PrivilegeGrant> grants = new ArrayList<>();
    for (HiveObjectPrivilege privilege : bag.getPrivileges()) {
      HiveObjectRef reference = requireReference(privilege.getHiveObject());
      grants.add(ThriftConverter.fromThrift(object(reference), privilege));
    }
    return grants;
  }

  private SecurableObject object(HiveObjectRef reference) {
    DatabaseName database =
        reference.getObjectType() == HiveObjectType.GLOBAL || reference.getDbName() == null
            ? null
            : names.database(reference.getCatName(), reference.getDbName());
    return ThriftConverter.fromThrift(database, reference);
  }

  private static HiveObjectRef requireReference(HiveObjectRef reference) {
    if (reference == null) {
      throw new ValidationException("the object of the privilege is missing");
    }
    return reference;
  }

  private static ObjectType objectType(HiveObjectType type) {
    if (type == HiveObjectType.DATACONNECTOR) {
      throw new ValidationException("Cairn keeps no privileges on data connectors");
    }
    return ObjectType.valueOf(type.name());
  }

  private static GrantRevokeType requestType(GrantRevokeType type) {
    if (type == null) {
      throw new ValidationException("request type (GRANT or REVOKE) is missing or unknown");
    }
    return type;
  }
}
