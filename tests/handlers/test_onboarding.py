"""Onboarding end to end over the emulator: invite links, languages, consent."""

from __future__ import annotations

import pytest

from bot.harness import LocalBot
from bot.i18n import LANGUAGES
from storage.models import Contact, Role
from storage.repos.people import contact_by_telegram_id
from tests.helpers import has_buttons, make_invite, make_org, onboard, texts

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("language", LANGUAGES)
async def test_onboarding_in_each_language(local_bot: LocalBot, language: str) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(1001, "Aino", language_code="en")
    await onboard(local_bot, user, org, language)
    tr = local_bot.services.catalogs.get(language)
    welcome = tr._("Welcome, %(name)s! You now answer for %(organisation)s.") % {
        "name": "Aino",
        "organisation": org.name,
    }
    assert welcome in texts(user)
    async with local_bot.services.sessionmaker() as session:
        contact = await contact_by_telegram_id(session, 1001)
    assert contact is not None
    assert contact.language == language
    assert contact.organisation_id == org.id
    assert contact.role is Role.CONTACT
    assert contact.consent_at is not None


@pytest.mark.parametrize("token", ["", "forged-token-123", "x" * 64])
async def test_bad_tokens_reveal_nothing(local_bot: LocalBot, token: str) -> None:
    org = await make_org(local_bot, "Salainen kyläyhdistys")
    user = local_bot.emulator.user(1002, "Eero", language_code="fi")
    await user.send_text(f"/start {token}".strip())
    reply = await user.wait_for_message()
    assert "Salainen" not in (reply.text or "")
    assert not has_buttons(reply)
    async with local_bot.services.sessionmaker() as session:
        assert await contact_by_telegram_id(session, 1002) is None
    assert org.id  # the organisation exists, yet nothing about it was shown


async def test_used_and_expired_invites_get_the_same_answer(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    token = await make_invite(local_bot, org)
    first = local_bot.emulator.user(1003, "Aino", language_code="fi")
    await onboard(local_bot, first, org)  # uses a different token; now reuse `token` twice
    second = local_bot.emulator.user(1004, "Bea", language_code="fi")
    await second.send_text(f"/start {token}")
    await second.wait_for_message(has_buttons)
    await second.tap("Suomi")
    await second.wait_for_message(has_buttons)
    await second.tap(local_bot.services.catalogs.get("fi")._("I agree"))
    await second.wait_idle(quiet=0.2)
    third = local_bot.emulator.user(1005, "Cai", language_code="fi")
    await third.send_text(f"/start {token}")
    used = await third.wait_for_message()
    expired_token = await make_invite(local_bot, org, days=-1)
    fourth = local_bot.emulator.user(1006, "Dan", language_code="fi")
    await fourth.send_text(f"/start {expired_token}")
    expired = await fourth.wait_for_message()
    assert used.text == expired.text
    assert not has_buttons(used)


async def test_declining_consent_stores_nothing_and_keeps_the_link(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    token = await make_invite(local_bot, org)
    user = local_bot.emulator.user(1007, "Aino", language_code="sv")
    await user.send_text(f"/start {token}")
    await user.wait_for_message(has_buttons)
    await user.tap("Svenska")
    await user.wait_for_message(has_buttons)
    await user.tap(local_bot.services.catalogs.get("sv")._("No, thank you"))
    await user.wait_idle(quiet=0.2)
    async with local_bot.services.sessionmaker() as session:
        assert await contact_by_telegram_id(session, 1007) is None
    await user.send_text(f"/start {token}")  # the link still works
    again = await user.wait_for_message(has_buttons)
    assert has_buttons(again)


async def test_configured_admin_onboards_without_invite(local_bot: LocalBot) -> None:
    admin = local_bot.emulator.user(9000, "Outi", language_code="fi")
    await admin.send_text("/start")
    await admin.wait_for_message(has_buttons)
    await admin.tap("Suomi")
    await admin.wait_for_message(has_buttons)
    await admin.tap(local_bot.services.catalogs.get("fi")._("I agree"))
    await admin.wait_idle(quiet=0.2)
    async with local_bot.services.sessionmaker() as session:
        contact = await contact_by_telegram_id(session, 9000)
    assert isinstance(contact, Contact) and contact.role is Role.ADMIN
