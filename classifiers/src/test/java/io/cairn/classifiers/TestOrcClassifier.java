package io.cairn.classifiers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.ql.exec.vector.BytesColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.ColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.LongColumnVector;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.CompressionKind;
import org.apache.orc.OrcFile;
import org.apache.orc.TypeDescription;
import org.apache.orc.Writer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestOrcClassifier {
  private static final TypeDescription SCHEMA =
      TypeDescription.fromString(
          "struct<id:int,CamelCase:bigint,tiny:tinyint,small:smallint,flag:boolean,ratio:float,"
              + "score:double,name:string,code:char(3),label:varchar(20),payload:binary,"
              + "at:timestamp,instant:timestamp with local time zone,day:date,"
              + "price:decimal(10,2),tags:array<string>,attributes:map<string,bigint>,"
              + "address:struct<city:string,geo:struct<lat:double,lon:double>>,"
              + "choice:uniontype<int,string>>");

  @TempDir Path directory;

  @Test
  void typeTreeBecomesHiveTypes() throws IOException {
    Path file = write("all.orc", SCHEMA, CompressionKind.ZLIB, 3_000);

    Classification classification =
        Classifiers.loadBuiltIn().classify(new CountingFileSource(file));

    assertThat(classification.classification()).isEqualTo("orc");
    assertThat(classification.columns())
        .containsExactly(
            new Column("id", "int"),
            new Column("camelcase", "bigint"),
            new Column("tiny", "tinyint"),
            new Column("small", "smallint"),
            new Column("flag", "boolean"),
            new Column("ratio", "float"),
            new Column("score", "double"),
            new Column("name", "string"),
            new Column("code", "char(3)"),
            new Column("label", "varchar(20)"),
            new Column("payload", "binary"),
            new Column("at", "timestamp"),
            new Column("instant", "timestamp with local time zone"),
            new Column("day", "date"),
            new Column("price", "decimal(10,2)"),
            new Column("tags", "array<string>"),
            new Column("attributes", "map<string,bigint>"),
            new Column("address", "struct<city:string,geo:struct<lat:double,lon:double>>"),
            new Column("choice", "uniontype<int,string>"));
    assertThat(classification.serdeLibrary())
        .isEqualTo("org.apache.hadoop.hive.ql.io.orc.OrcSerde");
    assertThat(classification.serdeParameters()).containsOnly(entry("serialization.format", "1"));
    assertThat(classification.inputFormat())
        .isEqualTo("org.apache.hadoop.hive.ql.io.orc.OrcInputFormat");
    assertThat(classification.outputFormat())
        .isEqualTo("org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat");
    assertThat(classification.parameters())
        .containsOnly(
            entry("classification", "orc"),
            entry("compressionType", "zlib"),
            entry("typeOfData", "file"),
            entry("recordCount", "3000"),
            entry("averageRecordSize", Long.toString(Files.size(file) / 3_000)));
  }

  @Test
  void footerOfEveryCodecIsRead() throws IOException {
    for (CompressionKind codec :
        new CompressionKind[] {
          CompressionKind.NONE, CompressionKind.SNAPPY, CompressionKind.ZSTD, CompressionKind.LZ4
        }) {
      Path file = write(codec + ".orc", SCHEMA, codec, 10);

      Classification classification =
          Classifiers.loadBuiltIn().classify(new CountingFileSource(file));

      assertThat(classification.columns()).as(codec.name()).hasSize(19);
      assertThat(classification.parameters())
          .as(codec.name())
          .containsEntry("compressionType", codec.name().toLowerCase(java.util.Locale.ROOT))
          .containsEntry("recordCount", "10");
    }
  }

  @Test
  void largeFileIsClassifiedFromItsTailAlone() throws IOException {
    TypeDescription schema = TypeDescription.fromString("struct<id:bigint,noise:binary>");
    Path file = directory.resolve("large.orc");
    Random random = new Random(5);
    try (Writer writer =
        OrcFile.createWriter(
            new org.apache.hadoop.fs.Path(file.toUri()),
            OrcFile.writerOptions(new Configuration())
                .setSchema(schema)
                .compress(CompressionKind.NONE))) {
      VectorizedRowBatch batch = schema.createRowBatch();
      for (int row = 0; row < 50_000; row++) {
        int i = batch.size++;
        ((LongColumnVector) batch.cols[0]).vector[i] = row;
        byte[] noise = new byte[100];
        random.nextBytes(noise);
        ((BytesColumnVector) batch.cols[1]).setVal(i, noise);
        if (batch.size == batch.getMaxSize()) {
          writer.addRowBatch(batch);
          batch.reset();
        }
      }
      writer.addRowBatch(batch);
    }
    assertThat(Files.size(file)).isGreaterThan(4L << 20);
    CountingFileSource source = new CountingFileSource(file);

    Classification classification = Classifiers.loadBuiltIn().classify(source);

    assertThat(classification.columns())
        .containsExactly(new Column("id", "bigint"), new Column("noise", "binary"));
    assertThat(classification.parameters()).containsEntry("recordCount", "50000");
    assertThat(source.bytesRead()).isLessThanOrEqualTo(OrcClassifier.TAIL_GUESS + 16L);
  }

  @Test
  void fileCutInHalfIsUnknown() throws IOException {
    Path file = write("cut.orc", SCHEMA, CompressionKind.ZLIB, 2_000);
    byte[] content = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(content, content.length / 2));

    Classification classification =
        Classifiers.loadBuiltIn().classify(new CountingFileSource(file));

    assertThat(classification.isKnown()).isFalse();
    assertThat(classification.reason()).contains("orc: the ORC postscript is not valid");
  }

  @Test
  void postscriptNonsenseIsUnknown() throws IOException {
    Path file = write("nonsense.orc", SCHEMA, CompressionKind.ZLIB, 10);
    byte[] content = Files.readAllBytes(file);
    int postScriptLength = content[content.length - 1] & 0xff;
    Arrays.fill(content, content.length - 1 - postScriptLength, content.length - 1, (byte) 0x7f);

    Classification classification = new OrcClassifier().classify(FileSample.of("f", content));

    assertThat(classification.reason()).startsWith("the ORC postscript is not valid");
  }

  @Test
  void postscriptLengthBeyondTheFileIsUnknown() {
    byte[] content = "ORC and then a little".getBytes(UTF_8);
    content[content.length - 1] = (byte) 200;

    Classification classification = new OrcClassifier().classify(FileSample.of("f", content));

    assertThat(classification.reason())
        .isEqualTo("the ORC postscript length 200 does not fit the file");
  }

  @Test
  void garbageFooterIsUnknown() throws IOException {
    Path file = write("garbage.orc", SCHEMA, CompressionKind.ZLIB, 10);
    byte[] content = Files.readAllBytes(file);
    int postScriptLength = content[content.length - 1] & 0xff;
    // The 60 bytes before the postscript belong to the footer.
    int footerEnd = content.length - 1 - postScriptLength;
    Arrays.fill(content, footerEnd - 60, footerEnd, (byte) 0x55);

    Classification classification = new OrcClassifier().classify(FileSample.of("f", content));

    assertThat(classification.isKnown()).isFalse();
    assertThat(classification.reason()).startsWith("the ORC footer");
  }

  private Path write(String name, TypeDescription schema, CompressionKind codec, int rows)
      throws IOException {
    Path file = directory.resolve(name);
    try (Writer writer =
        OrcFile.createWriter(
            new org.apache.hadoop.fs.Path(file.toUri()),
            OrcFile.writerOptions(new Configuration()).setSchema(schema).compress(codec))) {
      VectorizedRowBatch batch = schema.createRowBatch();
      for (int row = 0; row < rows; row++) {
        int i = batch.size++;
        // Every column but the first is null: the schema is what is classified.
        ((LongColumnVector) batch.cols[0]).vector[i] = row;
        for (int column = 1; column < batch.cols.length; column++) {
          ColumnVector vector = batch.cols[column];
          vector.noNulls = false;
          vector.isNull[i] = true;
        }
        if (batch.size == batch.getMaxSize()) {
          writer.addRowBatch(batch);
          batch.reset();
        }
      }
      if (batch.size > 0) {
        writer.addRowBatch(batch);
      }
    }
    return file;
  }
}
