package io.cairn.security;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A role that privileges and other roles can be granted to. {@code ownerName} may be null. */
public record Role(String name, Instant createTime, String ownerName) {
  /** Hive's built-in roles: every user belongs to {@code public}; {@code admin} holds ALL. */
  public static final String PUBLIC = "public";

  public static final String ADMIN = "admin";

  public Role {
    requireNonNull(name, "name is null");
    requireNonNull(createTime, "createTime is null");
  }
}
