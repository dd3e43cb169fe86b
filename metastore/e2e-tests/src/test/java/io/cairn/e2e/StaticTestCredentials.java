package io.cairn.e2e;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Fixed dummy keys for Iceberg's {@code client.credentials-provider} catalog property, which loads
 * the class by name and calls its static {@code create()}. Without it the SDK's default chain would
 * read the machine's environment, profile files or instance metadata.
 */
public final class StaticTestCredentials implements AwsCredentialsProvider {
  private static final AwsCredentials CREDENTIALS =
      AwsBasicCredentials.create("cairn-test-access-key", "cairn-test-secret-key");

  private StaticTestCredentials() {}

  public static StaticTestCredentials create() {
    return new StaticTestCredentials();
  }

  @Override
  public AwsCredentials resolveCredentials() {
    return CREDENTIALS;
  }
}
