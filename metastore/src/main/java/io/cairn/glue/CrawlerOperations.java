package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.CrawlRun;
import io.cairn.catalog.CrawlerDefinition;
import io.cairn.catalog.CrawlerStatus;
import io.cairn.catalog.NotFoundException;
import io.cairn.catalog.Page;
import io.cairn.catalog.PageRequest;
import io.cairn.catalog.ValidationException;
import io.cairn.crawlers.CrawlTarget;
import io.cairn.crawlers.DeleteBehavior;
import io.cairn.crawlers.RecrawlBehavior;
import io.cairn.crawlers.UpdateBehavior;
import io.cairn.service.CrawlerService;
import io.cairn.service.CrawlerService.CrawlerMetrics;
import io.cairn.service.CrawlerService.LoadedCrawler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Glue's crawler operations: definitions, StartCrawler / StopCrawler, schedules, crawl history and
 * metrics. Cairn crawls S3 targets ({@code s3://…}) and local ones ({@code file:///…}); other
 * target kinds are refused naming what is not supported.
 */
final class CrawlerOperations {
  static final int MAX_PAGE_SIZE = 1000;
  static final int MAX_BATCH = 100;
  static final int MAX_DESCRIPTION_LENGTH = 2048;
  static final int MAX_TABLE_PREFIX_LENGTH = 128;
  static final int MAX_TARGETS = 100;
  static final int MAX_EXCLUSIONS = 100;
  static final int MAX_CLASSIFIERS = 100;
  static final int MAX_CRAWLS = 1000;
  static final int MAX_CONFIGURATION_LENGTH = 65536;

  private static final List<String> UNSUPPORTED_TARGETS =
      List.of(
          "JdbcTargets",
          "MongoDBTargets",
          "DynamoDBTargets",
          "CatalogTargets",
          "DeltaTargets",
          "IcebergTargets",
          "HudiTargets");
  private static final Set<String> UPDATE_BEHAVIORS = Set.of("LOG", "UPDATE_IN_DATABASE");
  private static final Set<String> DELETE_BEHAVIORS =
      Set.of("LOG", "DELETE_FROM_DATABASE", "DEPRECATE_IN_DATABASE");
  private static final Set<String> RECRAWL_BEHAVIORS =
      Set.of("CRAWL_EVERYTHING", "CRAWL_NEW_FOLDERS_ONLY", "CRAWL_EVENT_MODE");
  private static final Set<String> LINEAGE_SETTINGS = Set.of("ENABLE", "DISABLE");
  private static final Set<String> FILTER_FIELDS =
      Set.of("CRAWL_ID", "STATE", "START_TIME", "END_TIME", "DPU_HOUR");
  private static final Set<String> FILTER_OPERATORS = Set.of("GT", "GE", "LT", "LE", "EQ", "NE");

  private final CrawlerService crawlers;
  private final Clock clock;

  CrawlerOperations(CrawlerService crawlers, Clock clock) {
    this.crawlers = requireNonNull(crawlers, "crawlers is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  void registerWith(GlueOperations operations) {
    operations
        .register("CreateCrawler", this::createCrawler)
        .register("GetCrawler", this::getCrawler)
        .register("GetCrawlers", this::getCrawlers)
        .register("BatchGetCrawlers", this::batchGetCrawlers)
        .register("ListCrawlers", this::listCrawlers)
        .register("UpdateCrawler", this::updateCrawler)
        .register("DeleteCrawler", this::deleteCrawler)
        .register("StartCrawler", this::startCrawler)
        .register("StopCrawler", this::stopCrawler)
        .register("StartCrawlerSchedule", this::startSchedule)
        .register("StopCrawlerSchedule", this::stopSchedule)
        .register("GetCrawlerMetrics", this::getCrawlerMetrics)
        .register("ListCrawls", this::listCrawls);
  }

  private ObjectNode createCrawler(GlueRequest request) {
    String name = request.requiredName("Name");
    rejectUnsupported(request);
    String schedule = request.string("Schedule", 0, Integer.MAX_VALUE);
    Policies policies = policies(request, null);
    Instant now = clock.instant();
    crawlers.createCrawler(
        new CrawlerDefinition(
            name,
            request.requiredString("Role", 1, Integer.MAX_VALUE),
            request.name("DatabaseName"),
            request.string("Description", 0, MAX_DESCRIPTION_LENGTH),
            targets(request.requiredObject("Targets")),
            schedule == null || schedule.isEmpty() ? null : schedule,
            classifiers(request),
            or(request.string("TablePrefix", 0, MAX_TABLE_PREFIX_LENGTH), ""),
            policies.update(),
            policies.delete(),
            policies.recrawl(),
            request.string("Configuration", 0, MAX_CONFIGURATION_LENGTH),
            now,
            now,
            0));
    return DatabaseOperations.empty();
  }

  /** Changes the members sent; the others keep their values. An empty Schedule removes it. */
  private ObjectNode updateCrawler(GlueRequest request) {
    String name = request.requiredName("Name");
    rejectUnsupported(request);
    LoadedCrawler loaded = crawlers.loadCrawler(name);
    CrawlerDefinition current = loaded.definition();
    String schedule = request.string("Schedule", 0, Integer.MAX_VALUE);
    GlueRequest targets = request.object("Targets");
    Policies policies = policies(request, current);
    List<String> classifiers =
        request.has("Classifiers") ? classifiers(request) : current.classifiers();
    CrawlerDefinition updated =
        new CrawlerDefinition(
            name,
            or(request.string("Role", 1, Integer.MAX_VALUE), current.role()),
            or(request.name("DatabaseName"), current.databaseName()),
            or(request.string("Description", 0, MAX_DESCRIPTION_LENGTH), current.description()),
            targets == null ? current.targets() : targets(targets),
            schedule == null ? current.schedule() : schedule.isEmpty() ? null : schedule,
            classifiers,
            or(request.string("TablePrefix", 0, MAX_TABLE_PREFIX_LENGTH), current.tablePrefix()),
            policies.update(),
            policies.delete(),
            policies.recrawl(),
            or(
                request.string("Configuration", 0, MAX_CONFIGURATION_LENGTH),
                current.configuration()),
            current.creationTime(),
            current.lastUpdated(),
            current.version());
    try {
      crawlers.updateCrawler(updated, current.version());
    } catch (CommitFailedException e) {
      throw new GlueException("VersionMismatchException", 400, e.getMessage());
    }
    return DatabaseOperations.empty();
  }

  private ObjectNode getCrawler(GlueRequest request) {
    ObjectNode response = DatabaseOperations.empty();
    response.set("Crawler", toCrawler(crawlers.loadCrawler(request.requiredName("Name"))));
    return response;
  }

  private ObjectNode getCrawlers(GlueRequest request) {
    Page<LoadedCrawler> page = crawlers.listCrawlers(request.page(MAX_PAGE_SIZE, 100));
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("Crawlers");
    page.items().forEach(crawler -> list.add(toCrawler(crawler)));
    DatabaseOperations.putNextToken(response, page);
    return response;
  }

  private ObjectNode batchGetCrawlers(GlueRequest request) {
    List<String> names =
        request.requiredStrings("CrawlerNames", MAX_BATCH, GlueRequest.MAX_NAME_LENGTH);
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode found = response.putArray("Crawlers");
    ArrayNode notFound = response.putArray("CrawlersNotFound");
    for (String name : names) {
      try {
        found.add(toCrawler(crawlers.loadCrawler(name)));
      } catch (NotFoundException e) {
        notFound.add(name);
      }
    }
    return response;
  }

  private ObjectNode listCrawlers(GlueRequest request) {
    Page<String> page = crawlers.listCrawlerNames(request.page(MAX_PAGE_SIZE, 100));
    if (request.has("Tags")) {
      throw GlueException.invalidInput("ListCrawlers by Tags is not supported by Cairn");
    }
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("CrawlerNames");
    page.items().forEach(list::add);
    DatabaseOperations.putNextToken(response, page);
    return response;
  }

  private ObjectNode deleteCrawler(GlueRequest request) {
    crawlers.dropCrawler(request.requiredName("Name"));
    return DatabaseOperations.empty();
  }

  private ObjectNode startCrawler(GlueRequest request) {
    crawlers.startCrawler(request.requiredName("Name"));
    return DatabaseOperations.empty();
  }

  private ObjectNode stopCrawler(GlueRequest request) {
    crawlers.stopCrawler(request.requiredName("Name"));
    return DatabaseOperations.empty();
  }

  private ObjectNode startSchedule(GlueRequest request) {
    crawlers.startSchedule(request.requiredName("CrawlerName"));
    return DatabaseOperations.empty();
  }

  private ObjectNode stopSchedule(GlueRequest request) {
    crawlers.stopSchedule(request.requiredName("CrawlerName"));
    return DatabaseOperations.empty();
  }

  /** Metrics of the named crawlers, or of every crawler; unknown names are left out as in Glue. */
  private ObjectNode getCrawlerMetrics(GlueRequest request) {
    List<String> names = request.strings("CrawlerNameList", MAX_BATCH, GlueRequest.MAX_NAME_LENGTH);
    PageRequest page = request.page(MAX_PAGE_SIZE, 100);
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("CrawlerMetricsList");
    List<String> selected;
    if (names == null || names.isEmpty()) {
      Page<String> crawlerNames = crawlers.listCrawlerNames(page);
      selected = crawlerNames.items();
      DatabaseOperations.putNextToken(response, crawlerNames);
    } else {
      selected = names;
    }
    for (String name : selected) {
      CrawlerMetrics metrics;
      try {
        metrics = crawlers.crawlerMetrics(name);
      } catch (NotFoundException e) {
        continue;
      }
      ObjectNode node = list.addObject();
      node.put("CrawlerName", metrics.crawlerName());
      node.put("TimeLeftSeconds", metrics.timeLeftSeconds());
      node.put("StillEstimating", metrics.stillEstimating());
      node.put("LastRuntimeSeconds", metrics.lastRuntimeSeconds());
      node.put("MedianRuntimeSeconds", metrics.medianRuntimeSeconds());
      node.put("TablesCreated", metrics.tablesCreated());
      node.put("TablesUpdated", metrics.tablesUpdated());
      node.put("TablesDeleted", metrics.tablesDeleted());
    }
    return response;
  }

  /**
   * A crawler's crawls, newest first, filtered by CRAWL_ID or STATE (EQ, NE) and by START_TIME,
   * END_TIME or DPU_HOUR (GT, GE, LT, LE, EQ, NE; times as seconds since the epoch or ISO-8601).
   */
  private ObjectNode listCrawls(GlueRequest request) {
    String name = request.requiredName("CrawlerName");
    Integer maxResults = request.integer("MaxResults", 1, MAX_CRAWLS);
    int size = maxResults == null ? 20 : maxResults;
    String token = request.string("NextToken", 0, Integer.MAX_VALUE);
    int offset = offset(token);
    Predicate<CrawlRun> filter = crawl -> true;
    for (GlueRequest item : request.objects("Filters", 10)) {
      filter = filter.and(filter(item));
    }
    List<CrawlRun> matching =
        crawlers.listCrawls(name, Integer.MAX_VALUE).stream().filter(filter).toList();
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("Crawls");
    int end = Math.min(matching.size(), offset + size);
    for (CrawlRun crawl : matching.subList(Math.min(offset, matching.size()), end)) {
      list.add(toCrawl(crawl));
    }
    if (end < matching.size()) {
      response.put("NextToken", Integer.toString(end));
    }
    return response;
  }

  private static int offset(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      int offset = Integer.parseInt(token);
      if (offset < 0) {
        throw new NumberFormatException();
      }
      return offset;
    } catch (NumberFormatException e) {
      throw GlueException.invalidInput("invalid NextToken '" + token + "'");
    }
  }

  private static Predicate<CrawlRun> filter(GlueRequest item) {
    String field = item.enumValue("FieldName", FILTER_FIELDS);
    String operator = item.enumValue("FilterOperator", FILTER_OPERATORS);
    String value = item.string("FieldValue", 0, Integer.MAX_VALUE);
    if (field == null || operator == null || value == null) {
      throw GlueException.invalidInput(
          "each filter of ListCrawls needs FieldName, FilterOperator and FieldValue");
    }
    switch (field) {
      case "CRAWL_ID", "STATE" -> {
        if (!operator.equals("EQ") && !operator.equals("NE")) {
          throw GlueException.invalidInput(field + " filters take EQ or NE, not " + operator);
        }
        boolean equal = operator.equals("EQ");
        return crawl ->
            (field.equals("CRAWL_ID") ? crawl.crawlId() : crawl.state().name()).equals(value)
                == equal;
      }
      case "DPU_HOUR" -> {
        double limit = number(value);
        return crawl -> compare(Double.compare(0.0, limit), operator);
      }
      default -> {
        Instant limit = time(value);
        boolean start = field.equals("START_TIME");
        return crawl -> {
          Instant time = start ? crawl.startTime() : crawl.endTime();
          return time != null && compare(time.compareTo(limit), operator);
        };
      }
    }
  }

  private static boolean compare(int order, String operator) {
    return switch (operator) {
      case "GT" -> order > 0;
      case "GE" -> order >= 0;
      case "LT" -> order < 0;
      case "LE" -> order <= 0;
      case "EQ" -> order == 0;
      default -> order != 0;
    };
  }

  private static double number(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw GlueException.invalidInput("'" + value + "' is not a number");
    }
  }

  private static Instant time(String value) {
    try {
      return Instant.ofEpochMilli(Math.round(Double.parseDouble(value) * 1000));
    } catch (NumberFormatException e) {
      try {
        return Instant.parse(value);
      } catch (java.time.format.DateTimeParseException notIso) {
        throw GlueException.invalidInput(
            "'" + value + "' is neither seconds since the epoch nor an ISO-8601 time");
      }
    }
  }

  // Requests

  private record Policies(UpdateBehavior update, DeleteBehavior delete, RecrawlBehavior recrawl) {}

  /** The policies sent, else {@code current}'s, else Glue's defaults. */
  private static Policies policies(GlueRequest request, CrawlerDefinition current) {
    UpdateBehavior update =
        current == null ? UpdateBehavior.UPDATE_IN_DATABASE : current.updateBehavior();
    DeleteBehavior delete =
        current == null ? DeleteBehavior.DEPRECATE_IN_DATABASE : current.deleteBehavior();
    RecrawlBehavior recrawl =
        current == null ? RecrawlBehavior.CRAWL_EVERYTHING : current.recrawlBehavior();
    GlueRequest schemaChange = request.object("SchemaChangePolicy");
    if (schemaChange != null) {
      String updateBehavior = schemaChange.enumValue("UpdateBehavior", UPDATE_BEHAVIORS);
      String deleteBehavior = schemaChange.enumValue("DeleteBehavior", DELETE_BEHAVIORS);
      update = updateBehavior == null ? update : UpdateBehavior.valueOf(updateBehavior);
      delete = deleteBehavior == null ? delete : DeleteBehavior.valueOf(deleteBehavior);
    }
    GlueRequest recrawlPolicy = request.object("RecrawlPolicy");
    if (recrawlPolicy != null) {
      String behavior = recrawlPolicy.enumValue("RecrawlBehavior", RECRAWL_BEHAVIORS);
      if ("CRAWL_EVENT_MODE".equals(behavior)) {
        throw recrawlPolicy.invalid(
            "RecrawlBehavior",
            behavior,
            "CRAWL_EVENT_MODE (S3 event notifications) is not supported by Cairn");
      }
      recrawl = behavior == null ? recrawl : RecrawlBehavior.valueOf(behavior);
    }
    return new Policies(update, delete, recrawl);
  }

  /** What Glue takes and Cairn does not do is refused, never ignored. */
  private static void rejectUnsupported(GlueRequest request) {
    GlueRequest lineage = request.object("LineageConfiguration");
    if (lineage != null
        && "ENABLE".equals(lineage.enumValue("CrawlerLineageSettings", LINEAGE_SETTINGS))) {
      throw GlueException.invalidInput("crawler lineage is not supported by Cairn");
    }
    GlueRequest lakeFormation = request.object("LakeFormationConfiguration");
    if (lakeFormation != null
        && Boolean.TRUE.equals(lakeFormation.bool("UseLakeFormationCredentials"))) {
      throw GlueException.invalidInput("Lake Formation credentials are not supported by Cairn");
    }
    String security = request.string("CrawlerSecurityConfiguration", 0, 128);
    if (security != null && !security.isEmpty()) {
      throw GlueException.invalidInput(
          "CrawlerSecurityConfiguration is not supported by Cairn: crawls write no logs to encrypt");
    }
    if (request.has("Tags")) {
      throw GlueException.invalidInput(
          "tags on crawlers are not supported by Cairn; create the crawler without Tags");
    }
  }

  private static List<CrawlTarget> targets(GlueRequest targets) {
    for (String kind : UNSUPPORTED_TARGETS) {
      if (!targets.objects(kind, Integer.MAX_VALUE).isEmpty()) {
        throw GlueException.invalidInput(
            "Cairn crawls S3Targets (s3:// or file:// paths) only; " + kind + " are not supported");
      }
    }
    List<CrawlTarget> result = new ArrayList<>();
    for (GlueRequest target : targets.objects("S3Targets", MAX_TARGETS)) {
      for (String member : List.of("ConnectionName", "EventQueueArn", "DlqEventQueueArn")) {
        String value = target.string(member, 0, Integer.MAX_VALUE);
        if (value != null && !value.isEmpty()) {
          throw target.invalid(member, value, member + " is not supported by Cairn");
        }
      }
      String path = target.requiredString("Path", 1, Integer.MAX_VALUE);
      List<String> exclusions = target.strings("Exclusions", MAX_EXCLUSIONS, 1024);
      Integer sampleSize = target.integer("SampleSize", 1, 249);
      try {
        result.add(
            new CrawlTarget(
                path,
                exclusions == null ? List.of() : exclusions,
                sampleSize == null ? 0 : sampleSize));
      } catch (IllegalArgumentException e) {
        throw new ValidationException(e.getMessage());
      }
    }
    if (result.isEmpty()) {
      throw GlueException.invalidInput("Targets must have at least one S3 target");
    }
    return result;
  }

  private static List<String> classifiers(GlueRequest request) {
    List<String> names =
        request.strings("Classifiers", MAX_CLASSIFIERS, GlueRequest.MAX_NAME_LENGTH);
    return names == null ? List.of() : names;
  }

  private static <T> T or(T value, T otherwise) {
    return value != null ? value : otherwise;
  }

  // Responses

  private ObjectNode toCrawler(LoadedCrawler loaded) {
    CrawlerDefinition crawler = loaded.definition();
    CrawlerStatus status = loaded.status();
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("Name", crawler.name());
    node.put("Role", crawler.role());
    ObjectNode targets = node.putObject("Targets");
    ArrayNode s3 = targets.putArray("S3Targets");
    for (CrawlTarget target : crawler.targets()) {
      ObjectNode item = s3.addObject();
      item.put("Path", target.path());
      ArrayNode exclusions = item.putArray("Exclusions");
      target.exclusions().forEach(exclusions::add);
      if (target.sampleSize() > 0) {
        item.put("SampleSize", target.sampleSize());
      }
    }
    for (String kind : UNSUPPORTED_TARGETS) {
      targets.putArray(kind);
    }
    GlueConverter.putIfNotNull(node, "DatabaseName", crawler.databaseName());
    GlueConverter.putIfNotNull(node, "Description", crawler.description());
    ArrayNode classifiers = node.putArray("Classifiers");
    crawler.classifiers().forEach(classifiers::add);
    node.putObject("RecrawlPolicy").put("RecrawlBehavior", crawler.recrawlBehavior().name());
    node.putObject("SchemaChangePolicy")
        .put("UpdateBehavior", crawler.updateBehavior().name())
        .put("DeleteBehavior", crawler.deleteBehavior().name());
    node.putObject("LineageConfiguration").put("CrawlerLineageSettings", "DISABLE");
    node.put("State", status.state().name());
    if (!crawler.tablePrefix().isEmpty()) {
      node.put("TablePrefix", crawler.tablePrefix());
    }
    if (crawler.schedule() != null) {
      node.putObject("Schedule")
          .put("ScheduleExpression", crawler.schedule())
          .put("State", status.scheduleState().name());
    }
    node.put(
        "CrawlElapsedTime",
        loaded.currentCrawl() == null
            ? 0
            : Math.max(
                0,
                Duration.between(loaded.currentCrawl().startTime(), clock.instant()).toMillis()));
    GlueConverter.putTimestamp(node, "CreationTime", crawler.creationTime());
    GlueConverter.putTimestamp(node, "LastUpdated", crawler.lastUpdated());
    CrawlRun last = loaded.lastCrawl();
    if (last != null) {
      ObjectNode lastCrawl = node.putObject("LastCrawl");
      lastCrawl.put("Status", lastCrawlStatus(last.state()));
      GlueConverter.putIfNotNull(lastCrawl, "ErrorMessage", last.errorMessage());
      lastCrawl.put("LogGroup", CrawlerService.LOG_GROUP);
      lastCrawl.put("LogStream", last.crawlerName());
      lastCrawl.put("MessagePrefix", last.crawlId());
      GlueConverter.putTimestamp(lastCrawl, "StartTime", last.startTime());
    }
    node.put("Version", crawler.version());
    GlueConverter.putIfNotNull(node, "Configuration", crawler.configuration());
    node.putObject("LakeFormationConfiguration").put("UseLakeFormationCredentials", false);
    return node;
  }

  /** Glue's LastCrawlStatus of a crawl that ended. */
  private static String lastCrawlStatus(CrawlRun.State state) {
    return switch (state) {
      case COMPLETED -> "SUCCEEDED";
      case STOPPED -> "CANCELLED";
      default -> "FAILED";
    };
  }

  private static ObjectNode toCrawl(CrawlRun crawl) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("CrawlId", crawl.crawlId());
    node.put("State", crawl.state().name());
    GlueConverter.putTimestamp(node, "StartTime", crawl.startTime());
    GlueConverter.putTimestamp(node, "EndTime", crawl.endTime());
    if (crawl.state() != CrawlRun.State.RUNNING) {
      node.put("Summary", summary(crawl));
    }
    GlueConverter.putIfNotNull(node, "ErrorMessage", crawl.errorMessage());
    node.put("LogGroup", CrawlerService.LOG_GROUP);
    node.put("LogStream", crawl.crawlerName());
    node.put("MessagePrefix", crawl.crawlId());
    node.put("DPUHour", 0.0);
    return node;
  }

  /** Glue's crawl Summary: a JSON document of what the crawl added, updated and deleted. */
  private static String summary(CrawlRun crawl) {
    ObjectNode summary = JsonNodeFactory.instance.objectNode();
    ObjectNode tables = summary.putObject("TABLE");
    tables.putObject("ADD").put("Count", crawl.tablesCreated());
    tables.putObject("UPDATE").put("Count", crawl.tablesUpdated());
    tables.putObject("DELETE").put("Count", crawl.tablesDeleted());
    ObjectNode partitions = summary.putObject("PARTITION");
    partitions.putObject("ADD").put("Count", crawl.partitionsAdded());
    partitions.putObject("UPDATE").put("Count", crawl.partitionsUpdated());
    partitions.putObject("DELETE").put("Count", crawl.partitionsDeleted());
    return summary.toString();
  }
}
