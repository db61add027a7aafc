"""The webhook endpoint in process: the secret, the journal, duplicates (issue 11)."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from types import SimpleNamespace

import httpx
import pytest
from sqlalchemy import func, select

from bot.harness import LocalBot
from bot.journal import recover
from bot.ops.http import build_app
from bot.ops.webhook import SECRET_HEADER, path_of, secret_of
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import InboundUpdate
from storage.repos import inbound
from storage.types import utcnow

URL = "https://bot.example.test/hook/telegram"


def _help(update_id: int, chat_id: int) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Aila"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Aila", "language_code": "en"},
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }


async def _journal(bot: LocalBot, update_id: int) -> tuple[int, int]:
    """(rows, handled rows) of ``update_id`` in the inbound journal."""
    async with bot.services.sessionmaker() as session:
        rows = await session.scalar(
            select(func.count())
            .select_from(InboundUpdate)
            .where(InboundUpdate.update_id == update_id)
        )
        handled = await session.scalar(
            select(func.count())
            .select_from(InboundUpdate)
            .where(InboundUpdate.update_id == update_id, InboundUpdate.handled_at.is_not(None))
        )
    return int(rows or 0), int(handled or 0)


@pytest.fixture
async def hook_bot(database_url: str) -> LocalBot:
    async with LocalBot(database_url, webhook_url=URL) as bot:
        yield bot  # type: ignore[misc]


async def test_a_request_without_the_secret_is_refused_and_stores_nothing(
    hook_bot: LocalBot,
) -> None:
    app = build_app(hook_bot.services, hook_bot.application, path_of(hook_bot.settings))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
        missing = await client.post("/hook/telegram", json=_help(500, 7001))
        wrong = await client.post(
            "/hook/telegram", json=_help(500, 7001), headers={SECRET_HEADER: "guess"}
        )
    assert (missing.status_code, wrong.status_code) == (403, 403)
    assert await _journal(hook_bot, 500) == (0, 0)


async def test_an_update_is_stored_answered_and_handled_once_even_when_sent_twice(
    hook_bot: LocalBot,
) -> None:
    user = hook_bot.emulator.user(7002, "Aila", language_code="en")
    app = build_app(hook_bot.services, hook_bot.application, path_of(hook_bot.settings))
    headers = {SECRET_HEADER: secret_of(hook_bot.settings)}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
        first = await client.post("/hook/telegram", json=_help(501, 7002), headers=headers)
        assert first.status_code == 200
        assert (await _journal(hook_bot, 501))[0] == 1  # stored before the 200
        await user.wait_for_message(lambda m: True, timeout=10)
        await hook_bot.settle()
        again = await client.post("/hook/telegram", json=_help(501, 7002), headers=headers)
        await hook_bot.settle()
        metrics = (await client.get("/metrics")).text
    assert again.status_code == 200
    assert await _journal(hook_bot, 501) == (1, 1)
    assert len(user.messages) == 1  # the duplicate was not answered again
    assert 'kylabot_webhook_requests_total{answer="stored"} 1.0' in metrics
    assert 'kylabot_webhook_requests_total{answer="duplicate"} 1.0' in metrics


async def test_not_an_update_is_a_bad_request(hook_bot: LocalBot) -> None:
    app = build_app(hook_bot.services, hook_bot.application, path_of(hook_bot.settings))
    headers = {SECRET_HEADER: secret_of(hook_bot.settings)}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
        response = await client.post("/hook/telegram", content=b"[1, 2]", headers=headers)
    assert response.status_code == 400


async def test_a_sweep_hands_over_an_unhandled_update_once(database_url: str) -> None:
    """Under load (updates queued in a live sibling longer than the sweep's age) the leader
    must not queue the same updates again on every round: what it handed over stays in
    flight until its router has seen it (``bot.journal.finished``)."""
    engine = create_engine(database_url)
    await upgrade(engine)
    sessionmaker = create_sessionmaker(engine)
    then = utcnow() - timedelta(minutes=5)
    payloads = [
        {
            "update_id": 900 + n,
            "message": {
                "message_id": n,
                "date": 0,
                "chat": {"id": 7, "type": "private"},
                "text": "hei",
            },
        }
        for n in range(3)
    ]
    async with sessionmaker() as session, session.begin():
        await inbound.store(session, payloads, then)
    application = SimpleNamespace(bot=None, update_queue=asyncio.Queue(), bot_data={})
    services = SimpleNamespace(sessionmaker=sessionmaker)
    handed: set[int] = set()
    try:
        first = await recover(application, services, utcnow(), handed)  # type: ignore[arg-type]
        again = await recover(application, services, utcnow(), handed)  # type: ignore[arg-type]
        async with sessionmaker() as session, session.begin():
            await inbound.claim(session, 900, utcnow())
        handed.discard(901)  # its router finished without recording it (the database was down)
        later = await recover(application, services, utcnow(), handed)  # type: ignore[arg-type]
    finally:
        await engine.dispose()
    assert (first, again, later) == (3, 0, 1)
    assert application.update_queue.qsize() == 4
    assert handed == {900, 901, 902}
