"""Item analysis for whoever maintains the pack: how each question behaves on first attempts."""
