package io.cairn.glue;

import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

/** A Cairn server on free ports over a SQLite store in a test's directory, for Glue API tests. */
final class GlueTestServer implements AutoCloseable {
  private final CairnServer server;

  private GlueTestServer(CairnServer server) {
    this.server = server;
  }

  static GlueTestServer start(Path dataDirectory) {
    return start(dataDirectory, Map.of());
  }

  /** With further configuration keys set, as the command line would. */
  static GlueTestServer start(Path dataDirectory, Map<String, String> configuration) {
    Map<String, String> overrides = new HashMap<>(configuration);
    overrides.put(ServerConfig.HTTP_PORT, "0");
    overrides.put(ServerConfig.THRIFT_PORT, "0");
    overrides.put(ServerConfig.DATA_DIR, dataDirectory.toString());
    return new GlueTestServer(
        CairnServer.start(ServerConfig.resolve(Map.of(), Map.of(), overrides)));
  }

  URI uri() {
    return server.httpUri();
  }

  int thriftPort() {
    return server.thriftPort();
  }

  /** The AWS SDK's Glue client pointed at this server, as users point it with an endpoint URL. */
  GlueClient client(String accessKeyId, String secretAccessKey) {
    return GlueClient.builder()
        .endpointOverride(uri())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
        .httpClientBuilder(Apache5HttpClient.builder())
        .build();
  }

  GlueClient client() {
    return client("test", "test");
  }

  @Override
  public void close() {
    server.close();
  }
}
