"""Open a database from a URL: SQLite for one process on one machine, PostgreSQL at scale."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from bot.errors import StoreError

BUSY_TIMEOUT_MS = 10_000
# SQLite's page cache per connection (default 2 MB). The pool holds a connection per worker
# thread, and each cache fills up as the database grows with new users, so at the default the
# process's memory kept growing by up to 2 MB per connection. The OS caches the file anyway.
SQLITE_CACHE_KIB = 256


SUPPORTED = "use sqlite:///path/to/file.db or postgresql+psycopg://user:password@host/db"


def create_engine(url: str) -> sa.Engine:
    """An engine for `url`; SQLite gets its folder, WAL, foreign keys and a busy timeout."""
    parsed = database_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite(parsed)
    return sa.create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)


def database_url(url: str) -> sa.URL:
    """`url` parsed into a database URL we support, with its driver installed; connects to
    nothing. Raises StoreError naming DATABASE_URL and the problem, never the value."""
    try:
        parsed = make_url(_with_driver(url.strip()))
    except (ArgumentError, ValueError) as exc:
        raise StoreError(f"DATABASE_URL: not a database URL; {SUPPORTED}") from exc
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise StoreError(f"DATABASE_URL: this kind of database is not supported; {SUPPORTED}")
    if parsed.get_backend_name() == "postgresql":
        if not parsed.database:
            raise StoreError("DATABASE_URL: the PostgreSQL URL names no database")
        try:
            import psycopg  # noqa: F401 - only to know the driver is there
        except ImportError as exc:
            raise StoreError(
                "DATABASE_URL: PostgreSQL needs the postgres extra: "
                "pip install -e '.[postgres]' (in your clone of docker-quiz)"
            ) from exc
    return parsed


def _with_driver(url: str) -> str:
    """Plain `postgres://` or `postgresql://` URLs use psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _sqlite(url: sa.URL) -> sa.Engine:
    memory = url.database in (None, "", ":memory:")
    options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if memory:
        options["poolclass"] = StaticPool  # one shared connection, or each sees its own DB
    else:
        folder = Path(str(url.database)).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot make the folder for the progress file, {folder}: {exc.strerror}; "
                "set DATA_DIR or DATABASE_URL to a writable place"
            ) from None
    engine = sa.create_engine(url, **options)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        # Let SQLAlchemy's "begin" below issue BEGIN, not the driver's implicit one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        if not memory:
            _use_wal(cursor)
            # FULL: a commit that returned is on disk, even across a power cut.
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # Writers take the lock up front so busy_timeout applies, instead of failing with
        # SQLITE_BUSY when a read transaction later tries to upgrade to a write.
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _use_wal(cursor: Any) -> None:
    """Switch the file to WAL once. The switch needs a moment of exclusive access and SQLite
    reports "database is locked" at once (no busy wait) when another connection opens at the
    same instant, so retry briefly; a file already in WAL mode needs no switch."""
    if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    for attempt in range(50):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if attempt == 49:
                raise
            time.sleep(0.02 * (attempt + 1) ** 0.5)
