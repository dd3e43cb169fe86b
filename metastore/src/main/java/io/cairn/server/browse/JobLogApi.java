package io.cairn.server.browse;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.NotFoundException;
import io.cairn.server.HttpEndpoint;
import io.cairn.server.HttpRequest;
import io.cairn.server.HttpResponse;
import io.cairn.server.Route;
import io.cairn.service.JobService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The output of a job run (its JVM's stdout and stderr) as plain text: {@code GET
 * /api/v1/jobs/{job}/runs/{run id}/log}, growing while the run goes on.
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
    if (parts.length != 5 || !parts[2].equals("runs") || !parts[4].equals("log")) {
      return HttpResponse.error(
          404, "NotFound", "job run logs are at " + PATH + "/{job}/runs/{run id}/log");
    }
    if (!request.method().equals("GET")) {
      return HttpResponse.methodNotAllowed(request, "GET");
    }
    try {
      Path log = jobs.logFile(parts[1], parts[3]);
      byte[] body;
      try {
        body = Files.readAllBytes(log);
      } catch (NoSuchFileException e) {
        body = new byte[0];
      }
      return HttpResponse.of(200, "text/plain; charset=utf-8", body);
    } catch (NotFoundException e) {
      return HttpResponse.error(404, "EntityNotFoundException", e.getMessage());
    } catch (IOException e) {
      return HttpResponse.error(500, "InternalError", "the run's log cannot be read");
    }
  }
}
