package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Statistics of one column of a table or a partition, in Hive's kinds. Nullable fields are unknown;
 * {@code bitVector} is the serialized distinct-value sketch (HLL or FM) as Hive writes it.
 */
public record ColumnStatistics(
    String columnName, String columnType, Instant analyzedTime, Data data) {
  public ColumnStatistics {
    requireNonNull(columnName, "columnName is null");
    requireNonNull(columnType, "columnType is null");
    requireNonNull(data, "data is null");
  }

  /** The statistics proper; one kind per family of column types. */
  public sealed interface Data
      permits BooleanData,
          LongData,
          DoubleData,
          DecimalData,
          DateData,
          TimestampData,
          StringData,
          BinaryData {
    long numberOfNulls();
  }

  public record BooleanData(
      long numberOfTrues, long numberOfFalses, long numberOfNulls, ByteString bitVector)
      implements Data {}

  public record LongData(
      Long minimum,
      Long maximum,
      long numberOfNulls,
      long numberOfDistinctValues,
      ByteString bitVector,
      ByteString histogram)
      implements Data {}

  public record DoubleData(
      Double minimum,
      Double maximum,
      long numberOfNulls,
      long numberOfDistinctValues,
      ByteString bitVector,
      ByteString histogram)
      implements Data {}

  public record DecimalData(
      BigDecimal minimum,
      BigDecimal maximum,
      long numberOfNulls,
      long numberOfDistinctValues,
      ByteString bitVector,
      ByteString histogram)
      implements Data {}

  public record DateData(
      LocalDate minimum,
      LocalDate maximum,
      long numberOfNulls,
      long numberOfDistinctValues,
      ByteString bitVector,
      ByteString histogram)
      implements Data {}

  /** Hive keeps timestamp statistics as seconds since the epoch. */
  public record TimestampData(
      Long minimumEpochSeconds,
      Long maximumEpochSeconds,
      long numberOfNulls,
      long numberOfDistinctValues,
      ByteString bitVector,
      ByteString histogram)
      implements Data {}

  public record StringData(
      long maximumLength,
      double averageLength,
      long numberOfNulls,
      long numberOfDistinctValues,
      ByteString bitVector)
      implements Data {}

  public record BinaryData(
      long maximumLength, double averageLength, long numberOfNulls, ByteString bitVector)
      implements Data {}
}
