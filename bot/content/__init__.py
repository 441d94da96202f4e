"""Content: the pack schema, the loader that validates it, and topic matching."""
