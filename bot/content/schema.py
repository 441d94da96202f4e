"""The content schema of a knowledge pack: what each YAML document may hold.

A pack is a folder of YAML files. Each file is a mapping with any of the keys
``topics``, ``entries``, ``questions``, ``synonyms`` and ``outside``, each a list. Field-level
rules live here; rules that span files (unknown ids, duplicates) live in ``pack.py``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.actions import ID_MAX

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
DIAGRAM_COLUMNS = 60  # a diagram must survive a phone screen

NonEmpty = Field(min_length=1)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Topic(_Strict):
    """One area of the syllabus; every entry and question belongs to one."""

    id: str = Field(pattern=ID_PATTERN, max_length=ID_MAX["topic"])
    title: str = Field(min_length=1)
    section: int = Field(ge=0, le=20, description="section of the source; 0 = introduction")
    summary: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()


class Entry(_Strict):
    """A fact a learner can ask about, with the ways they might ask for it.

    `diagram` is monospace art (at most 60 columns) shown with the answer and never indexed;
    `sources` are the official Docker or AWS documentation pages behind anything the entry
    says beyond the course notes, shown as "Read more".
    """

    id: str = Field(pattern=ID_PATTERN, max_length=ID_MAX["entry"])
    topic: str = Field(pattern=ID_PATTERN, max_length=ID_MAX["topic"])
    title: str = Field(min_length=1)
    answer: str = Field(min_length=1, max_length=400)
    explanation: str = Field(min_length=1)
    phrasings: tuple[str, ...] = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    diagram: str | None = None
    sources: tuple[str, ...] = ()

    @field_validator("diagram")
    @classmethod
    def _diagram_fits(cls, value: str | None) -> str | None:
        if value is None:
            return None
        wide = [line for line in value.splitlines() if len(line) > DIAGRAM_COLUMNS]
        if wide:
            raise ValueError(
                f"diagram lines must be at most {DIAGRAM_COLUMNS} columns: {wide[0]!r}"
            )
        if "```" in value or "\t" in value:
            raise ValueError("a diagram has no ``` (it is shown as a code block) and no tabs")
        return value

    @field_validator("related")
    @classmethod
    def _related_are_ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [item for item in value if not _ID.match(item)]
        if bad:
            raise ValueError(f"related ids must look like 'some-id', got {bad}")
        return value


class Option(_Strict):
    """One answer option; every wrong option says in one line why it is wrong."""

    text: str = Field(min_length=1, max_length=200)
    why_wrong: str | None = None
    aliases: tuple[str, ...] = ()


class Question(_Strict):
    """A quiz question: one correct option (`answer`), or for "multiple_answer" ("choose
    two") several (`answers`), judged all-or-nothing.

    `replaces` names questions merged into this one (progress on them carries over);
    `sources` are official documentation pages behind what goes beyond the notes.
    """

    id: str = Field(pattern=ID_PATTERN, max_length=ID_MAX["question"])
    topic: str = Field(pattern=ID_PATTERN, max_length=ID_MAX["topic"])
    difficulty: Literal["easy", "medium", "hard"]
    kind: Literal["multiple_choice", "true_false", "multiple_answer"] = "multiple_choice"
    scenario: bool = False
    prompt: str = Field(min_length=1)
    options: tuple[Option, ...]
    answer: str | None = Field(default=None, min_length=1)
    answers: tuple[str, ...] = ()
    explanation: str = Field(min_length=1)
    replaces: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _correct_options(self) -> Question:
        texts = [option.text for option in self.options]
        if self.kind == "true_false":
            if sorted(texts) != ["False", "True"]:
                raise ValueError("a true_false question has exactly the options 'True' and 'False'")
        elif not 3 <= len(texts) <= 5:
            raise ValueError(f"a {self.kind} question has 3 to 5 options, got {len(texts)}")
        if len({text.casefold() for text in texts}) != len(texts):
            raise ValueError("options must differ from each other")
        if self.kind == "multiple_answer":
            if self.answer is not None or not 2 <= len(self.answers) < len(texts):
                raise ValueError(
                    "a multiple_answer question lists 2 or more (not all) correct options in "
                    "'answers' and has no 'answer'"
                )
        elif self.answer is None or self.answers:
            raise ValueError(f"a {self.kind} question has one correct option in 'answer'")
        correct = self.correct_texts
        if len(set(correct)) != len(correct):
            raise ValueError("the correct options must differ from each other")
        for text in correct:
            if text not in texts:
                raise ValueError(f"answer {text!r} is not one of the options {texts}")
        for option in self.options:
            if option.text in correct and option.why_wrong:
                raise ValueError(f"the correct option {option.text!r} must not have why_wrong")
            if option.text not in correct and not option.why_wrong:
                raise ValueError(f"wrong option {option.text!r} needs a one-line why_wrong")
        return self

    @property
    def correct_texts(self) -> tuple[str, ...]:
        """The text of every correct option (one, except for multiple_answer)."""
        return self.answers if self.kind == "multiple_answer" else (self.answer or "",)

    @property
    def answer_text(self) -> str:
        """The correct option's text; several are joined with " and "."""
        return " and ".join(self.correct_texts)

    @property
    def answer_indexes(self) -> tuple[int, ...]:
        """Positions of the correct options, in option order."""
        correct = set(self.correct_texts)
        return tuple(i for i, option in enumerate(self.options) if option.text in correct)

    @property
    def answer_index(self) -> int:
        """Position of the (first) correct option."""
        return self.answer_indexes[0]


class Synonym(_Strict):
    """Words a learner may use for one canonical term (applied to queries and content)."""

    canonical: str = Field(min_length=1)
    variants: tuple[str, ...] = Field(min_length=1)


class Outside(_Strict):
    """A Docker or AWS subject the notes do not teach (Docker Compose, AWS Lambda): a question
    that names it (by one of `names`) is declined unless a reply covers it, and the decline
    says so. `source` is its official documentation page."""

    subject: str = Field(min_length=1)
    names: tuple[str, ...] = Field(min_length=1)
    source: str = Field(min_length=1)


class PackFile(_Strict):
    """The shape of one YAML file in a pack."""

    topics: list[Topic] = []
    entries: list[Entry] = []
    questions: list[Question] = []
    synonyms: list[Synonym] = []
    outside: list[Outside] = []
