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

/**
 * The {@code Idempotency-Key} header of the REST spec: the final response to a mutation (2xx and
 * 4xx; never 5xx) is stored in the catalog database under the request's key, and a request with the
 * same key within the key's lifetime gets that response again without the operation running again —
 * on any replica and after restarts. A key reused for another request (method and path) is refused
 * with 422.
 *
 * <p>The response is stored after the operation's own transaction commits: a server that dies in
 * between leaves the operation done and the key unknown, and a retry then runs it again (a create
 * then answers 409 AlreadyExists, a commit whose requirements no longer hold 409 CommitFailed). Two
 * requests with one key at the same moment may both run; the first response stored is the one
 * replayed.
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
    Optional<IdempotencyRecord> stored = service.loadIdempotencyRecord(key);
    if (stored.isPresent() && !expired(stored.get(), now)) {
      IdempotencyRecord record = stored.get();
      if (!record.request().equals(requestName)) {
        throw new IcebergErrors.UnprocessableEntityException(
            "the Idempotency-Key " + key + " was used for another request: " + record.request());
      }
      return replay(record);
    }
    HttpResponse response = operation.get();
    if (response.status() < 500) {
      if (stored.isPresent() || now.isAfter(lastCleanup.get().plus(lifetime.dividedBy(10)))) {
        lastCleanup.set(now);
        service.deleteIdempotencyRecordsBefore(now.minus(lifetime));
      }
      service.createIdempotencyRecord(
          new IdempotencyRecord(
              key,
              requestName,
              response.status(),
              new String(response.body(), StandardCharsets.UTF_8),
              now));
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
