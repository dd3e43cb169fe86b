package io.cairn.etl.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.JobContext;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.CreateTableWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import scala.collection.JavaConverters;

/**
 * Glue's {@code S3IcebergCatalogTarget}: rows written to the Iceberg table {@code Database}.{@code
 * Table} through Cairn's Iceberg REST catalog; a missing table is created, partitioned by {@code
 * PartitionKeys} (identity partitions). {@code AdditionalOptions} chooses how: {@code writeMode}
 * {@code append} (the default), {@code overwrite} (the table's rows are replaced by the job's, as
 * one snapshot) or {@code merge} (MERGE INTO on the comma-separated {@code mergeKeys}: matching
 * rows are updated, others inserted).
 */
public final class IcebergTarget implements Target {
  private static final Set<String> MODES = Set.of("append", "overwrite", "merge");

  @Override
  public String type() {
    return "S3IcebergCatalogTarget";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    Settings.requireText(configuration, "Database", problems);
    Settings.requireText(configuration, "Table", problems);
    JsonNode options = configuration.path("AdditionalOptions");
    Settings.requireOneOf(options, "writeMode", MODES, problems);
    if (mode(configuration).equals("merge") && mergeKeys(configuration).isEmpty()) {
      problems.add("AdditionalOptions.mergeKeys is needed when writeMode is merge");
    }
    return problems;
  }

  @Override
  public void write(TransformContext context, Dataset<Row> data, JsonNode configuration) {
    IcebergTables.requireCatalog(context);
    SparkSession spark = context.spark();
    String name =
        TableNames.quoted(
            JobContext.ICEBERG_CATALOG,
            Settings.requiredText(configuration, "Database"),
            Settings.requiredText(configuration, "Table"));
    if (!spark.catalog().tableExists(name)) {
      List<String> keys = Settings.partitionKeys(configuration);
      CreateTableWriter<Row> writer = data.writeTo(name);
      if (!keys.isEmpty()) {
        writer =
            writer.partitionedBy(
                col(keys.get(0)),
                JavaConverters.asScalaBuffer(
                        keys.subList(1, keys.size()).stream().map(key -> col(key)).toList())
                    .toSeq());
      }
      try {
        writer.create();
        return;
      } catch (TableAlreadyExistsException e) {
        // Another writer created it since the check: write into it as if it had been there.
      }
    }
    try {
      switch (mode(configuration)) {
        case "overwrite" -> data.writeTo(name).overwrite(lit(true));
        case "merge" -> merge(spark, data, name, mergeKeys(configuration));
        default -> data.writeTo(name).append();
      }
    } catch (NoSuchTableException e) {
      throw new IllegalStateException("table " + name + " was dropped while the job wrote it", e);
    }
  }

  private static void merge(SparkSession spark, Dataset<Row> data, String name, List<String> keys) {
    String view = "cairn_merge_" + UUID.randomUUID().toString().replace("-", "");
    data.createOrReplaceTempView(view);
    try {
      String condition =
          keys.stream()
              .map(
                  key ->
                      "target."
                          + TableNames.identifier(key)
                          + " = source."
                          + TableNames.identifier(key))
              .collect(Collectors.joining(" AND "));
      spark.sql(
          "MERGE INTO "
              + name
              + " target USING "
              + view
              + " source ON "
              + condition
              + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
    } finally {
      spark.catalog().dropTempView(view);
    }
  }

  private static String mode(JsonNode configuration) {
    return Settings.text(configuration.path("AdditionalOptions"), "writeMode").orElse("append");
  }

  private static List<String> mergeKeys(JsonNode configuration) {
    return Settings.text(configuration.path("AdditionalOptions"), "mergeKeys").stream()
        .flatMap(keys -> Arrays.stream(keys.split(",")))
        .map(String::trim)
        .filter(key -> !key.isEmpty())
        .toList();
  }
}
