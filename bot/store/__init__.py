"""Persistence: the Store and the plain records it returns."""

from bot.store.records import (
    DailyConfig,
    DailyPost,
    DailySchedule,
    ExamState,
    Instance,
    ItemCounts,
    QuestionReport,
    Recorded,
    Reminder,
    ReminderSchedule,
    ReminderSend,
    ReviewCard,
    Tally,
)
from bot.store.store import Store

__all__ = [
    "DailyConfig",
    "DailyPost",
    "DailySchedule",
    "ExamState",
    "Instance",
    "ItemCounts",
    "QuestionReport",
    "Recorded",
    "Reminder",
    "ReminderSchedule",
    "ReminderSend",
    "ReviewCard",
    "Store",
    "Tally",
]
