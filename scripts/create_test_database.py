"""Create the PostgreSQL database TEST_DATABASE_URL names, if it is missing (for .ci/run).

Connects to the server's `postgres` database with the same credentials and runs CREATE
DATABASE when no database of that name exists; does nothing when it does. Prints one line
saying which; exits 2, naming the problem but never the URL, when it cannot.

    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python scripts/create_test_database.py
"""

from __future__ import annotations

import os
import sys

import sqlalchemy as sa
from sqlalchemy.engine import make_url


def ensure(url: str) -> bool:
    """Create the database `url` names unless it exists; True when it was created."""
    target = make_url(url)
    if target.drivername.startswith("postgresql") and "+" not in target.drivername:
        target = target.set(drivername="postgresql+psycopg")
    name = target.database
    if not name:
        raise ValueError("the URL names no database")
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).scalar()
            if exists:
                return False
            quoted = conn.dialect.identifier_preparer.quote_identifier(name)
            conn.execute(sa.text(f"CREATE DATABASE {quoted}"))
            return True
    finally:
        admin.dispose()


def main() -> int:
    """Entry point: reads TEST_DATABASE_URL."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        print("create_test_database: TEST_DATABASE_URL is not set", file=sys.stderr)
        return 2
    try:
        created = ensure(url)
    except (ValueError, sa.exc.SQLAlchemyError) as exc:
        print(f"create_test_database: TEST_DATABASE_URL: {type(exc).__name__}", file=sys.stderr)
        return 2
    name = make_url(url).database
    print(f"test database {name}: {'created' if created else 'already there'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
