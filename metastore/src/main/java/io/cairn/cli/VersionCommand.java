package io.cairn.cli;

import io.cairn.server.CairnVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn version}: the same as {@code cairn --version}. */
@Command(name = "version", description = "Print the version of Cairn and of the Java runtime.")
public final class VersionCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    for (String line : new CairnVersion().getVersion()) {
      spec.commandLine().getOut().println(line);
    }
  }
}
