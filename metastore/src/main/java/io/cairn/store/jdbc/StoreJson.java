package io.cairn.store.jdbc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cairn.catalog.ByteString;
import io.cairn.catalog.ColumnStatistics;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON of definition columns. This is a storage format: a change that old rows cannot be read
 * with needs a migration. Unknown fields are ignored so that rows written by a newer replica stay
 * readable during a rolling upgrade.
 */
final class StoreJson {
  private static final ObjectMapper MAPPER = newMapper();

  private StoreJson() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T read(String json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectMapper newMapper() {
    SimpleModule module = new SimpleModule("cairn-store");
    module.addSerializer(ByteString.class, new ByteStringSerializer());
    module.addDeserializer(ByteString.class, new ByteStringDeserializer());
    module.setMixInAnnotation(ColumnStatistics.Data.class, StatisticsDataMixIn.class);
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(module)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
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

  private static final class ByteStringSerializer extends JsonSerializer<ByteString> {
    @Override
    public void serialize(ByteString value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      generator.writeString(value.toBase64());
    }
  }

  private static final class ByteStringDeserializer extends JsonDeserializer<ByteString> {
    @Override
    public ByteString deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      return ByteString.fromBase64(parser.getValueAsString());
    }
  }
}
