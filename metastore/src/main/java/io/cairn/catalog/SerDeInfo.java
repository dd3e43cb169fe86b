package io.cairn.catalog;

import java.util.Map;

/**
 * Serialization/deserialization settings of a storage descriptor (Glue SerDeInfo, HMS SerDeInfo).
 */
public record SerDeInfo(
    String name,
    String serializationLibrary,
    Map<String, String> parameters,
    String description,
    String serializerClass,
    String deserializerClass,
    String serdeType) {
  public SerDeInfo {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  public static SerDeInfo of(String serializationLibrary, Map<String, String> parameters) {
    return new SerDeInfo(null, serializationLibrary, parameters, null, null, null, null);
  }
}
