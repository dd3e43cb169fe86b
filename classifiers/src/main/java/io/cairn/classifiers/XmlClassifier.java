package io.cairn.classifiers;

import static java.util.Objects.requireNonNull;

import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Glue's XML classifier: each row-tag element is a record. A custom classifier names the row tag;
 * the built-in one, for which Glue documents no rule, takes the name of the root element's first
 * child. Row elements are found at any depth, not inside another row.
 *
 * <p>A record's attributes and child elements are its columns. An element with neither attributes
 * nor children is a primitive inferred from its text (int, bigint, double, boolean, date, timestamp
 * or string, as the CSV classifier infers them); one with attributes or children is a struct of
 * them, its own text, if any, in the field {@code _value}; an element repeated within its parent is
 * an array. Types widen across records, and an element seen once in one record and repeated in
 * another is an array.
 *
 * <p>Like Glue, a self-closing row element ({@code <row a="1"/>}) is not a record: the XML input
 * format reads a record from its start tag to its end tag. The table is read with the Hive XML
 * SerDe ({@code com.ibm.spss.hive.serde2.xml}): one {@code column.xpath.<column>} serde parameter
 * per column, and the {@code xmlinput.start} / {@code xmlinput.end} table parameters that its input
 * format reads.
 */
public final class XmlClassifier implements Classifier {
  static final String XML_SERDE = "com.ibm.spss.hive.serde2.xml.XmlSerDe";
  static final String XML_INPUT_FORMAT = "com.ibm.spss.hive.serde2.xml.XmlInputFormat";
  static final String XML_OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.IgnoreKeyTextOutputFormat";
  static final String VALUE_FIELD = "_value";

  // An XML name (a tag), prefixed or not.
  private static final Pattern XML_NAME =
      Pattern.compile("[\\p{L}_][\\p{L}\\p{N}._\\-]*(:[\\p{L}_][\\p{L}\\p{N}._\\-]*)?");
  // Configured once; creating readers from it is thread-safe. No DTD and no external entities:
  // a sampled file must not make the server read other files or the network.
  private static final XMLInputFactory FACTORY = factory();

  private final String classification;
  // Null for the built-in classifier.
  private final String rowTag;

  /** Glue's built-in XML classifier. */
  public XmlClassifier() {
    this.classification = "xml";
    this.rowTag = null;
  }

  /**
   * A custom XML classifier.
   *
   * @throws IllegalArgumentException when the classification is blank or the row tag is not an XML
   *     name (it is given without angle brackets)
   */
  XmlClassifier(String classification, String rowTag) {
    this.classification = requireNonNull(classification, "classification is null");
    this.rowTag = requireNonNull(rowTag, "rowTag is null");
    if (classification.isBlank()) {
      throw new IllegalArgumentException("an XML classifier needs a classification");
    }
    if (rowTag.isEmpty()) {
      throw new IllegalArgumentException("an XML classifier needs a row tag");
    }
    if (!XML_NAME.matcher(rowTag).matches()) {
      throw new IllegalArgumentException(
          "the row tag must be an XML tag name without angle brackets: '" + rowTag + "'");
    }
  }

  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    return factory;
  }

  @Override
  public String name() {
    return classification;
  }

  @Override
  public Classification classify(FileSample sample) {
    SampleText decoded;
    try {
      decoded = SampleText.decodeWhole(sample);
    } catch (CharacterCodingException e) {
      return Classification.unknown("not UTF-8 text");
    }
    if (!decoded.text().stripLeading().startsWith("<")) {
      return Classification.unknown("does not start with an XML tag");
    }
    Records records = new Records();
    XMLStreamReader reader = null;
    try {
      reader = FACTORY.createXMLStreamReader(new StringReader(decoded.text()));
      read(reader, records);
    } catch (XMLStreamException e) {
      if (sample.isComplete() || records.count == 0) {
        return Classification.unknown(
            "malformed XML: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
      }
      // The sample limit cut the last record; the ones before it are the sample.
      records.readWholeSample = false;
    } finally {
      close(reader);
    }
    if (records.count == 0) {
      if (records.selfClosing > 0) {
        return Classification.unknown(
            "every <"
                + records.tag
                + "> row element is self-closing; a row element needs an end tag </"
                + records.tag
                + ">");
      }
      return Classification.unknown(
          records.tag == null
              ? "the root element has no child element to take as a row"
              : "no <" + records.tag + "> row element");
    }
    return classification(records, sample, decoded);
  }

  private static void close(XMLStreamReader reader) {
    if (reader != null) {
      try {
        reader.close();
      } catch (XMLStreamException e) {
        // Nothing is held open: the reader reads a string.
      }
    }
  }

  private void read(XMLStreamReader reader, Records records) throws XMLStreamException {
    Deque<Element> open = new ArrayDeque<>();
    records.tag = rowTag;
    int depth = 0;
    long before = 0;
    long recordStart = 0;
    while (reader.hasNext() && records.count < FileSample.MAX_RECORDS) {
      int event = reader.next();
      long after = reader.getLocation().getCharacterOffset();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT -> {
          depth++;
          String name = qualifiedName(reader);
          if (records.tag == null && depth == 2) {
            records.tag = name;
          }
          if (!open.isEmpty()) {
            open.push(Element.start(reader));
          } else if (isRowTag(name, reader.getLocalName(), records.tag)) {
            recordStart = before;
            open.push(Element.start(reader));
          }
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
          if (!open.isEmpty()) {
            open.peek().text.append(reader.getText());
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          depth--;
          if (!open.isEmpty()) {
            Element element = open.pop();
            if (open.isEmpty()) {
              if (after == before) {
                // A self-closing row element: its end event is where its start was.
                records.selfClosing++;
              } else {
                records.add(element.recordType(), recordStart, after);
              }
            } else {
              open.peek().addChild(element.name, element.type());
            }
          }
        }
        default -> {
          // Comments, processing instructions and the document's end hold no data.
        }
      }
      before = after;
    }
    records.readWholeSample = !reader.hasNext();
  }

  private static String qualifiedName(XMLStreamReader reader) {
    String prefix = reader.getPrefix();
    return prefix == null || prefix.isEmpty()
        ? reader.getLocalName()
        : prefix + ":" + reader.getLocalName();
  }

  private static boolean isRowTag(String qualifiedName, String localName, String tag) {
    return tag != null && (tag.equals(qualifiedName) || tag.equals(localName));
  }

  private Classification classification(Records records, FileSample sample, SampleText text) {
    String tag = records.tag;
    List<Column> columns = new ArrayList<>();
    Map<String, String> serdeParameters = new HashMap<>();
    records.merged.fields.forEach(
        (name, field) -> {
          columns.add(new Column(name, InferredType.hiveTypeOf(field.type)));
          serdeParameters.put("column.xpath." + name, xpath(tag, field));
        });
    if (columns.isEmpty()) {
      return Classification.unknown(
          "the <" + tag + "> row elements have no attribute, child element or text");
    }
    Map<String, String> parameters =
        new HashMap<>(
            RecordStatistics.of(
                sample,
                records.count,
                text.bytesBefore(offset(records.start, text)),
                text.bytesBefore(offset(records.end, text)),
                records.readWholeSample));
    parameters.put("classification", classification);
    parameters.put("rowTag", tag);
    parameters.put("typeOfData", "file");
    parameters.put("compressionType", sample.compression());
    parameters.put("xmlinput.start", "<" + tag);
    parameters.put("xmlinput.end", "</" + tag + ">");
    return new Classification(
        classification,
        1.0,
        columns,
        XML_SERDE,
        serdeParameters,
        XML_INPUT_FORMAT,
        XML_OUTPUT_FORMAT,
        parameters,
        "");
  }

  // The reader's character offsets may run a character past the text at its end.
  private static int offset(long characterOffset, SampleText text) {
    return (int) Math.min(characterOffset, text.text().length());
  }

  private static String xpath(String tag, Field field) {
    if (field.kind == Field.Kind.ATTRIBUTE) {
      return "/" + tag + "/@" + field.xmlName;
    }
    if (field.kind == Field.Kind.TEXT) {
      return "/" + tag + "/text()";
    }
    String path = "/" + tag + "/" + field.xmlName;
    InferredType type =
        field.type instanceof InferredType.Array array ? array.element() : field.type;
    return type == null || type instanceof InferredType.Primitive ? path + "/text()" : path;
  }

  /** The records read so far and the merged fields of their row elements. */
  private static final class Records {
    private final Fields merged = new Fields();
    private String tag;
    private int count;
    private int selfClosing;
    private long start;
    private long end;
    private boolean readWholeSample;

    void add(Fields record, long recordStart, long recordEnd) {
      record.fields.forEach((name, field) -> merged.put(name, field));
      if (count == 0) {
        start = recordStart;
      }
      count++;
      end = recordEnd;
    }
  }

  /** A column of the row, by lower-case name, and where in the row element it comes from. */
  private record Field(String xmlName, Kind kind, InferredType type) {
    enum Kind {
      ATTRIBUTE,
      ELEMENT,
      TEXT
    }
  }

  /** The columns of one row or of all rows. */
  private static final class Fields {
    private final Map<String, Field> fields = new LinkedHashMap<>();

    void put(String name, Field field) {
      Field known = fields.get(name);
      fields.put(
          name,
          known == null
              ? field
              : new Field(known.xmlName, known.kind, widen(known.type, field.type)));
    }
  }

  /** An open element of a record: its attributes, the types of its children, its text. */
  private static final class Element {
    private final String name;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final Map<String, List<InferredType>> children = new LinkedHashMap<>();
    private final StringBuilder text = new StringBuilder();

    private Element(String name) {
      this.name = name;
    }

    static Element start(XMLStreamReader reader) {
      Element element = new Element(reader.getLocalName());
      for (int i = 0; i < reader.getAttributeCount(); i++) {
        element.attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
      }
      return element;
    }

    void addChild(String child, InferredType type) {
      children.computeIfAbsent(child, ignored -> new ArrayList<>()).add(type);
    }

    /** A primitive when the element has only text, else a struct. */
    InferredType type() {
      if (attributes.isEmpty() && children.isEmpty()) {
        return primitive(text.toString());
      }
      Map<String, InferredType> fields = new LinkedHashMap<>();
      attributes.forEach((attribute, value) -> put(fields, attribute, primitive(value)));
      children.forEach((child, types) -> put(fields, child, childType(types)));
      if (!text.toString().isBlank()) {
        put(fields, VALUE_FIELD, primitive(text.toString()));
      }
      return new InferredType.Struct(fields);
    }

    /** The row element's columns, named in lower case as Hive names them. */
    Fields recordType() {
      Fields fields = new Fields();
      attributes.forEach(
          (attribute, value) ->
              fields.put(
                  attribute.toLowerCase(Locale.ROOT),
                  new Field(attribute, Field.Kind.ATTRIBUTE, primitive(value))));
      children.forEach(
          (child, types) ->
              fields.put(
                  child.toLowerCase(Locale.ROOT),
                  new Field(child, Field.Kind.ELEMENT, childType(types))));
      if (!text.toString().isBlank()) {
        fields.put(
            VALUE_FIELD, new Field(VALUE_FIELD, Field.Kind.TEXT, primitive(text.toString())));
      }
      return fields;
    }

    private static InferredType childType(List<InferredType> types) {
      InferredType type = null;
      for (InferredType each : types) {
        type = widen(type, each);
      }
      return types.size() > 1 ? new InferredType.Array(type) : type;
    }

    private static void put(Map<String, InferredType> fields, String name, InferredType type) {
      fields.put(name, fields.containsKey(name) ? widen(fields.get(name), type) : type);
    }

    private static InferredType primitive(String value) {
      String type = CsvClassifier.typeOf(value.strip());
      return type == null ? null : new InferredType.Primitive(type);
    }
  }

  /**
   * Widens as {@link InferredType#widen}, except that an element seen once and seen repeated is an
   * array, and an element seen with and without attributes or children is a struct whose text is
   * its {@code _value} field.
   */
  static InferredType widen(InferredType left, InferredType right) {
    if (left == null) {
      return right;
    }
    if (right == null) {
      return left;
    }
    if (left instanceof InferredType.Array l && right instanceof InferredType.Array r) {
      return new InferredType.Array(widen(l.element(), r.element()));
    }
    if (left instanceof InferredType.Array l) {
      return new InferredType.Array(widen(l.element(), right));
    }
    if (right instanceof InferredType.Array r) {
      return new InferredType.Array(widen(left, r.element()));
    }
    if (left instanceof InferredType.Struct l && right instanceof InferredType.Struct r) {
      Map<String, InferredType> fields = new LinkedHashMap<>(l.fields());
      r.fields()
          .forEach(
              (name, type) ->
                  fields.put(
                      name, fields.containsKey(name) ? widen(fields.get(name), type) : type));
      return new InferredType.Struct(fields);
    }
    if (left instanceof InferredType.Struct l) {
      return widen(l, new InferredType.Struct(Map.of(VALUE_FIELD, right)));
    }
    if (right instanceof InferredType.Struct r) {
      return widen(new InferredType.Struct(Map.of(VALUE_FIELD, left)), r);
    }
    return InferredType.widen(left, right);
  }
}
