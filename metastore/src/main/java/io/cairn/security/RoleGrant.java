package io.cairn.security;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.PrincipalType;
import java.time.Instant;

/**
 * Membership of a user, group or role in a role. {@code grantOption} lets the member grant the role
 * on; {@code grantor} and {@code grantorType} may be null.
 */
public record RoleGrant(
    String role,
    String principalName,
    PrincipalType principalType,
    boolean grantOption,
    Instant grantTime,
    String grantor,
    PrincipalType grantorType) {
  public RoleGrant {
    requireNonNull(role, "role is null");
    requireNonNull(principalName, "principalName is null");
    requireNonNull(principalType, "principalType is null");
    requireNonNull(grantTime, "grantTime is null");
  }
}
