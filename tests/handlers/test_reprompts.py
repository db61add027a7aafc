"""A state with its own "ask again" gets it (Flow.reprompts): a sticker where the state expects
something else is explained in that state's words, and nothing stored changes."""

from __future__ import annotations

import pytest

from bot.harness import LocalBot
from handlers.broadcast import texts as bc
from handlers.broadcast.times import TIME_EXAMPLE
from handlers.checkin import conversation as ci
from handlers.phenomena import compose, reading
from handlers.phenomena import coordinator as pc
from handlers.phenomena import follow_up_flow as pf
from handlers.phenomena import report_texts as ph
from handlers.phenomena.categories import CATEGORIES
from storage.models import PhenomenonReport, Role
from tests.broadcast.support import add_contact, bc_bot, coordinator
from tests.checkin.support import import_example, organisation, start_and_invite
from tests.handlers.test_checkin import answers, invitation
from tests.handlers.test_phenomena import begin, choose, quick_report, reports, says, tr
from tests.helpers import has_buttons, make_org, onboard

pytestmark = pytest.mark.e2e
__all__ = ["bc_bot"]


async def test_check_in_comment_and_all_done_ask_their_own_question(local_bot: LocalBot) -> None:
    bot = local_bot
    await import_example(bot)
    org = await organisation(bot, "Sevettijärven kyläyhdistys")
    user = bot.emulator.user(5101, "Aino", language_code="en")
    await onboard(bot, user, org, "en")
    await start_and_invite(bot)
    await user.wait_for_message(invitation)
    t = tr(bot, "en")
    await user.tap("Start")
    await user.wait_for_message(has_buttons)
    await user.tap("Done")
    await user.wait_for_message(has_buttons)  # "Add a comment?"
    await user.send_sticker()
    assert (await user.wait_for_message()).text == t._(ci.WRITE_TEXT)
    await user.tap(t._(ci.SKIP_COMMENT))
    for _ in range(3):  # the other three measures
        await user.wait_for_message(has_buttons)
        await user.tap("Done")
        await user.wait_for_message(has_buttons)
        await user.tap(t._(ci.SKIP_COMMENT))
    await user.wait_for_message(says("Thank you!"))
    await user.send_text("/checkin")
    await user.wait_for_message(says(t._(ci.ALL_ANSWERED).split("%")[0]))
    await user.send_sticker()  # all answered: Go through again / Close is what fits
    again = await user.wait_for_message(lambda m: m.text == t._(ci.USE_BUTTONS))
    assert [[label for label, _ in row] for row in again.buttons] == [
        [t._(ci.REVIEW), t._(ci.CLOSE)]
    ]
    assert len(await answers(bot, user)) == 4


async def test_reply_and_my_reports_ask_their_own_question(local_bot: LocalBot) -> None:
    village = await make_org(local_bot, "Kolarin kyläyhdistys", municipality="Kolari")
    reporter = local_bot.emulator.user(5201, "Anna", language_code="en")
    boss = local_bot.emulator.user(5202, "Outi", language_code="en")
    await onboard(local_bot, reporter, village, "en")
    await onboard(local_bot, boss, village, "en", Role.COORDINATOR)
    await quick_report(local_bot, reporter, "en", text="The bridge is icy.")
    [report] = await reports(local_bot)
    t = tr(local_bot, "en")

    await boss.send_text("/phenomena")
    await boss.wait_for_message(has_buttons)
    await boss.tap(f"{t._(pc.SHOW)} (1)")
    await boss.wait_for_message(says(f"#{report.id}"))
    await boss.tap(t._(reading.OPEN) % {"id": report.id})
    await boss.wait_for_message(lambda m: t._(pc.REPLY) in str(m.buttons))
    await boss.tap(t._(pc.REPLY))
    await boss.wait_for_message(says(t._(pc.ASK_REPLY).split("%")[0]))
    await boss.send_sticker()  # a reply must be text
    await boss.wait_for_message(lambda m: m.text == t._(pc.REPLY_EMPTY))

    await reporter.send_text("/myreports")
    await reporter.wait_for_message(says(t._(pf.LIST_TITLE)))
    await reporter.send_sticker()  # a report is chosen with the buttons first
    await reporter.wait_for_message(lambda m: m.text == t._(pf.CHOOSE_FIRST))


async def test_the_unfinished_draft_is_offered_again(local_bot: LocalBot) -> None:
    org = await make_org(local_bot)
    user = local_bot.emulator.user(5301, "Sam", language_code="en")
    await onboard(local_bot, user, org, "en")
    t = tr(local_bot, "en")
    await begin(local_bot, user, "en")
    await choose(user, t._(CATEGORIES["traffic"]), t._(ph.ASK_TEXT))
    await user.send_text("/menu")
    await user.wait_for_message(has_buttons)
    await user.send_text("/phenomenon")
    offer = await user.wait_for_message(says(t._(ph.RESUME_QUESTION).split("%")[0]))
    await user.send_text("Help, there is a fire!")  # text where Continue / Start over fits
    await user.wait_for_message(lambda m: m.text == "⚠️ " + t._(compose.SAFETY_AGAIN))
    await user.wait_for_message(lambda m: m.text == t._(ph.USE_BUTTONS))
    again = await user.wait_for_message(lambda m: m.text == offer.text)
    assert again.buttons == offer.buttons
    await user.wait_idle(quiet=0.1)
    [draft] = await reports(local_bot)
    assert isinstance(draft, PhenomenonReport) and draft.emergency_words is True


async def test_preview_and_schedule_ask_their_own_question(bc_bot: LocalBot) -> None:
    bot = bc_bot
    org = await make_org(bot, "Sevettijärven kyläyhdistys", municipality="Inari")
    boss = await coordinator(bot, org, "en")
    await add_contact(bot, org, 5401, "fi")
    t = tr(bot, "en")
    await boss.send_text("/broadcast")
    await boss.wait_for_message(says(t._(bc.ASK_TEXT)))
    await boss.send_text("The road is closed on Saturday.")
    await boss.wait_for_message(lambda m: t._(bc.CONTINUE) in str(m.reply_markup))
    await boss.tap(t._(bc.CONTINUE))
    await boss.wait_for_message(has_buttons)
    await boss.tap(t._("Everyone"))
    preview = await boss.wait_for_message(lambda m: t._(bc.SEND_NOW) in str(m.reply_markup))

    await boss.send_sticker()  # in the preview: the preview again, without the message copy
    again = await boss.wait_for_message(lambda m: t._(bc.SEND_NOW) in str(m.reply_markup))
    assert (again.text, again.buttons) == (preview.text, preview.buttons)

    await boss.tap(t._(bc.SCHEDULE))
    schedule = await boss.wait_for_message(says(TIME_EXAMPLE))
    await boss.send_sticker()  # in the schedule step: when should it be sent?
    zone = bot.services.settings.timezone
    asked = t._(bc.ASK_TIME) % {"example": TIME_EXAMPLE, "zone": zone}
    question = await boss.wait_for_message(lambda m: m.text == asked)
    assert question.buttons == schedule.buttons
