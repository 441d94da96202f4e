"""Quiz questions: the pure engine, serving and judging on the store, and their wording."""
