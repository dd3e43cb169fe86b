package io.cairn.etl.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.testing.CairnServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File formats through job graph nodes, in a session built by {@link CairnSparkSessions} against
 * {@code cairn server}: Avro written and read by spark-avro 3.5.3 inside Spark 3.5.9 (nested
 * records, arrays, maps and the logical types decimal, date and timestamp), with the written files
 * checked by Avro's own reader; CSV targets with and without a header line, with Glue's separator
 * and quote options, read back by the CSV source.
 */
class JobFileFormatsIT {
  @TempDir static Path workDirectory;

  private static CairnServerProcess server;
  private static SparkSession spark;
  private static NodeTypes types;

  @BeforeAll
  static void start() throws IOException {
    server =
        CairnServerProcess.start(
            workDirectory.resolve("cairn"), CairnServerProcess.logFor(JobFileFormatsIT.class));
    spark = JobTestSessions.start("JobFileFormatsIT", workDirectory, server, false);
    types = NodeTypes.load(JobFileFormatsIT.class.getClassLoader());
    spark.sql("CREATE DATABASE lake LOCATION '" + workDirectory.resolve("lake").toUri() + "'");
  }

  @AfterAll
  static void stop() {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void avroWithNestedAndLogicalTypesOutAndBackIn() throws IOException {
    Path input = workDirectory.resolve("orders-parquet");
    Dataset<Row> orders =
        spark.sql(
            """
            SELECT id, CAST(amount AS DECIMAL(12, 2)) AS amount, DATE(day) AS day,
                   TIMESTAMP(at) AS at, named_struct('city', city, 'zip', zip) AS address,
                   array(tag, upper(tag)) AS tags, map('priority', id * 10) AS attributes, region
            FROM VALUES (1, '10.50', '2024-01-31', '2024-01-31 10:15:00', 'Oslo', 150, 'new', 'eu'),
                        (2, '99999.99', '2024-02-29', '2024-02-29 23:59:59', 'Lima', 15001, 'old', 'us'),
                        (3, '0.01', '1999-12-31', '1999-12-31 00:00:01', 'Rome', 118, 'new', 'eu')
                 AS t(id, amount, day, at, city, zip, tag, region)
            """);
    orders.write().parquet(input.toString());
    Path avro = workDirectory.resolve("orders-avro");
    Path back = workDirectory.resolve("orders-back");

    run(
        """
        {"in": {"S3ParquetSource": {"Name": "p", "Paths": ["%s"]}},
         "files": {"S3DirectTarget": {"Name": "a", "Inputs": ["in"], "Path": "%s", "Format": "avro",
                   "Compression": "snappy", "PartitionKeys": [["region"]]}},
         "table": {"S3DirectTarget": {"Name": "t", "Inputs": ["in"], "Format": "avro",
                   "Compression": "none", "Path": "%s",
                   "SchemaChangePolicy": {"EnableUpdateCatalog": true,
                                          "UpdateBehavior": "UPDATE_IN_DATABASE",
                                          "Database": "lake", "Table": "orders_avro"}}}}
        """
            .formatted(input, avro, workDirectory.resolve("lake/orders_avro")));

    List<Path> files = files(avro.resolve("region=eu"), ".avro");
    assertThat(files).isNotEmpty();
    try (DataFileReader<GenericRecord> reader =
        new DataFileReader<>(files.get(0).toFile(), new GenericDatumReader<>())) {
      assertThat(reader.getMetaString("avro.codec")).isEqualTo("snappy");
      Schema schema = reader.getSchema();
      assertThat(logicalType(schema, "amount")).isEqualTo("decimal");
      assertThat(logicalType(schema, "day")).isEqualTo("date");
      assertThat(logicalType(schema, "at")).isEqualTo("timestamp-micros");
      assertThat(nonNull(schema.getField("address").schema()).getType())
          .isEqualTo(Schema.Type.RECORD);
      assertThat(nonNull(schema.getField("tags").schema()).getType()).isEqualTo(Schema.Type.ARRAY);
      assertThat(nonNull(schema.getField("attributes").schema()).getType())
          .isEqualTo(Schema.Type.MAP);
      assertThat(schema.getField("region")).as("a partition column is a folder").isNull();
      GenericRecord first = reader.next();
      assertThat(first.get("address").toString()).contains("\"city\"");
    }

    run(
        """
        {"in": {"S3AvroSource": {"Name": "a", "Paths": ["%s"]}},
         "out": {"S3DirectTarget": {"Name": "p", "Inputs": ["in"], "Path": "%s",
                 "Format": "parquet"}}}
        """
            .formatted(avro, back));

    Dataset<Row> reread = spark.read().parquet(back.toString());
    assertThat(reread.schema().simpleString()).isEqualTo(orders.schema().simpleString());
    assertThat(rows(reread)).isEqualTo(rows(orders)).hasSize(3);
    assertThat(rows(spark.table("lake.orders_avro"))).isEqualTo(rows(orders));
    assertThat(files(workDirectory.resolve("lake/orders_avro"), ".avro")).isNotEmpty();
  }

  @Test
  void csvTargetsWriteAHeaderByDefaultWithGluesSeparatorAndQuoteOptions() throws IOException {
    Path input = workDirectory.resolve("people-json");
    spark
        .sql(
            """
            SELECT * FROM VALUES (1, 'ann', 'a|b'), (2, 'bob, jr', 'plain'), (3, 'cy', 'x;y')
              AS t(id, name, note)
            """)
        .coalesce(1)
        .write()
        .json(input.toString());
    Path plain = workDirectory.resolve("people-csv");
    Path piped = workDirectory.resolve("people-piped");

    run(
        """
        {"in": {"S3JsonSource": {"Name": "j", "Paths": ["%s"]}},
         "default": {"S3DirectTarget": {"Name": "c", "Inputs": ["in"], "Path": "%s",
                     "Format": "csv"}},
         "piped": {"S3DirectTarget": {"Name": "p", "Inputs": ["in"], "Path": "%s", "Format": "csv",
                   "WriteHeader": false, "Separator": "pipe", "QuoteChar": "single_quote",
                   "Compression": "gzip"}}}
        """
            .formatted(input, plain, piped));

    assertThat(lines(plain, ".csv"))
        .as("Spark's JSON reader orders columns by name; one header line")
        .containsExactly("id,name,note", "1,ann,a|b", "2,\"bob, jr\",plain", "3,cy,x;y");
    assertThat(lines(piped, ".csv.gz"))
        .containsExactly("1|ann|'a|b'", "2|bob, jr|plain", "3|cy|x;y");

    run(
        """
        {"in": {"S3CsvSource": {"Name": "c", "Paths": ["%s"], "Separator": "pipe",
                "QuoteChar": "single_quote"}},
         "out": {"S3DirectTarget": {"Name": "j", "Inputs": ["in"], "Path": "%s",
                 "Format": "json"}}}
        """
            .formatted(piped, workDirectory.resolve("people-back")));
    assertThat(
            rows(
                spark.read().json(workDirectory.resolve("people-back").toString()),
                "_c0, _c1, _c2"))
        .containsExactly("[1,ann,a|b]", "[2,bob, jr,plain]", "[3,cy,x;y]");

    assertThatThrownBy(
            () ->
                JobGraph.parse(
                    """
                    {"in": {"S3JsonSource": {"Name": "j", "Paths": ["/tmp/in"]}},
                     "out": {"S3DirectTarget": {"Name": "c", "Inputs": ["in"], "Path": "/tmp/out",
                             "Format": "csv", "WithHeader": true, "Separator": "colon",
                             "QuoteChar": "backtick", "Escaper": "ab"}}}
                    """,
                    types))
        .isInstanceOfSatisfying(
            JobDefinitionException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "node out (S3DirectTarget): Separator is 'colon'; expected one of [comma,"
                            + " ctrla, pipe, semicolon, tab]",
                        "node out (S3DirectTarget): QuoteChar is 'backtick'; expected one of"
                            + " [disabled, quillemet, quote, single_quote]",
                        "node out (S3DirectTarget): Escaper must be one character, not 'ab'",
                        "node out (S3DirectTarget): WithHeader is the CSV source's field; a CSV"
                            + " target's is WriteHeader"));
  }

  /** The lines of every data file in {@code directory}, decompressed, in file order. */
  private static List<String> lines(Path directory, String suffix) throws IOException {
    List<String> lines = new java.util.ArrayList<>();
    for (Path file : files(directory, suffix).stream().sorted().toList()) {
      try (java.io.InputStream in = Files.newInputStream(file);
          java.io.InputStream text =
              suffix.endsWith(".gz") ? new java.util.zip.GZIPInputStream(in) : in) {
        new String(text.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
            .lines()
            .forEach(lines::add);
      }
    }
    return lines;
  }

  private static String logicalType(Schema record, String field) {
    return nonNull(record.getField(field).schema()).getLogicalType().getName();
  }

  /** The type of a nullable field: Spark writes {@code [type, "null"]}. */
  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().stream()
        .filter(type -> type.getType() != Schema.Type.NULL)
        .findFirst()
        .orElseThrow();
  }

  private static void run(String job) {
    new JobExecutor(types, System.err::println)
        .run(JobGraph.parse(job, types), new RunContext(spark, Map.of(), Instant.now()));
  }

  private static List<Path> files(Path directory, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith("part-"))
          .filter(file -> file.getFileName().toString().endsWith(suffix))
          .toList();
    }
  }

  private static List<String> rows(Dataset<Row> data) {
    return rows(data, "id, amount, day, at, address, tags, attributes, region");
  }

  private static List<String> rows(Dataset<Row> data, String columns) {
    return data.selectExpr(columns.split(", ")).collectAsList().stream()
        .map(Row::toString)
        .sorted()
        .toList();
  }
}
