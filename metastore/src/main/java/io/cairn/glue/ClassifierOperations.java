package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.CustomClassifier;
import io.cairn.catalog.Page;
import io.cairn.classifiers.ClassifierDefinition;
import io.cairn.classifiers.ClassifierDefinition.CsvHeader;
import io.cairn.service.CrawlerService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Glue's custom classifier operations: Grok, XML, JSON and CSV classifiers, each request naming
 * exactly one kind. A definition is checked by building its classifier; one it rejects is an {@code
 * InvalidInputException}.
 */
final class ClassifierOperations {
  static final int MAX_PAGE_SIZE = 1000;
  static final int MAX_GROK_PATTERN_LENGTH = 2048;
  static final int MAX_CUSTOM_PATTERNS_LENGTH = 16000;
  static final int MAX_JSON_PATH_LENGTH = 255;
  static final int MAX_CSV_COLUMNS = 2000;
  static final int MAX_CUSTOM_DATATYPES = 50;

  private static final List<String> KINDS =
      List.of("GrokClassifier", "XMLClassifier", "JsonClassifier", "CsvClassifier");
  private static final Set<String> CONTAINS_HEADER = Set.of("UNKNOWN", "PRESENT", "ABSENT");
  private static final Set<String> SERDES = Set.of("OpenCSVSerDe", "LazySimpleSerDe", "None");

  private final CrawlerService crawlers;

  ClassifierOperations(CrawlerService crawlers) {
    this.crawlers = requireNonNull(crawlers, "crawlers is null");
  }

  void registerWith(GlueOperations operations) {
    operations
        .register("CreateClassifier", this::createClassifier)
        .register("GetClassifier", this::getClassifier)
        .register("GetClassifiers", this::getClassifiers)
        .register("UpdateClassifier", this::updateClassifier)
        .register("DeleteClassifier", this::deleteClassifier);
  }

  private ObjectNode createClassifier(GlueRequest request) {
    String kind = kind(request);
    GlueRequest input = request.requiredObject(kind);
    crawlers.createClassifier(fromInput(kind, input, null));
    return DatabaseOperations.empty();
  }

  private ObjectNode getClassifier(GlueRequest request) {
    CustomClassifier classifier = crawlers.loadClassifier(request.requiredName("Name"));
    ObjectNode response = DatabaseOperations.empty();
    response.set("Classifier", toClassifier(classifier));
    return response;
  }

  private ObjectNode getClassifiers(GlueRequest request) {
    Page<CustomClassifier> page = crawlers.listClassifiers(request.page(MAX_PAGE_SIZE));
    ObjectNode response = DatabaseOperations.empty();
    ArrayNode list = response.putArray("Classifiers");
    page.items().forEach(classifier -> list.add(toClassifier(classifier)));
    DatabaseOperations.putNextToken(response, page);
    return response;
  }

  /** Changes the members sent; the others keep their values. */
  private ObjectNode updateClassifier(GlueRequest request) {
    String kind = kind(request);
    GlueRequest input = request.requiredObject(kind);
    CustomClassifier current = crawlers.loadClassifier(input.requiredName("Name"));
    if (!kindOf(current.definition()).equals(kind)) {
      throw input.invalid(
          "Name",
          current.name(),
          "classifier "
              + current.name()
              + " is a "
              + kindOf(current.definition())
              + ", not a "
              + kind);
    }
    try {
      crawlers.updateClassifier(fromInput(kind, input, current.definition()), current.version());
    } catch (CommitFailedException e) {
      throw new GlueException("VersionMismatchException", 400, e.getMessage());
    }
    return DatabaseOperations.empty();
  }

  private ObjectNode deleteClassifier(GlueRequest request) {
    crawlers.dropClassifier(request.requiredName("Name"));
    return DatabaseOperations.empty();
  }

  /** The one classifier structure a request has. */
  private static String kind(GlueRequest request) {
    List<String> present = new ArrayList<>();
    for (String kind : KINDS) {
      if (request.has(kind)) {
        present.add(kind);
      }
    }
    if (present.size() != 1) {
      throw GlueException.invalidInput(
          "a classifier request takes exactly one of "
              + String.join(", ", KINDS)
              + (present.isEmpty() ? "" : "; it has " + String.join(", ", present)));
    }
    return present.get(0);
  }

  private static String kindOf(ClassifierDefinition definition) {
    if (definition instanceof ClassifierDefinition.Grok) {
      return "GrokClassifier";
    }
    if (definition instanceof ClassifierDefinition.Xml) {
      return "XMLClassifier";
    }
    if (definition instanceof ClassifierDefinition.Json) {
      return "JsonClassifier";
    }
    return "CsvClassifier";
  }

  /**
   * A definition from a create request ({@code current} null: required members must be there) or an
   * update request (absent members keep {@code current}'s values).
   */
  private static ClassifierDefinition fromInput(
      String kind, GlueRequest input, ClassifierDefinition current) {
    String name = input.requiredName("Name");
    boolean create = current == null;
    switch (kind) {
      case "GrokClassifier" -> {
        ClassifierDefinition.Grok was = (ClassifierDefinition.Grok) current;
        String classification =
            create ? input.requiredName("Classification") : input.name("Classification");
        String pattern =
            create
                ? input.requiredString("GrokPattern", 1, MAX_GROK_PATTERN_LENGTH)
                : input.string("GrokPattern", 1, MAX_GROK_PATTERN_LENGTH);
        String customPatterns = input.string("CustomPatterns", 0, MAX_CUSTOM_PATTERNS_LENGTH);
        return new ClassifierDefinition.Grok(
            name,
            or(classification, create ? null : was.classification()),
            or(pattern, create ? null : was.grokPattern()),
            or(customPatterns, create ? "" : was.customPatterns()));
      }
      case "XMLClassifier" -> {
        ClassifierDefinition.Xml was = (ClassifierDefinition.Xml) current;
        String classification =
            create ? input.requiredName("Classification") : input.name("Classification");
        String rowTag = input.string("RowTag", 0, GlueRequest.MAX_NAME_LENGTH);
        return new ClassifierDefinition.Xml(
            name,
            or(classification, create ? null : was.classification()),
            or(rowTag, create ? "" : was.rowTag()));
      }
      case "JsonClassifier" -> {
        String jsonPath =
            create
                ? input.requiredString("JsonPath", 1, MAX_JSON_PATH_LENGTH)
                : input.string("JsonPath", 1, MAX_JSON_PATH_LENGTH);
        return new ClassifierDefinition.Json(
            name, or(jsonPath, create ? null : ((ClassifierDefinition.Json) current).jsonPath()));
      }
      default -> {
        ClassifierDefinition.Csv was =
            create
                ? new ClassifierDefinition.Csv(
                    name,
                    ",",
                    "\"",
                    CsvHeader.UNKNOWN,
                    List.of(),
                    false,
                    false,
                    false,
                    List.of(),
                    "None")
                : (ClassifierDefinition.Csv) current;
        String containsHeader = input.enumValue("ContainsHeader", CONTAINS_HEADER);
        List<String> header = input.strings("Header", MAX_CSV_COLUMNS, GlueRequest.MAX_NAME_LENGTH);
        List<String> datatypes =
            input.strings("CustomDatatypes", MAX_CUSTOM_DATATYPES, GlueRequest.MAX_NAME_LENGTH);
        return new ClassifierDefinition.Csv(
            name,
            or(input.string("Delimiter", 1, 1), was.delimiter()),
            or(input.string("QuoteSymbol", 1, 1), was.quoteSymbol()),
            containsHeader == null ? was.containsHeader() : CsvHeader.valueOf(containsHeader),
            or(header, was.header()),
            or(input.bool("DisableValueTrimming"), was.disableValueTrimming()),
            or(input.bool("AllowSingleColumn"), was.allowSingleColumn()),
            or(input.bool("CustomDatatypeConfigured"), was.customDatatypeConfigured()),
            datatypes == null
                ? was.customDatatypes()
                : datatypes.stream().map(type -> type.toUpperCase(Locale.ROOT)).toList(),
            or(input.enumValue("Serde", SERDES), was.serde()));
      }
    }
  }

  private static <T> T or(T value, T otherwise) {
    return value != null ? value : otherwise;
  }

  /** Glue's Classifier: one member named by its kind. */
  static ObjectNode toClassifier(CustomClassifier classifier) {
    ObjectNode wrapper = DatabaseOperations.empty();
    ClassifierDefinition definition = classifier.definition();
    ObjectNode node = wrapper.putObject(kindOf(definition));
    node.put("Name", classifier.name());
    if (definition instanceof ClassifierDefinition.Grok grok) {
      node.put("Classification", grok.classification());
    } else if (definition instanceof ClassifierDefinition.Xml xml) {
      node.put("Classification", xml.classification());
    }
    GlueConverter.putTimestamp(node, "CreationTime", classifier.creationTime());
    GlueConverter.putTimestamp(node, "LastUpdated", classifier.lastUpdated());
    node.put("Version", classifier.version());
    if (definition instanceof ClassifierDefinition.Grok grok) {
      node.put("GrokPattern", grok.grokPattern());
      if (!grok.customPatterns().isEmpty()) {
        node.put("CustomPatterns", grok.customPatterns());
      }
    } else if (definition instanceof ClassifierDefinition.Xml xml) {
      if (!xml.rowTag().isEmpty()) {
        node.put("RowTag", xml.rowTag());
      }
    } else if (definition instanceof ClassifierDefinition.Json json) {
      node.put("JsonPath", json.jsonPath());
    } else if (definition instanceof ClassifierDefinition.Csv csv) {
      node.put("Delimiter", csv.delimiter());
      node.put("QuoteSymbol", csv.quoteSymbol());
      node.put("ContainsHeader", csv.containsHeader().name());
      if (!csv.header().isEmpty()) {
        ArrayNode header = node.putArray("Header");
        csv.header().forEach(header::add);
      }
      node.put("DisableValueTrimming", csv.disableValueTrimming());
      node.put("AllowSingleColumn", csv.allowSingleColumn());
      node.put("CustomDatatypeConfigured", csv.customDatatypeConfigured());
      if (!csv.customDatatypes().isEmpty()) {
        ArrayNode types = node.putArray("CustomDatatypes");
        csv.customDatatypes().forEach(types::add);
      }
      node.put("Serde", csv.serde());
    }
    return wrapper;
  }
}
