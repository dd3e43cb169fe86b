package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import io.cairn.crawlers.CrawlTarget;
import io.cairn.crawlers.DeleteBehavior;
import io.cairn.crawlers.RecrawlBehavior;
import io.cairn.crawlers.UpdateBehavior;
import java.time.Instant;
import java.util.List;

/**
 * A crawler as its user defines it (Glue's Crawler without its run state, which is {@link
 * CrawlerStatus}).
 *
 * @param role the IAM role Glue would run it as: kept and answered, not used
 * @param databaseName where its tables go; null until set (a crawl then fails saying so)
 * @param description null for none
 * @param schedule a {@code cron(…)} expression, or null for on demand only
 * @param classifiers names of custom classifiers, run before the built-in ones in this order
 * @param configuration Glue's crawler Configuration JSON as sent, or null
 * @param version the compare-and-swap counter: 1 when created, +1 per update
 */
public record CrawlerDefinition(
    String name,
    String role,
    String databaseName,
    String description,
    List<CrawlTarget> targets,
    String schedule,
    List<String> classifiers,
    String tablePrefix,
    UpdateBehavior updateBehavior,
    DeleteBehavior deleteBehavior,
    RecrawlBehavior recrawlBehavior,
    String configuration,
    Instant creationTime,
    Instant lastUpdated,
    long version) {
  public CrawlerDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(role, "role is null");
    targets = List.copyOf(requireNonNull(targets, "targets is null"));
    classifiers = List.copyOf(requireNonNull(classifiers, "classifiers is null"));
    requireNonNull(tablePrefix, "tablePrefix is null");
    requireNonNull(updateBehavior, "updateBehavior is null");
    requireNonNull(deleteBehavior, "deleteBehavior is null");
    requireNonNull(recrawlBehavior, "recrawlBehavior is null");
    requireNonNull(creationTime, "creationTime is null");
    requireNonNull(lastUpdated, "lastUpdated is null");
  }
}
