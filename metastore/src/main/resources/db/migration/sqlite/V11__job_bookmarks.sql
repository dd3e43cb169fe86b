-- Glue's job bookmarks. Forward-only: never edit a migration once it has landed.

-- Every bookmark a job has had, one row per version: a successful run's commit, a reset (empty
-- job_bookmark '{}') or a rewind to what a run committed. The newest version is the job's
-- bookmark; the older ones are kept so that a reset can rewind to a run and a paused run can read
-- between two runs. A new version is inserted only as the current one plus one, so two writers
-- cannot both commit on top of the same bookmark (the primary key refuses the second).
-- job_bookmark is a JSON object keyed by source node id. Deleted with their job.
CREATE TABLE job_bookmarks (
  job_name        TEXT NOT NULL,
  version         INTEGER NOT NULL,
  run             INTEGER NOT NULL,
  attempt         INTEGER NOT NULL,
  previous_run_id TEXT,
  run_id          TEXT,
  job_bookmark    TEXT    NOT NULL,
  PRIMARY KEY (job_name, version)
);

CREATE INDEX job_bookmarks_by_run ON job_bookmarks (job_name, run_id);
