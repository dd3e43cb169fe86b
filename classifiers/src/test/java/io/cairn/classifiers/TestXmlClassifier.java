package io.cairn.classifiers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TestXmlClassifier {
  private static final String BOOKS =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <catalog>
        <book id="bk101" available="true">
          <author>Rivera, Martha</author>
          <title>Developer Guide</title>
          <price currency="EUR">44.95</price>
          <published>2024-01-15</published>
          <publisher><name>AnyCompany</name><founded>1999</founded></publisher>
          <tag>xml</tag>
          <tag>glue</tag>
        </book>
        <book id="bk102" available="false">
          <author>Stiles, John</author>
          <title><![CDATA[Style & Guide]]></title>
          <price currency="USD">5</price>
          <published>2023-12-01</published>
          <publisher><name>Example Press</name></publisher>
          <tag>style</tag>
        </book>
      </catalog>
      """;

  @Test
  void builtInTakesTheRootsFirstChildAsRowWithAttributesNestedAndRepeatedElements() {
    Classification classification = new XmlClassifier().classify(sample(BOOKS));

    assertThat(classification.classification()).isEqualTo("xml");
    assertThat(classification.certainty()).isEqualTo(1.0);
    assertThat(classification.columns())
        .containsExactly(
            new Column("id", "string"),
            new Column("available", "boolean"),
            new Column("author", "string"),
            new Column("title", "string"),
            new Column("price", "struct<currency:string,_value:double>"),
            new Column("published", "date"),
            new Column("publisher", "struct<name:string,founded:int>"),
            new Column("tag", "array<string>"));
    assertThat(classification.serdeLibrary()).isEqualTo("com.ibm.spss.hive.serde2.xml.XmlSerDe");
    assertThat(classification.inputFormat())
        .isEqualTo("com.ibm.spss.hive.serde2.xml.XmlInputFormat");
    assertThat(classification.outputFormat())
        .isEqualTo("org.apache.hadoop.hive.ql.io.IgnoreKeyTextOutputFormat");
    assertThat(classification.serdeParameters())
        .containsEntry("column.xpath.id", "/book/@id")
        .containsEntry("column.xpath.author", "/book/author/text()")
        .containsEntry("column.xpath.price", "/book/price")
        .containsEntry("column.xpath.publisher", "/book/publisher")
        .containsEntry("column.xpath.tag", "/book/tag/text()")
        .hasSize(8);
    assertThat(classification.parameters())
        .containsEntry("classification", "xml")
        .containsEntry("rowTag", "book")
        .containsEntry("xmlinput.start", "<book")
        .containsEntry("xmlinput.end", "</book>")
        .containsEntry("typeOfData", "file")
        .containsEntry("compressionType", "none")
        .containsEntry("recordCount", "2");
  }

  @Test
  void builtInClassifiersRecogniseXml() {
    Classification classification = Classifiers.loadBuiltIn().classify(sample(BOOKS));

    assertThat(classification.classification()).isEqualTo("xml");
    assertThat(classification.parameters()).containsEntry("rowTag", "book");
  }

  @Test
  void customRowTagFindsRowsAtAnyDepth() {
    String xml =
        "<catalog><book id=\"1\"><AnyCompany><author>A</author><title>T</title></AnyCompany>"
            + "</book><book id=\"2\"><AnyCompany><author>B</author><title>U</title>"
            + "</AnyCompany></book></catalog>";

    Classification classification = new XmlClassifier("books", "AnyCompany").classify(sample(xml));

    assertThat(classification.classification()).isEqualTo("books");
    assertThat(classification.columns())
        .containsExactly(new Column("author", "string"), new Column("title", "string"));
    assertThat(classification.parameters())
        .containsEntry("rowTag", "AnyCompany")
        .containsEntry("classification", "books")
        .containsEntry("recordCount", "2");
    assertThat(new XmlClassifier("books", "magazine").classify(sample(xml)).reason())
        .isEqualTo("no <magazine> row element");
  }

  @Test
  void typesWidenAcrossRecordsAndASingleElementLaterRepeatedIsAnArray() {
    String xml =
        "<rows><row><n>1</n><v>x</v><p>3</p></row>"
            + "<row><n>3000000000</n><v>y</v><v>z</v><p unit=\"kg\">4.5</p></row></rows>";

    Classification classification = new XmlClassifier().classify(sample(xml));

    assertThat(classification.columns())
        .containsExactly(
            new Column("n", "bigint"),
            new Column("v", "array<string>"),
            new Column("p", "struct<_value:double,unit:string>"));
  }

  @Test
  void selfClosingRowElementsAreNotRecords() {
    Classification onlySelfClosing =
        new XmlClassifier("x", "row").classify(sample("<r><row a=\"1\"/><row a=\"2\"/></r>"));
    Classification mixed =
        new XmlClassifier("x", "row")
            .classify(sample("<r><row a=\"1\"/><row a=\"2\" b=\"3\"></row></r>"));

    assertThat(onlySelfClosing.isKnown()).isFalse();
    assertThat(onlySelfClosing.reason())
        .isEqualTo(
            "every <row> row element is self-closing; a row element needs an end tag </row>");
    assertThat(mixed.columns()).containsExactly(new Column("a", "int"), new Column("b", "int"));
    assertThat(mixed.parameters()).containsEntry("recordCount", "1");
  }

  @Test
  void truncatedCompleteFileIsUnknown() {
    Classification classification =
        new XmlClassifier().classify(sample("<catalog><book><a>1</a></book><book><a>2"));

    assertThat(classification.isKnown()).isFalse();
    assertThat(classification.reason()).startsWith("malformed XML:");
  }

  @Test
  void sampleCutByTheLimitKeepsTheRecordsBeforeTheCutAndEstimatesTheCount() {
    String record = "<row><id>7</id><name>é</name></row>\n";
    String xml = "<rows>\n" + record.repeat(1000) + "</rows>\n";
    byte[] file = xml.getBytes(UTF_8);
    int recordBytes = record.getBytes(UTF_8).length;
    // Cut inside the two bytes of an é, in the 51st record.
    int cut = "<rows>\n".length() + recordBytes * 50 + "<row><id>7</id><name>".length() + 1;
    FileSample sample =
        new FileSample("big.xml", file.length, "none", Arrays.copyOf(file, cut), false);

    Classification classification = new XmlClassifier().classify(sample);

    assertThat(classification.columns())
        .containsExactly(new Column("id", "int"), new Column("name", "string"));
    assertThat(classification.parameters())
        .containsEntry("averageRecordSize", String.valueOf(recordBytes));
    // An estimate from 50 records' bytes: the reader's offsets are exact to a character or so.
    assertThat(Long.parseLong(classification.parameters().get("recordCount")))
        .isBetween(995L, 1005L);
  }

  @Test
  void externalEntitiesAreNeitherReadNorFatal() {
    String xml =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>"
            + "<r><row><a>&secret;</a></row></r>";

    Classification classification = new XmlClassifier().classify(sample(xml));

    assertThat(classification.isKnown()).isFalse();
    assertThat(classification.reason()).startsWith("malformed XML:");
  }

  @Test
  void otherContentIsNotXml() {
    assertThat(new XmlClassifier().classify(sample("a,b\n1,2\n")).reason())
        .isEqualTo("does not start with an XML tag");
    assertThat(new XmlClassifier().classify(sample("<only/>")).reason())
        .isEqualTo("the root element has no child element to take as a row");
    assertThat(
            new XmlClassifier()
                .classify(FileSample.of("x.xml", new byte[] {'<', 'a', '>', (byte) 0xff}))
                .reason())
        .isEqualTo("not UTF-8 text");
  }

  @Test
  void invalidRowTagsAreRejected() {
    assertThatThrownBy(() -> new XmlClassifier("xml", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an XML classifier needs a row tag");
    for (String tag : new String[] {"<row>", "1row", "a b", "row/"}) {
      assertThatThrownBy(() -> new XmlClassifier("xml", tag))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("XML tag name without angle brackets");
    }
    assertThatThrownBy(() -> new XmlClassifier(" ", "row"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an XML classifier needs a classification");
  }

  private static FileSample sample(String text) {
    return FileSample.of("data.xml", text.getBytes(UTF_8));
  }
}
