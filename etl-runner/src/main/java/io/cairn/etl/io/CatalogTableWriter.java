package io.cairn.etl.io;

import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.cairn.etl.TransformContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Writes a job's rows into a catalog table through Spark's Hive catalog (Cairn over Thrift): the
 * files go to the table's location in its partition folders, then the catalog is changed as the
 * target's {@link CatalogUpdate} says. Everything that can be wrong (missing partition columns,
 * partition keys other than the table's, a column whose type cannot be widened to the table's) is
 * found before a file is written. New columns are added before the files are written (they are
 * nullable, so the table's older files read them as nulls, and a retried write finds them there);
 * partitions are added only after the files are written, so a failed write adds none.
 */
final class CatalogTableWriter {
  private static final int PARTITIONS_PER_STATEMENT = 100;

  /**
   * Where and how to write. {@code location} and {@code format} are used when the table is created;
   * {@code partitionKeys} empty means the table's own.
   */
  record Request(
      String database,
      String table,
      Optional<String> location,
      String format,
      Optional<String> compression,
      List<String> partitionKeys,
      CatalogUpdate update) {
    Request {
      requireNonNull(database, "database is null");
      requireNonNull(table, "table is null");
      requireNonNull(location, "location is null");
      requireNonNull(format, "format is null");
      requireNonNull(compression, "compression is null");
      partitionKeys = List.copyOf(requireNonNull(partitionKeys, "partitionKeys is null"));
      requireNonNull(update, "update is null");
    }
  }

  private CatalogTableWriter() {}

  static void write(TransformContext context, Dataset<Row> data, Request request) {
    try {
      writeChecked(context, data, request);
    } catch (AnalysisException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static void writeChecked(TransformContext context, Dataset<Row> data, Request request)
      throws AnalysisException {
    SparkSession spark = context.spark();
    String name = TableNames.quoted(request.database(), request.table());
    if (!spark.catalog().databaseExists(request.database())) {
      throw new IllegalArgumentException("database " + request.database() + " does not exist");
    }
    boolean exists = spark.catalog().tableExists(request.database(), request.table());
    for (String key : request.partitionKeys()) {
      if (find(data.schema(), key).isEmpty()) {
        throw new IllegalArgumentException(
            "partition key " + key + " is not a column of the data written to " + name);
      }
    }
    if (!exists) {
      if (request.update() != CatalogUpdate.UPDATE_IN_DATABASE) {
        throw new IllegalArgumentException(
            "table "
                + request.database()
                + "."
                + request.table()
                + " does not exist; a target creates it only with UpdateBehavior"
                + " UPDATE_IN_DATABASE");
      }
      create(context, data, request, name);
      return;
    }
    CatalogTable table =
        spark
            .sessionState()
            .catalog()
            .getTableMetadata(
                new TableIdentifier(request.table(), Option.apply(request.database())));
    List<String> tableKeys = javaList(table.partitionColumnNames());
    if (!request.partitionKeys().isEmpty() && !sameNames(request.partitionKeys(), tableKeys)) {
      throw new IllegalArgumentException(
          "partition keys "
              + request.partitionKeys()
              + " differ from table "
              + name
              + "'s "
              + tableKeys);
    }
    request
        .location()
        .filter(
            location ->
                !qualified(spark, location).equals(qualified(spark, table.location().toString())))
        .ifPresent(
            location -> {
              throw new IllegalArgumentException(
                  "table " + name + " is at " + table.location() + ", not at " + location);
            });
    for (String key : tableKeys) {
      if (find(data.schema(), key).isEmpty()) {
        throw new IllegalArgumentException(
            "partition key " + key + " of table " + name + " is not a column of the data");
      }
    }
    StructType tableColumns = table.dataSchema();
    List<StructField> newColumns = new ArrayList<>();
    for (StructField field : data.schema().fields()) {
      Optional<StructField> existing = find(tableColumns, field.name());
      boolean partitionColumn =
          tableKeys.stream().anyMatch(key -> key.equalsIgnoreCase(field.name()));
      if (existing.isPresent()) {
        if (!existing.get().dataType().equals(field.dataType())
            && !Cast.canUpCast(field.dataType(), existing.get().dataType())) {
          throw new IllegalArgumentException(
              "column "
                  + field.name()
                  + " is "
                  + field.dataType().sql()
                  + " in the data but "
                  + existing.get().dataType().sql()
                  + " in table "
                  + name
                  + "; Spark's Hive catalog cannot change a column's type");
        }
      } else if (!partitionColumn) {
        newColumns.add(field);
      }
    }
    Dataset<Row> aligned = align(data, tableColumns, newColumns, tableKeys).persist();
    try {
      FileFormat format = FileFormat.of(table);
      DataFrameWriter<Row> writer =
          aligned.write().mode(SaveMode.Append).format(format.name()).options(format.options());
      writer = withCompression(writer, format.name(), request.compression());
      if (!tableKeys.isEmpty()) {
        writer = writer.partitionBy(tableKeys.toArray(String[]::new));
      }
      if (request.update() == CatalogUpdate.UPDATE_IN_DATABASE && !newColumns.isEmpty()) {
        spark.sql(
            "ALTER TABLE "
                + name
                + " ADD COLUMNS ("
                + newColumns.stream().map(CatalogTableWriter::definition).collect(joining(", "))
                + ")");
      }
      writer.save(table.location().toString());
      if (request.update() != CatalogUpdate.NONE) {
        addPartitions(spark, name, aligned, tableKeys);
      }
    } finally {
      aligned.unpersist();
    }
  }

  private static void create(
      TransformContext context, Dataset<Row> data, Request request, String name)
      throws AnalysisException {
    SparkSession spark = context.spark();
    String location =
        request.location().isPresent()
            ? request.location().get()
            : spark.catalog().getDatabase(request.database()).locationUri()
                + "/"
                + request.table().toLowerCase(Locale.ROOT);
    List<String> keys = request.partitionKeys();
    Dataset<Row> ordered = align(data, new StructType(), nonKeyColumns(data, keys), keys).persist();
    try {
      FileFormat format = FileFormat.forNewTable(request.format());
      DataFrameWriter<Row> writer =
          ordered.write().mode(SaveMode.Append).format(format.name()).options(format.options());
      writer = withCompression(writer, request.format(), request.compression());
      if (!keys.isEmpty()) {
        writer = writer.partitionBy(keys.toArray(String[]::new));
      }
      writer.save(location);
      boolean hive = format.hiveStorage().isPresent();
      List<StructField> columns =
          hive ? nonKeyColumns(ordered, keys) : List.of(ordered.schema().fields());
      spark.sql(
          "CREATE TABLE "
              + name
              + " ("
              + columns.stream().map(CatalogTableWriter::definition).collect(joining(", "))
              + ")"
              + (hive ? "" : " USING " + request.format())
              + (keys.isEmpty()
                  ? ""
                  : " PARTITIONED BY ("
                      + keys.stream()
                          .map(
                              key ->
                                  hive
                                      ? definition(find(ordered.schema(), key).orElseThrow())
                                      : TableNames.identifier(key))
                          .collect(joining(", "))
                      + ")")
              + (hive ? " " + format.hiveStorage().get() : "")
              + " LOCATION "
              + TableNames.literal(location)
              // Glue's crawlers and jobs name a table's format in its classification.
              + " TBLPROPERTIES ('classification' = "
              + TableNames.literal(request.format())
              + ")");
      addPartitions(spark, name, ordered, keys);
    } finally {
      ordered.unpersist();
    }
  }

  /** The table's columns in its order (missing ones as nulls), then new ones, then partitions. */
  private static Dataset<Row> align(
      Dataset<Row> data, StructType tableColumns, List<StructField> newColumns, List<String> keys) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : tableColumns.fields()) {
      columns.add(
          find(data.schema(), field.name())
              .map(present -> col(present.name()).cast(field.dataType()))
              .orElseGet(() -> lit(null).cast(field.dataType()))
              .as(field.name()));
    }
    newColumns.forEach(field -> columns.add(col(field.name())));
    keys.forEach(key -> columns.add(col(find(data.schema(), key).orElseThrow().name()).as(key)));
    return data.select(columns.toArray(Column[]::new));
  }

  private static List<StructField> nonKeyColumns(Dataset<Row> data, List<String> keys) {
    return java.util.Arrays.stream(data.schema().fields())
        .filter(field -> keys.stream().noneMatch(key -> key.equalsIgnoreCase(field.name())))
        .toList();
  }

  /** Adds the partitions {@code data} has values for; those the table has already stay. */
  private static void addPartitions(
      SparkSession spark, String name, Dataset<Row> data, List<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    // Spark names partition folders by the value cast to a string; the same cast here names the
    // partitions so that their default locations are those folders.
    List<Row> values =
        data.select(keys.stream().map(key -> col(key).cast("string")).toArray(Column[]::new))
            .distinct()
            .collectAsList();
    for (int start = 0; start < values.size(); start += PARTITIONS_PER_STATEMENT) {
      StringBuilder statement = new StringBuilder("ALTER TABLE " + name + " ADD IF NOT EXISTS");
      for (Row row :
          values.subList(start, Math.min(values.size(), start + PARTITIONS_PER_STATEMENT))) {
        List<String> specification = new ArrayList<>();
        for (int index = 0; index < keys.size(); index++) {
          String value = row.isNullAt(index) ? "__HIVE_DEFAULT_PARTITION__" : row.getString(index);
          specification.add(
              TableNames.identifier(keys.get(index)) + " = " + TableNames.literal(value));
        }
        statement.append(" PARTITION (").append(String.join(", ", specification)).append(")");
      }
      spark.sql(statement.toString());
    }
  }

  private static DataFrameWriter<Row> withCompression(
      DataFrameWriter<Row> writer, String format, Optional<String> compression) {
    return writer.option(
        "compression",
        FileFormats.sparkCompression(
            format, compression.orElse(FileFormats.defaultCompression(format))));
  }

  private static String definition(StructField field) {
    return TableNames.identifier(field.name()) + " " + field.dataType().sql();
  }

  private static Optional<StructField> find(StructType schema, String name) {
    return java.util.Arrays.stream(schema.fields())
        .filter(field -> field.name().equalsIgnoreCase(name))
        .findFirst();
  }

  private static boolean sameNames(List<String> left, List<String> right) {
    return left.stream()
        .map(name -> name.toLowerCase(Locale.ROOT))
        .toList()
        .equals(right.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList());
  }

  private static URI qualified(SparkSession spark, String location) {
    try {
      Path path = new Path(location);
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration())
          .makeQualified(path)
          .toUri();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> List<T> javaList(scala.collection.Seq<T> sequence) {
    return List.copyOf(JavaConverters.seqAsJavaList(sequence));
  }

  /**
   * The Spark data source that reads and writes a table's files, with its options, and for a table
   * that must be a Hive table to be read by every engine, its Hive row format and storage clause.
   */
  private record FileFormat(
      String name, Map<String, String> options, Optional<String> hiveStorage) {
    /**
     * Hive's JSON SerDe reads timestamps as {@code yyyy-MM-dd HH:mm:ss[.f…]}, not Spark's ISO
     * default.
     */
    private static final Map<String, String> HIVE_JSON_OPTIONS =
        Map.of("timestampFormat", "yyyy-MM-dd HH:mm:ss.SSSSSS");

    FileFormat(String name, Map<String, String> options) {
      this(name, options, Optional.empty());
    }

    /**
     * How a job creates a table in {@code format}. Spark stores Parquet and ORC tables with Hive's
     * SerDes, which every engine reads; a JSON table it would keep in a form only Spark reads, so
     * JSON tables are Hive tables with Hive's (hcatalog) JSON SerDe, which Spark, Hive and Trino
     * read. CSV tables stay Spark data source tables: Hive's text SerDe has no quoting.
     */
    static FileFormat forNewTable(String format) {
      if (format.equals("json")) {
        return new FileFormat(
            "json",
            HIVE_JSON_OPTIONS,
            Optional.of(
                "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe' STORED AS TEXTFILE"));
      }
      return new FileFormat(format, Map.of());
    }

    static FileFormat of(CatalogTable table) {
      if (table.provider().isDefined() && !table.provider().get().equalsIgnoreCase("hive")) {
        String provider = table.provider().get().toLowerCase(Locale.ROOT);
        if (!FileFormats.names().contains(provider)) {
          throw new IllegalArgumentException(
              "table "
                  + table.identifier()
                  + " is "
                  + provider
                  + "; jobs write "
                  + FileFormats.names());
        }
        return new FileFormat(provider, Map.of());
      }
      String serde = table.storage().serde().isDefined() ? table.storage().serde().get() : "";
      Map<String, String> properties = JavaConverters.mapAsJavaMap(table.storage().properties());
      if (serde.contains("Parquet")) {
        return new FileFormat("parquet", Map.of());
      }
      if (serde.contains("Orc") || serde.contains("OrcSerde")) {
        return new FileFormat("orc", Map.of());
      }
      if (serde.contains("AvroSerDe")) {
        return new FileFormat("avro", Map.of());
      }
      if (serde.contains("JsonSerDe")) {
        return new FileFormat("json", HIVE_JSON_OPTIONS);
      }
      if (serde.contains("OpenCSVSerde")) {
        return new FileFormat("csv", Map.of("sep", properties.getOrDefault("separatorChar", ",")));
      }
      if (serde.contains("LazySimpleSerDe")) {
        // Hive's default text format: fields separated by field.delim, \u0001 when unset.
        return new FileFormat(
            "csv",
            Map.of(
                "sep",
                properties.getOrDefault(
                    "field.delim", properties.getOrDefault("serialization.format", "\u0001")),
                "quote",
                ""));
      }
      throw new IllegalArgumentException(
          "table " + table.identifier() + " has SerDe '" + serde + "', which jobs do not write");
    }
  }
}
