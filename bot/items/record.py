"""Item analysis as data: the JSON document and CSV rows `docker-quiz items` prints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.actions import MAX_OPTIONS
from bot.items.analysis import MIN_ATTEMPTS, TOO_EASY, TOO_HARD, ItemStats
from bot.quiz.typed import LETTERS

CSV_COLUMNS = (
    "question",
    "topic",
    "attempts",
    "share_right",
    "discrimination",
    *(f"chosen_{LETTERS[i].lower()}" for i in range(MAX_OPTIONS)),
    "correct_options",
    "open_reports",
    "flags",
)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def item_record(item: ItemStats) -> dict[str, Any]:
    """One question's statistics as a JSON object."""
    return {
        "question": item.question_id,
        "topic": item.topic,
        "attempts": item.attempts,
        "share_right": _rounded(item.share_right),
        "discrimination": _rounded(item.discrimination),
        "options": [
            {"key": o.key, "text": o.text, "correct": o.correct, "chosen": o.chosen}
            for o in item.options
        ],
        "open_reports": item.open_reports,
        "flags": [flag.label for flag in item.flags],
    }


def document(items: Sequence[ItemStats], *, workspace: str | None) -> dict[str, Any]:
    """The whole analysis: scope, the flag thresholds, and every question."""
    return {
        "workspace": workspace,
        "counting": "first attempt of each learner (user in a workspace) per question",
        "thresholds": {
            "min_attempts": MIN_ATTEMPTS,
            "too_easy_above": TOO_EASY,
            "too_hard_below": TOO_HARD,
        },
        "items": [item_record(item) for item in items],
    }


def csv_row(item: ItemStats) -> dict[str, str | int | float]:
    """One question as a CSV row (CSV_COLUMNS); empty cells where there is no value."""
    chosen = {f"chosen_{o.key.lower()}": o.chosen for o in item.options}
    row: dict[str, str | int | float] = {
        "question": item.question_id,
        "topic": item.topic,
        "attempts": item.attempts,
        "share_right": "" if item.share_right is None else round(item.share_right, 4),
        "discrimination": "" if item.discrimination is None else round(item.discrimination, 4),
        "correct_options": "".join(o.key for o in item.options if o.correct),
        "open_reports": item.open_reports,
        "flags": " ".join(flag.label for flag in item.flags),
    }
    for i in range(MAX_OPTIONS):
        row[f"chosen_{LETTERS[i].lower()}"] = chosen.get(f"chosen_{LETTERS[i].lower()}", "")
    return row
