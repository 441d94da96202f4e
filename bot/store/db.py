"""The store's handle on the database: transactions, errors and the portable upserts."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from bot.errors import StoreError


class Database:
    """An engine plus the few helpers every part of the store shares."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        # SQLite has one writer at a time. Threads of this process queue for it here and are
        # woken the moment it is free; left to SQLite's busy handler they would poll in
        # sleeps of up to 100 ms. Other processes on the same file still use busy_timeout.
        self._one_writer = (
            threading.RLock() if self.dialect == "sqlite" else contextlib.nullcontext()
        )

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """A transaction that will write: committed on success, rolled back on error."""
        with self._one_writer, self._errors(), self.engine.connect() as conn:
            conn.execution_options(sqlite_immediate=True)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        """A read-only transaction (one consistent snapshot)."""
        with self._errors(), self.engine.connect() as conn, conn.begin():
            yield conn

    def insert_ignore(
        self, conn: sa.Connection, table: sa.Table, values: Mapping[str, Any]
    ) -> bool:
        """Insert a row unless its key exists; True when this call inserted it."""
        stmt = self._insert(table).values(**values).on_conflict_do_nothing()
        # RETURNING, not rowcount: some drivers report -1 for a conflict-aware insert.
        return conn.execute(stmt.returning(sa.literal(1))).first() is not None

    def upsert(
        self,
        conn: sa.Connection,
        table: sa.Table,
        values: Mapping[str, Any],
        *,
        keys: Sequence[str],
        update: Mapping[str, Any],
    ) -> None:
        """Insert a row, or on a key conflict apply `update` (column -> value or expression)."""
        stmt = self._insert(table).values(**values)
        conn.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=dict(update)))

    def upsert_returning(
        self,
        conn: sa.Connection,
        table: sa.Table,
        values: Mapping[str, Any],
        *,
        keys: Sequence[str],
        update: Mapping[str, Any],
        column: sa.Column[Any],
    ) -> Any:
        """`upsert`, returning `column` of the row inserted or updated: one round trip."""
        stmt = self._insert(table).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_=dict(update))
        return conn.execute(stmt.returning(column)).scalar_one()

    def insert_then(
        self, conn: sa.Connection, table: sa.Table, values: Mapping[str, Any], then: sa.Update
    ) -> None:
        """Insert a row unless its key exists and, only if it was inserted, run `then` (an
        UPDATE of another table): one round trip on PostgreSQL (a data-modifying CTE), two
        statements on SQLite (in-process, no round trip to save)."""
        stmt = self._insert(table).values(**values).on_conflict_do_nothing()
        if self.dialect == "postgresql":
            inserted = stmt.returning(sa.literal(1).label("one")).cte("inserted")
            conn.execute(then.where(sa.exists(sa.select(inserted.c.one))).add_cte(inserted))
        elif conn.execute(stmt.returning(sa.literal(1))).first() is not None:
            conn.execute(then)

    def excluded(self, table: sa.Table, column: str) -> sa.ColumnElement[Any]:
        """The value the conflicting insert tried to write (for `upsert` updates)."""
        value: sa.ColumnElement[Any] = self._insert(table).excluded[column]
        return value

    def insert_statement(self, table: sa.Table) -> Any:
        """This dialect's INSERT for `table`, which has `on_conflict_do_nothing/update`."""
        return self._insert(table)

    def _insert(self, table: sa.Table) -> Any:
        dialect = postgresql if self.dialect == "postgresql" else sqlite
        return dialect.insert(table)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
            raise StoreError("the progress database is not answering; try again soon") from exc
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError("the progress database refused that change") from exc

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
