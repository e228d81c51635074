"""The PostgreSQL engine: the community in a PostgreSQL database, through psycopg 3.

Imported only when --db is a postgresql:// URL, so the file engine never pays for psycopg.
All SQL lives beside this code: the schema as numbered migrations (migrations/), the
queries under their names (queries.sql).
"""
