package io.cairn.security;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.PrincipalType;
import java.time.Instant;

/**
 * One privilege (Hive's privilege names such as {@code SELECT} or {@code ALL}, kept as sent) on one
 * object, granted to a user, group or role by a grantor. {@code grantor}, {@code grantorType} and
 * {@code authorizer} (the authorizer that keeps the grant, Hive's {@code SQL} for its SQL standard
 * authorization) may be null. {@code createTime} is set by the service when the grant is stored.
 */
public record PrivilegeGrant(
    SecurableObject object,
    String principalName,
    PrincipalType principalType,
    String privilege,
    Instant createTime,
    String grantor,
    PrincipalType grantorType,
    boolean grantOption,
    String authorizer) {
  public PrivilegeGrant {
    requireNonNull(object, "object is null");
    requireNonNull(principalName, "principalName is null");
    requireNonNull(principalType, "principalType is null");
    requireNonNull(privilege, "privilege is null");
    requireNonNull(createTime, "createTime is null");
  }

  public PrivilegeGrant withPrivilege(String newPrivilege) {
    return new PrivilegeGrant(
        object,
        principalName,
        principalType,
        newPrivilege,
        createTime,
        grantor,
        grantorType,
        grantOption,
        authorizer);
  }

  public PrivilegeGrant withCreateTime(Instant newCreateTime) {
    return new PrivilegeGrant(
        object,
        principalName,
        principalType,
        privilege,
        newCreateTime,
        grantor,
        grantorType,
        grantOption,
        authorizer);
  }

  public PrivilegeGrant withAuthorizer(String newAuthorizer) {
    return new PrivilegeGrant(
        object,
        principalName,
        principalType,
        privilege,
        createTime,
        grantor,
        grantorType,
        grantOption,
        newAuthorizer);
  }
}
