"""The store: where the database is, engines and write transactions, the schema's revisions
(Alembic), opening a database at the expected schema, and SQLite backups and restores."""
