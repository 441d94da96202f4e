"""Fixtures for the Slack tests; the helpers live in slack_harness.py.

Test modules import helpers from `slack_harness`, never from `conftest`: with several
conftest.py files in the tree, `import conftest` may find another folder's module.
"""

from slack_harness import clock, fake, slack, tutor

__all__ = ["clock", "fake", "slack", "tutor"]
