-- User-defined functions (HMS Function, Glue UserDefinedFunction). Forward-only: never edit a
-- migration once it has landed.

CREATE TABLE functions (
  id          INTEGER PRIMARY KEY,
  database_id INTEGER NOT NULL REFERENCES databases (id) ON DELETE CASCADE,
  name        TEXT    NOT NULL,
  definition  TEXT    NOT NULL,
  version     INTEGER NOT NULL,
  UNIQUE (database_id, name)
);
