package io.cairn.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP port: Jetty core handlers (no servlets) in front of the mounted {@link Route}s, plus
 * {@code GET /health} and {@code GET /metrics}.
 *
 * <p>Request bodies are read whole, up to {@code server.max-request-body}; larger ones get 413
 * before the endpoint sees them. {@link #stop} is graceful: the port stops accepting at once and
 * in-flight requests get up to {@code server.shutdown-grace-period} to finish.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  private final String bind;
  private final long maxRequestBodyBytes;
  private final List<Route> routes;
  private final Metrics metrics;
  private final BooleanSupplier ready;
  private final Server server;
  private final ServerConnector connector;

  /**
   * @param ready whether the catalog can serve requests; {@code /health} answers 503 until it is
   */
  public HttpServer(
      ServerConfig config, List<Route> routes, Metrics metrics, BooleanSupplier ready) {
    requireNonNull(config, "config is null");
    this.bind = config.bind();
    this.maxRequestBodyBytes = config.maxRequestBodyBytes();
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.ready = requireNonNull(ready, "ready is null");
    List<Route> allRoutes = new ArrayList<>(requireNonNull(routes, "routes is null"));
    allRoutes.add(Route.exact("health", "/health", this::health));
    allRoutes.add(Route.exact("metrics", "/metrics", this::metrics));
    Set<String> mounted = new HashSet<>();
    for (Route route : allRoutes) {
      if (!mounted.add(route.matching() + " " + route.path())) {
        throw new IllegalArgumentException("two routes for " + route.path());
      }
    }
    this.routes = List.copyOf(allRoutes);

    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("cairn-http");
    server = new Server(threads);
    HttpConfiguration httpConfiguration = new HttpConfiguration();
    httpConfiguration.setSendServerVersion(false);
    // Iceberg REST separates a namespace's levels by %1F in the path, a control character that
    // Jetty's default URI compliance refuses.
    httpConfiguration.setUriCompliance(
        UriCompliance.DEFAULT.with("cairn", UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS));
    connector = new ServerConnector(server, new HttpConnectionFactory(httpConfiguration));
    connector.setHost(config.bind());
    connector.setPort(config.httpPort());
    server.addConnector(connector);
    server.setHandler(new GracefulHandler(new Dispatcher()));
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(config.shutdownGracePeriod().toMillis());
    // Stopped by its owner (ServerCommand's shutdown hook), before the store closes.
    server.setStopAtShutdown(false);
  }

  /**
   * Binds the port and starts serving.
   *
   * @throws UncheckedIOException when the port cannot be bound (in use, address not local)
   */
  public void start() {
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly();
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new UncheckedIOException(
          "cannot listen on " + bind + ":" + connector.getPort() + ": " + cause.getMessage(), e);
    } catch (Exception e) {
      stopQuietly();
      throw new IllegalStateException("the HTTP server failed to start", e);
    }
  }

  /** The bound port (the chosen one when configured as 0). */
  public int port() {
    return connector.getLocalPort();
  }

  public URI uri() {
    String host = bind.contains(":") ? "[" + bind + "]" : bind;
    return URI.create("http://" + host + ":" + port());
  }

  /** The mounted routes, the built-in ones ({@code /health}, {@code /metrics}) last. */
  public List<Route> routes() {
    return routes;
  }

  /**
   * Stops accepting connections, waits up to the grace period for in-flight requests, then stops.
   * Idempotent.
   */
  public void stop() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("stopping the HTTP server failed", e);
    }
  }

  /** Blocks until the server has stopped. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    stop();
  }

  private void stopQuietly() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.debug("stopping the HTTP server after a failed start failed", e);
    }
  }

  private HttpResponse health(HttpRequest request) {
    if (!request.method().equals("GET")) {
      return HttpResponse.methodNotAllowed(request, "GET");
    }
    boolean isReady = ready.getAsBoolean();
    return HttpResponse.json(
        isReady ? 200 : 503,
        JsonNodeFactory.instance.objectNode().put("status", isReady ? "ready" : "unavailable"));
  }

  private HttpResponse metrics(HttpRequest request) throws IOException {
    if (!request.method().equals("GET")) {
      return HttpResponse.methodNotAllowed(request, "GET");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.writeTo(out);
    return HttpResponse.of(200, Metrics.CONTENT_TYPE, out.toByteArray());
  }

  private Optional<Route> route(String path) {
    return routes.stream()
        .filter(route -> route.matches(path))
        .max(Comparator.comparingInt(Route::precedence));
  }

  /** Reads the request, calls the matching route's endpoint and writes its response. */
  private final class Dispatcher extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      long start = System.nanoTime();
      String method = request.getMethod();
      String path = Request.getPathInContext(request);
      HttpResponse answer = answer(request, method, path);
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "{} {} -> {} ({} bytes, {} ms)",
            method,
            path,
            answer.status(),
            answer.body().length,
            (System.nanoTime() - start) / 1_000_000);
      }
      response.setStatus(answer.status());
      answer.headers().forEach(response.getHeaders()::put);
      if (answer.contentType() != null) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
      }
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
      response.write(true, ByteBuffer.wrap(answer.body()), callback);
      return true;
    }

    private HttpResponse answer(Request request, String method, String path) {
      Optional<Route> route = route(path);
      if (route.isEmpty()) {
        LOG.debug("no route for {} {}", method, path);
        return HttpResponse.error(404, "NotFound", "no resource at " + path);
      }
      HttpRequest httpRequest;
      try {
        httpRequest = read(request, method, path);
      } catch (RequestTooLargeException e) {
        LOG.debug("{} {}: {}", method, path, e.getMessage());
        return HttpResponse.error(413, "PayloadTooLarge", e.getMessage());
      } catch (IOException | RuntimeException e) {
        LOG.debug("{} {}: cannot read the request", method, path, e);
        return HttpResponse.error(400, "BadRequest", "cannot read the request: " + e.getMessage());
      }
      try {
        return route.get().endpoint().handle(httpRequest);
      } catch (Exception e) {
        LOG.error("{} {} failed", method, path, e);
        return HttpResponse.error(500, "InternalServerError", "internal server error");
      }
    }

    private HttpRequest read(Request request, String method, String path) throws IOException {
      Map<String, List<String>> queryParameters = new LinkedHashMap<>();
      for (Fields.Field field : Request.extractQueryParameters(request, StandardCharsets.UTF_8)) {
        queryParameters.put(field.getName(), List.copyOf(field.getValues()));
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (HttpField field : request.getHeaders()) {
        headers
            .computeIfAbsent(field.getLowerCaseName(), name -> new ArrayList<>())
            .add(field.getValue());
      }
      return new HttpRequest(
          method.toUpperCase(Locale.ROOT), path, queryParameters, headers, readBody(request));
    }

    private byte[] readBody(Request request) throws IOException {
      long declaredLength = request.getLength();
      if (declaredLength == 0) {
        return new byte[0];
      }
      if (declaredLength > maxRequestBodyBytes) {
        throw new RequestTooLargeException(declaredLength, maxRequestBodyBytes);
      }
      int limit = (int) Math.min(maxRequestBodyBytes + 1, Integer.MAX_VALUE - 8);
      // Not closed: closing fails the request's content source, and Jetty discards what is unread.
      byte[] body = Request.asInputStream(request).readNBytes(limit);
      if (body.length > maxRequestBodyBytes) {
        throw new RequestTooLargeException(-1, maxRequestBodyBytes);
      }
      return body;
    }
  }

  private static final class RequestTooLargeException extends IOException {
    RequestTooLargeException(long length, long limit) {
      super(
          (length < 0 ? "the request body" : "the request body of " + length + " bytes")
              + " is larger than the limit of "
              + limit
              + " bytes");
    }
  }
}
