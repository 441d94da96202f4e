"""What every part of the store shares: the database handle."""

from __future__ import annotations

from bot.store.db import Database


class StoreBase:
    """Holds the `Database`; the store's parts are mixins over it, one module each."""

    def __init__(self, db: Database) -> None:
        self.db = db
