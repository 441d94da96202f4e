"""Front ends: terminal, Slack, Discord. They translate; the core decides."""
