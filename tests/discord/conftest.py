"""Fixtures for the Discord tests; the helpers live in discord_harness.py.

Test modules import helpers from `discord_harness`, never from `conftest`: with several
conftest.py files in the tree, `import conftest` may find another folder's module.
"""

from discord_harness import clock, database_path, dc, discord_, fake, tutor

__all__ = ["clock", "database_path", "dc", "discord_", "fake", "tutor"]
