"""Issue 12 item 12: after /forget or a declined consent no Telegram id of the person remains."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import select

from bot.harness import LocalBot
from handlers.privacy import conversation as privacy
from storage.models import Base, load_all
from tests.helpers import has_buttons, make_invite, make_org, onboard

pytestmark = pytest.mark.e2e

USER_ID = 731_904_562  # distinctive: no other number in the database looks like it


def _mentions(value: Any, needle: str) -> bool:
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, int):
        return str(value) == needle
    if isinstance(value, bytes):
        text = value.decode("utf-8", errors="replace")
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, default=str)
    return re.search(rf"(?<!\d){needle}(?!\d)", text) is not None


async def places_with_id(bot: LocalBot, user_id: int) -> list[str]:
    """Every ``table.column`` holding ``user_id``, as a number or inside text, JSON or bytes."""
    await bot.settle()
    assert bot.services.sender is not None
    await bot.services.sender.drained()
    found: list[str] = []
    load_all()  # every table, not only those of the models this process has used so far
    async with bot.services.sessionmaker() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).mappings():
                found += [
                    f"{table.name}.{column}"
                    for column, value in row.items()
                    if _mentions(value, str(user_id))
                ]
    return sorted(set(found))


async def test_forget_leaves_no_telegram_id(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(USER_ID, "Eero", language_code="fi")
    await onboard(local_bot, user, org, "fi")
    await user.send_text("/mydata")  # a file whose content names the id
    await user.wait_for_message(lambda m: m.kind == "document")
    assert "contact.telegram_user_id" in await places_with_id(local_bot, USER_ID)

    tr = local_bot.services.catalogs.get("fi")
    await user.send_text("/forget")
    await user.wait_for_message(has_buttons)
    await user.tap(tr._(privacy.YES_ERASE))
    done = await user.wait_for_message(lambda m: m.text == tr._(privacy.FORGOTTEN))
    assert done.text == tr._(privacy.FORGOTTEN)
    assert await places_with_id(local_bot, USER_ID) == []

    await user.send_text("/mydata")  # the same person later: a stranger, and answered
    reply = await user.wait_for_message(lambda m: m.text != tr._(privacy.FORGOTTEN))
    assert reply.text == tr._(
        "This bot serves the Lapland safety and wellbeing network. To join, open the invite "
        "link your coordinator sent you."
    )


async def test_declined_consent_leaves_no_telegram_id(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    token = await make_invite(local_bot, org)
    user = local_bot.emulator.user(USER_ID, "Aino", language_code="sv")
    await user.send_text(f"/start {token}")
    await user.wait_for_message(has_buttons)
    await user.tap("Svenska")
    await user.wait_for_message(has_buttons)
    assert await places_with_id(local_bot, USER_ID) != []
    sv = local_bot.services.catalogs.get("sv")
    await user.tap(sv._("No, thank you"))
    declined = sv._(
        "All right. Nothing about you was stored. If you change your mind, open the invite "
        "link again."
    )
    reply = await user.wait_for_message(lambda m: m.text == declined)
    assert reply.text == declined
    assert await places_with_id(local_bot, USER_ID) == []

    await user.send_text(f"/start {token}")  # the link still works
    again = await user.wait_for_message(has_buttons)
    assert has_buttons(again)
