package io.cairn.classifiers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestCsvClassifier {
  private final CsvClassifier classifier = new CsvClassifier();

  @Test
  void headerIsUsedWhenDataIsNotAllStrings() {
    Classification classification =
        classify(
            "Id,Name,Price,Active,Day,At\n1,apple,1.5,true,2024-01-02,2024-01-02 03:04:05\n"
                + "2,pear,2,false,2024-02-03,2024-01-02 03:04:05.123\n");

    assertThat(classification.classification()).isEqualTo("csv");
    assertThat(classification.certainty()).isEqualTo(1.0);
    assertThat(classification.columns())
        .containsExactly(
            new Column("id", "int"),
            new Column("name", "string"),
            new Column("price", "double"),
            new Column("active", "boolean"),
            new Column("day", "date"),
            new Column("at", "timestamp"));
    assertThat(classification.parameters())
        .containsEntry("classification", "csv")
        .containsEntry("delimiter", ",")
        .containsEntry("skip.header.line.count", "1")
        .containsEntry("areColumnsQuoted", "false")
        .containsEntry("compressionType", "none");
    assertThat(classification.serdeLibrary()).isEqualTo(CsvClassifier.LAZY_SIMPLE_SERDE);
    assertThat(classification.serdeParameters()).isEqualTo(Map.of("field.delim", ","));
    assertThat(classification.inputFormat()).isEqualTo(CsvClassifier.TEXT_INPUT_FORMAT);
    assertThat(classification.outputFormat()).isEqualTo(CsvClassifier.TEXT_OUTPUT_FORMAT);
  }

  @Test
  void allStringsMeansNoHeader() {
    Classification classification = classify("name,city\nann,paris\nbob,rome\n");

    assertThat(classification.columns())
        .containsExactly(new Column("col0", "string"), new Column("col1", "string"));
    assertThat(classification.parameters()).doesNotContainKey("skip.header.line.count");
  }

  @Test
  void firstRecordWithNumbersIsNotAHeader() {
    Classification classification = classify("1,a\n2,b\n");

    assertThat(classification.columns())
        .containsExactly(new Column("col0", "int"), new Column("col1", "string"));
    assertThat(classification.parameters()).doesNotContainKey("skip.header.line.count");
  }

  @Test
  void headerValueOf150CharactersIsNotAHeader() {
    String longName = "n".repeat(150);
    Classification classification = classify(longName + ",b\nx,1\ny,2\n");

    assertThat(classification.columns().get(0).name()).isEqualTo("col0");
    assertThat(classify("n".repeat(149) + ",b\nx,1\n").columns().get(0).name())
        .isEqualTo("n".repeat(149));
  }

  @Test
  void trailingDelimiterLeavesAnEmptyLastHeaderColumn() {
    Classification classification = classify("a,b,\nx,1,\ny,2,\n");

    assertThat(classification.parameters()).containsEntry("skip.header.line.count", "1");
    assertThat(classification.columns())
        .containsExactly(
            new Column("a", "string"), new Column("b", "int"), new Column("", "string"));
  }

  @ParameterizedTest
  @ValueSource(strings = {",", "|", "\t", ";", "\u0001"})
  void eachDelimiterIsDetected(String delimiter) {
    Classification classification =
        classify(
            String.join(delimiter, "a", "b", "c")
                + "\n"
                + String.join(delimiter, "x", "1", "2.5")
                + "\n");

    assertThat(classification.parameters()).containsEntry("delimiter", delimiter);
    assertThat(classification.serdeParameters()).containsEntry("field.delim", delimiter);
    assertThat(classification.columns())
        .containsExactly(
            new Column("a", "string"), new Column("b", "int"), new Column("c", "double"));
  }

  @Test
  void quotedValuesMayHoldDelimitersQuotesAndLineBreaks() {
    Classification classification =
        classify("\"id\",\"text\"\n1,\"a, b\"\n2,\"say \"\"hi\"\"\nthere\"\n3,plain\n");

    assertThat(classification.columns())
        .containsExactly(new Column("id", "int"), new Column("text", "string"));
    assertThat(classification.serdeLibrary()).isEqualTo(CsvClassifier.OPEN_CSV_SERDE);
    assertThat(classification.serdeParameters())
        .isEqualTo(Map.of("separatorChar", ",", "quoteChar", "\""));
    assertThat(classification.parameters()).containsEntry("areColumnsQuoted", "true");

    CsvClassifier.Parsed parsed =
        CsvClassifier.parse("1,\"a, b\"\n2,\"say \"\"hi\"\"\nthere\"\n", ',', true);
    assertThat(parsed.records())
        .containsExactly(List.of("1", "a, b"), List.of("2", "say \"hi\"\nthere"));
  }

  @Test
  void integersWidenToBigintThenDouble() {
    assertThat(classify("a,b\nx,1\ny,2\n").columns().get(1).type()).isEqualTo("int");
    assertThat(classify("a,b\nx,1\ny,3000000000\n").columns().get(1).type()).isEqualTo("bigint");
    assertThat(classify("a,b\nx,1\ny,3000000000\nz,0.5\n").columns().get(1).type())
        .isEqualTo("double");
    assertThat(classify("a,b\nx,1\ny,true\n").columns().get(1).type()).isEqualTo("string");
    assertThat(classify("a,b,c\nx,1,2024-01-01\ny,2,2024-01-01 00:00:00\n").columns().get(2).type())
        .isEqualTo("string");
  }

  @Test
  void emptyValuesDoNotDecideATypeAndAllEmptyIsString() {
    Classification classification = classify("a,b,c\nx,,\ny,2,\n");

    assertThat(classification.columns())
        .containsExactly(
            new Column("a", "string"), new Column("b", "int"), new Column("c", "string"));
  }

  @Test
  void inconsistentColumnCountsAreNotCsv() {
    Classification classification = classify("a,b\n1,2,3\n4\n");

    assertThat(classification.isKnown()).isFalse();
    assertThat(classification.reason()).contains("no delimiter");
  }

  @Test
  void unterminatedQuoteInACompleteFileIsUnknown() {
    Classification classification = classify("a,b\n1,\"cut off\n");

    assertThat(classification.isKnown()).isFalse();
    assertThat(classification.reason())
        .isEqualTo("unterminated quoted value at the end of the file");
  }

  @Test
  void singleColumnAndSingleRecordAreNotCsv() {
    assertThat(classify("a\n1\n2\n").isKnown()).isFalse();
    assertThat(classify("a,b\n").reason()).isEqualTo("fewer than two records");
  }

  @Test
  void binaryAndNonUtf8AreNotCsv() {
    assertThat(
            classifier
                .classify(FileSample.of("f", new byte[] {'a', ',', (byte) 0xff, '\n'}))
                .reason())
        .isEqualTo("not UTF-8 text");
    assertThat(classify("a,b\n1,\u0000\n").reason()).isEqualTo("binary content");
  }

  @Test
  void sampleReadsAtMostAThousandRecords() {
    StringBuilder text = new StringBuilder("a,b\n");
    for (int i = 0; i < 999; i++) {
      text.append("x,").append(i).append('\n');
    }
    text.append("y,not-a-number\n");

    assertThat(classify(text.toString()).columns().get(1).type()).isEqualTo("int");
    assertThat(CsvClassifier.parse(text.toString(), ',', true).records())
        .hasSize(FileSample.MAX_RECORDS);
  }

  @Test
  void recordCutByTheByteLimitIsDropped() throws IOException {
    StringBuilder text = new StringBuilder("a,b\n");
    while (text.length() < FileSample.MAX_BYTES - 10) {
      text.append("x,1\n");
    }
    text.append("z,\"longer quoted value with é running past the limit\"\n");

    Classification classification =
        Classifiers.loadBuiltIn()
            .classify(
                new ByteArrayInputStream(text.toString().getBytes(UTF_8)),
                "big.csv",
                text.toString().getBytes(UTF_8).length);

    assertThat(classification.classification()).isEqualTo("csv");
    assertThat(classification.columns().get(1)).isEqualTo(new Column("b", "int"));
  }

  @Test
  void gzipCsvIsReadThroughTheBuiltInClassifiers() throws IOException {
    byte[] compressed = TestClassifiers.gzip("a,b\nx,1\ny,2\n".getBytes(UTF_8));

    Classification classification =
        Classifiers.loadBuiltIn()
            .classify(new ByteArrayInputStream(compressed), "data.csv.gz", compressed.length);

    assertThat(classification.classification()).isEqualTo("csv");
    assertThat(classification.parameters()).containsEntry("compressionType", "gzip");
    assertThat(classification.columns())
        .containsExactly(new Column("a", "string"), new Column("b", "int"));
  }

  @Test
  void completeSampleCountsItsDataRecords() {
    Classification classification = classify("a,b\nx,1\ny,22\n");

    assertThat(classification.parameters())
        .containsEntry("recordCount", "2")
        .containsEntry("averageRecordSize", "5")
        .containsEntry("typeOfData", "file");
  }

  @Test
  void cutSampleEstimatesTheRecordCountFromTheFileSize() {
    StringBuilder text = new StringBuilder("a,b\n");
    for (int i = 0; i < 999; i++) {
      text.append("x,").append(i % 10).append('\n');
    }
    byte[] file = text.toString().getBytes(UTF_8);
    // The first 2002 bytes: the header, 499 records and half of the 500th.
    FileSample sample =
        new FileSample("big.csv", file.length, "none", Arrays.copyOf(file, 2002), false);

    Classification classification = classifier.classify(sample);

    assertThat(classification.columns())
        .containsExactly(new Column("a", "string"), new Column("b", "int"));
    assertThat(classification.parameters())
        .containsEntry("recordCount", "999")
        .containsEntry("averageRecordSize", "4");
  }

  @Test
  void completeFileOfMoreThanAThousandRecordsIsEstimatedFromTheRecordsRead() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      text.append("x,").append(i % 10).append('\n');
    }

    Classification classification = classify(text.toString());

    assertThat(classification.parameters())
        .containsEntry("recordCount", "3000")
        .containsEntry("averageRecordSize", "4");
  }

  private Classification classify(String text) {
    return classifier.classify(FileSample.of("data.csv", text.getBytes(UTF_8)));
  }
}
