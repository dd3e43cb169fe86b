package io.cairn.classifiers;

import java.util.Map;

/**
 * Glue's {@code recordCount} and {@code averageRecordSize} table parameters, from the records a
 * classifier read. When the records read are all of the file they are counted; otherwise the count
 * is estimated from their bytes per record and the size of the whole file.
 */
final class RecordStatistics {
  static final String RECORD_COUNT = "recordCount";
  static final String AVERAGE_RECORD_SIZE = "averageRecordSize";

  private RecordStatistics() {}

  /**
   * @param records how many records the classifier read, at least one
   * @param start the offset in the sample of the first record's first byte: what comes before it (a
   *     header line, an XML prolog) is not a record
   * @param end the offset in the sample after the last record read, its separator included
   * @param readWholeSample whether the classifier read every record of the sample, rather than
   *     stopping at {@link FileSample#MAX_RECORDS}
   */
  static Map<String, String> of(
      FileSample sample, long records, long start, long end, boolean readWholeSample) {
    if (records < 1) {
      throw new IllegalArgumentException("records must be at least 1: " + records);
    }
    double bytesPerRecord = Math.max(1.0, (end - start) / (double) records);
    long count = records;
    if (!(readWholeSample && sample.isComplete())) {
      // A complete sample is the whole decompressed file. A cut sample of a compressed file is
      // compared with the stored, compressed size: the estimate is then a low one.
      long total = sample.isComplete() ? sample.length() : Math.max(sample.size(), sample.length());
      count = Math.max(records, Math.round((total - start) / bytesPerRecord));
    }
    return Map.of(
        RECORD_COUNT,
        Long.toString(count),
        AVERAGE_RECORD_SIZE,
        Long.toString(Math.round(bytesPerRecord)));
  }

  /** A file that is one record, such as a JSON document that is a single top-level array. */
  static Map<String, String> singleRecord(FileSample sample) {
    long size = sample.isComplete() ? sample.length() : Math.max(sample.size(), sample.length());
    return Map.of(RECORD_COUNT, "1", AVERAGE_RECORD_SIZE, Long.toString(size));
  }
}
