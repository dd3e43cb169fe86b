-- Glue's workflows and their runs. Forward-only: never edit a migration once it has landed. Times
-- are epoch milliseconds.

-- A workflow: its definition as JSON (description, default run properties, MaxConcurrentRuns) and
-- its version, changed by compare-and-swap.
CREATE TABLE workflows (
  name        TEXT    PRIMARY KEY,
  definition  TEXT    NOT NULL,
  create_time BIGINT  NOT NULL,
  update_time BIGINT  NOT NULL,
  version     INTEGER NOT NULL
);

-- The workflow a trigger belongs to; NULL for a trigger of no workflow. Kept as a column so that a
-- workflow's triggers are found without reading every definition.
ALTER TABLE triggers ADD COLUMN workflow_name TEXT;

CREATE INDEX triggers_by_workflow ON triggers (workflow_name);

-- One run of a workflow. state is RUNNING or STOPPING while active, else COMPLETED, STOPPED or
-- ERROR; each change is a compare-and-swap on state. properties is a JSON object of the run's
-- properties, changed by compare-and-swap on properties_version. Deleted with their workflow.
CREATE TABLE workflow_runs (
  run_id             TEXT    PRIMARY KEY,
  workflow_name      TEXT    NOT NULL,
  state              TEXT    NOT NULL,
  properties         TEXT    NOT NULL,
  properties_version INTEGER NOT NULL,
  start_time         BIGINT  NOT NULL,
  end_time           BIGINT,
  error_message      TEXT
);

CREATE INDEX workflow_runs_by_workflow ON workflow_runs (workflow_name, start_time);
CREATE INDEX workflow_runs_by_state ON workflow_runs (state);

-- One job or crawler a trigger started in a workflow run: a trigger fires once per run, claimed by
-- inserting its actions (position 0 first). action_run_id is the job run or crawl id, NULL until
-- it has started; start_error says why it could not start. Deleted with their run.
CREATE TABLE workflow_run_actions (
  workflow_run_id TEXT    NOT NULL,
  trigger_name    TEXT    NOT NULL,
  position        INTEGER NOT NULL,
  job_name        TEXT,
  crawler_name    TEXT,
  action_run_id   TEXT,
  start_error     TEXT,
  fire_time       BIGINT  NOT NULL,
  PRIMARY KEY (workflow_run_id, trigger_name, position)
);

CREATE INDEX workflow_run_actions_by_action ON workflow_run_actions (action_run_id);
