package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.catalog.NoSuchTableException;
import io.cairn.store.CatalogStore.PoolStatistics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP server on a real Jetty on a free loopback port, with test endpoints and no store. */
final class TestHttpServer {
  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final Metrics metrics = new Metrics(() -> new PoolStatistics(2, 3, 5, 1));
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void healthIsUnavailableUntilReady() throws Exception {
    start(List.of());

    java.net.http.HttpResponse<String> starting = get("/health");
    assertThat(starting.statusCode()).isEqualTo(503);
    assertThat(json(starting).get("status").asText()).isEqualTo("unavailable");

    ready.set(true);
    java.net.http.HttpResponse<String> serving = get("/health");
    assertThat(serving.statusCode()).isEqualTo(200);
    assertThat(serving.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(serving.body()).isEqualTo("{\"status\":\"ready\"}");
  }

  @Test
  void unknownPathIsJson404() throws Exception {
    start(List.of());

    java.net.http.HttpResponse<String> response = get("/nothing/here");
    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = json(response).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(404);
    assertThat(error.get("type").asText()).isEqualTo("NotFound");
    assertThat(error.get("message").asText()).isEqualTo("no resource at /nothing/here");
  }

  @Test
  void portInUseIsAClearError() {
    start(List.of());
    ServerConfig samePort =
        ServerConfig.resolve(
            Map.of(), Map.of(), Map.of(ServerConfig.HTTP_PORT, String.valueOf(server.port())));
    HttpServer second = new HttpServer(samePort, List.of(), metrics, ready::get);

    assertThatThrownBy(second::start)
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessage("cannot listen on 127.0.0.1:" + server.port() + ": Address already in use");
  }

  @Test
  void errorsJettyAnswersItselfAreJson() throws Exception {
    start(List.of(Route.prefix("api", "/api", request -> text(request.path()))));

    java.net.http.HttpResponse<String> response = get("/api/a%2Fb");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode error = json(response).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(400);
    assertThat(error.get("type").asText()).isEqualTo("BadRequest");
  }

  @Test
  void wrongMethodOnHealthIs405() throws Exception {
    start(List.of());

    java.net.http.HttpResponse<String> response = send("POST", "/health", "{}");
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    assertThat(json(response).get("error").get("type").asText()).isEqualTo("MethodNotAllowed");
  }

  @Test
  void longestMatchingRouteWins() throws Exception {
    start(
        List.of(
            Route.exact("root", "/", request -> text("root")),
            Route.prefix("api", "/api", request -> text("api " + request.path())),
            Route.prefix("api v2", "/api/v2", request -> text("v2 " + request.path()))));

    assertThat(get("/").body()).isEqualTo("root");
    assertThat(get("/api").body()).isEqualTo("api /api");
    assertThat(get("/api/v1/x").body()).isEqualTo("api /api/v1/x");
    assertThat(get("/api/v2/x").body()).isEqualTo("v2 /api/v2/x");
    assertThat(get("/apix").statusCode()).isEqualTo(404);
    assertThat(get("/other").statusCode()).isEqualTo(404);
  }

  @Test
  void routeRejectsBadPaths() {
    HttpEndpoint endpoint = request -> text("x");
    assertThatThrownBy(() -> Route.prefix("x", "/x/", endpoint))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Route.exact("x", "x", endpoint))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void endpointSeesMethodQueryHeadersAndBody() throws Exception {
    AtomicReference<HttpRequest> seen = new AtomicReference<>();
    start(
        List.of(
            Route.exact(
                "echo",
                "/echo",
                request -> {
                  seen.set(request);
                  return text("seen");
                })));

    java.net.http.HttpResponse<String> response =
        client.send(
            java.net.http.HttpRequest.newBuilder(uri("/echo?a=1&a=2&b=x%20y"))
                .header("X-Amz-Target", "AWSGlue.GetDatabases")
                .POST(BodyPublishers.ofString("{\"hello\":1}"))
                .build(),
            BodyHandlers.ofString());
    assertThat(response.body()).isEqualTo("seen");
    HttpRequest request = seen.get();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/echo");
    assertThat(request.queryParameters())
        .isEqualTo(Map.of("a", List.of("1", "2"), "b", List.of("x y")));
    assertThat(request.queryParameter("a")).isEqualTo("1");
    assertThat(request.queryParameter("c")).isNull();
    assertThat(request.header("x-amz-target")).isEqualTo("AWSGlue.GetDatabases");
    assertThat(request.bodyAsString()).isEqualTo("{\"hello\":1}");
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    start(
        Map.of(ServerConfig.MAX_REQUEST_BODY, "1KB"),
        List.of(Route.exact("echo", "/echo", request -> text("" + request.body().length))));

    assertThat(send("POST", "/echo", "x".repeat(1024)).body()).isEqualTo("1024");
    java.net.http.HttpResponse<String> response = send("POST", "/echo", "x".repeat(1025));
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("error").get("type").asText()).isEqualTo("PayloadTooLarge");
  }

  @Test
  void oversizedChunkedBodyIs413() throws Exception {
    start(
        Map.of(ServerConfig.MAX_REQUEST_BODY, "1KB"),
        List.of(Route.exact("echo", "/echo", request -> text("" + request.body().length))));

    // A publisher of unknown length makes the client send the body chunked.
    java.net.http.HttpResponse<String> response =
        client.send(
            java.net.http.HttpRequest.newBuilder(uri("/echo"))
                .POST(
                    BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(new byte[4096])))
                .build(),
            BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void endpointFailureIsGeneric500WithoutDetails() throws Exception {
    start(
        List.of(
            Route.exact(
                "broken",
                "/broken",
                request -> {
                  throw new IllegalStateException("secret internal detail");
                })));

    java.net.http.HttpResponse<String> response = get("/broken");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body())
        .isEqualTo(
            "{\"error\":{\"code\":500,\"type\":\"InternalServerError\",\"message\":\"internal"
                + " server error\"}}")
        .doesNotContain("secret")
        .doesNotContain("at io.cairn");
  }

  @Test
  void metricsServesPrometheusText() throws Exception {
    start(List.of());
    metrics.time("glue", "GetTable", () -> "ok");
    assertThatThrownBy(
            () ->
                metrics.time(
                    "glue",
                    "GetTable",
                    () -> {
                      throw new NoSuchTableException("no");
                    }))
        .isInstanceOf(NoSuchTableException.class);

    java.net.http.HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain");
    assertThat(response.body())
        .contains(
            "cairn_requests_total{operation=\"GetTable\",outcome=\"ok\",protocol=\"glue\"} 1.0")
        .contains(
            "cairn_requests_total{operation=\"GetTable\",outcome=\"NoSuchTableException\",protocol=\"glue\"}"
                + " 1.0")
        .contains(
            "cairn_request_duration_seconds_count{operation=\"GetTable\",protocol=\"glue\"} 2")
        .contains("cairn_store_pool_connections{state=\"active\"} 2.0")
        .contains("cairn_store_pool_connections{state=\"idle\"} 3.0")
        .contains("cairn_store_pool_connections{state=\"total\"} 5.0")
        .contains("cairn_store_pool_waiting_threads 1.0")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void stopLetsInFlightRequestsFinishAndRefusesNewOnes() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    start(
        List.of(
            Route.exact(
                "slow",
                "/slow",
                request -> {
                  entered.countDown();
                  release.await(10, TimeUnit.SECONDS);
                  return text("finished");
                })));
    URI health = uri("/health");

    CompletableFuture<java.net.http.HttpResponse<String>> inFlight =
        client.sendAsync(
            java.net.http.HttpRequest.newBuilder(uri("/slow")).build(), BodyHandlers.ofString());
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
    HttpClient newClient = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    boolean refused = false;
    while (!refused && System.nanoTime() < deadline) {
      try {
        newClient.send(
            java.net.http.HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
            BodyHandlers.ofString());
        // Polls until the stopping server refuses new connections.
        Thread.sleep(20);
      } catch (IOException e) {
        refused = true;
      }
    }
    assertThat(refused).as("new connections are refused while stopping").isTrue();
    assertThat(stopping).isNotDone();

    release.countDown();
    java.net.http.HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("finished");
    stopping.get(10, TimeUnit.SECONDS);
  }

  private void start(List<Route> routes) {
    start(Map.of(), routes);
  }

  private void start(Map<String, String> settings, List<Route> routes) {
    Map<String, String> overrides = new java.util.HashMap<>(settings);
    overrides.put(ServerConfig.HTTP_PORT, "0");
    ServerConfig config = ServerConfig.resolve(Map.of(), Map.of(), overrides);
    server = new HttpServer(config, routes, metrics, ready::get);
    server.start();
  }

  private URI uri(String path) {
    return server.uri().resolve(path);
  }

  private java.net.http.HttpResponse<String> get(String path) throws Exception {
    return client.send(
        java.net.http.HttpRequest.newBuilder(uri(path)).build(), BodyHandlers.ofString());
  }

  private java.net.http.HttpResponse<String> send(String method, String path, String body)
      throws Exception {
    return client.send(
        java.net.http.HttpRequest.newBuilder(uri(path))
            .method(method, BodyPublishers.ofString(body))
            .build(),
        BodyHandlers.ofString());
  }

  private JsonNode json(java.net.http.HttpResponse<String> response) throws IOException {
    return mapper.readTree(response.body());
  }

  private static HttpResponse text(String body) {
    return HttpResponse.of(200, "text/plain", body.getBytes(StandardCharsets.UTF_8));
  }
}
