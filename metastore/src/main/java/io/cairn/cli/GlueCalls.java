package io.cairn.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Glue operations of a running Cairn server, called by the CLI's commands that drive one. */
final class GlueCalls {
  private final URI server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ObjectMapper json = new ObjectMapper();

  GlueCalls(URI server) {
    this.server = requireNonNull(server, "server is null");
  }

  /** A Glue error answer, or a server that cannot be reached (type empty). */
  static final class GlueCallException extends Exception {
    private final String type;

    GlueCallException(String type, String message) {
      super(message);
      this.type = type;
    }

    String type() {
      return type;
    }
  }

  ObjectNode request() {
    return json.createObjectNode();
  }

  JsonNode call(String operation, ObjectNode request) throws GlueCallException {
    HttpRequest call =
        HttpRequest.newBuilder(server.resolve("/"))
            .timeout(Duration.ofSeconds(60))
            .header("X-Amz-Target", "AWSGlue." + operation)
            .header("Content-Type", "application/x-amz-json-1.1")
            .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(call, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new GlueCallException("", "cannot connect to " + server + ": is the server running?");
    } catch (IOException e) {
      throw new GlueCallException("", operation + " to " + server + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GlueCallException("", "interrupted");
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (IOException e) {
      throw new GlueCallException("", operation + ": the server's answer is not JSON");
    }
    if (response.statusCode() != 200) {
      String type = body.path("__type").asText("");
      throw new GlueCallException(
          type, operation + " failed: " + type + ": " + body.path("Message").asText(""));
    }
    return body;
  }
}
