"""docker-quiz: the platform-neutral core."""
