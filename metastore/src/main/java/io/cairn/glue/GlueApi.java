package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.AlreadyExistsException;
import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.ConcurrentRunsExceededException;
import io.cairn.catalog.CrawlerStateException;
import io.cairn.catalog.InvalidOperationException;
import io.cairn.catalog.LimitExceededException;
import io.cairn.catalog.MlTransformNotReadyException;
import io.cairn.catalog.NotFoundException;
import io.cairn.catalog.ValidationException;
import io.cairn.catalog.WorkflowStateException;
import io.cairn.server.HttpEndpoint;
import io.cairn.server.HttpRequest;
import io.cairn.server.HttpResponse;
import io.cairn.server.Metrics;
import io.cairn.server.Route;
import io.cairn.server.ServerConfig;
import io.cairn.service.CatalogService;
import io.cairn.service.CrawlerService;
import io.cairn.service.JobService;
import io.cairn.service.MlTransformService;
import io.cairn.service.TriggerService;
import io.cairn.service.WorkflowService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS Glue Data Catalog API: {@code POST /} with {@code X-Amz-Target: AWSGlue.<Operation>} and
 * a JSON 1.1 body, answered as AWS answers it, over the same catalog as every other protocol.
 *
 * <p>Operations live in one class per area ({@link DatabaseOperations}, {@link TableOperations},
 * …), each registering its methods with {@link GlueOperations}; requests and responses are
 * converted by {@link GlueConverter}. Errors are HTTP 400 (500 only for {@code
 * InternalServiceException}) with {@code x-amzn-ErrorType} and {@code {"__type": …, "Message": …}}.
 * With an access key configured, every request must carry its Signature Version 4.
 */
public final class GlueApi implements HttpEndpoint {
  public static final String PROTOCOL = "glue";
  public static final String TARGET_PREFIX = "AWSGlue.";
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private static final Logger LOG = LoggerFactory.getLogger(GlueApi.class);

  private final Metrics metrics;
  private final SignatureVerifier signatures;
  private final GlueOperations operations = new GlueOperations();
  private final ObjectMapper mapper =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  /**
   * @param signatures null to accept requests unsigned or signed with any key, as local emulators
   *     do
   */
  GlueApi(
      CatalogService service,
      CrawlerService crawlers,
      JobService jobs,
      TriggerService triggers,
      WorkflowService workflows,
      MlTransformService mlTransforms,
      Metrics metrics,
      SignatureVerifier signatures) {
    requireNonNull(service, "service is null");
    requireNonNull(crawlers, "crawlers is null");
    requireNonNull(jobs, "jobs is null");
    requireNonNull(triggers, "triggers is null");
    requireNonNull(workflows, "workflows is null");
    requireNonNull(mlTransforms, "mlTransforms is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.signatures = signatures;
    String accountId = service.arns().accountId();
    new DatabaseOperations(service, accountId).registerWith(operations);
    new TableOperations(service, accountId).registerWith(operations);
    new SearchOperations(service, accountId).registerWith(operations);
    new FunctionOperations(service, accountId).registerWith(operations);
    new TagOperations(service).registerWith(operations);
    new CatalogSettingsOperations(service, accountId).registerWith(operations);
    new PartitionOperations(service, accountId).registerWith(operations);
    new ColumnStatisticsOperations(service, accountId).registerWith(operations);
    new ClassifierOperations(crawlers).registerWith(operations);
    new CrawlerOperations(crawlers, Clock.systemUTC()).registerWith(operations);
    new JobOperations(jobs, Clock.systemUTC()).registerWith(operations);
    new TriggerOperations(triggers).registerWith(operations);
    new WorkflowOperations(workflows, Clock.systemUTC()).registerWith(operations);
    new MlTransformOperations(mlTransforms, accountId, Clock.systemUTC()).registerWith(operations);
  }

  /** The API mounted at {@code /}, verifying signatures when the config has an access key. */
  public static Route route(
      ServerConfig config,
      CatalogService service,
      CrawlerService crawlers,
      JobService jobs,
      TriggerService triggers,
      WorkflowService workflows,
      MlTransformService mlTransforms,
      Metrics metrics) {
    SignatureVerifier signatures =
        config.glueAccessKeyId() == null
            ? null
            : new SignatureVerifier(
                config.glueAccessKeyId(), config.glueSecretAccessKey(), Clock.systemUTC());
    return Route.exact(
        "Glue API",
        "/",
        new GlueApi(
            service, crawlers, jobs, triggers, workflows, mlTransforms, metrics, signatures));
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    String requestId = UUID.randomUUID().toString();
    String operationName = null;
    try {
      if (!request.method().equals("POST")) {
        throw GlueException.unknownOperation(
            "the Glue API takes POST / with the header X-Amz-Target: AWSGlue.<Operation>");
      }
      if (signatures != null) {
        signatures.verify(request);
      }
      operationName = operationName(request);
      GlueOperations.Operation operation = operations.find(operationName);
      if (operation == null) {
        throw GlueException.unknownOperation(
            "Cairn does not serve the Glue operation '" + operationName + "'");
      }
      GlueRequest glueRequest = parse(request.body());
      ObjectNode response =
          metrics.time(PROTOCOL, operationName, () -> operation.handle(glueRequest));
      return respond(200, response).withHeader("x-amzn-RequestId", requestId);
    } catch (RuntimeException e) {
      return error(request, operationName, requestId, e);
    }
  }

  private static String operationName(HttpRequest request) {
    String contentType = request.header("content-type");
    String mediaType =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals(CONTENT_TYPE)
        && !mediaType.equals("application/x-amz-json-1.0")
        && !mediaType.equals("application/json")) {
      throw GlueException.unknownOperation(
          "the Glue API takes Content-Type "
              + CONTENT_TYPE
              + (contentType == null ? "" : ", not '" + contentType + "'"));
    }
    String target = request.header("x-amz-target");
    if (target == null
        || !target.startsWith(TARGET_PREFIX)
        || target.length() == TARGET_PREFIX.length()) {
      throw GlueException.unknownOperation(
          "the header X-Amz-Target must name a Glue operation as AWSGlue.<Operation>"
              + (target == null ? "" : ", not '" + target + "'"));
    }
    return target.substring(TARGET_PREFIX.length());
  }

  /** An empty body is an empty request, as AWS's JSON services take it. */
  private GlueRequest parse(byte[] body) {
    if (body.length == 0) {
      return GlueRequest.empty();
    }
    JsonNode document;
    try {
      document = mapper.readTree(body);
    } catch (JacksonException e) {
      throw GlueException.serialization(
          "the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw GlueException.serialization("the request body cannot be read: " + e.getMessage());
    }
    if (document == null || document.isMissingNode()) {
      return GlueRequest.empty();
    }
    return GlueRequest.of(document);
  }

  private HttpResponse error(
      HttpRequest request, String operationName, String requestId, RuntimeException exception) {
    GlueException error = translate(exception);
    if (error.status() >= 500) {
      LOG.error("Glue {} failed", operationName, exception);
    } else {
      LOG.debug("Glue {}: {} {}", operationName, error.type(), error.getMessage());
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("__type", error.type());
    body.put("Message", error.getMessage());
    return respond(error.status(), body)
        .withHeader("x-amzn-ErrorType", error.type())
        .withHeader("x-amzn-RequestId", requestId);
  }

  /**
   * The AWS error of an exception: each domain exception once, as the Glue model names them;
   * anything unexpected an {@code InternalServiceException} whose message says nothing inside.
   */
  static GlueException translate(RuntimeException exception) {
    if (exception instanceof GlueException glue) {
      return glue;
    }
    String message = exception.getMessage();
    if (exception instanceof NotFoundException) {
      return GlueException.entityNotFound(message);
    }
    if (exception instanceof AlreadyExistsException) {
      return new GlueException("AlreadyExistsException", 400, message);
    }
    if (exception instanceof CommitFailedException) {
      return new GlueException("ConcurrentModificationException", 400, message);
    }
    if (exception instanceof CrawlerStateException state) {
      return new GlueException(
          switch (state.reason()) {
            case CRAWLER_RUNNING -> "CrawlerRunningException";
            case CRAWLER_NOT_RUNNING -> "CrawlerNotRunningException";
            case CRAWLER_STOPPING -> "CrawlerStoppingException";
            case SCHEDULE_RUNNING -> "SchedulerRunningException";
            case SCHEDULE_NOT_RUNNING -> "SchedulerNotRunningException";
            case NO_SCHEDULE -> "NoScheduleException";
          },
          400,
          message);
    }
    if (exception instanceof WorkflowStateException) {
      return new GlueException("IllegalWorkflowStateException", 400, message);
    }
    if (exception instanceof ConcurrentRunsExceededException) {
      return new GlueException("ConcurrentRunsExceededException", 400, message);
    }
    if (exception instanceof MlTransformNotReadyException) {
      return new GlueException("MLTransformNotReadyException", 400, message);
    }
    if (exception instanceof LimitExceededException) {
      return new GlueException("ResourceNumberLimitExceededException", 400, message);
    }
    if (exception instanceof ValidationException
        || exception instanceof InvalidOperationException) {
      return GlueException.invalidInput(message);
    }
    return new GlueException("InternalServiceException", 500, "Internal service error");
  }

  private static HttpResponse respond(int status, ObjectNode body) {
    return new HttpResponse(
        status, CONTENT_TYPE, Map.of(), body.toString().getBytes(StandardCharsets.UTF_8));
  }
}
