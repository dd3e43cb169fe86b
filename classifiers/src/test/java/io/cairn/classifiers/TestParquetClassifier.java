package io.cairn.classifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestParquetClassifier {
  /** Every kind of type the classifier maps, in the forms real writers produce. */
  private static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message record {
            required int32 id;
            required binary CamelCase (UTF8);
            optional binary name (STRING);
            optional int32 tiny (INTEGER(8,true));
            optional int32 small (INTEGER(16,true));
            optional int64 big;
            optional int32 unsigned_byte (INTEGER(8,false));
            optional int64 unsigned_long (INTEGER(64,false));
            optional int32 legacy_tiny (INT_8);
            optional boolean flag;
            optional float ratio;
            optional double score;
            optional int32 day (DATE);
            optional int64 created_millis (TIMESTAMP(MILLIS,true));
            optional int64 created_micros (TIMESTAMP(MICROS,false));
            optional int64 created_nanos (TIMESTAMP(NANOS,true));
            optional int64 legacy_millis (TIMESTAMP_MILLIS);
            optional int96 impala_time;
            optional int32 price32 (DECIMAL(9,2));
            optional int64 price64 (DECIMAL(18,4));
            optional fixed_len_byte_array(16) price_fixed (DECIMAL(38,10));
            optional binary price_binary (DECIMAL(10,2));
            optional binary kind (ENUM);
            optional binary document (JSON);
            optional fixed_len_byte_array(16) uid (UUID);
            optional binary payload;
            optional group tags (LIST) {
              repeated group list { optional binary element (STRING); }
            }
            optional group legacy_ints (LIST) { repeated int32 array; }
            optional group legacy_points (LIST) {
              repeated group array { required double x; }
            }
            optional group pairs (LIST) {
              repeated group pairs_tuple { required binary k (UTF8); }
            }
            optional group spans (LIST) {
              repeated group span { required int32 start; required int32 end; }
            }
            optional group matrix (LIST) {
              repeated group list {
                optional group element (LIST) {
                  repeated group list { optional int32 element; }
                }
              }
            }
            optional group attributes (MAP) {
              repeated group key_value { required binary key (STRING); optional int64 value; }
            }
            optional group legacy_map (MAP) {
              repeated group map (MAP_KEY_VALUE) {
                required binary key (UTF8);
                optional group value { required int32 a; }
              }
            }
            optional group address {
              required binary city (STRING);
              optional group geo { required double lat; required double lon; }
              repeated binary lines (STRING);
            }
            repeated int32 scores;
          }
          """);

  @TempDir Path directory;

  @Test
  void nestedAndLogicalTypesBecomeHiveTypes() throws IOException {
    Path file = write("all.parquet", CompressionCodecName.SNAPPY, 2_500);

    Classification classification = Classifiers.loadBuiltIn().classify(source(file));

    assertThat(classification.classification()).isEqualTo("parquet");
    assertThat(classification.certainty()).isEqualTo(1.0);
    assertThat(classification.columns())
        .containsExactly(
            new Column("id", "int"),
            new Column("camelcase", "string"),
            new Column("name", "string"),
            new Column("tiny", "tinyint"),
            new Column("small", "smallint"),
            new Column("big", "bigint"),
            new Column("unsigned_byte", "smallint"),
            new Column("unsigned_long", "decimal(20,0)"),
            new Column("legacy_tiny", "tinyint"),
            new Column("flag", "boolean"),
            new Column("ratio", "float"),
            new Column("score", "double"),
            new Column("day", "date"),
            new Column("created_millis", "timestamp"),
            new Column("created_micros", "timestamp"),
            new Column("created_nanos", "timestamp"),
            new Column("legacy_millis", "timestamp"),
            new Column("impala_time", "timestamp"),
            new Column("price32", "decimal(9,2)"),
            new Column("price64", "decimal(18,4)"),
            new Column("price_fixed", "decimal(38,10)"),
            new Column("price_binary", "decimal(10,2)"),
            new Column("kind", "string"),
            new Column("document", "string"),
            new Column("uid", "string"),
            new Column("payload", "binary"),
            new Column("tags", "array<string>"),
            new Column("legacy_ints", "array<int>"),
            new Column("legacy_points", "array<struct<x:double>>"),
            new Column("pairs", "array<struct<k:string>>"),
            new Column("spans", "array<struct<start:int,end:int>>"),
            new Column("matrix", "array<array<int>>"),
            new Column("attributes", "map<string,bigint>"),
            new Column("legacy_map", "map<string,struct<a:int>>"),
            new Column(
                "address",
                "struct<city:string,geo:struct<lat:double,lon:double>,lines:array<string>>"),
            new Column("scores", "array<int>"));
    assertThat(classification.serdeLibrary())
        .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
    assertThat(classification.serdeParameters())
        .containsExactly(entry("serialization.format", "1"));
    assertThat(classification.inputFormat())
        .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
    assertThat(classification.outputFormat())
        .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
    assertThat(classification.parameters())
        .containsOnly(
            entry("classification", "parquet"),
            entry("compressionType", "snappy"),
            entry("typeOfData", "file"),
            entry("recordCount", "2500"),
            entry("averageRecordSize", Long.toString(Files.size(file) / 2_500)));
  }

  @Test
  void compressionTypeIsTheCodecOfTheColumnChunks() throws IOException {
    assertThat(compressionOf(CompressionCodecName.UNCOMPRESSED)).isEqualTo("none");
    assertThat(compressionOf(CompressionCodecName.GZIP)).isEqualTo("gzip");
    assertThat(compressionOf(CompressionCodecName.ZSTD)).isEqualTo("zstd");
  }

  @Test
  void fileWithoutRowsHasRecordCountZero() throws IOException {
    Path file = write("empty.parquet", CompressionCodecName.SNAPPY, 0);

    Classification classification = Classifiers.loadBuiltIn().classify(source(file));

    assertThat(classification.classification()).isEqualTo("parquet");
    assertThat(classification.parameters())
        .contains(
            entry("recordCount", "0"),
            entry("averageRecordSize", "0"),
            entry("compressionType", "none"));
  }

  @Test
  void largeFileIsClassifiedFromItsFooterAlone() throws IOException {
    Path file = directory.resolve("large.parquet");
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message m { required int64 id; required binary noise; }");
    Random random = new Random(7);
    try (ParquetWriter<Group> writer = writer(file, schema, CompressionCodecName.UNCOMPRESSED)) {
      SimpleGroupFactory groups = new SimpleGroupFactory(schema);
      for (int i = 0; i < 40_000; i++) {
        byte[] noise = new byte[100];
        random.nextBytes(noise);
        writer.write(
            groups
                .newGroup()
                .append("id", (long) i)
                .append("noise", Binary.fromConstantByteArray(noise)));
      }
    }
    assertThat(Files.size(file)).isGreaterThan(4L << 20);
    CountingFileSource source = new CountingFileSource(file);

    Classification classification = Classifiers.loadBuiltIn().classify(source);

    assertThat(classification.classification()).isEqualTo("parquet");
    assertThat(classification.columns())
        .containsExactly(new Column("id", "bigint"), new Column("noise", "binary"));
    assertThat(classification.parameters()).contains(entry("recordCount", "40000"));
    // The first bytes for the magic and one read of the tail, which holds the footer.
    assertThat(source.bytesRead()).isLessThanOrEqualTo(ParquetClassifier.TAIL_GUESS + 16L);
  }

  @Test
  void footerLargerThanTheFirstTailReadIsReadWithASecondRange() throws IOException {
    Path file = directory.resolve("wide.parquet");
    StringBuilder schemaText = new StringBuilder("message wide {");
    for (int i = 0; i < 1_500; i++) {
      schemaText.append(" optional int64 a_rather_long_column_name_number_").append(i).append(';');
    }
    MessageType schema = MessageTypeParser.parseMessageType(schemaText.append(" }").toString());
    try (ParquetWriter<Group> writer = writer(file, schema, CompressionCodecName.UNCOMPRESSED)) {
      writer.write(
          new SimpleGroupFactory(schema)
              .newGroup()
              .append("a_rather_long_column_name_number_0", 1L));
    }
    CountingFileSource source = new CountingFileSource(file);

    Classification classification = Classifiers.loadBuiltIn().classify(source);

    assertThat(classification.columns()).hasSize(1_500);
    assertThat(classification.columns().get(1_499))
        .isEqualTo(new Column("a_rather_long_column_name_number_1499", "bigint"));
    assertThat(footerLength(file)).isGreaterThan(ParquetClassifier.TAIL_GUESS);
    assertThat(source.bytesRead())
        .isLessThan(ParquetClassifier.TAIL_GUESS + footerLength(file) + 16L);
  }

  @Test
  void fileCutInHalfIsUnknown() throws IOException {
    Path file = write("cut.parquet", CompressionCodecName.SNAPPY, 500);
    byte[] content = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(content, content.length / 2));

    Classification classification = Classifiers.loadBuiltIn().classify(source(file));

    assertThat(classification.isKnown()).isFalse();
    assertThat(classification.reason())
        .contains("parquet: no Parquet magic bytes PAR1 at the end: the file is truncated");
  }

  @Test
  void footerLengthBeyondTheFileIsUnknown() throws IOException {
    Path file = write("length.parquet", CompressionCodecName.SNAPPY, 10);
    byte[] content = Files.readAllBytes(file);
    ByteBuffer.wrap(content, content.length - 8, 4)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(content.length);
    Files.write(file, content);

    Classification classification = new ParquetClassifier().classify(FileSample.of("f", content));

    assertThat(classification.reason())
        .isEqualTo(
            "the Parquet footer length "
                + content.length
                + " does not fit a file of "
                + content.length
                + " bytes");
  }

  @Test
  void garbageFooterIsUnknown() throws IOException {
    Path file = write("garbage.parquet", CompressionCodecName.SNAPPY, 10);
    byte[] content = Files.readAllBytes(file);
    int footerLength = footerLength(file);
    Arrays.fill(content, content.length - 8 - footerLength, content.length - 8, (byte) 0xee);

    Classification classification = new ParquetClassifier().classify(FileSample.of("f", content));

    assertThat(classification.isKnown()).isFalse();
    assertThat(classification.reason()).startsWith("the Parquet footer is not valid metadata");
  }

  @Test
  void missingMagicIsUnknown() {
    Classification classification =
        new ParquetClassifier().classify(FileSample.of("f", "PAR0 not parquet".getBytes()));

    assertThat(classification.reason()).isEqualTo("no Parquet magic bytes PAR1 at the start");
  }

  @Test
  void tooShortFileIsUnknown() {
    Classification classification =
        new ParquetClassifier().classify(FileSample.of("f", "PAR1PAR1".getBytes()));

    assertThat(classification.reason()).isEqualTo("a Parquet file of 8 bytes is too short");
  }

  @Test
  void smallFileGivenAsAStreamIsReadFromItsSample() throws IOException {
    Path file = write("stream.parquet", CompressionCodecName.SNAPPY, 100);
    byte[] content = Files.readAllBytes(file);

    Classification classification =
        Classifiers.loadBuiltIn()
            .classify(new ByteArrayInputStream(content), "stream.parquet", content.length);

    assertThat(classification.classification()).isEqualTo("parquet");
    assertThat(classification.parameters()).contains(entry("recordCount", "100"));
  }

  @Test
  void largeFileGivenAsAStreamIsUnknownWithTheReason() throws IOException {
    byte[] content = new byte[FileSample.MAX_BYTES + 100];
    System.arraycopy(ParquetClassifier.MAGIC, 0, content, 0, 4);
    System.arraycopy(ParquetClassifier.MAGIC, 0, content, content.length - 4, 4);

    Classification classification =
        Classifiers.loadBuiltIn()
            .classify(new ByteArrayInputStream(content), "big.parquet", content.length);

    assertThat(classification.isKnown()).isFalse();
    assertThat(classification.reason())
        .contains("parquet: the Parquet footer cannot be read: the file was given as a stream");
  }

  private String compressionOf(CompressionCodecName codec) throws IOException {
    Path file = write(codec.name() + ".parquet", codec, 50);
    return Classifiers.loadBuiltIn().classify(source(file)).parameters().get("compressionType");
  }

  private Path write(String name, CompressionCodecName codec, int rows) throws IOException {
    Path file = directory.resolve(name);
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> writer = writer(file, SCHEMA, codec)) {
      for (int i = 0; i < rows; i++) {
        Group row = groups.newGroup().append("id", i).append("CamelCase", "row " + i);
        row.append("name", "name " + i).append("score", i * 0.5).append("day", 19_000 + i);
        row.append("price32", i * 100).append("created_millis", 1_700_000_000_000L + i);
        Group tags = row.addGroup("tags");
        tags.addGroup("list").append("element", "a");
        tags.addGroup("list").append("element", "b");
        Group attributes = row.addGroup("attributes");
        attributes.addGroup("key_value").append("key", "k" + i).append("value", (long) i);
        Group address = row.addGroup("address").append("city", "Oslo");
        address.addGroup("geo").append("lat", 59.9).append("lon", 10.7);
        address.append("lines", "Street 1").append("lines", "0150");
        row.append("scores", i).append("scores", i + 1);
        writer.write(row);
      }
    }
    return file;
  }

  private static ParquetWriter<Group> writer(
      Path file, MessageType schema, CompressionCodecName codec) throws IOException {
    return ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
        .withType(schema)
        .withConf(new Configuration())
        .withCompressionCodec(codec)
        .build();
  }

  private static int footerLength(Path file) throws IOException {
    byte[] content = Files.readAllBytes(file);
    return ByteBuffer.wrap(content, content.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  private static CountingFileSource source(Path file) {
    return new CountingFileSource(file);
  }
}
