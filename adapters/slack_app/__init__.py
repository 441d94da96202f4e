"""The Slack front end: `docker-quiz slack` (Socket Mode or HTTP mode), built on slack-bolt."""
