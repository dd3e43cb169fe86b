package io.cairn.iceberg;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.IdempotencyRecord;
import io.cairn.server.HttpRequest;
import io.cairn.server.HttpResponse;
import io.cairn.service.CatalogService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;

/**
 * The {@code Idempotency-Key} header of the REST spec: the final response to a mutation (2xx and
 * 4xx; never 5xx) is stored in the catalog database under the request's key, and a request with the
 * same key within the key's lifetime gets that response again without the operation running again —
 * on any replica and after restarts. A key reused for another request (method and path) is refused
 * with 422.
 *
 * <p>The key is claimed in the database before the operation runs (a pending record), and the
 * response is stored in it afterwards: a request with the key that arrives while the first one runs
 * gets 503 (Iceberg's client retries it later and then gets the stored response), so the operation
 * runs at most once, on however many replicas. A response of 5xx releases the key, so a retry runs
 * the operation. A server that dies between the operation's commit and storing its response leaves
 * the key pending until its lifetime ends: retries get 503 rather than running the operation again.
 */
final class IdempotencyKeys {
  static final String HEADER = "Idempotency-Key";

  private final CatalogService service;
  private final Duration lifetime;
  private final Clock clock;
  private final AtomicReference<Instant> lastCleanup = new AtomicReference<>(Instant.EPOCH);

  IdempotencyKeys(CatalogService service, Duration lifetime, Clock clock) {
    this.service = requireNonNull(service, "service is null");
    this.lifetime = requireNonNull(lifetime, "lifetime is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  Duration lifetime() {
    return lifetime;
  }

  HttpResponse handle(HttpRequest request, Supplier<HttpResponse> operation) {
    String key = request.header(HEADER);
    if (key == null) {
      return operation.get();
    }
    validate(key);
    String requestName = request.method() + " " + request.path();
    Instant now = clock.instant();
    if (now.isAfter(lastCleanup.get().plus(lifetime.dividedBy(10)))) {
      lastCleanup.set(now);
      service.deleteIdempotencyRecordsBefore(now.minus(lifetime));
    }
    IdempotencyRecord claim =
        new IdempotencyRecord(key, requestName, IdempotencyRecord.PENDING, "", now);
    while (!service.createIdempotencyRecord(claim)) {
      Optional<IdempotencyRecord> stored = service.loadIdempotencyRecord(key);
      if (stored.isEmpty()) {
        continue; // released or expired in between: claim it again
      }
      IdempotencyRecord record = stored.get();
      if (expired(record, now)) {
        service.deleteIdempotencyRecordsBefore(now.minus(lifetime));
        continue;
      }
      if (!record.request().equals(requestName)) {
        throw new IcebergErrors.UnprocessableEntityException(
            "the Idempotency-Key " + key + " was used for another request: " + record.request());
      }
      if (record.status() == IdempotencyRecord.PENDING) {
        throw new ServiceUnavailableException(
            "A request with Idempotency-Key %s is still running; retry it later", key);
      }
      return replay(record);
    }
    HttpResponse response;
    try {
      response = operation.get();
    } catch (RuntimeException e) {
      service.deletePendingIdempotencyRecord(key);
      throw e;
    }
    if (response.status() >= 500) {
      service.deletePendingIdempotencyRecord(key);
    } else {
      String body =
          response.body() == null ? "" : new String(response.body(), StandardCharsets.UTF_8);
      service.completeIdempotencyRecord(key, response.status(), body);
    }
    return response;
  }

  private boolean expired(IdempotencyRecord record, Instant now) {
    return record.createTime().plus(lifetime).isBefore(now);
  }

  private static HttpResponse replay(IdempotencyRecord record) {
    byte[] body = record.body().getBytes(StandardCharsets.UTF_8);
    return new HttpResponse(
        record.status(), body.length == 0 ? null : HttpResponse.JSON, Map.of(), body);
  }

  /** The spec's key is a UUID (v7) in its 36-character form. */
  private static void validate(String key) {
    try {
      if (key.length() == 36 && UUID.fromString(key) != null) {
        return;
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    throw new BadRequestException("the Idempotency-Key header must be a UUID, not '%s'", key);
  }
}
