package io.cairn.cli;

import io.cairn.server.CairnVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code cairn} command. Every subcommand inherits {@code --help} and {@code --version}.
 *
 * <p>Exit codes: 0 success, 1 failure, 2 bad usage or configuration.
 */
@Command(
    name = "cairn",
    description = "Cairn: an open metadata catalog (AWS Glue Data Catalog and Hive Metastore).",
    mixinStandardHelpOptions = true,
    versionProvider = CairnVersion.class,
    scope = ScopeType.INHERIT,
    subcommands = {
      ServerCommand.class,
      ExportCommand.class,
      ImportCommand.class,
      CrawlCommand.class,
      JobCommand.class,
      FindMatchesCommand.class,
      BenchmarkCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CairnCli implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand, ready to {@code execute}. */
  public static CommandLine commandLine() {
    return new CommandLine(new CairnCli()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** Without a subcommand: the usage help, and exit code 2. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }
}
