"""Issue 12 item 8: every step has a way out; /cancel works in every flow."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.harness import LocalBot
from bot.router import NOT_REGISTERED
from handlers.checkin.conversation import NO_OPEN_ROUND
from handlers.menu import conversation as menu
from handlers.onboarding.conversation import CHOOSE_LANGUAGE
from handlers.phenomena.report_texts import ASK_CATEGORY
from storage.models import Conversation
from tests.helpers import has_buttons, make_invite, make_org, onboard

pytestmark = pytest.mark.e2e


async def flow_of(bot: LocalBot, chat_id: int) -> str | None:
    async with bot.services.sessionmaker() as session:
        row = await session.scalar(select(Conversation).where(Conversation.chat_id == chat_id))
    assert row is not None
    return row.flow


async def test_cancel_command_leaves_the_phenomenon_flow(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(8101, "Aino", language_code="fi")
    await onboard(local_bot, user, org, "fi")
    tr = local_bot.services.catalogs.get("fi")
    await user.send_text("/phenomenon")
    await user.wait_for_message(lambda m: m.text == tr._(ASK_CATEGORY))
    mark = user.mark()
    await user.send_text("/cancel")
    await user.wait_for_message(has_buttons, after=mark)
    await user.wait_idle(quiet=0.2)
    said = [m.text for m in user.messages[-2:]]
    assert said == [tr._(menu.CANCELLED), tr._(menu.MENU_TITLE)]
    assert await flow_of(local_bot, 8101) is None


@pytest.mark.parametrize(
    ("command", "question", "language"),
    [("/phenomenon", ASK_CATEGORY, "fi"), ("/language", CHOOSE_LANGUAGE, "sv")],
    ids=["category list", "language choice"],
)
async def test_choice_lists_have_a_cancel_button(
    local_bot: LocalBot, command: str, question: str, language: str
) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(8102, "Eero", language_code="fi")
    await onboard(local_bot, user, org, language)
    tr = local_bot.services.catalogs.get(language)
    await user.send_text(command)
    asked = await user.wait_for_message(lambda m: m.text == tr._(question))
    assert asked.buttons[-1][0][0] == tr.pgettext("button", "Cancel")
    await user.tap(tr.pgettext("button", "Cancel"))
    await user.wait_for_message(lambda m: m.text == tr._(menu.MENU_TITLE))
    assert await flow_of(local_bot, 8102) is None


async def test_no_open_checkin_offers_the_menu(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(8104, "Outi", language_code="fi")
    await onboard(local_bot, user, org, "en")
    tr = local_bot.services.catalogs.get("en")
    await user.send_text("/checkin")
    reply = await user.wait_for_message(lambda m: m.text == tr._(NO_OPEN_ROUND))
    assert has_buttons(reply)


async def test_help_before_joining_says_how_to_join(local_bot: LocalBot) -> None:
    user = local_bot.emulator.user(8105, "Stranger", language_code="en")
    await user.send_text("/help")
    reply = await user.wait_for_message()
    assert reply.text == local_bot.services.catalogs.get("en")._(NOT_REGISTERED)


async def test_cancel_outside_any_flow_is_not_unknown(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(8106, "Inga", language_code="fi")
    await onboard(local_bot, user, org, "en")
    mark = user.mark()
    await user.send_text("/cancel")
    reply = await user.wait_for_message(after=mark)
    assert reply.text == local_bot.services.catalogs.get("en")._(menu.MENU_TITLE)
    assert has_buttons(reply)


async def test_cancel_during_onboarding_says_how_to_join(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(8107, "Uula", language_code="en")
    token = await make_invite(local_bot, org)
    await user.send_text(f"/start {token}")
    await user.wait_for_message(has_buttons)
    mark = user.mark()
    await user.send_text("/cancel")
    await user.wait_for_message(after=mark)
    await user.wait_idle(quiet=0.2)
    tr = local_bot.services.catalogs.get("en")
    assert [m.text for m in user.messages[-2:]] == [tr._(menu.CANCELLED), tr._(NOT_REGISTERED)]
    assert await flow_of(local_bot, 8107) is None
