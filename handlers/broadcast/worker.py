"""Running the sender on its own: ``python -m handlers.broadcast`` or ``kylabot broadcast worker``.

The bot process runs one sender itself (``bot.app``); this one also drains every other kind
of outbox row and fires scheduled broadcasts. On PostgreSQL more workers
may run as separate processes; rows are claimed with FOR UPDATE SKIP LOCKED, so no message is
sent twice. On SQLite run only the bot's own sender.
"""

from __future__ import annotations

import asyncio
import logging
import signal

from bot.config import Settings
from bot.i18n import Catalogs
from bot.outbox.sender import Sender
from bot.outbox.types import SenderOptions
from bot.segments import Segments
from handlers.broadcast.ticks import BroadcastTicks
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.types import utcnow

log = logging.getLogger(__name__)


async def run_worker(
    settings: Settings, segments: Segments, *, exclusive: bool | None = None
) -> int:
    """Sends until SIGINT or SIGTERM; ``segments`` resolve the audiences of scheduled broadcasts."""
    engine = create_engine(settings.database_url)
    await upgrade(engine)
    overrides = {} if exclusive is None else {"exclusive": exclusive}
    sessionmaker = create_sessionmaker(engine)
    ticks = BroadcastTicks(sessionmaker, settings, Catalogs(), utcnow, segments).ticks()
    sender = Sender(
        sessionmaker,
        settings,
        options=SenderOptions.from_settings(settings, **overrides),
        ticks=ticks,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    task = sender.start()
    log.info("broadcast sender %s running", sender.worker_id)
    print("sender ready", flush=True)
    waiter = asyncio.create_task(stop.wait())
    await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    await sender.stop()
    await engine.dispose()
    return 0
