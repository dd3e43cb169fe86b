package io.cairn.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The privileges on one object that reach a user: granted to the user, to each of its groups, and
 * to each role the user or its groups hold, directly or through other roles ({@code public}
 * included). Each map has an entry, perhaps an empty list, for every principal asked about.
 */
public record PrincipalPrivileges(
    Map<String, List<PrivilegeGrant>> users,
    Map<String, List<PrivilegeGrant>> groups,
    Map<String, List<PrivilegeGrant>> roles) {
  public PrincipalPrivileges {
    users = copy(users);
    groups = copy(groups);
    roles = copy(roles);
  }

  private static Map<String, List<PrivilegeGrant>> copy(Map<String, List<PrivilegeGrant>> map) {
    Map<String, List<PrivilegeGrant>> copy = new LinkedHashMap<>();
    map.forEach((principal, grants) -> copy.put(principal, List.copyOf(grants)));
    return java.util.Collections.unmodifiableMap(copy);
  }
}
