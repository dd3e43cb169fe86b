-- User-defined functions (HMS Function, Glue UserDefinedFunction). Forward-only: never edit a
-- migration once it has landed. Names use the "C" collation, as in V1.

CREATE TABLE functions (
  id          BIGSERIAL PRIMARY KEY,
  database_id BIGINT NOT NULL REFERENCES databases (id) ON DELETE CASCADE,
  name        TEXT    COLLATE "C" NOT NULL,
  definition  TEXT    NOT NULL,
  version     BIGINT NOT NULL,
  UNIQUE (database_id, name)
);
