"""The content schema of a knowledge pack: what each YAML document may hold.

A pack is a folder of YAML files. Each file is a mapping with any of the keys
``topics``, ``entries``, ``questions`` and ``synonyms``, each a list. Field-level
rules live here; rules that span files (unknown ids, duplicates) live in ``pack.py``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)

NonEmpty = Field(min_length=1)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Topic(_Strict):
    """One area of the syllabus; every entry and question belongs to one."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    section: int = Field(ge=0, le=20, description="section of the source; 0 = introduction")
    summary: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()


class Entry(_Strict):
    """A fact a learner can ask about, with the ways they might ask for it."""

    id: str = Field(pattern=ID_PATTERN)
    topic: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    answer: str = Field(min_length=1, max_length=400)
    explanation: str = Field(min_length=1)
    phrasings: tuple[str, ...] = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

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
    """A quiz question with exactly one correct option."""

    id: str = Field(pattern=ID_PATTERN)
    topic: str = Field(pattern=ID_PATTERN)
    difficulty: Literal["easy", "medium", "hard"]
    kind: Literal["multiple_choice", "true_false"] = "multiple_choice"
    scenario: bool = False
    prompt: str = Field(min_length=1)
    options: tuple[Option, ...]
    answer: str = Field(min_length=1)
    explanation: str = Field(min_length=1)

    @model_validator(mode="after")
    def _one_correct_option(self) -> Question:
        texts = [option.text for option in self.options]
        if self.kind == "true_false":
            if sorted(texts) != ["False", "True"]:
                raise ValueError("a true_false question has exactly the options 'True' and 'False'")
        elif not 3 <= len(texts) <= 5:
            raise ValueError(f"a multiple_choice question has 3 to 5 options, got {len(texts)}")
        if len({text.casefold() for text in texts}) != len(texts):
            raise ValueError("options must differ from each other")
        if self.answer not in texts:
            raise ValueError(f"answer {self.answer!r} is not one of the options {texts}")
        for option in self.options:
            if option.text == self.answer and option.why_wrong:
                raise ValueError(f"the correct option {option.text!r} must not have why_wrong")
            if option.text != self.answer and not option.why_wrong:
                raise ValueError(f"wrong option {option.text!r} needs a one-line why_wrong")
        return self

    @property
    def answer_index(self) -> int:
        """Position of the correct option."""
        return [option.text for option in self.options].index(self.answer)


class Synonym(_Strict):
    """Words a learner may use for one canonical term (applied to queries and content)."""

    canonical: str = Field(min_length=1)
    variants: tuple[str, ...] = Field(min_length=1)


class PackFile(_Strict):
    """The shape of one YAML file in a pack."""

    topics: list[Topic] = []
    entries: list[Entry] = []
    questions: list[Question] = []
    synonyms: list[Synonym] = []
