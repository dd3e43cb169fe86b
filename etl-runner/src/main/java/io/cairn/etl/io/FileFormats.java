package io.cairn.etl.io;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The file formats targets write, with the compression codecs Spark's writers know for each. */
final class FileFormats {
  private static final Map<String, Set<String>> COMPRESSIONS =
      Map.of(
          "parquet", Set.of("snappy", "gzip", "zstd", "lz4", "none", "uncompressed"),
          "orc", Set.of("snappy", "zlib", "zstd", "lz4", "none"),
          "csv", Set.of("gzip", "bzip2", "deflate", "none"),
          "json", Set.of("gzip", "bzip2", "deflate", "none"),
          "avro", Set.of("snappy", "deflate", "bzip2", "xz", "zstandard", "none", "uncompressed"));

  private FileFormats() {}

  static Set<String> names() {
    return COMPRESSIONS.keySet();
  }

  static void check(String format, String compression, List<String> problems) {
    Set<String> codecs = COMPRESSIONS.get(format);
    if (codecs == null) {
      problems.add("Format '" + format + "' is not supported; expected one of " + sorted(names()));
    } else if (!codecs.contains(compression)) {
      problems.add(
          "Compression '"
              + compression
              + "' is not supported for "
              + format
              + "; expected one of "
              + sorted(codecs));
    }
  }

  /** Glue's default: Parquet as snappy, everything else uncompressed. */
  static String defaultCompression(String format) {
    return format.equals("parquet") ? "snappy" : "none";
  }

  /** The name Spark's writer of {@code format} knows {@code compression} by. */
  static String sparkCompression(String format, String compression) {
    // Spark's Avro writer has no "none", only "uncompressed".
    return format.equals("avro") && compression.equals("none") ? "uncompressed" : compression;
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
