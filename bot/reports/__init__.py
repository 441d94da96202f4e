"""'Report a problem': learners flag a question from its feedback; admins list and close."""
