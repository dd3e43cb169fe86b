-- The Iceberg REST catalog's own state. Forward-only: never edit a migration once it has landed.
--
-- The final response to each request that carried an Idempotency-Key, replayed to retries with the
-- same key until the key's lifetime ends (create_time is epoch milliseconds). Kept in the catalog
-- database so that a retry gets it from any replica and after a restart.
CREATE TABLE iceberg_idempotency_keys (
  idempotency_key TEXT COLLATE "C" PRIMARY KEY,
  request         TEXT    NOT NULL,
  status          INTEGER NOT NULL,
  body            TEXT    NOT NULL,
  create_time     BIGINT  NOT NULL
);

CREATE INDEX iceberg_idempotency_keys_by_time ON iceberg_idempotency_keys (create_time);

-- Metrics reports (scan and commit reports) that engines send about a table, as sent. Named, not
-- referenced by id: a report outlives its table's renames and drops.
CREATE TABLE iceberg_metrics_reports (
  id           BIGSERIAL PRIMARY KEY,
  catalog_name TEXT COLLATE "C" NOT NULL,
  db_name      TEXT COLLATE "C" NOT NULL,
  table_name   TEXT COLLATE "C" NOT NULL,
  report_type  TEXT    NOT NULL,
  report       TEXT    NOT NULL,
  receive_time BIGINT  NOT NULL
);

CREATE INDEX iceberg_metrics_reports_by_table
  ON iceberg_metrics_reports (catalog_name, db_name, table_name, id);
