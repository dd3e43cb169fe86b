package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.etl.TransformContext;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** A small local SparkSession for one test class, and a transform context over it. */
final class LocalSpark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalSpark() {}

  static SparkSession start() {
    return SparkSession.builder()
        .master("local[1]")
        .appName("transform-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
  }

  static TransformContext context(SparkSession spark, Instant runStartTime) {
    return new TransformContext() {
      @Override
      public SparkSession spark() {
        return spark;
      }

      @Override
      public Map<String, String> arguments() {
        return Map.of();
      }

      @Override
      public Instant runStartTime() {
        return runStartTime;
      }
    };
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
