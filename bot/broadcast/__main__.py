"""``python -m bot.broadcast``: one sender worker, configured from KYLABOT_* variables."""

from __future__ import annotations

import asyncio
import os
import sys

from bot.config import ConfigError, load_settings
from bot.logs import setup_logging


def main() -> int:
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    try:
        settings = load_settings()
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    setup_logging(settings.log_level)
    from bot.broadcast.worker import run_worker

    return asyncio.run(run_worker(settings))


if __name__ == "__main__":
    sys.exit(main())
