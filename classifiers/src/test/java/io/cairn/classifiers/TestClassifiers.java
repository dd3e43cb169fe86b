package io.cairn.classifiers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.Lz4Codec;
import org.apache.hadoop.io.compress.SnappyCodec;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.SnappyFramedOutputStream;

class TestClassifiers {
  @Test
  void firstCertainClassificationWins() {
    Classifiers classifiers =
        new Classifiers(
            List.of(
                new FixedClassifier("a", 0.5),
                new FixedClassifier("b", 1.0),
                new FixedClassifier("c", 1.0)));

    assertThat(classifiers.classify(sample("x")).classification()).isEqualTo("b");
  }

  @Test
  void otherwiseTheHighestCertaintyWins() {
    Classifiers classifiers =
        new Classifiers(
            List.of(
                new FixedClassifier("a", 0.3),
                new FixedClassifier("b", 0.8),
                new FixedClassifier("c", 0.5)));

    assertThat(classifiers.classify(sample("x")).classification()).isEqualTo("b");
  }

  @Test
  void nothingRecognisedIsUnknownWithEveryReason() {
    Classifiers classifiers =
        new Classifiers(List.of(new FixedClassifier("a", 0.0), new FailingClassifier()));

    Classification classification = classifiers.classify(sample("x"));

    assertThat(classification.classification()).isEqualTo(Classification.UNKNOWN);
    assertThat(classification.certainty()).isZero();
    assertThat(classification.reason())
        .contains("a: not a")
        .contains("failing: failed with java.lang.IllegalStateException: broken");
  }

  @Test
  void gzipIsRecognisedByItsMagicBytesAndReadTransparently() throws IOException {
    RecordingClassifier recording = new RecordingClassifier();
    byte[] content = "hello, world\n".getBytes(UTF_8);

    new Classifiers(List.of(recording))
        .classify(new ByteArrayInputStream(gzip(content)), "data.txt", gzip(content).length);

    assertThat(recording.samples).hasSize(1);
    assertThat(recording.samples.get(0).compression()).isEqualTo("gzip");
    assertThat(recording.samples.get(0).bytes()).isEqualTo(content);
    assertThat(recording.samples.get(0).isComplete()).isTrue();
  }

  @Test
  void truncatedGzipIsUnknown() throws IOException {
    byte[] compressed = gzip("a,b\n1,2\n3,4\n".repeat(100).getBytes(UTF_8));
    byte[] truncated = Arrays.copyOf(compressed, compressed.length - 10);
    RecordingClassifier recording = new RecordingClassifier();

    Classification classification =
        new Classifiers(List.of(recording))
            .classify(new ByteArrayInputStream(truncated), "data.csv.gz", truncated.length);

    assertThat(classification.isKnown()).isFalse();
    assertThat(classification.reason()).startsWith("compressed content is corrupt or truncated");
    assertThat(recording.samples).isEmpty();
  }

  @Test
  void fileShorterThanItsSizeIsUnknown() throws IOException {
    Classification classification =
        new Classifiers(List.of(new FixedClassifier("a", 1.0)))
            .classify(new ByteArrayInputStream("abc".getBytes(UTF_8)), "data.csv", 10);

    assertThat(classification.isKnown()).isFalse();
    assertThat(classification.reason()).isEqualTo("read 3 bytes of a file of 10: truncated");
  }

  @Test
  void emptyFileIsUnknown() throws IOException {
    Classification classification =
        new Classifiers(List.of(new FixedClassifier("a", 1.0)))
            .classify(new ByteArrayInputStream(new byte[0]), "empty.csv", 0);

    assertThat(classification.reason()).isEqualTo("the file is empty");
  }

  @Test
  void sampleStopsAtTheByteLimit() throws IOException {
    RecordingClassifier recording = new RecordingClassifier();
    byte[] big = new byte[FileSample.MAX_BYTES + 5];
    Arrays.fill(big, (byte) 'x');

    new Classifiers(List.of(recording)).classify(new ByteArrayInputStream(big), "big", big.length);

    assertThat(recording.samples.get(0).length()).isEqualTo(FileSample.MAX_BYTES);
    assertThat(recording.samples.get(0).isComplete()).isFalse();
  }

  @Test
  void sampleOfExactlyTheLimitIsComplete() throws IOException {
    RecordingClassifier recording = new RecordingClassifier();
    byte[] exact = new byte[FileSample.MAX_BYTES];

    new Classifiers(List.of(recording))
        .classify(new ByteArrayInputStream(exact), "exact", exact.length);

    assertThat(recording.samples.get(0).isComplete()).isTrue();
  }

  @Test
  void everyStreamCompressionGivesTheColumnsOfThePlainFile() throws IOException {
    byte[] csv = csv();
    Classifiers classifiers = Classifiers.loadBuiltIn();
    Classification plain =
        classifiers.classify(new ByteArrayInputStream(csv), "data.csv", csv.length);
    assertThat(plain.classification()).isEqualTo("csv");
    assertThat(plain.parameters()).containsEntry("compressionType", "none");

    for (Compressed compressed : compressedForms(csv)) {
      Classification classification =
          classifiers.classify(
              new ByteArrayInputStream(compressed.bytes()),
              compressed.name(),
              compressed.bytes().length);

      assertThat(classification.classification()).as(compressed.name()).isEqualTo("csv");
      assertThat(classification.columns()).as(compressed.name()).isEqualTo(plain.columns());
      assertThat(classification.parameters())
          .as(compressed.name())
          .containsEntry("compressionType", compressed.compressionType());
    }
  }

  @Test
  void hadoopBlockLargerThanTheCodecBufferIsReadChunkByChunk() throws IOException {
    byte[] large = new byte[3 << 20];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) ('a' + (i * 7 + i / 1000) % 26);
    }
    RecordingClassifier recording = new RecordingClassifier();
    Classifiers classifiers = new Classifiers(List.of(recording));

    // One write of 3 MiB: Hadoop gives it one block header and chunks of its 256 KiB buffer.
    for (CompressionCodec codec : List.of(new SnappyCodec(), new Lz4Codec())) {
      byte[] compressed = hadoop(codec, large);
      String name = "large" + codec.getDefaultExtension();
      classifiers.classify(new ByteArrayInputStream(compressed), name, compressed.length);
    }

    assertThat(recording.samples).hasSize(2);
    for (FileSample sample : recording.samples) {
      assertThat(sample.bytes()).isEqualTo(Arrays.copyOf(large, FileSample.MAX_BYTES));
      assertThat(sample.isComplete()).isFalse();
    }
    assertThat(recording.samples.get(0).compression()).isEqualTo("snappy");
    assertThat(recording.samples.get(1).compression()).isEqualTo("lz4");
  }

  @Test
  void jsonLinesAreReadThroughACompression() throws IOException {
    byte[] json = "{\"a\": 1, \"b\": [\"x\"]}\n{\"a\": 2, \"b\": []}\n".repeat(500).getBytes(UTF_8);

    Classification classification =
        Classifiers.loadBuiltIn()
            .classify(new ByteArrayInputStream(hadoop(new Lz4Codec(), json)), "data.lz4", -1);

    assertThat(classification.classification()).isEqualTo("json");
    assertThat(classification.columns())
        .containsExactly(new Column("a", "int"), new Column("b", "array<string>"));
    assertThat(classification.parameters()).containsEntry("compressionType", "lz4");
  }

  @Test
  void everyTruncatedStreamCompressionIsUnknown() throws IOException {
    for (Compressed compressed : compressedForms(csv())) {
      byte[] truncated = Arrays.copyOf(compressed.bytes(), compressed.bytes().length * 2 / 3);
      RecordingClassifier recording = new RecordingClassifier();

      Classification classification =
          new Classifiers(List.of(recording))
              .classify(new ByteArrayInputStream(truncated), compressed.name(), truncated.length);

      assertThat(classification.isKnown()).as(compressed.name()).isFalse();
      assertThat(classification.reason())
          .as(compressed.name())
          .startsWith("compressed content is corrupt or truncated");
      assertThat(recording.samples).as(compressed.name()).isEmpty();
    }
  }

  @Test
  void plainTextNamedLikeAHadoopBlockStreamIsUnknown() throws IOException {
    byte[] text = csv();

    for (String name : List.of("data.snappy", "data.lz4")) {
      Classification classification =
          Classifiers.loadBuiltIn().classify(new ByteArrayInputStream(text), name, text.length);

      assertThat(classification.isKnown()).as(name).isFalse();
      assertThat(classification.reason())
          .as(name)
          .startsWith("compressed content is corrupt or truncated");
    }
  }

  @Test
  void failureToReadTheStoredBytesStillThrows() throws IOException {
    byte[] compressed = hadoop(new BZip2Codec(), csv());
    InputStream failing =
        new SequenceInputStream(
            new ByteArrayInputStream(Arrays.copyOf(compressed, 100)),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("connection reset");
              }
            });

    assertThatThrownBy(
            () -> Classifiers.loadBuiltIn().classify(failing, "data.csv.bz2", compressed.length))
        .isInstanceOf(IOException.class)
        .hasMessage("connection reset");
  }

  @Test
  void fileSourceIsSampledAsAStreamUnlessItIsParquet() throws IOException {
    Path file = Files.createTempFile("classifiers", ".csv.zst");
    try {
      Files.write(file, compress("zstd", csv()));
      CountingFileSource source = new CountingFileSource(file);

      Classification classification = Classifiers.loadBuiltIn().classify(source);

      assertThat(classification.classification()).isEqualTo("csv");
      assertThat(classification.parameters()).containsEntry("compressionType", "zstd");
      assertThat(source.bytesRead()).isEqualTo(Files.size(file));
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void sampleFromAStreamReadsStoredRangesOnlyWhenItHoldsTheWholePlainFile() throws IOException {
    RecordingClassifier recording = new RecordingClassifier();
    byte[] content = "hello, world\n".getBytes(UTF_8);
    Classifiers classifiers = new Classifiers(List.of(recording));

    classifiers.classify(new ByteArrayInputStream(content), "plain.txt", content.length);
    classifiers.classify(new ByteArrayInputStream(gzip(content)), "data.gz", gzip(content).length);

    assertThat(recording.samples.get(0).readStored(7, 100)).isEqualTo("world\n".getBytes(UTF_8));
    assertThatThrownBy(() -> recording.samples.get(1).readStored(0, 2))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot be read by position");
  }

  private record Compressed(String name, String compressionType, byte[] bytes) {}

  /**
   * The content in every stream compression, each written by a different implementation than the
   * one that reads it: Hadoop's own codecs for its block streams and bzip2, the reference libraries
   * of the frame formats.
   */
  private static List<Compressed> compressedForms(byte[] content) throws IOException {
    return List.of(
        new Compressed("data.csv.gz", "gzip", gzip(content)),
        new Compressed("data.csv.bz2", "bzip2", hadoop(new BZip2Codec(), content)),
        new Compressed("data.csv.zst", "zstd", compress("zstd", content)),
        new Compressed("data.csv.sz", "snappy", compress("snappy-framed", content)),
        new Compressed("data.snappy", "snappy", hadoop(new SnappyCodec(), content)),
        new Compressed("data.csv.lz4frame", "lz4", compress("lz4-framed", content)),
        new Compressed("data.lz4", "lz4", hadoop(new Lz4Codec(), content)));
  }

  private static byte[] csv() {
    StringBuilder csv = new StringBuilder("id,name,score,day\n");
    for (int i = 0; i < 2_000; i++) {
      csv.append(i)
          .append(",name ")
          .append(i)
          .append(',')
          .append(i * 0.25)
          .append(",2024-01-")
          .append(10 + i % 20)
          .append('\n');
    }
    return csv.toString().getBytes(UTF_8);
  }

  private static byte[] compress(String format, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream compressing =
        switch (format) {
          case "zstd" -> new ZstdOutputStream(out);
          case "snappy-framed" -> new SnappyFramedOutputStream(out);
          case "lz4-framed" -> new LZ4FrameOutputStream(out);
          default -> throw new IllegalArgumentException(format);
        }) {
      compressing.write(content);
    }
    return out.toByteArray();
  }

  /** A stream as Hadoop's codec writes it, e.g. for {@code part-00000.snappy}. */
  private static byte[] hadoop(CompressionCodec codec, byte[] content) throws IOException {
    ((Configurable) codec).setConf(new Configuration());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream compressing = codec.createOutputStream(out)) {
      compressing.write(content);
    }
    return out.toByteArray();
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(content);
    }
    return out.toByteArray();
  }

  private static FileSample sample(String text) {
    return FileSample.of("file", text.getBytes(UTF_8));
  }

  private static Classification known(String name, double certainty) {
    return new Classification(
        name, certainty, List.of(), "serde", Map.of(), "in", "out", Map.of(), "");
  }

  private record FixedClassifier(String name, double certainty) implements Classifier {
    @Override
    public Classification classify(FileSample sample) {
      return certainty == 0.0 ? Classification.unknown("not " + name) : known(name, certainty);
    }
  }

  private static final class FailingClassifier implements Classifier {
    @Override
    public String name() {
      return "failing";
    }

    @Override
    public Classification classify(FileSample sample) {
      throw new IllegalStateException("broken");
    }
  }

  private static final class RecordingClassifier implements Classifier {
    final List<FileSample> samples = new ArrayList<>();

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public Classification classify(FileSample sample) {
      samples.add(sample);
      return known("recording", 1.0);
    }
  }
}
