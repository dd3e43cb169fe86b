package io.cairn.glue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A job runner for tests, launched by the server in place of the etl-runner's JobRunner with the
 * same command line: it prints its options and job file, then does what the run's arguments say
 * ({@code --lines N} lines of output, {@code --sleep-seconds S}, {@code --exit-code C}), so that
 * tests see real processes succeed, fail, run long and get killed.
 */
public final class ScriptedJobRunner {
  private ScriptedJobRunner() {}

  public static void main(String[] args) throws Exception {
    List<String> options = Arrays.asList(args);
    String jobFile = option(options, "--job-file");
    Map<String, String> arguments =
        new ObjectMapper()
            .readValue(
                Files.readString(Path.of(option(options, "--arguments-file"))),
                new TypeReference<Map<String, String>>() {});
    System.out.println("options " + String.join(" ", options));
    System.out.println("job " + Files.readString(Path.of(jobFile)).strip());
    int lines = Integer.parseInt(arguments.getOrDefault("--lines", "0"));
    for (int line = 1; line <= lines; line++) {
      System.out.println("line " + line);
    }
    System.err.println("arguments " + new java.util.TreeMap<>(arguments));
    System.out.flush();
    Thread.sleep(Long.parseLong(arguments.getOrDefault("--sleep-seconds", "0")) * 1000);
    System.exit(Integer.parseInt(arguments.getOrDefault("--exit-code", "0")));
  }

  private static String option(List<String> options, String name) {
    int index = options.indexOf(name);
    if (index < 0 || index + 1 >= options.size()) {
      throw new IllegalArgumentException("missing " + name);
    }
    return options.get(index + 1);
  }
}
