package io.cairn.e2e;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code aws} command line (found on the PATH) run as a process against Cairn's Glue API with
 * {@code --endpoint-url}, dummy keys and no AWS configuration of the machine, as an operator runs
 * it.
 */
final class AwsCli {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final Path workDirectory;

  AwsCli(URI endpoint, Path workDirectory) {
    this.endpoint = requireNonNull(endpoint, "endpoint is null");
    this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
  }

  /**
   * Runs {@code aws glue OPERATION ARGUMENTS…} and returns its JSON output (an empty object for a
   * command that prints nothing); a command that exits with anything but 0 fails with its output.
   */
  JsonNode glue(String operation, String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of("aws", "glue", operation));
    command.addAll(List.of(arguments));
    command.addAll(List.of("--endpoint-url", endpoint.toString(), "--output", "json"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("AWS_"));
    environment.put("AWS_ACCESS_KEY_ID", "cairn-test-access-key");
    environment.put("AWS_SECRET_ACCESS_KEY", "cairn-test-secret-key");
    environment.put("AWS_DEFAULT_REGION", "us-east-1");
    // Missing files: the machine's own AWS configuration is never read.
    environment.put("AWS_CONFIG_FILE", workDirectory.resolve("no-aws-config").toString());
    environment.put(
        "AWS_SHARED_CREDENTIALS_FILE", workDirectory.resolve("no-aws-credentials").toString());
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    environment.put("AWS_MAX_ATTEMPTS", "1");
    environment.put("AWS_PAGER", "");
    Path output = Files.createTempFile(workDirectory, "aws-" + operation + "-", ".out");
    Process process = builder.redirectOutput(output.toFile()).start();
    process.getOutputStream().close();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("aws glue " + operation + " ran longer than 60 s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running aws glue " + operation, e);
    }
    String text = Files.readString(output);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "aws glue "
              + operation
              + " "
              + String.join(" ", arguments)
              + " exited with "
              + process.exitValue()
              + ":\n"
              + text);
    }
    return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
  }
}
