"""An action's endpoint (handlers/desk/web.py ``acting``): what it writes, and when nothing.

A test action stands in for the desk's own (each has its own tests): it writes one audit event
and answers one sentence, or declines. The endpoint must write the event only when the action
is carried out, refuse initData older than ten minutes with nothing written, and answer a
declined action with its sentence and nothing written."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette
from starlette.routing import Route

from bot.harness import LocalBot
from bot.services import Services
from handlers.desk import texts
from handlers.desk.auth import Viewer
from handlers.desk.web import Declined, acting
from storage.models import AuditEvent, Role
from storage.repos.audit import Action, record_by
from tests.desk.support import DESK_URL, Clock, add_person, init_data, signed

pytestmark = pytest.mark.e2e

COORDINATOR = 701


async def act(
    form: Mapping[str, str], services: Services, session: AsyncSession, viewer: Viewer
) -> str:
    if form.get("decline"):
        record_by(session, viewer.contact_id, Action.REPLY_SENT, services.now(), via="desk")
        raise Declined("not now")
    record_by(session, viewer.contact_id, Action.REPLY_SENT, services.now(), via="desk")
    return f"done {form.get('n')}"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def bot(database_url: str, clock: Clock) -> AsyncIterator[LocalBot]:
    async with LocalBot(database_url, clock=clock, desk_url=DESK_URL) as started:
        yield started


async def events(bot: LocalBot) -> int:
    async with bot.services.write() as session:
        return int(await session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


async def post(bot: LocalBot, data: str, fields: dict[str, str]) -> httpx.Response:
    app = Starlette(routes=[Route("/act", acting(bot.services, act), methods=["POST"])])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://desk.test") as client:
        return await client.post("/act", data=fields, headers=signed(data))


async def test_an_action_is_carried_out_and_audited(bot: LocalBot) -> None:
    await add_person(bot, COORDINATOR, Role.COORDINATOR, language="sv")
    answer = await post(bot, init_data(bot, COORDINATOR), {"n": "3"})
    assert (answer.status_code, answer.text) == (200, "done 3")
    assert answer.headers["content-language"] == "sv"
    assert await events(bot) == 1


async def test_a_declined_action_writes_nothing(bot: LocalBot) -> None:
    await add_person(bot, COORDINATOR, Role.COORDINATOR)
    answer = await post(bot, init_data(bot, COORDINATOR), {"decline": "1"})
    assert (answer.status_code, answer.text) == (409, "not now")
    assert await events(bot) == 0


async def test_an_action_on_initdata_over_ten_minutes_old_is_refused(
    bot: LocalBot, clock: Clock
) -> None:
    await add_person(bot, COORDINATOR, Role.COORDINATOR, language="fi")
    opened = clock.now
    data = init_data(bot, COORDINATOR, at=opened)
    clock.now = opened + timedelta(minutes=10, seconds=1)
    answer = await post(bot, data, {"n": "1"})
    refusal = bot.services.catalogs.get("fi", "desk")._(texts.ACTION_TOO_OLD)
    assert (answer.status_code, answer.text) == (403, refusal)
    assert await events(bot) == 0
