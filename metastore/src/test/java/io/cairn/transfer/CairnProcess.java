package io.cairn.transfer;

import io.cairn.cli.CairnCli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@code cairn import …} in a separate JVM on the test class path. */
final class CairnProcess {
  private CairnProcess() {}

  static Process startImport(List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CairnCli.class.getName());
    command.add("import");
    command.addAll(arguments);
    return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }
}
