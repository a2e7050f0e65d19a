"""The schema revision this code expects, known without importing Alembic.

Checking the revision happens on every command, so it must stay cheap; a test asserts this
constant equals the head of the migration scripts.
"""

SCHEMA_HEAD = "20261202_0006"
