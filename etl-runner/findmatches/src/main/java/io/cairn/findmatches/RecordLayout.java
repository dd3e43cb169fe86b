package io.cairn.findmatches;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/** The primary key column and the columns compared, each with its kind. */
public record RecordLayout(String keyColumn, List<MatchColumn> columns) implements Serializable {
  /** Columns FindMatches writes or reads itself; never compared. */
  public static final Set<String> RESERVED_COLUMNS =
      Set.of(
          FindMatches.MATCH_ID_COLUMN,
          FindMatches.MATCH_CONFIDENCE_COLUMN,
          Labels.LABELING_SET_ID_COLUMN,
          Labels.LABEL_COLUMN);

  private static final int PROFILE_SAMPLE = 2000;
  private static final double KIND_MAJORITY = 0.8;

  public RecordLayout {
    requireNonNull(keyColumn, "keyColumn is null");
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("no columns to compare besides the primary key");
    }
  }

  /**
   * Every column but the key and the reserved ones; a string column is a date or a number when most
   * of a sample of its values parse as one (codes such as postcodes count as numbers and keep their
   * string features too).
   */
  public static RecordLayout profile(Dataset<Row> records, String keyColumn) {
    String[] names = records.columns();
    boolean hasKey = false;
    for (String name : names) {
      hasKey |= name.equalsIgnoreCase(keyColumn);
    }
    if (!hasKey) {
      throw new IllegalArgumentException(
          "the primary key column " + keyColumn + " is not a column of the input");
    }
    List<Row> sample = records.limit(PROFILE_SAMPLE).collectAsList();
    List<MatchColumn> columns = new ArrayList<>();
    for (StructField field : records.schema().fields()) {
      String name = field.name();
      if (name.equalsIgnoreCase(keyColumn)
          || RESERVED_COLUMNS.contains(name.toLowerCase(Locale.ROOT))) {
        continue;
      }
      columns.add(new MatchColumn(name, kindOf(field.dataType(), sample, name)));
    }
    return new RecordLayout(keyColumn, columns);
  }

  private static ColumnKind kindOf(DataType type, List<Row> sample, String name) {
    if (type.equals(DataTypes.DateType) || type.equals(DataTypes.TimestampType)) {
      return ColumnKind.DATE;
    }
    if (type instanceof NumericType) {
      return ColumnKind.NUMBER;
    }
    int present = 0;
    int dates = 0;
    int numbers = 0;
    for (Row row : sample) {
      String value = Text.normalize(Text.asString(row.get(row.fieldIndex(name))));
      if (value == null) {
        continue;
      }
      present++;
      if (Text.parseEpochDay(value) != Integer.MIN_VALUE) {
        dates++;
      }
      if (!Double.isNaN(Text.parseNumber(value))) {
        numbers++;
      }
    }
    if (present == 0) {
      return ColumnKind.TEXT;
    }
    if (dates >= KIND_MAJORITY * present) {
      return ColumnKind.DATE;
    }
    if (numbers >= KIND_MAJORITY * present) {
      return ColumnKind.NUMBER;
    }
    return ColumnKind.TEXT;
  }
}
