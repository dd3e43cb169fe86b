package io.cairn.etl.io;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Glue's {@code CatalogTarget} and {@code S3CatalogTarget}: rows appended to the catalog table
 * {@code Database}.{@code Table} in its location and format. An {@code S3CatalogTarget}'s {@code
 * SchemaChangePolicy} decides what else changes (see {@link CatalogUpdate}); with {@code
 * UPDATE_IN_DATABASE} a missing table is created in the database's location, partitioned by {@code
 * PartitionKeys}, in Cairn's {@code Format} ({@code parquet} unless set) and {@code Compression}. A
 * {@code CatalogTarget} changes only files, as Glue's does.
 */
public final class CatalogTarget implements Target {
  private final String type;

  private CatalogTarget(String type) {
    this.type = requireNonNull(type, "type is null");
  }

  public static List<Target> all() {
    return List.of(new CatalogTarget("CatalogTarget"), new CatalogTarget("S3CatalogTarget"));
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    Settings.requireText(configuration, "Database", problems);
    Settings.requireText(configuration, "Table", problems);
    String format = Settings.text(configuration, "Format").orElse("parquet");
    Settings.text(configuration, "Compression")
        .ifPresentOrElse(
            compression -> FileFormats.check(format, compression, problems),
            () -> FileFormats.check(format, FileFormats.defaultCompression(format), problems));
    if (type.equals("S3CatalogTarget")) {
      CatalogUpdate.validate(configuration, problems);
    } else if (configuration.has("SchemaChangePolicy")) {
      problems.add("a CatalogTarget has no SchemaChangePolicy; use S3CatalogTarget");
    }
    return problems;
  }

  @Override
  public void write(TransformContext context, Dataset<Row> data, JsonNode configuration) {
    CatalogTableWriter.write(
        context,
        data,
        new CatalogTableWriter.Request(
            Settings.requiredText(configuration, "Database"),
            Settings.requiredText(configuration, "Table"),
            Optional.empty(),
            Settings.text(configuration, "Format").orElse("parquet"),
            Settings.text(configuration, "Compression"),
            Settings.partitionKeys(configuration),
            type.equals("S3CatalogTarget") ? CatalogUpdate.of(configuration) : CatalogUpdate.NONE));
  }
}
