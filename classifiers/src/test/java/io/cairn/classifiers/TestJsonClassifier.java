package io.cairn.classifiers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestJsonClassifier {
  private final JsonClassifier classifier = new JsonClassifier();

  @Test
  void jsonLinesBecomeColumnsInFirstSeenOrder() {
    Classification classification =
        classify("{\"id\": 1, \"name\": \"a\", \"ok\": true}\n{\"id\": 2, \"score\": 1.5}\n");

    assertThat(classification.classification()).isEqualTo("json");
    assertThat(classification.certainty()).isEqualTo(1.0);
    assertThat(classification.columns())
        .containsExactly(
            new Column("id", "int"),
            new Column("name", "string"),
            new Column("ok", "boolean"),
            new Column("score", "double"));
    assertThat(classification.serdeLibrary()).isEqualTo(JsonClassifier.JSON_SERDE);
    assertThat(classification.serdeParameters()).isEqualTo(Map.of("paths", "id,name,ok,score"));
    assertThat(classification.parameters())
        .containsEntry("classification", "json")
        .containsEntry("compressionType", "none");
    assertThat(classification.inputFormat()).isEqualTo(CsvClassifier.TEXT_INPUT_FORMAT);
  }

  @Test
  void nestedObjectsAndArraysBecomeStructsAndArrays() {
    Classification classification =
        classify(
            "{\"user\": {\"name\": \"a\", \"tags\": [\"x\"]}, \"points\": [{\"x\": 1}]}\n"
                + "{\"user\": {\"age\": 3}, \"points\": [{\"y\": 2.5}], \"empty\": []}\n");

    assertThat(classification.columns())
        .containsExactly(
            new Column("user", "struct<name:string,tags:array<string>,age:int>"),
            new Column("points", "array<struct<x:int,y:double>>"),
            new Column("empty", "array<string>"));
  }

  @Test
  void conflictingTypesWiden() {
    Classification classification =
        classify(
            "{\"a\": 1, \"b\": 1, \"c\": 1, \"d\": {\"x\": 1}, \"e\": null, \"f\": null}\n"
                + "{\"a\": 5000000000, \"b\": 0.5, \"c\": \"s\", \"d\": 7, \"e\": [1]}\n");

    assertThat(classification.columns())
        .containsExactly(
            new Column("a", "bigint"),
            new Column("b", "double"),
            new Column("c", "string"),
            new Column("d", "string"),
            new Column("e", "array<int>"),
            new Column("f", "string"));
  }

  @Test
  void topLevelArrayIsOneColumnNamedArray() {
    Classification classification = classify("[{\"a\": 1}, {\"a\": 2, \"b\": \"x\"}]");

    assertThat(classification.columns())
        .containsExactly(new Column("array", "array<struct<a:int,b:string>>"));
    assertThat(classification.serdeParameters()).isEqualTo(Map.of("paths", "array"));
  }

  @Test
  void truncatedOrMalformedJsonIsUnknownWithAReason() {
    Classification truncated = classify("{\"a\": 1}\n{\"a\": ");
    assertThat(truncated.isKnown()).isFalse();
    assertThat(truncated.reason()).startsWith("malformed JSON: Unexpected end-of-input");

    assertThat(classify("[{\"a\": 1}, {\"a\": 2}").reason()).startsWith("malformed JSON");
    assertThat(classify("{\"a\": 1} garbage").reason()).startsWith("malformed JSON");
    assertThat(classify("{\"a\": 1}\n[1]\n").reason()).isEqualTo("record 2 is not a JSON object");
    assertThat(classify("a,b\n1,2\n").reason()).startsWith("malformed JSON");
  }

  @Test
  void truncatedJsonIsUnknownThroughTheBuiltInClassifiers() throws IOException {
    byte[] bytes = "{\"a\": 1, \"b\": 2}\n{\"a\": 3, \"b\"".getBytes(UTF_8);

    Classification classification =
        Classifiers.loadBuiltIn().classify(new ByteArrayInputStream(bytes), "t.json", bytes.length);

    assertThat(classification.classification()).isEqualTo(Classification.UNKNOWN);
    assertThat(classification.reason())
        .contains("json: malformed JSON")
        .contains("csv: starts like JSON");
  }

  @Test
  void sampleReadsAtMostAThousandRecords() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < FileSample.MAX_RECORDS; i++) {
      text.append("{\"a\": 1}\n");
    }
    text.append("{\"a\": \"late\"}\n{broken");

    assertThat(classify(text.toString()).columns()).containsExactly(new Column("a", "int"));
  }

  @Test
  void recordCutByTheByteLimitIsDropped() throws IOException {
    StringBuilder text = new StringBuilder("[");
    while (text.length() < FileSample.MAX_BYTES - 5) {
      text.append("{\"a\":1},");
    }
    text.append("{\"a\":\"past the limit\"}]");
    byte[] bytes = text.toString().getBytes(UTF_8);

    Classification classification =
        Classifiers.loadBuiltIn()
            .classify(new ByteArrayInputStream(bytes), "big.json", bytes.length);

    assertThat(classification.columns())
        .containsExactly(new Column("array", "array<struct<a:int>>"));
  }

  @Test
  void gzipJsonLinesAreReadTransparently() throws IOException {
    byte[] compressed = TestClassifiers.gzip("{\"a\": [1, 2]}\n{\"a\": []}\n".getBytes(UTF_8));

    Classification classification =
        Classifiers.loadBuiltIn().classify(new ByteArrayInputStream(compressed), "x", -1);

    assertThat(classification.classification()).isEqualTo("json");
    assertThat(classification.parameters()).containsEntry("compressionType", "gzip");
    assertThat(classification.columns()).containsExactly(new Column("a", "array<int>"));
  }

  @Test
  void completeSampleCountsItsRecords() {
    Classification classification = classify("{\"a\": 1}\n{\"a\": 22}\n{\"a\": 3}\n");

    assertThat(classification.parameters())
        .containsEntry("recordCount", "3")
        .containsEntry("averageRecordSize", "9")
        .containsEntry("typeOfData", "file");
  }

  @Test
  void cutSampleEstimatesTheRecordCountFromTheFileSize() {
    String line = "{\"a\": 1}\n";
    byte[] file = line.repeat(400).getBytes(UTF_8);
    FileSample sample =
        new FileSample("big.json", file.length, "none", Arrays.copyOf(file, 1005), false);

    Classification classification = classifier.classify(sample);

    assertThat(classification.columns()).containsExactly(new Column("a", "int"));
    assertThat(classification.parameters())
        .containsEntry("recordCount", "400")
        .containsEntry("averageRecordSize", "9");
  }

  @Test
  void topLevelArrayIsOneRecord() {
    Classification classification = classify("[{\"a\": 1}, {\"a\": 2}]");

    assertThat(classification.parameters())
        .containsEntry("recordCount", "1")
        .containsEntry("averageRecordSize", "20");
  }

  private Classification classify(String text) {
    return classifier.classify(FileSample.of("data.json", text.getBytes(UTF_8)));
  }
}
