package io.cairn.classifiers;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A custom classifier as a user defines it through Glue's CreateClassifier: one of Grok, XML, JSON
 * or CSV. {@link #toClassifier} builds the classifier a crawler runs before the built-in ones.
 */
public sealed interface ClassifierDefinition {

  /** The classifier's name, unique in the catalog. */
  String name();

  /**
   * The classifier a crawler runs: it gives certainty 1.0 when the file matches the definition and
   * UNKNOWN with the reason when not.
   *
   * @throws IllegalArgumentException with a message for the user when the definition is invalid: a
   *     bad name, grok pattern, custom pattern, row tag, JSON path or CSV option, within Glue's
   *     limits
   */
  Classifier toClassifier();

  /**
   * Glue's GrokClassifier: {@code grokPattern} over each line, with named {@code customPatterns}
   * (one {@code NAME pattern} per line) beside Grok's built-in ones.
   */
  record Grok(String name, String classification, String grokPattern, String customPatterns)
      implements ClassifierDefinition {
    public Grok {
      requireNonNull(name, "name is null");
      requireNonNull(classification, "classification is null");
      requireNonNull(grokPattern, "grokPattern is null");
      requireNonNull(customPatterns, "customPatterns is null");
    }

    @Override
    public Classifier toClassifier() {
      requireValidName(name);
      return new GrokClassifier(classification, grokPattern, customPatterns);
    }
  }

  /** Glue's XMLClassifier: each {@code rowTag} element is a record. */
  record Xml(String name, String classification, String rowTag) implements ClassifierDefinition {
    public Xml {
      requireNonNull(name, "name is null");
      requireNonNull(classification, "classification is null");
      requireNonNull(rowTag, "rowTag is null");
    }

    @Override
    public Classifier toClassifier() {
      requireValidName(name);
      return new XmlClassifier(classification, rowTag);
    }
  }

  /**
   * Glue's JsonClassifier: records are the values {@code jsonPath} selects, such as {@code $[*]}.
   */
  record Json(String name, String jsonPath) implements ClassifierDefinition {
    public Json {
      requireNonNull(name, "name is null");
      requireNonNull(jsonPath, "jsonPath is null");
    }

    @Override
    public Classifier toClassifier() {
      requireValidName(name);
      return new JsonClassifier(JsonPath.parse(jsonPath));
    }
  }

  /** Glue's CsvClassifier {@code ContainsHeader}. */
  enum CsvHeader {
    UNKNOWN,
    PRESENT,
    ABSENT
  }

  /**
   * Glue's CsvClassifier. {@code header} names the columns when the file has none (empty: infer);
   * {@code customDatatypes} are the types the classifier may infer when {@code
   * customDatatypeConfigured} (Glue: BINARY, BOOLEAN, DATE, DECIMAL, DOUBLE, FLOAT, INT, LONG,
   * SHORT, STRING, TIMESTAMP). {@code serde} is {@code OpenCSVSerDe}, {@code LazySimpleSerDe} or
   * {@code None} (let the classifier choose).
   */
  record Csv(
      String name,
      String delimiter,
      String quoteSymbol,
      CsvHeader containsHeader,
      List<String> header,
      boolean disableValueTrimming,
      boolean allowSingleColumn,
      boolean customDatatypeConfigured,
      List<String> customDatatypes,
      String serde)
      implements ClassifierDefinition {
    public Csv {
      requireNonNull(name, "name is null");
      requireNonNull(delimiter, "delimiter is null");
      requireNonNull(quoteSymbol, "quoteSymbol is null");
      requireNonNull(containsHeader, "containsHeader is null");
      header = List.copyOf(requireNonNull(header, "header is null"));
      customDatatypes = List.copyOf(requireNonNull(customDatatypes, "customDatatypes is null"));
      requireNonNull(serde, "serde is null");
    }

    @Override
    public Classifier toClassifier() {
      requireValidName(name);
      return new CsvClassifier(this);
    }
  }

  /** Glue's rule for a classifier's name: 1 to 255 characters of its single-line string pattern. */
  private static void requireValidName(String name) {
    if (!GlueLimits.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a classifier name has 1 to 255 characters and no line break: '" + name + "'");
    }
  }
}
