"""The mock exam: its state machine, its flow in conversation, and its wording."""
