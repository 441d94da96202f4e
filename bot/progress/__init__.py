"""A learner's progress: stats, streaks, spaced review, and their commands."""
