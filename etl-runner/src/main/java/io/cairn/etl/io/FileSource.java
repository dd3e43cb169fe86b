package io.cairn.etl.io;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.etl.TransformContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Glue's file sources ({@code S3CsvSource}, {@code S3JsonSource}, {@code S3ParquetSource}) and
 * Cairn's {@code S3OrcSource} and {@code S3AvroSource} of the same shape (Glue reads ORC and Avro
 * through a catalog table or its {@code S3DirectTarget} formats only): the files under {@code
 * Paths}, read with Spark's own readers. Fields that only tune Glue's file grouping ({@code
 * GroupFiles}, {@code GroupSize}, {@code MaxBand}, {@code MaxFilesInBand}, {@code
 * OptimizePerformance}) do not change what is read and are ignored; Spark detects compression from
 * the file names, so {@code CompressionType} is ignored too.
 *
 * <p>With job bookmarks, as Glue does, the bookmark keeps every file read (path and modification
 * time, {@code {"files": {path: millis}}}) and a run reads only files that are new or whose
 * modification time changed. A paused run given a to-run reads only files that run had read.
 */
public final class FileSource implements BookmarkedSource {
  private final String type;
  private final String format;

  private FileSource(String type, String format) {
    this.type = requireNonNull(type, "type is null");
    this.format = requireNonNull(format, "format is null");
  }

  public static List<Source> all() {
    return List.of(
        new FileSource("S3CsvSource", "csv"),
        new FileSource("S3JsonSource", "json"),
        new FileSource("S3ParquetSource", "parquet"),
        new FileSource("S3OrcSource", "orc"),
        new FileSource("S3AvroSource", "avro"));
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    List<String> paths = Settings.strings(configuration, "Paths");
    if (paths.isEmpty()) {
      problems.add("Paths is missing or empty");
    }
    paths.forEach(path -> FilePaths.check(path, problems));
    if (!Settings.strings(configuration, "Exclusions").isEmpty()
        || Settings.text(configuration, "Exclusions")
            .filter(value -> !"[]".equals(value))
            .isPresent()) {
      problems.add("Exclusions are not supported; list the paths to read instead");
    }
    if (format.equals("csv")) {
      CsvOptions.validate(configuration, problems);
    }
    if (format.equals("json")) {
      Settings.text(configuration, "JsonPath")
          .filter(path -> !path.equals("$") && !path.equals("$[*]"))
          .ifPresent(
              path ->
                  problems.add(
                      "JsonPath '" + path + "' is not supported; only records at the top level"));
    }
    return problems;
  }

  @Override
  public Dataset<Row> read(TransformContext context, JsonNode configuration) {
    return reader(context, configuration)
        .load(Settings.strings(configuration, "Paths").toArray(String[]::new));
  }

  @Override
  public Dataset<Row> read(
      TransformContext context, JsonNode configuration, SourceBookmark bookmark) {
    List<String> paths = Settings.strings(configuration, "Paths");
    JsonNode processed = bookmark.processed().path("files");
    JsonNode upTo = bookmark.upTo().path("files");
    Map<String, Long> files = new TreeMap<>();
    processed.fields().forEachRemaining(file -> files.put(file.getKey(), file.getValue().asLong()));
    List<String> selected = new ArrayList<>();
    for (Map.Entry<String, Long> file : list(context, paths).entrySet()) {
      JsonNode seen = processed.get(file.getKey());
      if (seen != null && seen.asLong() == file.getValue()) {
        continue;
      }
      if (!upTo.isMissingNode()) {
        JsonNode bound = upTo.get(file.getKey());
        if (bound == null || bound.asLong() != file.getValue()) {
          continue;
        }
      }
      selected.add(file.getKey());
      files.put(file.getKey(), file.getValue());
    }
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    ObjectNode fileState = state.putObject("files");
    files.forEach(fileState::put);
    bookmark.record(state);
    DataFrameReader reader = reader(context, configuration);
    if (selected.isEmpty()) {
      // Nothing new: no rows, with the columns a full read has, so later nodes still resolve.
      StructType schema = reader.load(paths.toArray(String[]::new)).schema();
      return context.spark().createDataFrame(List.<Row>of(), schema);
    }
    if (paths.size() == 1 && !Settings.flag(configuration, "Recurse", false)) {
      // Files named one by one keep the key=value folders under the path as partition columns.
      reader = reader.option("basePath", paths.get(0));
    }
    return reader.load(selected.toArray(String[]::new));
  }

  /** Every data file under the paths (Spark skips names starting with _ or .), with its time. */
  private static Map<String, Long> list(TransformContext context, List<String> paths) {
    Configuration hadoop = context.spark().sparkContext().hadoopConfiguration();
    Map<String, Long> files = new TreeMap<>();
    try {
      for (String path : paths) {
        Path root = new Path(path);
        FileSystem fileSystem = root.getFileSystem(hadoop);
        FileStatus[] matches = fileSystem.globStatus(root);
        if (matches == null) {
          continue;
        }
        for (FileStatus match : matches) {
          if (match.isFile()) {
            files.put(match.getPath().toString(), match.getModificationTime());
            continue;
          }
          RemoteIterator<LocatedFileStatus> found = fileSystem.listFiles(match.getPath(), true);
          while (found.hasNext()) {
            LocatedFileStatus file = found.next();
            if (!hidden(match.getPath(), file.getPath())) {
              files.put(file.getPath().toString(), file.getModificationTime());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + paths + ": " + e.getMessage(), e);
    }
    return files;
  }

  private static boolean hidden(Path root, Path file) {
    for (Path at = file; at != null && !at.equals(root); at = at.getParent()) {
      String name = at.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private DataFrameReader reader(TransformContext context, JsonNode configuration) {
    DataFrameReader reader = context.spark().read().format(format);
    // Spark reads key=value folders as partition columns; Recurse (files in any folder) turns that
    // off, so it is asked for only explicitly.
    if (Settings.flag(configuration, "Recurse", false)) {
      reader = reader.option("recursiveFileLookup", "true");
    }
    if (format.equals("csv")) {
      reader =
          reader
              .options(CsvOptions.spark(configuration))
              .option("header", Settings.flag(configuration, "WithHeader", false))
              .option("multiLine", Settings.flag(configuration, "Multiline", false))
              // Glue's reader gives each column the type its values have; Spark's does so only
              // when asked to infer.
              .option("inferSchema", "true");
    }
    if (format.equals("json")) {
      reader = reader.option("multiLine", Settings.flag(configuration, "Multiline", false));
    }
    return reader;
  }
}
