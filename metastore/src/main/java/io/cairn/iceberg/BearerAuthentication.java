package io.cairn.iceberg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cairn.server.HttpRequest;
import io.cairn.server.HttpResponse;
import io.cairn.server.IcebergRestConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.responses.OAuthTokenResponse;

/**
 * Bearer tokens for the Iceberg REST catalog: the configured tokens, and those that {@code POST
 * /v1/oauth/tokens} issues to the configured OAuth2 client (client-credentials grant, and token
 * exchange to refresh one). An issued token carries its client and expiry and is signed with the
 * client's secret, so every replica accepts it without shared state; an expired one is answered 419
 * so that the client fetches a new one.
 */
final class BearerAuthentication {
  private static final String TOKEN_PREFIX = "cairn.";
  private static final String CLIENT_CREDENTIALS = "client_credentials";
  private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  private final IcebergRestConfig config;
  private final Clock clock;

  BearerAuthentication(IcebergRestConfig config, Clock clock) {
    this.config = requireNonNull(config, "config is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Passes when no credentials are configured or the request carries an accepted token. */
  void authenticate(HttpRequest request) {
    if (!config.authenticationRequired()) {
      return;
    }
    String token = bearerToken(request);
    if (token == null) {
      throw new NotAuthorizedException("the request needs an Authorization: Bearer token");
    }
    for (String accepted : config.bearerTokens()) {
      if (constantTimeEquals(accepted, token)) {
        return;
      }
    }
    Instant expiry = issuedTokenExpiry(token);
    if (expiry == null) {
      throw new NotAuthorizedException("the bearer token is not valid");
    }
    if (!clock.instant().isBefore(expiry)) {
      throw new IcebergErrors.AuthenticationTimeoutException("the bearer token has expired");
    }
  }

  /** The token endpoint: an OAuth2 token response, or an OAuth2 error ({@code error} field). */
  HttpResponse token(HttpRequest request, ObjectMapper mapper) {
    if (config.oauthClientId() == null) {
      return oauthError(401, "invalid_client", "no OAuth2 client is configured");
    }
    Map<String, String> form = RESTUtil.decodeFormData(request.bodyAsString());
    String grantType = form.get("grant_type");
    if (CLIENT_CREDENTIALS.equals(grantType)) {
      String clientId = form.get("client_id");
      String clientSecret = form.get("client_secret");
      if (clientId == null
          || clientSecret == null
          || !constantTimeEquals(config.oauthClientId(), clientId)
          || !constantTimeEquals(config.oauthClientSecret(), clientSecret)) {
        return oauthError(401, "invalid_client", "unknown client or wrong secret");
      }
    } else if (TOKEN_EXCHANGE.equals(grantType)) {
      String subject = form.get("subject_token");
      Instant expiry = subject == null ? null : issuedTokenExpiry(subject);
      if (expiry == null || !clock.instant().isBefore(expiry)) {
        return oauthError(401, "invalid_grant", "the subject token is not a valid token");
      }
    } else {
      return oauthError(
          400, "unsupported_grant_type", "grant_type must be client_credentials or token exchange");
    }
    long lifetimeSeconds = config.oauthTokenLifetime().toSeconds();
    OAuthTokenResponse response =
        OAuthTokenResponse.builder()
            .withToken(issue(clock.instant().plusSeconds(lifetimeSeconds)))
            .withTokenType("bearer")
            .withIssuedTokenType(ACCESS_TOKEN_TYPE)
            .setExpirationInSeconds((int) Math.min(Integer.MAX_VALUE, lifetimeSeconds))
            .addScopes(List.of("catalog"))
            .build();
    try {
      return new HttpResponse(200, HttpResponse.JSON, Map.of(), mapper.writeValueAsBytes(response));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String issue(Instant expiry) {
    String payload = config.oauthClientId() + "\n" + expiry.getEpochSecond();
    Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    return TOKEN_PREFIX
        + encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + encoder.encodeToString(signature(payload));
  }

  /** The expiry of a token this server issued for the configured client; null for any other. */
  private Instant issuedTokenExpiry(String token) {
    if (config.oauthClientId() == null || !token.startsWith(TOKEN_PREFIX)) {
      return null;
    }
    String[] parts = token.substring(TOKEN_PREFIX.length()).split("\\.", -1);
    if (parts.length != 2) {
      return null;
    }
    try {
      String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
      byte[] signature = Base64.getUrlDecoder().decode(parts[1]);
      if (!MessageDigest.isEqual(signature, signature(payload))) {
        return null;
      }
      String[] fields = payload.split("\n", -1);
      if (fields.length != 2 || !fields[0].equals(config.oauthClientId())) {
        return null;
      }
      return Instant.ofEpochSecond(Long.parseLong(fields[1]));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private byte[] signature(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              config.oauthClientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String bearerToken(HttpRequest request) {
    String authorization = request.header("authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static boolean constantTimeEquals(String expected, String actual) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse oauthError(int status, String error, String description) {
    return HttpResponse.json(
        status,
        JsonNodeFactory.instance
            .objectNode()
            .put("error", error)
            .put("error_description", description));
  }
}
