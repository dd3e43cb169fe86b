package io.cairn.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * The Iceberg REST catalog's settings (the {@code iceberg.*} keys of {@code
 * conf/cairn.properties}).
 *
 * <p>Requests need a bearer token exactly when {@code bearerTokens} is not empty or an OAuth2
 * client is configured; without either the catalog is open, as every other protocol of a loopback
 * server is.
 *
 * @param fileIoImpl the {@code org.apache.iceberg.io.FileIO} class the server writes and deletes
 *     metadata files with
 * @param idempotencyKeyLifetime how long a response is kept for replay under its {@code
 *     Idempotency-Key}
 * @param bearerTokens tokens accepted as they are; empty for none
 * @param oauthClientId the client id of the OAuth2 client-credentials flow; null for none
 * @param oauthClientSecret its secret; null exactly when {@code oauthClientId} is
 * @param oauthTokenLifetime how long a token issued by {@code /v1/oauth/tokens} is accepted
 */
public record IcebergRestConfig(
    String fileIoImpl,
    Duration idempotencyKeyLifetime,
    List<String> bearerTokens,
    String oauthClientId,
    String oauthClientSecret,
    Duration oauthTokenLifetime) {
  public static final String DEFAULT_FILE_IO_IMPL = "io.cairn.iceberg.LocalFileIO";

  public IcebergRestConfig {
    requireNonNull(fileIoImpl, "fileIoImpl is null");
    requireNonNull(idempotencyKeyLifetime, "idempotencyKeyLifetime is null");
    bearerTokens = List.copyOf(bearerTokens);
    requireNonNull(oauthTokenLifetime, "oauthTokenLifetime is null");
    if ((oauthClientId == null) != (oauthClientSecret == null)) {
      throw new ConfigException(
          ServerConfig.ICEBERG_OAUTH_CLIENT_ID
              + " and "
              + ServerConfig.ICEBERG_OAUTH_CLIENT_SECRET
              + " are set together or not at all");
    }
  }

  public static IcebergRestConfig defaults() {
    return new IcebergRestConfig(
        DEFAULT_FILE_IO_IMPL, Duration.ofMinutes(30), List.of(), null, null, Duration.ofHours(1));
  }

  /** Whether requests must carry a bearer token. */
  public boolean authenticationRequired() {
    return !bearerTokens.isEmpty() || oauthClientId != null;
  }

  @Override
  public String toString() {
    return "IcebergRestConfig[fileIoImpl=%s, idempotencyKeyLifetime=%s, bearerTokens=%s, oauthClientId=%s, oauthClientSecret=%s, oauthTokenLifetime=%s]"
        .formatted(
            fileIoImpl,
            idempotencyKeyLifetime,
            bearerTokens.isEmpty() ? "[]" : "[********]",
            oauthClientId,
            oauthClientSecret == null ? null : "********",
            oauthTokenLifetime);
  }
}
