package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One path a crawler walks: {@code s3://bucket/prefix}, {@code file:///dir} or a plain local path.
 * Files matching one of the {@code exclusions} globs ({@code * ** ? […] {a,b}}, relative to {@code
 * path}) are skipped. {@code sampleSize} is how many files per leaf folder are classified (Glue's
 * SampleSize, 1–249); 0 means every file.
 */
public record CrawlTarget(String path, List<String> exclusions, int sampleSize) {
  public CrawlTarget {
    requireNonNull(path, "path is null");
    exclusions = List.copyOf(requireNonNull(exclusions, "exclusions is null"));
    if (sampleSize < 0 || sampleSize > 249) {
      throw new IllegalArgumentException("sampleSize must be between 1 and 249, or 0 for all");
    }
  }
}
