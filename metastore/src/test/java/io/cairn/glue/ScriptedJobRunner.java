package io.cairn.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job runner for tests, launched by the server in place of the etl-runner's JobRunner with the
 * same command line (the job file, then --KEY VALUE pairs): it prints its options and job file,
 * then does what the run's arguments say ({@code --lines N} lines of output, {@code --sleep-seconds
 * S}, {@code --exit-code C}), so that tests see real processes succeed, fail, run long and get
 * killed. With bookmarks ({@code --bookmark-state}), a job that succeeds hands back its node {@code
 * script}'s count of runs, one more than in the state it started from.
 */
public final class ScriptedJobRunner {
  private ScriptedJobRunner() {}

  public static void main(String[] args) throws Exception {
    List<String> options = Arrays.asList(args);
    Map<String, String> arguments = new TreeMap<>();
    for (int index = 1; index + 1 < args.length; index += 2) {
      arguments.put(args[index], args[index + 1]);
    }
    System.out.println("options " + String.join(" ", options));
    System.out.println("job " + Files.readString(Path.of(args[0])).strip());
    int lines = Integer.parseInt(arguments.getOrDefault("--lines", "0"));
    for (int line = 1; line <= lines; line++) {
      System.out.println("line " + line);
    }
    System.err.println("arguments " + arguments);
    System.out.flush();
    Thread.sleep(Long.parseLong(arguments.getOrDefault("--sleep-seconds", "0")) * 1000);
    int exitCode = Integer.parseInt(arguments.getOrDefault("--exit-code", "0"));
    if (exitCode == 0 && arguments.containsKey("--bookmark-state")) {
      ObjectMapper mapper = new ObjectMapper();
      JsonNode start = mapper.readTree(Path.of(arguments.get("--bookmark-state")).toFile());
      System.out.println("bookmark " + start);
      ObjectNode state = ((ObjectNode) start.get("state")).deepCopy();
      state
          .putObject("script")
          .put("runs", start.path("state").path("script").path("runs").asInt() + 1);
      Files.writeString(Path.of(arguments.get("--bookmark-output")), state.toString());
    }
    System.exit(exitCode);
  }
}
