package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import io.cairn.server.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 on Glue requests: the {@code Authorization} header's signature
 * must be the HMAC that the configured secret key gives over the exact request (method, path,
 * query, the signed headers and a hash of the body), scoped to the service {@code glue} in any
 * region, and dated within 15 minutes of the server's clock.
 *
 * <p>Failures are answered with the error names of AWS's JSON services: a missing header is {@code
 * MissingAuthenticationTokenException} (403), a malformed one {@code IncompleteSignatureException},
 * an unknown access key {@code UnrecognizedClientException} and a wrong or expired signature {@code
 * InvalidSignatureException} (each 400, as AWS's JSON protocol services answer them).
 */
final class SignatureVerifier {
  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final String SERVICE = "glue";
  private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private final String accessKeyId;
  private final byte[] secretKey;
  private final Clock clock;

  SignatureVerifier(String accessKeyId, String secretAccessKey, Clock clock) {
    this.accessKeyId = requireNonNull(accessKeyId, "accessKeyId is null");
    this.secretKey =
        ("AWS4" + requireNonNull(secretAccessKey, "secretAccessKey is null"))
            .getBytes(StandardCharsets.UTF_8);
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Returns normally when the request is signed with the configured key; throws otherwise. */
  void verify(HttpRequest request) {
    String authorization = request.header("authorization");
    if (authorization == null || authorization.isBlank()) {
      throw new GlueException(
          "MissingAuthenticationTokenException", 403, "Missing Authentication Token");
    }
    Authorization parsed = Authorization.parse(authorization.trim());
    String amzDate = request.header("x-amz-date");
    if (amzDate == null) {
      throw incomplete("the request has no X-Amz-Date header");
    }
    Instant signedAt;
    try {
      signedAt = Instant.from(AMZ_DATE.parse(amzDate.trim()));
    } catch (DateTimeParseException e) {
      throw incomplete("X-Amz-Date '" + amzDate + "' is not of the form yyyyMMdd'T'HHmmss'Z'");
    }
    String[] scope = parsed.credential().split("/", -1);
    if (scope.length != 5 || !scope[4].equals("aws4_request")) {
      throw incomplete(
          "Credential '"
              + parsed.credential()
              + "' is not <access key>/<date>/<region>/<service>/aws4_request");
    }
    if (!MessageDigest.isEqual(
        scope[0].getBytes(StandardCharsets.UTF_8), accessKeyId.getBytes(StandardCharsets.UTF_8))) {
      throw new GlueException(
          "UnrecognizedClientException",
          400,
          "The security token included in the request is invalid.");
    }
    if (!scope[3].equals(SERVICE)) {
      throw invalidSignature("Credential should be scoped to correct service: '" + SERVICE + "'.");
    }
    if (!scope[1].equals(amzDate.trim().substring(0, 8))) {
      throw invalidSignature(
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
              + scope[1]
              + "' != '"
              + amzDate.trim().substring(0, 8)
              + "'");
    }
    if (!parsed.signedHeaders().contains("host")) {
      throw invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }
    Instant now = clock.instant();
    if (Duration.between(signedAt, now).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
      throw invalidSignature(
          "Signature expired: "
              + AMZ_DATE.format(signedAt)
              + " is outside 15 minutes of the server's time "
              + AMZ_DATE.format(now)
              + ".");
    }
    String credentialScope = String.join("/", scope[1], scope[2], scope[3], scope[4]);
    String stringToSign =
        ALGORITHM
            + "\n"
            + amzDate.trim()
            + "\n"
            + credentialScope
            + "\n"
            + sha256Hex(
                canonicalRequest(request, parsed.signedHeaders()).getBytes(StandardCharsets.UTF_8));
    byte[] key = hmac(secretKey, scope[1]);
    key = hmac(key, scope[2]);
    key = hmac(key, scope[3]);
    key = hmac(key, scope[4]);
    byte[] expected = hmac(key, stringToSign);
    byte[] given;
    try {
      given = HEX.parseHex(parsed.signature().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      given = new byte[0];
    }
    if (!MessageDigest.isEqual(expected, given)) {
      throw invalidSignature(
          "The request signature we calculated does not match the signature you provided. Check"
              + " your AWS Secret Access Key and signing method. Consult the service documentation"
              + " for details.");
    }
  }

  /**
   * SigV4's canonical request; {@code signedHeaders} lower-case and sorted, as signers send them.
   */
  static String canonicalRequest(HttpRequest request, List<String> signedHeaders) {
    StringBuilder canonical = new StringBuilder();
    canonical.append(request.method()).append('\n');
    canonical.append(canonicalPath(request.path())).append('\n');
    canonical.append(canonicalQuery(request.queryParameters())).append('\n');
    for (String name : signedHeaders) {
      List<String> values = request.headers().getOrDefault(name, List.of());
      List<String> trimmed = new ArrayList<>(values.size());
      values.forEach(value -> trimmed.add(value.trim().replaceAll(" +", " ")));
      canonical.append(name).append(':').append(String.join(",", trimmed)).append('\n');
    }
    canonical.append('\n');
    canonical.append(String.join(";", signedHeaders)).append('\n');
    canonical.append(sha256Hex(request.body()));
    return canonical.toString();
  }

  /** Services other than S3 encode each path segment twice. */
  private static String canonicalPath(String path) {
    if (path.isEmpty() || path.equals("/")) {
      return "/";
    }
    StringBuilder canonical = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (canonical.length() > 0 || !segment.isEmpty()) {
        canonical.append('/');
      }
      canonical.append(uriEncode(uriEncode(segment)));
    }
    return canonical.toString();
  }

  private static String canonicalQuery(Map<String, List<String>> parameters) {
    List<String> pairs = new ArrayList<>();
    parameters.forEach(
        (name, values) ->
            values.forEach(value -> pairs.add(uriEncode(name) + "=" + uriEncode(value))));
    pairs.sort(null);
    return String.join("&", pairs);
  }

  /** RFC 3986 percent-encoding of everything but the unreserved characters. */
  static String uriEncode(String text) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        encoded.append(c);
      } else {
        encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return encoded.toString();
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  private static GlueException incomplete(String message) {
    return new GlueException("IncompleteSignatureException", 400, message);
  }

  private static GlueException invalidSignature(String message) {
    return new GlueException("InvalidSignatureException", 400, message);
  }

  /** The parts of an {@code AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…} header. */
  private record Authorization(String credential, List<String> signedHeaders, String signature) {
    static Authorization parse(String header) {
      if (!header.startsWith(ALGORITHM + " ")) {
        throw incomplete(
            "Authorization header requires the algorithm "
                + ALGORITHM
                + " (Signature Version 4), got '"
                + header.split(" ", 2)[0]
                + "'");
      }
      Map<String, String> parts = new LinkedHashMap<>();
      for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
        int equals = part.indexOf('=');
        if (equals > 0) {
          parts.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
        }
      }
      for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
        if (parts.get(required) == null || parts.get(required).isEmpty()) {
          throw incomplete(
              "Authorization header requires '"
                  + required
                  + "' parameter. Authorization="
                  + header);
        }
      }
      List<String> signedHeaders = new ArrayList<>();
      for (String name : parts.get("SignedHeaders").split(";")) {
        signedHeaders.add(name.trim().toLowerCase(Locale.ROOT));
      }
      return new Authorization(parts.get("Credential"), signedHeaders, parts.get("Signature"));
    }
  }
}
