-- Table constraints (Hive's primary keys, foreign keys, unique, not-null, default and check
-- constraints): kept and answered, not enforced. Forward-only: never edit a migration once it has
-- landed. One row per column of a constraint, in key order (position from 1); a table-level check
-- constraint has one row without a column. Names and columns are lower-case.
--
-- A constraint refers to its table, and a foreign key to the table it references, by id: dropping
-- either table drops the constraint (Hive drops every constraint a dropped table takes part in) and
-- renaming a table keeps its constraints.
CREATE TABLE table_constraints (
  id                    INTEGER PRIMARY KEY,
  table_id              INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
  name                  TEXT NOT NULL,
  kind                  TEXT    NOT NULL,
  position              INTEGER NOT NULL,
  column_name           TEXT,
  referenced_table_id   INTEGER REFERENCES tables (id) ON DELETE CASCADE,
  referenced_column     TEXT,
  referenced_constraint TEXT,
  update_rule           INTEGER NOT NULL,
  delete_rule           INTEGER NOT NULL,
  expression            TEXT,
  enable_constraint     INTEGER NOT NULL,
  validate_constraint   INTEGER NOT NULL,
  rely_constraint       INTEGER NOT NULL,
  UNIQUE (table_id, name, position)
);

CREATE INDEX table_constraints_by_referenced_table ON table_constraints (referenced_table_id);
