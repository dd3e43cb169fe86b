package io.cairn.server;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.CatalogException;
import io.cairn.store.CatalogStore.PoolStatistics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * The server's metrics, in a registry of its own (several servers may share a JVM in tests).
 *
 * <p>Every protocol adapter times its operations with {@link #time}: {@code
 * cairn_requests_total{protocol, operation, outcome}} counts them ({@code outcome} is {@code ok},
 * the simple name of the {@link CatalogException} thrown, or {@code internal_error}) and {@code
 * cairn_request_duration_seconds{protocol, operation}} is their latency histogram.
 */
public final class Metrics {
  public static final String OK = "ok";
  public static final String INTERNAL_ERROR = "internal_error";

  /** Content type of {@link #writeTo}. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests;
  private final Histogram requestDuration;
  private final PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);

  public Metrics(Supplier<PoolStatistics> poolStatistics) {
    requireNonNull(poolStatistics, "poolStatistics is null");
    requests =
        Counter.builder()
            .name("cairn_requests_total")
            .help("Catalog operations by protocol, operation and outcome")
            .labelNames("protocol", "operation", "outcome")
            .register(registry);
    requestDuration =
        Histogram.builder()
            .name("cairn_request_duration_seconds")
            .help("Latency of catalog operations by protocol and operation")
            .labelNames("protocol", "operation")
            .classicOnly()
            .register(registry);
    GaugeWithCallback.builder()
        .name("cairn_store_pool_connections")
        .help("Connections of the store's pool by state")
        .labelNames("state")
        .callback(
            callback -> {
              PoolStatistics statistics = poolStatistics.get();
              callback.call(statistics.active(), "active");
              callback.call(statistics.idle(), "idle");
              callback.call(statistics.total(), "total");
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("cairn_store_pool_waiting_threads")
        .help("Threads waiting for a connection of the store's pool")
        .callback(callback -> callback.call(poolStatistics.get().waiting()))
        .register(registry);
    JvmMetrics.builder().register(registry);
  }

  /**
   * Runs {@code operation} and records its outcome and latency. Exceptions pass through unchanged.
   */
  public <T> T time(String protocol, String operation, Supplier<T> work) {
    requireNonNull(protocol, "protocol is null");
    requireNonNull(operation, "operation is null");
    long start = System.nanoTime();
    String outcome = INTERNAL_ERROR;
    try {
      T result = work.get();
      outcome = OK;
      return result;
    } catch (CatalogException e) {
      outcome = e.getClass().getSimpleName();
      throw e;
    } finally {
      requestDuration
          .labelValues(protocol, operation)
          .observe((System.nanoTime() - start) / 1_000_000_000.0);
      requests.labelValues(protocol, operation, outcome).inc();
    }
  }

  /** The registry, for adapters that keep metrics of their own. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** Writes every metric in the Prometheus text format. */
  public void writeTo(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }
}
