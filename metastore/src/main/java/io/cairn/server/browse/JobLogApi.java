package io.cairn.server.browse;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.NotFoundException;
import io.cairn.server.HttpEndpoint;
import io.cairn.server.HttpRequest;
import io.cairn.server.HttpResponse;
import io.cairn.server.Route;
import io.cairn.service.JobService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What a job run's JVM reports, from the replica that runs it: {@code GET
 * /api/v1/jobs/{job}/runs/{run id}/log}, its stdout and stderr as plain text, growing while the run
 * goes on; {@code GET /api/v1/jobs/{job}/runs/{run id}/progress}, its progress (Spark stages,
 * tasks, rows read and written) as JSON, {@code {}} before its first stage.
 */
public final class JobLogApi implements HttpEndpoint {
  static final String PATH = "/api/v1/jobs";

  private final JobService jobs;

  private JobLogApi(JobService jobs) {
    this.jobs = requireNonNull(jobs, "jobs is null");
  }

  public static Route route(JobService jobs) {
    return Route.prefix("job run logs", PATH, new JobLogApi(jobs));
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    String[] parts = request.path().substring(PATH.length()).split("/", -1);
    // "", job, "runs", run id, "log"
    boolean log = parts.length == 5 && parts[4].equals("log");
    boolean progress = parts.length == 5 && parts[4].equals("progress");
    if (!(log || progress) || !parts[2].equals("runs")) {
      return HttpResponse.error(
          404,
          "NotFound",
          "job runs report at " + PATH + "/{job}/runs/{run id}/log and …/progress");
    }
    if (!request.method().equals("GET")) {
      return HttpResponse.methodNotAllowed(request, "GET");
    }
    try {
      Path file = log ? jobs.logFile(parts[1], parts[3]) : jobs.progressFile(parts[1], parts[3]);
      byte[] body;
      try {
        body = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        body = log ? new byte[0] : "{}".getBytes(StandardCharsets.UTF_8);
      }
      return HttpResponse.of(
          200, log ? "text/plain; charset=utf-8" : "application/json; charset=utf-8", body);
    } catch (NotFoundException e) {
      return HttpResponse.error(404, "EntityNotFoundException", e.getMessage());
    } catch (IOException e) {
      return HttpResponse.error(500, "InternalError", "the run's log cannot be read");
    }
  }
}
