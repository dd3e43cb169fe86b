-- Glue's ML transforms (FIND_MATCHES) and their task runs. Forward-only: never edit a migration
-- once it has landed. Times are epoch milliseconds.

-- A transform: its definition as JSON and its version, changed by compare-and-swap; and what its
-- task runs made of it (label_count, evaluation_metrics and task_schema as JSON), changed together
-- with its labels and model by compare-and-swap on state_version, so that a task run whose
-- transform changed meanwhile stores nothing.
CREATE TABLE ml_transforms (
  transform_id       TEXT PRIMARY KEY,
  name               TEXT NOT NULL UNIQUE,
  definition         TEXT    NOT NULL,
  create_time        BIGINT  NOT NULL,
  update_time        BIGINT  NOT NULL,
  version            INTEGER NOT NULL,
  state_version      INTEGER NOT NULL,
  label_count        BIGINT  NOT NULL,
  evaluation_metrics TEXT,
  task_schema        TEXT    NOT NULL
);

-- A transform's labels (a CSV file) and model (its directory zipped), in the database so that
-- every replica hands the same ones to its task runs. key_id names the key content is encrypted
-- with (AES-GCM, the nonce first); NULL for plain content. Deleted with their transform.
CREATE TABLE ml_transform_artifacts (
  transform_id TEXT NOT NULL,
  kind         TEXT    NOT NULL,
  key_id       TEXT,
  content      BLOB   NOT NULL,
  PRIMARY KEY (transform_id, kind)
);

-- One task run of a transform. state is STARTING, RUNNING or STOPPING while active, else how it
-- ended; each change is a compare-and-swap on state. An active run whose heartbeat_time is stale
-- belongs to a server that died and is marked FAILED by any other. properties is a JSON object.
-- Deleted with their transform.
CREATE TABLE ml_task_runs (
  task_run_id     TEXT PRIMARY KEY,
  transform_id    TEXT NOT NULL,
  task_type       TEXT    NOT NULL,
  state           TEXT    NOT NULL,
  properties      TEXT    NOT NULL,
  timeout_minutes INTEGER NOT NULL,
  start_time      BIGINT  NOT NULL,
  modified_time   BIGINT  NOT NULL,
  heartbeat_time  BIGINT  NOT NULL,
  end_time        BIGINT,
  error_string    TEXT
);

CREATE INDEX ml_task_runs_by_transform ON ml_task_runs (transform_id, start_time);
CREATE INDEX ml_task_runs_by_state ON ml_task_runs (state, heartbeat_time);
