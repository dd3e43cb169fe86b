package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import io.cairn.classifiers.Classifier;
import java.util.List;

/**
 * What one crawl runs with: Glue's Crawler definition without its schedule and state.
 *
 * @param name the crawler's name, written to the tables it creates as {@code UPDATED_BY_CRAWLER}
 * @param databaseName the database the tables go to; it must exist
 * @param tablePrefix put before every table name the crawler creates; may be empty
 * @param customClassifiers run before the built-in classifiers, in this order
 * @param combineCompatibleSchemas Glue's {@code TableGroupingPolicy: CombineCompatibleSchemas}: one
 *     table per target when the schemas of its folders are compatible, rather than one per folder
 *     with a different schema
 * @param tableLevel Glue's {@code TableLevelConfiguration}: the folder depth, counted from the
 *     bucket or root as 1, where tables begin; 0 lets the crawler decide
 */
public record CrawlerConfiguration(
    String name,
    String databaseName,
    String tablePrefix,
    List<CrawlTarget> targets,
    List<Classifier> customClassifiers,
    UpdateBehavior updateBehavior,
    DeleteBehavior deleteBehavior,
    RecrawlBehavior recrawlBehavior,
    boolean combineCompatibleSchemas,
    int tableLevel) {
  public CrawlerConfiguration {
    requireNonNull(name, "name is null");
    requireNonNull(databaseName, "databaseName is null");
    requireNonNull(tablePrefix, "tablePrefix is null");
    targets = List.copyOf(requireNonNull(targets, "targets is null"));
    customClassifiers = List.copyOf(requireNonNull(customClassifiers, "customClassifiers is null"));
    requireNonNull(updateBehavior, "updateBehavior is null");
    requireNonNull(deleteBehavior, "deleteBehavior is null");
    requireNonNull(recrawlBehavior, "recrawlBehavior is null");
    if (tableLevel < 0) {
      throw new IllegalArgumentException("tableLevel must not be negative: " + tableLevel);
    }
  }
}
