"""`ask` as data: the lookup result of one question as a JSON-ready dict."""

from __future__ import annotations

from typing import Any

from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex


def ask_record(index: LookupIndex, pack: KnowledgePack, question: str) -> dict[str, Any]:
    """One question's answer (or decline) with the keys scripts rely on."""
    result = index.search(question)
    best = result.best.entry if result.best else None
    topic = pack.topics.get(best.topic) if best else None
    return {
        "question": question,
        "matched": result.matched,
        "id": best.id if best else None,
        "answer": best.answer if best else None,
        "explanation": best.explanation if best else None,
        "topic": topic.id if topic else None,
        "confidence": round(result.confidence, 3),
        "ambiguous": result.ambiguous,
        "suggestions": [
            {"id": m.entry.id, "title": m.entry.title, "confidence": round(m.confidence, 3)}
            for m in result.suggestions
        ],
    }
