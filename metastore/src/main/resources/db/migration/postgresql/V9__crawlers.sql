-- Glue's custom classifiers, crawlers and their crawls. Forward-only: never edit a migration once it
-- has landed. Times are epoch milliseconds.

-- A custom classifier: kind is GROK, XML, JSON or CSV; definition is its fields as JSON.
CREATE TABLE classifiers (
  name        TEXT COLLATE "C" PRIMARY KEY,
  kind        TEXT    NOT NULL,
  definition  TEXT    NOT NULL,
  create_time BIGINT  NOT NULL,
  update_time BIGINT  NOT NULL,
  version     INTEGER NOT NULL
);

-- A crawler: what the user defined (definition, version) and its run state, each changed by
-- compare-and-swap so that replicas sharing the database agree. state is READY, RUNNING or
-- STOPPING; crawl_id is the crawl it runs while not READY. schedule_state is SCHEDULED or
-- NOT_SCHEDULED; next_run_time is when a scheduled crawler is next due, claimed by moving it on.
CREATE TABLE crawlers (
  name           TEXT COLLATE "C" PRIMARY KEY,
  definition     TEXT    NOT NULL,
  create_time    BIGINT  NOT NULL,
  update_time    BIGINT  NOT NULL,
  version        INTEGER NOT NULL,
  state          TEXT    NOT NULL,
  crawl_id       TEXT,
  schedule_state TEXT    NOT NULL,
  next_run_time  BIGINT
);

CREATE INDEX crawlers_by_next_run ON crawlers (schedule_state, next_run_time);

-- One run of a crawler. state is RUNNING, COMPLETED, STOPPED or FAILED; a RUNNING crawl whose
-- heartbeat_time is stale belongs to a server that died and is marked FAILED by any other.
-- Deleted with their crawler.
CREATE TABLE crawls (
  crawl_id           TEXT COLLATE "C" PRIMARY KEY,
  crawler_name       TEXT COLLATE "C" NOT NULL,
  state              TEXT    NOT NULL,
  start_time         BIGINT  NOT NULL,
  end_time           BIGINT,
  heartbeat_time     BIGINT  NOT NULL,
  tables_created     INTEGER NOT NULL,
  tables_updated     INTEGER NOT NULL,
  tables_deleted     INTEGER NOT NULL,
  partitions_added   INTEGER NOT NULL,
  partitions_updated INTEGER NOT NULL,
  partitions_deleted INTEGER NOT NULL,
  error_message      TEXT
);

CREATE INDEX crawls_by_crawler ON crawls (crawler_name, start_time);
CREATE INDEX crawls_by_state ON crawls (state, heartbeat_time);
