package io.cairn.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cairn.server.ServerConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.GlueException;

/**
 * With glue.access-key-id and glue.secret-access-key set, the AWS SDK's requests are verified
 * (Signature V4 over the exact request): the right key works, an unknown key and a wrong secret get
 * AWS's errors and change nothing, and an unsigned request is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlueSignatureIT {
  private static final String KEY_ID = "AKIDCAIRNTEST";
  private static final String SECRET = "cairn/secret+key";

  @TempDir static Path dataDirectory;

  private GlueTestServer server;

  @BeforeAll
  void start() {
    server =
        GlueTestServer.start(
            dataDirectory,
            Map.of(
                ServerConfig.GLUE_ACCESS_KEY_ID, KEY_ID,
                ServerConfig.GLUE_SECRET_ACCESS_KEY, SECRET));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void theConfiguredKeySignsRequests() {
    try (GlueClient glue = server.client(KEY_ID, SECRET)) {
      glue.createDatabase(r -> r.databaseInput(d -> d.name("signed").description("é ü ∑")));
      assertThat(glue.getDatabase(r -> r.name("signed")).database().description())
          .isEqualTo("é ü ∑");
    }
  }

  @Test
  void aWrongSecretIsAnInvalidSignatureAndChangesNothing() {
    try (GlueClient glue = server.client(KEY_ID, "not the secret")) {
      GlueException error =
          catchThrowableOfType(
              GlueException.class,
              () -> glue.createDatabase(r -> r.databaseInput(d -> d.name("forged"))));
      assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
      assertThat(error.statusCode()).isEqualTo(400);
    }
    try (GlueClient glue = server.client(KEY_ID, SECRET)) {
      GlueException missing =
          catchThrowableOfType(GlueException.class, () -> glue.getDatabase(r -> r.name("forged")));
      assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("EntityNotFoundException");
    }
  }

  @Test
  void anUnknownKeyIsAnUnrecognizedClient() {
    try (GlueClient glue = server.client("AKIDSOMEONEELSE", SECRET)) {
      GlueException error =
          catchThrowableOfType(GlueException.class, () -> glue.getDatabases(r -> {}));
      assertThat(error.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
      assertThat(error.statusCode()).isEqualTo(400);
    }
  }

  @Test
  void anUnsignedRequestIsRefused() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.uri().resolve("/"))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AWSGlue.GetDatabases")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("x-amzn-ErrorType"))
        .hasValue("MissingAuthenticationTokenException");

    HttpResponse<String> malformed =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.uri().resolve("/"))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "AWSGlue.GetDatabases")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + KEY_ID)
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.headers().firstValue("x-amzn-ErrorType"))
        .hasValue("IncompleteSignatureException");
  }
}
