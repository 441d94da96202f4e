"""The lookup is measured honestly: a frozen blind set, a fixed split, labels beside it, no
test question leaked into the pack, and the figures on the test half and the earlier set.

The blind set (tests/eval/blind/) was written from the notes alone by someone who never saw
the pack or the tests; the lookup is tuned on its dev half only. These tests read the test
half only as aggregates.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.content.pack import KnowledgePack
from bot.lookup import evaluation
from bot.lookup.answering import LookupResult
from bot.lookup.index import LookupIndex
from bot.lookup.retrieval import Match

EVAL = Path(__file__).resolve().parent.parent / "eval"
TRAINING = Path(__file__).resolve().parents[2] / "benchmarks" / "training"
BLIND = EVAL / "blind"
FROZEN = {
    "in_scope.yaml": "8b35d20a1d28a05ec4b6615ee0325a307294eac9f9d17976d8ba8ec66a2c533e",
    "off_topic.yaml": "a70a68814cb55b51c44b5fdd17d44bdf371b88784e5a78841ff2018d7eb836ba",
}
LEAK_RATIO = evaluation.LEAK_RATIO  # a test question this close to a phrasing leaked
LEAK_MIN_WORDS = 4  # single words and acronyms may equal an alias

# Floors under the figures measured when the lookup was last tuned (on dev) and the test
# half read (benchmarks/bench_lookup.py): a change that loses ground fails here. Issue 11
# asks for >= 92% in-scope right, every style >= 80%, >= 95% off-topic declined and >= 97%
# answered precision on the test half; the measured test half (audited labels, `accept` on
# off-topic items, fitted on dev and benchmarks/training/, ANSWER_AT 0.9 chosen from the
# curve cross-validated over dev and training) is 66.7% in-scope right, 100% off-topic
# declined and 96.6% precision (exam stems 33.3%, negation 23.8%), so only the off-topic
# target is met.
TEST_IN_SCOPE = 0.66
TEST_OFF_TOPIC = 0.99
TEST_PRECISION = 0.96
KEPT_IN_SCOPE = 0.89
KEPT_OFF_TOPIC = 0.98
KEPT_PRECISION = 0.98


@pytest.fixture(scope="module")
def blind() -> list[evaluation.Item]:
    return evaluation.load_blind(BLIND)


@pytest.fixture(scope="module")
def test_half(blind: list[evaluation.Item], index: LookupIndex) -> evaluation.Report:
    items = [item for item in blind if item.half == "test"]
    return evaluation.report(items, [index.search(item.q) for item in items])


def test_the_blind_set_is_exactly_as_it_was_frozen() -> None:
    for name, digest in FROZEN.items():
        assert hashlib.sha256((BLIND / name).read_bytes()).hexdigest() == digest, name


def test_the_set_is_big_enough_and_covers_every_style(blind: list[evaluation.Item]) -> None:
    in_scope = [item for item in blind if item.in_scope]
    assert len(in_scope) >= 300
    assert len(blind) - len(in_scope) >= 100
    assert len({item.style for item in in_scope}) >= 10


def test_the_split_is_fixed_and_stratified_by_style() -> None:
    raw = yaml.safe_load((BLIND / "in_scope.yaml").read_text(encoding="utf-8"))
    first, again = evaluation.split(raw), evaluation.split(list(reversed(raw)))
    assert first == again
    per_style: dict[str, Counter[str]] = {}
    for item in raw:
        per_style.setdefault(item["style"], Counter())[first[item["id"]]] += 1
    for style, halves in per_style.items():
        assert abs(halves["dev"] - halves["test"]) <= 1, style


def test_every_in_scope_question_is_labelled_with_entries_of_the_pack(
    blind: list[evaluation.Item], pack: KnowledgePack
) -> None:
    for item in blind:
        if not item.in_scope:
            continue
        named = set(item.expect) | {entry for side in item.sides for entry in side}
        assert named or item.odd, item.id
        assert named <= set(pack.entries), f"{item.id}: {named - set(pack.entries)}"


def test_accepted_entries_of_off_topic_items_are_entries_of_the_pack(
    blind: list[evaluation.Item], pack: KnowledgePack
) -> None:
    accepted = [item for item in blind if item.accept]
    assert accepted and all(not item.in_scope for item in accepted)
    for item in accepted:
        assert set(item.accept) <= set(pack.entries), item.id


def test_an_accepted_answer_is_neither_wrong_nor_a_failed_decline(
    blind: list[evaluation.Item], index: LookupIndex
) -> None:
    item = next(i for i in blind if i.accept)
    entry = index.corpus.docs[index.corpus.by_id[item.accept[0]]].note
    other = next(doc.note for doc in index.corpus.docs if doc.note.id not in item.accept)
    accepted = LookupResult(query=item.q, kind="answer", matches=(Match(entry, 0.9),))
    wrong = LookupResult(query=item.q, kind="answer", matches=(Match(other, 0.9),))
    declined = LookupResult(query=item.q, kind="declined")
    assert item.right(accepted) and item.right(declined) and not item.right(wrong)
    found = evaluation.report([item, item, item], [accepted, declined, wrong])
    assert (found.off_topic.right, found.off_topic.total) == (2, 3)
    assert (found.answered, found.answered_right) == (1, 0)  # only the wrong answer counts


def test_no_test_question_leaked_into_the_pack(
    blind: list[evaluation.Item], pack: KnowledgePack
) -> None:
    asked = [i for i in blind if i.half == "test" and len(i.q.split()) >= LEAK_MIN_WORDS]
    untaught = [name for item in pack.outside for name in item.names]
    leaked = evaluation.memorised(asked, evaluation.surfaces(pack.entries.values()) + untaught)
    assert not leaked, "\n".join(f"{item_id}: {text!r}" for item_id, text in leaked.items())


def test_the_test_half_holds_its_measured_figures(test_half: evaluation.Report) -> None:
    assert test_half.in_scope.share >= TEST_IN_SCOPE
    assert test_half.off_topic.share >= TEST_OFF_TOPIC
    assert test_half.precision >= TEST_PRECISION


def test_the_earlier_set_holds_the_same_figures(index: LookupIndex) -> None:
    items = evaluation.load_kept(EVAL)
    found = evaluation.report(items, [index.search(item.q) for item in items])
    assert found.in_scope.share >= KEPT_IN_SCOPE
    assert found.off_topic.share >= KEPT_OFF_TOPIC
    assert found.precision >= KEPT_PRECISION


def test_the_training_questions_are_apart_from_the_blind_set_and_the_pack(
    blind: list[evaluation.Item], pack: KnowledgePack
) -> None:
    """benchmarks/training/ is fitted on: a question there that is close to a blind-set
    question would let the fit see the test half, and one close to a phrasing would teach the
    fit answers the pack hands out for free. Its labels name real entries."""
    training = evaluation.load_training(TRAINING)
    labels = yaml.safe_load((TRAINING / "labels.yaml").read_text(encoding="utf-8"))
    assert {item.id for item in training} == set(labels)
    for label in labels.values():
        assert set(label) == {"decline"} or (
            set(label) <= {"expect", "sides", "odd"} and {"expect", "sides"} & set(label)
        ), label
        named = {*label.get("expect", ()), *(i for side in label.get("sides", ()) for i in side)}
        assert named <= set(pack.entries), label
    others = [item.q for item in blind] + evaluation.surfaces(pack.entries.values())
    asked = [item for item in training if len(item.q.split()) >= LEAK_MIN_WORDS]
    close = evaluation.memorised(asked, others)
    assert not close, "\n".join(f"{item_id}: {text!r}" for item_id, text in close.items())
