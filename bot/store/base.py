"""What every part of the store shares: the database handle."""

from __future__ import annotations

from bot.store.db import Database

LEARNER_IDS_KEPT = 100_000


class StoreBase:
    """Holds the `Database`; the store's parts are mixins over it, one module each."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # (workspace, user) -> `learners.id`, as committed. Ids never change once given (no
        # code deletes or renumbers learners), so replicas may each keep their own copy;
        # it saves a round trip per first answer (bot.store.answers).
        self.learner_ids: dict[tuple[str, str], int] = {}
