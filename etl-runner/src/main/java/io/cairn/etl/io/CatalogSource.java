package io.cairn.etl.io;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Glue's {@code CatalogSource} and {@code S3CatalogSource}: a table of the catalog ({@code
 * Database}, {@code Table}) read through Spark's Hive catalog, which is Cairn over Thrift; an
 * {@code S3CatalogSource}'s {@code PartitionPredicate} (a SQL expression over the partition
 * columns) prunes partitions as Glue's push-down predicate does.
 */
public final class CatalogSource implements Source {
  private final String type;

  private CatalogSource(String type) {
    this.type = requireNonNull(type, "type is null");
  }

  public static List<Source> all() {
    return List.of(new CatalogSource("CatalogSource"), new CatalogSource("S3CatalogSource"));
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
    return problems;
  }

  @Override
  public Dataset<Row> read(TransformContext context, JsonNode configuration) {
    Dataset<Row> table =
        context
            .spark()
            .table(
                TableNames.quoted(
                    Settings.requiredText(configuration, "Database"),
                    Settings.requiredText(configuration, "Table")));
    return Settings.text(configuration, "PartitionPredicate").map(table::where).orElse(table);
  }
}
