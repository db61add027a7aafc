"""kylabot's engine: application wiring, the router and flows, the outbox, the CLI, the emulator."""

import os

# The one process-wide option, set wherever the product runs (every entry point imports ``bot``):
# python-telegram-bot 22 deprecates integer durations, and opting in to timedeltas keeps
# RetryAfter and friends free of deprecation warnings (errors under the test settings).
os.environ.setdefault("PTB_TIMEDELTA", "true")
