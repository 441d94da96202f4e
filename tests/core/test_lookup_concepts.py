"""Synonyms and aliases keep neighbouring concepts apart, so a question lands on its own note.

Synonyms rewrite the learner's words and the notes' words alike, so a variant that belongs to two
concepts ("background": the daemon is a background process, `-d` runs a container in the
background) makes the notes of one answer for the other.
"""

from __future__ import annotations

import pytest

from bot.content.pack import KnowledgePack
from bot.lookup.index import LookupIndex


@pytest.mark.parametrize(
    ("question", "entries"),
    [
        ("which background process on the host does the real work", {"docker-daemon"}),
        # both notes answer with `docker run -d` ("in the background (-d)"); never the daemon
        ("how do I start my container in the background", {"detached-flag", "docker-run-command"}),
        ("is there a shell inside a python image", {"image-os-userland"}),
        ("which container runtime do eks worker nodes run", {"container-runtime-on-aws"}),
    ],
)
def test_a_question_lands_on_its_own_concept(
    index: LookupIndex, question: str, entries: set[str]
) -> None:
    proposal = index.propose(question)  # the entry it ranks first, whatever the threshold
    assert proposal.matches and proposal.matches[0].entry.id in entries


def test_a_shell_is_not_read_as_the_docker_client(index: LookupIndex) -> None:
    assert not set(index.terms("open a shell")) & set(index.terms("docker cli"))


def test_a_background_process_is_not_read_as_detached_mode(index: LookupIndex) -> None:
    assert not set(index.terms("a background process")) & set(index.terms("detached mode"))


def test_docker_engine_is_not_filed_under_container_runtime(pack: KnowledgePack) -> None:
    """Docker Engine uses containerd as its runtime; "container runtime" names that, not it."""
    assert "container runtime" not in pack.entries["docker-engine"].aliases
    assert "container runtime" in pack.entries["container-runtime-on-aws"].aliases
