"""The Store: one object the tutor talks to, assembled from one mixin per concern."""

from __future__ import annotations

import sqlalchemy as sa

from bot.errors import StoreError
from bot.store.answers import AnswersMixin
from bot.store.daily import DailyMixin
from bot.store.db import Database
from bot.store.engine import create_engine
from bot.store.items import ItemsMixin
from bot.store.learning import LearningMixin
from bot.store.migrations import migrate
from bot.store.reminders import RemindersMixin
from bot.store.reports import ReportsMixin
from bot.store.sessions import SessionsMixin
from bot.store.successions import SuccessionsMixin


class Store(
    SessionsMixin,
    AnswersMixin,
    LearningMixin,
    DailyMixin,
    SuccessionsMixin,
    ReportsMixin,
    ItemsMixin,
    RemindersMixin,
):
    """Everything the bot remembers, scoped by workspace, on SQLite or PostgreSQL.

    All methods are synchronous (adapters call the core from a worker thread), take
    keyword arguments, and take times as aware UTC datetimes from the caller's clock.
    Database failures surface as `bot.errors.StoreError`.
    """

    @classmethod
    def from_url(cls, url: str) -> Store:
        """Open the database at `url` and bring its schema up to date."""
        db = Database(create_engine(url))
        try:
            migrate(db.engine)
        except sa.exc.SQLAlchemyError as exc:
            db.dispose()
            raise StoreError("could not open or prepare the progress database") from exc
        except BaseException:  # e.g. a schema newer than this release: no connection kept
            db.dispose()
            raise
        return cls(db)

    def close(self) -> None:
        """Release the database connections."""
        self.db.dispose()

    def ping(self) -> None:
        """Raise StoreError unless the database answers (for health checks)."""
        with self.db.read() as conn:
            conn.execute(sa.text("SELECT 1"))
