"""The Discord front end: `/docker-quiz` app commands, answer buttons, mentions, DMs, daily."""
