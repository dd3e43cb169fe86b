package io.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.cli.GlueCalls.GlueCallException;
import io.cairn.crawlers.CrawlTarget;
import io.cairn.crawlers.CrawlerConfiguration;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine;

/**
 * {@code cairn crawl --server URL}: the crawl runs in the server, driven through its Glue API as
 * any Glue client drives a crawler — CreateCrawler, StartCrawler, GetCrawler and GetCrawlerMetrics
 * until it is READY again, ListCrawls for the outcome, DeleteCrawler.
 */
final class RemoteCrawl {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  private final URI server;
  private final PrintWriter err;
  private final CrawlCommand.Progress progress;
  private final ObjectMapper json = new ObjectMapper();
  private final GlueCalls glue;

  RemoteCrawl(URI server, PrintWriter err, CrawlCommand.Progress progress) {
    this.server = server;
    this.err = err;
    this.progress = progress;
    this.glue = new GlueCalls(server);
  }

  int run(CrawlerConfiguration crawler) {
    String name = crawler.name();
    try {
      call("CreateCrawler", createRequest(crawler));
    } catch (GlueCallException e) {
      if (e.type().equals("AlreadyExistsException")) {
        return failed(
            "a crawler named "
                + name
                + " exists in "
                + server
                + " already; choose another with --name");
      }
      return failed(e.getMessage());
    }
    try {
      Instant started = Instant.now();
      call("StartCrawler", json.createObjectNode().put("Name", name));
      while (true) {
        Thread.sleep(POLL_INTERVAL.toMillis());
        JsonNode state = call("GetCrawler", json.createObjectNode().put("Name", name));
        if (state.path("Crawler").path("State").asText().equals("READY")) {
          break;
        }
        showProgress(name, started);
      }
      progress.finish();
      return outcome(name);
    } catch (GlueCallException e) {
      return failed(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed("interrupted; the crawl goes on in the server until it ends");
    } finally {
      try {
        call("DeleteCrawler", json.createObjectNode().put("Name", name));
      } catch (GlueCallException e) {
        err.println("cairn crawl: could not delete the crawler " + name + ": " + e.getMessage());
      }
    }
  }

  private ObjectNode createRequest(CrawlerConfiguration crawler) {
    ObjectNode request = json.createObjectNode();
    request.put("Name", crawler.name());
    request.put("Role", "cairn-cli");
    request.put("DatabaseName", crawler.databaseName());
    request.put("Description", "a one-off crawl of cairn crawl");
    if (!crawler.tablePrefix().isEmpty()) {
      request.put("TablePrefix", crawler.tablePrefix());
    }
    ArrayNode targets = request.putObject("Targets").putArray("S3Targets");
    for (CrawlTarget target : crawler.targets()) {
      ObjectNode node = targets.addObject();
      node.put("Path", target.path().contains(":") ? target.path() : "file://" + target.path());
      ArrayNode exclusions = node.putArray("Exclusions");
      target.exclusions().forEach(exclusions::add);
      if (target.sampleSize() > 0) {
        node.put("SampleSize", target.sampleSize());
      }
    }
    request
        .putObject("SchemaChangePolicy")
        .put("UpdateBehavior", crawler.updateBehavior().name())
        .put("DeleteBehavior", crawler.deleteBehavior().name());
    request.putObject("RecrawlPolicy").put("RecrawlBehavior", crawler.recrawlBehavior().name());
    if (crawler.combineCompatibleSchemas() || crawler.tableLevel() > 0) {
      ObjectNode configuration = json.createObjectNode().put("Version", 1.0);
      ObjectNode grouping = configuration.putObject("Grouping");
      if (crawler.combineCompatibleSchemas()) {
        grouping.put("TableGroupingPolicy", "CombineCompatibleSchemas");
      }
      if (crawler.tableLevel() > 0) {
        grouping.put("TableLevelConfiguration", crawler.tableLevel());
      }
      request.put("Configuration", configuration.toString());
    }
    return request;
  }

  /** The bar from Glue's estimate: elapsed time against elapsed plus the time left. */
  private void showProgress(String name, Instant started) throws GlueCallException {
    ObjectNode request = json.createObjectNode();
    request.putArray("CrawlerNameList").add(name);
    JsonNode metrics = call("GetCrawlerMetrics", request).path("CrawlerMetricsList").path(0);
    double elapsed = Duration.between(started, Instant.now()).toMillis() / 1000.0;
    if (metrics.path("StillEstimating").asBoolean(true)) {
      progress.show(0, String.format(Locale.ROOT, "%.0f s, estimating", elapsed));
      return;
    }
    double left = metrics.path("TimeLeftSeconds").asDouble();
    int percent = (int) Math.min(99, 100 * elapsed / Math.max(elapsed + left, 0.001));
    progress.show(percent, String.format(Locale.ROOT, "%.0f s, about %.0f s left", elapsed, left));
  }

  /** The last crawl's outcome, from ListCrawls: its summary, or why it did not succeed. */
  private int outcome(String name) throws GlueCallException {
    JsonNode crawls =
        call("ListCrawls", json.createObjectNode().put("CrawlerName", name)).path("Crawls");
    JsonNode last = null;
    for (JsonNode crawl : crawls) {
      if (last == null || crawl.path("StartTime").asDouble() > last.path("StartTime").asDouble()) {
        last = crawl;
      }
    }
    if (last == null) {
      return failed("the server recorded no crawl of " + name);
    }
    String state = last.path("State").asText();
    if (!state.equals("COMPLETED")) {
      return failed("the crawl ended " + state + ": " + last.path("ErrorMessage").asText(""));
    }
    JsonNode summary;
    try {
      summary = json.readTree(last.path("Summary").asText("{}"));
    } catch (IOException e) {
      summary = json.createObjectNode();
    }
    double elapsed = last.path("EndTime").asDouble() - last.path("StartTime").asDouble();
    err.println(
        "cairn crawl: "
            + CrawlCommand.summary(
                count(summary, "TABLE", "ADD"),
                count(summary, "TABLE", "UPDATE"),
                count(summary, "TABLE", "DELETE"),
                count(summary, "PARTITION", "ADD"),
                count(summary, "PARTITION", "UPDATE"),
                count(summary, "PARTITION", "DELETE"))
            + String.format(Locale.ROOT, "; elapsed %.1f s (in %s)", elapsed, server));
    err.flush();
    return CommandLine.ExitCode.OK;
  }

  private static long count(JsonNode summary, String kind, String change) {
    return summary.path(kind).path(change).path("Count").asLong();
  }

  private JsonNode call(String operation, ObjectNode request) throws GlueCallException {
    return glue.call(operation, request);
  }

  private int failed(String problem) {
    progress.finish();
    err.println("cairn crawl: " + problem);
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }
}
