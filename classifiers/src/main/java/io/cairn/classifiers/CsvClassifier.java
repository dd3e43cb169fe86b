package io.cairn.classifiers;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Glue's built-in CSV classifier: delimiter among {@code , | \t ; \u0001}, double-quoted values,
 * Glue's header rule, and int / bigint / double / boolean / date / timestamp / string columns.
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

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public Classification classify(FileSample sample) {
    String text;
    try {
      text = decode(sample);
    } catch (CharacterCodingException e) {
      return Classification.unknown("not UTF-8 text");
    }
    String start = text.stripLeading();
    if (start.startsWith("{") || start.startsWith("[")) {
      // Such a file is JSON's to recognise, or nobody's: a broken JSON file is not CSV.
      return Classification.unknown("starts like JSON");
    }
    if (text.indexOf('\u0000') >= 0) {
      return Classification.unknown("binary content");
    }
    Parsed best = null;
    String lastReason = "no delimiter among , | \\t ; \\u0001 splits every record alike";
    for (char delimiter : DELIMITERS) {
      Parsed parsed;
      try {
        parsed = parse(text, delimiter, sample.isComplete());
      } catch (IllegalArgumentException e) {
        lastReason = e.getMessage();
        continue;
      }
      if (parsed.consistentColumnCount() >= 2
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
    return classification(best, sample.compression());
  }

  private static Classification classification(Parsed parsed, String compression) {
    List<List<String>> records = parsed.records;
    int columnCount = records.get(0).size();
    List<String> firstTypes = types(records.subList(0, 1), columnCount);
    List<String> dataTypes = types(records.subList(1, records.size()), columnCount);
    boolean header = isHeader(records.get(0), firstTypes, dataTypes);
    List<String> columnTypes = header ? dataTypes : types(records, columnCount);
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < columnCount; i++) {
      String name = header ? records.get(0).get(i).strip().toLowerCase(Locale.ROOT) : "col" + i;
      String type = columnTypes.get(i) == null ? PrimitiveTypes.STRING : columnTypes.get(i);
      columns.add(new Column(name, type));
    }
    String delimiter = String.valueOf(parsed.delimiter);
    Map<String, String> parameters = new HashMap<>();
    parameters.put("classification", "csv");
    parameters.put("delimiter", delimiter);
    parameters.put("typeOfData", "file");
    parameters.put("columnsOrdered", "true");
    parameters.put("areColumnsQuoted", String.valueOf(parsed.quoted));
    parameters.put("compressionType", compression);
    if (header) {
      parameters.put("skip.header.line.count", "1");
    }
    // Glue picks OpenCSVSerde only when values are quoted; LazySimpleSerDe cannot unquote.
    String serde = parsed.quoted ? OPEN_CSV_SERDE : LAZY_SIMPLE_SERDE;
    Map<String, String> serdeParameters =
        parsed.quoted
            ? Map.of("separatorChar", delimiter, "quoteChar", String.valueOf(QUOTE))
            : Map.of("field.delim", delimiter);
    return new Classification(
        "csv",
        1.0,
        columns,
        serde,
        serdeParameters,
        TEXT_INPUT_FORMAT,
        TEXT_OUTPUT_FORMAT,
        parameters,
        "");
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
  private static List<String> types(List<List<String>> records, int columnCount) {
    List<String> types = new ArrayList<>();
    for (int i = 0; i < columnCount; i++) {
      String type = null;
      for (List<String> record : records) {
        type = PrimitiveTypes.widen(type, typeOf(record.get(i)));
      }
      types.add(type);
    }
    return types;
  }

  static String typeOf(String raw) {
    String value = raw.strip();
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

  private static String decode(FileSample sample) throws CharacterCodingException {
    byte[] bytes = sample.bytes();
    int length = bytes.length;
    if (!sample.isComplete()) {
      // The sample limit may cut a character in two; the cut record is dropped anyway.
      while (length > 0 && bytes[length - 1] != '\n') {
        length--;
      }
    }
    String text =
        UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, 0, length))
            .toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /**
   * Splits up to {@link FileSample#MAX_RECORDS} records. A quoted value may hold delimiters, line
   * breaks and doubled quotes. An unterminated quote is malformed in a complete file; in a cut
   * sample it is the cut record and is dropped.
   */
  static Parsed parse(String text, char delimiter, boolean complete) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder value = new StringBuilder();
    boolean quoted = false;
    boolean inQuotes = false;
    boolean recordStarted = false;
    int i = 0;
    int length = text.length();
    while (i < length && records.size() < FileSample.MAX_RECORDS) {
      char c = text.charAt(i);
      if (inQuotes) {
        if (c == QUOTE) {
          if (i + 1 < length && text.charAt(i + 1) == QUOTE) {
            value.append(QUOTE);
            i++;
          } else {
            inQuotes = false;
          }
        } else {
          value.append(c);
        }
      } else if (c == QUOTE && value.toString().isBlank()) {
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
    }
    return new Parsed(delimiter, records, quoted);
  }

  record Parsed(char delimiter, List<List<String>> records, boolean quoted) {
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
