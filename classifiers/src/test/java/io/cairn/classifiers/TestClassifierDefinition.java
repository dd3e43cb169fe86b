package io.cairn.classifiers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.classifiers.ClassifierDefinition.CsvHeader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestClassifierDefinition {
  @Test
  void customGrokClassifierWithACustomPatternNamesItsClassification() {
    Classifier classifier =
        new ClassifierDefinition.Grok(
                "crawler-logs",
                "crawler_log",
                "%{TIMESTAMP_ISO8601:ts} \\[%{RUNID:run_id}\\] %{LOGLEVEL:level} : %{GREEDYDATA:msg}",
                "RUNID [0-9a-f]{8}-[0-9a-f]{4}")
            .toClassifier();

    Classification classification =
        classifier.classify(
            sample(
                "2024-05-01T10:00:00Z [0a1b2c3d-4e5f] INFO : crawl started\n"
                    + "2024-05-01T10:00:07Z [0a1b2c3d-4e5f] ERROR : access denied\n"));

    assertThat(classifier.name()).isEqualTo("crawler_log");
    assertThat(classification.classification()).isEqualTo("crawler_log");
    assertThat(classification.certainty()).isEqualTo(1.0);
    assertThat(classification.columns())
        .containsExactly(
            new Column("ts", "string"),
            new Column("run_id", "string"),
            new Column("level", "string"),
            new Column("msg", "string"));
    assertThat(classification.serdeParameters())
        .containsEntry("input.grokCustomPatterns", "RUNID [0-9a-f]{8}-[0-9a-f]{4}");
    assertThat(classifier.classify(sample("not a crawler line\n")).certainty()).isEqualTo(0.0);
  }

  @Test
  void customJsonPathSelectsTheArrayOfATopLevelObject() {
    String json =
        "{\"next\": null, \"records\": [{\"id\": 1, \"name\": \"a\"},"
            + " {\"id\": 2, \"score\": 1.5, \"tags\": [\"x\"]}], \"count\": 2}";

    Classification classification =
        new ClassifierDefinition.Json("records", "$.records[*]")
            .toClassifier()
            .classify(sample(json));

    assertThat(classification.classification()).isEqualTo("json");
    assertThat(classification.columns())
        .containsExactly(
            new Column("id", "int"),
            new Column("name", "string"),
            new Column("score", "double"),
            new Column("tags", "array<string>"));
    assertThat(classification.serdeParameters()).isEqualTo(Map.of("paths", "id,name,score,tags"));
    assertThat(classification.parameters())
        .containsEntry("jsonPath", "$.records[*]")
        .containsEntry("recordCount", "2");
  }

  @Test
  void customJsonPathOverATopLevelArrayAndInBracketNotation() {
    String json = "[{\"a\": {\"b\": 1}}, {\"a\": {\"b\": 2, \"c\": true}}]";

    Classification elements =
        new ClassifierDefinition.Json("j", "$[*]").toClassifier().classify(sample(json));
    Classification nested =
        new ClassifierDefinition.Json("j", "$[*]['a']").toClassifier().classify(sample(json));
    Classification second =
        new ClassifierDefinition.Json("j", "$[1].a.c").toClassifier().classify(sample(json));

    assertThat(elements.columns()).containsExactly(new Column("a", "struct<b:int,c:boolean>"));
    assertThat(nested.columns())
        .containsExactly(new Column("b", "int"), new Column("c", "boolean"));
    assertThat(second.columns()).containsExactly(new Column("record", "boolean"));
  }

  @Test
  void customJsonPathToScalarsGivesOneRecordColumnAndNoMatchIsUnknown() {
    String lines = "{\"id\": \"ocd-1\", \"n\": 1}\n{\"id\": \"ocd-2\"}\n";
    Classifier ids = new ClassifierDefinition.Json("ids", "$.id").toClassifier();
    Classifier missing = new ClassifierDefinition.Json("m", "$.nothing[*]").toClassifier();

    assertThat(ids.classify(sample(lines)).columns())
        .containsExactly(new Column("record", "string"));
    assertThat(missing.classify(sample(lines)).reason())
        .isEqualTo("the JSON path $.nothing[*] selects nothing in the sample");
    assertThat(ids.classify(sample("{\"id\": \"x\"")).reason()).startsWith("malformed JSON");
  }

  @Test
  void unparsableJsonPathsAreRejected() {
    for (String path : new String[] {"records", "$..a", "$[", "$.a[x]", "$['a", "$.", "$[*"}) {
      assertThatThrownBy(() -> new ClassifierDefinition.Json("j", path).toClassifier())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("invalid JSON path '" + path + "'");
    }
  }

  @Test
  void customCsvWithSemicolonQuoteExplicitHeaderAndCustomTypes() {
    String csv =
        "'widget';12;3.5;2024-01-02;'yes'\n"
            + "'gadget; large';7;4;2024-02-03;'no'\n"
            + "'it''s';30000;0.25;2024-03-04;'no'\n";
    ClassifierDefinition.Csv definition =
        withDatatypes(
            csv(";", "'", CsvHeader.ABSENT, List.of("Name", "Count", "Weight", "Day", "Gift")),
            List.of("STRING", "SHORT", "INT", "DECIMAL", "DATE"));

    Classification classification = definition.toClassifier().classify(sample(csv));

    assertThat(classification.classification()).isEqualTo("csv");
    assertThat(classification.columns())
        .containsExactly(
            new Column("name", "string"),
            new Column("count", "smallint"),
            new Column("weight", "decimal(38,18)"),
            new Column("day", "date"),
            new Column("gift", "string"));
    assertThat(classification.serdeLibrary()).isEqualTo(CsvClassifier.OPEN_CSV_SERDE);
    assertThat(classification.serdeParameters())
        .isEqualTo(Map.of("separatorChar", ";", "quoteChar", "'"));
    assertThat(classification.parameters())
        .containsEntry("delimiter", ";")
        .containsEntry("recordCount", "3")
        .doesNotContainKey("skip.header.line.count");
  }

  @Test
  void customCsvHeaderPresentIsSkippedEvenWhenEveryValueIsAString() {
    ClassifierDefinition.Csv definition = csv(",", "", CsvHeader.PRESENT, List.of());

    Classification classification =
        definition.toClassifier().classify(sample("Name,City\nann,paris\nbob,rome\n"));

    assertThat(classification.columns())
        .containsExactly(new Column("name", "string"), new Column("city", "string"));
    assertThat(classification.parameters())
        .containsEntry("skip.header.line.count", "1")
        .containsEntry("recordCount", "2");
    assertThat(
            csv(",", "", CsvHeader.ABSENT, List.of())
                .toClassifier()
                .classify(sample("a,b\nx,1\n"))
                .columns())
        .containsExactly(new Column("col0", "string"), new Column("col1", "string"));
  }

  @Test
  void customCsvOptionsForTrimmingSingleColumnsAndTheSerde() {
    String padded = "a,b\nx, 1\ny, 2\n";
    ClassifierDefinition.Csv trimmed = csv(",", "", CsvHeader.UNKNOWN, List.of());
    ClassifierDefinition.Csv untrimmed =
        new ClassifierDefinition.Csv(
            "c", ",", "", CsvHeader.UNKNOWN, List.of(), true, false, false, List.of(), "None");
    ClassifierDefinition.Csv singleColumn =
        new ClassifierDefinition.Csv(
            "c", ",", "", CsvHeader.UNKNOWN, List.of(), false, true, false, List.of(), "None");
    ClassifierDefinition.Csv lazySimple =
        new ClassifierDefinition.Csv(
            "c",
            "|",
            "",
            CsvHeader.UNKNOWN,
            List.of(),
            false,
            false,
            false,
            List.of(),
            "LazySimpleSerDe");

    assertThat(trimmed.toClassifier().classify(sample(padded)).columns().get(1).type())
        .isEqualTo("int");
    assertThat(untrimmed.toClassifier().classify(sample(padded)).columns().get(1).type())
        .isEqualTo("string");
    assertThat(singleColumn.toClassifier().classify(sample("id\n1\n2\n")).columns())
        .containsExactly(new Column("id", "int"));
    assertThat(trimmed.toClassifier().classify(sample("id\n1\n2\n")).isKnown()).isFalse();
    Classification quotedButLazy = lazySimple.toClassifier().classify(sample("\"a\"|b\n\"x\"|1\n"));
    assertThat(quotedButLazy.serdeLibrary()).isEqualTo(CsvClassifier.LAZY_SIMPLE_SERDE);
    assertThat(quotedButLazy.serdeParameters()).isEqualTo(Map.of("field.delim", "|"));
  }

  @Test
  void customCsvHeaderOfAnotherWidthDoesNotMatch() {
    Classification classification =
        csv(",", "", CsvHeader.ABSENT, List.of("a", "b", "c"))
            .toClassifier()
            .classify(sample("1,2\n3,4\n"));

    assertThat(classification.isKnown()).isFalse();
    assertThat(classification.reason())
        .isEqualTo("the classifier's header names 3 columns, the records have 2");
  }

  @Test
  void invalidCsvDefinitionsAreRejected() {
    assertInvalid(csv(";", ";", CsvHeader.UNKNOWN, List.of()), "must differ from the delimiter");
    assertInvalid(csv(";;", "", CsvHeader.UNKNOWN, List.of()), "the delimiter must be one");
    assertInvalid(csv(",", "\n", CsvHeader.UNKNOWN, List.of()), "the quote symbol must be one");
    assertInvalid(csv(",", "", CsvHeader.UNKNOWN, List.of("a", "A")), "names column 'A' twice");
    assertInvalid(csv(",", "", CsvHeader.UNKNOWN, List.of("")), "a header name must be");
    assertInvalid(
        withDatatypes(csv(",", "", CsvHeader.UNKNOWN, List.of()), List.of("INT", "MONEY")),
        "unknown custom datatype 'MONEY'");
    assertInvalid(
        withDatatypes(csv(",", "", CsvHeader.UNKNOWN, List.of()), List.of()),
        "custom datatypes are configured but none is listed");
    assertInvalid(
        new ClassifierDefinition.Csv(
            "c", ",", "", CsvHeader.UNKNOWN, List.of(), false, false, false, List.of(), "Fast"),
        "serde must be OpenCSVSerDe, LazySimpleSerDe or None");
  }

  @Test
  void invalidGrokXmlAndNamesAreRejected() {
    assertInvalid(
        new ClassifierDefinition.Grok("g", "logs", "%{NOPE:x}", ""),
        "No definition for key 'NOPE'");
    assertInvalid(new ClassifierDefinition.Xml("x", "xml", ""), "needs a row tag");
    assertInvalid(new ClassifierDefinition.Xml("x", "xml", "<row>"), "without angle brackets");
    assertInvalid(new ClassifierDefinition.Json("", "$[*]"), "a classifier name has 1 to 255");
    assertInvalid(
        new ClassifierDefinition.Json("n".repeat(256), "$[*]"), "a classifier name has 1 to 255");
    assertInvalid(
        new ClassifierDefinition.Xml("line\nbreak", "xml", "row"), "a classifier name has");
  }

  @Test
  void customXmlClassifierUsesItsRowTagAndClassification() {
    Classification classification =
        new ClassifierDefinition.Xml("x", "orders", "order")
            .toClassifier()
            .classify(sample("<feed><order id=\"1\"><total>9.5</total></order></feed>"));

    assertThat(classification.classification()).isEqualTo("orders");
    assertThat(classification.columns())
        .containsExactly(new Column("id", "int"), new Column("total", "double"));
  }

  private static void assertInvalid(ClassifierDefinition definition, String message) {
    assertThatThrownBy(definition::toClassifier)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private static ClassifierDefinition.Csv csv(
      String delimiter, String quote, CsvHeader containsHeader, List<String> header) {
    return new ClassifierDefinition.Csv(
        "custom-csv",
        delimiter,
        quote,
        containsHeader,
        header,
        false,
        false,
        false,
        List.of(),
        "None");
  }

  private static ClassifierDefinition.Csv withDatatypes(
      ClassifierDefinition.Csv csv, List<String> datatypes) {
    return new ClassifierDefinition.Csv(
        csv.name(),
        csv.delimiter(),
        csv.quoteSymbol(),
        csv.containsHeader(),
        csv.header(),
        csv.disableValueTrimming(),
        csv.allowSingleColumn(),
        true,
        datatypes,
        csv.serde());
  }

  private static FileSample sample(String text) {
    return FileSample.of("data", text.getBytes(UTF_8));
  }
}
