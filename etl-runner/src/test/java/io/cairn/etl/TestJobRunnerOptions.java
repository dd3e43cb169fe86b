package io.cairn.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class TestJobRunnerOptions {
  @Test
  void s3OptionsBecomeS3aConfigurationThatConfOverrides() {
    JobRunner.Options options =
        JobRunner.Options.parse(
            new String[] {
              "job.json",
              "--conf",
              "spark.hadoop.fs.s3a.endpoint.region=eu-west-1",
              "--cairn-s3-endpoint",
              "http://127.0.0.1:9000",
              "--cairn-s3-path-style-access",
              "true",
              "--table",
              "sales"
            });

    assertThat(options.configuration())
        .containsOnly(
            entry("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000"),
            entry("spark.hadoop.fs.s3a.connection.ssl.enabled", "false"),
            entry("spark.hadoop.fs.s3a.endpoint.region", "eu-west-1"),
            entry("spark.hadoop.fs.s3a.path.style.access", "true"));
    assertThat(options.jobArguments()).containsOnly(entry("table", "sales"));
  }

  @Test
  void withoutS3OptionsS3aKeepsItsDefaults() {
    assertThat(JobRunner.Options.parse(new String[] {"job.json"}).configuration()).isEmpty();
  }

  @Test
  void badS3OptionsAreRefused() {
    assertThatThrownBy(
            () ->
                JobRunner.Options.parse(
                    new String[] {"job.json", "--cairn-s3-path-style-access", "yes"}))
        .hasMessage("--cairn-s3-path-style-access is true or false, not yes");
    assertThatThrownBy(
            () ->
                JobRunner.Options.parse(
                    new String[] {"job.json", "--cairn-s3-endpoint", "minio:9000"}))
        .hasMessage("--cairn-s3-endpoint must be a http URI, not minio:9000");
    assertThatThrownBy(
            () -> JobRunner.Options.parse(new String[] {"job.json", "--cairn-s3-region", " "}))
        .hasMessage("--cairn-s3-region is empty");
  }
}
