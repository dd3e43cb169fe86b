package io.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.cli.GlueCalls.GlueCallException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn findmatches …}: Glue FindMatches transforms of a running Cairn server. */
@Command(
    name = "findmatches",
    mixinStandardHelpOptions = true,
    description = "FindMatches (ML) transforms of a running Cairn server.",
    subcommands = {FindMatchesCommand.Run.class})
public final class FindMatchesCommand implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a findmatches command");
  }

  /**
   * {@code cairn findmatches run}: one FIND_MATCHES task run of a transform in the server (as its
   * Glue task runs are: its own JVM, the transform's labels and model from the catalog database,
   * one task at a time per transform), followed here until it ends.
   */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Match the records of an ML transform's input table into a catalog table: a FIND_MATCHES"
            + " task run in the Cairn server (its own JVM of the FindMatches task runner, with the"
            + " transform's labels and model), shown in its history (GetMLTaskRuns). The run's"
            + " output is passed through; a line shows its progress.",
        "Ctrl-C cancels the task run. Exit codes: 0 succeeded, 1 failed (or stopped, timed out,"
            + " server unreachable), 2 bad usage or a task the server refuses (unknown transform"
            + " or table, no labels yet, another task run active)."
      })
  static final class Run implements Callable<Integer> {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "STOPPED", "TIMEOUT");

    @Spec private CommandSpec spec;

    @Option(
        names = "--transform",
        required = true,
        paramLabel = "ID|NAME",
        description = "The ML transform: its TransformId (tfm-…) or its name.")
    private String transform;

    @Option(
        names = "--output",
        required = true,
        paramLabel = "DATABASE.TABLE",
        description = "The catalog table the matched records are written to (with match_id).")
    private String output;

    @Option(
        names = "--incremental-input",
        paramLabel = "DATABASE.TABLE",
        description =
            "New records to match against the records matched before (with match_id, see"
                + " --matched): a FIND_INCREMENTAL_MATCHES task.")
    private String incrementalInput;

    @Option(
        names = "--matched",
        paramLabel = "DATABASE.TABLE",
        description =
            "With --incremental-input: the table of the records matched before, whose match_ids"
                + " are kept. Default: the transform's input table.")
    private String matched;

    @Option(names = "--match-confidence", description = "Add match_confidence_score to the output.")
    private boolean matchConfidence;

    @Option(
        names = "--server",
        paramLabel = "URL",
        defaultValue = "http://127.0.0.1:8181",
        description = "The Cairn server's HTTP address. Default: ${DEFAULT-VALUE}.")
    private URI server;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter err = spec.commandLine().getErr();
      GlueCalls glue = new GlueCalls(server);
      ObjectNode start = json.createObjectNode();
      try {
        start.put(
            "taskType", incrementalInput == null ? "FIND_MATCHES" : "FIND_INCREMENTAL_MATCHES");
        start.set("output", table("--output", output));
        if (incrementalInput != null) {
          start.set("incrementalInput", table("--incremental-input", incrementalInput));
          if (matched != null) {
            start.set("matched", table("--matched", matched));
          }
        } else if (matched != null) {
          throw new IllegalArgumentException("--matched goes with --incremental-input");
        }
        start.put("matchConfidence", matchConfidence);
      } catch (IllegalArgumentException e) {
        err.println("cairn findmatches run: " + e.getMessage());
        return CommandLine.ExitCode.USAGE;
      }
      String transformId;
      String taskRunId;
      try {
        transformId = transformId(glue);
        taskRunId = start(transformId, start);
      } catch (Refused e) {
        err.println("cairn findmatches run: " + e.getMessage());
        return CommandLine.ExitCode.USAGE;
      } catch (GlueCallException | IOException e) {
        err.println("cairn findmatches run: " + e.getMessage());
        return CommandLine.ExitCode.SOFTWARE;
      }
      err.println(
          "cairn findmatches run: task run " + taskRunId + " of " + transformId + " in " + server);
      err.flush();
      AtomicBoolean ended = new AtomicBoolean();
      Thread cancel =
          new Thread(
              () -> {
                if (!ended.get()) {
                  try {
                    glue.call(
                        "CancelMLTaskRun",
                        glue.request().put("TransformId", transformId).put("TaskRunId", taskRunId));
                    err.println("\ncairn findmatches run: cancelled task run " + taskRunId);
                    err.flush();
                  } catch (GlueCallException e) {
                    // It ended meanwhile, or the server is gone.
                  }
                }
              });
      Runtime.getRuntime().addShutdownHook(cancel);
      try {
        return follow(glue, err, transformId, taskRunId);
      } finally {
        ended.set(true);
        try {
          Runtime.getRuntime().removeShutdownHook(cancel);
        } catch (IllegalStateException e) {
          // The JVM is shutting down: the hook runs.
        }
      }
    }

    /** A refusal of the server to start the task: the caller's mistake, exit code 2. */
    private static final class Refused extends Exception {
      Refused(String message) {
        super(message);
      }
    }

    private ObjectNode table(String option, String name) {
      String[] parts = name.split("\\.", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new IllegalArgumentException(option + " must be DATABASE.TABLE, not '" + name + "'");
      }
      return json.createObjectNode().put("database", parts[0]).put("table", parts[1]);
    }

    /** The id of {@code --transform}: as given when it is one, else the transform of that name. */
    private String transformId(GlueCalls glue) throws GlueCallException, Refused {
      if (transform.startsWith("tfm-")) {
        return transform;
      }
      ObjectNode request = glue.request();
      request.putObject("Filter").put("Name", transform);
      JsonNode found = glue.call("GetMLTransforms", request).path("Transforms");
      if (found.isEmpty()) {
        throw new Refused("no ML transform is named " + transform + " in " + server);
      }
      return found.get(0).path("TransformId").asText();
    }

    private String start(String transformId, ObjectNode body) throws IOException, Refused {
      HttpRequest request =
          HttpRequest.newBuilder(
                  server.resolve("/api/v1/ml-transforms/" + transformId + "/task-runs"))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
              .build();
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException e) {
        throw new IOException("cannot connect to " + server + ": is the server running?", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      JsonNode answer = json.readTree(response.body());
      if (response.statusCode() != 201) {
        String message =
            answer.path("message").asText(answer.path("Message").asText(response.body()));
        if (response.statusCode() >= 500) {
          throw new IOException("the server failed to start the task run: " + message);
        }
        throw new Refused(message);
      }
      return answer.path("taskRunId").asText();
    }

    /** Passes the run's log through and shows its progress until it ends; its exit code. */
    private int follow(GlueCalls glue, PrintWriter err, String transformId, String taskRunId)
        throws InterruptedException {
      boolean terminal = System.console() != null;
      Instant started = Instant.now();
      int shown = 0;
      String progress = "starting";
      while (true) {
        Thread.sleep(POLL_INTERVAL.toMillis());
        JsonNode run;
        try {
          run =
              glue.call(
                  "GetMLTaskRun",
                  glue.request().put("TransformId", transformId).put("TaskRunId", taskRunId));
        } catch (GlueCallException e) {
          finishLine(err, terminal);
          err.println("cairn findmatches run: " + e.getMessage());
          err.flush();
          return CommandLine.ExitCode.SOFTWARE;
        }
        String status = run.path("Status").asText();
        String log = log(transformId, taskRunId);
        if (log.length() > shown) {
          // Whole lines only while the run goes on; the rest once it ended.
          int end = ENDED.contains(status) ? log.length() : log.lastIndexOf('\n') + 1;
          if (end > shown) {
            finishLine(err, terminal);
            for (String line : log.substring(shown, end).split("\n", -1)) {
              if (line.startsWith("progress:")) {
                progress = line.substring("progress:".length()).strip();
              }
              if (!line.isEmpty()) {
                err.println(line);
              }
            }
            shown = end;
          }
        }
        if (terminal) {
          err.print(
              String.format(
                  Locale.ROOT,
                  "\rcairn findmatches run: %s, %d s: %s",
                  status,
                  Duration.between(started, Instant.now()).toSeconds(),
                  progress));
        }
        err.flush();
        if (ENDED.contains(status)) {
          finishLine(err, terminal);
          if (status.equals("SUCCEEDED")) {
            err.println(
                "cairn findmatches run: task run "
                    + taskRunId
                    + " SUCCEEDED in "
                    + run.path("ExecutionTime").asLong()
                    + " s");
            err.flush();
            return CommandLine.ExitCode.OK;
          }
          err.println(
              "cairn findmatches run: task run "
                  + taskRunId
                  + " ended "
                  + status
                  + ": "
                  + run.path("ErrorString").asText(""));
          err.flush();
          return CommandLine.ExitCode.SOFTWARE;
        }
      }
    }

    private static void finishLine(PrintWriter err, boolean terminal) {
      if (terminal) {
        err.print("\r" + " ".repeat(100) + "\r");
      }
    }

    /** The run's log so far; empty when it cannot be read now (it is read again next time). */
    private String log(String transformId, String taskRunId) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  server.resolve(
                      "/api/v1/ml-transforms/" + transformId + "/task-runs/" + taskRunId + "/log"))
              .timeout(Duration.ofSeconds(60))
              .build();
      try {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() == 200
            ? new String(response.body(), StandardCharsets.UTF_8)
            : "";
      } catch (IOException e) {
        return "";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "";
      }
    }
  }
}
