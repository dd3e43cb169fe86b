package io.cairn.security;

import io.cairn.catalog.PrincipalType;

/**
 * Which grants to list. Null fields match everything: {@code principalName} null for every
 * principal (then {@code principalType} is ignored), {@code objectType} null for objects of every
 * type, {@code object} null for every object of {@code objectType}, {@code authorizer} null for
 * every authorizer. A {@link ObjectType#COLUMN} {@code object} whose column is {@code "*"} matches
 * every column of its table (or partition).
 */
public record PrivilegeFilter(
    String principalName,
    PrincipalType principalType,
    ObjectType objectType,
    SecurableObject object,
    String authorizer) {
  /** In a column object of a filter: every column. */
  public static final String ANY_COLUMN = "*";

  public PrivilegeFilter {
    if (object != null && object.type() != objectType) {
      throw new IllegalArgumentException("object " + object + " is not of type " + objectType);
    }
    if (principalName != null && principalType == null) {
      throw new IllegalArgumentException("principal " + principalName + " has no type");
    }
  }

  /** The grants on exactly {@code object}, of every principal and authorizer. */
  public static PrivilegeFilter on(SecurableObject object) {
    return new PrivilegeFilter(null, null, object.type(), object, null);
  }

  /** The grants of one principal on exactly {@code object}. */
  public static PrivilegeFilter of(
      String principalName, PrincipalType principalType, SecurableObject object) {
    return new PrivilegeFilter(principalName, principalType, object.type(), object, null);
  }
}
