-- Roles, role memberships and privilege grants (Hive's SQL standard authorization model). Kept and
-- answered, not enforced. Forward-only: never edit a migration once it has landed. Times are epoch
-- milliseconds; principal types are USER, GROUP or ROLE. Role and principal names are kept as sent
-- (Hive's metastore compares them case-sensitively); the "C" collation as in V1.

CREATE TABLE roles (
  name        TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  owner_name  TEXT,
  create_time BIGINT  NOT NULL
);

-- Hive's built-in roles: every user belongs to public implicitly; admin holds ALL globally.
INSERT INTO roles (name, owner_name, create_time) VALUES ('admin', 'admin', 0);
INSERT INTO roles (name, owner_name, create_time) VALUES ('public', 'public', 0);

CREATE TABLE role_members (
  role_name      TEXT COLLATE "C" NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
  principal_name TEXT COLLATE "C" NOT NULL,
  principal_type TEXT    NOT NULL,
  grant_option   BOOLEAN NOT NULL,
  grant_time     BIGINT  NOT NULL,
  grantor        TEXT,
  grantor_type   TEXT,
  PRIMARY KEY (role_name, principal_name, principal_type)
);

CREATE INDEX role_members_by_principal ON role_members (principal_name, principal_type);

-- A grant refers to its object by id, so dropping a database, table or partition drops the grants
-- on it and renaming a table or partition keeps them (as in Hive). database_id is set only for
-- database grants; table_id for table, partition and column grants; partition_id for partition
-- grants and partition column grants. object_key names the object for the uniqueness of a grant.
CREATE TABLE privilege_grants (
  id             BIGSERIAL PRIMARY KEY,
  object_type    TEXT    NOT NULL,
  object_key     TEXT    NOT NULL,
  database_id    BIGINT  REFERENCES databases (id) ON DELETE CASCADE,
  table_id       BIGINT  REFERENCES tables (id) ON DELETE CASCADE,
  partition_id   BIGINT  REFERENCES partitions (id) ON DELETE CASCADE,
  column_name    TEXT,
  principal_name TEXT COLLATE "C" NOT NULL,
  principal_type TEXT    NOT NULL,
  privilege      TEXT    NOT NULL,
  create_time    BIGINT  NOT NULL,
  grantor        TEXT,
  grantor_type   TEXT,
  grant_option   BOOLEAN NOT NULL,
  authorizer     TEXT
);

CREATE UNIQUE INDEX privilege_grants_unique ON privilege_grants
  (object_key, principal_type, principal_name, privilege, COALESCE(grantor, ''),
   COALESCE(authorizer, ''));
CREATE INDEX privilege_grants_by_principal ON privilege_grants (principal_name, principal_type);
CREATE INDEX privilege_grants_by_database ON privilege_grants (database_id);
CREATE INDEX privilege_grants_by_table ON privilege_grants (table_id);
CREATE INDEX privilege_grants_by_partition ON privilege_grants (partition_id);

INSERT INTO privilege_grants (object_type, object_key, principal_name, principal_type, privilege,
  create_time, grantor, grantor_type, grant_option, authorizer)
VALUES ('GLOBAL', 'GLOBAL', 'admin', 'ROLE', 'All', 0, 'admin', 'ROLE', TRUE, 'SQL');
