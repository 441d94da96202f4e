"""Review reminders: `remind on|off|status`, the status other views show, and the scheduler
that sends each person at most one direct message a day when reviews are due."""
