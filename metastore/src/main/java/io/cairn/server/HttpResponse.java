package io.cairn.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An HTTP response, fully buffered.
 *
 * @param contentType null when there is no body
 * @param headers further headers (not Content-Type or Content-Length)
 * @param body shared, not copied
 */
public record HttpResponse(
    int status, String contentType, Map<String, String> headers, byte[] body) {
  public static final String JSON = "application/json";

  public HttpResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    headers = Map.copyOf(headers);
    requireNonNull(body, "body is null");
  }

  public static HttpResponse of(int status, String contentType, byte[] body) {
    return new HttpResponse(status, contentType, Map.of(), body);
  }

  /** A JSON document. {@link JsonNode#toString()} writes valid, compact JSON. */
  public static HttpResponse json(int status, JsonNode document) {
    return of(status, JSON, document.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The error document of Cairn's own HTTP endpoints (browse API, health, routing): {@code
   * {"error":{"code":404,"type":"NoSuchDatabaseException","message":"…"}}}.
   */
  public static HttpResponse error(int status, String type, String message) {
    ObjectNode document = JsonNodeFactory.instance.objectNode();
    document
        .putObject("error")
        .put("code", status)
        .put("type", requireNonNull(type, "type is null"))
        .put("message", message);
    return json(status, document);
  }

  /** 405 with the Allow header, in the error shape of {@link #error}. */
  public static HttpResponse methodNotAllowed(HttpRequest request, String allowedMethods) {
    return error(
            405,
            "MethodNotAllowed",
            "method " + request.method() + " is not allowed on " + request.path())
        .withHeader("Allow", allowedMethods);
  }

  public HttpResponse withHeader(String name, String value) {
    Map<String, String> newHeaders = new HashMap<>(headers);
    newHeaders.put(name, value);
    return new HttpResponse(status, contentType, newHeaders, body);
  }
}
