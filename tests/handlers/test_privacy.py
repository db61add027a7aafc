"""/privacy, /mydata and /forget end to end."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.features import FEATURES
from bot.harness import LocalBot
from handlers.privacy import conversation as privacy
from storage.models import AuditEvent, Contact
from storage.repos.people import contact_by_telegram_id
from tests.helpers import has_buttons, make_org, onboard

pytestmark = pytest.mark.e2e


async def test_mydata_sends_own_data_as_json(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(2001, "Aino", language_code="fi")
    await onboard(local_bot, user, org, "se")
    await user.send_text("/mydata")
    document = await user.wait_for_message(lambda m: m.kind == "document")
    assert document.file_name == "kylabot-mydata.json"
    assert document.file_bytes is not None
    data = json.loads(document.file_bytes.decode("utf-8"))
    assert data["contact"]["telegram_user_id"] == 2001
    assert data["contact"]["language"] == "se"
    assert data["organisation"]["name"] == org.name
    assert document.caption == local_bot.services.catalogs.get("se")._(
        "This is everything kylabot stores about you."
    )


async def test_forget_erases_identity_after_confirmation(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(2002, "Eero", language_code="fi")
    await onboard(local_bot, user, org, "fi")
    tr = local_bot.services.catalogs.get("fi")
    await user.send_text("/forget")
    await user.wait_for_message(has_buttons)
    await user.tap(tr._(privacy.CANCEL))
    await user.wait_idle(quiet=0.2)
    async with local_bot.services.sessionmaker() as session:
        assert await contact_by_telegram_id(session, 2002) is not None

    await user.send_text("/forget")
    await user.wait_for_message(has_buttons)
    await user.tap(tr._("Yes, erase"))
    await user.wait_idle(quiet=0.2)
    async with local_bot.services.sessionmaker() as session:
        assert await contact_by_telegram_id(session, 2002) is None
        forgotten = (await session.scalars(select(Contact))).one()
        assert forgotten.display_name is None and forgotten.forgotten_at is not None
        assert forgotten.organisation_id == org.id  # answers stay with the organisation
        actions = set(await session.scalars(select(AuditEvent.action)))
        assert "contact.forgotten" in actions

    await user.send_text("/mydata")  # a forgotten person is a stranger again
    reply = await user.wait_for_message()
    assert reply.text == tr._(
        "This bot serves the Lapland safety and wellbeing network. To join, open the invite "
        "link your coordinator sent you."
    )


async def test_privacy_notice_is_shown_without_registration(local_bot: LocalBot) -> None:
    user = local_bot.emulator.user(2003, "Stranger", language_code="sv")
    await user.send_text("/privacy")
    reply = await user.wait_for_message()
    assert reply.text == local_bot.services.catalogs.get("sv")._(
        "Privacy notice\n\n"
        "What is stored: your Telegram user id, first name, language and organisation, and the "
        "answers and reports you send.\n"
        "Who sees it: the coordinators of the Lapland safety and wellbeing network. Reports show "
        "your organisation; your name only if you allow it.\n"
        "Why: to follow up the regional safety and wellbeing plan.\n"
        "How long: your identity until you leave (/forget); your organisation's answers for the "
        "plan period and five years after it.\n"
        "You can see your data with /mydata and erase your identity with /forget. "
        "/stop pauses all messages from the bot."
    )


async def test_mydata_has_every_section_of_every_feature(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(2077, "Aila", language_code="fi")
    await onboard(local_bot, user, org, "fi")
    await user.send_text("/mydata")
    document = await user.wait_for_message(lambda m: m.kind == "document")
    assert document.file_bytes is not None
    data = json.loads(document.file_bytes.decode("utf-8"))
    expected = [s.key for f in FEATURES for s in f.parts().data_sections]
    assert list(data) == expected
    assert len(expected) == len(set(expected))
