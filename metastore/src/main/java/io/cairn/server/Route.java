package io.cairn.server;

import static java.util.Objects.requireNonNull;

/**
 * Mounts an {@link HttpEndpoint} on a path of the HTTP server. Among the routes that match a
 * request's path, the one with the longest path wins, an exact route before a prefix route of the
 * same path; so the order of the list given to the server does not matter.
 *
 * <p>Protocol adapters mount like this: the Glue JSON API as {@code Route.exact("Glue API", "/",
 * glue)} (it dispatches on {@code X-Amz-Target} itself), Iceberg REST as {@code
 * Route.prefix("Iceberg REST", "/iceberg", iceberg)}.
 *
 * @param name what the route serves, shown when the server starts
 * @param path starts with {@code /}; a prefix route's path does not end with {@code /}
 */
public record Route(String name, String path, Matching matching, HttpEndpoint endpoint) {
  /** How a route's path matches request paths. */
  public enum Matching {
    /** Only the path itself. */
    EXACT,
    /** The path itself and every path below it ({@code path + "/…"}). */
    PREFIX
  }

  public Route {
    requireNonNull(name, "name is null");
    requireNonNull(path, "path is null");
    requireNonNull(matching, "matching is null");
    requireNonNull(endpoint, "endpoint is null");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("route path must start with '/': " + path);
    }
    if (matching == Matching.PREFIX && path.endsWith("/")) {
      throw new IllegalArgumentException("prefix route path must not end with '/': " + path);
    }
  }

  public static Route exact(String name, String path, HttpEndpoint endpoint) {
    return new Route(name, path, Matching.EXACT, endpoint);
  }

  public static Route prefix(String name, String path, HttpEndpoint endpoint) {
    return new Route(name, path, Matching.PREFIX, endpoint);
  }

  public boolean matches(String requestPath) {
    return switch (matching) {
      case EXACT -> requestPath.equals(path);
      case PREFIX -> requestPath.equals(path) || requestPath.startsWith(path + "/");
    };
  }

  /** Higher wins among matching routes. */
  int precedence() {
    return path.length() * 2 + (matching == Matching.EXACT ? 1 : 0);
  }
}
