-- The notification log: every committed catalog change, in commit order, for consumers that follow
-- changes through the Hive Metastore notification API. Forward-only: never edit a migration once it
-- has landed.

-- The last event id handed out. Each writing transaction increments it in the transaction that
-- records the change, so the row lock (PostgreSQL) or the single writer (SQLite) makes ids follow
-- commit order: a reader never sees event N+1 before N has committed, ids have no gaps from rolled
-- back changes, and ids are never reused even if old events are deleted.
CREATE TABLE notification_sequence (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  last_event_id INTEGER  NOT NULL
);

INSERT INTO notification_sequence (id, last_event_id) VALUES (1, 0);

-- event_time is epoch milliseconds; message is JSON in message_format. Consumers read by event_id
-- (the primary key); counts per database use the second index.
CREATE TABLE notification_log (
  event_id       INTEGER PRIMARY KEY,
  event_time     INTEGER  NOT NULL,
  event_type     TEXT    NOT NULL,
  catalog_name   TEXT NOT NULL,
  db_name        TEXT NOT NULL,
  table_name     TEXT,
  message        TEXT    NOT NULL,
  message_format TEXT    NOT NULL
);

CREATE INDEX notification_log_by_database ON notification_log (catalog_name, db_name, event_id);
