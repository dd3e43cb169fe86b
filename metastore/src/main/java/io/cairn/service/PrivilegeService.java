package io.cairn.service;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.InvalidOperationException;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.PrincipalType;
import io.cairn.catalog.ValidationException;
import io.cairn.security.ObjectType;
import io.cairn.security.PrincipalPrivileges;
import io.cairn.security.PrivilegeFilter;
import io.cairn.security.PrivilegeGrant;
import io.cairn.security.Role;
import io.cairn.security.RoleGrant;
import io.cairn.security.SecurableObject;
import io.cairn.store.CatalogStore;
import io.cairn.store.StoreTransaction;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Roles, role membership and privilege grants, with the semantics of Hive's metastore: what is
 * granted is listed back, what is revoked is gone, and all of it lives in the store, so it survives
 * restarts and every replica answers the same.
 *
 * <p>Nothing is enforced: no call anywhere is refused because its caller lacks a privilege. Every
 * change runs in one store transaction and is whole or not at all.
 *
 * <p>The built-in roles are Hive's: every user belongs to {@code public} without being granted it,
 * and {@code admin} holds {@code All} globally; neither can be created or dropped.
 */
public final class PrivilegeService {
  /** Hive's column width for role, principal and privilege names. */
  static final int MAX_NAME_LENGTH = 128;

  private final CatalogStore store;
  private final Clock clock;

  public PrivilegeService(CatalogStore store, Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  // Roles

  public Role createRole(String name, String ownerName) {
    requireName("role", name);
    if (Role.PUBLIC.equals(name)) {
      throw new InvalidOperationException(
          Role.PUBLIC + " role implicitly exists. It can't be created.");
    }
    Role role = new Role(name, now(), ownerName);
    store.write(
        transaction -> {
          transaction.createRole(role);
          return null;
        });
    return role;
  }

  /** Drops the role with its memberships and the privileges granted to it. */
  public void dropRole(String name) {
    requireName("role", name);
    if (Role.ADMIN.equals(name) || Role.PUBLIC.equals(name)) {
      throw new InvalidOperationException(
          Role.PUBLIC + "," + Role.ADMIN + " roles can't be dropped.");
    }
    store.write(
        transaction -> {
          transaction.dropRole(name);
          return null;
        });
  }

  public List<String> listRoleNames() {
    return store.read(transaction -> transaction.listRoles().stream().map(Role::name).toList());
  }

  /**
   * Makes a user, group or role a member of {@code role}. A role cannot become a member of itself
   * or of a role that is already a member of it.
   */
  public RoleGrant grantRole(
      String role,
      String principalName,
      PrincipalType principalType,
      String grantor,
      PrincipalType grantorType,
      boolean grantOption) {
    requireName("role", role);
    requireName("principal", principalName);
    requirePrincipalType(principalType);
    if (Role.PUBLIC.equals(role)) {
      throw new InvalidOperationException(
          "No user can be added to "
              + Role.PUBLIC
              + ". Since all users implicitly belong to "
              + Role.PUBLIC
              + " role.");
    }
    RoleGrant grant =
        new RoleGrant(role, principalName, principalType, grantOption, now(), grantor, grantorType);
    return store.write(
        transaction -> {
          requireRole(transaction, role);
          if (principalType == PrincipalType.ROLE) {
            requireRole(transaction, principalName);
            if (rolesHeldBy(transaction, role, PrincipalType.ROLE).contains(principalName)
                || role.equals(principalName)) {
              throw new InvalidOperationException(
                  "Cannot grant role "
                      + principalName
                      + " to "
                      + role
                      + " as "
                      + role
                      + " already belongs to the role "
                      + principalName
                      + ". (no cycles allowed)");
            }
          }
          transaction.createRoleGrant(grant);
          return grant;
        });
  }

  /** Takes the principal out of the role. */
  public void revokeRole(String role, String principalName, PrincipalType principalType) {
    changeRoleGrant(role, principalName, principalType, StoreTransaction::deleteRoleGrant);
  }

  /** Keeps the principal in the role but takes the grant option away. */
  public void revokeRoleGrantOption(
      String role, String principalName, PrincipalType principalType) {
    changeRoleGrant(
        role,
        principalName,
        principalType,
        (transaction, roleName, principal, type) -> {
          boolean hasGrantOption =
              transaction.listRoleGrantsOfPrincipal(principal, type).stream()
                  .anyMatch(grant -> grant.role().equals(roleName) && grant.grantOption());
          if (!hasGrantOption) {
            throw new InvalidOperationException(
                "User " + principal + " does not have grant option with role " + roleName);
          }
          transaction.removeRoleGrantOption(roleName, principal, type);
        });
  }

  @FunctionalInterface
  private interface RoleGrantChange {
    void apply(StoreTransaction transaction, String role, String principalName, PrincipalType type);
  }

  private void changeRoleGrant(
      String role, String principalName, PrincipalType principalType, RoleGrantChange change) {
    requireName("role", role);
    requireName("principal", principalName);
    requirePrincipalType(principalType);
    if (Role.PUBLIC.equals(role)) {
      throw new InvalidOperationException(Role.PUBLIC + " role can't be revoked.");
    }
    store.write(
        transaction -> {
          requireRole(transaction, role);
          change.apply(transaction, role, principalName, principalType);
          return null;
        });
  }

  /**
   * The roles a principal is a direct member of, each with its membership; a user is also a member
   * of {@code public}, listed last, granted by nobody at time 0 (as Hive answers).
   */
  public List<RoleGrant> listRoleGrantsOf(String principalName, PrincipalType principalType) {
    requireName("principal", principalName);
    requirePrincipalType(principalType);
    List<RoleGrant> grants =
        new ArrayList<>(
            store.read(
                transaction ->
                    transaction.listRoleGrantsOfPrincipal(principalName, principalType)));
    if (principalType == PrincipalType.USER) {
      grants.add(
          new RoleGrant(
              Role.PUBLIC, principalName, principalType, false, Instant.EPOCH, null, null));
    }
    return grants;
  }

  /** The roles of {@link #listRoleGrantsOf}; {@code public} as Hive describes it. */
  public List<Role> listRolesOf(String principalName, PrincipalType principalType) {
    requireName("principal", principalName);
    requirePrincipalType(principalType);
    return store.read(
        transaction -> {
          List<Role> roles = new ArrayList<>();
          for (RoleGrant grant :
              transaction.listRoleGrantsOfPrincipal(principalName, principalType)) {
            transaction.loadRole(grant.role()).ifPresent(roles::add);
          }
          if (principalType == PrincipalType.USER) {
            roles.add(new Role(Role.PUBLIC, Instant.EPOCH, Role.PUBLIC));
          }
          return roles;
        });
  }

  /** The members of a role; none for a role that does not exist, and none stored for public. */
  public List<RoleGrant> listRoleMembers(String role) {
    requireName("role", role);
    return store.read(transaction -> transaction.listRoleMembers(role));
  }

  // Privileges

  /**
   * Stores every grant or none. A privilege string may name several privileges separated by commas,
   * each becoming its own grant. The object must exist, and a role grantee too; the create time is
   * now.
   */
  public void grantPrivileges(List<PrivilegeGrant> grants) {
    List<PrivilegeGrant> split = validated(grants);
    Instant now = now();
    store.write(
        transaction -> {
          for (PrivilegeGrant grant : split) {
            if (grant.principalType() == PrincipalType.ROLE) {
              requireRole(transaction, grant.principalName());
            }
          }
          transaction.createPrivilegeGrants(
              split.stream().map(grant -> grant.withCreateTime(now)).toList());
          return null;
        });
  }

  /**
   * Revokes every grant or none: each named privilege of a principal on an object is removed,
   * whoever granted it. Revoking what was not granted fails the whole call.
   */
  public void revokePrivileges(List<PrivilegeGrant> grants) {
    List<PrivilegeGrant> split = validated(grants);
    store.write(
        transaction -> {
          for (PrivilegeGrant grant : split) {
            for (PrivilegeGrant stored : requireGranted(transaction, grant)) {
              transaction.deletePrivilegeGrant(stored);
            }
          }
          return null;
        });
  }

  /** Keeps the grants but takes their grant option away; all or nothing as for revoke. */
  public void revokeGrantOptions(List<PrivilegeGrant> grants) {
    List<PrivilegeGrant> split = validated(grants);
    store.write(
        transaction -> {
          for (PrivilegeGrant grant : split) {
            List<PrivilegeGrant> granted = requireGranted(transaction, grant);
            List<PrivilegeGrant> withOption =
                granted.stream().filter(PrivilegeGrant::grantOption).toList();
            if (withOption.isEmpty()) {
              throw new InvalidOperationException(
                  "User "
                      + grant.principalName()
                      + " does not have grant option with privilege "
                      + grant.privilege());
            }
            withOption.forEach(transaction::removePrivilegeGrantOption);
          }
          return null;
        });
  }

  /** The stored grants of the privilege to the principal on the object, by any grantor. */
  private static List<PrivilegeGrant> requireGranted(
      StoreTransaction transaction, PrivilegeGrant grant) {
    List<PrivilegeGrant> granted =
        transaction
            .listPrivilegeGrants(
                PrivilegeFilter.of(grant.principalName(), grant.principalType(), grant.object()))
            .stream()
            .filter(stored -> stored.privilege().equalsIgnoreCase(grant.privilege()))
            .toList();
    if (granted.isEmpty()) {
      throw new NoSuchEntityException(
          "No grant ("
              + grant.privilege()
              + ") found on "
              + grant.object()
              + " for "
              + grant.principalType().name().toLowerCase(java.util.Locale.ROOT)
              + " "
              + grant.principalName());
    }
    return granted;
  }

  /**
   * Makes {@code grants} the grants of {@code authorizer} on a database, a table, or (a {@link
   * ObjectType#COLUMN} object with column {@link PrivilegeFilter#ANY_COLUMN}) the columns of a
   * table, as Hive's authorizer synchronization does: what is not in {@code grants} is revoked,
   * what is new is granted, what stays keeps its create time. Every grant must be on that object;
   * one without an authorizer gets {@code authorizer}.
   */
  public void refreshPrivileges(
      SecurableObject object, String authorizer, List<PrivilegeGrant> grants) {
    requireNonNull(object, "object is null");
    requireName("authorizer", authorizer);
    boolean columns = object.type() == ObjectType.COLUMN;
    if (object.type() != ObjectType.DATABASE && object.type() != ObjectType.TABLE && !columns) {
      throw new ValidationException("Unexpected object type " + object.type());
    }
    if (columns
        && (!PrivilegeFilter.ANY_COLUMN.equals(object.column())
            || object.partitionValues() != null)) {
      throw new ValidationException("a refresh of column privileges names the table only");
    }
    List<PrivilegeGrant> wanted = new ArrayList<>();
    for (PrivilegeGrant grant : validated(grants)) {
      SecurableObject on = grant.object();
      boolean onObject =
          columns
              ? on.type() == ObjectType.COLUMN
                  && on.partitionValues() == null
                  && object.tableName().equals(on.tableName())
              : on.equals(object);
      if (!onObject) {
        throw new ValidationException(
            "a refresh of " + object + " cannot grant on " + on + "; grant it separately");
      }
      if (grant.authorizer() != null && !grant.authorizer().equals(authorizer)) {
        throw new ValidationException(
            "a refresh for authorizer " + authorizer + " cannot grant for " + grant.authorizer());
      }
      wanted.add(grant.withAuthorizer(authorizer));
    }
    Instant now = now();
    store.write(
        transaction -> {
          for (PrivilegeGrant grant : wanted) {
            if (grant.principalType() == PrincipalType.ROLE) {
              requireRole(transaction, grant.principalName());
            }
          }
          List<PrivilegeGrant> stored =
              transaction.listPrivilegeGrants(
                  new PrivilegeFilter(null, null, object.type(), object, authorizer));
          Set<PrivilegeGrant> storedKeys = new LinkedHashSet<>();
          for (PrivilegeGrant grant : stored) {
            storedKeys.add(grant.withCreateTime(Instant.EPOCH));
          }
          Set<PrivilegeGrant> wantedKeys = new LinkedHashSet<>();
          for (PrivilegeGrant grant : wanted) {
            wantedKeys.add(grant.withCreateTime(Instant.EPOCH));
          }
          for (PrivilegeGrant grant : storedKeys) {
            if (!wantedKeys.contains(grant)) {
              transaction.deletePrivilegeGrant(grant);
            }
          }
          List<PrivilegeGrant> added = new ArrayList<>();
          for (PrivilegeGrant grant : wantedKeys) {
            if (!storedKeys.contains(grant)) {
              added.add(grant.withCreateTime(now));
            }
          }
          transaction.createPrivilegeGrants(added);
          return null;
        });
  }

  public List<PrivilegeGrant> listPrivileges(PrivilegeFilter filter) {
    requireNonNull(filter, "filter is null");
    return store.read(transaction -> transaction.listPrivilegeGrants(filter));
  }

  /**
   * The privileges on exactly {@code object} (not inherited from the database or globally) that
   * reach {@code userName} (null for none) and {@code groupNames}: the user's own, each group's,
   * and each role's that the user or the groups hold directly or through other roles, public
   * included for a user. A missing object has no privileges.
   */
  public PrincipalPrivileges loadPrivilegeSet(
      SecurableObject object, String userName, List<String> groupNames) {
    requireNonNull(object, "object is null");
    List<String> groups = groupNames == null ? List.of() : groupNames;
    return store.read(
        transaction -> {
          Map<String, List<PrivilegeGrant>> users = new LinkedHashMap<>();
          Map<String, List<PrivilegeGrant>> groupGrants = new LinkedHashMap<>();
          Map<String, List<PrivilegeGrant>> roleGrants = new LinkedHashMap<>();
          Set<String> roles = new LinkedHashSet<>();
          if (userName != null) {
            users.put(userName, grantsOn(transaction, object, userName, PrincipalType.USER));
            roles.addAll(rolesHeldBy(transaction, userName, PrincipalType.USER));
          }
          for (String group : groups) {
            groupGrants.put(group, grantsOn(transaction, object, group, PrincipalType.GROUP));
            roles.addAll(rolesHeldBy(transaction, group, PrincipalType.GROUP));
          }
          for (String role : roles) {
            roleGrants.put(role, grantsOn(transaction, object, role, PrincipalType.ROLE));
          }
          return new PrincipalPrivileges(users, groupGrants, roleGrants);
        });
  }

  private static List<PrivilegeGrant> grantsOn(
      StoreTransaction transaction,
      SecurableObject object,
      String principalName,
      PrincipalType principalType) {
    return transaction.listPrivilegeGrants(
        PrivilegeFilter.of(principalName, principalType, object));
  }

  /** Every role the principal holds, directly or through other roles; {@code public} for a user. */
  private static Set<String> rolesHeldBy(
      StoreTransaction transaction, String principalName, PrincipalType principalType) {
    Set<String> roles = new LinkedHashSet<>();
    Deque<RoleGrant> pending =
        new ArrayDeque<>(transaction.listRoleGrantsOfPrincipal(principalName, principalType));
    if (principalType == PrincipalType.USER) {
      roles.add(Role.PUBLIC);
    }
    while (!pending.isEmpty()) {
      String role = pending.removeFirst().role();
      if (roles.add(role)) {
        pending.addAll(transaction.listRoleGrantsOfPrincipal(role, PrincipalType.ROLE));
      }
    }
    return roles;
  }

  private static void requireRole(StoreTransaction transaction, String name) {
    if (transaction.loadRole(name).isEmpty()) {
      throw new NoSuchEntityException("Role " + name + " does not exist");
    }
  }

  /** Checks each grant and splits comma-separated privilege lists into one grant each. */
  private static List<PrivilegeGrant> validated(List<PrivilegeGrant> grants) {
    requireNonNull(grants, "grants is null");
    List<PrivilegeGrant> split = new ArrayList<>();
    for (PrivilegeGrant grant : grants) {
      requireName("principal", grant.principalName());
      for (String privilege : grant.privilege().split(",", -1)) {
        String trimmed = privilege.trim();
        requireName("privilege", trimmed);
        split.add(grant.withPrivilege(trimmed));
      }
    }
    return split;
  }

  private static void requireName(String what, String name) {
    if (name == null || name.isBlank()) {
      throw new ValidationException("a " + what + " name is required");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new ValidationException(
          "a " + what + " name is at most " + MAX_NAME_LENGTH + " characters: " + name);
    }
  }

  private static void requirePrincipalType(PrincipalType type) {
    if (type == null) {
      throw new ValidationException("a principal type (USER, GROUP or ROLE) is required");
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }
}
