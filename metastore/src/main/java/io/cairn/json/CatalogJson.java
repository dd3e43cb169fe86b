package io.cairn.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import java.util.Map;

/**
 * JSON of the domain model ({@code io.cairn.catalog}), shared by the export format and the browse
 * REST API. The domain classes carry no Jackson annotations; everything is configured here.
 *
 * <ul>
 *   <li>Field names are the record components' names (camelCase).
 *   <li>Instants are ISO-8601 strings ({@code 2024-05-01T12:00:00Z}), dates {@code 2024-05-01}.
 *   <li>{@link io.cairn.catalog.ByteString} is a base64 string.
 *   <li>{@link io.cairn.catalog.ColumnStatistics.Data} carries its kind in a {@code "kind"} field:
 *       {@code boolean, long, double, decimal, date, timestamp, string, binary}.
 *   <li>Table and database names are objects: {@code {"catalog":…,"database":…,"table":…}}.
 *   <li>Map entries (parameters, tags) are written in key order.
 *   <li>Null fields and empty lists and maps are left out; on input a missing list or map is empty.
 *   <li>Converting through a tree ({@code valueToTree}, {@code readTree}, {@code treeToValue})
 *       gives the same values as reading the text directly.
 *   <li>Input is strict: unknown fields, duplicate keys, trailing content and numbers or booleans
 *       written as strings are errors, so that a typo in a hand-edited document is reported rather
 *       than silently dropped.
 * </ul>
 */
public final class CatalogJson {
  private CatalogJson() {}

  /** A new mapper; it is thread-safe once built and should be shared by its user. */
  public static ObjectMapper newObjectMapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new CatalogModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Parameters are unordered maps; sorted keys make the same catalog the same text.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // A tree (JsonNode) keeps decimals exactly as written: 1.50 stays 1.50, not 1.5 or a
            // double, so that a document read as a tree first converts to the same values.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    // Empty strings stay (an empty comment is not an absent one); only empty containers go.
    for (Class<?> container : List.of(List.class, Map.class)) {
      mapper
          .configOverride(container)
          .setInclude(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, null))
          .setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
    }
    return mapper;
  }
}
