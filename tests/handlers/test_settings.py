"""/language, /stop and /resume end to end."""

from __future__ import annotations

import pytest

from bot.harness import LocalBot
from bot.i18n import ENDONYMS
from storage.repos.people import contact_by_telegram_id
from tests.helpers import has_buttons, make_org, onboard

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("language", ["sms", "fi@selko"])
async def test_language_switch_changes_replies_and_commands(
    local_bot: LocalBot, language: str
) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(3001, "Aino", language_code="fi")
    await onboard(local_bot, user, org, "fi")
    await user.send_text("/language")
    await user.wait_for_message(has_buttons)
    await user.tap(local_bot.services.catalogs.language_label(language))
    await user.wait_idle(quiet=0.2)
    tr = local_bot.services.catalogs.get(language)
    assert user.last.text == tr._("From now on I speak %(language)s with you.") % {
        "language": ENDONYMS[language]
    }
    async with local_bot.services.sessionmaker() as session:
        contact = await contact_by_telegram_id(session, 3001)
    assert contact is not None and contact.language == language
    chat_commands = local_bot.emulator.commands_for(scope={"type": "chat", "chat_id": 3001})
    descriptions = {c["command"]: c["description"] for c in chat_commands}
    assert descriptions["language"] == tr._("Change the language")


async def test_stop_and_resume_toggle_opt_out(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(3002, "Eero", language_code="fi")
    await onboard(local_bot, user, org, "en")
    await user.send_text("/stop")
    await user.wait_idle(quiet=0.2)
    async with local_bot.services.sessionmaker() as session:
        contact = await contact_by_telegram_id(session, 3002)
        assert contact is not None and contact.opted_out
    await user.send_text("/resume")
    await user.wait_idle(quiet=0.2)
    async with local_bot.services.sessionmaker() as session:
        contact = await contact_by_telegram_id(session, 3002)
        assert contact is not None and not contact.opted_out


async def test_default_commands_are_published_per_language(local_bot: LocalBot) -> None:
    for code in ("fi", "sv", "se", "en"):
        commands = local_bot.emulator.commands_for(
            scope={"type": "all_private_chats"}, language_code=code
        )
        tr = local_bot.services.catalogs.get(code)
        names = {c["command"]: c["description"] for c in commands}
        assert names["help"] == tr._("What this bot can do")
