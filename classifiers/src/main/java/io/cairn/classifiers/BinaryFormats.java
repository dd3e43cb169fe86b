package io.cairn.classifiers;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** What the classifiers of Parquet, ORC and Avro files share. */
final class BinaryFormats {
  /**
   * Nesting deeper than this is refused: no real schema comes near it, and a malicious one must not
   * exhaust the stack.
   */
  static final int MAX_NESTING = 100;

  private BinaryFormats() {}

  /**
   * The table parameters Glue's crawler writes for a file: {@code recordCount} of the file and
   * {@code averageRecordSize}, the stored bytes per record rounded down (0 for a file without
   * records), which the crawler sums and averages per table.
   */
  static Map<String, String> parameters(
      String classification, String compressionType, long recordCount, long size) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put("classification", classification);
    parameters.put("compressionType", compressionType);
    parameters.put("typeOfData", "file");
    parameters.put("recordCount", Long.toString(recordCount));
    parameters.put("averageRecordSize", Long.toString(recordCount == 0 ? 0 : size / recordCount));
    return parameters;
  }

  /** Column names are case-insensitive in the catalog and kept lower-case, as Glue keeps them. */
  static String columnName(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** A file whose structure breaks its format's rules; its message is the UNKNOWN reason. */
  static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message);
    }
  }
}
