-- Cairn catalog schema, SQLite dialect. Forward-only: never edit a migration once it has landed.
-- Definitions are JSON documents of the domain records; the columns beside them are what the
-- store looks rows up by, orders by, filters on or compares and swaps.

CREATE TABLE catalogs (
  name        TEXT    NOT NULL PRIMARY KEY,
  description TEXT,
  location    TEXT,
  create_time INTEGER NOT NULL
);

CREATE TABLE databases (
  id           INTEGER PRIMARY KEY,
  catalog_name TEXT    NOT NULL REFERENCES catalogs (name),
  name         TEXT    NOT NULL,
  definition   TEXT    NOT NULL,
  version      INTEGER NOT NULL,
  UNIQUE (catalog_name, name)
);

CREATE TABLE tables (
  id          INTEGER PRIMARY KEY,
  database_id INTEGER NOT NULL REFERENCES databases (id) ON DELETE CASCADE,
  name        TEXT    NOT NULL,
  table_type  TEXT,
  definition  TEXT    NOT NULL,
  version     INTEGER NOT NULL,
  UNIQUE (database_id, name)
);

-- Every version of a table, the current one included (Glue's GetTableVersions lists it too).
CREATE TABLE table_versions (
  table_id   INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  version_id INTEGER NOT NULL,
  definition TEXT    NOT NULL,
  PRIMARY KEY (table_id, version_id)
);

-- Partition columns are nearly always shared by all partitions of a table; keep each list once.
CREATE TABLE column_sets (
  id      INTEGER PRIMARY KEY,
  hash    TEXT NOT NULL UNIQUE,
  columns TEXT NOT NULL
);

CREATE TABLE partitions (
  id               INTEGER PRIMARY KEY,
  table_id         INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  name             TEXT    NOT NULL,
  partition_values TEXT    NOT NULL,
  column_set_id    INTEGER REFERENCES column_sets (id),
  definition       TEXT    NOT NULL,
  version          INTEGER NOT NULL,
  UNIQUE (table_id, name)
);

-- One row per partition and key, so that filters run in the database on typed values.
CREATE TABLE partition_key_values (
  partition_id INTEGER NOT NULL REFERENCES partitions (id) ON DELETE CASCADE,
  table_id     INTEGER NOT NULL,
  position     INTEGER NOT NULL,
  string_value TEXT,
  number_value NUMERIC,
  PRIMARY KEY (partition_id, position)
) WITHOUT ROWID;

CREATE INDEX partition_key_values_by_string ON partition_key_values (table_id, position, string_value);
CREATE INDEX partition_key_values_by_number ON partition_key_values (table_id, position, number_value);

CREATE TABLE table_column_statistics (
  table_id    INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  column_name TEXT    NOT NULL,
  definition  TEXT    NOT NULL,
  PRIMARY KEY (table_id, column_name)
);

CREATE TABLE partition_column_statistics (
  partition_id INTEGER NOT NULL REFERENCES partitions (id) ON DELETE CASCADE,
  column_name  TEXT    NOT NULL,
  definition   TEXT    NOT NULL,
  PRIMARY KEY (partition_id, column_name)
);

CREATE TABLE partition_indexes (
  table_id   INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  name       TEXT    NOT NULL,
  keys       TEXT    NOT NULL,
  status     TEXT    NOT NULL,
  PRIMARY KEY (table_id, name)
);

CREATE TABLE tags (
  resource_arn TEXT NOT NULL,
  tag_key      TEXT NOT NULL,
  tag_value    TEXT NOT NULL,
  PRIMARY KEY (resource_arn, tag_key)
);
