package io.cairn.classifiers;

import static java.util.Objects.requireNonNull;

import io.krakens.grok.api.Grok;
import io.krakens.grok.api.GrokCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Glue's grok classifier: a file matches when every line of the sample (blank lines aside) matches
 * the grok pattern as a whole; certainty is then 1.0, else 0. The named fields of the pattern, such
 * as {@code %{NUMBER:bytes:long}}, are the columns, of the type their suffix names ({@code byte,
 * boolean, short, int, long, float, double}, and java-grok's {@code date}) or string. Unnamed
 * patterns and fields named {@code UNWANTED} are not columns.
 *
 * <p>The standard pattern definitions are java-grok's (Logstash's) and the few of Glue's list that
 * java-grok lacks ({@code grok-patterns}); custom patterns, one {@code NAME regex} a line, are
 * added to them and may redefine them. The table reads the file with Glue's GrokSerDe, which takes
 * the same pattern and custom patterns as serde parameters.
 */
public final class GrokClassifier implements Classifier {
  static final String GROK_SERDE = "com.amazonaws.glue.serde.GrokSerDe";
  // Glue's limits on CreateClassifier's GrokPattern and CustomPatterns.
  static final int MAX_PATTERN_LENGTH = 2048;
  static final int MAX_CUSTOM_PATTERNS_LENGTH = 16_000;
  // Regular expressions can backtrack exponentially on a bad pattern; a crawl must not hang on one.
  private static final long MAX_CHARACTER_READS = 100_000_000L;

  // The patterns of Glue's built-in list that java-grok's standard set lacks.
  private static final String GLUE_EXTRA_PATTERNS = "grok-patterns";
  private static final Pattern CUSTOM_PATTERN = Pattern.compile("([A-Za-z0-9_]+)\\s+(\\S.*)");
  private static final Pattern GROUP = Pattern.compile("\\(\\?<(name\\d+)>");
  private static final Pattern FIELD_SEPARATOR = Pattern.compile("[:;]");
  private static final Map<String, String> HIVE_TYPES =
      Map.ofEntries(
          Map.entry("byte", "tinyint"),
          Map.entry("boolean", PrimitiveTypes.BOOLEAN),
          Map.entry("short", "smallint"),
          Map.entry("int", PrimitiveTypes.INT),
          Map.entry("integer", PrimitiveTypes.INT),
          Map.entry("long", PrimitiveTypes.BIGINT),
          Map.entry("float", "float"),
          Map.entry("double", PrimitiveTypes.DOUBLE),
          Map.entry("date", PrimitiveTypes.TIMESTAMP),
          Map.entry("datetime", PrimitiveTypes.TIMESTAMP),
          Map.entry("string", PrimitiveTypes.STRING),
          Map.entry("text", PrimitiveTypes.STRING));

  private final String classification;
  private final String grokPattern;
  private final String customPatterns;
  private final Pattern line;
  private final List<Column> columns;

  /**
   * @throws IllegalArgumentException when the pattern is empty or longer than Glue allows, a custom
   *     pattern line is not {@code NAME regex}, the pattern uses an undefined pattern name or a
   *     type other than Grok's, is not a valid regular expression, or names no field
   */
  GrokClassifier(String classification, String grokPattern, String customPatterns) {
    this.classification = requireNonNull(classification, "classification is null");
    this.grokPattern = requireNonNull(grokPattern, "grokPattern is null");
    this.customPatterns = requireNonNull(customPatterns, "customPatterns is null");
    if (classification.isBlank()) {
      throw new IllegalArgumentException("a grok classifier needs a classification");
    }
    if (grokPattern.isBlank() || grokPattern.length() > MAX_PATTERN_LENGTH) {
      throw new IllegalArgumentException(
          "a grok pattern has 1 to " + MAX_PATTERN_LENGTH + " characters: " + grokPattern.length());
    }
    if (grokPattern.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a grok pattern matches one line: it has no line break");
    }
    if (customPatterns.length() > MAX_CUSTOM_PATTERNS_LENGTH) {
      throw new IllegalArgumentException(
          "custom patterns have at most "
              + MAX_CUSTOM_PATTERNS_LENGTH
              + " characters: "
              + customPatterns.length());
    }
    GrokCompiler compiler = GrokCompiler.newInstance();
    compiler.registerDefaultPatterns();
    try (InputStream glueExtras = GrokClassifier.class.getResourceAsStream(GLUE_EXTRA_PATTERNS)) {
      compiler.register(requireNonNull(glueExtras, GLUE_EXTRA_PATTERNS + " is missing"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] lines = customPatterns.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String definition = lines[i].strip();
      if (definition.isEmpty() || definition.startsWith("#")) {
        continue;
      }
      Matcher matcher = CUSTOM_PATTERN.matcher(definition);
      if (!matcher.matches()) {
        throw new IllegalArgumentException(
            "custom pattern line " + (i + 1) + " is not 'NAME regex': " + definition);
      }
      compiler.register(matcher.group(1), matcher.group(2));
    }
    Grok grok;
    try {
      grok = compiler.compile(grokPattern, true);
    } catch (IllegalArgumentException | IllegalStateException e) {
      // java-grok: an undefined pattern name, an unknown type, a field typed twice, or (from
      // java.util.regex) an invalid regular expression.
      throw new IllegalArgumentException(
          "invalid grok pattern '" + grokPattern + "': " + e.getMessage(), e);
    }
    this.line = Pattern.compile(grok.getNamedRegex());
    this.columns = columns(grok);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException(
          "the grok pattern '"
              + grokPattern
              + "' names no field, so a table would have no column: name fields as"
              + " %{PATTERN:field} or %{PATTERN:field:type}");
    }
  }

  /** The pattern's named fields in the order they appear, each once. */
  private static List<Column> columns(Grok grok) {
    Map<String, String> types = new LinkedHashMap<>();
    Matcher group = GROUP.matcher(grok.getNamedRegex());
    while (group.find()) {
      String field = grok.getNamedRegexCollectionById(group.group(1));
      String[] parts = FIELD_SEPARATOR.split(field, 3);
      if (parts[0].equals("UNWANTED")) {
        continue;
      }
      String type =
          parts.length > 1
              ? HIVE_TYPES.get(parts[1].toLowerCase(Locale.ROOT))
              : PrimitiveTypes.STRING;
      if (type == null) {
        throw new IllegalArgumentException("unknown grok type '" + parts[1] + "' of " + parts[0]);
      }
      String name = parts[0].toLowerCase(Locale.ROOT);
      types.put(name, types.containsKey(name) ? PrimitiveTypes.widen(types.get(name), type) : type);
    }
    List<Column> columns = new ArrayList<>();
    types.forEach((name, type) -> columns.add(new Column(name, type)));
    return List.copyOf(columns);
  }

  @Override
  public String name() {
    return classification;
  }

  List<Column> columns() {
    return columns;
  }

  @Override
  public Classification classify(FileSample sample) {
    SampleText decoded;
    try {
      decoded = SampleText.decode(sample);
    } catch (CharacterCodingException e) {
      return Classification.unknown("not UTF-8 text");
    }
    String text = decoded.text();
    if (text.indexOf('\u0000') >= 0) {
      return Classification.unknown("binary content");
    }
    Budget budget = new Budget();
    int records = 0;
    int start = -1;
    int end = 0;
    int position = 0;
    int lineNumber = 0;
    while (position < text.length() && records < FileSample.MAX_RECORDS) {
      int lineBreak = text.indexOf('\n', position);
      int next = lineBreak < 0 ? text.length() : lineBreak + 1;
      int lineEnd = lineBreak < 0 ? text.length() : lineBreak;
      if (lineEnd > position && text.charAt(lineEnd - 1) == '\r') {
        lineEnd--;
      }
      lineNumber++;
      String content = text.substring(position, lineEnd);
      if (!content.isBlank()) {
        boolean matches;
        try {
          matches = line.matcher(new CountedLine(content, budget)).matches();
        } catch (Budget.ExceededException | StackOverflowError e) {
          return Classification.unknown(
              "the grok pattern takes too long to match line " + lineNumber);
        }
        if (!matches) {
          return Classification.unknown(
              "line " + lineNumber + " does not match the grok pattern: " + shortened(content));
        }
        if (start < 0) {
          start = position;
        }
        records++;
        end = next;
      }
      position = next;
    }
    if (records == 0) {
      return Classification.unknown("no line to match");
    }
    Map<String, String> parameters =
        new HashMap<>(
            RecordStatistics.of(
                sample,
                records,
                decoded.bytesBefore(start),
                decoded.bytesBefore(end),
                position >= text.length()));
    parameters.put("classification", classification);
    parameters.put("typeOfData", "file");
    parameters.put("compressionType", sample.compression());
    Map<String, String> serdeParameters = new HashMap<>();
    serdeParameters.put("input.format", grokPattern);
    if (!customPatterns.isBlank()) {
      serdeParameters.put("input.grokCustomPatterns", customPatterns);
    }
    return new Classification(
        classification,
        1.0,
        columns,
        GROK_SERDE,
        serdeParameters,
        CsvClassifier.TEXT_INPUT_FORMAT,
        CsvClassifier.TEXT_OUTPUT_FORMAT,
        parameters,
        "");
  }

  private static String shortened(String content) {
    return content.length() <= 100 ? content : content.substring(0, 100) + "…";
  }

  /** How many more characters the regular expressions may read in one classification. */
  private static final class Budget {
    private long remaining = MAX_CHARACTER_READS;

    void spend() {
      if (--remaining < 0) {
        throw new ExceededException();
      }
    }

    private static final class ExceededException extends RuntimeException {
      ExceededException() {
        super("the character read budget is spent", null, false, false);
      }
    }
  }

  /** A line whose every character read is charged to the budget. */
  private record CountedLine(String text, Budget budget) implements CharSequence {
    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      budget.spend();
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new CountedLine(text.substring(start, end), budget);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
