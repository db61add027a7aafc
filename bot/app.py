"""The one place the application is wired: handlers, services, start-up and shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot import journal, maintenance
from bot.chat_order import PerChatUpdateProcessor
from bot.commands import publish_default_commands
from bot.config import Settings
from bot.feature import Feature, Parts, check_unique
from bot.features import FEATURES
from bot.i18n import Catalogs
from bot.logs import quiet_noisy_loggers
from bot.ops import leader, metrics
from bot.outbox.sender import Sender
from bot.outbox.types import SenderOptions
from bot.polling import Poller
from bot.router import Router
from bot.segments import Segments
from bot.services import Services
from handlers.menu import conversation as menu
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.types import utcnow

log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def build_router(features: tuple[Feature, ...] = FEATURES) -> Router:
    return _build_router(features, [feature.parts() for feature in features])


def _build_router(features: tuple[Feature, ...], parts: list[Parts]) -> Router:
    check_unique(features, parts)
    return Router(
        # a flow looks its texts up first in the catalog of the feature it belongs to
        flows=[
            replace(build(), domain=feature.domain)
            for feature, part in zip(features, parts, strict=True)
            for build in part.flows
        ],
        global_routes=[menu.cancel_route()],
        idle=menu.idle,
        fallbacks=menu.cancel_fallbacks(),
        on_role_change=menu.publish_menus,
    )


def _services(
    settings: Settings,
    parts: list[Parts],
    router: Router,
    clock: Callable[[], datetime] = utcnow,
) -> Services:
    """The process's services without its sender and scheduler (``post_init`` adds those)."""
    engine = create_engine(settings.database_url)
    return Services(
        settings=settings,
        engine=engine,
        sessionmaker=create_sessionmaker(engine),
        catalogs=Catalogs(),
        router=router,
        clock=clock,
        data_sections=tuple(section for part in parts for section in part.data_sections),
        segments=Segments(kind for part in parts for kind in part.segments),
        http_routes=tuple(part.http_routes for part in parts if part.http_routes),
        update_lock=asyncio.Lock() if settings.is_sqlite else None,
        worker_services=worker_services,
    )


def worker_services(settings: Settings) -> Services:
    """The services of a worker process that only reads (the desk's page workers): the same
    catalogs, segments and database as the bot's, no sender, no scheduler, no updates. Named at
    module level, so a process pool passes it to its workers by reference."""
    parts = [feature.parts() for feature in FEATURES]
    return _services(settings, parts, _build_router(FEATURES, parts))


def build_application(
    settings: Settings,
    *,
    clock: Callable[[], datetime] = utcnow,
    migrate: bool = True,
    publish_commands: bool = True,
    features: tuple[Feature, ...] = FEATURES,
) -> AnyApplication:
    """Builds the application; the database and workers are opened in ``post_init``."""
    quiet_noisy_loggers()
    parts = [feature.parts() for feature in features]
    router = _build_router(features, parts)

    async def post_init(application: AnyApplication) -> None:
        services = _services(settings, parts, router, clock)
        if migrate:
            await upgrade(services.engine)
        application.bot_data["services"] = services
        ticks = [
            tick
            for part in parts
            if part.sender_ticks is not None
            for tick in part.sender_ticks(services)
        ]
        services.sender = Sender(
            services.sessionmaker,
            settings,
            clock=clock,
            options=SenderOptions.from_settings(settings),
            write_lock=services.update_lock,
            ticks=ticks,
        )
        metrics.install(services)
        services.scheduler = AsyncIOScheduler(timezone=settings.zone)
        maintenance.register(services)
        if publish_commands:
            await publish_default_commands(application.bot, router, services.catalogs)

        async def start_jobs() -> None:
            for part in parts:
                if part.on_start is not None:
                    await part.on_start(services)

        # On PostgreSQL only one process of several runs the scheduler (bot.ops.leader).
        await leader.lead(services, start_jobs)
        services.sender.start()  # resumes whatever a previous run left in the outbox

    async def post_shutdown(application: AnyApplication) -> None:
        services: Services | None = application.bot_data.get("services")
        if services is None:
            return
        await leader.resign(services)
        if services.scheduler is not None and services.scheduler.running:
            services.scheduler.shutdown(wait=False)
        await services.finish_background()  # e.g. report files being drawn: queued, then sent
        for part in reversed(parts):
            if part.on_stop is not None:
                await part.on_stop(services)
        if services.sender is not None:
            await services.sender.stop()
        await services.engine.dispose()

    application = (
        ApplicationBuilder()
        .token(settings.require_token())
        .base_url(f"{settings.api_url}/bot")
        .base_file_url(f"{settings.api_url}/file/bot")
        .concurrent_updates(PerChatUpdateProcessor())
        .updater(None)  # bot.polling confirms updates only once they are stored
        .job_queue(None)  # one scheduler: services.scheduler
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.add_handler(TypeHandler(Update, router.handle))
    # After the router, in a later group: the update is no longer in flight (bot.journal).
    application.add_handler(TypeHandler(Update, journal.finished), group=1)
    application.add_error_handler(on_error)
    return application


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs errors raised outside the router (polling, jobs) with their traceback."""
    log.error("unhandled error for update %r", update, exc_info=context.error)


async def start_application(
    application: AnyApplication,
    *,
    long_poll: float = 10.0,
    poll_interval: float = 0.0,
    poll: bool = True,
) -> None:
    """Starts the application and its journaled long polling (see ``bot.polling``).

    ``poll`` False: updates come another way (``bot.ops.webhook``). Telegram serves one
    getUpdates consumer per bot, so of several processes only the scheduler's leader polls.
    """
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    await application.start()
    services: Services = application.bot_data["services"]
    if poll:
        poller = Poller(application, services, timeout=long_poll, poll_interval=poll_interval)
        application.bot_data["poller"] = poller
        leadership = leader.of(services)
        if leadership is None:
            await poller.start()
        else:
            await leadership.add_duty(poller.start, poller.stop)
    await journal.Sweeper(application, services).install()  # in every mode


async def stop_application(application: AnyApplication) -> None:
    poller: Poller | None = application.bot_data.pop("poller", None)
    if poller is not None:
        await poller.stop()
    services: Services | None = application.bot_data.get("services")
    sweeper = services.drop(journal.Sweeper) if services is not None else None
    if sweeper is not None:
        await sweeper.stop()
    if application.running:
        await application.stop()
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
