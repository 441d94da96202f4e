"""The lookup answers learners' real phrasings and declines what is not in the notes.

The evaluation set in tests/eval/ was written independently of the pack's phrasings and
aliases, so these figures say how the lookup does on questions it has never seen.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex

EVAL = Path(__file__).resolve().parent.parent / "eval"


def _in_scope() -> list[dict[str, object]]:
    return list(yaml.safe_load((EVAL / "in_scope.yaml").read_text(encoding="utf-8"))["questions"])


def _off_topic() -> list[str]:
    return list(yaml.safe_load((EVAL / "off_topic.yaml").read_text(encoding="utf-8"))["questions"])


def test_the_evaluation_set_is_big_enough_and_names_real_entries(pack: KnowledgePack) -> None:
    in_scope, off_topic = _in_scope(), _off_topic()
    assert len(in_scope) >= 150 and len(off_topic) >= 50
    expected = {eid for item in in_scope for eid in item["expect"]}  # type: ignore[attr-defined]
    assert expected <= set(pack.entries)


def test_at_least_95_percent_of_in_scope_questions_get_the_right_entry(index: LookupIndex) -> None:
    misses = []
    items = _in_scope()
    for item in items:
        result = index.search(str(item["q"]))
        got = result.best.entry.id if result.best else None
        if got not in item["expect"]:  # type: ignore[operator]
            misses.append(f"{item['q']!r}: expected {item['expect']}, got {got}")
    accuracy = 1 - len(misses) / len(items)
    assert accuracy >= 0.95, f"{accuracy:.1%} right; misses:\n" + "\n".join(misses)


def test_at_least_95_percent_of_off_topic_questions_are_declined(index: LookupIndex) -> None:
    answered = []
    texts = _off_topic()
    for text in texts:
        result = index.search(text)
        if result.best is not None:
            answered.append(f"{text!r} -> {result.best.entry.id} ({result.best.confidence})")
    declined = 1 - len(answered) / len(texts)
    assert declined >= 0.95, f"{declined:.1%} declined; answered:\n" + "\n".join(answered)


def test_which_service_scans_images_names_ecr_image_scanning(index: LookupIndex) -> None:
    result = index.search("which service scans images?")
    assert result.best is not None
    assert "ECR" in result.best.entry.answer and "scan" in result.best.entry.answer.casefold()


def test_confidence_is_between_zero_and_one(index: LookupIndex) -> None:
    for text in [item["q"] for item in _in_scope()[:50]] + _off_topic()[:20]:
        assert 0.0 <= index.search(str(text)).confidence <= 1.0
