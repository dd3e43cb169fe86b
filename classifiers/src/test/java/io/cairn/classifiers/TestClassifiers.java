package io.cairn.classifiers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

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
