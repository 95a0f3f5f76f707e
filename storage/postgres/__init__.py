"""PostgreSQL behind the same ports as storage/*.py: one module per concept, same names.

Adding a port method: write it in the module of the same name here, with the same
signature, saying in its docstring how it stays atomic. Adding a migration: append it to
storage/schema.py's MIGRATIONS and its PostgreSQL spelling, at the same position, to
storage/postgres/schema.py's MIGRATIONS (tests/storage/test_migrations.py checks both)."""
