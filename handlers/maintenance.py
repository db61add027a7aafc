"""Housekeeping jobs: keep the table of handled update ids small.

Telegram redelivers an update only within a short time (its own store keeps updates for 24
hours), so ids older than a week can never come back.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import Application, ContextTypes

from bot.flow import Flow
from bot.services import Services
from storage.models import ProcessedUpdate

KEEP_UPDATE_IDS = timedelta(days=7)
JOB_ID = "maintenance:prune-update-ids"


async def prune_update_ids(session: AsyncSession, now: datetime) -> int:
    """Deletes handled-update records older than ``KEEP_UPDATE_IDS``; returns how many."""
    result = await session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < now - KEEP_UPDATE_IDS)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def _job(context: ContextTypes.DEFAULT_TYPE) -> None:
    services: Services = context.application.bot_data["services"]
    async with services.sessionmaker() as session, session.begin():
        await prune_update_ids(session, services.now())


async def on_start(
    application: Application[Any, Any, Any, Any, Any, Any], services: Services
) -> None:
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            _job, interval=timedelta(hours=6), first=timedelta(minutes=1), name=JOB_ID
        )


def build_flow() -> Flow:
    return Flow(name="maintenance", states={})
