-- Glue's jobs, job runs and triggers. Forward-only: never edit a migration once it has landed.
-- Times are epoch milliseconds.

-- A job: its definition as JSON (arguments, limits, the job graph kept verbatim) and its version,
-- changed by compare-and-swap.
CREATE TABLE jobs (
  name        TEXT COLLATE "C" PRIMARY KEY,
  definition  TEXT    NOT NULL,
  create_time BIGINT  NOT NULL,
  update_time BIGINT  NOT NULL,
  version     INTEGER NOT NULL
);

-- One run of a job. state is STARTING, RUNNING or STOPPING while active, else how it ended; each
-- change is a compare-and-swap on state. An active run whose heartbeat_time is stale belongs to a
-- server that died and is marked FAILED by any other. arguments is a JSON object. Deleted with
-- their job.
CREATE TABLE job_runs (
  run_id          TEXT COLLATE "C" PRIMARY KEY,
  job_name        TEXT COLLATE "C" NOT NULL,
  attempt         INTEGER NOT NULL,
  previous_run_id TEXT,
  trigger_name    TEXT,
  state           TEXT    NOT NULL,
  arguments       TEXT    NOT NULL,
  timeout_minutes INTEGER NOT NULL,
  start_time      BIGINT  NOT NULL,
  modified_time   BIGINT  NOT NULL,
  heartbeat_time  BIGINT  NOT NULL,
  end_time        BIGINT,
  error_message   TEXT
);

CREATE INDEX job_runs_by_job ON job_runs (job_name, start_time);
CREATE INDEX job_runs_by_state ON job_runs (state, heartbeat_time);

-- A trigger: its definition as JSON and version; its state (CREATED, ACTIVATED, DEACTIVATED) and,
-- for an activated SCHEDULED trigger, next_run_time, claimed by moving it on. type is kept as a
-- column so that conditional triggers are found without reading every definition.
CREATE TABLE triggers (
  name          TEXT COLLATE "C" PRIMARY KEY,
  type          TEXT    NOT NULL,
  definition    TEXT    NOT NULL,
  version       INTEGER NOT NULL,
  state         TEXT    NOT NULL,
  next_run_time BIGINT
);

CREATE INDEX triggers_by_next_run ON triggers (state, next_run_time);
