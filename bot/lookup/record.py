"""`ask` as data: the lookup result of one question as a JSON-ready dict (`ask --json`)."""

from __future__ import annotations

import math
from typing import Any

from bot.lookup.index import LookupIndex


def ask_record(index: LookupIndex, question: str) -> dict[str, Any]:
    """One question's reply with the keys scripts rely on.

    `kind` is "answer", "comparison" (drawn from one comparison entry or composed from two),
    "declined", "ambiguous" or "language" (not in English). `id` and `answer` are the main
    entry's (None when not answering); `ids` lists every entry the reply draws on, main
    first, and `entries` gives each of them (id, title, answer, explanation, topic), so a
    comparison composed from two entries carries both sides; `odd_one_out` names the option
    that does not belong for a "which is NOT" question; `suggestions` are listed best first;
    `untaught` names what a declined question asks about that the notes do not teach, each
    with its official page.
    """
    result = index.search(question)
    best = result.best.entry if result.best else None
    return {
        "question": question,
        "kind": result.kind,
        "matched": result.matched,
        "id": best.id if best else None,
        "ids": list(result.ids),
        "entries": [
            {
                "id": m.entry.id,
                "title": m.entry.title,
                "answer": m.entry.answer,
                "explanation": m.entry.explanation,
                "topic": m.entry.topic,
            }
            for m in result.matches
        ],
        "answer": best.answer if best else None,
        "explanation": best.explanation if best else None,
        "topic": best.topic if best else None,
        "confidence": shown(result.confidence),
        "ambiguous": result.ambiguous,
        "odd_one_out": result.odd_one_out,
        "also": [m.entry.id for m in result.also],
        "suggestions": [
            {"id": m.entry.id, "title": m.entry.title, "confidence": shown(m.confidence)}
            for m in result.suggestions
        ],
        "untaught": [{"subject": subject, "source": url} for subject, url in result.untaught],
    }


def shown(confidence: float) -> float:
    """A confidence to three places, rounded down: a reply declined at 0.8996 must not read
    0.9, the threshold it missed."""
    return math.floor(confidence * 1000) / 1000
