"""Fixtures for the store tests; they live in store_harness.py.

Test modules import helpers from `store_harness`, never from `conftest`: with several
conftest.py files in the tree, `import conftest` may find another folder's module.
"""

from store_harness import clock, store

__all__ = ["clock", "store"]
