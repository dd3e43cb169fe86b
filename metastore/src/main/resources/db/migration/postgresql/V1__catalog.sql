-- Cairn catalog schema, PostgreSQL dialect. Forward-only: never edit a migration once it has landed.
-- Names and partition values use the "C" collation so that they order as in SQLite, byte-wise.
-- Definitions are JSON documents of the domain records; the columns beside them are what the
-- store looks rows up by, orders by, filters on or compares and swaps.

CREATE TABLE catalogs (
  name        TEXT    NOT NULL PRIMARY KEY,
  description TEXT,
  location    TEXT,
  create_time BIGINT  NOT NULL
);

CREATE TABLE databases (
  id           BIGSERIAL PRIMARY KEY,
  catalog_name TEXT    NOT NULL REFERENCES catalogs (name),
  name         TEXT    COLLATE "C" NOT NULL,
  definition   TEXT    NOT NULL,
  version      BIGINT NOT NULL,
  UNIQUE (catalog_name, name)
);

CREATE TABLE tables (
  id          BIGSERIAL PRIMARY KEY,
  database_id BIGINT NOT NULL REFERENCES databases (id) ON DELETE CASCADE,
  name        TEXT    COLLATE "C" NOT NULL,
  table_type  TEXT,
  definition  TEXT    NOT NULL,
  version     BIGINT NOT NULL,
  UNIQUE (database_id, name)
);

-- Every version of a table, the current one included (Glue's GetTableVersions lists it too).
CREATE TABLE table_versions (
  table_id   BIGINT NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  version_id BIGINT NOT NULL,
  definition TEXT    NOT NULL,
  PRIMARY KEY (table_id, version_id)
);

-- Partition columns are nearly always shared by all partitions of a table; keep each list once.
CREATE TABLE column_sets (
  id      BIGSERIAL PRIMARY KEY,
  hash    TEXT NOT NULL UNIQUE,
  columns TEXT NOT NULL
);

CREATE TABLE partitions (
  id               BIGSERIAL PRIMARY KEY,
  table_id         BIGINT NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  name             TEXT    COLLATE "C" NOT NULL,
  partition_values TEXT    NOT NULL,
  column_set_id    BIGINT REFERENCES column_sets (id),
  definition       TEXT    NOT NULL,
  version          BIGINT NOT NULL,
  UNIQUE (table_id, name)
);

-- One row per partition and key, so that filters run in the database on typed values.
CREATE TABLE partition_key_values (
  partition_id BIGINT NOT NULL REFERENCES partitions (id) ON DELETE CASCADE,
  table_id     BIGINT NOT NULL,
  position     INTEGER NOT NULL,
  string_value TEXT COLLATE "C",
  number_value NUMERIC,
  PRIMARY KEY (partition_id, position)
);

CREATE INDEX partition_key_values_by_string ON partition_key_values (table_id, position, string_value);
CREATE INDEX partition_key_values_by_number ON partition_key_values (table_id, position, number_value);

CREATE TABLE table_column_statistics (
  table_id    BIGINT NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  column_name TEXT    NOT NULL,
  definition  TEXT    NOT NULL,
  PRIMARY KEY (table_id, column_name)
);

CREATE TABLE partition_column_statistics (
  partition_id BIGINT NOT NULL REFERENCES partitions (id) ON DELETE CASCADE,
  column_name  TEXT    NOT NULL,
  definition   TEXT    NOT NULL,
  PRIMARY KEY (partition_id, column_name)
);

CREATE TABLE partition_indexes (
  table_id   BIGINT NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
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
