"""One error base for the core; adapters translate it into a friendly line once."""

from __future__ import annotations


class DockerQuizError(Exception):
    """Base of every error the core raises on purpose. `str(exc)` is safe to show a user."""


class PackError(DockerQuizError):
    """A knowledge pack failed validation. Holds every problem found, not just the first."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(f"the knowledge pack has {count} problem{'s' if count != 1 else ''}")


class StoreError(DockerQuizError):
    """The progress store could not do what was asked (unreachable, bad URL, ...)."""


class SettingsError(DockerQuizError):
    """A setting is missing or malformed. The message names the setting, never its value."""
