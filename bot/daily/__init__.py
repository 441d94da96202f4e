"""The daily question: its exactly-once scheduler and the `daily` command."""
