package io.cairn.classifiers;

import static java.util.Objects.requireNonNull;

import io.cairn.classifiers.ClassifierDefinition.CsvHeader;
import java.nio.charset.CharacterCodingException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Glue's CSV classifier. The built-in one tries the delimiters {@code , | \t ; \u0001} with
 * double-quoted values, applies Glue's header rule, and infers int / bigint / double / boolean /
 * date / timestamp / string columns. A custom one ({@link ClassifierDefinition.Csv}) has one
 * delimiter and quote symbol, may say whether the file has a header and name the columns, may keep
 * values untrimmed, allow a single column, restrict the inferred types and choose the SerDe.
 */
public final class CsvClassifier implements Classifier {
  static final String LAZY_SIMPLE_SERDE = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
  static final String OPEN_CSV_SERDE = "org.apache.hadoop.hive.serde2.OpenCSVSerde";
  static final String TEXT_INPUT_FORMAT = "org.apache.hadoop.mapred.TextInputFormat";
  static final String TEXT_OUTPUT_FORMAT =
      "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

  private static final char[] DELIMITERS = {',', '|', '\t', ';', '\u0001'};
  private static final char QUOTE = '"';
  // Glue: every header column but the last is shorter than 150 characters.
  private static final int MAX_HEADER_LENGTH = 150;
  // Glue's single-line string pattern for column names: no line breaks, at most 255 characters.
  private static final Pattern COLUMN_NAME = Pattern.compile("[^\\r\\n\\u0000]{1,255}");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  /** Glue's custom datatypes and the Hive type each stands for. */
  private static final Map<String, String> CUSTOM_DATATYPES = customDatatypes();

  /** Glue's CsvClassifier Serde values. */
  static final String SERDE_OPEN_CSV = "OpenCSVSerDe";

  static final String SERDE_LAZY_SIMPLE = "LazySimpleSerDe";
  static final String SERDE_NONE = "None";

  private final char[] delimiters;
  private final char quote;
  private final CsvHeader containsHeader;
  private final List<String> header;
  private final boolean trimValues;
  private final boolean allowSingleColumn;
  // Empty: infer the built-in types.
  private final Set<String> customDatatypes;
  private final String serde;

  /** Glue's built-in CSV classifier. */
  public CsvClassifier() {
    this.delimiters = DELIMITERS.clone();
    this.quote = QUOTE;
    this.containsHeader = CsvHeader.UNKNOWN;
    this.header = List.of();
    this.trimValues = true;
    this.allowSingleColumn = false;
    this.customDatatypes = Set.of();
    this.serde = SERDE_NONE;
  }

  /**
   * A custom CSV classifier. An empty delimiter or quote symbol means Glue's default, {@code ,} and
   * {@code "}; an empty serde means {@code None}.
   *
   * @throws IllegalArgumentException for a definition Glue rejects, such as a delimiter equal to
   *     the quote symbol, a header name that is empty, longer than 255 characters or repeated, or
   *     an unknown custom datatype
   */
  CsvClassifier(ClassifierDefinition.Csv definition) {
    requireNonNull(definition, "definition is null");
    this.delimiters = new char[] {symbol("delimiter", definition.delimiter(), ',')};
    this.quote = symbol("quote symbol", definition.quoteSymbol(), QUOTE);
    if (delimiters[0] == quote) {
      throw new IllegalArgumentException(
          "the quote symbol must differ from the delimiter: both are '" + quote + "'");
    }
    this.containsHeader = definition.containsHeader();
    Set<String> names = new HashSet<>();
    for (String name : definition.header()) {
      if (!GlueLimits.NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "a header name must be 1 to 255 characters without line breaks: '" + name + "'");
      }
      if (!names.add(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("the header names column '" + name + "' twice");
      }
    }
    this.header = definition.header();
    this.trimValues = !definition.disableValueTrimming();
    this.allowSingleColumn = definition.allowSingleColumn();
    if (definition.customDatatypeConfigured()) {
      if (definition.customDatatypes().isEmpty()) {
        throw new IllegalArgumentException(
            "custom datatypes are configured but none is listed; Glue's are "
                + CUSTOM_DATATYPES.keySet());
      }
      for (String datatype : definition.customDatatypes()) {
        if (!CUSTOM_DATATYPES.containsKey(datatype)) {
          throw new IllegalArgumentException(
              "unknown custom datatype '"
                  + datatype
                  + "'; Glue's are "
                  + CUSTOM_DATATYPES.keySet());
        }
      }
      this.customDatatypes = Set.copyOf(definition.customDatatypes());
    } else {
      this.customDatatypes = Set.of();
    }
    String chosen = definition.serde().isEmpty() ? SERDE_NONE : definition.serde();
    if (!Set.of(SERDE_OPEN_CSV, SERDE_LAZY_SIMPLE, SERDE_NONE).contains(chosen)) {
      throw new IllegalArgumentException(
          "serde must be OpenCSVSerDe, LazySimpleSerDe or None: '" + definition.serde() + "'");
    }
    this.serde = chosen;
  }

  private static char symbol(String what, String value, char defaultSymbol) {
    if (value.isEmpty()) {
      return defaultSymbol;
    }
    if (value.length() != 1 || value.charAt(0) == '\r' || value.charAt(0) == '\n') {
      throw new IllegalArgumentException(
          "the " + what + " must be one character other than a line break: '" + value + "'");
    }
    return value.charAt(0);
  }

  @Override
  public String name() {
    return "csv";
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
    String start = text.stripLeading();
    if (start.startsWith("{") || start.startsWith("[")) {
      // Such a file is JSON's to recognise, or nobody's: a broken JSON file is not CSV.
      return Classification.unknown("starts like JSON");
    }
    if (text.indexOf('\u0000') >= 0) {
      return Classification.unknown("binary content");
    }
    int minimumColumns = allowSingleColumn ? 1 : 2;
    Parsed best = null;
    String lastReason = "no delimiter among " + describe(delimiters) + " splits every record alike";
    for (char delimiter : delimiters) {
      Parsed parsed;
      try {
        parsed = parse(text, delimiter, quote, sample.isComplete());
      } catch (IllegalArgumentException e) {
        lastReason = e.getMessage();
        continue;
      }
      if (parsed.consistentColumnCount() >= minimumColumns
          && (best == null || parsed.consistentColumnCount() > best.consistentColumnCount())) {
        best = parsed;
      }
    }
    if (best == null) {
      return Classification.unknown(lastReason);
    }
    if (best.records.size() < 2) {
      return Classification.unknown("fewer than two records");
    }
    int columnCount = best.records.get(0).size();
    if (!header.isEmpty() && header.size() != columnCount) {
      return Classification.unknown(
          "the classifier's header names "
              + header.size()
              + " columns, the records have "
              + columnCount);
    }
    return classification(best, sample, decoded);
  }

  private static String describe(char[] delimiters) {
    List<String> shown = new ArrayList<>();
    for (char delimiter : delimiters) {
      shown.add(
          switch (delimiter) {
            case '\t' -> "\\t";
            case '\u0001' -> "\\u0001";
            default -> String.valueOf(delimiter);
          });
    }
    return String.join(" ", shown);
  }

  private Classification classification(Parsed parsed, FileSample sample, SampleText text) {
    List<List<String>> records = parsed.records;
    int columnCount = records.get(0).size();
    List<String> firstTypes = types(records.subList(0, 1), columnCount);
    List<String> dataTypes = types(records.subList(1, records.size()), columnCount);
    boolean hasHeader =
        switch (containsHeader) {
          case PRESENT -> true;
          case ABSENT -> false;
          case UNKNOWN -> isHeader(records.get(0), firstTypes, dataTypes);
        };
    List<List<String>> data = hasHeader ? records.subList(1, records.size()) : records;
    List<String> columnTypes = hasHeader ? dataTypes : types(records, columnCount);
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < columnCount; i++) {
      String name;
      if (!header.isEmpty()) {
        name = header.get(i).toLowerCase(Locale.ROOT);
      } else if (hasHeader) {
        name = records.get(0).get(i).strip().toLowerCase(Locale.ROOT);
      } else {
        name = "col" + i;
      }
      columns.add(new Column(name, hiveType(columnTypes.get(i), data, i)));
    }
    String delimiter = String.valueOf(parsed.delimiter);
    Map<String, String> parameters = new HashMap<>();
    parameters.put("classification", "csv");
    parameters.put("delimiter", delimiter);
    parameters.put("typeOfData", "file");
    parameters.put("columnsOrdered", "true");
    parameters.put("areColumnsQuoted", String.valueOf(parsed.quoted));
    parameters.put("compressionType", sample.compression());
    if (hasHeader) {
      parameters.put("skip.header.line.count", "1");
    }
    parameters.putAll(
        RecordStatistics.of(
            sample,
            data.size(),
            hasHeader ? text.bytesBefore(parsed.firstRecordEnd) : 0,
            text.bytesBefore(parsed.end),
            parsed.records.size() < FileSample.MAX_RECORDS));
    // Glue picks OpenCSVSerde only when values are quoted; LazySimpleSerDe cannot unquote.
    boolean openCsv = serde.equals(SERDE_OPEN_CSV) || (serde.equals(SERDE_NONE) && parsed.quoted);
    Map<String, String> serdeParameters =
        openCsv
            ? Map.of("separatorChar", delimiter, "quoteChar", String.valueOf(quote))
            : Map.of("field.delim", delimiter);
    return new Classification(
        "csv",
        1.0,
        columns,
        openCsv ? OPEN_CSV_SERDE : LAZY_SIMPLE_SERDE,
        serdeParameters,
        TEXT_INPUT_FORMAT,
        TEXT_OUTPUT_FORMAT,
        parameters,
        "");
  }

  /**
   * The column's Hive type: the built-in inferred type, or with custom datatypes the first of them,
   * in Glue's order of narrowness, that holds every value; string when none does.
   */
  private String hiveType(String inferred, List<List<String>> data, int column) {
    if (inferred == null) {
      return PrimitiveTypes.STRING;
    }
    if (customDatatypes.isEmpty()) {
      return inferred;
    }
    List<String> candidates =
        switch (inferred) {
          case PrimitiveTypes.INT ->
              fitsShort(data, column)
                  ? List.of("SHORT", "INT", "LONG", "DECIMAL", "DOUBLE", "FLOAT")
                  : List.of("INT", "LONG", "DECIMAL", "DOUBLE", "FLOAT");
          case PrimitiveTypes.BIGINT -> List.of("LONG", "DECIMAL", "DOUBLE", "FLOAT");
          case PrimitiveTypes.DOUBLE -> List.of("DOUBLE", "FLOAT", "DECIMAL");
          case PrimitiveTypes.BOOLEAN -> List.of("BOOLEAN");
          case PrimitiveTypes.DATE -> List.of("DATE");
          case PrimitiveTypes.TIMESTAMP -> List.of("TIMESTAMP");
          default -> List.of();
        };
    for (String candidate : candidates) {
      if (customDatatypes.contains(candidate)) {
        if (candidate.equals("DECIMAL") && !inferred.equals(PrimitiveTypes.DOUBLE)) {
          return "decimal(38,0)";
        }
        return CUSTOM_DATATYPES.get(candidate);
      }
    }
    return PrimitiveTypes.STRING;
  }

  private boolean fitsShort(List<List<String>> data, int column) {
    for (List<String> record : data) {
      String value = trimValues ? record.get(column).strip() : record.get(column);
      if (!value.isEmpty()) {
        int number = Integer.parseInt(value);
        if (number < Short.MIN_VALUE || number > Short.MAX_VALUE) {
          return false;
        }
      }
    }
    return true;
  }

  private static Map<String, String> customDatatypes() {
    Map<String, String> types = new LinkedHashMap<>();
    types.put("BINARY", "binary");
    types.put("BOOLEAN", PrimitiveTypes.BOOLEAN);
    types.put("DATE", PrimitiveTypes.DATE);
    types.put("DECIMAL", "decimal(38,18)");
    types.put("DOUBLE", PrimitiveTypes.DOUBLE);
    types.put("FLOAT", "float");
    types.put("INT", PrimitiveTypes.INT);
    types.put("LONG", PrimitiveTypes.BIGINT);
    types.put("SHORT", "smallint");
    types.put("STRING", PrimitiveTypes.STRING);
    types.put("TIMESTAMP", PrimitiveTypes.TIMESTAMP);
    return Map.copyOf(types);
  }

  /**
   * Glue's header rule: every value of the first record parses as a string, is a valid column name
   * and, except the last (which may be empty for a trailing delimiter), is shorter than 150
   * characters; and the first record differs from the data, that is some data column is not string.
   */
  private static boolean isHeader(
      List<String> first, List<String> firstTypes, List<String> dataTypes) {
    int last = first.size() - 1;
    for (int i = 0; i <= last; i++) {
      String value = first.get(i).strip();
      if (i == last && value.isEmpty() && dataTypes.get(i) == null) {
        continue;
      }
      if (!PrimitiveTypes.STRING.equals(firstTypes.get(i))
          || !COLUMN_NAME.matcher(value).matches()
          || (i < last && value.length() >= MAX_HEADER_LENGTH)) {
        return false;
      }
    }
    return dataTypes.stream().anyMatch(type -> type != null && !type.equals(PrimitiveTypes.STRING));
  }

  /** Per column, the widened type of the records' non-empty values; {@code null} if all empty. */
  private List<String> types(List<List<String>> records, int columnCount) {
    List<String> types = new ArrayList<>();
    for (int i = 0; i < columnCount; i++) {
      String type = null;
      for (List<String> record : records) {
        String value = record.get(i);
        type = PrimitiveTypes.widen(type, typeOf(trimValues ? value.strip() : value));
      }
      types.add(type);
    }
    return types;
  }

  /** The built-in type of a value as it is, {@code null} when it is empty. */
  static String typeOf(String value) {
    if (value.isEmpty()) {
      return null;
    }
    if (INTEGER.matcher(value).matches()) {
      try {
        Integer.parseInt(value);
        return PrimitiveTypes.INT;
      } catch (NumberFormatException e) {
        try {
          Long.parseLong(value);
          return PrimitiveTypes.BIGINT;
        } catch (NumberFormatException tooLong) {
          return PrimitiveTypes.DOUBLE;
        }
      }
    }
    if (DECIMAL.matcher(value).matches()) {
      return PrimitiveTypes.DOUBLE;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return PrimitiveTypes.BOOLEAN;
    }
    try {
      LocalDate.parse(value);
      return PrimitiveTypes.DATE;
    } catch (DateTimeParseException e) {
      // not a date
    }
    try {
      LocalDateTime.parse(value, TIMESTAMP);
      return PrimitiveTypes.TIMESTAMP;
    } catch (DateTimeParseException e) {
      return PrimitiveTypes.STRING;
    }
  }

  static Parsed parse(String text, char delimiter, boolean complete) {
    return parse(text, delimiter, QUOTE, complete);
  }

  /**
   * Splits up to {@link FileSample#MAX_RECORDS} records. A quoted value may hold delimiters, line
   * breaks and doubled quotes. An unterminated quote is malformed in a complete file; in a cut
   * sample it is the cut record and is dropped.
   */
  static Parsed parse(String text, char delimiter, char quote, boolean complete) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder value = new StringBuilder();
    boolean quoted = false;
    boolean inQuotes = false;
    boolean recordStarted = false;
    int firstRecordEnd = -1;
    int end = 0;
    int i = 0;
    int length = text.length();
    while (i < length && records.size() < FileSample.MAX_RECORDS) {
      char c = text.charAt(i);
      if (inQuotes) {
        if (c == quote) {
          if (i + 1 < length && text.charAt(i + 1) == quote) {
            value.append(quote);
            i++;
          } else {
            inQuotes = false;
          }
        } else {
          value.append(c);
        }
      } else if (c == quote && value.toString().isBlank()) {
        inQuotes = true;
        quoted = true;
        value.setLength(0);
        recordStarted = true;
      } else if (c == delimiter) {
        record.add(value.toString());
        value.setLength(0);
        recordStarted = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (recordStarted || value.length() > 0) {
          record.add(value.toString());
          records.add(record);
          end = i + 1;
          if (records.size() == 1) {
            firstRecordEnd = end;
          }
        }
        record = new ArrayList<>();
        value.setLength(0);
        recordStarted = false;
      } else {
        value.append(c);
        recordStarted = true;
      }
      i++;
    }
    if (inQuotes) {
      if (complete) {
        throw new IllegalArgumentException("unterminated quoted value at the end of the file");
      }
    } else if (records.size() < FileSample.MAX_RECORDS && (recordStarted || value.length() > 0)) {
      record.add(value.toString());
      records.add(record);
      end = length;
    }
    if (firstRecordEnd < 0) {
      firstRecordEnd = end;
    }
    return new Parsed(delimiter, records, quoted, firstRecordEnd, end);
  }

  /**
   * @param firstRecordEnd the index in the text after the first record and its line break
   * @param end the index in the text after the last record read
   */
  record Parsed(
      char delimiter, List<List<String>> records, boolean quoted, int firstRecordEnd, int end) {
    /** The column count every record has, or 0 if records differ. */
    int consistentColumnCount() {
      if (records.isEmpty()) {
        return 0;
      }
      int count = records.get(0).size();
      return records.stream().allMatch(record -> record.size() == count) ? count : 0;
    }
  }
}
