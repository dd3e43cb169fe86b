package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

/**
 * One version of a job's bookmark (Glue's JobBookmarkEntry): what the job's sources had processed
 * after a successful run, after a reset, or after a rewind to a run.
 *
 * @param version 1 for the first bookmark of a job, one more for each change
 * @param run how many successful runs the bookmark reflects; 0 after a reset
 * @param attempt the committing run's attempt; 0 after a reset
 * @param previousRunId the run the committing run retried; null for a first attempt or a reset
 * @param runId the run whose state this is (the committing run, or the run rewound to); null after
 *     a reset to nothing
 * @param jobBookmark a JSON object keyed by source node id (Glue's transformation_ctx), each value
 *     that source's state; {@code {}} after a reset
 */
public record JobBookmarkEntry(
    String jobName,
    long version,
    long run,
    int attempt,
    String previousRunId,
    String runId,
    String jobBookmark) {
  public JobBookmarkEntry {
    requireNonNull(jobName, "jobName is null");
    requireNonNull(jobBookmark, "jobBookmark is null");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, not " + version);
    }
  }
}
