package io.cairn.json;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import io.cairn.catalog.ByteString;
import io.cairn.catalog.ColumnStatistics;
import io.cairn.catalog.Table;
import java.io.IOException;

/** Mix-ins and (de)serializers that map the annotation-free domain model to JSON. */
final class CatalogModule extends SimpleModule {
  CatalogModule() {
    super("cairn-catalog");
    addSerializer(ByteString.class, new ByteStringSerializer());
    addDeserializer(ByteString.class, new ByteStringDeserializer());
    setMixInAnnotation(ColumnStatistics.Data.class, StatisticsDataMixIn.class);
    setMixInAnnotation(Table.class, TableMixIn.class);
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = ColumnStatistics.BooleanData.class, name = "boolean"),
    @JsonSubTypes.Type(value = ColumnStatistics.LongData.class, name = "long"),
    @JsonSubTypes.Type(value = ColumnStatistics.DoubleData.class, name = "double"),
    @JsonSubTypes.Type(value = ColumnStatistics.DecimalData.class, name = "decimal"),
    @JsonSubTypes.Type(value = ColumnStatistics.DateData.class, name = "date"),
    @JsonSubTypes.Type(value = ColumnStatistics.TimestampData.class, name = "timestamp"),
    @JsonSubTypes.Type(value = ColumnStatistics.StringData.class, name = "string"),
    @JsonSubTypes.Type(value = ColumnStatistics.BinaryData.class, name = "binary")
  })
  private interface StatisticsDataMixIn {}

  /** {@code isPartitioned()} is derived from the partition keys, not a field of its own. */
  private abstract static class TableMixIn {
    @JsonIgnore
    abstract boolean isPartitioned();
  }

  private static final class ByteStringSerializer extends StdScalarSerializer<ByteString> {
    ByteStringSerializer() {
      super(ByteString.class);
    }

    @Override
    public void serialize(ByteString value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      generator.writeString(value.toBase64());
    }
  }

  private static final class ByteStringDeserializer extends StdScalarDeserializer<ByteString> {
    ByteStringDeserializer() {
      super(ByteString.class);
    }

    @Override
    public ByteString deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (!parser.hasToken(JsonToken.VALUE_STRING)) {
        return (ByteString) context.handleUnexpectedToken(ByteString.class, parser);
      }
      try {
        return ByteString.fromBase64(parser.getText());
      } catch (IllegalArgumentException e) {
        return (ByteString)
            context.handleWeirdStringValue(
                ByteString.class, parser.getText(), "not base64: %s", e.getMessage());
      }
    }
  }
}
