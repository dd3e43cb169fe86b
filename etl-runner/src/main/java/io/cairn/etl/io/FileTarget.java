package io.cairn.etl.io;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Glue's {@code S3DirectTarget} ({@code Format} json, csv, parquet or orc) and {@code
 * S3GlueParquetTarget} (always Parquet): files under {@code Path} in {@code key=value} folders of
 * the {@code PartitionKeys}, compressed as {@code Compression} says, appended to what is there.
 * With a {@code SchemaChangePolicy} that enables catalog updates, the folder is also the table
 * {@code Database}.{@code Table} of the policy (see {@link CatalogUpdate}).
 *
 * <p>CSV files start with a header line unless {@code WriteHeader} is false (Glue's {@code
 * writeHeader}, true by default as in Glue Studio), with the source's {@code Separator}, {@code
 * QuoteChar} and {@code Escaper} fields. Files of a catalog table never have one: the table's
 * readers would take it for a row.
 */
public final class FileTarget implements Target {
  private final String type;
  private final Optional<String> fixedFormat;

  private FileTarget(String type, Optional<String> fixedFormat) {
    this.type = requireNonNull(type, "type is null");
    this.fixedFormat = requireNonNull(fixedFormat, "fixedFormat is null");
  }

  public static List<Target> all() {
    return List.of(
        new FileTarget("S3DirectTarget", Optional.empty()),
        new FileTarget("S3GlueParquetTarget", Optional.of("parquet")));
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    Settings.requireText(configuration, "Path", problems);
    Settings.text(configuration, "Path").ifPresent(path -> FilePaths.check(path, problems));
    if (fixedFormat.isEmpty()) {
      Settings.requireText(configuration, "Format", problems);
    }
    Settings.text(configuration, "Format")
        .or(() -> fixedFormat)
        .ifPresent(
            format -> FileFormats.check(format, compression(configuration, format), problems));
    if (Settings.text(configuration, "Format").or(() -> fixedFormat).orElse("").equals("csv")) {
      CsvOptions.validate(configuration, problems);
      if (configuration.has("WithHeader")) {
        problems.add("WithHeader is the CSV source's field; a CSV target's is WriteHeader");
      }
    }
    CatalogUpdate.validate(configuration, problems);
    if (CatalogUpdate.of(configuration) != CatalogUpdate.NONE) {
      JsonNode policy = configuration.path("SchemaChangePolicy");
      Settings.text(policy, "Database")
          .ifPresentOrElse(
              database -> {}, () -> problems.add("SchemaChangePolicy.Database is missing"));
      Settings.text(policy, "Table")
          .ifPresentOrElse(table -> {}, () -> problems.add("SchemaChangePolicy.Table is missing"));
    }
    return problems;
  }

  @Override
  public void write(TransformContext context, Dataset<Row> data, JsonNode configuration) {
    String format = fixedFormat.orElseGet(() -> Settings.requiredText(configuration, "Format"));
    String path = Settings.requiredText(configuration, "Path");
    List<String> keys = Settings.partitionKeys(configuration);
    CatalogUpdate update = CatalogUpdate.of(configuration);
    if (update != CatalogUpdate.NONE) {
      JsonNode policy = configuration.path("SchemaChangePolicy");
      CatalogTableWriter.write(
          context,
          data,
          new CatalogTableWriter.Request(
              Settings.requiredText(policy, "Database"),
              Settings.requiredText(policy, "Table"),
              Optional.of(path),
              format,
              Optional.of(compression(configuration, format)),
              keys,
              update));
      return;
    }
    DataFrameWriter<Row> writer =
        data.write()
            .mode(SaveMode.Append)
            .format(format)
            .option(
                "compression",
                FileFormats.sparkCompression(format, compression(configuration, format)));
    if (format.equals("csv")) {
      writer =
          writer
              .options(CsvOptions.spark(configuration))
              .option("header", Settings.flag(configuration, "WriteHeader", true));
    }
    if (!keys.isEmpty()) {
      writer = writer.partitionBy(keys.toArray(String[]::new));
    }
    writer.save(path);
  }

  private static String compression(JsonNode configuration, String format) {
    return Settings.text(configuration, "Compression")
        .orElse(FileFormats.defaultCompression(format));
  }
}
