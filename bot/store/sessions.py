"""Posted questions, what each user was last asked, and which questions a scope has seen."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from bot.store import tables
from bot.store.base import StoreBase
from bot.store.records import Instance

INST = tables.instances.c
KINDS = frozenset({"quiz", "topic", "review", "exam", "daily"})
TOKEN_BYTES = 12  # 96 random bits: 16 URL-safe characters, within bot.actions.REF_MAX
LEGACY_ID_DIGITS = 11  # numeric refs of instances from before tokens (v3)
IN_BATCH = 500  # ids per IN (...) list: well within SQLite's and PostgreSQL's limits


def new_ref() -> str:
    """An unguessable instance reference: 16 characters of [A-Za-z0-9_-], never all digits
    (all-digit refs are the numeric ids of instances posted before refs existed)."""
    while True:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        if not token.isdecimal():
            return token


class SessionsMixin(StoreBase):
    """Question instances, pending questions, no-repeat pools and event de-duplication."""

    def create_instance(
        self,
        *,
        workspace: str,
        question_id: str,
        kind: str,
        now: datetime,
        channel: str | None = None,
        user: str | None = None,
        order: tuple[int, ...] | None = None,
    ) -> Instance:
        """Record that a question was posted (its options shown in `order`, see
        bot.quiz.shuffle); its ref goes into the answer buttons."""
        with self.db.write() as conn:
            return self._insert_instance(
                conn,
                workspace=workspace,
                question_id=question_id,
                kind=kind,
                now=now,
                channel=channel,
                user=user,
                order=order,
            )

    def open_question(
        self,
        *,
        workspace: str,
        user: str,
        question_id: str,
        kind: str,
        now: datetime,
        channel: str | None = None,
        seen_scope: str | None = None,
        restart_pool: bool = False,
        order: tuple[int, ...] | None = None,
    ) -> Instance:
        """Serve a question to a user in one transaction (one disk sync, not four): note it
        as seen in `seen_scope` (emptying that pool first when `restart_pool`), create its
        instance (options shown in `order`), and make it the user's pending question."""
        s = tables.seen.c
        with self.db.write() as conn:
            if seen_scope is not None:
                if restart_pool:
                    conn.execute(
                        sa.delete(tables.seen).where(
                            s.workspace == workspace, s.scope == seen_scope
                        )
                    )
                self._mark_seen(conn, workspace, seen_scope, question_id)
            instance = self._insert_instance(
                conn,
                workspace=workspace,
                question_id=question_id,
                kind=kind,
                now=now,
                channel=channel,
                user=user,
                order=order,
            )
            self._set_pending(conn, workspace, user, instance.id)
            return instance

    def _insert_instance(
        self,
        conn: sa.Connection,
        *,
        workspace: str,
        question_id: str,
        kind: str,
        now: datetime,
        channel: str | None,
        user: str | None,
        order: tuple[int, ...] | None = None,
    ) -> Instance:
        if kind not in KINDS:
            raise ValueError(f"unknown instance kind {kind!r}")
        ref = new_ref()
        new_id = conn.execute(
            sa.insert(tables.instances)
            .values(
                workspace=workspace,
                channel=channel,
                question_id=question_id,
                kind=kind,
                user_id=user,
                created_at=now,
                ref=ref,
                option_order=tables.order_text(order),
            )
            .returning(INST.id)
        ).scalar_one()
        return Instance(
            id=int(new_id),
            workspace=workspace,
            channel=channel,
            question_id=question_id,
            kind=kind,
            user=user,
            created_at=now,
            message_ref=None,
            ref=ref,
            order=order,
        )

    def get_instance(self, *, workspace: str, instance_id: int) -> Instance | None:
        """The instance with this id in this workspace, or None."""
        return self._one_instance(INST.workspace == workspace, INST.id == instance_id)

    def find_instance(self, *, workspace: str, ref: str) -> Instance | None:
        """The instance a button's `ref` names in this workspace, or None: its token, or for
        an instance posted before tokens existed (ref NULL), its numeric id."""
        if ref.isascii() and ref.isdecimal():
            if len(ref) > LEGACY_ID_DIGITS:
                return None
            return self._one_instance(
                INST.workspace == workspace, INST.id == int(ref), INST.ref.is_(None)
            )
        return self._one_instance(INST.workspace == workspace, INST.ref == ref)

    def _one_instance(self, *where: sa.ColumnElement[bool]) -> Instance | None:
        with self.db.read() as conn:
            row = conn.execute(sa.select(tables.instances).where(*where)).one_or_none()
        if row is None:
            return None
        return Instance(
            id=row.id,
            workspace=row.workspace,
            channel=row.channel,
            question_id=row.question_id,
            kind=row.kind,
            user=row.user_id,
            created_at=row.created_at,
            message_ref=row.message_ref,
            ref=row.ref or str(row.id),
            replaced_id=row.replaced_id,
            order=tables.order_of(row.option_order),
        )

    def learns_in(self, *, workspace: str, user: str) -> bool:
        """True when `user` has review cards in `workspace` or was asked a question there (an
        instance posted for them): who may act there from elsewhere (bot.actions `w:`)."""
        cards = tables.review_cards.c
        has_card = sa.exists().where(cards.workspace == workspace, cards.user_id == user)
        was_asked = sa.exists().where(INST.workspace == workspace, INST.user_id == user)
        with self.db.read() as conn:
            return bool(conn.execute(sa.select(sa.or_(has_card, was_asked))).scalar())

    def last_served(
        self, *, workspace: str, user: str, question_ids: Sequence[str]
    ) -> dict[str, datetime]:
        """When this user was last served each of `question_ids` (any kind, any scope);
        questions never served to them are left out."""
        if not question_ids:
            return {}
        latest = sa.func.max(INST.created_at)
        found: dict[str, datetime] = {}
        with self.db.read() as conn:
            for start in range(0, len(question_ids), IN_BATCH):
                batch = list(question_ids[start : start + IN_BATCH])
                rows = conn.execute(
                    sa.select(INST.question_id, latest)
                    .where(
                        INST.workspace == workspace,
                        INST.user_id == user,
                        INST.question_id.in_(batch),
                    )
                    .group_by(INST.question_id)
                )
                found.update({qid: when for qid, when in rows if when is not None})
        return found

    def set_instance_message(self, *, workspace: str, instance_id: int, message_ref: str) -> None:
        """Remember the platform's id of the message that shows this instance."""
        with self.db.write() as conn:
            conn.execute(
                sa.update(tables.instances)
                .where(INST.workspace == workspace, INST.id == instance_id)
                .values(message_ref=message_ref)
            )

    def set_pending(self, *, workspace: str, user: str, instance_id: int | None) -> None:
        """The question a typed answer ("B") from this user refers to; None clears it."""
        p = tables.pending.c
        with self.db.write() as conn:
            if instance_id is None:
                conn.execute(
                    sa.delete(tables.pending).where(p.workspace == workspace, p.user_id == user)
                )
                return
            self._set_pending(conn, workspace, user, instance_id)

    def _set_pending(
        self, conn: sa.Connection, workspace: str, user: str, instance_id: int
    ) -> None:
        self.db.upsert(
            conn,
            tables.pending,
            {"workspace": workspace, "user_id": user, "instance_id": instance_id},
            keys=["workspace", "user_id"],
            update={"instance_id": instance_id},
        )

    def get_pending(self, *, workspace: str, user: str) -> int | None:
        """The instance id this user was last asked, if still open."""
        p = tables.pending.c
        with self.db.read() as conn:
            found = conn.execute(
                sa.select(p.instance_id).where(p.workspace == workspace, p.user_id == user)
            ).scalar()
        return None if found is None else int(found)

    def seen(self, *, workspace: str, scope: str) -> set[str]:
        """Question ids already served in a scope ("user:U1", "channel:C1", ...)."""
        s = tables.seen.c
        with self.db.read() as conn:
            rows = conn.execute(
                sa.select(s.question_id).where(s.workspace == workspace, s.scope == scope)
            )
            return set(rows.scalars())

    def mark_seen(self, *, workspace: str, scope: str, question_id: str) -> None:
        """Note that a question was served in a scope (idempotent)."""
        with self.db.write() as conn:
            self._mark_seen(conn, workspace, scope, question_id)

    def _mark_seen(self, conn: sa.Connection, workspace: str, scope: str, question_id: str) -> None:
        self.db.insert_ignore(
            conn, tables.seen, {"workspace": workspace, "scope": scope, "question_id": question_id}
        )

    def reset_seen(self, *, workspace: str, scope: str) -> None:
        """Start a scope's pool over once every question was served."""
        s = tables.seen.c
        with self.db.write() as conn:
            conn.execute(sa.delete(tables.seen).where(s.workspace == workspace, s.scope == scope))

    def claim_key(self, *, workspace: str, key: str, now: datetime) -> bool:
        """True the first time `key` is claimed in a workspace (drops re-sent events)."""
        return self.claim_keys(workspace=workspace, keys=[key], now=now)[0]

    def claim_keys(self, *, workspace: str, keys: Sequence[str], now: datetime) -> list[bool]:
        """`claim_key` for many keys in one transaction (one disk sync): True for each key
        claimed here for the first time, in order (a key repeated in `keys` only once)."""
        with self.db.write() as conn:
            return [
                self.db.insert_ignore(
                    conn, tables.event_keys, {"workspace": workspace, "key": key, "seen_at": now}
                )
                for key in keys
            ]

    def forget_keys(self, *, before: datetime, workspace: str | None = None) -> int:
        """Drop keys claimed before `before` (housekeeping), in every workspace or in one;
        returns how many."""
        k = tables.event_keys.c
        condition = k.seen_at < before
        if workspace is not None:
            condition = sa.and_(condition, k.workspace == workspace)
        with self.db.write() as conn:
            result = conn.execute(sa.delete(tables.event_keys).where(condition))
            return int(result.rowcount)
