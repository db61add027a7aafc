"""Measure check-ins: plans, rounds and schedules, reminders, reports, CLI and demo."""
