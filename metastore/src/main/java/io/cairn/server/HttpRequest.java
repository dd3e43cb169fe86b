package io.cairn.server;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request with its body read (bounded by {@code server.max-request-body}).
 *
 * @param method upper case, e.g. {@code GET}
 * @param path decoded path, e.g. {@code /api/v1/databases/sales}
 * @param queryParameters decoded query parameters, each with its values in request order
 * @param headers header values by lower-case header name
 * @param body the body; empty when there is none. Shared, not copied: callers must not modify it
 */
public record HttpRequest(
    String method,
    String path,
    Map<String, List<String>> queryParameters,
    Map<String, List<String>> headers,
    byte[] body) {
  public HttpRequest {
    requireNonNull(method, "method is null");
    requireNonNull(path, "path is null");
    queryParameters = Map.copyOf(queryParameters);
    headers = Map.copyOf(headers);
    requireNonNull(body, "body is null");
  }

  /** The first value of a query parameter, or null if absent. */
  public String queryParameter(String name) {
    List<String> values = queryParameters.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The first value of a header (name case-insensitive), or null if absent. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
