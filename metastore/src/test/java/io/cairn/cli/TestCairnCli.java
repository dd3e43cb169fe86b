package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class TestCairnCli {

  @Test
  void helpWorksForEveryCommand() {
    List<List<String>> commands = new ArrayList<>();
    commands.add(List.of());
    CairnCli.commandLine().getSubcommands().keySet().forEach(name -> commands.add(List.of(name)));
    assertThat(commands).contains(List.of("server"), List.of("version"), List.of("help"));

    for (List<String> command : commands) {
      List<String> arguments = new ArrayList<>(command);
      arguments.add("--help");
      Run run = run(arguments.toArray(String[]::new));
      assertThat(run.exitCode()).as(arguments.toString()).isZero();
      assertThat(run.out()).as(arguments.toString()).contains("Usage: cairn").contains("--help");
      if (!command.equals(List.of("help"))) {
        // picocli's help command keeps its own options.
        assertThat(run.out()).as(arguments.toString()).contains("--version");
      }
    }
  }

  @Test
  void serverHelpDescribesItsOptions() {
    Run run = run("server", "--help");
    assertThat(run.out())
        .contains("--config=FILE")
        .contains("--data-dir=DIR")
        .contains("--http-port=PORT")
        .contains("--thrift-port=PORT")
        .contains("--bind=ADDRESS");
  }

  @Test
  void versionOptionAndCommandAgree() {
    Run option = run("--version");
    Run command = run("version");
    Run subcommandOption = run("server", "--version");
    assertThat(option.exitCode()).isZero();
    assertThat(option.out()).startsWith("Cairn ").contains("Java ");
    assertThat(command.out()).isEqualTo(option.out());
    assertThat(subcommandOption.out()).isEqualTo(option.out());
  }

  @Test
  void noCommandIsAUsageError() {
    Run run = run();
    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("Missing a command").contains("Usage: cairn");
  }

  @Test
  void unknownConfigKeyStopsTheServerFromStarting(@TempDir Path directory) throws Exception {
    Path config = directory.resolve("cairn.properties");
    Files.writeString(config, "server.http-prot=8080\n");

    Run run = run("server", "--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("unknown configuration key 'server.http-prot'");
  }

  @Test
  void missingConfigFileIsAnError(@TempDir Path directory) {
    Run run = run("server", "--config", directory.resolve("absent.properties").toString());
    assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run.err()).contains("absent.properties does not exist");
  }

  @Test
  void serverOptionsOverrideConfigKeys() {
    CommandLine commandLine = CairnCli.commandLine();
    commandLine.parseArgs(
        "server",
        "--bind",
        "0.0.0.0",
        "--http-port",
        "18181",
        "--thrift-port",
        "19083",
        "--data-dir",
        "/tmp/cairn-data");
    ServerCommand server = commandLine.getSubcommands().get("server").getCommand();
    assertThat(server.overrides())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                ServerConfig.BIND, "0.0.0.0",
                ServerConfig.HTTP_PORT, "18181",
                ServerConfig.THRIFT_PORT, "19083",
                ServerConfig.DATA_DIR, "/tmp/cairn-data"));

    CommandLine withoutOptions = CairnCli.commandLine();
    withoutOptions.parseArgs("server");
    ServerCommand plain = withoutOptions.getSubcommands().get("server").getCommand();
    assertThat(plain.overrides()).isEmpty();
  }

  private static Run run(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = CairnCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(arguments);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {}
}
