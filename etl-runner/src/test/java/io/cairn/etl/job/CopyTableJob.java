package io.cairn.etl.job;

import io.cairn.etl.CairnJob;
import io.cairn.etl.JobContext;

/** A Java job for JobRunnerIT: copies the table named by --source into a new table --target. */
public final class CopyTableJob implements CairnJob {
  @Override
  public void run(JobContext context) {
    context
        .spark()
        .table(context.arguments().get("source"))
        .write()
        .format("parquet")
        .saveAsTable(context.arguments().get("target"));
  }
}
