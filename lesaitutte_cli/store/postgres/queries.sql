-- The PostgreSQL engine's queries, each under its name. A section starts with a line
-- `-- name --`, then comment lines that say what the query does, then the query, with its
-- parameters as %(name)s. Python holds no SQL: it asks for a query by name.

-- migrations_table_exists --
-- Whether this database has ever been set up by lesaitutte. Read from the catalog rather
-- than with to_regclass(), which may answer from this session's cache: a command that waited
-- for the migration lock must see the table that another one has just created.
SELECT EXISTS (
    SELECT FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'lesaitutte_migrations'
);

-- tables_in_schema --
-- How many tables the schema we would create ours in already holds (before our first migration).
SELECT count(*) FROM pg_tables WHERE schemaname = current_schema();

-- schema_version --
-- The newest migration applied (0 before the first).
SELECT coalesce(max(version), 0) FROM lesaitutte_migrations;

-- lock_migrations --
-- Held until the transaction ends: two first commands on a new database do not both migrate it.
SELECT pg_advisory_xact_lock(hashtext('lesaitutte_migrations'));

-- create_migrations_table --
-- The record of which migrations this database has had, and when.
CREATE TABLE IF NOT EXISTS lesaitutte_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- record_migration --
-- Note one migration as applied.
INSERT INTO lesaitutte_migrations (version, name) VALUES (%(version)s, %(name)s);

-- listen_for_open_questions --
-- Be told (at commit) of each category where a question became open: asked, released, or
-- back from an expired claim. The payload is the category's id (see 0001_initial.sql).
LISTEN lesaitutte_open_questions;
