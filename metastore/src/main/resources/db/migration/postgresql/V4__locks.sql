-- Hive's lock manager: locks and transactions (lock, check_lock, open_txns ...). Forward-only:
-- never edit a migration once it has landed. Times are epoch milliseconds.

-- The last lock and transaction ids handed out. Every store transaction that reads locks to decide
-- on a change first locks this row (SELECT ... FOR UPDATE here; SQLite has one writer anyway), so
-- lock decisions are serialized across all server replicas and each one sees the outcome of the
-- one before it.
CREATE TABLE lock_manager (
  id                  INTEGER PRIMARY KEY CHECK (id = 1),
  last_lock_id        BIGINT  NOT NULL,
  last_transaction_id BIGINT  NOT NULL
);

INSERT INTO lock_manager (id, last_lock_id, last_transaction_id) VALUES (1, 0, 0);

-- state is OPEN, COMMITTED or ABORTED; ended transactions stay so a late commit learns their fate.
CREATE TABLE transactions (
  id             BIGINT PRIMARY KEY,
  state          TEXT   NOT NULL,
  user_name      TEXT   NOT NULL,
  host_name      TEXT   NOT NULL,
  agent_info     TEXT,
  started_time   BIGINT NOT NULL,
  last_heartbeat BIGINT NOT NULL
);

CREATE INDEX transactions_by_state ON transactions (state, id);

-- A lock is acquired or waiting as a whole; transaction_id 0 means it belongs to none.
CREATE TABLE locks (
  id             BIGINT PRIMARY KEY,
  transaction_id BIGINT NOT NULL,
  state          TEXT   NOT NULL,
  user_name      TEXT   NOT NULL,
  host_name      TEXT   NOT NULL,
  agent_info     TEXT,
  last_heartbeat BIGINT NOT NULL,
  acquired_at    BIGINT
);

CREATE INDEX locks_by_transaction ON locks (transaction_id);

-- The objects a lock covers: a database (table_name null), a table (partition_name null) or a
-- partition.
CREATE TABLE lock_components (
  lock_id        BIGINT  NOT NULL REFERENCES locks (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  lock_type      TEXT    NOT NULL,
  catalog_name   TEXT COLLATE "C" NOT NULL,
  db_name        TEXT COLLATE "C" NOT NULL,
  table_name     TEXT COLLATE "C",
  partition_name TEXT COLLATE "C",
  PRIMARY KEY (lock_id, position)
);
