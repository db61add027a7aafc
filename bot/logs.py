"""Logging set-up that never shows the bot token.

httpx logs every request URL at INFO, and Bot API URLs contain the token: its logger is raised
to WARNING, and a filter masks anything shaped like a token in every record as a second guard.
"""

from __future__ import annotations

import logging
import re
from typing import TextIO

TOKEN_PATTERN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
MASK = "**********"


def redact(text: str) -> str:
    return TOKEN_PATTERN.sub(MASK, text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def quiet_noisy_loggers() -> None:
    for name in (
        "httpx",
        "httpcore",
        "apscheduler.executors.default",
        "apscheduler.scheduler",  # "Adding job tentatively", once per job at every start
        "aiohttp.access",
    ):
        logging.getLogger(name).setLevel(logging.WARNING)
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        # Alembic logs its plugins and every migration step at INFO: start-up noise unless
        # someone is debugging (seven lines before `run`'s one-line error, issue 12 item 19).
        logging.getLogger("alembic").setLevel(logging.WARNING)


def setup_logging(level: str = "INFO", stream: TextIO | None = None) -> logging.Handler:
    """Configures the root logger once per process; returns its handler."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    quiet_noisy_loggers()
    return handler
