package io.cairn.etl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Febrl's dataset1 (../shared/data/febrl) with the entity hidden: the records get a synthetic key
 * {@code id}; which entity each key is stays in {@link #entityOfKey}, for oracles and scoring.
 */
public record FebrlPeople(Dataset<Row> records, Map<String, String> entityOfKey) {
  public static FebrlPeople load(SparkSession spark) throws IOException {
    String root = System.getenv("CAIRN_REPO_ROOT");
    Path file =
        Path.of(root == null ? ".." : root)
            .toAbsolutePath()
            .resolveSibling("shared")
            .resolve("data/febrl/dataset1.csv");
    if (!Files.exists(file)) {
      file = Path.of("/work/shared/data/febrl/dataset1.csv");
    }
    List<String> lines = Files.readAllLines(file);
    String[] header = lines.get(0).split(",");
    StructType schema = new StructType().add("id", DataTypes.StringType);
    for (int i = 1; i < header.length; i++) {
      schema = schema.add(header[i].trim(), DataTypes.StringType);
    }
    List<Row> rows = new ArrayList<>();
    Map<String, String> entityOfKey = new HashMap<>();
    for (int line = 1; line < lines.size(); line++) {
      String[] fields = lines.get(line).split(",", -1);
      Object[] values = new Object[header.length];
      values[0] = Integer.toString(line);
      entityOfKey.put(values[0].toString(), fields[0].trim().split("-")[1]);
      for (int i = 1; i < header.length; i++) {
        values[i] = fields[i].trim().isEmpty() ? null : fields[i].trim();
      }
      rows.add(RowFactory.create(values));
    }
    return new FebrlPeople(spark.createDataFrame(rows, schema).cache(), Map.copyOf(entityOfKey));
  }

  /** Pairwise F1 of {@code match_id} groups against the true entities. */
  public double pairF1(Dataset<Row> matches) {
    Map<Long, Map<String, Integer>> cells = new HashMap<>();
    Map<Long, Integer> groupSizes = new HashMap<>();
    Map<String, Integer> entitySizes = new HashMap<>();
    for (Row row : matches.select("id", "match_id").collectAsList()) {
      String entity = entityOfKey.get(row.getString(0));
      cells.computeIfAbsent(row.getLong(1), id -> new HashMap<>()).merge(entity, 1, Integer::sum);
      groupSizes.merge(row.getLong(1), 1, Integer::sum);
      entitySizes.merge(entity, 1, Integer::sum);
    }
    long correct =
        cells.values().stream()
            .flatMap(cell -> cell.values().stream())
            .mapToLong(FebrlPeople::pairs)
            .sum();
    long predicted = groupSizes.values().stream().mapToLong(FebrlPeople::pairs).sum();
    long actual = entitySizes.values().stream().mapToLong(FebrlPeople::pairs).sum();
    double precision = predicted == 0 ? 0 : correct / (double) predicted;
    double recall = correct / (double) actual;
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  }

  private static long pairs(long n) {
    return n * (n - 1) / 2;
  }
}
