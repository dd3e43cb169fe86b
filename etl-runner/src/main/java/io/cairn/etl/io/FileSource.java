package io.cairn.etl.io;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Glue's file sources ({@code S3CsvSource}, {@code S3JsonSource}, {@code S3ParquetSource}) and
 * Cairn's {@code S3OrcSource} of the same shape: the files under {@code Paths}, read with Spark's
 * own readers. Fields that only tune Glue's file grouping ({@code GroupFiles}, {@code GroupSize},
 * {@code MaxBand}, {@code MaxFilesInBand}, {@code OptimizePerformance}) do not change what is read
 * and are ignored; Spark detects compression from the file names, so {@code CompressionType} is
 * ignored too.
 */
public final class FileSource implements Source {
  /** Glue's {@code Separator} names. */
  private static final Map<String, String> SEPARATORS =
      Map.of("comma", ",", "ctrla", "\u0001", "pipe", "|", "semicolon", ";", "tab", "\t");

  /** Glue's {@code QuoteChar} names; {@code disabled} is Spark's empty quote. */
  private static final Map<String, String> QUOTES =
      Map.of("quote", "\"", "quillemet", "«", "single_quote", "'", "disabled", "");

  private final String type;
  private final String format;

  private FileSource(String type, String format) {
    this.type = requireNonNull(type, "type is null");
    this.format = requireNonNull(format, "format is null");
  }

  public static List<Source> all() {
    return List.of(
        new FileSource("S3CsvSource", "csv"),
        new FileSource("S3JsonSource", "json"),
        new FileSource("S3ParquetSource", "parquet"),
        new FileSource("S3OrcSource", "orc"));
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    List<String> paths = Settings.strings(configuration, "Paths");
    if (paths.isEmpty()) {
      problems.add("Paths is missing or empty");
    }
    paths.forEach(path -> FilePaths.check(path, problems));
    if (!Settings.strings(configuration, "Exclusions").isEmpty()
        || Settings.text(configuration, "Exclusions")
            .filter(value -> !"[]".equals(value))
            .isPresent()) {
      problems.add("Exclusions are not supported; list the paths to read instead");
    }
    if (format.equals("csv")) {
      Settings.requireOneOf(configuration, "Separator", SEPARATORS.keySet(), problems);
      Settings.requireOneOf(configuration, "QuoteChar", QUOTES.keySet(), problems);
      Settings.text(configuration, "Escaper")
          .filter(escaper -> escaper.length() != 1)
          .ifPresent(
              escaper -> problems.add("Escaper must be one character, not '" + escaper + "'"));
    }
    if (format.equals("json")) {
      Settings.text(configuration, "JsonPath")
          .filter(path -> !path.equals("$") && !path.equals("$[*]"))
          .ifPresent(
              path ->
                  problems.add(
                      "JsonPath '" + path + "' is not supported; only records at the top level"));
    }
    return problems;
  }

  @Override
  public Dataset<Row> read(TransformContext context, JsonNode configuration) {
    DataFrameReader reader = context.spark().read().format(format);
    // Spark reads key=value folders as partition columns; Recurse (files in any folder) turns that
    // off, so it is asked for only explicitly.
    if (Settings.flag(configuration, "Recurse", false)) {
      reader = reader.option("recursiveFileLookup", "true");
    }
    if (format.equals("csv")) {
      reader =
          reader
              .option(
                  "sep", SEPARATORS.get(Settings.text(configuration, "Separator").orElse("comma")))
              .option(
                  "quote", QUOTES.get(Settings.text(configuration, "QuoteChar").orElse("quote")))
              .option("header", Settings.flag(configuration, "WithHeader", false))
              .option("multiLine", Settings.flag(configuration, "Multiline", false))
              // Glue's reader gives each column the type its values have; Spark's does so only
              // when asked to infer.
              .option("inferSchema", "true");
      if (Settings.text(configuration, "Escaper").isPresent()) {
        reader = reader.option("escape", Settings.requiredText(configuration, "Escaper"));
      }
    }
    if (format.equals("json")) {
      reader = reader.option("multiLine", Settings.flag(configuration, "Multiline", false));
    }
    return reader.load(Settings.strings(configuration, "Paths").toArray(String[]::new));
  }
}
