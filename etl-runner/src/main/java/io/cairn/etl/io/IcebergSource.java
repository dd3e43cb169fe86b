package io.cairn.etl.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.JobContext;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Glue's {@code CatalogIcebergSource}: an Iceberg table ({@code Database}, {@code Table}) read
 * through Cairn's Iceberg REST catalog.
 */
public final class IcebergSource implements Source {
  @Override
  public String type() {
    return "CatalogIcebergSource";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    Settings.requireText(configuration, "Database", problems);
    Settings.requireText(configuration, "Table", problems);
    return problems;
  }

  @Override
  public Dataset<Row> read(TransformContext context, JsonNode configuration) {
    IcebergTables.requireCatalog(context);
    return context
        .spark()
        .table(
            TableNames.quoted(
                JobContext.ICEBERG_CATALOG,
                Settings.requiredText(configuration, "Database"),
                Settings.requiredText(configuration, "Table")));
  }
}
