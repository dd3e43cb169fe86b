package io.cairn.crawlers;

import io.cairn.classifiers.Classifier;
import io.cairn.classifiers.Classifiers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes the file trees the crawler tests crawl, and the configurations they crawl them with. */
final class Trees {
  static final String DATABASE = "lake";
  static final String CRAWLER = "nightly";

  private Trees() {}

  static Path write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path gzip(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CSV file with a header line and {@code rows} rows of {@code id,name,amount}. */
  static String salesCsv(int first, int rows) {
    StringBuilder csv = new StringBuilder("id,name,amount\n");
    for (int i = first; i < first + rows; i++) {
      csv.append(i).append(",item").append(i).append(',').append(i * 1.5).append('\n');
    }
    return csv.toString();
  }

  static CrawlerConfiguration configuration(String... targets) {
    return configuration(
        UpdateBehavior.UPDATE_IN_DATABASE,
        DeleteBehavior.DELETE_FROM_DATABASE,
        RecrawlBehavior.CRAWL_EVERYTHING,
        false,
        0,
        List.of(),
        targets(targets));
  }

  static List<CrawlTarget> targets(String... paths) {
    return java.util.Arrays.stream(paths).map(path -> new CrawlTarget(path, List.of(), 0)).toList();
  }

  static CrawlerConfiguration configuration(
      UpdateBehavior update,
      DeleteBehavior delete,
      RecrawlBehavior recrawl,
      boolean combineCompatibleSchemas,
      int tableLevel,
      List<Classifier> customClassifiers,
      List<CrawlTarget> targets) {
    return new CrawlerConfiguration(
        CRAWLER,
        DATABASE,
        "",
        targets,
        customClassifiers,
        update,
        delete,
        recrawl,
        combineCompatibleSchemas,
        tableLevel);
  }

  static Crawler crawler() {
    return new Crawler(Classifiers.loadBuiltIn(), S3Settings.DEFAULT);
  }

  static CrawlResult crawl(CrawlerConfiguration configuration, InMemoryCrawlerCatalog catalog) {
    return crawler().crawl(configuration, catalog, CrawlListener.NONE, () -> false);
  }
}
