package io.cairn.classifiers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestGrokClassifier {
  private static final String COMMON_LOG =
      "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326\n"
          + "192.168.1.20 - - [10/Oct/2000:13:56:01 -0700] \"POST /login HTTP/1.1\" 302 -\n"
          + "web-2.example.com - - [11/Oct/2000:01:02:03 +0000] \"-\" 400 0\n";
  private static final String COMBINED_LOG =
      "10.1.2.3 - - [12/Mar/2024:08:00:01 +0100] \"GET /index.html HTTP/1.1\" 200 5120"
          + " \"https://example.org/start\" \"Mozilla/5.0 (X11; Linux x86_64; rv:124.0)\"\n"
          + "10.1.2.4 - alice [12/Mar/2024:08:00:02 +0100] \"GET /missing HTTP/1.1\" 404 -"
          + " \"-\" \"curl/8.5.0\"\n";
  private static final String SYSLOG =
      "Feb  1 06:25:43 ip-10-0-0-1 sshd[1234]: Accepted publickey for ops from 10.0.0.9\n"
          + "Feb  1 06:25:44 ip-10-0-0-1 systemd: Started Session 5 of user ops.\n"
          + "Feb 11 23:59:59 <3.4> gateway kernel: eth0: link up\n";

  @Test
  void apacheCommonLogBecomesTypedColumns() {
    Classification classification = new ApacheLogClassifier().classify(sample(COMMON_LOG));

    assertThat(classification.classification()).isEqualTo("apache");
    assertThat(classification.certainty()).isEqualTo(1.0);
    assertThat(classification.columns()).containsExactlyElementsOf(commonColumns());
    assertThat(classification.serdeLibrary()).isEqualTo("com.amazonaws.glue.serde.GrokSerDe");
    assertThat(classification.serdeParameters())
        .isEqualTo(Map.of("input.format", ApacheLogClassifier.PATTERN));
    assertThat(classification.inputFormat()).isEqualTo("org.apache.hadoop.mapred.TextInputFormat");
    assertThat(classification.outputFormat())
        .isEqualTo("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
    assertThat(classification.parameters())
        .containsEntry("classification", "apache")
        .containsEntry("typeOfData", "file")
        .containsEntry("compressionType", "none")
        .containsEntry("recordCount", "3");
  }

  @Test
  void apacheCombinedLogAddsReferrerAndAgent() {
    Classification classification =
        new CombinedApacheLogClassifier().classify(sample(COMBINED_LOG));

    assertThat(classification.classification()).isEqualTo("combined_apache");
    List<Column> expected = new java.util.ArrayList<>(commonColumns());
    expected.add(new Column("referrer", "string"));
    expected.add(new Column("agent", "string"));
    assertThat(classification.columns()).containsExactlyElementsOf(expected);
    assertThat(classification.parameters()).containsEntry("recordCount", "2");
  }

  @Test
  void builtInClassifiersRecogniseTheLogFormats() {
    Classifiers builtIn = Classifiers.loadBuiltIn();

    assertThat(builtIn.classify(sample(COMMON_LOG)).classification()).isEqualTo("apache");
    assertThat(builtIn.classify(sample(COMBINED_LOG)).classification())
        .isEqualTo("combined_apache");
    assertThat(builtIn.classify(sample(SYSLOG)).classification()).isEqualTo("syslog");
  }

  @Test
  void commonAndCombinedFormatsDoNotMatchEachOther() {
    Classification common = new ApacheLogClassifier().classify(sample(COMBINED_LOG));
    Classification combined = new CombinedApacheLogClassifier().classify(sample(COMMON_LOG));

    assertThat(common.isKnown()).isFalse();
    assertThat(common.reason()).startsWith("line 1 does not match the grok pattern");
    assertThat(combined.isKnown()).isFalse();
  }

  @Test
  void syslogLinesBecomeTypedColumns() {
    Classification classification = new SyslogClassifier().classify(sample(SYSLOG));

    assertThat(classification.classification()).isEqualTo("syslog");
    assertThat(classification.columns())
        .containsExactly(
            new Column("timestamp", "string"),
            new Column("facility", "int"),
            new Column("priority", "int"),
            new Column("logsource", "string"),
            new Column("program", "string"),
            new Column("pid", "int"),
            new Column("message", "string"));
    assertThat(classification.parameters()).containsEntry("recordCount", "3");
  }

  @Test
  void logsAreNotTakenForCsvOrJsonByTheGrokClassifiers() {
    assertThat(new SyslogClassifier().classify(sample("a,b\n1,2\n")).isKnown()).isFalse();
    assertThat(new ApacheLogClassifier().classify(sample("{\"a\": 1}\n")).isKnown()).isFalse();
  }

  @Test
  void customPatternsExtendTheStandardOnes() {
    GrokClassifier classifier =
        new GrokClassifier(
            "orders",
            "%{ORDERID:order_id} %{NUMBER:amount:double} %{INT:quantity:int}"
                + " %{ORDERSTATUS:status} %{BOOLEAN:gift:boolean}",
            "ORDERID ORD-[0-9]{6}\n# states an order goes through\nORDERSTATUS (?:NEW|PAID|SHIPPED)\n");

    Classification classification =
        classifier.classify(
            sample("ORD-000001 19.99 2 NEW false\r\n\r\nORD-000002 5 1 SHIPPED true\r\n"));

    assertThat(classification.classification()).isEqualTo("orders");
    assertThat(classification.columns())
        .containsExactly(
            new Column("order_id", "string"),
            new Column("amount", "double"),
            new Column("quantity", "int"),
            new Column("status", "string"),
            new Column("gift", "boolean"));
    assertThat(classification.serdeParameters())
        .containsEntry(
            "input.grokCustomPatterns",
            "ORDERID ORD-[0-9]{6}\n# states an order goes through\nORDERSTATUS (?:NEW|PAID|SHIPPED)\n");
    assertThat(classification.parameters()).containsEntry("recordCount", "2");

    Classification other = classifier.classify(sample("ORD-000001 19.99 2 LOST false\n"));
    assertThat(other.isKnown()).isFalse();
    assertThat(other.reason())
        .isEqualTo("line 1 does not match the grok pattern: ORD-000001 19.99 2 LOST false");
  }

  @Test
  void everyGrokTypeMapsToAHiveType() {
    GrokClassifier classifier =
        new GrokClassifier(
            "types",
            "%{INT:a:byte} %{INT:b:short} %{INT:c:long} %{NUMBER:d:float} %{WORD:e:string}",
            "");

    assertThat(classifier.columns())
        .containsExactly(
            new Column("a", "tinyint"),
            new Column("b", "smallint"),
            new Column("c", "bigint"),
            new Column("d", "float"),
            new Column("e", "string"));
  }

  @Test
  void invalidDefinitionsAreRejectedWithTheirReason() {
    assertThatThrownBy(() -> new GrokClassifier("x", "%{NOSUCHPATTERN:a}", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No definition for key 'NOSUCHPATTERN'");
    assertThatThrownBy(() -> new GrokClassifier("x", "%{WORD:a} (unclosed", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid grok pattern");
    assertThatThrownBy(() -> new GrokClassifier("x", "%{WORD:a:money}", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("money");
    assertThatThrownBy(() -> new GrokClassifier("x", "%{WORD} %{INT}", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no field");
    assertThatThrownBy(() -> new GrokClassifier("x", "%{WORD:a}", "NOT-A-NAME x\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("custom pattern line 1 is not 'NAME regex': NOT-A-NAME x");
    assertThatThrownBy(() -> new GrokClassifier("x", "%{WORD:a}" + " ".repeat(2048), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 2048 characters");
    assertThatThrownBy(() -> new GrokClassifier("x", "", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GrokClassifier("", "%{WORD:a}", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a grok classifier needs a classification");
  }

  @Test
  void patternThatBacktracksWithoutEndGivesUpWithAReason() {
    GrokClassifier classifier = new GrokClassifier("evil", "%{EVIL:x}", "EVIL (.*a){20}c");

    Classification classification = classifier.classify(sample("a".repeat(40) + "\n"));

    assertThat(classification.isKnown()).isFalse();
    assertThat(classification.reason())
        .isEqualTo("the grok pattern takes too long to match line 1");
  }

  @Test
  void cutSampleDropsTheCutLineAndEstimatesTheCount() {
    String line = "Feb  1 06:25:43 host app[1]: started\n";
    byte[] file = line.repeat(100).getBytes(UTF_8);
    FileSample sample =
        new FileSample(
            "syslog",
            file.length,
            "none",
            java.util.Arrays.copyOf(file, line.length() * 10 + 5),
            false);

    Classification classification = new SyslogClassifier().classify(sample);

    assertThat(classification.isKnown()).isTrue();
    assertThat(classification.parameters())
        .containsEntry("recordCount", "100")
        .containsEntry("averageRecordSize", String.valueOf(line.length()));
  }

  @Test
  void emptyAndBinaryContentIsUnknown() {
    assertThat(new SyslogClassifier().classify(sample("\n\n")).reason())
        .isEqualTo("no line to match");
    assertThat(
            new SyslogClassifier()
                .classify(FileSample.of("x", new byte[] {'a', (byte) 0xff, '\n'}))
                .reason())
        .isEqualTo("not UTF-8 text");
  }

  private static List<Column> commonColumns() {
    return List.of(
        new Column("clientip", "string"),
        new Column("ident", "string"),
        new Column("auth", "string"),
        new Column("timestamp", "string"),
        new Column("verb", "string"),
        new Column("request", "string"),
        new Column("httpversion", "string"),
        new Column("rawrequest", "string"),
        new Column("response", "int"),
        new Column("bytes", "bigint"));
  }

  private static FileSample sample(String text) {
    return FileSample.of("access.log", text.getBytes(UTF_8));
  }
}
