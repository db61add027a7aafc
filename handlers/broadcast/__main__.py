"""``python -m handlers.broadcast``: one sender worker, configured from KYLABOT_* variables."""

from __future__ import annotations

import asyncio
import sys

from bot.config import ConfigError, load_settings
from bot.features import FEATURES
from bot.logs import setup_logging
from bot.segments import Segments
from handlers.broadcast.worker import run_worker


def main() -> int:
    try:
        settings = load_settings()
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    setup_logging(settings.log_level)
    return asyncio.run(run_worker(settings, Segments.of(FEATURES)))


if __name__ == "__main__":
    sys.exit(main())
