"""Free-text lookup: which note answers a question, and how sure we are."""
