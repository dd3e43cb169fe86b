package io.cairn.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * How the server runs ML transforms' task runs (the {@code ml-transforms.*} keys). Each task run is
 * its own JVM launched as job runs are ({@link JobsConfig}'s java, options, runner class path and
 * Spark master).
 *
 * @param runnerMainClass the main class that runs one task, given its task directory
 * @param encryptionKeyFile a file holding a base64 AES key (16, 24 or 32 bytes); labels and models
 *     are stored encrypted with it. Null to store them plain.
 */
public record MlTransformsConfig(String runnerMainClass, Path encryptionKeyFile) {
  public MlTransformsConfig {
    requireNonNull(runnerMainClass, "runnerMainClass is null");
  }
}
