"""Sign-in to the desk: every refusal, and a coordinator let in (handlers/desk/auth.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from starlette.requests import Request

from bot.harness import LocalBot
from handlers.desk import texts
from handlers.desk.auth import Refusal, sign_in
from storage.models import Contact, Role
from tests.desk.support import (
    DESK_URL,
    Clock,
    add_person,
    desk_client,
    init_data,
    signed,
)

pytestmark = pytest.mark.e2e

COORDINATOR, CONTACT, STRANGER = 501, 502, 503


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def bot(database_url: str, clock: Clock) -> AsyncIterator[LocalBot]:
    async with LocalBot(database_url, clock=clock, desk_url=DESK_URL) as started:
        yield started


def said(bot: LocalBot, language: str, text: str) -> str:
    return bot.services.catalogs.get(language, "desk")._(text)


async def test_a_coordinator_is_let_in_in_their_own_language(bot: LocalBot) -> None:
    await add_person(bot, COORDINATOR, Role.COORDINATOR, language="sv")
    async with desk_client(bot) as client:
        answer = await client.get("/desk/page/rounds", headers=signed(init_data(bot, COORDINATOR)))
    assert answer.status_code == 200
    assert answer.headers["content-language"] == "sv"
    assert answer.headers["cache-control"] == "no-store"
    assert "set-cookie" not in answer.headers
    assert "Inga omgångar ännu." in answer.text


@pytest.mark.parametrize(
    ("who", "language", "status", "text"),
    [
        ("stranger", "fi", 403, texts.NOT_ALLOWED),
        ("contact", "se", 403, texts.NOT_ALLOWED),
        ("forgotten", "en", 403, texts.NOT_ALLOWED),
    ],
)
async def test_only_coordinators_get_in(
    bot: LocalBot, who: str, language: str, status: int, text: str
) -> None:
    if who == "contact":
        await add_person(bot, CONTACT, Role.CONTACT, language="se")
    if who == "forgotten":
        await add_person(bot, None, Role.COORDINATOR, language=None)  # /forget cleared the id
    user = {"stranger": STRANGER, "contact": CONTACT, "forgotten": COORDINATOR}[who]
    async with desk_client(bot) as client:
        answer = await client.get(
            "/desk/page/rounds", headers=signed(init_data(bot, user, language))
        )
    assert (answer.status_code, answer.text) == (status, said(bot, language, text))
    assert answer.headers["content-language"] == language


async def test_a_wrong_hash_is_refused(bot: LocalBot) -> None:
    await add_person(bot, COORDINATOR, Role.COORDINATOR)
    forged = init_data(bot, COORDINATOR, token="654321:ANOTHER-BOT")
    tampered = init_data(bot, COORDINATOR).replace("Kaisa", "Mallory")
    async with desk_client(bot) as client:
        for data in (forged, tampered):
            answer = await client.get("/desk/page/rounds", headers=signed(data))
            assert (answer.status_code, answer.text) == (
                401,
                said(bot, "en", texts.BAD_SIGN_IN),
            )


async def test_a_missing_or_empty_header_is_refused_in_the_browsers_language(
    bot: LocalBot,
) -> None:
    async with desk_client(bot) as client:
        missing = await client.get("/desk/page/rounds", headers={"Accept-Language": "sv-FI"})
        empty = await client.get("/desk/page/rounds", headers={"Authorization": "tma "})
        garbage = await client.get("/desk/page/rounds", headers={"Authorization": "tma %%%"})
    assert (missing.status_code, missing.text) == (401, said(bot, "sv", texts.NO_SIGN_IN))
    assert (empty.status_code, empty.text) == (401, said(bot, "fi", texts.NO_SIGN_IN))
    assert (garbage.status_code, garbage.text) == (401, said(bot, "fi", texts.BAD_SIGN_IN))


async def test_initdata_older_than_the_setting_is_refused(bot: LocalBot, clock: Clock) -> None:
    await add_person(bot, COORDINATOR, Role.COORDINATOR)
    opened = clock.now
    data = init_data(bot, COORDINATOR, at=opened)
    async with desk_client(bot) as client:
        clock.now = opened + timedelta(seconds=bot.settings.desk_max_age)
        at_limit = await client.get("/desk/page/rounds", headers=signed(data))
        clock.now = opened + timedelta(seconds=bot.settings.desk_max_age + 1)
        too_old = await client.get("/desk/page/rounds", headers=signed(data))
    assert at_limit.status_code == 200
    assert (too_old.status_code, too_old.text) == (401, said(bot, "en", texts.TOO_OLD))


async def test_initdata_from_the_future_is_refused(bot: LocalBot, clock: Clock) -> None:
    await add_person(bot, COORDINATOR, Role.COORDINATOR)
    async with desk_client(bot) as client:
        skewed = await client.get(
            "/desk/page/rounds",
            headers=signed(init_data(bot, COORDINATOR, at=clock.now + timedelta(seconds=60))),
        )
        future = await client.get(
            "/desk/page/rounds",
            headers=signed(init_data(bot, COORDINATOR, at=clock.now + timedelta(seconds=61))),
        )
    assert skewed.status_code == 200
    assert (future.status_code, future.text) == (401, said(bot, "en", texts.BAD_SIGN_IN))


def _request(data: str) -> Request:
    header = f"tma {data}".encode()
    return Request({"type": "http", "method": "POST", "headers": [(b"authorization", header)]})


async def test_an_action_needs_initdata_younger_than_ten_minutes(
    bot: LocalBot, clock: Clock
) -> None:
    await add_person(bot, COORDINATOR, Role.COORDINATOR, language="fi")
    opened = clock.now
    data = init_data(bot, COORDINATOR, at=opened)
    async with bot.services.write() as session:
        clock.now = opened + timedelta(minutes=10)
        viewer = await sign_in(_request(data), bot.services, session, action=True)
        assert (viewer.role, viewer.language) == (Role.COORDINATOR, "fi")
        clock.now = opened + timedelta(minutes=10, seconds=1)
        reading = await sign_in(_request(data), bot.services, session)
        assert reading.telegram_user_id == COORDINATOR
        with pytest.raises(Refusal) as refused:
            await sign_in(_request(data), bot.services, session, action=True)
    assert (refused.value.status, refused.value.text) == (
        403,
        said(bot, "fi", texts.ACTION_TOO_OLD),
    )


async def test_a_role_lost_since_opening_is_refused_at_once(bot: LocalBot) -> None:
    contact_id = await add_person(bot, COORDINATOR, Role.COORDINATOR)
    data = init_data(bot, COORDINATOR)
    async with desk_client(bot) as client:
        before = await client.get("/desk/page/rounds", headers=signed(data))
        async with bot.services.write() as session:
            contact = await session.get(Contact, contact_id)
            assert contact is not None
            contact.role = Role.CONTACT
        after = await client.get("/desk/page/rounds", headers=signed(data))
    assert (before.status_code, after.status_code) == (200, 403)
