package io.cairn.catalog;

/**
 * One of {@code total} disjoint parts of a table's partitions (Glue's {@code Segment}), for reading
 * a table in parallel: the segments of one total never overlap and together hold every partition. A
 * partition stays in its segment for its whole life, however many partitions are added, dropped or
 * renamed around it, so paging through a segment while the table changes neither skips nor repeats
 * the partitions that stay.
 *
 * @param number which segment, from 0
 * @param total how many segments, 1 to 10 as in Glue
 */
public record Segment(int number, int total) {
  /** Glue's limit for {@code TotalSegments}. */
  public static final int MAX_TOTAL = 10;

  public Segment {
    if (total < 1 || total > MAX_TOTAL) {
      throw new ValidationException(
          "TotalSegments must be between 1 and " + MAX_TOTAL + ", was " + total);
    }
    if (number < 0 || number >= total) {
      throw new ValidationException(
          "SegmentNumber must be between 0 and " + (total - 1) + ", was " + number);
    }
  }
}
