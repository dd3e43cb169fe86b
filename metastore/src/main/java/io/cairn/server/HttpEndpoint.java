package io.cairn.server;

/**
 * What a protocol adapter mounts on the HTTP server (see {@link Route}): a function from a buffered
 * request to a response, with no Jetty types in it.
 *
 * <p>An endpoint maps its own errors to its protocol's error responses (Glue's {@code __type},
 * Iceberg's error model, the browse API's {@code error} object). Anything it throws becomes a 500
 * with a generic message, logged with its stack trace.
 */
@FunctionalInterface
public interface HttpEndpoint {
  HttpResponse handle(HttpRequest request) throws Exception;
}
