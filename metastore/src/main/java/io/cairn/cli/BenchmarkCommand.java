package io.cairn.cli;

import io.cairn.bench.CrawlBenchmark;
import io.cairn.bench.PartitionBenchmark;
import io.cairn.bench.ProjectionBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cairn benchmark …}: commands that measure and print figures. */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = "Measure the catalog and print the figures.",
    subcommands = {PartitionBenchmark.class, ProjectionBenchmark.class, CrawlBenchmark.class})
public final class BenchmarkCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a benchmark name");
  }
}
