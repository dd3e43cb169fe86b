package io.cairn.classifiers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class TestAvroClassifier {
  private static final Schema SCHEMA =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "Event", "namespace": "io.cairn.test", "fields": [
                {"name": "id", "type": "int"},
                {"name": "CamelCase", "type": "long"},
                {"name": "name", "type": "string"},
                {"name": "flag", "type": "boolean"},
                {"name": "ratio", "type": "float"},
                {"name": "score", "type": "double"},
                {"name": "payload", "type": "bytes"},
                {"name": "digest", "type": {"type": "fixed", "name": "Md5", "size": 16}},
                {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}},
                {"name": "tags", "type": {"type": "array", "items": "string"}},
                {"name": "counts", "type": {"type": "map", "values": "long"}},
                {"name": "address", "type": {"type": "record", "name": "Address", "fields": [
                  {"name": "city", "type": "string"},
                  {"name": "lines", "type": {"type": "array", "items": "string"}}]}},
                {"name": "nickname", "type": ["null", "string"], "default": null},
                {"name": "either", "type": ["null", "int", "string"], "default": null},
                {"name": "price", "type":
                  {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
                {"name": "big_price", "type": {"type": "fixed", "name": "Big", "size": 16,
                  "logicalType": "decimal", "precision": 38, "scale": 6}},
                {"name": "day", "type": {"type": "int", "logicalType": "date"}},
                {"name": "at_millis", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                {"name": "at_micros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
                {"name": "local_at", "type":
                  {"type": "long", "logicalType": "local-timestamp-millis"}},
                {"name": "time_of_day", "type": {"type": "int", "logicalType": "time-millis"}},
                {"name": "uid", "type": {"type": "string", "logicalType": "uuid"}},
                {"name": "previous", "type": ["null", "Address"], "default": null}
              ]}
              """);

  @Test
  void nestedAndLogicalTypesBecomeHiveTypes() throws IOException {
    byte[] file = write(CodecFactory.snappyCodec(), 300);

    Classification classification = Classifiers.loadBuiltIn().classify(FileSample.of("f", file));

    assertThat(classification.classification()).isEqualTo("avro");
    assertThat(classification.columns())
        .containsExactly(
            new Column("id", "int"),
            new Column("camelcase", "bigint"),
            new Column("name", "string"),
            new Column("flag", "boolean"),
            new Column("ratio", "float"),
            new Column("score", "double"),
            new Column("payload", "binary"),
            new Column("digest", "binary"),
            new Column("kind", "string"),
            new Column("tags", "array<string>"),
            new Column("counts", "map<string,bigint>"),
            new Column("address", "struct<city:string,lines:array<string>>"),
            new Column("nickname", "string"),
            new Column("either", "uniontype<int,string>"),
            new Column("price", "decimal(10,2)"),
            new Column("big_price", "decimal(38,6)"),
            new Column("day", "date"),
            new Column("at_millis", "timestamp"),
            new Column("at_micros", "timestamp"),
            new Column("local_at", "timestamp"),
            new Column("time_of_day", "int"),
            new Column("uid", "string"),
            new Column("previous", "struct<city:string,lines:array<string>>"));
    assertThat(classification.serdeLibrary())
        .isEqualTo("org.apache.hadoop.hive.serde2.avro.AvroSerDe");
    assertThat(classification.serdeParameters())
        .containsOnly(
            entry("avro.schema.literal", SCHEMA.toString()), entry("serialization.format", "1"));
    assertThat(classification.inputFormat())
        .isEqualTo("org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat");
    assertThat(classification.outputFormat())
        .isEqualTo("org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat");
    assertThat(classification.parameters())
        .containsOnly(
            entry("classification", "avro"),
            entry("compressionType", "snappy"),
            entry("typeOfData", "file"),
            entry("recordCount", "300"),
            entry("averageRecordSize", Long.toString(file.length / 300)),
            entry("avro.schema.literal", SCHEMA.toString()));
    assertThat(new Schema.Parser().parse(classification.parameters().get("avro.schema.literal")))
        .isEqualTo(SCHEMA);
  }

  @Test
  void compressionTypeIsTheFileCodec() throws IOException {
    assertThat(compressionOf(CodecFactory.nullCodec())).isEqualTo("none");
    assertThat(compressionOf(CodecFactory.deflateCodec(6))).isEqualTo("deflate");
    assertThat(compressionOf(CodecFactory.zstandardCodec(3))).isEqualTo("zstd");
    assertThat(compressionOf(CodecFactory.bzip2Codec())).isEqualTo("bzip2");
  }

  @Test
  void fileLargerThanTheSampleHasItsRecordCountEstimatedBySize() throws IOException {
    byte[] file = write(CodecFactory.nullCodec(), 12_000);
    assertThat(file.length).isGreaterThan(2 * FileSample.MAX_BYTES);

    Classification classification = new AvroClassifier().classify(FileSample.of("f", file));

    long estimate = Long.parseLong(classification.parameters().get("recordCount"));
    assertThat(estimate).isBetween(11_800L, 12_200L);
    assertThat(classification.parameters())
        .containsEntry("averageRecordSize", Long.toString(file.length / estimate));
  }

  @Test
  void wholeFileCompressionIsReadThroughAndNamed() throws IOException {
    byte[] gzip = TestClassifiers.gzip(write(CodecFactory.nullCodec(), 50));

    Classification classification =
        Classifiers.loadBuiltIn()
            .classify(new ByteArrayInputStream(gzip), "f.avro.gz", gzip.length);

    assertThat(classification.classification()).isEqualTo("avro");
    assertThat(classification.parameters())
        .contains(entry("compressionType", "gzip"), entry("recordCount", "50"));
  }

  @Test
  void truncatedFileIsUnknown() throws IOException {
    byte[] file = write(CodecFactory.nullCodec(), 2_000);
    byte[] cut = Arrays.copyOf(file, file.length / 2);

    Classification classification =
        Classifiers.loadBuiltIn().classify(new ByteArrayInputStream(cut), "f.avro", cut.length);

    assertThat(classification.isKnown()).isFalse();
    assertThat(classification.reason()).containsPattern("avro: the Avro block at byte \\d+ is cut");
  }

  @Test
  void brokenHeaderIsUnknown() throws IOException {
    byte[] file = write(CodecFactory.nullCodec(), 10);
    // The first metadata key's length claims a gigabyte.
    byte[] claimsTooMuch = Arrays.copyOf(file, file.length);
    byte[] huge = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
    System.arraycopy(huge, 0, claimsTooMuch, 5, huge.length);

    assertThat(reason(claimsTooMuch)).isEqualTo("the Avro header is truncated");
    assertThat(reason(Arrays.copyOf(file, 30))).isEqualTo("the Avro header is truncated");
    assertThat(reason("Obj\u0001\u0000".getBytes(UTF_8))).isEqualTo("the Avro header is truncated");
    assertThat(reason("Obk\u0001 other".getBytes(UTF_8)))
        .isEqualTo("no Avro magic bytes Obj\\1 at the start");
  }

  @Test
  void invalidSchemaOrCodecIsUnknown() throws IOException {
    assertThat(reason(header(Map.of("avro.schema", "{\"type\": \"record\""))))
        .startsWith("the Avro header holds an invalid schema");
    assertThat(reason(header(Map.of("avro.codec", "null"))))
        .isEqualTo("the Avro header has no avro.schema");
    assertThat(reason(header(Map.of("avro.schema", "\"string\"", "avro.codec", "lzma-unknown"))))
        .isEqualTo("the Avro file uses the unknown codec lzma-unknown");
    assertThat(reason(header(Map.of("avro.schema", "\"string\""))))
        .isEqualTo("the Avro schema is a STRING, not a record");
  }

  @Test
  void recursiveRecordIsUnknown() throws IOException {
    String list =
        """
        {"type": "record", "name": "Node", "fields": [
          {"name": "value", "type": "int"},
          {"name": "next", "type": ["null", "Node"]}]}
        """;

    assertThat(reason(header(Map.of("avro.schema", list))))
        .isEqualTo(
            "unsupported Avro schema: record Node contains itself, which Hive types cannot express");
  }

  private static String reason(byte[] file) {
    Classification classification = new AvroClassifier().classify(FileSample.of("f", file));
    assertThat(classification.isKnown()).isFalse();
    return classification.reason();
  }

  /** A container of no blocks with the given metadata, written as Avro's writer writes it. */
  private static byte[] header(Map<String, String> metadata) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(AvroClassifier.MAGIC);
    org.apache.avro.io.BinaryEncoder encoder =
        org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(out, null);
    encoder.writeMapStart();
    encoder.setItemCount(metadata.size());
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      encoder.startItem();
      encoder.writeString(entry.getKey());
      encoder.writeBytes(entry.getValue().getBytes(UTF_8));
    }
    encoder.writeMapEnd();
    encoder.writeFixed(new byte[16]);
    encoder.flush();
    return out.toByteArray();
  }

  private static String compressionOf(CodecFactory codec) throws IOException {
    return new AvroClassifier()
        .classify(FileSample.of("f", write(codec, 20)))
        .parameters()
        .get("compressionType");
  }

  private static byte[] write(CodecFactory codec, int records) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Random random = new Random(3);
    Schema address = SCHEMA.getField("address").schema();
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<GenericRecord>(new GenericDatumWriter<>(SCHEMA))
            .setCodec(codec)
            .create(SCHEMA, out)) {
      for (int i = 0; i < records; i++) {
        GenericRecord home = new GenericData.Record(address);
        home.put("city", "Oslo " + i);
        home.put("lines", List.of("Street " + random.nextInt(1000)));
        byte[] noise = new byte[16];
        random.nextBytes(noise);
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("id", i);
        record.put("CamelCase", (long) i * 1_000);
        record.put("name", "name " + random.nextLong());
        record.put("flag", i % 2 == 0);
        record.put("ratio", i * 0.5f);
        record.put("score", random.nextDouble());
        record.put("payload", ByteBuffer.wrap(noise));
        record.put("digest", new GenericData.Fixed(SCHEMA.getField("digest").schema(), noise));
        record.put(
            "kind",
            new GenericData.EnumSymbol(SCHEMA.getField("kind").schema(), i % 3 == 0 ? "A" : "B"));
        record.put("tags", List.of("a", "b" + i));
        record.put("counts", Map.of("k", (long) i));
        record.put("address", home);
        record.put("either", i % 2 == 0 ? i : "s" + i);
        record.put("price", ByteBuffer.wrap(new byte[] {1, 2}));
        record.put(
            "big_price", new GenericData.Fixed(SCHEMA.getField("big_price").schema(), noise));
        record.put("day", 19_000 + i);
        record.put("at_millis", 1_700_000_000_000L + i);
        record.put("at_micros", 1_700_000_000_000_000L + i);
        record.put("local_at", 1_700_000_000_000L);
        record.put("time_of_day", 3_600_000);
        record.put("uid", "5f0c3e8e-4bd5-4a3c-9c57-1a6f5f2e" + String.format("%04d", i % 10_000));
        writer.append(record);
      }
    }
    return out.toByteArray();
  }
}
