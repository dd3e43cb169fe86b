-- Hive's lock manager: locks and transactions (lock, check_lock, open_txns ...). Forward-only:
-- never edit a migration once it has landed. Times are epoch milliseconds.

-- The last lock and transaction ids handed out. Every store transaction that reads locks to decide
-- on a change runs as the single writer (BEGIN IMMEDIATE; PostgreSQL locks this row instead), so
-- lock decisions are serialized across all server processes and each one sees the outcome of the
-- one before it.
CREATE TABLE lock_manager (
  id                  INTEGER PRIMARY KEY CHECK (id = 1),
  last_lock_id        INTEGER NOT NULL,
  last_transaction_id INTEGER NOT NULL
);

INSERT INTO lock_manager (id, last_lock_id, last_transaction_id) VALUES (1, 0, 0);

-- state is OPEN, COMMITTED or ABORTED; ended transactions stay so a late commit learns their fate.
CREATE TABLE transactions (
  id             INTEGER PRIMARY KEY,
  state          TEXT   NOT NULL,
  user_name      TEXT   NOT NULL,
  host_name      TEXT   NOT NULL,
  agent_info     TEXT,
  started_time   INTEGER NOT NULL,
  last_heartbeat INTEGER NOT NULL
);

CREATE INDEX transactions_by_state ON transactions (state, id);

-- A lock is acquired or waiting as a whole; transaction_id 0 means it belongs to none.
CREATE TABLE locks (
  id             INTEGER PRIMARY KEY,
  transaction_id INTEGER NOT NULL,
  state          TEXT   NOT NULL,
  user_name      TEXT   NOT NULL,
  host_name      TEXT   NOT NULL,
  agent_info     TEXT,
  last_heartbeat INTEGER NOT NULL,
  acquired_at    INTEGER
);

CREATE INDEX locks_by_transaction ON locks (transaction_id);

-- The objects a lock covers: a database (table_name null), a table (partition_name null) or a
-- partition.
CREATE TABLE lock_components (
  lock_id        INTEGER NOT NULL REFERENCES locks (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  lock_type      TEXT    NOT NULL,
  catalog_name   TEXT NOT NULL,
  db_name        TEXT NOT NULL,
  table_name     TEXT,
  partition_name TEXT,
  PRIMARY KEY (lock_id, position)
);
